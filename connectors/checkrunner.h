// SPDX-License-Identifier: MIT
#pragma once

#include "check.h"
#include "datacompare.h"
#include "stringmap.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <algorithm>
#include <memory>

class QNetworkAccessManager;
class QThreadPool;

namespace Ferry {

class TrustStore;

/// The outcome of one connection check.
struct CheckResult
{
    enum class Status {
        NotRun,
        Running,
        Passed,
        Failed, ///< ran, and the system did not do what was expected (refused, timed out…)
        Error,  ///< could not be run as written (malformed target, missing password variable)
        Cancelled,
    };
    QString checkId;
    Status status = Status::NotRun;
    QString message;       ///< one line for people: what passed or why it failed
    double latencyMs = -1; ///< time to connect / resolve / first response, -1 when none
    double seconds = 0;    ///< the whole check
    StringMap details;     ///< records and TTLs, certificate facts, server facts…
    QDateTime started;     ///< UTC
    /// A data check's whole comparison (every table, every reported row with both sides'
    /// values), for views that show more than `details`; null for other kinds and for results
    /// read back from the run log.
    std::shared_ptr<const DataComparison> data;
};

/// `not run`, `running`, `passed`, `failed`, `error`, `cancelled`.
QString checkStatusName(CheckResult::Status status);
/// Parses a checkStatusName(); false (and `status` unchanged) when unknown.
bool parseCheckStatus(const QString &name, CheckResult::Status *status);
/// A data comparison as the result of check `checkId`: passed when identical; details per
/// table (status, row counts, missing / extra / different), the first 50 differing rows with
/// both sides' values, the schema differences.
CheckResult dataComparisonToCheckResult(const QString &checkId, const DataComparison &d);
/// A result as JSON (docs/checks.md, "check JSON").
QJsonObject checkResultToJson(const CheckResult &r);

/// Runs connection checks concurrently, each bounded by its timeout, so many endpoints take
/// about as long as the slowest, not the sum: network checks (DNS, TCP, TLS, HTTP) wait on the
/// network, not on a thread, and run up to concurrency() at once (default 256); database checks
/// (PostgreSQL logins, data comparisons, replication) hold a thread and a server connection
/// each, so at most databaseChecksPerServer() (default 4) run against one server at once, and
/// no more than the pool's threads (16) overall.
///
/// DNS, TCP, TLS and HTTP checks are asynchronous Qt Network operations on the runner's thread
/// (QDnsLookup, QTcpSocket, QSslSocket, QNetworkAccessManager); PostgreSQL logins block in
/// libpq, so they run on a thread pool. Checks never write: the PostgreSQL session is
/// read-only and only reads server facts. cancel() aborts every running check at once.
/// A check reads a password only from a source the trust store allows for its host (an
/// environment variable not allowed there ends the check as an error before it connects).
class CheckRunner : public QObject
{
    Q_OBJECT

public:
    explicit CheckRunner(QObject *parent = nullptr);
    ~CheckRunner() override;

    /// Checks running at once (1–256).
    void setConcurrency(int n);
    int concurrency() const { return m_concurrency; }
    /// Database checks running at once against one server (host and port as written; 1–64).
    void setDatabaseChecksPerServer(int n) { m_perServer = std::clamp(n, 1, 64); }
    int databaseChecksPerServer() const { return m_perServer; }
    /// The allowed password sources (TrustStore::passwordProblem()) the checks are held to;
    /// the user's store unless set. Not owned.
    void setTrustStore(TrustStore *store) { m_trust = store; }
    /// How often a running data check reports dataProgress(), in milliseconds (default 250).
    void setProgressInterval(int ms) { m_progressInterval = std::max(1, ms); }

    /// Starts `checks`; results come through checkFinished() and then finished().
    void start(const QList<Check> &checks);
    /// Aborts the running checks and marks the rest cancelled; finished() follows.
    void cancel();
    bool isRunning() const { return m_running; }
    /// Results in the order the checks were given (NotRun for those not started yet).
    QList<CheckResult> results() const { return m_results; }

    /// Runs `checks` and waits (spinning an event loop) until all are done.
    static QList<CheckResult> runAll(const QList<Check> &checks, int concurrency = 256);

signals:
    void checkStarted(const QString &id);
    void checkFinished(const Ferry::CheckResult &result);
    /// A running data check's tables (every progress interval while it runs): phase, rows hashed,
    /// segments left; `done` of `total` tables finished.
    void dataProgress(const QString &id, const QList<Ferry::DataTableProgress> &tables, int done,
                      int total);
    void finished();

private:
    class Job;
    void startNext();
    /// A database check's work on the pool ended: its server takes another.
    void releaseServer(const QString &server);
    void jobDone(Job *job, const CheckResult &result);

    int m_concurrency = 256;
    int m_perServer = 4;
    int m_progressInterval = 250;
    bool m_running = false;
    QList<Check> m_checks;
    QList<CheckResult> m_results;
    QList<qsizetype> m_pending; ///< indices of the checks not started yet, in order
    QHash<Job *, qsizetype> m_active;
    QHash<QString, int> m_serverLoad; ///< database checks running per server
    QHash<Job *, QString> m_jobServer;
    QNetworkAccessManager *m_network = nullptr;
    std::unique_ptr<QThreadPool> m_pool;
    TrustStore *m_trust = nullptr;
};

} // namespace Ferry
