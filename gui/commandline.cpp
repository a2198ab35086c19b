// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "atomicfile.h"
#include "checkrun.h"
#include "checkrunner.h"
#include "datacompare.h"
#include "importservice.h"
#include "mappingrules.h"
#include "planfile.h"
#include "replication.h"
#include "runbook.h"
#include "runlog.h"
#include "secrets.h"
#include "selector.h"
#include "terraformexport.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

#include <termios.h>
#include <unistd.h>

namespace Ferry::CommandLine {

namespace {

enum ExitCode { Success = 0, Failed = 1, BadInput = 2 };

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    err() << "ferry: " << message << "\n\n" << parser.helpText();
    err().flush();
    return BadInput;
}

int inputError(const FileError &e)
{
    err() << e.toString() << '\n';
    err().flush();
    return BadInput;
}

/// Parses `args` (subcommand first); handles --help. Returns -1 to continue, else an exit code.
int parse(QCommandLineParser &parser, const QStringList &args, const QString &description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args))
        return usageError(parser, parser.errorText());
    if (parser.isSet(help)) {
        out() << parser.helpText();
        out().flush();
        return Success;
    }
    return -1;
}

bool loadPlan(const QString &path, Plan *plan)
{
    FileError e;
    if (!PlanFile::load(path, plan, &e)) {
        inputError(e);
        return false;
    }
    return true;
}

bool savePlan(const Plan &plan, const QString &path)
{
    FileError e;
    if (!PlanFile::save(plan, path, &e)) {
        inputError(e);
        return false;
    }
    return true;
}

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

/// Reads one line from standard input without echo when it is a terminal (after `prompt` on
/// stderr); the line's end is not part of it.
QString readSecretLine(const QString &prompt)
{
    const bool tty = isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        err() << prompt;
        err().flush();
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        err() << '\n';
    }
    return line;
}

int runSecret(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("set, delete or test."));
    p.addPositionalArgument(QStringLiteral("ENTRY"), QStringLiteral("Keychain entry name."));
    if (int rc = parse(
            p, args,
            QStringLiteral("Keep a password in the OS keychain (service \"Ferry\"), where checks "
                           "find it by entry name (password_keychain in a check; "
                           "--source-password-keychain / --target-password-keychain).\n"
                           "  set ENTRY     store the password read from standard input (one "
                           "line; typed without echo on a terminal)\n"
                           "  delete ENTRY  remove the entry\n"
                           "  test ENTRY    exit 0 when the entry exists (its value is never "
                           "printed)\n"
                           "Exit code: 0 done, 1 no such entry (test), 2 bad usage or no "
                           "keychain."));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2 || pos[1].trimmed().isEmpty())
        return usageError(p, QStringLiteral("secret needs an action and an entry name"));
    const QString action = pos[0], entry = pos[1];
    QString error;
    if (action == QLatin1String("set")) {
        const QString password = readSecretLine(QStringLiteral("Password for %1: ").arg(entry));
        if (password.isEmpty())
            return usageError(p, QStringLiteral("an empty password is not stored"));
        error = writeKeychainPasswordBlocking(entry, password);
        if (error.isEmpty())
            out() << "stored keychain entry " << entry << '\n';
    } else if (action == QLatin1String("delete")) {
        error = deleteKeychainPasswordBlocking(entry);
        if (error.isEmpty())
            out() << "deleted keychain entry " << entry << '\n';
    } else if (action == QLatin1String("test")) {
        QString password;
        error = readPasswordBlocking({QString(), entry}, &password);
        if (error.isEmpty()) {
            out() << "keychain entry " << entry << " found\n";
        } else if (error.contains(QLatin1String("not found"))) {
            err() << "ferry secret: " << error << '\n';
            return Failed;
        }
    } else {
        return usageError(p, QStringLiteral("unknown action %1 (set, delete or test)").arg(action));
    }
    if (!error.isEmpty()) {
        err() << "ferry secret: " << error << '\n';
        return BadInput;
    }
    return Success;
}

