// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform export: the writer of a DigitalOcean team's folder, whose members
// live in terraformdigitalocean.cpp (the folder, its project, VPC, clusters and firewalls) and
// terraformdigitaloceanapp.cpp (App Platform apps).

#include "terraformfolders.h"
#include "terraformresourcewriter.h"

#include <QHash>
#include <QSet>

namespace Ferry::TerraformExport::DigitalOcean {

/// Managed database engines: the cluster's `engine`, the app spec's and its URL variable.
struct DatabaseEngine
{
    QString cluster;   ///< `pg`, `valkey`
    QString versioned; ///< the engine in resources/engine-versions.yaml
    QString spec;      ///< the app spec's `database.engine`: `PG`, `VALKEY`
    QString envName;   ///< the variable the app reads it from
};

/// The managed engine of a Heroku add-on or DigitalOcean cluster; empty fields when Ferry writes
/// no cluster for it.
DatabaseEngine databaseEngine(const Resource &r);

/// Writes `attribute` with the size class for `source` on `service` and a comment saying why,
/// or a TODO and `fallback` (resources/instance-sizes.yaml).
void writeSize(HclWriter &w, const QString &attribute, const Resource &source,
               const QString &service, const QString &fallback);

/// What a source becomes in a team's folder: an app, a cluster, a `domain` of its app's spec or
/// one of its components (a Heroku process type; no block of their own), a DNS zone
/// (`digitalocean_domain`) or record (`digitalocean_record`), a droplet or a cloud firewall, or
/// nothing Ferry writes.
enum class BlockKind { None, App, Database, Domain, Process, Zone, Record, Droplet, Firewall };

/// What `r` mapped by `m` becomes in a team's folder.
BlockKind blockKind(const Resource &r, const Mapping &m);

/// Writes the files of one team's folder (generate()).
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
    /// Attaches each of `parts` (custom domains, process types) to the app of this folder its
    /// dependency points at (part → app), into `byApp`; a part whose app is not here is listed
    /// as not written, saying `whyNot`.
    void attachToApps(const QStringList &parts, const QSet<QString> &appIds,
                      QHash<QString, QStringList> *byApp, const QString &whyNot);
    void writeApp(HclWriter &w, const QString &id);
    void writeGitHub(HclWriter &w, const QString &repo, const QString &branch);
    void writeEnvironment(HclWriter &w, const QString &config, const QStringList &dbs);
    void writeFirewalls(HclWriter &w);
    /// A DNS zone moving into the team (terraformdigitaloceandns.cpp).
    void writeZone(HclWriter &w, const QString &id);
    /// A DNS record in its zone; one the cutover switches serves the source's value until its
    /// `<label>_switched` is set (TerraformExport::isSwitchedRecord()).
    void writeRecord(HclWriter &w, const QString &id);
    /// The zone of this folder that record `id` is in (its domain, else its dependency), or
    /// empty.
    QString zoneOfRecord(const QString &id) const;
    /// A droplet rebuilt in the team (terraformdigitaloceandroplets.cpp).
    void writeDroplet(HclWriter &w, const QString &id);
    /// A cloud firewall over this folder's droplets, its inbound rules as the plan keeps them
    /// (FirewallRules) and egress open as DigitalOcean's default firewall leaves it.
    void writeFirewall(HclWriter &w, const QString &id);
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
    QStringList zones, records;                      ///< DNS zones and records, in id order
    QStringList droplets, firewalls;                 ///< droplets and cloud firewalls, in id order
    QList<Variable> variables;
    QStringList outputs;                      ///< "name|expression|sensitive"
    QHash<QString, QStringList> appDatabases; ///< app id → database ids it uses
    QHash<QString, QStringList> appDomains;   ///< app id → custom domain ids it serves
    /// App id → its Heroku process types (heroku_formation ids), `web` first, then by name.
    QHash<QString, QStringList> appProcesses;
    /// zoneOfRecord()'s indexes, built on its first call: zone name → zone id, record id →
    /// the zone of its dependency.
    mutable QHash<QString, QString> zoneByName, recordZone;
    mutable bool recordZonesBuilt = false;
    bool sshKeysDecided = false; ///< the folder's `ssh_keys` variable, once for every droplet
};

} // namespace Ferry::TerraformExport::DigitalOcean
