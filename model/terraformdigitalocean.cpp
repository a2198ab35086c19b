// SPDX-License-Identifier: MIT
// The folder of a DigitalOcean account (a team): its project, a VPC, App Platform apps and
// managed database clusters, written for the digitalocean/digitalocean provider 2.x. Argument
// names as the provider's documentation and schema give them (registry.terraform.io/providers/
// digitalocean/digitalocean/latest/docs: digitalocean_app, digitalocean_database_cluster,
// digitalocean_database_firewall, digitalocean_project, digitalocean_vpc).

#include "engineversions.h"
#include "hclwriter.h"
#include "instancesizes.h"
#include "terraformfolders.h"
#include "terraformresourcewriter.h"

#include <QHash>
#include <QSet>

namespace Ferry::TerraformExport {

namespace {

/// Managed database engines: the cluster's `engine`, the app spec's and its URL variable.
struct DatabaseEngine
{
    QString cluster;   ///< `pg`, `valkey`
    QString versioned; ///< the engine in resources/engine-versions.yaml
    QString spec;      ///< the app spec's `database.engine`: `PG`, `VALKEY`
    QString envName;   ///< the variable the app reads it from
};

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

/// What a source becomes in a team's folder: an app, a cluster, a `domain` of its app's spec or
/// one of its components (a Heroku process type; no block of their own), or nothing Ferry writes.
enum class BlockKind { None, App, Database, Domain, Process };

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
    return BlockKind::None;
}

class DigitalOceanFolder
{
public:
    DigitalOceanFolder(const Plan &plan, const Account &account, const QString &folder,
                       QMap<QString, QString> *files, Summary *summary)
        : plan(plan)
        , account(account)
        , dir(folder + u'/')
        , folder(folder)
        , files(files)
        , summary(summary)
    {}

    void generate(const QStringList &ids, const QString &defaultCidr);

private:
    void writeDatabase(HclWriter &w, const QString &id);
    void writeApp(HclWriter &w, const QString &id);
    void writeGitHub(HclWriter &w, const QString &repo, const QString &branch);
    void writeEnvironment(HclWriter &w, const QString &config, const QStringList &dbs);
    void writeFirewalls(HclWriter &w);
    void writeProject(HclWriter &w);
    QString appRegion() const { return account.region.left(3); }
    QString decide(const QString &name, const QString &type, const QString &description,
                   const QString &defaultExpr = QString(), bool sensitive = false)
    {
        variables.append({name, type, description, defaultExpr, sensitive});
        return QStringLiteral("var.") + name;
    }

    struct Variable
    {
        QString name, type, description, defaultExpr;
        bool sensitive = false;
    };

