// SPDX-License-Identifier: MIT
// `ferry check`, `ferry compare-data` and `ferry replication-lag`: the checks against real
// systems.
#include "clisupport.h"

#include "checkrun.h"
#include "checkrunner.h"
#include "datacompare.h"
#include "plan.h"
#include "replication.h"
#include "runlog.h"
#include "secrets.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>

namespace Ferry::CommandLine {

namespace {

/// `--source-password-env`, `--source-password-keychain` and the same for the target: where
/// compare-data and replication-lag find a side's password when not in libpq's own sources
/// (secrets.h). Never the password itself on the command line.
struct PasswordOptions
{
    QCommandLineOption sourceEnv{QStringLiteral("source-password-env"),
                                 QStringLiteral("Source password from this environment variable."),
                                 QStringLiteral("VAR")};
    QCommandLineOption sourceKeychain{
        QStringLiteral("source-password-keychain"),
        QStringLiteral("Source password from this keychain entry (`ferry secret set`)."),
        QStringLiteral("ENTRY")};
    QCommandLineOption targetEnv{QStringLiteral("target-password-env"),
                                 QStringLiteral("Target password from this environment variable."),
                                 QStringLiteral("VAR")};
    QCommandLineOption targetKeychain{
        QStringLiteral("target-password-keychain"),
        QStringLiteral("Target password from this keychain entry (`ferry secret set`)."),
        QStringLiteral("ENTRY")};

    void addTo(QCommandLineParser &p) const
    {
        p.addOptions({sourceEnv, sourceKeychain, targetEnv, targetKeychain});
    }

