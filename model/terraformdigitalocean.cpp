// SPDX-License-Identifier: MIT
// The folder of a DigitalOcean account (a team): its project, a VPC, App Platform apps and
// managed database clusters, written for the digitalocean/digitalocean provider 2.x. Argument
// names as the provider's documentation and schema give them (registry.terraform.io/providers/
// digitalocean/digitalocean/latest/docs: digitalocean_app, digitalocean_database_cluster,
// digitalocean_database_firewall, digitalocean_project, digitalocean_vpc).

#include "engineversions.h"
#include "hclwriter.h"
#include "instancesizes.h"
#include "resourcekind.h"
#include "terraformdigitaloceanfolder.h"

#include <QHash>
#include <QSet>

namespace Ferry::TerraformExport {

namespace DigitalOcean {

DatabaseEngine databaseEngine(const Resource &r)
{
    const QString plan = r.attributes.value(QStringLiteral("plan"));
    const QString engine = r.attributes.value(QStringLiteral("engine")).toLower();
    if (plan.startsWith(QLatin1String("heroku-redis")) || engine == QLatin1String("redis") ||
        engine == QLatin1String("valkey"))
        return {QStringLiteral("valkey"), QStringLiteral("valkey"), QStringLiteral("VALKEY"),
                QStringLiteral("REDIS_URL")};
    if (engineFor(r) == QLatin1String("postgres"))
        return {QStringLiteral("pg"), QStringLiteral("postgres"), QStringLiteral("PG"),
                QStringLiteral("DATABASE_URL")};
    return {};
}

/// DigitalOcean's project environments are these three words.
QString projectEnvironment(Environment e)
{
    switch (e) {
    case Environment::Production:
        return QStringLiteral("Production");
    case Environment::Staging:
        return QStringLiteral("Staging");
    default:
        return QStringLiteral("Development");
    }
}

/// The size class for `r` on `service` with a comment saying why, or a TODO and `fallback`.
void writeSize(HclWriter &w, const QString &attribute, const Resource &source,
               const QString &service, const QString &fallback)
{
    Resource r = source;
    if (r.size.isEmpty()) // a Heroku add-on's plan names its size
        r.size = r.attributes.value(QStringLiteral("plan"));
    const InstanceSizes &sizes = InstanceSizes::builtIn();
    const std::optional<SizeFigures> need = sizes.figuresOf(r);
    const std::optional<TargetSize> target =
        need ? sizes.targetFor(service, *need) : std::optional<TargetSize>();
    const QString what = r.size.isEmpty() ? QStringLiteral("size unknown") : r.size;
    if (!target) {
        w.comment(kTodo +
                  QStringLiteral("choose the size (source: %1%2)")
                      .arg(what, need ? QStringLiteral(", ") + sizeFiguresText(*need) : QString()));
        w.string(attribute, fallback);
        return;
    }
    w.comment(QStringLiteral("Sized from the source: %1 (%2) → %3 (%4), the smallest that holds it")
                  .arg(what, sizeFiguresText(*need), target->sizeClass,
                       sizeFiguresText(target->figures)));
    w.string(attribute, target->sizeClass);
}

BlockKind blockKind(const Resource &r, const Mapping &m)
{
    if (m.targetService == QLatin1String("digitalocean_app") &&
        r.type == QLatin1String("heroku_app"))
        return BlockKind::App;
    if (m.targetService == QLatin1String("digitalocean_app") &&
        r.type == QLatin1String("heroku_domain"))
        return BlockKind::Domain;
    if (m.targetService == QLatin1String("digitalocean_app") &&
        r.type == QLatin1String("heroku_formation"))
        return BlockKind::Process;
    if (m.targetService == QLatin1String("digitalocean_database_cluster") &&
        !databaseEngine(r).cluster.isEmpty())
        return BlockKind::Database;
    if (m.targetService == QLatin1String("digitalocean_droplet") &&
        categoryOf(r) == ResourceCategory::Compute)
        return BlockKind::Droplet;
    if (m.targetService == QLatin1String("digitalocean_firewall") &&
        (r.type == QLatin1String("digitalocean_firewall") ||
         r.type == QLatin1String("aws_security_group")))
        return BlockKind::Firewall;
    if (m.targetService == QLatin1String("digitalocean_domain") &&
        categoryOf(r) == ResourceCategory::DnsZone)
        return BlockKind::Zone;
    if (m.targetService == QLatin1String("digitalocean_record") &&
        categoryOf(r) == ResourceCategory::DnsRecord)
        return BlockKind::Record;
    return BlockKind::None;
}

void DigitalOceanFolder::attachToApps(const QStringList &parts, const QSet<QString> &appIds,
                                      QHash<QString, QStringList> *byApp, const QString &whyNot)
{
    const QSet<QString> partIds(parts.cbegin(), parts.cend());
    QSet<QString> attached;
    for (const Dependency &d : plan.inventory.dependencies)
        if (partIds.contains(d.from) && appIds.contains(d.to) && !(*byApp)[d.to].contains(d.from)) {
            (*byApp)[d.to].append(d.from);
            attached.insert(d.from);
        }
    for (const QString &id : parts)
        if (!attached.contains(id))
            summary->notWritten.append(id + QStringLiteral(": ") + whyNot);
}

void DigitalOceanFolder::generate(const QStringList &ids, const QString &defaultCidr)
{
    label = digitalOceanLabels(plan, ids);
    for (const QString &id : ids) {
        const Resource *r = plan.resource(id);
        const Mapping *m = plan.mapping(id);
        if (!r || !m || m->strategy == Strategy::Retire || m->strategy == Strategy::Retain)
            continue;
        if (!m->alsoServices.isEmpty())
            summary->notWritten.append(
                id + QStringLiteral(": Ferry does not yet write further targets (%1) for "
                                    "DigitalOcean")
                         .arg(m->alsoServices.join(QStringLiteral(", "))));
        switch (blockKind(*r, *m)) {
        case BlockKind::App:
            apps.append(id);
            break;
        case BlockKind::Database:
            databases.append(id);
            break;
        case BlockKind::Domain:
            domains.append(id);
            break;
        case BlockKind::Process:
            processes.append(id);
            break;
        case BlockKind::Droplet:
            droplets.append(id);
            break;
        case BlockKind::Firewall:
            firewalls.append(id);
            break;
        case BlockKind::Zone:
            zones.append(id);
            break;
        case BlockKind::Record:
            records.append(id);
            break;
        case BlockKind::None:
            summary->notWritten.append(
                id + QStringLiteral(": ") +
                (m->targetService.isEmpty()
                     ? QStringLiteral("no target service chosen")
                     : QStringLiteral("Ferry does not yet write %1 from %2 for DigitalOcean")
                           .arg(m->targetService, r->type)));
            break;
        }
    }
    // An app uses the clusters of the add-ons it had (its data dependencies).
    const QSet<QString> appIds(apps.cbegin(), apps.cend());
    const QSet<QString> databaseIds(databases.cbegin(), databases.cend());
    for (const Dependency &d : plan.inventory.dependencies)
        if (appIds.contains(d.from) && databaseIds.contains(d.to) &&
            !appDatabases.value(d.from).contains(d.to))
            appDatabases[d.from].append(d.to);
    // A custom domain is served by the app it pointed at (the import's DNS dependency domain →
    // app), a process type is a component of its app (membership process type → app); one whose
    // app is not in this team cannot be.
    attachToApps(domains, appIds, &appDomains,
                 QStringLiteral("the Heroku app it points at is not mapped onto an app in this "
                                "team"));
    attachToApps(processes, appIds, &appProcesses,
                 QStringLiteral("the Heroku app of this process type is not mapped onto an app "
                                "in this team"));
    for (QStringList &list : appProcesses)
        std::sort(list.begin(), list.end(), [this](const QString &a, const QString &b) {
            return herokuProcessTypeBefore(*plan.resource(a), *plan.resource(b));
        });

    summary->resourcesPerFolder.insert(folder,
                                       int(apps.size() + databases.size() + zones.size() +
                                           records.size() + droplets.size() + firewalls.size()));
    const bool any = !apps.isEmpty() || !databases.isEmpty() || !zones.isEmpty() ||
                     !records.isEmpty() || !droplets.isEmpty() || !firewalls.isEmpty();
    // Apps and clusters run in the team's VPC; a team that takes DNS only needs none.
    const bool network = !apps.isEmpty() || !databases.isEmpty() || !droplets.isEmpty();
    HclWriter w;
    if (any)
        writeProject(w);
    if (network) {
        w.blank();
        w.block(QStringLiteral("resource"),
                {QStringLiteral("digitalocean_vpc"), QStringLiteral("main")});
        w.string(QStringLiteral("name"), hyphenName(folder, 54) + QStringLiteral("-vpc"));
        w.attribute(QStringLiteral("region"), QStringLiteral("var.region"));
        w.attribute(QStringLiteral("ip_range"), QStringLiteral("var.vpc_cidr"));
        w.end();
    }
    for (const QString &id : std::as_const(databases)) {
        w.blank();
        writeDatabase(w, id);
    }
    writeFirewalls(w);
    for (const QString &id : std::as_const(apps)) {
        w.blank();
        writeApp(w, id);
    }
    for (const QString &id : std::as_const(droplets)) {
        w.blank();
        writeDroplet(w, id);
    }
    for (const QString &id : std::as_const(firewalls)) {
        w.blank();
        writeFirewall(w, id);
    }
    for (const QString &id : std::as_const(zones)) {
        w.blank();
        writeZone(w, id);
    }
    for (const QString &id : std::as_const(records)) {
        w.blank();
        writeRecord(w, id);
    }
    files->insert(
        dir + QStringLiteral("main.tf"),
        any ? w.text()
            : QStringLiteral("# No resources Ferry writes are mapped to this team yet.\n"));

    {
        HclWriter v;
        v.block(QStringLiteral("terraform"));
        v.string(QStringLiteral("required_version"), QStringLiteral(">= 1.5.0"));
        v.blank();
        v.block(QStringLiteral("required_providers"));
        v.object(QStringLiteral("digitalocean"));
        v.string(QStringLiteral("source"), QStringLiteral("digitalocean/digitalocean"));
        v.string(QStringLiteral("version"), QStringLiteral("~> 2.0"));
        v.end();
        v.end();
        v.end();
        files->insert(dir + QStringLiteral("versions.tf"), v.text());
    }
    {
        HclWriter p;
        p.comment(QStringLiteral("The token of the %1 team comes from DIGITALOCEAN_TOKEN; it "
                                 "never goes in a file.")
                      .arg(account.name));
        p.block(QStringLiteral("provider"), {QStringLiteral("digitalocean")});
        p.end();
        files->insert(dir + QStringLiteral("providers.tf"), p.text());
    }
    {
        HclWriter v;
        writeVariable(
            v, QStringLiteral("region"),
            QStringLiteral("DigitalOcean region of the resources of team %1").arg(account.name),
            QStringLiteral("string"), q(account.region), false);
        if (network) {
            v.blank();
            writeVariable(v, QStringLiteral("vpc_cidr"),
                          QStringLiteral("IP range of the %1 team's VPC: by default one that "
                                         "overlaps no network of the inventory and no other "
                                         "account's")
                              .arg(account.name),
                          QStringLiteral("string"),
                          defaultCidr.isEmpty() ? QString() : q(defaultCidr), false);
        }
        for (const Variable &d : std::as_const(variables)) {
            v.blank();
            writeVariable(v, d.name, d.description, d.type, d.defaultExpr, d.sensitive);
        }
        files->insert(dir + QStringLiteral("variables.tf"), v.text());
    }
    {
        HclWriter o;
        for (const QString &line : std::as_const(outputs)) {
            o.blank();
            o.block(QStringLiteral("output"), {line.section(u'|', 0, 0)});
            o.attribute(QStringLiteral("value"), line.section(u'|', 1, 1));
            if (line.section(u'|', 2, 2) == QLatin1String("sensitive"))
                o.attribute(QStringLiteral("sensitive"), QStringLiteral("true"));
            o.end();
        }
        files->insert(dir + QStringLiteral("outputs.tf"),
                      outputs.isEmpty() ? QStringLiteral("# No outputs yet.\n") : o.text());
    }
}

void DigitalOceanFolder::writeProject(HclWriter &w)
{
    QStringList urns;
    for (const QString &id : std::as_const(databases))
        urns.append(QStringLiteral("digitalocean_database_cluster.") + label.value(id) +
                    QStringLiteral(".urn"));
    for (const QString &id : std::as_const(apps))
        urns.append(QStringLiteral("digitalocean_app.") + label.value(id) + QStringLiteral(".urn"));
    for (const QString &id : std::as_const(droplets))
        urns.append(QStringLiteral("digitalocean_droplet.") + label.value(id) +
                    QStringLiteral(".urn"));
    for (const QString &id : std::as_const(zones))
        urns.append(QStringLiteral("digitalocean_domain.") + label.value(id) +
                    QStringLiteral(".urn"));
    w.comment(QStringLiteral("The %1 account is a DigitalOcean team; its resources go in one "
                             "project named after it.")
                  .arg(account.name));
    w.block(QStringLiteral("resource"),
            {QStringLiteral("digitalocean_project"), QStringLiteral("project")});
    w.string(QStringLiteral("name"), account.name.left(175));
    w.string(QStringLiteral("description"), QStringLiteral("Migrated with Ferry"));
    w.string(QStringLiteral("purpose"), QStringLiteral("Web Application"));
    w.string(QStringLiteral("environment"), projectEnvironment(account.environment));
    w.attribute(QStringLiteral("resources"), u'[' + urns.join(QStringLiteral(", ")) + u']');
    w.end();
}

void DigitalOceanFolder::writeDatabase(HclWriter &w, const QString &id)
{
    const Resource &r = *plan.resource(id);
    const QString l = label.value(id);
    const DatabaseEngine engine = databaseEngine(r);
    w.comment(
        QStringLiteral("From %1 (%2%3)")
            .arg(r.id, r.type,
                 r.attributes.value(QStringLiteral("plan")).isEmpty()
                     ? QString()
                     : QStringLiteral(", plan ") + r.attributes.value(QStringLiteral("plan"))));
    w.block(QStringLiteral("resource"), {QStringLiteral("digitalocean_database_cluster"), l});
    // Cluster names: lowercase letters, digits and hyphens, 3 to 63 characters.
    w.string(QStringLiteral("name"), hyphenName(r.name.isEmpty() ? r.id : r.name, 63));
    w.string(QStringLiteral("engine"), engine.cluster);
    const QString source = r.attributes.value(QStringLiteral("engine_version"));
    const std::optional<EngineTarget> version = EngineVersions::builtIn().targetFor(
        QStringLiteral("digitalocean_database_cluster"), engine.versioned, source);
    if (source.isEmpty() || !version) {
        w.comment(QStringLiteral("The source does not say its version: DigitalOcean's default "
                                 "for %1 (newest) is created")
                      .arg(engine.cluster));
    } else {
        if (version->upgraded)
            w.comment(QStringLiteral("Major upgrade: DigitalOcean does not offer the source's "
                                     "%1; %2 is the next it does (engine-versions.yaml, "
                                     "reviewed %3). The runbook rehearses the upgrade.")
                          .arg(version->sourceMajor, version->version,
                               EngineVersions::builtIn().reviewed()));
        else if (version->newerThanTable)
            w.comment(kTodo +
                      QStringLiteral("confirm DigitalOcean offers %1").arg(version->version));
        w.string(QStringLiteral("version"), version->version);
    }
    writeSize(w, QStringLiteral("size"), r, QStringLiteral("digitalocean_database_cluster"),
              QStringLiteral("db-s-1vcpu-1gb"));
    w.attribute(QStringLiteral("node_count"), QStringLiteral("1"));
    w.attribute(QStringLiteral("region"), QStringLiteral("var.region"));
    w.attribute(QStringLiteral("private_network_uuid"), QStringLiteral("digitalocean_vpc.main.id"));
    w.end();
    const QString address = QStringLiteral("digitalocean_database_cluster.") + l;
    outputs.append(l + QStringLiteral("_id|") + address + QStringLiteral(".id|"));
    outputs.append(l + QStringLiteral("_host|") + address + QStringLiteral(".private_host|"));
    outputs.append(l + QStringLiteral("_public_uri|") + address + QStringLiteral(".uri|sensitive"));
    outputs.append(l + QStringLiteral("_uri|") + address +
                   QStringLiteral(".private_uri|sensitive"));
}

void DigitalOceanFolder::writeFirewalls(HclWriter &w)
{
    // A cluster takes connections from the apps that use it alone (trusted sources).
    for (const QString &db : std::as_const(databases)) {
        QStringList users;
        for (const QString &app : std::as_const(apps))
            if (appDatabases.value(app).contains(db))
                users.append(app);
        if (users.isEmpty())
            continue;
        w.blank();
        w.block(QStringLiteral("resource"),
                {QStringLiteral("digitalocean_database_firewall"), label.value(db)});
        w.attribute(QStringLiteral("cluster_id"), QStringLiteral("digitalocean_database_cluster.") +
                                                      label.value(db) + QStringLiteral(".id"));
        for (const QString &app : std::as_const(users)) {
            w.blank();
            w.block(QStringLiteral("rule"));
            w.string(QStringLiteral("type"), QStringLiteral("app"));
            w.attribute(QStringLiteral("value"), QStringLiteral("digitalocean_app.") +
                                                     label.value(app) + QStringLiteral(".id"));
            w.end();
        }
        w.end();
    }
}

} // namespace DigitalOcean

using DigitalOcean::BlockKind;
using DigitalOcean::blockKind;

QHash<QString, QString> digitalOceanLabels(const Plan &plan, const QStringList &ids)
{
    // Outputs and variables are named after the labels: none may take the folder's own names.
    UniqueLabels labels{u'_',
                        {QStringLiteral("region"), QStringLiteral("vpc_cidr"),
                         QStringLiteral("project"), QStringLiteral("main")}};
    QHash<QString, QString> result;
    QStringList records;
    QSet<QString> zoneNames;
    for (const QString &id : ids) {
        const Resource *r = plan.resource(id);
        const Mapping *m = plan.mapping(id);
        if (!r || !m || m->strategy == Strategy::Retire || m->strategy == Strategy::Retain)
            continue;
        const BlockKind kind = blockKind(*r, *m);
        if (kind == BlockKind::None || kind == BlockKind::Domain || kind == BlockKind::Process)
            continue;
        if (kind == BlockKind::Record) {
            records.append(id);
            continue;
        }
        if (kind == BlockKind::Zone)
            zoneNames.insert(r->name.toLower());
        result.insert(id,
                      labels.claim(HclWriter::identifier(r->name.isEmpty() ? r->id : r->name), id));
    }
    // Records after the rest, so that a zone keeps its name; one at its domain's apex (`@`, the
    // domain's name) is named after the domain and its type (`example_com_mx`).
    for (const QString &id : std::as_const(records)) {
        const Resource *r = plan.resource(id);
        const QString domain = r->attributes.value(QStringLiteral("domain"));
        const bool apex = r->name.isEmpty() || r->name == QLatin1String("@") ||
                          r->name.toLower() == domain.toLower() ||
                          zoneNames.contains(r->name.toLower());
        const QString type = r->attributes.value(QStringLiteral("record_type")).isEmpty()
                                 ? QStringLiteral("a")
                                 : r->attributes.value(QStringLiteral("record_type")).toLower();
        const QString base =
            apex ? (domain.isEmpty() ? (r->name == QLatin1String("@") || r->name.isEmpty()
                                            ? QStringLiteral("apex")
                                            : r->name)
                                     : domain) +
                       u'_' + type
                 : r->name;
        result.insert(id, labels.claim(HclWriter::identifier(base), id));
    }
    return result;
}

void generateDigitalOceanAccount(const Plan &plan, const Account &account, const QString &folder,
                                 const QStringList &ids, const QString &defaultCidr,
                                 QMap<QString, QString> *files, Summary *summary)
{
    DigitalOcean::DigitalOceanFolder(plan, account, folder, files, summary)
        .generate(ids, defaultCidr);
}

} // namespace Ferry::TerraformExport
