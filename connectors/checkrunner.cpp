// SPDX-License-Identifier: MIT
#include "checkrunner.h"

#include "databasechecks.h"
#include "datacompare.h"
#include "httpcomparison.h"
#include "pgconninfo.h"
#include "plantrust.h"
#include "secrets.h"

#include <QCoreApplication>
#include <QDnsLookup>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <atomic>
#include <functional>

namespace Ferry {

namespace {

/// `host:port` → host and port; false when malformed. `[v6]:port` is accepted.
bool splitHostPort(const QString &target, QString *host, quint16 *port)
{
    const qsizetype colon = target.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    bool ok = false;
    const uint p = target.mid(colon + 1).toUInt(&ok);
    if (!ok || p == 0 || p > 65535)
        return false;
    *host = target.left(colon);
    if (host->startsWith(u'[') && host->endsWith(u']'))
        *host = host->mid(1, host->size() - 2);
    *port = quint16(p);
    return !host->isEmpty();
}

/// Adds the CA certificates of `expect["ca_file"]` (PEM) to `config`; false with a message.
bool addCaFile(const Check &c, QSslConfiguration *config, QString *error)
{
    const QString file = c.expect.value(QStringLiteral("ca_file"));
    if (file.isEmpty())
        return true;
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(file, QSsl::Pem);
    if (certs.isEmpty()) {
        *error = QStringLiteral("no PEM certificate in ca_file %1").arg(file);
        return false;
    }
    config->addCaCertificates(certs);
    return true;
}

} // namespace

/// One running check: starts on construction's start(), reports once through done().
class CheckRunner::Job : public QObject
{
public:
    Job(CheckRunner *runner, const Check &check)
        : QObject(runner)
        , m_runner(runner)
        , m_check(check)
    {
        m_result.checkId = check.id;
        m_result.status = CheckResult::Status::Running;
    }

    void start()
    {
        m_result.started = QDateTime::currentDateTimeUtc();
        m_timer.start();
        // A replication check's wait comes on top of its timeout (which bounds each reading).
        const int limit =
            std::max(1, m_check.timeoutSeconds) + DatabaseChecks::replicationWaitSeconds(m_check);
        QTimer::singleShot(qint64(limit) * 1000, this, [this, limit] {
            fail(CheckResult::Status::Failed, QStringLiteral("timed out after %1 s").arg(limit));
        });
        switch (m_check.kind) {
        case CheckKind::Dns:
            startDns();
            break;
        case CheckKind::Tcp:
        case CheckKind::Tls:
            startSocket();
            break;
        case CheckKind::Http:
            startHttp();
            break;
        case CheckKind::HttpCompare:
            startHttpCompare();
            break;
        case CheckKind::Postgres:
            startPostgres();
            break;
        case CheckKind::Data:
            withPasswords({QString(), QStringLiteral("target_")}, [this](const QStringList &pw) {
                auto progress = m_dataProgress = std::make_shared<DataCompareProgress>();
                auto *tick = new QTimer(this);
                connect(tick, &QTimer::timeout, this, [this, progress] {
                    if (!m_done)
                        emit m_runner->dataProgress(m_check.id, progress->tables(),
                                                    progress->tablesDone, progress->tablesTotal);
                });
                tick->start(m_runner->m_progressInterval);
                startBlocking([check = m_check, progress, pw] {
                    return DatabaseChecks::data(check, progress.get(), pw[0], pw[1]);
                });
            });
            break;
        case CheckKind::Replication:
            withPasswords(
                {QString(), QStringLiteral("subscriber_")}, [this](const QStringList &pw) {
                    m_stop = std::make_shared<std::atomic<bool>>(false);
                    startBlocking([check = m_check, pw, stop = m_stop] {
                        return DatabaseChecks::replication(check, pw[0], pw[1], stop.get());
                    });
                });
            break;
        }
    }

