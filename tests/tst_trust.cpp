// SPDX-License-Identifier: MIT
// Plans are untrusted until their user trusts them: `ferry check` on a plan from someone else
// must not send a secret to a host the plan names. A fake PostgreSQL server started here
// records every password it receives (it asks for a clear-text one, as a hostile server
// would); the command line runs against it with the secrets in its environment.
#include "plan.h"
#include "planfile.h"
#include "plantrust.h"

#include "ferryprocess.h"

#include <QEventLoop>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtEndian>

using namespace Ferry;

namespace {

/// Speaks just enough of the PostgreSQL protocol (v3, "Message Flow") to be sent a password:
/// declines SSL and GSS encryption, answers a startup message with
/// AuthenticationCleartextPassword, records the PasswordMessage and refuses the login.
class FakePostgres : public QObject
{
public:
    FakePostgres()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, this, [this, s] { serve(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }

    int connections = 0;
    QStringList passwords;

private:
    void serve(QTcpSocket *s)
    {
        QByteArray &buffer = m_buffers[s];
        buffer += s->readAll();
        for (;;) {
            const bool started = m_started.contains(s);
            const int header = started ? 5 : 4; // type byte, then length (which counts itself)
            if (buffer.size() < header)
                return;
            const qint32 length = qFromBigEndian<qint32>(buffer.constData() + header - 4);
            if (length < 4 || buffer.size() < header - 4 + length)
                return;
            const QByteArray message = buffer.left(header - 4 + length);
            buffer.remove(0, message.size());
            if (!started) {
                const qint32 code = qFromBigEndian<qint32>(message.constData() + 4);
                if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest
                    s->write("N");
                    continue;
                }
                m_started.insert(s);
                s->write(QByteArray("R\0\0\0\x08\0\0\0\x03", 9)); // clear-text password, please
            } else if (message[0] == 'p') {
                passwords.append(QString::fromUtf8(message.mid(5).chopped(1)));
                const QByteArray fields = QByteArray("SFATAL\0C28P01\0Mrecorded\0\0", 25);
                QByteArray error("E");
                error += QByteArray(4, '\0');
                qToBigEndian<qint32>(qint32(4 + fields.size()), error.data() + 1);
                s->write(error + fields);
                s->disconnectFromHost();
            }
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QSet<QTcpSocket *> m_started;
};

} // namespace

class TestTrust : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakePostgres m_server;

    /// Runs the ferry binary with `env` added to a clean configuration folder of the test's
    /// own, serving the fake server while it runs; returns its exit code.
    int ferry(const QStringList &args, const QMap<QString, QString> &env, QString *output)
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(QStringLiteral("PGPASSWORD"));
        e.insert(QStringLiteral("PGPASSFILE"), m_dir.filePath(QStringLiteral("no-pgpass")));
        e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            e.insert(it.key(), it.value());
        QByteArray out;
        const int code = runFerryServing(args, e, &out);
        *output = QString::fromUtf8(out);
        return code;
    }

