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
