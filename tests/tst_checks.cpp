// SPDX-License-Identifier: MIT
// Connection checks against servers this test starts on loopback: TCP (open and closed ports),
// TLS (a CA and certificates made with openssl at start-up, so they never expire), HTTP (a small
// responder: statuses, bodies, redirects, a request that never gets an answer), PostgreSQL (the
// CTest fixture's server), bounded concurrency, timeouts and cancel.
#include "check.h"
#include "checkrunner.h"
#include "pgconninfo.h"
#include "plan.h"
#include "planfile.h"
#include "plantrust.h"
#include "runbookgenerator.h"
#include "runlog.h"

#include "ferryprocess.h"
#include "pgfixture.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUdpSocket>

#include <pqxx/pqxx>

using namespace Ferry;

namespace {

/// Answers HTTP/1.1 requests by path: /ok 200 "hello from ferry", /missing 404, /redirect 302 to
/// /ok, /hang never answers, /slow answers after 300 ms. Counts connections open at once.
class HttpResponder : public QTcpServer
{
public:
    HttpResponder()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                // A client that closed its connection before opening this one may not have been
                // seen closing yet (a loaded machine runs this event loop late): look first.
                for (QTcpSocket *other : QList<QTcpSocket *>(m_sockets.begin(), m_sockets.end()))
                    if (other->state() == QAbstractSocket::ConnectedState)
                        other->waitForReadyRead(0);
                ++open;
                maxOpen = std::max(maxOpen, open);
                m_sockets.insert(s);
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    if (!m_sockets.remove(s))
                        return;
                    --open;
                    m_buffers.remove(s);
                    s->deleteLater();
                });
                connect(s, &QTcpSocket::readyRead, this, [this, s] { answer(s); });
            }
        });
    }
    int open = 0, maxOpen = 0;

    /// Connections open now: each one is looked at first, so a close this server's event loop
    /// has not run yet (a loaded machine) is counted as closed, not as open.
    int openNow()
    {
        for (QTcpSocket *s : QList<QTcpSocket *>(m_sockets.begin(), m_sockets.end()))
            if (s->state() == QAbstractSocket::ConnectedState)
                s->waitForReadyRead(0);
        for (QTcpSocket *s : QList<QTcpSocket *>(m_sockets.begin(), m_sockets.end()))
            if (s->state() != QAbstractSocket::ConnectedState && m_sockets.remove(s)) {
                --open;
                m_buffers.remove(s);
                s->deleteLater();
            }
        return open;
    }

private:
    QSet<QTcpSocket *> m_sockets; ///< open, as far as this server has seen
    void answer(QTcpSocket *s)
    {
        QByteArray &in = m_buffers[s];
        in += s->readAll();
        if (!in.contains("\r\n\r\n"))
            return;
        const QByteArray path = in.split(' ').value(1);
        m_buffers.remove(s); // a later socket may get the same address
        auto reply = [s](const QByteArray &status, const QByteArray &extra,
                         const QByteArray &body) {
            s->write("HTTP/1.1 " + status +
                     "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\nConnection: close\r\n" + extra + "\r\n" + body);
            s->disconnectFromHost();
        };
        if (path == "/ok")
            reply("200 OK", {}, "hello from ferry");
        else if (path == "/redirect")
            reply("302 Found", "Location: /ok\r\n", {});
        else if (path == "/page")
            reply("200 OK", "Content-Type: text/html\r\n", "<p>shop</p>");
        else if (path == "/page-changed")
            reply("200 OK", "Content-Type: text/html\r\n", "<p>shop v2</p>");
        else if (path == "/page-json")
            reply("200 OK", "Content-Type: application/json\r\n", "<p>shop</p>");
        else if (path == "/slow")
            QTimer::singleShot(300, s, [reply] { reply("200 OK", {}, "slow"); });
        else if (path != "/hang")
            reply("404 Not Found", {}, "no");
    }
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

/// A DNS server for the test (RFC 1035, 4.1): answers A queries for the names in `answers` with
/// their addresses (TTL 300), NXDOMAIN for any other name. Listens on port 53 of a loopback
/// address, because QDnsLookup's nameserver takes no port in Qt 6.4.
class DnsResponder : public QObject
{
public:
    QHash<QByteArray, QList<quint32>> answers; ///< lower-case name → IPv4 addresses
    bool listen(const QHostAddress &address)
    {
        connect(&m_socket, &QUdpSocket::readyRead, this, [this] {
            while (m_socket.hasPendingDatagrams()) {
                QByteArray q(int(m_socket.pendingDatagramSize()), Qt::Uninitialized);
                QHostAddress from;
                quint16 port = 0;
                m_socket.readDatagram(q.data(), q.size(), &from, &port);
                m_socket.writeDatagram(answer(q), from, port);
            }
        });
        return m_socket.bind(address, 53);
    }

private:
    QByteArray answer(const QByteArray &q) const
    {
        if (q.size() < 17)
            return {};
        // The question: labels up to the zero byte, then type and class.
        QByteArrayList labels;
        int i = 12;
        while (i < q.size() && q[i] != 0) {
            const int n = quint8(q[i]);
            labels.append(q.mid(i + 1, n).toLower());
            i += n + 1;
        }
        const QByteArray question = q.mid(12, i + 5 - 12);
        const QList<quint32> ips = answers.value(labels.join('.'));
        QByteArray r = q.left(2);               // id
        r += char(0x81);                        // QR, RD
        r += char(ips.isEmpty() ? 0x83 : 0x80); // RA, RCODE NXDOMAIN or NOERROR
        r += QByteArray("\x00\x01", 2);         // one question
        r += char(0);
        r += char(ips.size()); // answers
        r += QByteArray(4, 0); // no authority, no additional
        r += question;
        for (quint32 ip : ips) {
            r += QByteArray("\xc0\x0c\x00\x01\x00\x01\x00\x00\x01\x2c\x00\x04", 12);
            for (int shift = 24; shift >= 0; shift -= 8)
                r += char((ip >> shift) & 0xff);
        }
        return r;
    }
    QUdpSocket m_socket;
};

Check check(const QString &id, CheckKind kind, const QString &target, StringMap expect = {},
            int timeout = 10)
{
    Check c;
    c.id = id;
    c.kind = kind;
    c.target = target;
    c.expect = std::move(expect);
    c.timeoutSeconds = timeout;
    return c;
}

CheckResult runOne(const Check &c)
{
    const QList<CheckResult> r = CheckRunner::runAll({c});
    return r.value(0);
}

} // namespace

