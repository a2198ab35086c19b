// SPDX-License-Identifier: MIT
// Passwords from the OS keychain and named environment variables (secrets.h), and connection
// strings that carry them to libpq in memory only (pgconninfo.h). Run by CTest through
// tests/with-keyring.sh: a D-Bus session and a GNOME Keyring of the test's own in a temporary
// home, so the real Secret Service API (QtKeychain → libsecret → gnome-keyring-daemon) is used
// and the user's keyring is never touched. PostgreSQL checks log in to the CTest fixture's
// server with the password taken from the keychain only (PGPASSWORD unset, no ~/.pgpass).
#include "check.h"
#include "checkrunner.h"
#include "pgconninfo.h"
#include "secrets.h"

#include "pgfixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Ferry;

namespace {

Check check(const QString &id, CheckKind kind, const QString &target, StringMap expect)
{
    Check c;
    c.id = id;
    c.kind = kind;
    c.target = target;
    c.expect = std::move(expect);
    c.timeoutSeconds = 20;
    return c;
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

    QString m_pgPort, m_pgPassword;

    QString database(const QString &name = QStringLiteral("postgres")) const
    {
        return QStringLiteral("postgresql://ferry@127.0.0.1:%1/%2?sslmode=disable")
            .arg(m_pgPort, name);
    }

    /// `ferry ARGS` with `input` on standard input; exit code, stdout and stderr.
    int ferry(const QStringList &args, const QByteArray &input, QByteArray *out, QByteArray *err)
    {
        QProcess p;
        p.start(QStringLiteral(FERRY_EXE), args);
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000))
            return -1;
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

private slots:
    void initTestCase()
    {
        // Only the keychain may supply passwords here.
        qunsetenv("PGPASSWORD");
        qputenv("PGPASSFILE", "/nonexistent/ferry-test-pgpass");
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "run through CTest (tests/with-keyring.sh starts the D-Bus session)");
        PgFixture fixture;
        QString error;
        QVERIFY2(fixture.read(&error), qPrintable(error));
        m_pgPort = fixture.port;
        m_pgPassword = fixture.password;
    }

    void connectionParametersAreAddedAndQuoted()
    {
        QString error;
        // A URI becomes key='value' pairs; the added value is quoted (PostgreSQL documentation,
        // "Connection Strings": single quotes and backslashes escaped with a backslash).
        const std::string s = withConnectionParameters(
            QStringLiteral("postgresql://app@db.internal:5433/shop?sslmode=verify-full"),
            {{"password", "it's a \\secret"}}, &error);
        QVERIFY2(!s.empty(), qPrintable(error));
        QCOMPARE(QString::fromStdString(s),
                 QStringLiteral("user='app' dbname='shop' host='db.internal' port='5433' "
                                "sslmode='verify-full' password='it\\'s a \\\\secret'"));
        // A parameter given twice: the added one replaces the string's own.
        QCOMPARE(
            QString::fromStdString(withConnectionParameters(
                QStringLiteral("host=a connect_timeout=30"), {{"connect_timeout", "5"}}, &error)),
            QStringLiteral("host='a' connect_timeout='5'"));
        // Malformed: libpq's message, no string.
        QVERIFY(withConnectionParameters(QStringLiteral("host='unterminated"), {}, &error).empty());
        QVERIFY2(error.contains(QStringLiteral("unterminated")), qPrintable(error));
        QVERIFY(withConnectionParameters(QStringLiteral("postgresql://h/d?nosuch=1"), {}, &error)
                    .empty());
        QVERIFY2(error.contains(QStringLiteral("nosuch")), qPrintable(error));
        // No password: the string as written.
        QCOMPARE(withPassword(QStringLiteral("host=a"), QString()), std::string("host=a"));
    }

    void keychainRoundTrip()
    {
        const QString entry = QStringLiteral("ferry-test-roundtrip");
        QCOMPARE(writeKeychainPasswordBlocking(entry, QStringLiteral("first")), QString());
        QCOMPARE(writeKeychainPasswordBlocking(entry, QStringLiteral("sëcond pass")), QString());
        QString password;
        QCOMPARE(readPasswordBlocking({QString(), entry}, &password), QString());
        QCOMPARE(password, QStringLiteral("sëcond pass")); // replaced, not added
        QCOMPARE(deleteKeychainPasswordBlocking(entry), QString());
        const QString error = readPasswordBlocking({QString(), entry}, &password);
        QVERIFY2(error.contains(QStringLiteral("\"ferry-test-roundtrip\"")) &&
                     error.contains(QStringLiteral("not found")),
                 qPrintable(error));
        QVERIFY(password.isEmpty());
        QVERIFY(!writeKeychainPasswordBlocking(QStringLiteral(" "), QStringLiteral("x")).isEmpty());
    }

    void passwordSources()
    {
        QString password = QStringLiteral("stale");
        qputenv("FERRY_TEST_SECRET", "from-env");
        QCOMPARE(readPasswordBlocking({QStringLiteral("FERRY_TEST_SECRET"), QString()}, &password),
                 QString());
        QCOMPARE(password, QStringLiteral("from-env"));
        qunsetenv("FERRY_TEST_SECRET");
        QString error =
            readPasswordBlocking({QStringLiteral("FERRY_TEST_SECRET"), QString()}, &password);
        QCOMPARE(error, QStringLiteral("environment variable FERRY_TEST_SECRET is not set"));
        error = readPasswordBlocking({QStringLiteral("A"), QStringLiteral("B")}, &password);
        QVERIFY2(error.contains(QStringLiteral("keep one")), qPrintable(error));
        QCOMPARE(readPasswordBlocking({}, &password), QString()); // none: libpq's own sources
        QVERIFY(password.isEmpty());

        Check c = check(QStringLiteral("x"), CheckKind::Data, QString(),
                        {{QStringLiteral("password_keychain"), QStringLiteral("src")},
                         {QStringLiteral("target_password_env"), QStringLiteral("DST_PW")}});
        QCOMPARE(passwordSource(c, QString()).keychain, QStringLiteral("src"));
        QVERIFY(passwordSource(c, QString()).env.isEmpty());
        QCOMPARE(passwordSource(c, QStringLiteral("target_")).env, QStringLiteral("DST_PW"));
        QVERIFY(passwordSource(c, QStringLiteral("subscriber_")).isEmpty());
    }

    void checksReadPasswordsFromTheKeychain()
    {
        const QString entry = QStringLiteral("ferry-test-pg");
        QCOMPARE(writeKeychainPasswordBlocking(entry, m_pgPassword), QString());
        const StringMap fromKeychain = {{QStringLiteral("password_keychain"), entry}};

        // Without a password the fixture refuses the login: the keychain is what makes it work.
        QList<CheckResult> r = CheckRunner::runAll(
            {check(QStringLiteral("pg:none"), CheckKind::Postgres, database(), {}),
             check(QStringLiteral("pg:keychain"), CheckKind::Postgres, database(), fromKeychain)});
        QCOMPARE(checkStatusName(r[0].status), QStringLiteral("failed"));
        QVERIFY2(r[1].status == CheckResult::Status::Passed, qPrintable(r[1].message));

        // A data check with both sides' passwords from the keychain: a database against itself.
        StringMap both = fromKeychain;
        both.insert(QStringLiteral("target_database"), database());
        both.insert(QStringLiteral("target_password_keychain"), entry);
        r = CheckRunner::runAll(
            {check(QStringLiteral("data:self"), CheckKind::Data, database(), both)});
        QVERIFY2(r[0].status == CheckResult::Status::Passed, qPrintable(r[0].message));
        // Only the source's password: the target side cannot log in, and says so.
        both.remove(QStringLiteral("target_password_keychain"));
        r = CheckRunner::runAll(
            {check(QStringLiteral("data:half"), CheckKind::Data, database(), both)});
        QVERIFY(r[0].status != CheckResult::Status::Passed);
        QVERIFY2(r[0].message.contains(QStringLiteral("password")), qPrintable(r[0].message));

        // An entry that is not there is an error in the check that names the entry.
        r = CheckRunner::runAll(
            {check(QStringLiteral("pg:absent"), CheckKind::Postgres, database(),
                   {{QStringLiteral("password_keychain"), QStringLiteral("ferry-test-absent")}})});
        QCOMPARE(checkStatusName(r[0].status), QStringLiteral("error"));
        QVERIFY2(r[0].message.contains(QStringLiteral("ferry-test-absent")),
                 qPrintable(r[0].message));

        // A wrong password in the keychain fails the login and is never echoed.
        QCOMPARE(writeKeychainPasswordBlocking(entry, QStringLiteral("wrong-secret-4711")),
                 QString());
        r = CheckRunner::runAll(
            {check(QStringLiteral("pg:wrong"), CheckKind::Postgres, database(), fromKeychain)});
        QCOMPARE(checkStatusName(r[0].status), QStringLiteral("failed"));
        const QByteArray json = QJsonDocument(checkResultToJson(r[0])).toJson();
        QVERIFY(!json.contains("wrong-secret-4711"));
        QCOMPARE(deleteKeychainPasswordBlocking(entry), QString());
    }

    void commandLine()
    {
        QByteArray out, err;
        const QStringList setArgs = {QStringLiteral("secret"), QStringLiteral("set"),
                                     QStringLiteral("ferry-test-cli")};
        QCOMPARE(ferry(setArgs, m_pgPassword.toUtf8() + '\n', &out, &err), 0);
        QVERIFY(!out.contains(m_pgPassword.toUtf8()) && !err.contains(m_pgPassword.toUtf8()));
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("test"),
                        QStringLiteral("ferry-test-cli")},
                       {}, &out, &err),
                 0);
        QVERIFY(!out.contains(m_pgPassword.toUtf8()));
        // Both sides' passwords from the keychain entry: identical databases, exit 0.
        const QStringList compare = {QStringLiteral("compare-data"),
                                     QStringLiteral("--source"),
                                     database(),
                                     QStringLiteral("--target"),
                                     database(),
                                     QStringLiteral("--source-password-keychain"),
                                     QStringLiteral("ferry-test-cli"),
                                     QStringLiteral("--target-password-keychain"),
                                     QStringLiteral("ferry-test-cli"),
                                     QStringLiteral("--format"),
                                     QStringLiteral("json")};
        QCOMPARE(ferry(compare, {}, &out, &err), 0);
        QVERIFY2(QJsonDocument::fromJson(out).object().value(QStringLiteral("identical")).toBool(),
                 out.constData());
        QVERIFY(!out.contains(m_pgPassword.toUtf8()));
        // The entry removed: a located error, exit 2.
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("delete"),
                        QStringLiteral("ferry-test-cli")},
                       {}, &out, &err),
                 0);
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("test"),
                        QStringLiteral("ferry-test-cli")},
                       {}, &out, &err),
                 1);
        QCOMPARE(ferry(compare, {}, &out, &err), 2);
        QVERIFY2(err.contains("source password: keychain entry \"ferry-test-cli\""),
                 err.constData());
        // Bad usage.
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("show"), QStringLiteral("x")}, {},
                       &out, &err),
                 2);
        QCOMPARE(ferry(setArgs, "\n", &out, &err), 2); // an empty password is not stored
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