    /// Reads both passwords; false with a message on stderr when one cannot be read.
    bool read(const QCommandLineParser &p, const char *command, QString *source,
              QString *target) const
    {
        const PasswordSource sides[2] = {{p.value(sourceEnv), p.value(sourceKeychain)},
                                         {p.value(targetEnv), p.value(targetKeychain)}};
        QString *passwords[2] = {source, target};
        for (int i = 0; i < 2; ++i) {
            const QString error = readPasswordBlocking(sides[i], passwords[i]);
            if (!error.isEmpty()) {
                err() << "ferry " << command << ": " << (i == 0 ? "source" : "target")
                      << " password: " << error << '\n';
                return false;
            }
        }
        return true;
    }
};

} // namespace

int runCompareData(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption source(QStringLiteral("source"),
                                    QStringLiteral("Source database (libpq URI or key=value)."),
                                    QStringLiteral("URI"));
    const QCommandLineOption target(QStringLiteral("target"),
                                    QStringLiteral("Target database (libpq URI or key=value)."),
                                    QStringLiteral("URI"));
    const QCommandLineOption table(QStringLiteral("table"),
                                   QStringLiteral("Compare only SCHEMA.TABLE (repeatable)."),
                                   QStringLiteral("SCHEMA.TABLE"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output: text (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption connections(
        QStringLiteral("connections"),
        QStringLiteral("Connections per side, tables compared at once (default 2)."),
        QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption timeout(QStringLiteral("statement-timeout"),
                                     QStringLiteral("Seconds any one query may run (default 600)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("600"));
    const QCommandLineOption store(QStringLiteral("store"),
                                   QStringLiteral("Record the run in this run log (a SQLite file "
                                                  "or a postgresql:// URI)."),
                                   QStringLiteral("LOCATION"));
    p.addOptions({source, target, table, format, connections, timeout, store});
    const PasswordOptions passwords;
    passwords.addTo(p);
    if (int rc =
            parse(p, args,
                  QStringLiteral("Compare the data of two PostgreSQL databases, read-only: schema, "
                                 "exact row counts, and every row missing, extra or different by "
                                 "primary key. Passwords come from PGPASSWORD, ~/.pgpass or the "
                                 "keychain, never from the command line.\n"
                                 "Exit code: 0 identical, 1 different, 2 bad usage or a side could "
                                 "not be read."));
        rc >= 0)
        return rc;
    if (!p.isSet(source) || !p.isSet(target))
        return usageError(p, QStringLiteral("compare-data needs --source and --target"));
    const QString fmt = p.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json"))
        return usageError(p, QStringLiteral("--format must be text or json"));
    DataCompareOptions o;
    o.source = p.value(source);
    o.target = p.value(target);
    o.tables = p.values(table);
    if (!passwords.read(p, "compare-data", &o.sourcePassword, &o.targetPassword))
        return BadInput;
    bool ok = false;
    o.connectionsPerSide = p.value(connections).toInt(&ok);
    if (!ok || o.connectionsPerSide < 1 || o.connectionsPerSide > 64)
        return usageError(p, QStringLiteral("--connections needs a number from 1 to 64"));
    o.statementTimeoutSeconds = p.value(timeout).toInt(&ok);
    if (!ok || o.statementTimeoutSeconds < 1)
        return usageError(p, QStringLiteral("--statement-timeout needs a whole number of seconds"));
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const DataComparison c = DataCompare::run(o);
    if (fmt == QLatin1String("json"))
        out() << QJsonDocument(dataComparisonToJson(c)).toJson(QJsonDocument::Indented);
    else
        out() << dataComparisonToText(c);
    if (p.isSet(store)) {
        CheckRun run;
        run.kind = QStringLiteral("compare-data");
        run.started = started;
        run.seconds = c.seconds;
        Check check;
        check.id = QStringLiteral("compare-data");
        check.kind = CheckKind::Data;
        check.target = o.source;
        check.expect = {{QStringLiteral("target_database"), o.target}};
        if (!o.tables.isEmpty())
            check.expect.insert(QStringLiteral("tables"), o.tables.join(u','));
        run.checks = {check};
        run.results = {dataComparisonToCheckResult(check.id, c)};
        run.results[0].started = started;
        RunLog log;
        QString error;
        if (!log.open(p.value(store), &error) || log.record(run, &error) < 0) {
            err() << "ferry compare-data: " << error << '\n';
            return BadInput;
        }
    }
    if (!c.error.isEmpty()) {
        err() << "ferry compare-data: " << c.error << '\n';
        return BadInput;
    }
    for (const TableComparison &t : c.tables)
        if (t.status == TableComparison::Status::Error)
            return BadInput;
    return c.identical() ? Success : Failed;
}

int runReplicationLag(const QStringList &args)
{
    QCommandLineParser p;
    const QCommandLineOption source(QStringLiteral("source"),
                                    QStringLiteral("Publisher (libpq URI or key=value)."),
                                    QStringLiteral("URI"));
    const QCommandLineOption target(QStringLiteral("target"),
                                    QStringLiteral("Subscriber (libpq URI or key=value)."),
                                    QStringLiteral("URI"));
    const QCommandLineOption slot(QStringLiteral("slot"),
                                  QStringLiteral("Only this replication slot."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption maxBytes(QStringLiteral("max-lag-bytes"),
                                      QStringLiteral("Caught up at most N bytes behind (0)."),
                                      QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption maxSeconds(QStringLiteral("max-lag-seconds"),
                                        QStringLiteral("Caught up at most S seconds of replay "
                                                       "lag behind (10)."),
                                        QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption wait(QStringLiteral("wait"),
                                  QStringLiteral("Wait up to S seconds for caught up (0: read "
                                                 "once)."),
                                  QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output: text (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    p.addOptions({source, target, slot, maxBytes, maxSeconds, wait, format});
    const PasswordOptions passwords;
    passwords.addTo(p);
    if (int rc = parse(p, args,
                       QStringLiteral("Read logical replication lag (source slots and "
                                      "walsenders, target subscriptions), read-only, and tell "
                                      "whether the target has caught up: the gate a cutover "
                                      "runbook waits on.\n"
                                      "Exit code: 0 caught up, 1 not caught up (after --wait), "
                                      "2 bad usage or a side could not be read."));
        rc >= 0)
        return rc;
    if (!p.isSet(source))
        return usageError(p, QStringLiteral("replication-lag needs --source"));
    const QString fmt = p.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json"))
        return usageError(p, QStringLiteral("--format must be text or json"));
    ReplicationOptions o;
    o.source = p.value(source);
    o.target = p.value(target);
    o.slot = p.value(slot);
    if (!passwords.read(p, "replication-lag", &o.sourcePassword, &o.targetPassword))
        return BadInput;
    bool ok1 = false, ok2 = false, ok3 = false;
    o.maxLagBytes = p.value(maxBytes).toLongLong(&ok1);
    o.maxLagSeconds = p.value(maxSeconds).toDouble(&ok2);
    const double waitSeconds = p.value(wait).toDouble(&ok3);
    if (!ok1 || !ok2 || !ok3 || o.maxLagBytes < 0 || o.maxLagSeconds < 0 || waitSeconds < 0)
        return usageError(p, QStringLiteral("--max-lag-bytes, --max-lag-seconds and --wait need "
                                            "numbers of at least 0"));
    const ReplicationStatus s = waitForCaughtUp(o, waitSeconds);
    if (fmt == QLatin1String("json"))
        out() << QJsonDocument(replicationStatusToJson(s)).toJson(QJsonDocument::Indented);
    else
        out() << replicationStatusToText(s);
    if (!s.error.isEmpty()) {
        err() << "ferry replication-lag: " << s.error << '\n';
        return BadInput;
    }
    return s.caughtUp ? Success : Failed;
}

int runCheck(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("PLAN"), QStringLiteral("Plan file."));
    const QCommandLineOption only(QStringLiteral("only"),
                                  QStringLiteral("Run only check ID (repeatable)."),
                                  QStringLiteral("ID"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output: text (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption concurrency(
        QStringLiteral("concurrency"),
        QStringLiteral("Checks run at once (default 256; database checks at most 4 per server)."),
        QStringLiteral("N"), QStringLiteral("256"));
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("Run log: a SQLite file or a postgresql:// URI (default: PLAN's "
                       "-runs.sqlite file beside it)."),
        QStringLiteral("LOCATION"));
    const QCommandLineOption noStore(QStringLiteral("no-store"),
                                     QStringLiteral("Do not record the run."));
    const QCommandLineOption trust(
        QStringLiteral("trust"),
        QStringLiteral("Trust this plan's checks: let them contact the hosts they name, with "
                       "the password sources they name (recorded for these checks; a changed "
                       "set of checks asks again)."));
    const QCommandLineOption generate(
        QStringLiteral("generate"),
        QStringLiteral("Add the checks that follow from the inventory (load balancers, domains, "
                       "DNS records) to the plan file, then stop."));
    p.addOptions({only, format, concurrency, store, noStore, trust, generate});
    if (int rc = parse(p, args,
                       QStringLiteral("Run the plan's connection checks (DNS, TCP, TLS, HTTP, "
                                      "PostgreSQL login), at most --concurrency at once, and "
                                      "record the run in the run log. A plan is untrusted until "
                                      "you trust it (--trust): its checks could name any host "
                                      "and any password source.\n"
                                      "Exit code: 0 all passed, 1 a check failed, 2 bad usage, "
                                      "bad input or a check that could not be run as written."));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1)
        return usageError(p, QStringLiteral("usage: ferry check PLAN [--only ID]…"));
    const QString fmt = p.value(format);
    if (fmt != QLatin1String("text") && fmt != QLatin1String("json"))
        return usageError(p, QStringLiteral("--format must be text or json"));
    bool ok = false;
    const int n = p.value(concurrency).toInt(&ok);
    if (!ok || n < 1 || n > 256)
        return usageError(p, QStringLiteral("--concurrency needs a number from 1 to 256"));
    Plan plan;
    if (!loadPlan(pos[0], &plan))
        return BadInput;

    if (p.isSet(generate)) {
        QStringList added;
        for (const Check &c : generateChecks(plan))
            if (!plan.checks.count(c.id)) {
                plan.checks.emplace(c.id, c);
                added.append(c.id);
            }
        if (!added.isEmpty() && !savePlan(plan, pos[0]))
            return BadInput;
        out() << added.size() << " checks added to " << pos[0] << '\n';
        for (const QString &id : added)
            out() << "  " << id << '\n';
        return Success;
    }

    if (!requireTrust(QStringLiteral("check"), pos[0], plan, p.isSet(trust)))
        return BadInput;

    CheckRun run;
    run.plan = plan.name;
    run.planFile = QFileInfo(pos[0]).absoluteFilePath();
    const QStringList wanted = p.values(only);
    for (const QString &id : wanted)
        if (!plan.checks.count(id))
            return usageError(p, QStringLiteral("the plan has no check %1").arg(id));
    for (const auto &[id, c] : plan.checks)
        if (wanted.isEmpty() || wanted.contains(id))
            run.checks.append(c);
    if (run.checks.isEmpty()) {
        err() << "ferry check: " << pos[0]
              << " has no checks (ferry check --generate adds the ones that follow from its "
                 "inventory)\n";
        return BadInput;
    }
    run.started = QDateTime::currentDateTimeUtc();
    QElapsedTimer timer;
    timer.start();
    run.results = CheckRunner::runAll(run.checks, n);
    run.seconds = double(timer.nsecsElapsed()) / 1e9;

    if (fmt == QLatin1String("json"))
        out() << QJsonDocument(checkRunToJson(run)).toJson(QJsonDocument::Indented);
    else
        out() << checkRunToText(run);
    if (!p.isSet(noStore)) {
        RunLog log;
        QString error;
        const QString where =
            p.isSet(store) ? p.value(store) : RunLog::defaultLocation(run.planFile);
        if (!log.open(where, &error) || log.record(run, &error) < 0) {
            err() << "ferry check: " << error << '\n';
            return BadInput;
        }
        if (fmt == QLatin1String("text"))
            out() << "Recorded in " << where << '\n';
    }
    return run.exitCode();
}

} // namespace Ferry::CommandLine