    QString planWith(const QString &name, const StringMap &expect)
    {
        Plan plan;
        plan.name = name;
        Check c;
        c.id = QStringLiteral("postgres:stranger");
        c.kind = CheckKind::Postgres;
        c.target = QStringLiteral("host=127.0.0.1 port=%1 user=app dbname=app sslmode=disable "
                                  "connect_timeout=5")
                       .arg(m_server.port());
        c.expect = expect;
        plan.checks.emplace(c.id, c);
        const QString file = m_dir.filePath(name + QStringLiteral(".ferry.yaml"));
        FileError e;
        return PlanFile::save(plan, file, &e) ? file : QString();
    }

private slots:
    void theFakeServerRecordsPasswords()
    {
        // The fake server works: a plain libpq client hands it the password (else the tests
        // below would prove nothing).
        QProcess psql;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("probe-secret"));
        psql.setProcessEnvironment(e);
        QEventLoop loop;
        QObject::connect(&psql, &QProcess::finished, &loop, &QEventLoop::quit);
        psql.start(QStringLiteral("psql"),
                   {QStringLiteral("host=127.0.0.1 port=%1 user=app dbname=app sslmode=disable")
                        .arg(m_server.port()),
                    QStringLiteral("-c"), QStringLiteral("select 1")});
        if (!psql.waitForStarted())
            QSKIP("psql is not installed");
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(m_server.passwords, QStringList{QStringLiteral("probe-secret")});
        m_server.passwords.clear();
        m_server.connections = 0;
    }

    void aNamedVariableNeedsTrustAndAllowance()
    {
        const QString plan = planWith(QStringLiteral("stranger"),
                                      {{QStringLiteral("password_env"),
                                        QStringLiteral("FERRY_STRANGER_SECRET")}});
        QVERIFY(!plan.isEmpty());
        const QMap<QString, QString> env = {
            {QStringLiteral("FERRY_STRANGER_SECRET"), QStringLiteral("hunter2-secret")}};
        QString out;

        // Untrusted: refused before anything is contacted, naming the host and the source.
        QCOMPARE(ferry({QStringLiteral("check"), plan}, env, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("postgres:stranger: 127.0.0.1 (password: environment "
                                             "variable FERRY_STRANGER_SECRET)")),
                 qPrintable(out));
        QCOMPARE(m_server.connections, 0);

        // Trusted, but the variable is not allowed for that host: an error, still no contact.
        QCOMPARE(ferry({QStringLiteral("check"), plan, QStringLiteral("--trust")}, env, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("ferry secret allow-env FERRY_STRANGER_SECRET "
                                             "127.0.0.1")),
                 qPrintable(out));
        QCOMPARE(m_server.connections, 0);
        QVERIFY(m_server.passwords.isEmpty());

        // Allowed by the user for that host: now (and only now) the password is sent.
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("allow-env"),
                        QStringLiteral("FERRY_STRANGER_SECRET"), QStringLiteral("127.0.0.1")},
                       {}, &out),
                 0);
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("list-env")}, {}, &out), 0);
        QCOMPARE(out, QStringLiteral("FERRY_STRANGER_SECRET 127.0.0.1\n"));
        QVERIFY(ferry({QStringLiteral("check"), plan}, env, &out) != 0); // the login is refused
        QCOMPARE(m_server.passwords, QStringList{QStringLiteral("hunter2-secret")});

        // The same plan changed (another host for the variable's password): untrusted again.
        Plan changed;
        FileError e;
        QVERIFY(PlanFile::load(plan, &changed, &e));
        changed.checks.begin()->second.target.replace(QStringLiteral("127.0.0.1"),
                                                      QStringLiteral("localhost"));
        QVERIFY(PlanFile::save(changed, plan, &e));
        QCOMPARE(ferry({QStringLiteral("check"), plan}, env, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("not trusted yet")), qPrintable(out));
        QCOMPARE(m_server.passwords.size(), 1);
        m_server.passwords.clear();
    }

    void pgpasswordNeedsAllowanceToo()
    {
        // A check that names no source would have libpq send PGPASSWORD to any host.
        const QString plan = planWith(QStringLiteral("pgpassword"), {});
        const QMap<QString, QString> env = {
            {QStringLiteral("PGPASSWORD"), QStringLiteral("pg-secret")}};
        QString out;
        QCOMPARE(ferry({QStringLiteral("check"), plan, QStringLiteral("--trust")}, env, &out), 2);
        QVERIFY2(out.contains(QStringLiteral("PGPASSWORD is not allowed")), qPrintable(out));
        QVERIFY(m_server.passwords.isEmpty());
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("allow-env"),
                        QStringLiteral("PGPASSWORD"), QStringLiteral("127.0.0.1")},
                       {}, &out),
                 0);
        QVERIFY(ferry({QStringLiteral("check"), plan}, env, &out) != 0);
        QCOMPARE(m_server.passwords, QStringList{QStringLiteral("pg-secret")});
        QCOMPARE(ferry({QStringLiteral("secret"), QStringLiteral("forbid-env"),
                        QStringLiteral("PGPASSWORD"), QStringLiteral("127.0.0.1")},
                       {}, &out),
                 0);
        m_server.passwords.clear();
        QCOMPARE(ferry({QStringLiteral("check"), plan}, env, &out), 2);
        QVERIFY(m_server.passwords.isEmpty());
    }

    void storeAndFingerprint()
    {
        TrustStore store(m_dir.filePath(QStringLiteral("store.ini")));
        Check c;
        c.id = QStringLiteral("data:orders");
        c.kind = CheckKind::Data;
        c.target = QStringLiteral("postgresql://a@src.example.com/orders");
        c.expect = {{QStringLiteral("target_database"),
                     QStringLiteral("host=dst.example.com,DST2.example.com dbname=orders")},
                    {QStringLiteral("target_password_keychain"), QStringLiteral("orders-dst")}};
        const QList<CheckContact> contacts = checkContacts(c);
        QCOMPARE(contacts.size(), 3);
        QCOMPARE(contacts[0].host, QStringLiteral("src.example.com"));
        QCOMPARE(contacts[1].host, QStringLiteral("dst.example.com"));
        QCOMPARE(contacts[2].host, QStringLiteral("dst2.example.com"));
        QCOMPARE(contacts[2].password, QStringLiteral("keychain entry orders-dst"));

        QVERIFY(!store.isPlanTrusted(QStringLiteral("p.ferry.yaml"), {c}));
        store.trustPlan(QStringLiteral("p.ferry.yaml"), {c});
        QVERIFY(store.isPlanTrusted(QStringLiteral("p.ferry.yaml"), {c}));
        QVERIFY(!store.isPlanTrusted(QStringLiteral("other.ferry.yaml"), {c}));
        Check edited = c;
        edited.expect.insert(QStringLiteral("tables"), QStringLiteral("public.orders"));
        QVERIFY(!store.isPlanTrusted(QStringLiteral("p.ferry.yaml"), {edited}));
        QVERIFY(checksFingerprint({c}) != checksFingerprint({edited}));
        // Field boundaries count: moving text between two fields changes the fingerprint.
        Check a = c, b = c;
        a.target = QStringLiteral("ab");
        a.side = QStringLiteral("c");
        b.target = QStringLiteral("a");
        b.side = QStringLiteral("bc");
        QVERIFY(checksFingerprint({a}) != checksFingerprint({b}));

        Check env = c;
        env.expect = {{QStringLiteral("target_database"), QStringLiteral("host=dst.example.com")},
                      {QStringLiteral("target_password_env"), QStringLiteral("DST_PW")}};
        QVERIFY(store.passwordProblem(env, QString()).isEmpty() ==
                !qEnvironmentVariableIsSet("PGPASSWORD"));
        QVERIFY(store.passwordProblem(env, QStringLiteral("target_")).contains(
            QStringLiteral("allow-env DST_PW dst.example.com")));
        store.allowEnv(QStringLiteral("DST_PW"), QStringLiteral("DST.example.com"));
        QVERIFY(store.passwordProblem(env, QStringLiteral("target_")).isEmpty());
        QCOMPARE(store.allowedEnv(), QStringList{QStringLiteral("DST_PW dst.example.com")});
        QVERIFY(store.forbidEnv(QStringLiteral("DST_PW"), QStringLiteral("dst.example.com")));
        QVERIFY(!store.forbidEnv(QStringLiteral("DST_PW"), QStringLiteral("dst.example.com")));
        QVERIFY(store.allowedEnv().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTrust)
#include "tst_trust.moc"