class TestChecks : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_ca, m_cert, m_key;
    QString m_pgPort, m_pgPassword;

    bool openssl(std::initializer_list<const char *> argv)
    {
        QStringList args;
        for (const char *a : argv)
            args.append(QString::fromLatin1(a));
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning("openssl %s: %s", qPrintable(args.join(u' ')),
                     p.readAllStandardError().constData());
            return false;
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // A CA, and a server certificate for "localhost" only, valid ten years from today.
        QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
                         "-out", "ca.pem", "-days", "3650", "-subj", "/CN=Ferry Test CA"}));
        QVERIFY(openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
                         "server.csr", "-subj", "/CN=localhost"}));
        QFile ext(m_dir.filePath(QStringLiteral("ext.cnf")));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write("subjectAltName=DNS:localhost\n");
        ext.close();
        QVERIFY(openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                         "-CAcreateserial", "-out", "server.pem", "-days", "3650", "-extfile",
                         "ext.cnf"}));
        m_ca = m_dir.filePath(QStringLiteral("ca.pem"));
        m_cert = m_dir.filePath(QStringLiteral("server.pem"));
        m_key = m_dir.filePath(QStringLiteral("server.key"));

        // The fixture must have started the server: a missing one is a failure, not a skip.
        PgFixture server;
        QString error;
        QVERIFY2(server.read(&error), qPrintable(error));
        m_pgPort = server.port;
        m_pgPassword = server.password;

        // The checks below read their password from a variable a plan names: the user (this
        // test) allows it for the test server, in a store of the test's own.
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
                      QStringLiteral("/Ferry/trust.ini"));
        TrustStore::user().allowEnv(QStringLiteral("FERRY_TEST_CHECK_PW"),
                                    QStringLiteral("127.0.0.1"));
    }

    void tcpOpenAndClosedPorts()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString open = QStringLiteral("127.0.0.1:%1").arg(server.serverPort());
        CheckResult r = runOne(check(QStringLiteral("tcp:open"), CheckKind::Tcp, open));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("passed"));
        QVERIFY(r.latencyMs >= 0);
        QVERIFY2(r.message.startsWith(QStringLiteral("connected to 127.0.0.1:")),
                 qPrintable(r.message));

        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        r = runOne(check(QStringLiteral("tcp:closed"), CheckKind::Tcp,
                         QStringLiteral("127.0.0.1:%1").arg(port)));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                 qPrintable(r.message));

        r = runOne(check(QStringLiteral("tcp:bad"), CheckKind::Tcp, QStringLiteral("no-port")));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("error"));
    }

    void dnsAnswersExpectedValuesAndComparison()
    {
        // Two nameservers, as the old and the new DNS provider: they agree on www, not on api.
        DnsResponder oldDns, newDns;
        oldDns.answers = {{"www.shop.test", {0xCB007101, 0xCB007102}},
                          {"api.shop.test", {0xCB007105}}};
        newDns.answers = {{"www.shop.test", {0xCB007102, 0xCB007101}},
                          {"api.shop.test", {0x0A000005}}};
        if (!oldDns.listen(QHostAddress(QStringLiteral("127.0.0.77"))) ||
            !newDns.listen(QHostAddress(QStringLiteral("127.0.0.78"))))
            QSKIP("port 53 on loopback needs root (CI runs as root)");
        const StringMap viaOld = {{QStringLiteral("nameserver"), QStringLiteral("127.0.0.77")}};
        CheckResult r = runOne(check(QStringLiteral("dns:www"), CheckKind::Dns,
                                     QStringLiteral("www.shop.test"), viaOld));
        QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        QCOMPARE(r.details.value(QStringLiteral("records")),
                 QStringLiteral("203.0.113.1 (ttl 300), 203.0.113.2 (ttl 300)"));

        StringMap expect = viaOld;
        expect.insert(QStringLiteral("value"), QStringLiteral("203.0.113.2"));
        r = runOne(check(QStringLiteral("dns:value"), CheckKind::Dns,
                         QStringLiteral("www.shop.test"), expect));
        QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        expect.insert(QStringLiteral("value"), QStringLiteral("198.51.100.9"));
        r = runOne(check(QStringLiteral("dns:wrong"), CheckKind::Dns,
                         QStringLiteral("www.shop.test"), expect));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QVERIFY2(r.message.endsWith(QStringLiteral("expected 198.51.100.9")),
                 qPrintable(r.message));

        r = runOne(check(QStringLiteral("dns:none"), CheckKind::Dns,
                         QStringLiteral("gone.shop.test"), viaOld));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));

        // Source vs target: the same answers in another order pass; different ones fail.
        StringMap compare = viaOld;
        compare.insert(QStringLiteral("compare_nameserver"), QStringLiteral("127.0.0.78"));
        r = runOne(check(QStringLiteral("dns:same"), CheckKind::Dns,
                         QStringLiteral("www.shop.test"), compare));
        QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        QVERIFY(r.message.endsWith(QStringLiteral("the same through 127.0.0.78")));
        r = runOne(check(QStringLiteral("dns:differs"), CheckKind::Dns,
                         QStringLiteral("api.shop.test"), compare));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QCOMPARE(r.message, QStringLiteral("A api.shop.test differs: 203.0.113.5 here, 10.0.0.5 "
                                           "through 127.0.0.78"));

        expect = {{QStringLiteral("type"), QStringLiteral("MX")}};
        r = runOne(
            check(QStringLiteral("dns:mx"), CheckKind::Dns, QStringLiteral("shop.test"), expect));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("error"));
    }

    void tlsChainHostNameAndExpiry()
    {
        QSslServer server;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        QFile certFile(m_cert), keyFile(m_key);
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        config.setLocalCertificate(QSslCertificate(&certFile, QSsl::Pem));
        config.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        server.setSslConfiguration(config);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&server] {
            while (QTcpSocket *s = server.nextPendingConnection())
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        });
        const QString port = QString::number(server.serverPort());

        // Trusted through the CA file: passes, with the certificate's facts.
        CheckResult r =
            runOne(check(QStringLiteral("tls:ok"), CheckKind::Tls,
                         QStringLiteral("localhost:") + port, {{QStringLiteral("ca_file"), m_ca}}));
        QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        QCOMPARE(r.details.value(QStringLiteral("subject")), QStringLiteral("localhost"));
        QCOMPARE(r.details.value(QStringLiteral("issuer")), QStringLiteral("Ferry Test CA"));
        const int days = r.details.value(QStringLiteral("days_left")).toInt();
        QVERIFY2(days >= 3648 && days <= 3650, qPrintable(QString::number(days)));
        QVERIFY(r.details.value(QStringLiteral("protocol")).startsWith(QStringLiteral("TLS 1.")));

        // Without the CA the chain is not trusted.
        r = runOne(check(QStringLiteral("tls:untrusted"), CheckKind::Tls,
                         QStringLiteral("localhost:") + port));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QVERIFY2(r.message.startsWith(QStringLiteral("certificate not trusted")),
                 qPrintable(r.message));

        // The certificate names localhost, not 127.0.0.1.
        r = runOne(check(QStringLiteral("tls:name"), CheckKind::Tls,
                         QStringLiteral("127.0.0.1:") + port, {{QStringLiteral("ca_file"), m_ca}}));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("host name"), Qt::CaseInsensitive),
                 qPrintable(r.message));

        // Expiry: ten years is not enough when twenty are asked for.
        r = runOne(check(QStringLiteral("tls:expiry"), CheckKind::Tls,
                         QStringLiteral("localhost:") + port,
                         {{QStringLiteral("ca_file"), m_ca},
                          {QStringLiteral("min_days"), QStringLiteral("7300")}}));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("expires in")), qPrintable(r.message));
    }

    void httpStatusBodyRedirects()
    {
        HttpResponder http;
        QVERIFY(http.listen(QHostAddress::LocalHost));
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(http.serverPort());
        struct Case
        {
            QString path;
            StringMap expect;
            CheckResult::Status status;
            QString message; // start of the message
        };
        const QList<Case> cases = {
            {QStringLiteral("/ok"),
             {{QStringLiteral("body"), QStringLiteral("from ferry")}},
             CheckResult::Status::Passed,
             QStringLiteral("HTTP 200 in ")},
            {QStringLiteral("/ok"),
             {{QStringLiteral("body"), QStringLiteral("nope")}},
             CheckResult::Status::Failed,
             QStringLiteral("HTTP 200, but the body")},
            {QStringLiteral("/missing"),
             {},
             CheckResult::Status::Failed,
             QStringLiteral("HTTP 404, expected 200")},
            {QStringLiteral("/missing"),
             {{QStringLiteral("status"), QStringLiteral("404")}},
             CheckResult::Status::Passed,
             QStringLiteral("HTTP 404 in ")},
            {QStringLiteral("/redirect"),
             {},
             CheckResult::Status::Passed,
             QStringLiteral("HTTP 200 in ")},
            {QStringLiteral("/redirect"),
             {{QStringLiteral("follow_redirects"), QStringLiteral("false")},
              {QStringLiteral("status"), QStringLiteral("302")}},
             CheckResult::Status::Passed,
             QStringLiteral("HTTP 302 in ")},
        };
        QList<Check> checks;
        for (qsizetype i = 0; i < cases.size(); ++i)
            checks.append(check(QStringLiteral("http:%1").arg(i), CheckKind::Http,
                                base + cases[i].path, cases[i].expect));
        checks.append(check(QStringLiteral("http:bad"), CheckKind::Http,
                            QStringLiteral("ftp://example.invalid/")));
        const QList<CheckResult> results = CheckRunner::runAll(checks);
        QCOMPARE(results.size(), checks.size());
        for (qsizetype i = 0; i < cases.size(); ++i) {
            QCOMPARE(results[i].checkId, checks[i].id);
            QVERIFY2(results[i].status == cases[i].status &&
                         results[i].message.startsWith(cases[i].message),
                     qPrintable(QStringLiteral("%1: %2").arg(i).arg(results[i].message)));
        }
        QCOMPARE(results[4].details.value(QStringLiteral("url")), base + QStringLiteral("/ok"));
        QCOMPARE(checkStatusName(results.last().status), QStringLiteral("error"));
    }

    void boundedConcurrencyTimeoutsAndCancel()
    {
        HttpResponder http;
        QVERIFY(http.listen(QHostAddress::LocalHost));
        const QString slow = QStringLiteral("http://127.0.0.1:%1/slow").arg(http.serverPort());
        QList<Check> checks;
        for (int i = 0; i < 12; ++i)
            checks.append(check(QStringLiteral("slow:%1").arg(i), CheckKind::Http, slow));
        QList<CheckResult> results = CheckRunner::runAll(checks, 4);
        for (const CheckResult &r : results)
            QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        QCOMPARE(http.maxOpen, 4); // never more at once than asked for, and that many

        // A server that never answers: the check's own timeout ends it.
        const QString hang = QStringLiteral("http://127.0.0.1:%1/hang").arg(http.serverPort());
        CheckResult r = runOne(check(QStringLiteral("hang"), CheckKind::Http, hang, {}, 1));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QCOMPARE(r.message, QStringLiteral("timed out after 1 s"));

        // Cancel stops the running checks and those not started yet.
        CheckRunner runner;
        runner.setConcurrency(3);
        QSignalSpy finished(&runner, &CheckRunner::finished);
        QList<Check> hanging;
        for (int i = 0; i < 8; ++i)
            hanging.append(check(QStringLiteral("hang:%1").arg(i), CheckKind::Http, hang, {}, 60));
        runner.start(hanging);
        QTRY_COMPARE(http.openNow(), 3);
        runner.cancel();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(!runner.isRunning());
        results = runner.results();
        QCOMPARE(results.size(), 8);
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(checkStatusName(results[i].status), QStringLiteral("cancelled"));
            QCOMPARE(results[i].message, i < 3 ? QStringLiteral("cancelled")
                                               : QStringLiteral("cancelled before it started"));
        }
        QTRY_COMPARE(http.openNow(), 0); // the connections were closed
    }

    /// "Answers as the source did": one request to the source and the target at once; status,
    /// the chosen headers and the body's hash compared; redirects compared, not followed.
    void httpCompareAnswersAsTheSourceDid()
    {
        HttpResponder source, target;
        QVERIFY(source.listen(QHostAddress::LocalHost) && target.listen(QHostAddress::LocalHost));
        auto compare = [&](const QString &path, const QString &targetPath, StringMap expect = {}) {
            expect.insert(
                QStringLiteral("compare_url"),
                QStringLiteral("http://127.0.0.1:%1%2").arg(target.serverPort()).arg(targetPath));
            return runOne(
                check(QStringLiteral("same"), CheckKind::HttpCompare,
                      QStringLiteral("http://127.0.0.1:%1%2").arg(source.serverPort()).arg(path),
                      expect));
        };
        CheckResult r = compare(QStringLiteral("/page"), QStringLiteral("/page"));
        QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        QVERIFY2(r.message.startsWith(QStringLiteral("the same answer: HTTP 200, 1 header(s), "
                                                     "body 11 bytes")),
                 qPrintable(r.message));
        QCOMPARE(r.details.value(QStringLiteral("target_header content-type")),
                 QStringLiteral("text/html"));
        QCOMPARE(r.details.value(QStringLiteral("source_body_sha256")),
                 QString::fromLatin1(
                     QCryptographicHash::hash("<p>shop</p>", QCryptographicHash::Sha256).toHex()));
        r = compare(QStringLiteral("/page"), QStringLiteral("/missing"));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QCOMPARE(r.message, QStringLiteral("HTTP 200 from the source, 404 from the target"));
        r = compare(QStringLiteral("/page"), QStringLiteral("/page-json"));
        QCOMPARE(r.message, QStringLiteral("header content-type differs: \"text/html\" from the "
                                           "source, \"application/json\" from the target"));
        r = compare(QStringLiteral("/page"), QStringLiteral("/page-changed"));
        QVERIFY2(r.message.contains(QStringLiteral("the bodies differ: 11 bytes")),
                 qPrintable(r.message));
        r = compare(QStringLiteral("/page"), QStringLiteral("/page-changed"),
                    {{QStringLiteral("body"), QStringLiteral("ignore")}});
        QCOMPARE(checkStatusName(r.status), QStringLiteral("passed"));
        // A redirect is an answer of its own: compared, with its Location, not followed.
        r = compare(QStringLiteral("/redirect"), QStringLiteral("/redirect"),
                    {{QStringLiteral("headers"), QStringLiteral("Location")}});
        QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        QCOMPARE(r.details.value(QStringLiteral("source_status")), QStringLiteral("302"));
        QCOMPARE(r.details.value(QStringLiteral("source_header location")), QStringLiteral("/ok"));
        // Checks only read; a target that never answers is the target's failure.
        r = compare(QStringLiteral("/page"), QStringLiteral("/page"),
                    {{QStringLiteral("method"), QStringLiteral("POST")}});
        QCOMPARE(checkStatusName(r.status), QStringLiteral("error"));
        // The trust prompt names both sides.
        Check c = check(
            QStringLiteral("c"), CheckKind::HttpCompare,
            QStringLiteral("https://shop.example.com/"),
            {{QStringLiteral("compare_url"), QStringLiteral("https://shop-1.elb.amazonaws.com/")}});
        const QList<CheckContact> contacts = checkContacts(c);
        QCOMPARE(contacts.size(), 2);
        QCOMPARE(contacts[1].host, QStringLiteral("shop-1.elb.amazonaws.com"));
        // And the plan file knows the kind.
        CheckKind kind;
        QVERIFY(parseCheckKind(QStringLiteral("http-compare"), &kind) &&
                kind == CheckKind::HttpCompare);
        c.expect.insert(QStringLiteral("compare_url"), QStringLiteral("https://u:pw@x.example/"));
        QVERIFY(!checkTargetSecretProblem(c).isEmpty());
    }

    /// Database checks hold a connection each: at most four run against one server, however
    /// many there are, while the network checks behind them start at once.
    void databaseChecksBoundedPerServer()
    {
        HttpResponder silent; // accepts, never answers libpq: each login waits for its timeout
        HttpResponder web;
        QVERIFY(silent.listen(QHostAddress::LocalHost) && web.listen(QHostAddress::LocalHost));
        QList<Check> checks;
        for (int i = 0; i < 10; ++i)
            checks.append(check(QStringLiteral("pg:%1").arg(i), CheckKind::Postgres,
                                QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=app "
                                               "sslmode=disable")
                                    .arg(silent.serverPort()),
                                {}, 2));
        checks.append(check(QStringLiteral("tcp:web"), CheckKind::Tcp,
                            QStringLiteral("127.0.0.1:%1").arg(web.serverPort())));
        CheckRunner runner;
        QStringList order;
        connect(&runner, &CheckRunner::checkFinished, this,
                [&](const CheckResult &r) { order.append(r.checkId); });
        runner.start(checks);
        QTRY_VERIFY_WITH_TIMEOUT(!runner.isRunning(), 60000);
        QCOMPARE(silent.maxOpen, 4);
        QCOMPARE(order.value(0), QStringLiteral("tcp:web")); // did not wait behind them
        for (const CheckResult &r : runner.results())
            if (r.checkId != QLatin1String("tcp:web"))
                QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
    }

    void postgresLogin()
    {
        const QString target =
            QStringLiteral("postgresql://ferry@127.0.0.1:%1/postgres?sslmode=disable")
                .arg(m_pgPort);
        qputenv("FERRY_TEST_CHECK_PW", m_pgPassword.toUtf8());
        CheckResult r = runOne(
            check(QStringLiteral("pg"), CheckKind::Postgres, target,
                  {{QStringLiteral("password_env"), QStringLiteral("FERRY_TEST_CHECK_PW")}}));
        QVERIFY2(r.status == CheckResult::Status::Passed, qPrintable(r.message));
        QVERIFY2(r.details.value(QStringLiteral("server_version")).startsWith(u'1'),
                 qPrintable(r.details.value(QStringLiteral("server_version"))));
        QCOMPARE(r.details.value(QStringLiteral("in_recovery")), QStringLiteral("false"));
        QCOMPARE(r.details.value(QStringLiteral("ssl")), QStringLiteral("false"));
        QCOMPARE(r.details.value(QStringLiteral("wal_level")), QStringLiteral("logical"));
        QVERIFY(r.details.value(QStringLiteral("database_bytes")).toLongLong() > 0);
        QVERIFY(r.message.startsWith(QStringLiteral("logged in: PostgreSQL ")));

        // Expecting a standby fails on a primary.
        r = runOne(check(QStringLiteral("pg:standby"), CheckKind::Postgres, target,
                         {{QStringLiteral("password_env"), QStringLiteral("FERRY_TEST_CHECK_PW")},
                          {QStringLiteral("in_recovery"), QStringLiteral("true")}}));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));

        // A wrong password fails, and is never echoed.
        qputenv("FERRY_TEST_CHECK_PW", "wrong-password-xyz");
        r = runOne(
            check(QStringLiteral("pg:wrong"), CheckKind::Postgres, target,
                  {{QStringLiteral("password_env"), QStringLiteral("FERRY_TEST_CHECK_PW")}}));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QVERIFY2(r.message.contains(QStringLiteral("password authentication failed")),
                 qPrintable(r.message));
        QVERIFY(!r.message.contains(QStringLiteral("wrong-password-xyz")));
        qunsetenv("FERRY_TEST_CHECK_PW");

        // A named variable that is not set is an error in the check, not a failed login.
        r = runOne(
            check(QStringLiteral("pg:unset"), CheckKind::Postgres, target,
                  {{QStringLiteral("password_env"), QStringLiteral("FERRY_TEST_CHECK_PW")}}));
        QCOMPARE(checkStatusName(r.status), QStringLiteral("error"));
    }

    /// A data check through the runner: per table progress while it runs, and the whole
    /// comparison with the result (the one row changed in the target, by key).
    void dataCheckReportsProgressAndComparison()
    {
        auto db = [this](const QString &name) {
            return QStringLiteral("postgresql://ferry@127.0.0.1:%1/%2?sslmode=disable")
                .arg(m_pgPort, name);
        };
        auto exec = [&](const QString &name, const std::string &sql) {
            pqxx::connection c(withPassword(db(name), m_pgPassword));
            pqxx::nontransaction tx(c);
            tx.exec(sql);
        };
        exec(QStringLiteral("postgres"), "DROP DATABASE IF EXISTS chk_src WITH (FORCE)");
        exec(QStringLiteral("postgres"), "DROP DATABASE IF EXISTS chk_dst WITH (FORCE)");
        exec(QStringLiteral("postgres"), "CREATE DATABASE chk_src");
        exec(QStringLiteral("chk_src"),
             "CREATE TABLE orders (id int PRIMARY KEY, note text);"
             "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 200000) g;"
             "CREATE TABLE items (id int PRIMARY KEY, qty int);"
             "INSERT INTO items SELECT g, g % 7 FROM generate_series(1, 1000) g; ANALYZE");
        exec(QStringLiteral("postgres"), "CREATE DATABASE chk_dst TEMPLATE chk_src");
        exec(QStringLiteral("chk_dst"), "UPDATE orders SET note = 'changed' WHERE id = 4711");

        qputenv("FERRY_TEST_CHECK_PW", m_pgPassword.toUtf8());
        const StringMap expect = {
            {QStringLiteral("target_database"), db(QStringLiteral("chk_dst"))},
            {QStringLiteral("password_env"), QStringLiteral("FERRY_TEST_CHECK_PW")},
            {QStringLiteral("target_password_env"), QStringLiteral("FERRY_TEST_CHECK_PW")}};
        CheckRunner runner;
        runner.setProgressInterval(1);
        QList<QList<DataTableProgress>> reports;
        connect(&runner, &CheckRunner::dataProgress, this,
                [&](const QString &id, const QList<DataTableProgress> &tables, int, int total) {
                    QCOMPARE(id, QStringLiteral("data:orders"));
                    QVERIFY(total == 0 || total == 2);
                    reports.append(tables);
                });
        QSignalSpy finished(&runner, &CheckRunner::finished);
        runner.start({check(QStringLiteral("data:orders"), CheckKind::Data,
                            db(QStringLiteral("chk_src")), expect, 60)});
        QVERIFY(finished.wait(60000));
        qunsetenv("FERRY_TEST_CHECK_PW");
        const CheckResult r = runner.results().value(0);
        QCOMPARE(checkStatusName(r.status), QStringLiteral("failed"));
        QVERIFY(r.data);
        QCOMPARE(r.data->tables.size(), 2);
        const TableComparison &orders = r.data->tables[1];
        QCOMPARE(orders.qualifiedName(), QStringLiteral("public.orders"));
        QCOMPARE(orders.different, 1);
        QCOMPARE(orders.differences.value(0).key, QStringList{QStringLiteral("4711")});
        // Progress came while it ran, naming both tables, the larger first.
        QVERIFY(!reports.isEmpty());
        const QList<DataTableProgress> last = reports.last();
        QVERIFY2(last.size() == 2 || last.isEmpty(), qPrintable(QString::number(last.size())));
        bool sawOrders = false;
        for (const auto &tables : reports)
            for (const DataTableProgress &t : tables)
                sawOrders = sawOrders || (t.table == QLatin1String("public.orders") &&
                                          t.estimatedRows == 200000);
        QVERIFY(sawOrders);
        exec(QStringLiteral("postgres"), "DROP DATABASE chk_src WITH (FORCE)");
        exec(QStringLiteral("postgres"), "DROP DATABASE chk_dst WITH (FORCE)");
    }

    void commandLineRunsRecordsAndGenerates()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 closedPort = closed.serverPort();
        closed.close();
        Plan plan;
        plan.name = QStringLiteral("CLI checks");
        plan.created = QDate(2026, 12, 1);
        const Check open = check(QStringLiteral("tcp:open"), CheckKind::Tcp,
                                 QStringLiteral("127.0.0.1:%1").arg(server.serverPort()));
        const Check shut = check(QStringLiteral("tcp:shut"), CheckKind::Tcp,
                                 QStringLiteral("127.0.0.1:%1").arg(closedPort));
        plan.checks.emplace(open.id, open);
        plan.checks.emplace(shut.id, shut);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("cli.ferry.yaml"));
        FileError e;
        QVERIFY2(PlanFile::save(plan, file, &e), qPrintable(e.toString()));

        // The process runs while this thread's event loop serves the test's servers.
        // The command line keeps what the user trusts in its own configuration folder.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        auto ferry = [env](const QStringList &args, QByteArray *out) {
            return runFerryServing(args, env, out);
        };
        QByteArray out;
        // Untrusted: refused, naming the hosts; nothing runs, nothing is recorded.
        QCOMPARE(ferry({QStringLiteral("check"), file}, &out), 2);
        QVERIFY2(out.contains("is not trusted yet") &&
                     out.contains(QByteArray(QByteArray("  tcp:open: 127.0.0.1:") +
                                             QByteArray::number(server.serverPort()))) &&
                     out.contains("--trust"),
                 out.constData());
        QVERIFY(!QFile::exists(RunLog::defaultLocation(file)));
        QCOMPARE(ferry({QStringLiteral("check"), file, QStringLiteral("--format"),
                        QStringLiteral("json"), QStringLiteral("--trust")},
                       &out),
                 1); // one check failed
        const QJsonObject json =
            QJsonDocument::fromJson(out.left(out.lastIndexOf('}') + 1)).object();
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        const QJsonArray checks = json.value(QStringLiteral("checks")).toArray();
        QCOMPARE(checks.size(), 2);
        QCOMPARE(checks[0].toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("passed"));
        QCOMPARE(checks[1].toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("failed"));

        QCOMPARE(ferry({QStringLiteral("check"), file, QStringLiteral("--only"),
                        QStringLiteral("tcp:open")},
                       &out),
                 0);
        QVERIFY2(out.startsWith("PASS   tcp:open  connected to 127.0.0.1:"), out.constData());
        QCOMPARE(ferry({QStringLiteral("check"), file, QStringLiteral("--only"),
                        QStringLiteral("tcp:nope")},
                       &out),
                 2);

        // Both runs are in the log beside the plan, newest first.
        RunLog log;
        QString error;
        QVERIFY2(log.open(RunLog::defaultLocation(file), &error), qPrintable(error));
        const QList<RunLogEntry> runs = log.recent(10, QString(), &error);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].status, QStringLiteral("passed"));
        QCOMPARE(runs[1].status, QStringLiteral("failed"));
        QCOMPARE(runs[1].plan, QStringLiteral("CLI checks"));
        QCOMPARE(log.results(runs[1].id, &error).size(), 2);

        // --generate adds what follows from the inventory, once.
        Resource lb;
        lb.id = QStringLiteral("do:loadbalancer:1");
        lb.provider = QStringLiteral("digitalocean");
        lb.type = QStringLiteral("digitalocean_loadbalancer");
        lb.attributes = {{QStringLiteral("ipv4"), QStringLiteral("203.0.113.10")},
                         {QStringLiteral("ports"), QStringLiteral("443")}};
        plan.inventory.add(lb);
        QVERIFY(PlanFile::save(plan, file, &e));
        QCOMPARE(ferry({QStringLiteral("check"), file, QStringLiteral("--generate")}, &out), 0);
        QVERIFY2(out.contains("1 checks added"), out.constData());
        Plan after;
        QVERIFY(PlanFile::load(file, &after, &e));
        QCOMPARE(int(after.checks.size()), 3);
        QVERIFY(after.checks.count(QStringLiteral("tcp:203.0.113.10:443")));
        QCOMPARE(ferry({QStringLiteral("check"), file, QStringLiteral("--generate")}, &out), 0);
        QVERIFY2(out.contains("0 checks added"), out.constData());
    }

    void generatedChecksFollowTheInventory()
    {
        Plan plan;
        Resource lb;
        lb.id = QStringLiteral("do:load_balancer:1");
        lb.type = QStringLiteral("digitalocean_loadbalancer");
        lb.attributes = {{QStringLiteral("ipv4"), QStringLiteral("203.0.113.10")},
                         {QStringLiteral("ports"), QStringLiteral("443, 80, 443")}};
        Resource zone;
        zone.id = QStringLiteral("do:domain:example.com");
        zone.type = QStringLiteral("digitalocean_domain");
        zone.name = QStringLiteral("example.com");
        Resource www;
        www.id = QStringLiteral("do:record:9");
        www.type = QStringLiteral("digitalocean_record");
        www.name = QStringLiteral("www");
        www.attributes = {{QStringLiteral("domain"), QStringLiteral("example.com")},
                          {QStringLiteral("record_type"), QStringLiteral("A")},
                          {QStringLiteral("value"), QStringLiteral("203.0.113.10")}};
        Resource droplet;
        droplet.id = QStringLiteral("do:droplet:2");
        droplet.type = QStringLiteral("digitalocean_droplet");
        Resource db;
        db.id = QStringLiteral("do:dbaas:7");
        db.type = QStringLiteral("digitalocean_database_cluster");
        db.name = QStringLiteral("backend");
        db.attributes = {{QStringLiteral("engine"), QStringLiteral("pg")},
                         {QStringLiteral("host"), QStringLiteral("backend.db.example.com")},
                         {QStringLiteral("port"), QStringLiteral("25060")}};
        Resource redis = db;
        redis.id = QStringLiteral("do:dbaas:8");
        redis.name = QStringLiteral("cache");
        redis.attributes.insert(QStringLiteral("engine"), QStringLiteral("redis"));
        for (const Resource &r : {lb, zone, www, droplet, db, redis})
            plan.inventory.add(r);
        QStringList ids;
        for (const Check &c : generateChecks(plan)) {
            ids.append(c.id);
            if (c.kind == CheckKind::Postgres) {
                QCOMPARE(c.target, QStringLiteral("host=backend.db.example.com port=25060 "
                                                  "dbname=defaultdb user=doadmin sslmode=require "
                                                  "connect_timeout=10"));
                QCOMPARE(c.resource, QStringLiteral("do:dbaas:7"));
                QVERIFY(checkTargetSecretProblem(c).isEmpty());
            }
        }
        QCOMPARE(ids, (QStringList{QStringLiteral("dns:example.com:A"),
                                   QStringLiteral("dns:www.example.com:A:203.0.113.10"),
                                   QStringLiteral("postgres:backend:source"),
                                   QStringLiteral("tcp:203.0.113.10:443"),
                                   QStringLiteral("tcp:203.0.113.10:80"),
                                   QStringLiteral("tls:example.com:443")}));

        // Once the mappings have their endpoints, the target side's checks follow: a login to
        // the new database, a data check from the old one to it, the ports of the new load
        // balancer. A Redis cluster gets none.
        auto mapTo = [&](const QString &id, const QString &endpoint) {
            Mapping m;
            m.resourceId = id;
            m.accountId = QStringLiteral("production");
            m.endpoint = endpoint;
            plan.mappings[id] = m;
        };
        mapTo(db.id, QStringLiteral("backend.c9akciq32.us-east-1.rds.amazonaws.com"));
        mapTo(lb.id, QStringLiteral("shop-1234.us-east-1.elb.amazonaws.com"));
        mapTo(redis.id, QStringLiteral("cache.use1.cache.amazonaws.com:6379"));
        ids.clear();
        QMap<QString, Check> byId;
        for (const Check &c : generateChecks(plan)) {
            ids.append(c.id);
            byId.insert(c.id, c);
        }
        QCOMPARE(ids,
                 (QStringList{QStringLiteral("data:backend"), QStringLiteral("dns:example.com:A"),
                              QStringLiteral("dns:www.example.com:A:203.0.113.10"),
                              QStringLiteral("http-compare:203.0.113.10:80"),
                              QStringLiteral("postgres:backend:source"),
                              QStringLiteral("postgres:backend:target"),
                              QStringLiteral("replication:backend"),
                              QStringLiteral("tcp:203.0.113.10:443"),
                              QStringLiteral("tcp:203.0.113.10:80"),
                              QStringLiteral("tcp:shop-1234.us-east-1.elb.amazonaws.com:443"),
                              QStringLiteral("tcp:shop-1234.us-east-1.elb.amazonaws.com:80"),
                              QStringLiteral("tls:example.com:443")}));
        const QString newDb = QStringLiteral(
            "host=backend.c9akciq32.us-east-1.rds.amazonaws.com port=5432 dbname=defaultdb "
            "user=ferry_admin sslmode=verify-full connect_timeout=10");
        const Check target = byId.value(QStringLiteral("postgres:backend:target"));
        QCOMPARE(target.target, newDb);
        QCOMPARE(target.side, QStringLiteral("target"));
        const Check data = byId.value(QStringLiteral("data:backend"));
        QCOMPARE(data.kind, CheckKind::Data);
        QCOMPARE(data.target, byId.value(QStringLiteral("postgres:backend:source")).target);
        QCOMPARE(data.expect.value(QStringLiteral("target_database")), newDb);
        QVERIFY(data.timeoutSeconds >= 600);
        // The cutover gate: the source publishes to the new database; it waits to catch up.
        const Check gate = byId.value(QStringLiteral("replication:backend"));
        QCOMPARE(gate.kind, CheckKind::Replication);
        QCOMPARE(gate.target, data.target);
        QCOMPARE(gate.expect.value(QStringLiteral("subscriber")), newDb);
        QCOMPARE(gate.expect.value(QStringLiteral("wait")), QStringLiteral("600"));
        QCOMPARE(gate.side, QStringLiteral("target"));
        QVERIFY(checkTargetSecretProblem(gate).isEmpty());
        QCOMPARE(byId.value(QStringLiteral("tcp:shop-1234.us-east-1.elb.amazonaws.com:443")).side,
                 QStringLiteral("target"));
        // The new load balancer answers as the old one: the same request, the site's name
        // (the A record pointing at the old one) as Host.
        const Check same = byId.value(QStringLiteral("http-compare:203.0.113.10:80"));
        QCOMPARE(same.kind, CheckKind::HttpCompare);
        QCOMPARE(same.target, QStringLiteral("http://203.0.113.10/"));
        QCOMPARE(same.expect.value(QStringLiteral("compare_url")),
                 QStringLiteral("http://shop-1234.us-east-1.elb.amazonaws.com/"));
        QCOMPARE(same.expect.value(QStringLiteral("host")), QStringLiteral("www.example.com"));
        // …and the load balancer's gate waits for it.
        Plan withChecks = plan;
        for (const Check &c : generateChecks(plan))
            withChecks.checks.emplace(c.id, c);
        const RunbookStep *healthy =
            RunbookGenerator::generate(withChecks)
                .step(QStringLiteral("cutover/check-targets-healthy/do:load_balancer:1"));
        QVERIFY(healthy);
        QVERIFY2(healthy->checks.contains(QStringLiteral("http-compare:203.0.113.10:80")),
                 qPrintable(healthy->checks.join(u' ')));
    }

    /// Data and replication checks compare the application's databases — the source's list
    /// less the server's own, or those the mapping names — not the cluster's default database;
    /// a droplet running PostgreSQL itself and mapped onto RDS gets them too.
    void generatedChecksCoverTheApplicationDatabases()
    {
        Plan plan;
        Resource db;
        db.id = QStringLiteral("do:dbaas:7");
        db.type = QStringLiteral("digitalocean_database_cluster");
        db.name = QStringLiteral("backend");
        db.attributes = {{QStringLiteral("engine"), QStringLiteral("pg")},
                         {QStringLiteral("host"), QStringLiteral("backend.db.example.com")},
                         {QStringLiteral("port"), QStringLiteral("25060")},
                         {QStringLiteral("databases"), QStringLiteral("billing, defaultdb, shop")}};
        Resource server;
        server.id = QStringLiteral("do:droplet:3");
        server.type = QStringLiteral("digitalocean_droplet");
        server.name = QStringLiteral("pg-1");
        server.attributes = {{QStringLiteral("ipv4"), QStringLiteral("203.0.113.30")},
                             {QStringLiteral("image"), QStringLiteral("ubuntu-22-04-x64")}};
        plan.inventory.add(db);
        plan.inventory.add(server);
        Mapping m;
        m.resourceId = db.id;
        m.accountId = QStringLiteral("production");
        m.targetService = QStringLiteral("aws_db_instance");
        m.endpoint = QStringLiteral("backend.c9akciq32.us-east-1.rds.amazonaws.com");
        plan.mappings[db.id] = m;
        m.resourceId = server.id;
        m.endpoint = QStringLiteral("pg-1.c9akciq32.us-east-1.rds.amazonaws.com");
        m.databases = {QStringLiteral("orders")};
        plan.mappings[server.id] = m;
        QMap<QString, Check> byId;
        for (const Check &c : generateChecks(plan))
            byId.insert(c.id, c);
        QCOMPARE(byId.keys(),
                 (QStringList{
                     QStringLiteral("data:backend:billing"), QStringLiteral("data:backend:shop"),
                     QStringLiteral("data:pg-1:orders"), QStringLiteral("postgres:backend:source"),
                     QStringLiteral("postgres:backend:target"),
                     QStringLiteral("postgres:pg-1:source"), QStringLiteral("postgres:pg-1:target"),
                     QStringLiteral("replication:backend:billing"),
                     QStringLiteral("replication:backend:shop"),
                     QStringLiteral("replication:pg-1:orders")}));
        const Check shop = byId.value(QStringLiteral("data:backend:shop"));
        QCOMPARE(shop.target, QStringLiteral("host=backend.db.example.com port=25060 dbname=shop "
                                             "user=doadmin sslmode=require connect_timeout=10"));
        QCOMPARE(shop.expect.value(QStringLiteral("target_database")),
                 QStringLiteral("host=backend.c9akciq32.us-east-1.rds.amazonaws.com port=5432 "
                                "dbname=shop user=ferry_admin sslmode=verify-full "
                                "connect_timeout=10"));
        QCOMPARE(byId.value(QStringLiteral("replication:backend:billing")).target,
                 QStringLiteral("host=backend.db.example.com port=25060 dbname=billing "
                                "user=doadmin sslmode=require connect_timeout=10"));
        // The droplet: its public address, PostgreSQL's port, the database the mapping names.
        QCOMPARE(byId.value(QStringLiteral("data:pg-1:orders")).target,
                 QStringLiteral("host=203.0.113.30 port=5432 dbname=orders sslmode=require "
                                "connect_timeout=10"));
        // Those are what the runbook's gates wait for.
        const Runbook rb = RunbookGenerator::generate([&] {
            Plan p = plan;
            for (const Check &c : generateChecks(plan))
                p.checks.emplace(c.id, c);
            return p;
        }());
        const RunbookStep *compare = rb.step(QStringLiteral("cutover/compare-data/do:dbaas:7"));
        QVERIFY(compare);
        QCOMPARE(compare->checks, (QStringList{QStringLiteral("data:backend:billing"),
                                               QStringLiteral("data:backend:shop")}));
        const RunbookStep *caught =
            rb.step(QStringLiteral("cutover/replication-caught-up/do:droplet:3"));
        QVERIFY(caught);
        QCOMPARE(caught->checks, QStringList{QStringLiteral("replication:pg-1:orders")});
        // Each database its own subscription and slot, which its replication check reads; one
        // database keeps the plain name.
        QCOMPARE(byId.value(QStringLiteral("replication:backend:billing"))
                     .expect.value(QStringLiteral("slot")),
                 QStringLiteral("ferry_migration_billing"));
        QCOMPARE(byId.value(QStringLiteral("replication:pg-1:orders"))
                     .expect.value(QStringLiteral("slot")),
                 QStringLiteral("ferry_migration"));
        const RunbookStep *start =
            rb.step(QStringLiteral("week-before/start-replication/do:dbaas:7"));
        QVERIFY(start);
        for (const char *line :
             {"psql \"$TARGET\"' dbname=postgres' -c 'CREATE DATABASE \"shop\"'",
              "pg_dump --schema-only --no-owner --no-privileges \"$SOURCE\"' dbname=billing' | "
              "psql \"$TARGET\"' dbname=billing'",
              "CREATE SUBSCRIPTION ferry_migration_shop CONNECTION :'source' PUBLICATION "
              "ferry_migration;"})
            QVERIFY2(start->instructions.contains(QString::fromUtf8(line)),
                     qPrintable(start->instructions));
        QVERIFY(!start->instructions.contains(QLatin1String("$SOURCE_URL")));
        const RunbookStep *stop = rb.step(QStringLiteral("cutover/stop-replication/do:dbaas:7"));
        QVERIFY(stop &&
                stop->instructions.contains(QLatin1String("DROP SUBSCRIPTION "
                                                          "ferry_migration_billing")) &&
                stop->instructions.contains(QLatin1String("DROP SUBSCRIPTION "
                                                          "ferry_migration_shop")));
        QCOMPARE(logicalReplicationName(QStringLiteral("a-b"),
                                        {QStringLiteral("a-b"), QStringLiteral("a_b")}),
                 QStringLiteral("ferry_migration_a_b"));
        QCOMPARE(logicalReplicationName(QStringLiteral("a_b"),
                                        {QStringLiteral("a-b"), QStringLiteral("a_b")}),
                 QStringLiteral("ferry_migration_a_b_2"));
        // A database name that is hostile to the shell and to libpq reaches the command as
        // one word, the database's own: the shell and libpq's quoting rules, checked by sh.
        Plan hostile = plan;
        hostile.mappings[db.id].databases = {QStringLiteral("shop"),
                                             QStringLiteral("x' host=evil $(id)")};
        const Runbook hostileRunbook = RunbookGenerator::generate(hostile);
        const RunbookStep *lagStep =
            hostileRunbook.step(QStringLiteral("cutover/replication-caught-up/do:dbaas:7"));
        QVERIFY(lagStep);
        QString lagLine;
        for (const QString &line : lagStep->instructions.split(u'\n'))
            if (line.contains(QLatin1String("replication-lag")) &&
                line.contains(QLatin1String("evil")))
                lagLine = line.trimmed();
        QVERIFY2(!lagLine.isEmpty(), qPrintable(lagStep->instructions));
        QProcess shell;
        shell.start(
            QStringLiteral("sh"),
            {QStringLiteral("-c"),
             QStringLiteral("SOURCE=src; TARGET=dst; ferry() { printf '%s\\n' \"$@\"; }; ") +
                 lagLine});
        QVERIFY(shell.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()).split(u'\n'),
                 (QStringList{QStringLiteral("replication-lag"), QStringLiteral("--source"),
                              QStringLiteral("src dbname='x\\' host=evil $(id)'"),
                              QStringLiteral("--target"),
                              QStringLiteral("dst dbname='x\\' host=evil $(id)'"),
                              QStringLiteral("--slot"),
                              QStringLiteral("ferry_migration_x__host_evil___id_"),
                              QStringLiteral("--wait"), QStringLiteral("600"), QString()}));
        // A mapping that names no database and a source that lists none: the default.
        QCOMPARE(applicationDatabases(db, nullptr),
                 (QStringList{QStringLiteral("billing"), QStringLiteral("shop")}));
        db.attributes.remove(QStringLiteral("databases"));
        QCOMPARE(applicationDatabases(db, nullptr), QStringList{QStringLiteral("defaultdb")});
    }

    void endpointsParse()
    {
        QString host;
        int port = 0;
        QVERIFY(parseEndpoint(QStringLiteral("db.example.com"), &host, &port, 5432));
        QCOMPARE(host, QStringLiteral("db.example.com"));
        QCOMPARE(port, 5432);
        QVERIFY(parseEndpoint(QStringLiteral("10.0.0.5:6543"), &host, &port, 5432));
        QCOMPARE(host, QStringLiteral("10.0.0.5"));
        QCOMPARE(port, 6543);
        QVERIFY(parseEndpoint(QStringLiteral("[2001:db8::1]:5432"), &host, &port, 1));
        QCOMPARE(host, QStringLiteral("[2001:db8::1]"));
        for (const char *bad :
             {"", "postgresql://db/x", "app:pw@db", "db:0", "db:70000", "db x", "db/path", "db:"})
            QVERIFY2(!parseEndpoint(QString::fromLatin1(bad), &host, &port, 1), bad);
    }
};

QTEST_GUILESS_MAIN(TestChecks)
#include "tst_checks.moc"