    void abort() { fail(CheckResult::Status::Cancelled, QStringLiteral("cancelled")); }

private:
    void finish(CheckResult::Status status, const QString &message)
    {
        if (m_done)
            return;
        m_done = true;
        m_result.status = status;
        m_result.message = message;
        m_result.seconds = double(m_timer.nsecsElapsed()) / 1e9;
        if (m_socket)
            m_socket->abort();
        if (m_reply)
            m_reply->abort();
        if (m_comparison)
            m_comparison->abort();
        if (m_dns)
            m_dns->abort();
        if (m_dataProgress)
            m_dataProgress->cancel(); // the compare cancels its queries on the servers
        if (m_stop)
            m_stop->store(true); // a replication check waiting to catch up stops waiting
        const CheckResult r = m_result;
        m_runner->jobDone(this, r);
    }
    void fail(CheckResult::Status status, const QString &message) { finish(status, message); }
    void latency() { m_result.latencyMs = double(m_timer.nsecsElapsed()) / 1e6; }

    /// Looks `m_check.target` up as `t` through `nameserver` (the system's when empty) and calls
    /// `done` with the answers (`value (ttl N)`) or an error.
    void lookup(QDnsLookup::Type t, const QString &nameserver,
                std::function<void(const QStringList &, const QString &)> done)
    {
        auto *dns = new QDnsLookup(t, m_check.target, this);
        m_dns = dns;
        if (!nameserver.isEmpty())
            dns->setNameserver(QHostAddress(nameserver));
        connect(dns, &QDnsLookup::finished, this, [dns, done] {
            dns->deleteLater();
            if (dns->error() != QDnsLookup::NoError)
                return done({}, dns->errorString());
            QStringList values;
            for (const auto &rec : dns->hostAddressRecords())
                values.append(QStringLiteral("%1 (ttl %2)")
                                  .arg(rec.value().toString())
                                  .arg(rec.timeToLive()));
            for (const auto &rec : dns->canonicalNameRecords())
                values.append(QStringLiteral("%1 (ttl %2)").arg(rec.value()).arg(rec.timeToLive()));
            for (const auto &rec : dns->textRecords()) {
                QStringList parts;
                for (const QByteArray &p : rec.values())
                    parts.append(QString::fromUtf8(p));
                values.append(QStringLiteral("%1 (ttl %2)")
                                  .arg(parts.join(QString()), QString::number(rec.timeToLive())));
            }
            done(values, QString());
        });
        dns->lookup();
    }

    static QStringList withoutTtl(const QStringList &values)
    {
        QStringList out;
        for (const QString &v : values)
            out.append(v.section(QStringLiteral(" (ttl"), 0, 0));
        out.sort();
        out.removeDuplicates();
        return out;
    }