int runImport(const QStringList &args)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addPositionalArgument(QStringLiteral("FILE"),
                            QStringLiteral("Terraform state or DigitalOcean API response files."),
                            QStringLiteral("FILE…"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Plan file to create or update."),
                                    QStringLiteral("PLAN.ferry.yaml"));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QStringLiteral("Force the input format: %1.").arg(ImportService::formatIds().join(u'|')),
        QStringLiteral("FORMAT"));
    p.addOption(output);
    p.addOption(format);
    if (int rc = parse(p, args,
                       QStringLiteral("Import an inventory into a plan. Re-importing updates "
                                      "resources in place and keeps their mappings."));
        rc >= 0)
        return rc;
    const QStringList files = p.positionalArguments();
    if (files.isEmpty())
        return usageError(p, QStringLiteral("import needs at least one FILE"));
    if (!p.isSet(output))
        return usageError(p, QStringLiteral("import needs -o PLAN.ferry.yaml"));
    const QString planPath = p.value(output);
    Plan plan;
    if (QFileInfo::exists(planPath)) {
        if (!loadPlan(planPath, &plan))
            return BadInput;
    } else {
        plan.name = QFileInfo(planPath).fileName().section(u'.', 0, 0);
    }
    Inventory imported;
    ImportReport report;
    FileError e;
    if (!ImportService::importFiles(files, p.value(format), &imported, &report, &e))
        return inputError(e);
    plan.applyImport(std::move(imported), &report);
    if (!savePlan(plan, planPath))
        return BadInput;
    out() << report.toText();
    out() << "Plan written: " << planPath << " (" << plan.inventory.resources.size()
          << " resources, " << plan.inventory.dependencies.size() << " dependencies, "
          << plan.mappings.size() << " mapped)\n";
    return Success;
}