    const Plan &plan;
    const Account &account;
    const QString dir;
    const QString folder;
    QMap<QString, QString> *files;
    Summary *summary;
    UniqueLabels labels{u'_',
                        {QStringLiteral("region"), QStringLiteral("vpc_cidr"),
                         QStringLiteral("project"), QStringLiteral("main")}};
    QHash<QString, QString> label;                   ///< resource id → its block label
    QStringList apps, databases, domains, processes; ///< ids, in id order
    QList<Variable> variables;
    QStringList outputs;                      ///< "name|expression|sensitive"
    QHash<QString, QStringList> appDatabases; ///< app id → database ids it uses
    QHash<QString, QStringList> appDomains;   ///< app id → custom domain ids it serves
    /// App id → its Heroku process types (heroku_formation ids), `web` first, then by name.
    QHash<QString, QStringList> appProcesses;
};

void DigitalOceanFolder::generate(const QStringList &ids, const QString &defaultCidr)
{
    label = digitalOceanLabels(plan, ids);
    for (const QString &id : ids) {
        const Resource *r = plan.resource(id);
        const Mapping *m = plan.mapping(id);
        if (!r || !m || m->strategy == Strategy::Retire || m->strategy == Strategy::Retain)
            continue;
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
    // app); one whose app is not in this team cannot be.
    const QSet<QString> domainIds(domains.cbegin(), domains.cend());
    for (const Dependency &d : plan.inventory.dependencies)
        if (domainIds.contains(d.from) && appIds.contains(d.to) &&
            !appDomains.value(d.to).contains(d.from))
            appDomains[d.to].append(d.from);
    for (const QString &id : std::as_const(domains)) {
        bool served = false;
        for (const QStringList &list : std::as_const(appDomains))
            served = served || list.contains(id);
        if (!served)
            summary->notWritten.append(id + QStringLiteral(": the Heroku app it points at is not "
                                                           "mapped onto an app in this team"));
    }

    // A process type is a component of its app (the import's membership process type → app).
    const QSet<QString> processIds(processes.cbegin(), processes.cend());
    for (const Dependency &d : plan.inventory.dependencies)
        if (processIds.contains(d.from) && appIds.contains(d.to) &&
            !appProcesses.value(d.to).contains(d.from))
            appProcesses[d.to].append(d.from);
    for (QStringList &list : appProcesses)
        std::sort(list.begin(), list.end(), [this](const QString &a, const QString &b) {
            const QString &x = plan.resource(a)->name, &y = plan.resource(b)->name;
            const bool webX = x == QLatin1String("web"), webY = y == QLatin1String("web");
            return webX != webY ? webX : x < y;
        });
    for (const QString &id : std::as_const(processes)) {
        bool used = false;
        for (const QStringList &list : std::as_const(appProcesses))
            used = used || list.contains(id);
        if (!used)
            summary->notWritten.append(id + QStringLiteral(": the Heroku app of this process "
                                                           "type is not mapped onto an app in "
                                                           "this team"));
    }

    summary->resourcesPerFolder.insert(folder, int(apps.size() + databases.size()));
    const bool any = !apps.isEmpty() || !databases.isEmpty();
    HclWriter w;
    if (any) {
        writeProject(w);
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
        writeVariable(v, QStringLiteral("region"),
                      QStringLiteral("DigitalOcean region of the %1 team's VPC and databases")
                          .arg(account.name),
                      QStringLiteral("string"), q(account.region), false);
        if (any) {
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

// A component's source: the GitHub branch it deploys.
void DigitalOceanFolder::writeGitHub(HclWriter &w, const QString &repo, const QString &branch)
{
    w.blank();
    w.block(QStringLiteral("github"));
    w.attribute(QStringLiteral("repo"), repo);
    w.attribute(QStringLiteral("branch"), branch);
    w.attribute(QStringLiteral("deploy_on_push"), QStringLiteral("true"));
    w.end();
}

// The app's environment, shared by its components as Heroku's config vars were by its dynos:
// the config vars (`config`, the sensitive variable) but those App Platform binds, and the bound
// databases' URLs.
void DigitalOceanFolder::writeEnvironment(HclWriter &w, const QString &config,
                                          const QStringList &dbs)
{
    QStringList bound;
    for (const QString &db : dbs)
        bound.append(q(databaseEngine(*plan.resource(db)).envName));
    w.blank();
    w.comment(QStringLiteral("Heroku's config vars, for every component of the app as they were "
                             "for every dyno"));
    w.block(QStringLiteral("dynamic"), {QStringLiteral("env")});
    w.attribute(QStringLiteral("for_each"),
                QStringLiteral("setsubtract(nonsensitive(toset(keys(%1))), [%2])")
                    .arg(config, bound.join(QStringLiteral(", "))));
    w.block(QStringLiteral("content"));
    w.attribute(QStringLiteral("key"), QStringLiteral("env.value"));
    w.attribute(QStringLiteral("value"), config + QStringLiteral("[env.value]"));
    w.string(QStringLiteral("scope"), QStringLiteral("RUN_TIME"));
    w.string(QStringLiteral("type"), QStringLiteral("SECRET"));
    w.end();
    w.end();
    for (const QString &db : dbs) {
        const DatabaseEngine engine = databaseEngine(*plan.resource(db));
        w.blank();
        w.comment(QStringLiteral("Bound by App Platform at deploy time, as Heroku set %1")
                      .arg(engine.envName));
        w.block(QStringLiteral("env"));
        w.string(QStringLiteral("key"), engine.envName);
        w.string(QStringLiteral("value"), QStringLiteral("${") + hyphenName(label.value(db), 32) +
                                              QStringLiteral(".DATABASE_URL}"));
        w.string(QStringLiteral("scope"), QStringLiteral("RUN_TIME"));
        w.string(QStringLiteral("type"), QStringLiteral("SECRET"));
        w.end();
    }
}

void DigitalOceanFolder::writeApp(HclWriter &w, const QString &id)
{
    const Resource &r = *plan.resource(id);
    const QString l = label.value(id);
    const QString repo = decide(l + QStringLiteral("_github_repo"), QStringLiteral("string"),
                                QStringLiteral("GitHub repository (owner/name) App Platform "
                                               "deploys %1 from; Heroku's state does not say")
                                    .arg(r.name));
    const QString branch = decide(l + QStringLiteral("_branch"), QStringLiteral("string"),
                                  QStringLiteral("Branch of %1 App Platform deploys").arg(r.name),
                                  q(QStringLiteral("main")));
    w.comment(
        QStringLiteral("From Heroku app %1 (%2%3)")
            .arg(r.name, r.id,
                 r.attributes.value(QStringLiteral("stack")).isEmpty()
                     ? QString()
                     : QStringLiteral(", stack ") + r.attributes.value(QStringLiteral("stack"))));
    w.block(QStringLiteral("resource"), {QStringLiteral("digitalocean_app"), l});
    w.block(QStringLiteral("spec"));
    // App names: lowercase letters, digits and hyphens, 2 to 32 characters.
    w.string(QStringLiteral("name"), hyphenName(r.name.isEmpty() ? r.id : r.name, 32));
    w.string(QStringLiteral("region"), appRegion());
    const QStringList hostnames = appDomains.value(id);
    for (qsizetype i = 0; i < hostnames.size(); ++i) {
        const Resource &d = *plan.resource(hostnames[i]);
        w.blank();
        if (i == 0)
            w.comment(QStringLiteral("Heroku's custom domains: App Platform issues their "
                                     "certificates once their CNAMEs point at the app's "
                                     "default ingress (the runbook's DNS switch)"));
        w.block(QStringLiteral("domain"));
        w.string(QStringLiteral("name"), d.name.isEmpty() ? d.id : d.name);
        w.string(QStringLiteral("type"),
                 i == 0 ? QStringLiteral("PRIMARY") : QStringLiteral("ALIAS"));
        w.end();
    }
    const QStringList dbs = appDatabases.value(id);
    const QStringList processTypes = appProcesses.value(id);
    const Resource *web =
        processTypes.isEmpty() || plan.resource(processTypes.first())->name != QLatin1String("web")
            ? nullptr
            : plan.resource(processTypes.first());
    const QString quantity = web ? web->attributes.value(QStringLiteral("quantity")) : QString();
    w.blank();
    w.comment(QStringLiteral("Heroku's web process type"));
    w.block(QStringLiteral("service"));
    w.string(QStringLiteral("name"), QStringLiteral("web"));
    if (HclWriter::isNumber(quantity)) {
        w.comment(QStringLiteral("Heroku's formation: %1 web %2")
                      .arg(quantity, quantity == QLatin1String("1") ? QStringLiteral("dyno")
                                                                    : QStringLiteral("dynos")));
        w.attribute(QStringLiteral("instance_count"), quantity);
    } else {
        w.comment(QStringLiteral("The source does not give the formation's quantity: %1")
                      .arg(account.environment == Environment::Production
                               ? QStringLiteral("two instances in production, so that a deploy "
                                                "or a failed instance leaves one serving")
                               : QStringLiteral("one instance outside production")));
        w.attribute(QStringLiteral("instance_count"), account.environment == Environment::Production
                                                          ? QStringLiteral("2")
                                                          : QStringLiteral("1"));
    }
    writeSize(w, QStringLiteral("instance_size_slug"), web && !web->size.isEmpty() ? *web : r,
              QStringLiteral("digitalocean_app"), QStringLiteral("apps-s-1vcpu-1gb"));
    w.attribute(QStringLiteral("http_port"), QStringLiteral("8080"));
    // Heroku's config vars as encrypted variables: the values come from the sensitive variable
    // (the runbook sets it from `heroku config --json`), never a file; the add-on URLs Heroku
    // set are App Platform's bindings below instead.
    const QString config = decide(l + QStringLiteral("_config_vars"), QStringLiteral("map(string)"),
                                  QStringLiteral("Config vars of Heroku app %1, name → value: set "
                                                 "TF_VAR_%2_config_vars=\"$(heroku config --app "
                                                 "%1 --json)\" (never in a file)")
                                      .arg(r.name, l),
                                  QString(), true);
    writeGitHub(w, repo, branch);
    w.end(); // service
    // The other process types run as workers from the same source, each with its Procfile
    // command (neither Heroku's state nor its API says it).
    for (const QString &process : processTypes) {
        const Resource &p = *plan.resource(process);
        if (&p == web)
            continue;
        const QString type = hyphenName(p.name, 32);
        w.blank();
        w.comment(QStringLiteral("Heroku's %1 process type (%2)").arg(p.name, p.id));
        w.block(QStringLiteral("worker"));
        w.string(QStringLiteral("name"), type);
        w.attribute(QStringLiteral("run_command"),
                    decide(l + u'_' + HclWriter::identifier(p.name) + QStringLiteral("_command"),
                           QStringLiteral("string"),
                           QStringLiteral("Command of the %1 process type of Heroku app %2: its "
                                          "line in the app's Procfile")
                               .arg(p.name, r.name)));
        const QString count = p.attributes.value(QStringLiteral("quantity"));
        if (HclWriter::isNumber(count))
            w.comment(QStringLiteral("Heroku's formation: %1 %2 %3")
                          .arg(count, p.name,
                               count == QLatin1String("1") ? QStringLiteral("dyno")
                                                           : QStringLiteral("dynos")));
        else
            w.comment(QStringLiteral("The source does not give the formation's quantity"));
        w.attribute(QStringLiteral("instance_count"),
                    HclWriter::isNumber(count) ? count : QStringLiteral("1"));
        writeSize(w, QStringLiteral("instance_size_slug"), p, QStringLiteral("digitalocean_app"),
                  QStringLiteral("apps-s-1vcpu-1gb"));
        writeGitHub(w, repo, branch);
        w.end();
    }
    writeEnvironment(w, config, dbs);
    for (const QString &db : dbs) {
        const DatabaseEngine engine = databaseEngine(*plan.resource(db));
        w.blank();
        w.block(QStringLiteral("database"));
        w.string(QStringLiteral("name"), hyphenName(label.value(db), 32));
        w.string(QStringLiteral("engine"), engine.spec);
        w.attribute(QStringLiteral("production"), QStringLiteral("true"));
        w.attribute(QStringLiteral("cluster_name"),
                    QStringLiteral("digitalocean_database_cluster.") + label.value(db) +
                        QStringLiteral(".name"));
        w.end();
    }
    w.end(); // spec
    w.end();
    const QString address = QStringLiteral("digitalocean_app.") + l;
    outputs.append(l + QStringLiteral("_id|") + address + QStringLiteral(".id|"));
    outputs.append(l + QStringLiteral("_live_url|") + address + QStringLiteral(".live_url|"));
    outputs.append(l + QStringLiteral("_default_ingress|") + address +
                   QStringLiteral(".default_ingress|"));
}

} // namespace

QHash<QString, QString> digitalOceanLabels(const Plan &plan, const QStringList &ids)
{
    // Outputs and variables are named after the labels: none may take the folder's own names.
    UniqueLabels labels{u'_',
                        {QStringLiteral("region"), QStringLiteral("vpc_cidr"),
                         QStringLiteral("project"), QStringLiteral("main")}};
    QHash<QString, QString> result;
    for (const QString &id : ids) {
        const Resource *r = plan.resource(id);
        const Mapping *m = plan.mapping(id);
        if (!r || !m || m->strategy == Strategy::Retire || m->strategy == Strategy::Retain ||
            blockKind(*r, *m) == BlockKind::None || blockKind(*r, *m) == BlockKind::Domain ||
            blockKind(*r, *m) == BlockKind::Process)
            continue;
        result.insert(id,
                      labels.claim(HclWriter::identifier(r->name.isEmpty() ? r->id : r->name), id));
    }
    return result;
}

void generateDigitalOceanAccount(const Plan &plan, const Account &account, const QString &folder,
                                 const QStringList &ids, const QString &defaultCidr,
                                 QMap<QString, QString> *files, Summary *summary)
{
    DigitalOceanFolder(plan, account, folder, files, summary).generate(ids, defaultCidr);
}

} // namespace Ferry::TerraformExport