    void startDns()
    {
        const QString type =
            m_check.expect.value(QStringLiteral("type"), QStringLiteral("A")).toUpper();
        QDnsLookup::Type t = QDnsLookup::A;
        if (type == QLatin1String("AAAA"))
            t = QDnsLookup::AAAA;
        else if (type == QLatin1String("CNAME"))
            t = QDnsLookup::CNAME;
        else if (type == QLatin1String("TXT"))
            t = QDnsLookup::TXT;
        else if (type != QLatin1String("A"))
            return fail(CheckResult::Status::Error,
                        QStringLiteral("unknown record type %1 (A, AAAA, CNAME or TXT)").arg(type));
        const QString ns = m_check.expect.value(QStringLiteral("nameserver"));
        const QString other = m_check.expect.value(QStringLiteral("compare_nameserver"));
        for (const QString &address : {ns, other})
            if (!address.isEmpty() && QHostAddress(address).isNull())
                return fail(CheckResult::Status::Error,
                            QStringLiteral("nameserver %1 is not an IP address").arg(address));
        lookup(t, ns, [this, t, type, other](const QStringList &values, const QString &error) {
            latency();
            if (!error.isEmpty())
                return fail(CheckResult::Status::Failed,
                            QStringLiteral("%1 %2: %3").arg(type, m_check.target, error));
            m_result.details.insert(QStringLiteral("records"), values.join(QStringLiteral(", ")));
            if (values.isEmpty())
                return fail(CheckResult::Status::Failed,
                            QStringLiteral("%1 %2: no records").arg(type, m_check.target));
            const QString want = m_check.expect.value(QStringLiteral("value"));
            if (!want.isEmpty() && !withoutTtl(values).contains(want))
                return fail(
                    CheckResult::Status::Failed,
                    QStringLiteral("%1 %2 is %3, expected %4")
                        .arg(type, m_check.target, values.join(QStringLiteral(", ")), want));
            const QString answer =
                QStringLiteral("%1 %2: %3")
                    .arg(type, m_check.target, values.join(QStringLiteral(", ")));
            if (other.isEmpty())
                return finish(CheckResult::Status::Passed, answer);
            // Source vs target: the other nameserver (the new DNS provider's, say) must give
            // the same answers, TTLs aside.
            lookup(t, other,
                   [this, type, values, other, answer](const QStringList &theirs,
                                                       const QString &error) {
                       m_result.details.insert(QStringLiteral("compare_records"),
                                               error.isEmpty() ? theirs.join(QStringLiteral(", "))
                                                               : error);
                       if (!error.isEmpty())
                           return fail(CheckResult::Status::Failed,
                                       QStringLiteral("%1 %2 through %3: %4")
                                           .arg(type, m_check.target, other, error));
                       if (withoutTtl(values) != withoutTtl(theirs))
                           return fail(CheckResult::Status::Failed,
                                       QStringLiteral("%1 %2 differs: %3 here, %4 through %5")
                                           .arg(type, m_check.target,
                                                withoutTtl(values).join(QStringLiteral(", ")),
                                                withoutTtl(theirs).join(QStringLiteral(", ")),
                                                other));
                       finish(CheckResult::Status::Passed,
                              answer + QStringLiteral(", the same through %1").arg(other));
                   });
        });
    }

