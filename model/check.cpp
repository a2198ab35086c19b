// SPDX-License-Identifier: MIT
#include "check.h"

#include "plan.h"
#include "resourcekind.h"

#include <QHash>
#include <QRegularExpression>

namespace Ferry {

QString checkKindName(CheckKind kind)
{
    switch (kind) {
    case CheckKind::Dns:
        return QStringLiteral("dns");
    case CheckKind::Tcp:
        return QStringLiteral("tcp");
    case CheckKind::Tls:
        return QStringLiteral("tls");
    case CheckKind::Http:
        return QStringLiteral("http");
    case CheckKind::Postgres:
        return QStringLiteral("postgres");
    case CheckKind::Data:
        return QStringLiteral("data");
    case CheckKind::HttpCompare:
        return QStringLiteral("http-compare");
    case CheckKind::Replication:
        break;
    }
    return QStringLiteral("replication");
}

bool parseCheckKind(const QString &name, CheckKind *kind)
{
    for (CheckKind k :
         {CheckKind::Dns, CheckKind::Tcp, CheckKind::Tls, CheckKind::Http, CheckKind::Postgres,
          CheckKind::Data, CheckKind::Replication, CheckKind::HttpCompare})
        if (checkKindName(k) == name) {
            *kind = k;
            return true;
        }
    return false;
}

QString checkTargetSecretProblem(const Check &check)
{
    // user:password@ in a URI (PostgreSQL or HTTP), or password= in a key=value string or query.
    static const QRegularExpression userInfo(QStringLiteral("^[a-z][a-z0-9+.-]*://[^/@]*:[^/@]*@"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression keyword(QStringLiteral("(^|[\\s?&])password\\s*="),
                                            QRegularExpression::CaseInsensitiveOption);
    auto holdsPassword = [&](const QString &s) {
        return userInfo.match(s).hasMatch() || keyword.match(s).hasMatch();
    };
    if (holdsPassword(check.target))
        return QStringLiteral("check '%1': its target holds a password; name an environment "
                              "variable with password_env instead (or use ~/.pgpass)")
            .arg(check.id);
    for (const char *key : {"target_database", "subscriber", "compare_url"})
        if (holdsPassword(check.expect.value(QString::fromLatin1(key))))
            return QStringLiteral("check '%1': its %2 holds a password; use PGPASSWORD or "
                                  "~/.pgpass instead")
                .arg(check.id, QString::fromLatin1(key));
    return QString();
}

QStringList applicationDatabases(const Resource &r, const Mapping *m)
{
    if (m && !m->databases.isEmpty())
        return m->databases;
    static const QStringList system = {QStringLiteral("defaultdb"), QStringLiteral("postgres"),
                                       QStringLiteral("_dodb"), QStringLiteral("template0"),
                                       QStringLiteral("template1")};
    QStringList out;
    for (const QString &db :
         r.attributes.value(QStringLiteral("databases")).split(u',', Qt::SkipEmptyParts))
        if (const QString name = db.trimmed(); !name.isEmpty() && !system.contains(name))
            out.append(name);
    out.sort();
    out.removeDuplicates();
    if (out.isEmpty())
        out.append(r.type == QLatin1String("digitalocean_database_cluster")
                       ? QStringLiteral("defaultdb")
                       : QStringLiteral("postgres"));
    return out;
}

bool expectTrue(const Check &check, const QString &key, bool fallback)
{
    const QString v = check.expect.value(key);
    if (v.isEmpty())
        return fallback;
    return v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("1");
}

QString logicalReplicationName(const QString &database, const QStringList &databases)
{
    const QString base = QStringLiteral("ferry_migration");
    if (databases.size() <= 1)
        return base;
    auto nameOf = [&base](const QString &db) {
        QString out = base + u'_';
        for (const QChar c : db.toLower())
            out += (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') ? c : QChar(u'_');
        return out.left(60);
    };
    // Numbered in the order of `databases` (sorted), so each keeps its name across exports.
    QHash<QString, int> seen;
    QString mine;
    for (const QString &db : databases) {
        const QString name = nameOf(db);
        const int n = ++seen[name];
        if (db == database)
            mine = n == 1 ? name : name + QStringLiteral("_%1").arg(n);
    }
    return mine.isEmpty() ? nameOf(database) : mine;
}

namespace {

/// The full name of the first A record (by id) whose value is `ip`, or empty.
QString siteNameOf(const Plan &plan, const QString &ip)
{
    for (const auto &[id, r] : plan.inventory.resources) {
        if (categoryOf(r) != ResourceCategory::DnsRecord ||
            r.attributes.value(QStringLiteral("record_type")) != QLatin1String("A") ||
            r.attributes.value(QStringLiteral("value")) != ip)
            continue;
        const QString domain = r.attributes.value(QStringLiteral("domain"));
        if (domain.isEmpty())
            continue;
        return r.name == QLatin1String("@") || r.name.isEmpty()
                   ? domain
                   : (r.name.endsWith(domain) ? r.name : r.name + u'.' + domain);
    }
    return {};
}

/// PostgreSQL logins on both sides of database `r` (the source where the import knows its host,
/// the target once the mapping has its endpoint) and, with both, per application database a
/// data check and a replication check between them. `selfManaged`: `r` is a server running
/// PostgreSQL itself (a droplet mapped onto RDS), reached on its public address, port 5432.
template<typename Add>
void addPostgresChecks(const Plan &plan, const Resource &r, bool selfManaged, Add add)
{
    if (databaseEngine(r, selfManaged) != QLatin1String("pg"))
        return;
    const QString targetSide = QStringLiteral("target");
    const QString name = r.name.isEmpty() ? r.id : r.name;
    // DigitalOcean's managed clusters have the admin user doadmin and the database defaultdb
    // (DigitalOcean API v2, "Databases": connection.user / database).
    const bool digitalOcean = r.type == QLatin1String("digitalocean_database_cluster");
    const QString defaultDb =
        digitalOcean ? QStringLiteral("defaultdb") : QStringLiteral("postgres");
    const Mapping *m = plan.mapping(r.id);
    const QStringList databases = applicationDatabases(r, m);
    QString host =
        r.attributes.value(selfManaged ? QStringLiteral("ipv4") : QStringLiteral("host"));
    const QString port = selfManaged
                             ? QStringLiteral("5432")
                             : r.attributes.value(QStringLiteral("port"), QStringLiteral("5432"));
    auto sourceFor = [&](const QString &db) {
        return QStringLiteral("host=%1 port=%2 dbname=%3%4 sslmode=require connect_timeout=10")
            .arg(host, port, db, digitalOcean ? QStringLiteral(" user=doadmin") : QString());
    };
    if (!host.isEmpty())
        add(CheckKind::Postgres, QStringLiteral("postgres:%1:source").arg(name),
            sourceFor(databases.first()), r, {}, QStringLiteral("source"));
    QString targetHost;
    int targetPort = 0;
    if (!m || !parseEndpoint(m->endpoint, &targetHost, &targetPort, 5432))
        return;
    // The user the Terraform export names (ferry_admin); RDS presents certificates that
    // verify-full checks with the RDS CA bundle in the system store or sslrootcert.
    if (targetHost.startsWith(u'[')) // libpq takes IPv6 addresses without brackets
        targetHost = targetHost.mid(1).chopped(1);
    auto targetFor = [&](const QString &db) {
        return QStringLiteral("host=%1 port=%2 dbname=%3 user=ferry_admin sslmode=verify-full "
                              "connect_timeout=10")
            .arg(targetHost)
            .arg(targetPort)
            .arg(db);
    };
    add(CheckKind::Postgres, QStringLiteral("postgres:%1:target").arg(name),
        targetFor(databases.first()), r, {}, targetSide);
    if (host.isEmpty())
        return;
    // One comparison and one replication gate per application database (logical replication
    // is per database); ids keep the plain form when the server's default is the only one.
    const bool plain = databases == QStringList{defaultDb};
    for (const QString &db : databases) {
        const QString suffix = plain ? QString() : u':' + db;
        add(CheckKind::Data, QStringLiteral("data:%1%2").arg(name, suffix), sourceFor(db), r,
            StringMap{{QStringLiteral("target_database"), targetFor(db)}}, targetSide)
            ->timeoutSeconds = 3600; // a whole database, not a login
        // The cutover gate: logical replication from the old database to the new one has
        // caught up, waited for up to 10 minutes once writes have stopped.
        add(CheckKind::Replication, QStringLiteral("replication:%1%2").arg(name, suffix),
            sourceFor(db), r,
            StringMap{{QStringLiteral("subscriber"), targetFor(db)},
                      {QStringLiteral("slot"), logicalReplicationName(db, databases)},
                      {QStringLiteral("wait"), QStringLiteral("600")}},
            targetSide);
    }
}

} // namespace

QList<Check> generateChecks(const Plan &plan)
{
    QList<Check> out;
    auto add = [&](CheckKind kind, const QString &id, const QString &target, const Resource &r,
                   const StringMap &expect = {}, const QString &side = QStringLiteral("source")) {
        Check c;
        c.id = id;
        c.kind = kind;
        c.target = target;
        c.resource = r.id;
        c.side = side;
        c.expect = expect;
        out.append(c);
        return &out.last();
    };
    const QString targetSide = QStringLiteral("target");
    for (const auto &[id, r] : plan.inventory.resources) {
        switch (categoryOf(r)) {
        case ResourceCategory::LoadBalancer: {
            const QString ip = r.attributes.value(QStringLiteral("ipv4"));
            if (ip.isEmpty())
                break;
            QStringList ports = r.attributes.value(QStringLiteral("ports"))
                                    .split(QStringLiteral(", "), Qt::SkipEmptyParts);
            if (ports.isEmpty())
                ports = {QStringLiteral("80")};
            ports.removeDuplicates();
            for (const QString &port : ports)
                add(CheckKind::Tcp, QStringLiteral("tcp:%1:%2").arg(ip, port), ip + u':' + port, r);
            // The migrated load balancer, once its endpoint is known: the same ports there.
            QString host;
            int unused = 0;
            if (const Mapping *m = plan.mapping(r.id);
                m && parseEndpoint(m->endpoint, &host, &unused, 80)) {
                for (const QString &port : ports)
                    add(CheckKind::Tcp, QStringLiteral("tcp:%1:%2").arg(host, port),
                        host + u':' + port, r, {}, targetSide);
                // The new one answers as the old one does: the same request to both, over
                // plain HTTP (a certificate names the site, not the load balancer), with the
                // site's name as Host where an A record points at the old one.
                if (ports.contains(QStringLiteral("80"))) {
                    StringMap expect{
                        {QStringLiteral("compare_url"), QStringLiteral("http://%1/").arg(host)}};
                    if (const QString site = siteNameOf(plan, ip); !site.isEmpty())
                        expect.insert(QStringLiteral("host"), site);
                    add(CheckKind::HttpCompare, QStringLiteral("http-compare:%1:80").arg(ip),
                        QStringLiteral("http://%1/").arg(ip), r, expect, targetSide);
                }
            }
            break;
        }
        case ResourceCategory::DnsZone:
            if (!r.name.isEmpty() && r.name.contains(u'.')) {
                add(CheckKind::Dns, QStringLiteral("dns:%1:A").arg(r.name), r.name, r);
                add(CheckKind::Tls, QStringLiteral("tls:%1:443").arg(r.name),
                    r.name + QStringLiteral(":443"), r);
            }
            break;
        case ResourceCategory::DnsRecord: {
            const QString domain = r.attributes.value(QStringLiteral("domain"));
            const QString value = r.attributes.value(QStringLiteral("value"));
            if (r.attributes.value(QStringLiteral("record_type")) != QLatin1String("A") ||
                domain.isEmpty() || value.isEmpty())
                break;
            const QString fqdn = r.name == QLatin1String("@") || r.name.isEmpty()
                                     ? domain
                                     : (r.name.endsWith(domain) ? r.name : r.name + u'.' + domain);
            add(CheckKind::Dns, QStringLiteral("dns:%1:A:%2").arg(fqdn, value), fqdn, r,
                StringMap{{QStringLiteral("value"), value}});
            break;
        }
        case ResourceCategory::Database:
            addPostgresChecks(plan, r, false, add);
            break;
        case ResourceCategory::Compute:
            // A server running PostgreSQL itself, mapped onto a database service.
            if (const Mapping *m = plan.mapping(r.id);
                m && isSelfManagedDatabase(r, m->targetService))
                addPostgresChecks(plan, r, true, add);
            break;
        default:
            break;
        }
    }
    std::sort(out.begin(), out.end(), [](const Check &a, const Check &b) { return a.id < b.id; });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Check &a, const Check &b) { return a.id == b.id; }),
              out.end());
    return out;
}

} // namespace Ferry
