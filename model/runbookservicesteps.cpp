// SPDX-License-Identifier: MIT
// The steps of services and traffic: compute, applications and Kubernetes (stop the writers,
// start the targets), load balancers, DNS zones and records, decommissioning; and the entry
// point that picks a resource's steps (docs/runbook.md, "Steps per kind").
#include "escaping.h"
#include "runbookbuilder.h"
#include "terraformexport.h"

#include <QRegularExpression>

namespace Ferry::RunbookGenerator {

QString code(const QString &s)
{
    return Escape::markdownCode(s);
}

QString sh(const QString &s)
{
    return Escape::shellWord(s);
}

QString commands(const QString &lines)
{
    return QStringLiteral("\n\n") + Escape::markdownCodeBlock(lines, QStringLiteral("sh"));
}

QString attr(const Resource &r, const char *name)
{
    return r.attributes.value(QString::fromLatin1(name));
}

QString targetText(const Subject &s)
{
    return QStringLiteral("%1 in account %2")
        .arg(code(s.mapping->targetService.isEmpty() ? QStringLiteral("(service to be chosen)")
                                                     : s.mapping->targetService),
             code(s.accountName));
}

QString targetPlain(const Subject &s)
{
    return QStringLiteral("%1 in %2")
        .arg(s.mapping->targetService.isEmpty() ? QStringLiteral("its target")
                                                : typeLabel(s.mapping->targetService),
             s.accountName);
}

void gate(RunbookStep &step, const QStringList &checks)
{
    step.kind = StepKind::Gate;
    step.checks = checks;
}

namespace {

/// The Heroku Scheduler add-on of app `appId` (an add-on of the app whose plan is
/// `scheduler:…`), or null. Its jobs run as one-off dynos, which neither maintenance mode nor
/// `ps:scale` stops (Heroku Dev Center, "Maintenance Mode").
const Resource *herokuSchedulerOf(const Plan &plan, const QString &appId)
{
    for (const Dependency &d : plan.inventory.dependencies)
        if (d.from == appId)
            if (const Resource *a = plan.resource(d.to);
                a && a->type == QLatin1String("heroku_addon") &&
                attr(*a, "plan").startsWith(QLatin1String("scheduler")))
                return a;
    return nullptr;
}

/// "web ×3 (standard-2x), worker ×2 (standard-1x)": the process types (heroku_formation) of
/// Heroku app `appId`, web first; empty when the plan has none.
QString herokuFormationText(const Plan &plan, const QString &appId)
{
    QList<const Resource *> types;
    for (const Dependency &d : plan.inventory.dependencies)
        if (d.to == appId)
            if (const Resource *p = plan.resource(d.from);
                p && p->type == QLatin1String("heroku_formation") && !types.contains(p))
                types.append(p);
    std::sort(types.begin(), types.end(),
              [](const Resource *a, const Resource *b) { return herokuProcessTypeBefore(*a, *b); });
    QStringList parts;
    for (const Resource *p : types) {
        const QString quantity = attr(*p, "quantity");
        parts.append(code(p->name) +
                     (quantity.isEmpty() ? QString() : QStringLiteral(" ×") + quantity) +
                     (p->size.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(p->size)));
    }
    return parts.join(QStringLiteral(", "));
}

/// Steps for the jobs of a Heroku app's Scheduler: listed and prepared on the target the week
/// before, stopped with the app at the cutover, enabled on the target once it runs.
void addScheduledJobs(Builder &b, const Subject &s, RunbookStep &stop, RunbookStep &start,
                      RunbookStep &restart)
{
    const Resource &r = *s.resource;
    const QString app = sh(r.name);
    const bool digitalOcean = s.mapping->targetService == QLatin1String("digitalocean_app");
    RunbookStep &prepare =
        b.add(Stage::WeekBefore, QStringLiteral("prepare-scheduled-jobs"), r.id, r.id,
              QStringLiteral("Prepare the Heroku Scheduler jobs of %1 on %2")
                  .arg(plainLabel(r), targetPlain(s)));
    prepare.plannedMinutes = 60;
    prepare.instructions =
        QStringLiteral("Heroku Scheduler keeps its jobs in its dashboard only (no API or CLI "
                       "lists them): note each job's command, frequency and dyno size. %1 Do not "
                       "enable them yet: until the cutover they would write to the target's "
                       "data stores while the data is still moving.")
            .arg(digitalOcean
                     ? QStringLiteral("App Platform has no scheduled components in the "
                                      "provider Ferry writes for: write the jobs into a crontab in "
                                      "the repository, run by a `scheduler` worker (supercronic) "
                                      "that is added to the app at the cutover.")
                     : QStringLiteral("Create an EventBridge Scheduler schedule per job that "
                                      "runs the app's task definition with the job's command, "
                                      "disabled.")) +
        commands(QStringLiteral("heroku addons:open scheduler --app %1").arg(app));
    // A paragraph after the instructions (which may end with a code block's newline).
    auto append = [](QString &instructions, const QString &paragraph) {
        instructions +=
            (instructions.endsWith(u'\n') ? QStringLiteral("\n") : QStringLiteral("\n\n")) +
            paragraph;
    };
    append(
        stop.instructions,
        QStringLiteral("Heroku Scheduler's jobs still run in maintenance mode and are not "
                       "scaled by `ps:scale`: disable each job in its dashboard, then check "
                       "that no one-off dyno (`scheduler.N`, `run.N`) is left running and stop "
                       "any that is.") +
            commands(QStringLiteral("heroku addons:open scheduler --app %1\nheroku ps --app %1\n"
                                    "heroku ps:stop DYNO --app %1   # for each one-off dyno listed")
                         .arg(app)));
    append(start.instructions,
           QStringLiteral("Then enable the scheduled jobs prepared the week before (%1).")
               .arg(digitalOcean ? QStringLiteral("the `scheduler` worker")
                                 : QStringLiteral("the EventBridge schedules")));
    append(restart.instructions,
           QStringLiteral("Enable Heroku Scheduler's jobs again in its "
                          "dashboard (`heroku addons:open scheduler --app %1`), "
                          "once the target's are disabled.")
               .arg(app));
}

// --- Compute and traffic ----------------------------------------------------------------------

void addCompute(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const bool heroku = r.type == QLatin1String("heroku_app");
    const bool kubernetes = s.category == ResourceCategory::Kubernetes;
    const bool shared = isSharedTarget(s.mapping->targetService);
    RunbookStep &deploy = b.add(
        Stage::WeekBefore, QStringLiteral("deploy"), id, id,
        shared ? QStringLiteral("Deploy the workload of %1 to %2").arg(name, targetPlain(s))
               : QStringLiteral("Build %1 for %2 and deploy to it").arg(targetPlain(s), name));
    deploy.plannedMinutes = 120;
    if (shared)
        deploy.after.append(QStringLiteral("week-before/create-shared-target/%1/%2")
                                .arg(s.mapping->accountId, s.mapping->targetService));
    QString how;
    if (heroku && s.mapping->targetService == QLatin1String("digitalocean_app")) {
        // Terraform created the app in preparation, config vars and database bindings included.
        const Builder::TerraformNames &names = b.terraformNames(s.mapping->accountId);
        const QString &folder = names.folder;
        const QString label = names.labels.value(id);
        how = QStringLiteral("The team's Terraform created the app, building it from the "
                             "repository of `var.%1_github_repo` with Heroku's config vars. "
                             "Confirm its deployment is active and that it answers, before the "
                             "data moves:")
                  .arg(label) +
              commands(QStringLiteral("cd %1\nAPP_ID=$(terraform output -raw %2_id)\ndoctl apps "
                                      "list-deployments \"$APP_ID\" --format "
                                      "Phase,Progress,Cause\ncurl -fsS -o /dev/null -w "
                                      "'%{http_code}\\n' \"$(terraform output -raw %2_live_url)\"")
                           .arg(sh(folder), label));
    } else if (heroku)
        how = QStringLiteral("Build the app's image from its repository, and copy its config vars "
                             "into Parameter Store as SecureString parameters (values never into "
                             "this runbook or the plan):") +
              // Each value goes from Heroku to Parameter Store through a pipe, exactly as it is
              // (multi-line values too): never in a command line, a file or the terminal.
              commands(QStringLiteral(
                           "heroku config --app %1 --json | jq -r 'keys[]' |\n  while "
                           "read -r name; do\n    heroku config --app %1 --json </dev/null | jq "
                           "-j --arg k \"$name\" '.[$k]' |\n      aws ssm "
                           "put-parameter --type SecureString --overwrite --name "
                           "\"%2$name\" --value file:///dev/stdin\n  done")
                           .arg(sh(r.name), TerraformExport::configParameterPath(r.name)));
    else if (kubernetes)
        how = QStringLiteral("Apply the workloads' manifests to the new cluster with the replica "
                             "counts at zero; they are scaled up at the cutover.") +
              commands(QStringLiteral("kubectl --context \"$TARGET_CONTEXT\" apply -f "
                                      "manifests/\nkubectl --context \"$TARGET_CONTEXT\" scale "
                                      "deployment --all --replicas=0 --all-namespaces"));
    else
        how = QStringLiteral("Install the application with the source's configuration, pointed "
                             "at the target data stores, and keep it stopped until the cutover.");
    deploy.instructions =
        QStringLiteral("%1 runs what %2 runs. ").arg(targetText(s), markdownLabel(r)) + how;
    // Cutover, stage 1: stop the writers.
    RunbookStep &stop =
        b.add(Stage::Stop, QStringLiteral("stop-writers"), id, id,
              kubernetes ? QStringLiteral("Scale the workloads of %1 to zero").arg(name)
                         : QStringLiteral("Put %1 into maintenance mode").arg(name));
    stop.plannedMinutes = 10;
    if (heroku) {
        // The formation from the Platform API (Formation List), to scale every process type the
        // app has to zero and back to its quantity and size on a rollback.
        stop.instructions =
            QStringLiteral("Note the formation first (every process type with its quantity and "
                           "size), to restore it on a rollback.") +
            commands(QStringLiteral("curl -fsS -H \"Accept: application/vnd.heroku+json; "
                                    "version=3\" -H \"Authorization: Bearer $(heroku "
                                    "auth:token)\" https://api.heroku.com/apps/%1/formation > "
                                    "formation-%1.json\nheroku maintenance:on --app %1\nheroku "
                                    "ps:scale $(jq -r '.[] | \"\\(.type)=0\"' formation-%1.json) "
                                    "--app %1")
                         .arg(sh(r.name)));
    } else if (kubernetes) {
        stop.instructions =
            QStringLiteral("Record the replica counts first, to restore them on "
                           "a rollback; the data cutover needs every writer "
                           "stopped.") +
            commands(
                QStringLiteral("kubectl --context \"$SOURCE_CONTEXT\" get deployments "
                               "--all-namespaces -o custom-columns=NS:.metadata.namespace,NAME:."
                               "metadata.name,REPLICAS:.spec.replicas > replicas-%1.txt\nkubectl "
                               "--context \"$SOURCE_CONTEXT\" scale deployment --all "
                               "--replicas=0 --all-namespaces")
                    .arg(sh(r.name)));
    } else {
        stop.instructions = QStringLiteral("Show the maintenance page and stop the services "
                                           "that write (web, workers, cron) on %1.")
                                .arg(markdownLabel(r));
    }
    RunbookStep &restart =
        b.addRollback(stop.id, QStringLiteral("restart-source"),
                      kubernetes ? QStringLiteral("Scale the workloads of %1 back up").arg(name)
                                 : QStringLiteral("Take %1 out of maintenance mode").arg(name));
    restart.plannedMinutes = 10;
    restart.instructions =
        heroku ? commands(QStringLiteral("heroku ps:scale $(jq -r '.[] | "
                                         "\"\\(.type)=\\(.quantity):\\(.size)\"' "
                                         "formation-%1.json) --app %1   # the formation noted "
                                         "before\nheroku maintenance:off --app %1")
                              .arg(sh(r.name)))
        : kubernetes
            ? QStringLiteral("Scale each deployment back to the count recorded in "
                             "`replicas-*.txt` when it was stopped.")
            : QStringLiteral("Start the stopped services again and hide the maintenance page.");
    // Stage 3: start the targets.
    RunbookStep &start =
        b.add(Stage::Start, QStringLiteral("start-target"), id, id,
              QStringLiteral("Start %1 for %2 and check its health").arg(targetPlain(s), name));
    start.plannedMinutes = 15;
    start.instructions =
        kubernetes ? commands(QStringLiteral("kubectl --context \"$TARGET_CONTEXT\" scale "
                                             "deployment --all --replicas=\"$REPLICAS\" "
                                             "--all-namespaces   # per deployment, as recorded\n"
                                             "kubectl --context \"$TARGET_CONTEXT\" get pods "
                                             "--all-namespaces"))
                   : QStringLiteral("Start the services on %1 and call their health endpoints "
                                    "directly (not through DNS yet).")
                         .arg(targetText(s));
    if (heroku) {
        // Every process type of the formation runs on the target with its count.
        if (const QString formation = herokuFormationText(b.plan(), id); !formation.isEmpty())
            start.instructions +=
                QStringLiteral(" Heroku's formation was %1: each process type runs on the "
                               "target with that many instances (%2).")
                    .arg(formation, s.mapping->targetService == QLatin1String("digitalocean_app")
                                        ? QStringLiteral("the app's web service and workers")
                                        : QStringLiteral("the app's ECS service and one per "
                                                         "other process type"));
        if (herokuSchedulerOf(b.plan(), id))
            addScheduledJobs(b, s, stop, start, restart);
    }
    RunbookStep &stopTarget =
        b.addRollback(start.id, QStringLiteral("stop-target"),
                      QStringLiteral("Stop %1 for %2").arg(targetPlain(s), name));
    stopTarget.plannedMinutes = 5;
    stopTarget.instructions = QStringLiteral("So that nothing writes to the target data stores "
                                             "after the rollback.");
    RunbookStep &verify =
        b.add(Stage::Verification, QStringLiteral("check-service"), id, id,
              QStringLiteral("Check that %1 answers as %2 did").arg(targetPlain(s), name));
    verify.plannedMinutes = 15;
    verify.instructions = QStringLiteral("TCP, TLS and HTTP through the public name: the same "
                                         "status, headers and content as the source gave.");
    QStringList checks = b.checks(id, CheckKind::Http) + b.checks(id, CheckKind::Tcp) +
                         b.checks(id, CheckKind::HttpCompare);
    checks.sort();
    gate(verify, checks);
}

void addLoadBalancer(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    RunbookStep &create = b.add(Stage::WeekBefore, QStringLiteral("create-load-balancer"), id, id,
                                QStringLiteral("Create %1 for %2 with its listeners and health "
                                               "checks")
                                    .arg(targetPlain(s), plainLabel(r)));
    create.plannedMinutes = 60;
    const QString ports = attr(r, "ports");
    create.instructions =
        QStringLiteral("Listeners on the ports of %1%2, target groups for the "
                       "instances it will front, the same health check.")
            .arg(markdownLabel(r),
                 ports.isEmpty() ? QString() : QStringLiteral(" (") + code(ports) + u')');
    RunbookStep &healthy = b.add(Stage::Start, QStringLiteral("check-targets-healthy"), id, id,
                                 QStringLiteral("Check that the targets of %1 are healthy "
                                                "behind %2")
                                     .arg(plainLabel(r), targetPlain(s)));
    healthy.plannedMinutes = 10;
    healthy.instructions =
        commands(QStringLiteral("aws elbv2 describe-target-health --target-group-arn \"$TG_ARN\""));
    // The new load balancer's ports answer, and it answers as the old one did.
    QStringList checks = b.checks(id, CheckKind::Tcp) + b.checks(id, CheckKind::HttpCompare);
    checks.sort();
    gate(healthy, checks);
}

/// The mapped zone that serves `record`'s domain, or nullptr when the domain stays where it is.
const Resource *migratedZoneOf(const Plan &plan, const Resource &record)
{
    const QString domain = attr(record, "domain");
    for (const auto &[id, m] : plan.mappings) {
        const Resource *z = plan.resource(id);
        if (z && m.strategy != Strategy::Retain && m.strategy != Strategy::Retire &&
            categoryOf(*z) == ResourceCategory::DnsZone && z->name == domain)
            return z;
    }
    return nullptr;
}

/// The id of the Heroku app a custom domain points at (the import's DNS dependency), or empty.
QString appOfHerokuDomain(const Plan &plan, const Resource &r)
{
    if (r.type != QLatin1String("heroku_domain"))
        return QString();
    for (const Dependency &d : plan.inventory.dependencies)
        if (const Resource *app = d.from == r.id ? plan.resource(d.to) : nullptr;
            app && app->type == QLatin1String("heroku_app"))
            return app->id;
    return QString();
}

void addRecord(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    const QString name = plainLabel(r);
    const QString ttlText = attr(r, "ttl");
    bool known = false;
    const int ttl = ttlText.toInt(&known);
    RunbookStep &lower =
        b.add(Stage::WeekBefore, QStringLiteral("lower-ttl"), id, id,
              known ? QStringLiteral("Lower the TTL of %1 from %2 s to 60 s").arg(name).arg(ttl)
                    : QStringLiteral("Lower the TTL of %1 to 60 s").arg(name));
    lower.plannedMinutes = 10;
    const Resource *zone = migratedZoneOf(b.plan(), r);
    // A record the export writes (Route 53, a team's domain) serves the source's value with a
    // TTL of 60 s until its variables change (TerraformExport::isSwitchedRecord()).
    const QString &service = s.mapping->targetService;
    const Builder::TerraformNames *names = service == QLatin1String("aws_route53_record") ||
                                                   service == QLatin1String("digitalocean_record")
                                               ? &b.terraformNames(s.mapping->accountId)
                                               : nullptr;
    const QString label = names ? names->labels.value(id) : QString();
    const QString folder = names ? sh(names->folder) : QString();
    const QString block = service + u'.' + label;
    // One file per variable, which Terraform reads by itself (`*.auto.tfvars`): written to
    // set it, removed to take it back, never edited in place.
    auto variableFile = [&](const QString &variable) {
        return QStringLiteral("%1/%2_%3.auto.tfvars").arg(folder, label, variable);
    };
    auto setVariable = [&](const QString &variable, const QString &value) {
        return QStringLiteral("echo \"%1_%2 = %3\" > %4\n")
            .arg(label, variable, value, variableFile(variable));
    };
    const QString applyRecord =
        QStringLiteral("terraform -chdir=%1 apply -target=%2\n").arg(folder, block);
    lower.instructions =
        QStringLiteral("At least 48 hours (and at least the old TTL) before the switch, so that "
                       "every resolver has forgotten the old value by then.") +
        (zone && !label.isEmpty()
             ? QStringLiteral(" The domain moves too: the record's copy in the new zone has a TTL "
                              "of 60 s from the start (the folder's `%1_ttl`); lower it in the "
                              "old zone as well, which answers until the delegation has moved.")
                   .arg(label)
         : zone ? QStringLiteral(" The domain moves too: give the record's copy in the new zone a "
                                 "TTL of 60 s, and lower it in the old zone as well, which "
                                 "answers until the delegation has moved.")
                : QString()) +
        (r.provider == QLatin1String("digitalocean")
             ? commands(QStringLiteral("doctl compute domain records update %1 --record-id %2 "
                                       "--record-ttl 60")
                            .arg(attr(r, "domain").isEmpty() ? QStringLiteral("\"$DOMAIN\"")
                                                             : sh(attr(r, "domain")),
                                 attr(r, "provider_id").isEmpty() ? QStringLiteral("\"$RECORD_ID\"")
                                                                  : sh(attr(r, "provider_id"))))
             : QString());
    RunbookStep &sw = b.add(Stage::Switch, QStringLiteral("switch-dns"), id, id,
                            QStringLiteral("Switch %1 to the migrated service").arg(name));
    sw.plannedMinutes = 5;
    const QString herokuApp = appOfHerokuDomain(b.plan(), r);
    if (!herokuApp.isEmpty() && s.mapping->targetService == QLatin1String("digitalocean_app")) {
        // The domain is in the app's spec (the team's Terraform): its CNAME moves from Heroku's
        // DNS target to the app's default ingress.
        const Builder::TerraformNames &names = b.terraformNames(s.mapping->accountId);
        const QString &folder = names.folder;
        const QString label = names.labels.value(herokuApp);
        const QString host = r.name.isEmpty() ? QStringLiteral("\"$RECORD_NAME\"") : sh(r.name);
        sw.plannedMinutes = 15;
        sw.instructions =
            QStringLiteral("At the DNS provider that serves the domain, set the CNAME of %1 (an "
                           "ALIAS or ANAME record where it is the zone's apex) to the host of the "
                           "app's default ingress (printed below). App Platform "
                           "then verifies the domain and issues its certificate, which takes a "
                           "few minutes: HTTPS to it fails until then. Check from outside:")
                .arg(code(r.name)) +
            commands(QStringLiteral("INGRESS=$(terraform -chdir=%1 output -raw %2_default_ingress)"
                                    "\necho \"${INGRESS#https://}\"\ndig +short %3 CNAME "
                                    "@1.1.1.1\ncurl -fsS -o /dev/null -w '%{http_code}\\n' "
                                    "https://%3/")
                         .arg(sh(folder), label, host));
    } else if (!label.isEmpty()) {
        const QString fqdn =
            fqdnOf(r).isEmpty() ? QStringLiteral("\"$RECORD_NAME\"") : sh(fqdnOf(r));
        const QString owner = attr(r, "record_type").toUpper() == QLatin1String("CNAME")
                                  ? QString()
                                  : names->addressOwners.value(attr(r, "value"));
        const bool list = service == QLatin1String("aws_route53_record");
        QString lines = setVariable(QStringLiteral("switched"), QStringLiteral("true"));
        QString what;
        if (owner == QLatin1String("aws_lb") || owner == QLatin1String("aws_alb")) {
            what = QStringLiteral("it becomes an alias to the new load balancer");
        } else if (owner == QLatin1String("aws_eip")) {
            what = QStringLiteral("it takes the Elastic IP's address");
        } else {
            what = QStringLiteral("it takes what the migrated service answers at, which you give "
                                  "as `TARGET_VALUE` (a load balancer's DNS name, an address; "
                                  "`terraform output` of the target's folder lists them%1)")
                       .arg(list || attr(r, "record_type").toUpper() != QLatin1String("CNAME")
                                ? QString()
                                : QStringLiteral("; a hostname ends with a dot, "
                                                 "`app.ondigitalocean.app.`"));
            lines = QStringLiteral("TARGET_VALUE=   # what the record points at now: set it\n") +
                    lines +
                    setVariable(QStringLiteral("target"),
                                list ? QStringLiteral("[\\\"$TARGET_VALUE\\\"]")
                                     : QStringLiteral("\\\"$TARGET_VALUE\\\""));
        }
        sw.instructions =
            QStringLiteral("The record in %1 has served the source's value until now: set its "
                           "`%2_switched` (a file of the folder Terraform reads by itself), so "
                           "that %3, and apply it alone; then check it from outside:")
                .arg(zone ? QStringLiteral("the new zone (the delegation moved in the week before)")
                          : QStringLiteral("its zone"),
                     label, what) +
            commands(lines + applyRecord + QStringLiteral("dig +short %1 @1.1.1.1").arg(fqdn));
    } else
        sw.instructions =
            QStringLiteral("In the zone that serves the domain%1, point the record "
                           "at the target (its load balancer or distribution) and "
                           "check it from outside:")
                .arg(zone ? QStringLiteral(" (the new one: the delegation moved in the "
                                           "week before)")
                          : QString()) +
            commands(
                QStringLiteral("dig +short %1 @1.1.1.1")
                    .arg(fqdnOf(r).isEmpty() ? QStringLiteral("\"$RECORD_NAME\"") : sh(fqdnOf(r))));
    sw.notBefore = {{lower.id, std::max(48 * 60, known ? (ttl + 59) / 60 : 0)}};
    RunbookStep &back =
        b.addRollback(sw.id, QStringLiteral("switch-dns-back"),
                      QStringLiteral("Point %1 back at its source value").arg(name));
    back.plannedMinutes = 5;
    back.instructions =
        !label.isEmpty()
            ? QStringLiteral("Remove the `%1_switched` setting and apply the record alone: it "
                             "serves %2 again; clients follow within 60 s.")
                      .arg(label,
                           attr(r, "value").isEmpty() || attr(r, "value") == QLatin1String("@")
                               ? QStringLiteral("its value before the switch")
                               : code(attr(r, "value"))) +
                  commands(QStringLiteral("rm %1\n").arg(variableFile(QStringLiteral("switched"))) +
                           applyRecord.chopped(1))
        : !herokuApp.isEmpty()
            ? QStringLiteral("Set the CNAME back to its Heroku DNS target (`heroku domains "
                             "--app %1` lists it); clients follow within 60 s.")
                  .arg(sh(b.plan().resource(herokuApp)->name))
            : QStringLiteral("Set the record to %1 again; clients follow within 60 s.")
                  .arg(code(attr(r, "value").isEmpty() ? QStringLiteral("its old value")
                                                       : attr(r, "value")));
    RunbookStep &resolve =
        b.add(Stage::Verification, QStringLiteral("resolve"), id, id,
              QStringLiteral("Resolve %1 from outside: it answers the target").arg(name));
    resolve.plannedMinutes = 5;
    gate(resolve, b.checks(id, CheckKind::Dns));
    RunbookStep &restore =
        b.add(Stage::Cleanup, QStringLiteral("restore-ttl"), id, id,
              known ? QStringLiteral("Raise the TTL of %1 back to %2 s").arg(name).arg(ttl)
                    : QStringLiteral("Raise the TTL of %1 back to its usual "
                                     "value")
                          .arg(name));
    restore.plannedMinutes = 5;
    if (!label.isEmpty())
        restore.instructions =
            QStringLiteral("The export keeps 60 s until this setting, applied alone:") +
            commands(setVariable(QStringLiteral("ttl"),
                                 known ? QString::number(ttl)
                                       : QStringLiteral("3600   # the usual TTL: set it")) +
                     applyRecord.chopped(1));
}

void addZone(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    const QString id = r.id;
    RunbookStep &copy = b.add(
        Stage::WeekBefore, QStringLiteral("copy-zone"), id, id,
        QStringLiteral("Create %1 for %2 with every record").arg(targetPlain(s), plainLabel(r)));
    copy.plannedMinutes = 60;
    // Both sides listed, where Ferry knows how: the source by its provider, the target from
    // the folder the export wrote (a Route 53 zone's id and name servers are its outputs).
    const QString &service = s.mapping->targetService;
    const bool route53 = service == QLatin1String("aws_route53_zone");
    const bool team = service == QLatin1String("digitalocean_domain");
    const Builder::TerraformNames *names =
        route53 || team ? &b.terraformNames(s.mapping->accountId) : nullptr;
    const QString label = names ? names->labels.value(id) : QString();
    QString list;
    if (r.provider == QLatin1String("digitalocean"))
        list = QStringLiteral("doctl compute domain records list %1 --format Type,Name,Data,TTL   "
                              "# with the source team's token\n")
                   .arg(sh(r.name));
    else if (r.type == QLatin1String("aws_route53_zone"))
        list = QStringLiteral("aws route53 list-resource-record-sets --hosted-zone-id "
                              "\"$SOURCE_ZONE_ID\" --output text   # with the source account's "
                              "credentials\n");
    if (team)
        list += QStringLiteral("doctl compute domain records list %1 --format Type,Name,Data,TTL "
                               "--access-token \"$DIGITALOCEAN_TOKEN\"   # the team's")
                    .arg(sh(r.name));
    else if (route53 && !label.isEmpty())
        list += QStringLiteral("ZONE_ID=$(terraform -chdir=%1 output -raw %2_id)\naws route53 "
                               "list-resource-record-sets --hosted-zone-id \"$ZONE_ID\" --output "
                               "text --profile %1")
                    .arg(sh(names->folder), label);
    else
        list += QStringLiteral("aws route53 list-resource-record-sets --hosted-zone-id "
                               "\"$ZONE_ID\" --output text");
    copy.instructions =
        QStringLiteral("Both zones must hold the same records before the delegation moves "
                       "(apart from each side's own NS and SOA); compare the two lists record by "
                       "record:") +
        commands(list);
    RunbookStep &ns =
        b.add(Stage::WeekBefore, QStringLiteral("delegate-zone"), id, id,
              QStringLiteral("Change the name servers of %1 at the registrar").arg(plainLabel(r)));
    ns.plannedMinutes = 15;
    ns.instructions =
        (team ? QStringLiteral("Delegate it to `ns1.digitalocean.com`, `ns2.digitalocean.com` "
                               "and `ns3.digitalocean.com`. ")
         : route53 && !label.isEmpty()
             ? QStringLiteral("Delegate it to the new zone's name servers (printed below). ")
             : QString()) +
        QStringLiteral("Parent zones cache the delegation for up to 48 hours; both zones answer "
                       "alike meanwhile, so this is safe days before the cutover. Keep the old "
                       "zone until cleanup.") +
        [&] {
            QString lines;
            if (route53 && !label.isEmpty())
                lines = QStringLiteral("terraform -chdir=%1 output -json %2_name_servers\n")
                            .arg(sh(names->folder), label);
            if (!r.name.isEmpty())
                lines += QStringLiteral("dig +short NS %1 @1.1.1.1   # again until it names the "
                                        "new ones\n")
                             .arg(sh(r.name));
            return lines.isEmpty() ? QString() : commands(lines.chopped(1));
        }();
}

void addDecommission(Builder &b, const Subject &s)
{
    const Resource &r = *s.resource;
    if (s.category == ResourceCategory::DnsRecord)
        return; // it lives on in the target zone; the old copy goes with the old zone
    const bool holdsData = s.data != DataMove::None || s.category == ResourceCategory::Compute;
    RunbookStep &step = b.add(
        Stage::Cleanup, QStringLiteral("decommission"), r.id, r.id,
        holdsData ? QStringLiteral("Take a final backup of %1 and delete it").arg(plainLabel(r))
                  : QStringLiteral("Delete %1").arg(plainLabel(r)));
    step.plannedMinutes = holdsData ? 30 : 5;
    step.instructions = holdsData ? QStringLiteral("Keep the backup as long as the data "
                                                   "retention rules say.")
                                  : QStringLiteral("Nothing to keep: it holds no data.");
    if (s.data != DataMove::None && s.data != DataMove::Objects && s.data != DataMove::VolumeSync &&
        s.data != DataMove::VolumeSnapshot)
        step.role = QStringLiteral("dba");
    if (s.category == ResourceCategory::DnsZone) {
        // The old zone stays until the last wave whose records it served is past its deadline.
        int last = b.wave();
        for (const auto &[id, m] : b.plan().mappings) {
            const Resource *rec = b.plan().resource(id);
            // A record whose domain the import did not name may be in this zone.
            if (rec && categoryOf(*rec) == ResourceCategory::DnsRecord &&
                (attr(*rec, "domain") == r.name || attr(*rec, "domain").isEmpty()))
                last = std::max(last, m.wave);
        }
        if (last > b.wave())
            step.after.append(QStringLiteral("cleanup/rollback-deadline/wave-%1").arg(last));
    }
}

} // namespace

bool isSharedTarget(const QString &service)
{
    return service == QLatin1String("aws_eks_cluster") ||
           service == QLatin1String("aws_ecs_cluster") ||
           service == QLatin1String("digitalocean_kubernetes_cluster");
}

QString displayName(const Resource &r)
{
    if (categoryOf(r) == ResourceCategory::DnsRecord) {
        const QString fqdn = fqdnOf(r).isEmpty() ? r.name : fqdnOf(r);
        const QString type = attr(r, "record_type");
        return type.isEmpty() ? fqdn : type + u' ' + fqdn;
    }
    return r.name.isEmpty() ? r.id : r.name;
}

QString fqdnOf(const Resource &r)
{
    const QString domain = attr(r, "domain");
    if (domain.isEmpty())
        return r.name.contains(u'.') && r.name != QLatin1String("@") ? r.name : QString();
    return r.name == QLatin1String("@") || r.name.isEmpty() ? domain
           : r.name.endsWith(domain)                        ? r.name
                                                            : r.name + u'.' + domain;
}

QString plainLabel(const Resource &r)
{
    return QStringLiteral("%1 %2").arg(typeLabel(r.type), displayName(r));
}

QString markdownLabel(const Resource &r)
{
    return QStringLiteral("%1 %2").arg(typeLabel(r.type), code(displayName(r)));
}

void addSharedTarget(Builder &b, const QString &account, const QString &service,
                     const QList<const Subject *> &sources)
{
    QString list;
    for (const Subject *s : sources)
        list += QStringLiteral("\n- ") + markdownLabel(*s->resource) + QStringLiteral(" (") +
                code(s->resource->id) + u')';
    const QString accountName = sources.isEmpty() ? account : sources.first()->accountName;
    RunbookStep &create =
        b.add(Stage::WeekBefore, QStringLiteral("create-shared-target"), account + u'/' + service,
              QString(),
              sources.size() == 1 ? QStringLiteral("Create the %1 in %2 for %3")
                                        .arg(typeLabel(service), accountName,
                                             plainLabel(*sources.first()->resource))
                                  : QStringLiteral("Create the %1 in %2 for %3 workloads")
                                        .arg(typeLabel(service), accountName)
                                        .arg(sources.size()));
    create.account = account;
    create.plannedMinutes = 90;
    create.instructions =
        QStringLiteral("One %1 absorbs these sources; size its node group for all of them:\n%2")
            .arg(code(service), list);
}

void addResourceSteps(Builder &b, const Subject &s)
{
    // A Heroku process type moves, stops and starts with its app (the app's steps scale the
    // whole formation): no steps of its own.
    if (s.resource->type == QLatin1String("heroku_formation"))
        return;
    if (s.data != DataMove::None) {
        addDataSteps(b, s);
        addDecommission(b, s);
        return;
    }
    if (s.resource->type == QLatin1String("aws_ecr_repository") &&
        s.mapping->targetService == QLatin1String("aws_ecr_repository") &&
        s.mapping->strategy == Strategy::Relocate) {
        addImages(b, s);
        addDecommission(b, s);
        return;
    }
    if (s.resource->type == QLatin1String("aws_codecommit_repository") &&
        s.mapping->targetService == QLatin1String("aws_codecommit_repository") &&
        s.mapping->strategy == Strategy::Relocate) {
        addRepository(b, s);
        addDecommission(b, s);
        return;
    }
    switch (s.category) {
    case ResourceCategory::Compute:
    case ResourceCategory::Application:
    case ResourceCategory::Kubernetes:
        addCompute(b, s);
        addAlsoTargets(b, s);
        break;
    case ResourceCategory::LoadBalancer:
        addLoadBalancer(b, s);
        break;
    case ResourceCategory::DnsRecord: {
        // Only records that point at a service are switched; NS, SOA, MX, TXT… travel with
        // the zone (its copy step) and keep their values.
        if (TerraformExport::isSwitchedRecord(*s.resource))
            addRecord(b, s);
        break;
    }
    case ResourceCategory::DnsZone:
        addZone(b, s);
        break;
    case ResourceCategory::Cdn: {
        RunbookStep &create = b.add(Stage::WeekBefore, QStringLiteral("create-distribution"),
                                    s.resource->id, s.resource->id,
                                    QStringLiteral("Create %1 for %2 with the same origin")
                                        .arg(targetPlain(s), plainLabel(*s.resource)));
        create.plannedMinutes = 45;
        const QString origin = attr(*s.resource, "origin");
        create.instructions =
            (origin.isEmpty() ? QStringLiteral("The same origin as the source's endpoint")
                              : QStringLiteral("Origin %1").arg(code(origin))) +
            QStringLiteral("; the records that point at the old endpoint are switched with "
                           "the other DNS steps.");
        break;
    }
    case ResourceCategory::Address: {
        RunbookStep &tell = b.add(Stage::WeekBefore, QStringLiteral("announce-address"),
                                  s.resource->id, s.resource->id,
                                  QStringLiteral("Tell whoever allow-lists %1 its new address")
                                      .arg(plainLabel(*s.resource)));
        tell.kind = StepKind::Communication;
        tell.role = QStringLiteral("communications");
        tell.plannedMinutes = 30;
        tell.instructions =
            QStringLiteral("An address cannot move between providers: "
                           "partners and firewalls that allow %1 must allow "
                           "the new one before the cutover.")
                .arg(code(attr(*s.resource, "ip").isEmpty() ? s.resource->name
                                                            : attr(*s.resource, "ip")));
        break;
    }
    default:
        break; // networks, projects, others: created by the Terraform, deleted at cleanup
    }
    addDecommission(b, s);
}

} // namespace Ferry::RunbookGenerator