    void startSocket()
    {
        QString host;
        quint16 port = 0;
        if (!splitHostPort(m_check.target, &host, &port))
            return fail(CheckResult::Status::Error,
                        QStringLiteral("target %1 is not host:port").arg(m_check.target));
        if (m_check.kind == CheckKind::Tcp) {
            m_socket = new QTcpSocket(this);
            connect(m_socket, &QTcpSocket::connected, this, [this, host, port] {
                latency();
                finish(CheckResult::Status::Passed, QStringLiteral("connected to %1:%2 in %3 ms")
                                                        .arg(host)
                                                        .arg(port)
                                                        .arg(m_result.latencyMs, 0, 'f', 1));
            });
            connect(m_socket, &QAbstractSocket::errorOccurred, this,
                    [this] { fail(CheckResult::Status::Failed, m_socket->errorString()); });
            m_socket->connectToHost(host, port);
            return;
        }
        auto *ssl = new QSslSocket(this);
        m_socket = ssl;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        QString error;
        if (!addCaFile(m_check, &config, &error))
            return fail(CheckResult::Status::Error, error);
        ssl->setSslConfiguration(config);
        connect(ssl, &QAbstractSocket::connected, this, [this] { latency(); });
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList texts;
            for (const QSslError &e : errors)
                texts.append(e.errorString());
            m_sslErrors = texts;
        });
        connect(ssl, &QSslSocket::encrypted, this, [this, ssl, host] {
            const QSslCertificate cert = ssl->peerCertificate();
            const qint64 days = QDateTime::currentDateTimeUtc().daysTo(cert.expiryDate());
            m_result.details.insert(QStringLiteral("subject"),
                                    cert.subjectInfo(QSslCertificate::CommonName).join(u','));
            m_result.details.insert(QStringLiteral("issuer"),
                                    cert.issuerInfo(QSslCertificate::CommonName).join(u','));
            m_result.details.insert(QStringLiteral("expires"),
                                    cert.expiryDate().toString(Qt::ISODate));
            m_result.details.insert(QStringLiteral("days_left"), QString::number(days));
            m_result.details.insert(QStringLiteral("chain_length"),
                                    QString::number(ssl->peerCertificateChain().size()));
            const QSsl::SslProtocol p = ssl->sessionProtocol();
            m_result.details.insert(QStringLiteral("protocol"),
                                    p == QSsl::TlsV1_3   ? QStringLiteral("TLS 1.3")
                                    : p == QSsl::TlsV1_2 ? QStringLiteral("TLS 1.2")
                                                         : QStringLiteral("older than TLS 1.2"));
            const int minDays =
                m_check.expect.value(QStringLiteral("min_days"), QStringLiteral("14")).toInt();
            if (days < minDays)
                return fail(
                    CheckResult::Status::Failed,
                    QStringLiteral("certificate of %1 expires in %2 days (at least %3 wanted)")
                        .arg(host)
                        .arg(days)
                        .arg(minDays));
            finish(CheckResult::Status::Passed,
                   QStringLiteral("%1, certificate valid for %2 more days, chain verified")
                       .arg(m_result.details.value(QStringLiteral("protocol")))
                       .arg(days));
        });
        connect(ssl, &QAbstractSocket::errorOccurred, this, [this, ssl] {
            // A failed verification ends the handshake with an error after sslErrors().
            fail(CheckResult::Status::Failed,
                 m_sslErrors.isEmpty() ? ssl->errorString()
                                       : QStringLiteral("certificate not trusted: %1")
                                             .arg(m_sslErrors.join(QStringLiteral("; "))));
        });
        ssl->connectToHostEncrypted(host, port);
    }

    void startHttp()
    {
        const QUrl url(m_check.target);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return fail(CheckResult::Status::Error,
                        QStringLiteral("target %1 is not an http(s) URL").arg(m_check.target));
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             expectTrue(m_check, QStringLiteral("follow_redirects"), true)
                                 ? QNetworkRequest::NoLessSafeRedirectPolicy
                                 : QNetworkRequest::ManualRedirectPolicy);
        request.setHeader(QNetworkRequest::UserAgentHeader,
                          QStringLiteral("Ferry connection check"));
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        QString error;
        if (!addCaFile(m_check, &config, &error))
            return fail(CheckResult::Status::Error, error);
        request.setSslConfiguration(config);
        const QByteArray method =
            m_check.expect.value(QStringLiteral("method"), QStringLiteral("GET"))
                .toUpper()
                .toLatin1();
        m_reply = m_runner->m_network->sendCustomRequest(request, method);
        connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
            if (m_result.latencyMs < 0)
                latency();
        });
        connect(m_reply, &QNetworkReply::finished, this, [this] {
            if (m_done)
                return;
            if (m_result.latencyMs < 0)
                latency();
            const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const int want =
                m_check.expect.value(QStringLiteral("status"), QStringLiteral("200")).toInt();
            m_result.details.insert(QStringLiteral("status"), QString::number(status));
            m_result.details.insert(QStringLiteral("url"), m_reply->url().toString());
            if (status == 0)
                return fail(CheckResult::Status::Failed, m_reply->errorString());
            const QByteArray body = m_reply->readAll();
            if (status != want)
                return fail(CheckResult::Status::Failed,
                            QStringLiteral("HTTP %1, expected %2").arg(status).arg(want));
            const QString text = m_check.expect.value(QStringLiteral("body"));
            if (!text.isEmpty() && !QString::fromUtf8(body).contains(text))
                return fail(CheckResult::Status::Failed,
                            QStringLiteral("HTTP %1, but the body does not contain \"%2\"")
                                .arg(status)
                                .arg(text));
            finish(
                CheckResult::Status::Passed,
                QStringLiteral("HTTP %1 in %2 ms").arg(status).arg(m_result.latencyMs, 0, 'f', 1));
        });
    }

    void startHttpCompare()
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        QString error;
        if (!addCaFile(m_check, &config, &error))
            return fail(CheckResult::Status::Error, error);
        auto *compare = new HttpComparison(m_runner->m_network, m_check, config, this);
        m_comparison = compare;
        connect(compare, &HttpComparison::finished, this,
                [this](bool error, const HttpComparisonOutcome &o, double latencyMs) {
                    m_result.latencyMs = latencyMs;
                    m_result.details = o.details;
                    finish(error    ? CheckResult::Status::Error
                           : o.same ? CheckResult::Status::Passed
                                    : CheckResult::Status::Failed,
                           o.message);
                });
        compare->start();
    }

    /// Runs `f` (returning a CheckResult) on the runner's pool and finishes with its result.
    template<typename F> void startBlocking(F f)
    {
        // The server's slot is given back when the work ends, not when the check does: a
        // login that timed out still holds its connection until libpq gives up.
        m_holdsServer = true;
        CheckRunner *runner = m_runner;
        const QString server = m_runner->m_jobServer.value(this);
        auto work = [f = std::move(f), runner, server]() mutable {
            const CheckResult r = f();
            QMetaObject::invokeMethod(
                runner, [runner, server] { runner->releaseServer(server); }, Qt::QueuedConnection);
            return r;
        };
        auto *watcher = new QFutureWatcher<CheckResult>(this);
        connect(watcher, &QFutureWatcher<CheckResult>::finished, this, [this, watcher] {
            const CheckResult r = watcher->result();
            m_result.latencyMs = r.latencyMs;
            m_result.details = r.details;
            m_result.data = r.data;
            finish(r.status, r.message);
        });
        watcher->setFuture(QtConcurrent::run(m_runner->m_pool.get(), std::move(work)));
    }

