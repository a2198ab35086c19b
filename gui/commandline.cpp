// SPDX-License-Identifier: MIT
#include "commandline.h"

#include "atomicfile.h"
#include "clisupport.h"
#include "escaping.h"
#include "htmlpage.h"
#include "importservice.h"
#include "mappingrules.h"
#include "planfile.h"
#include "runbookmarkdown.h"
#include "selector.h"
#include "terraformexport.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>

#include <unistd.h>

namespace Ferry::CommandLine {

namespace {

/// ImportService::importFiles() on a worker thread while this one reports progress on
/// standard error: on a terminal, one line rewritten in place once the import has taken a
/// second (and cleared at the end); with `always`, a line at the start, every second and at the
/// end, wherever stderr goes.
bool importWithProgress(const QStringList &files, const QString &format, Inventory *imported,
                        ImportReport *report, FileError *error, bool always)
{
    ImportProgress progress;
    for (const QString &path : files)
        progress.total += QFileInfo(path).size();
    QFuture<bool> done = QtConcurrent::run([&] {
        return ImportService::importFiles(files, format, imported, report, error, &progress);
    });
    const bool tty = isatty(STDERR_FILENO);
    QElapsedTimer timer;
    timer.start();
    qint64 lastShown = -1000;
    bool shown = false;
    auto show = [&](qint64 elapsed) {
        const QByteArray line = QStringLiteral("Importing: %1 % (%2 of %3 MB, %4 s)")
                                    .arg(done.isFinished() ? 100 : progress.percent())
                                    .arg(double(progress.done) / 1e6, 0, 'f', 1)
                                    .arg(double(progress.total) / 1e6, 0, 'f', 1)
                                    .arg(elapsed / 1000)
                                    .toUtf8();
        // Ferry's own text: written as it is, so that `\r` returns to the line's start.
        const QByteArray text =
            tty && !always ? QByteArray("\r" + line + "\x1b[K") : QByteArray(line + '\n');
        std::fputs(text.constData(), stderr);
        std::fflush(stderr);
        lastShown = elapsed;
        shown = true;
    };
    while (!done.isFinished()) {
        const qint64 elapsed = timer.elapsed();
        if (always ? elapsed - lastShown >= 1000
                   : tty && elapsed >= 1000 && elapsed - lastShown >= 200)
            show(elapsed);
        QThread::msleep(50);
    }
    if (always)
        show(timer.elapsed()); // the last line says 100 %
    else if (shown) {
        std::fputs("\r\x1b[K", stderr); // a terminal's progress line goes before the report
        std::fflush(stderr);
    }
    return done.result();
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
    const QCommandLineOption progressOption(
        QStringLiteral("progress"),
        QStringLiteral("Report progress on standard error at the start, every second and at the "
                       "end (on a terminal a progress line shows anyway once an import takes "
                       "more than a second)."));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("List every resource and skipped item in the "
                                                    "report (not only counts by type)."));
    p.addOption(output);
    p.addOption(format);
    p.addOption(verbose);
    p.addOption(progressOption);
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
    if (!importWithProgress(files, p.value(format), &imported, &report, &e,
                            p.isSet(progressOption)))
        return inputError(e);
    plan.applyImport(std::move(imported), &report);
    if (!savePlan(plan, planPath))
        return BadInput;
    out() << report.toText(p.isSet(verbose) ? ImportReport::Detail::Full
                                            : ImportReport::Detail::Summary);
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
    const QCommandLineOption databases(
        QStringLiteral("databases"),
        QStringLiteral("The application databases its data checks compare, comma-separated "
                       "(empty: the source's own list)."),
        QStringLiteral("NAME,…"));
    const QCommandLineOption also(
        QStringLiteral("also"),
        QStringLiteral("Further target services each resource also becomes, comma-separated "
                       "Terraform types (a droplet's files: aws_s3_bucket; empty: none; left "
                       "out: kept)."),
        QStringLiteral("TYPE,…"));
    if (!unmap) {
        p.addOption(databases);
        p.addOption(also);
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
        for (const QString &type : serviceNames(p.value(also), QString()))
            if (!TerraformExport::isTerraformType(type))
                return usageError(p, QStringLiteral("--also: '%1' is not a Terraform type name "
                                                    "(expected e.g. aws_s3_bucket)")
                                         .arg(type));
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
            MappingRules::builtIn().suggestFor(*plan.resource(id), *acct, old);
        Mapping m;
        m.resourceId = id;
        m.accountId = acct->id;
        m.targetService = p.isSet(service) ? p.value(service) : suggestion.service;
        m.strategy = p.isSet(strategy) ? strat : suggestion.strategy;
        m.wave = waveNumber > 0 ? waveNumber : old ? old->wave : 1;
        m.endpoint = p.isSet(endpoint) ? p.value(endpoint) : old ? old->endpoint : QString();
        m.databases = p.isSet(databases) ? databaseNames(p.value(databases))
                      : old              ? old->databases
                                         : QStringList();
        m.alsoServices = p.isSet(also) ? serviceNames(p.value(also), m.targetService)
                         : old         ? old->alsoServices
                                       : QStringList();
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
    if (int rc =
            parse(p, args,
                  QStringLiteral("Export a cutover runbook (Markdown, or one printable HTML page "
                                 "when -o ends in .html) or Terraform (one folder per "
                                 "account)."));
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
        // FILE.html: one self-contained printable page; anything else: Markdown.
        const QString markdown = RunbookMarkdown::generate(plan, on);
        const QString text =
            HtmlPage::forFile(p.value(output), QStringLiteral("Runbook: ") + plan.name, markdown);
        QString reason;
        if (!writeFileAtomically(p.value(output), text.toUtf8(), &reason)) {
            err() << p.value(output) << ": " << reason << '\n';
            return BadInput;
        }
        out() << "Runbook written: " << p.value(output) << '\n';
        return Success;
    }
    QString error;
    TerraformExport::Summary summary;
    const auto files = TerraformExport::generate(plan, &summary);
    ExportFolder::Result written;
    if (!TerraformExport::writeFiles(p.value(output), files, &written, &error)) {
        err() << Escape::visible(error) << '\n';
        return BadInput;
    }
    out() << "Terraform written to " << p.value(output) << ": "
          << TerraformExport::summaryText(summary, written);
    return summary.notWritten.isEmpty() ? Success : Failed;
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

} // namespace

bool isSubcommand(const QString &a)
{
    static const QStringList commands = {
        QStringLiteral("import"),   QStringLiteral("map"),
        QStringLiteral("unmap"),    QStringLiteral("export"),
        QStringLiteral("show"),     QStringLiteral("compare-data"),
        QStringLiteral("check"),    QStringLiteral("replication-lag"),
        QStringLiteral("secret"),   QStringLiteral("run"),
        QStringLiteral("runbook"),  QStringLiteral("help"),
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
    else if (cmd == QLatin1String("run"))
        rc = runRun(args);
    else if (cmd == QLatin1String("runbook"))
        rc = runRunbook(args);
    else if (cmd == QLatin1String("org"))
        rc = runOrg(args);
    else if (cmd == QLatin1String("--version")) {
        out() << "ferry " << QStringLiteral(FERRY_VERSION) << '\n';
        rc = Success;
    } else {
        out() << "Usage: ferry [PLAN.ferry.yaml]          open the planner\n"
                 "       ferry import FILE… -o PLAN       import Terraform state, DigitalOcean "
                 "API bodies, Heroku app.json\n"
                 "       ferry map PLAN --account NAME [--service TYPE] [--also TYPE,…] "
                 "[--strategy R] [--wave N] "
                 "SELECTOR…\n"
                 "       ferry unmap PLAN SELECTOR…\n"
                 "       ferry export runbook PLAN -o FILE.md|FILE.html\n"
                 "       ferry export terraform PLAN -o DIR\n"
                 "       ferry show PLAN\n"
                 "       ferry check PLAN [--only ID]… [--format text|json] [--store LOCATION]\n"
                 "       ferry compare-data --source URI --target URI [--table S.T]… "
                 "[--format text|json]\n"
                 "       ferry replication-lag --source URI [--target URI] [--slot NAME] "
                 "[--wait S]\n"
                 "       ferry secret set|delete|test ENTRY   a password in the OS keychain\n"
                 "       ferry run start|list|status|next|step|gate|verify|report PLAN …   "
                 "operate a run of the runbook\n"
                 "       ferry runbook templates|add|edit|wave …   edit the plan's runbook\n"
                 "       ferry org PLAN [add-account|add-unit|rename|remove|set …]   edit the "
                 "target organization\n"
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
