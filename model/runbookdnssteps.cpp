// SPDX-License-Identifier: MIT
// The steps of DNS zones and records (docs/runbook.md, "Steps per kind"): a zone copied and
// delegated the week before; a record's TTL lowered, switched after the point of no return —
// where the export writes it, by its `<label>_switched` variable (TerraformExport::
// isSwitchedRecord()) — switched back by the rollback, its TTL raised at cleanup.
#include "escaping.h"
#include "runbookbuilder.h"
#include "terraformexport.h"

namespace Ferry::RunbookGenerator {

namespace {

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

} // namespace

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

} // namespace Ferry::RunbookGenerator