public:
    /// True once work runs on the pool (which then gives the server's slot back itself).
    bool holdsServer() const { return m_holdsServer; }

private:
    bool m_holdsServer = false;

    void startPostgres()
    {
        withPasswords({QString()}, [this](const QStringList &pw) {
            startBlocking([check = m_check, pw] { return DatabaseChecks::login(check, pw[0]); });
        });
    }

    /// Reads the passwords of the sides named by `prefixes` (passwordSource(): an environment
    /// variable, a keychain entry, or none), one after the other, then calls `then` with them
    /// in the same order; a password that cannot be read ends the check with an error that
    /// names its source.
    void withPasswords(const QStringList &prefixes, std::function<void(const QStringList &)> then,
                       QStringList read = {})
    {
        if (m_done)
            return;
        if (read.size() == prefixes.size())
            return then(read);
        const QString prefix = prefixes[read.size()];
        TrustStore *trust = m_runner->m_trust ? m_runner->m_trust : &TrustStore::user();
        if (const QString problem = trust->passwordProblem(m_check, prefix); !problem.isEmpty())
            return fail(CheckResult::Status::Error, problem);
        const PasswordSource source = passwordSource(m_check, prefix);
        readPassword(source, this,
                     [this, prefixes, then = std::move(then), read](const QString &password,
                                                                    const QString &error) mutable {
                         if (!error.isEmpty())
                             return fail(CheckResult::Status::Error, error);
                         read.append(password);
                         withPasswords(prefixes, std::move(then), std::move(read));
                     });
    }

    CheckRunner *m_runner;
    Check m_check;
    CheckResult m_result;
    QElapsedTimer m_timer;
    bool m_done = false;
    QPointer<QAbstractSocket> m_socket;
    QPointer<QNetworkReply> m_reply;
    QPointer<HttpComparison> m_comparison;
    QPointer<QDnsLookup> m_dns;
    std::shared_ptr<DataCompareProgress> m_dataProgress;
    std::shared_ptr<std::atomic<bool>> m_stop; ///< set to stop a replication check's wait
    QStringList m_sslErrors;
};

namespace {

/// Threads for the blocking database checks (libpq logins, comparisons).
constexpr int kDatabaseThreads = 16;

bool isDatabaseCheck(CheckKind kind)
{
    return kind == CheckKind::Postgres || kind == CheckKind::Data || kind == CheckKind::Replication;
}

/// The server a database check connects to first: its host(s) and port as written, so two
/// checks of one server share its limit.
QString serverOf(const Check &c)
{
    QString error;
    const QStringList hosts = connectionHosts(c.target, &error);
    return hosts.isEmpty() ? c.target : hosts.join(u',');
}

} // namespace