int runMap(const QStringList &args, bool unmap)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addPositionalArgument(QStringLiteral("PLAN"),
                            QStringLiteral("Plan file (updated in place)."));
    p.addPositionalArgument(
        QStringLiteral("SELECTOR"),
        QStringLiteral(
            "Resource id or id glob, type:TYPE, tag:KEY[=VALUE], name:GLOB or provider:P."),
        QStringLiteral("SELECTOR…"));
    const QCommandLineOption account(QStringLiteral("account"),
                                     QStringLiteral("Target account (id or name)."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption service(
        QStringLiteral("service"),
        QStringLiteral("Target service, a Terraform AWS type (default: from the mapping rules)."),
        QStringLiteral("TYPE"));
    const QCommandLineOption strategy(
        QStringLiteral("strategy"),
        QStringLiteral(
            "One of the 7 Rs: rehost, replatform, refactor, repurchase, retire, retain, relocate."),
        QStringLiteral("R"));
    const QCommandLineOption wave(QStringLiteral("wave"),
                                  QStringLiteral("Wave number (1 or more)."), QStringLiteral("N"));
    const QCommandLineOption endpoint(
        QStringLiteral("endpoint"),
        QStringLiteral("Where the migrated resource answers, host or host:port (one resource "
                       "only; empty to clear): `ferry check --generate` adds its target-side "
                       "checks."),
        QStringLiteral("HOST[:PORT]"));
    if (!unmap) {
        p.addOption(account);
        p.addOption(service);
        p.addOption(strategy);
        p.addOption(wave);
        p.addOption(endpoint);
    }
    if (int rc = parse(
            p, args,
            unmap ? QStringLiteral("Remove the mappings of the selected resources.")
                  : QStringLiteral(
                        "Map the selected resources to an account of the target organization."));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() < 2)
        return usageError(p, QStringLiteral("needs a PLAN and at least one SELECTOR"));
    Plan plan;
    if (!loadPlan(pos[0], &plan))
        return BadInput;
    const Account *acct = nullptr;
    Strategy strat = Strategy::Rehost;
    int waveNumber = 0;
    if (!unmap) {
        if (!p.isSet(account))
            return usageError(p, QStringLiteral("map needs --account NAME"));
        acct = plan.organization.findAccount(p.value(account));
        if (!acct) {
            QStringList names;
            for (const Account &a : plan.organization.accounts)
                names.append(a.name);
            err() << "ferry: no account '" << p.value(account)
                  << "' in the plan (accounts: " << names.join(QStringLiteral(", ")) << ")\n";
            return BadInput;
        }
        if (p.isSet(strategy) && !parseStrategy(p.value(strategy), &strat))
            return usageError(p, QStringLiteral("unknown strategy '%1'").arg(p.value(strategy)));
        if (p.isSet(wave)) {
            bool ok = false;
            waveNumber = p.value(wave).toInt(&ok);
            if (!ok || waveNumber < 1)
                return usageError(p, QStringLiteral("--wave needs a whole number of 1 or more"));
        }
        if (p.isSet(endpoint) && !p.value(endpoint).isEmpty() && !isEndpoint(p.value(endpoint)))
            return usageError(
                p,
                QStringLiteral("--endpoint '%1' is not host or host:port").arg(p.value(endpoint)));
    }
    QStringList ids;
    for (const QString &sel : pos.mid(1)) {
        QString error;
        const QStringList found = selectResources(plan, sel, &error);
        if (!error.isEmpty())
            return usageError(p, error);
        if (found.isEmpty())
            err() << "ferry: warning: selector '" << sel << "' matches no resource\n";
        for (const QString &id : found)
            if (!ids.contains(id))
                ids.append(id);
    }
    if (ids.isEmpty()) {
        err() << "ferry: no resource matches; the plan is unchanged\n";
        return BadInput;
    }
    if (!unmap && p.isSet(endpoint) && ids.size() != 1)
        return usageError(p, QStringLiteral("--endpoint is one resource's, but the selectors "
                                            "match %1")
                                 .arg(ids.size()));
    for (const QString &id : ids) {
        if (unmap) {
            plan.unmap(id);
            continue;
        }
        const Mapping *old = plan.mapping(id);
        const MappingRules::Suggestion suggestion =
            MappingRules::builtIn().suggest(*plan.resource(id));
        Mapping m;
        m.resourceId = id;
        m.accountId = acct->id;
        m.targetService = p.isSet(service) ? p.value(service)
                          : old            ? old->targetService
                                           : suggestion.service;
        m.strategy = p.isSet(strategy) ? strat : old ? old->strategy : suggestion.strategy;
        m.wave = waveNumber > 0 ? waveNumber : old ? old->wave : 1;
        m.endpoint = p.isSet(endpoint) ? p.value(endpoint) : old ? old->endpoint : QString();
        plan.setMapping(m);
    }
    if (!savePlan(plan, pos[0]))
        return BadInput;
    out() << (unmap ? "Unmapped " : "Mapped ") << ids.size() << " resource"
          << (ids.size() == 1 ? "" : "s")
          << (unmap ? QString() : QStringLiteral(" to ") + acct->name) << '\n';
    return Success;
}

int runExport(const QStringList &args)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addPositionalArgument(QStringLiteral("WHAT"), QStringLiteral("runbook or terraform."));
    p.addPositionalArgument(QStringLiteral("PLAN"), QStringLiteral("Plan file."));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Output file (runbook) or folder (terraform)."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption date(
        QStringLiteral("date"),
        QStringLiteral("Generation date printed in the runbook (default: today)."),
        QStringLiteral("YYYY-MM-DD"));
    p.addOption(output);
    p.addOption(date);
    if (int rc = parse(p, args,
                       QStringLiteral("Export a cutover runbook (Markdown) or Terraform stubs (one "
                                      "folder per account)."));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 2 ||
        (pos[0] != QLatin1String("runbook") && pos[0] != QLatin1String("terraform")))
        return usageError(p, QStringLiteral("usage: ferry export runbook|terraform PLAN -o PATH"));
    if (!p.isSet(output))
        return usageError(p, QStringLiteral("export needs -o PATH"));
    Plan plan;
    if (!loadPlan(pos[1], &plan))
        return BadInput;
    if (pos[0] == QLatin1String("runbook")) {
        QDate on = QDate::currentDate();
        if (p.isSet(date)) {
            on = QDate::fromString(p.value(date), Qt::ISODate);
            if (!on.isValid())
                return usageError(p, QStringLiteral("--date needs YYYY-MM-DD"));
        }
        QString reason;
        if (!writeFileAtomically(p.value(output), Runbook::generateMarkdown(plan, on).toUtf8(),
                                 &reason)) {
            err() << p.value(output) << ": " << reason << '\n';
            return BadInput;
        }
        out() << "Runbook written: " << p.value(output) << '\n';
        return Success;
    }
    QString error;
    const auto files = TerraformExport::generate(plan);
    if (!TerraformExport::writeFiles(p.value(output), files, &error)) {
        err() << error << '\n';
        return BadInput;
    }
    out() << "Terraform written: " << files.size() << " files in " << p.value(output) << '\n';
    return Success;
}