CheckRunner::CheckRunner(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setMaxThreadCount(kDatabaseThreads);
}

CheckRunner::~CheckRunner()
{
    cancel();
    m_pool->waitForDone(); // PostgreSQL logins still connecting end within their timeout
}

void CheckRunner::setConcurrency(int n)
{
    m_concurrency = std::clamp(n, 1, 256);
    m_pool->setMaxThreadCount(std::min(m_concurrency, kDatabaseThreads));
}

void CheckRunner::start(const QList<Check> &checks)
{
    if (m_running)
        return;
    m_checks = checks;
    m_results.clear();
    for (const Check &c : checks) {
        CheckResult r;
        r.checkId = c.id;
        m_results.append(r);
    }
    m_pending.clear();
    for (qsizetype i = 0; i < checks.size(); ++i)
        m_pending.append(i);
    // m_serverLoad stays: work of an earlier run may still hold a server's connections.
    m_jobServer.clear();
    m_running = true;
    if (checks.isEmpty()) {
        m_running = false;
        QTimer::singleShot(0, this, &CheckRunner::finished);
        return;
    }
    startNext();
}

void CheckRunner::startNext()
{
    // In order, passing over database checks whose server is busy (they start when one of its
    // checks ends), so a slow database never holds up the network checks behind it.
    for (qsizetype p = 0; m_running && m_active.size() < m_concurrency && p < m_pending.size();) {
        const qsizetype i = m_pending[p];
        QString server;
        if (isDatabaseCheck(m_checks[i].kind)) {
            server = serverOf(m_checks[i]);
            if (m_serverLoad.value(server) >= m_perServer) {
                ++p;
                continue;
            }
            ++m_serverLoad[server];
        }
        m_pending.removeAt(p);
        auto *job = new Job(this, m_checks[i]);
        m_active.insert(job, i);
        if (!server.isNull())
            m_jobServer.insert(job, server);
        m_results[i].status = CheckResult::Status::Running;
        emit checkStarted(m_checks[i].id);
        job->start(); // may finish at once (an error in the check itself)
    }
    if (m_running && m_active.isEmpty() && m_pending.isEmpty()) {
        m_running = false;
        emit finished();
    }
}

void CheckRunner::jobDone(Job *job, const CheckResult &result)
{
    const auto it = m_active.find(job);
    if (it == m_active.end())
        return;
    m_results[it.value()] = result;
    m_active.erase(it);
    if (const auto s = m_jobServer.constFind(job); s != m_jobServer.cend()) {
        if (!job->holdsServer())
            --m_serverLoad[s.value()];
        m_jobServer.erase(s);
    }
    job->deleteLater();
    emit checkFinished(result);
    QTimer::singleShot(0, this, &CheckRunner::startNext); // not from inside the job's slot
}

void CheckRunner::releaseServer(const QString &server)
{
    --m_serverLoad[server];
    startNext();
}

void CheckRunner::cancel()
{
    if (!m_running)
        return;
    for (qsizetype i : std::as_const(m_pending)) {
        m_results[i].status = CheckResult::Status::Cancelled;
        m_results[i].message = QStringLiteral("cancelled before it started");
    }
    m_pending.clear();
    const QList<Job *> jobs = m_active.keys();
    for (Job *j : jobs)
        j->abort();
    if (m_active.isEmpty() && m_running) {
        m_running = false;
        emit finished();
    }
}

QList<CheckResult> CheckRunner::runAll(const QList<Check> &checks, int concurrency)
{
    CheckRunner runner;
    runner.setConcurrency(concurrency);
    QEventLoop loop;
    connect(&runner, &CheckRunner::finished, &loop, &QEventLoop::quit);
    runner.start(checks);
    if (runner.isRunning())
        loop.exec();
    else
        QCoreApplication::processEvents();
    return runner.results();
}

} // namespace Ferry