int runShow(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("PLAN"), QStringLiteral("Plan file."));
    if (int rc = parse(
            p, args,
            QStringLiteral("Print a summary of a plan: accounts, mapped and unmapped resources."));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1)
        return usageError(p, QStringLiteral("usage: ferry show PLAN"));
    Plan plan;
    if (!loadPlan(pos[0], &plan))
        return BadInput;
    out() << plan.name << ": " << plan.inventory.resources.size() << " resources, "
          << plan.inventory.dependencies.size() << " dependencies\n";
    for (const Account &a : plan.organization.accounts) {
        out() << "  " << a.name << " (" << environmentName(a.environment) << ", " << a.region
              << ")\n";
        for (const QString &id : plan.resourcesInAccount(a.id)) {
            const Mapping *m = plan.mapping(id);
            out() << "    " << id << " → " << m->targetService << ", " << strategyName(m->strategy)
                  << ", wave " << m->wave << '\n';
        }
    }
    const QStringList unmapped = plan.unmappedResources();
    out() << "  unmapped: " << unmapped.size() << '\n';
    for (const QString &id : unmapped)
        out() << "    " << id << '\n';
    return Success;
}

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
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
                                         QStringLiteral("Checks run at once (default 16)."),
                                         QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("Run log: a SQLite file or a postgresql:// URI (default: PLAN's "
                       "-runs.sqlite file beside it)."),
        QStringLiteral("LOCATION"));
    const QCommandLineOption noStore(QStringLiteral("no-store"),
                                     QStringLiteral("Do not record the run."));
    const QCommandLineOption generate(
        QStringLiteral("generate"),
        QStringLiteral("Add the checks that follow from the inventory (load balancers, domains, "
                       "DNS records) to the plan file, then stop."));
    p.addOptions({only, format, concurrency, store, noStore, generate});
    if (int rc = parse(p, args,
                       QStringLiteral("Run the plan's connection checks (DNS, TCP, TLS, HTTP, "
                                      "PostgreSQL login), at most --concurrency at once, and "
                                      "record the run in the run log.\n"
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

} // namespace

bool isSubcommand(const QString &a)
{
    static const QStringList commands = {
        QStringLiteral("import"),   QStringLiteral("map"),
        QStringLiteral("unmap"),    QStringLiteral("export"),
        QStringLiteral("show"),     QStringLiteral("compare-data"),
        QStringLiteral("check"),    QStringLiteral("replication-lag"),
        QStringLiteral("secret"),   QStringLiteral("help"),
        QStringLiteral("--help"),   QStringLiteral("-h"),
        QStringLiteral("--version")};
    return commands.contains(a);
}

int run(const QStringList &arguments)
{
    const QStringList args = arguments.mid(1);
    const QString cmd = args.value(0);
    int rc = BadInput;
    if (cmd == QLatin1String("import"))
        rc = runImport(args);
    else if (cmd == QLatin1String("map"))
        rc = runMap(args, false);
    else if (cmd == QLatin1String("unmap"))
        rc = runMap(args, true);
    else if (cmd == QLatin1String("export"))
        rc = runExport(args);
    else if (cmd == QLatin1String("show"))
        rc = runShow(args);
    else if (cmd == QLatin1String("compare-data"))
        rc = runCompareData(args);
    else if (cmd == QLatin1String("check"))
        rc = runCheck(args);
    else if (cmd == QLatin1String("replication-lag"))
        rc = runReplicationLag(args);
    else if (cmd == QLatin1String("secret"))
        rc = runSecret(args);
    else if (cmd == QLatin1String("--version")) {
        out() << "ferry " << QStringLiteral(FERRY_VERSION) << '\n';
        rc = Success;
    } else {
        out() << "Usage: ferry [PLAN.ferry.yaml]          open the planner\n"
                 "       ferry import FILE… -o PLAN       import Terraform state / DigitalOcean "
                 "API bodies\n"
                 "       ferry map PLAN --account NAME [--service TYPE] [--strategy R] [--wave N] "
                 "SELECTOR…\n"
                 "       ferry unmap PLAN SELECTOR…\n"
                 "       ferry export runbook PLAN -o FILE.md\n"
                 "       ferry export terraform PLAN -o DIR\n"
                 "       ferry show PLAN\n"
                 "       ferry check PLAN [--only ID]… [--format text|json] [--store LOCATION]\n"
                 "       ferry compare-data --source URI --target URI [--table S.T]… "
                 "[--format text|json]\n"
                 "       ferry replication-lag --source URI [--target URI] [--slot NAME] "
                 "[--wait S]\n"
                 "       ferry secret set|delete|test ENTRY   a password in the OS keychain\n"
                 "Each subcommand takes --help.\n";
        rc = (cmd == QLatin1String("help") || cmd == QLatin1String("--help") ||
              cmd == QLatin1String("-h"))
                 ? Success
                 : BadInput;
    }
    out().flush();
    err().flush();
    return rc;
}

} // namespace Ferry::CommandLine
