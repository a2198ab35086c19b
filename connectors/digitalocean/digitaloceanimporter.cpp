// SPDX-License-Identifier: MIT
#include "digitaloceanimporter.h"

#include "escaping.h"
#include "firewallrules.h"
#include "jsoninput.h"
#include "yamljson.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ferry {

namespace {

QStringList strList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        if (!jsonText(e).isEmpty())
            out.append(jsonText(e));
    return out;
}

/// An item read from a body, with the raw JSON kept for the dependency pass.
struct Item
{
    QString collection; ///< the body key it came from (`droplets`, `firewalls`, …)
    QJsonObject json;
    QString id; ///< resource id, empty for items that are only relationships
};

struct Kind
{
    const char *collection; ///< list key in a response body
    const char *single;     ///< key of a single-object body
    const char *urnType;    ///< DigitalOcean URN type
    const char *terraformType;
};

const Kind kKinds[] = {
    {"droplets", "droplet", "droplet", "digitalocean_droplet"},
    {"databases", "database", "dbaas", "digitalocean_database_cluster"},
    {"load_balancers", "load_balancer", "loadbalancer", "digitalocean_loadbalancer"},
    {"domains", "domain", "domain", "digitalocean_domain"},
    {"domain_records", "domain_record", "record", "digitalocean_record"},
    {"volumes", "volume", "volume", "digitalocean_volume"},
    {"vpcs", "vpc", "vpc", "digitalocean_vpc"},
    {"firewalls", "firewall", "firewall", "digitalocean_firewall"},
    {"kubernetes_clusters", "kubernetes_cluster", "kubernetes", "digitalocean_kubernetes_cluster"},
    {"projects", "project", "project", "digitalocean_project"},
    {"endpoints", "endpoint", "cdn", "digitalocean_cdn"},
    {"reserved_ips", "reserved_ip", "reservedip", "digitalocean_reserved_ip"},
    {"floating_ips", "floating_ip", "floatingip", "digitalocean_floating_ip"},
    {"apps", "app", "app", "digitalocean_app"},
    {"resources", nullptr, nullptr, nullptr}, // project resources: relationships only
    {"rules", nullptr, nullptr, nullptr},     // database firewall rules: trusted sources
};

const Kind *kindFor(const QString &collection)
{
    for (const Kind &k : kKinds)
        if (collection == QLatin1String(k.collection))
            return &k;
    return nullptr;
}

bool looksLikeItem(const QJsonValue &v, const QString &collection)
{
    const QJsonObject o = v.toObject();
    if (collection == QLatin1String("resources"))
        return o.contains(QStringLiteral("urn"));
    if (collection == QLatin1String("reserved_ips") || collection == QLatin1String("floating_ips"))
        return o.contains(QStringLiteral("ip"));
    if (collection == QLatin1String("domains"))
        return o.contains(QStringLiteral("name"));
    if (collection == QLatin1String("rules")) // GET /v2/databases/{uuid}/firewall
        return o.contains(QStringLiteral("cluster_uuid")) && o.contains(QStringLiteral("type"));
    return o.contains(QStringLiteral("id"));
}

/// The collection of one object of `doctl … -o json`, which prints a bare array of the API's
/// objects without the body's key: inferred from keys only that kind of object has (godo's
/// JSON names are the API's). Empty when none fits.
QString bareCollection(const QJsonObject &o)
{
    auto has = [&o](const char *key) {
        return o.contains(QLatin1String(key));
    };
    if (!has("id") && !has("ip") && !has("name"))
        return QString();
    if (has("size_slug") || (has("vcpus") && has("memory") && has("disk")))
        return QStringLiteral("droplets");
    if (has("engine") && (has("num_nodes") || has("connection")))
        return QStringLiteral("databases");
    if (has("forwarding_rules"))
        return QStringLiteral("load_balancers");
    if (has("inbound_rules") || has("outbound_rules"))
        return QStringLiteral("firewalls");
    if (has("node_pools"))
        return QStringLiteral("kubernetes_clusters");
    if (has("size_gigabytes") && has("droplet_ids"))
        return QStringLiteral("volumes");
    if (has("ip_range") && has("region"))
        return QStringLiteral("vpcs");
    if (has("purpose") && has("owner_uuid"))
        return QStringLiteral("projects");
    if (has("origin") && has("endpoint"))
        return QStringLiteral("endpoints");
    if (has("spec") && (has("default_ingress") || has("live_url") || has("owner_uuid")))
        return QStringLiteral("apps");
    if (has("type") && has("data") && has("id"))
        return QStringLiteral("domain_records");
    if (has("zone_file") || (has("name") && has("ttl") && !has("id")))
        return QStringLiteral("domains");
    if (has("ip") && has("region") && !has("id"))
        return QStringLiteral("reserved_ips");
    return QString();
}

/// Finds response bodies anywhere in `v` (a body itself, or an OpenAPI file holding examples).
void collect(const QJsonValue &v, QList<Item> *items, int depth)
{
    if (depth > 12)
        return;
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            // A bare array at the top (`doctl … -o json`): its objects are the items.
            if (const QString c =
                    depth == 0 && a[i].isObject() ? bareCollection(a[i].toObject()) : QString();
                !c.isEmpty() && looksLikeItem(a[i], c)) {
                items->append({c, a[i].toObject(), QString()});
                continue;
            }
            collect(a[i], items, depth + 1);
        }
        return;
    }
    if (!v.isObject())
        return;
    const QJsonObject o = v.toObject();
    // Records of `GET /v2/domains/{name}/records` do not name their domain (see importers.md).
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key();
        const Kind *kind = kindFor(key);
        if (kind && it->isArray()) {
            const QJsonArray a = it->toArray();
            for (qsizetype i = 0; i < a.size(); ++i)
                if (looksLikeItem(a[i], key))
                    items->append({key, a[i].toObject(), QString()});
            continue;
        }
        bool single = false;
        for (const Kind &k : kKinds)
            if (k.single && key == QLatin1String(k.single) && it->isObject() &&
                looksLikeItem(*it, QLatin1String(k.collection))) {
                items->append({QString::fromLatin1(k.collection), it->toObject(), QString()});
                single = true;
            }
        if (!single && (it->isObject() || it->isArray()))
            collect(*it, items, depth + 1);
    }
}

/// A droplet's IPv4 address of `type` ("public" or "private") from `networks.v4`.
QString ipv4Of(const QJsonObject &o, QLatin1String type)
{
    for (const QJsonValue &n :
         o.value(QStringLiteral("networks")).toObject().value(QStringLiteral("v4")).toArray())
        if (n.toObject().value(QStringLiteral("type")).toString() == type)
            return n.toObject().value(QStringLiteral("ip_address")).toString();
    return QString();
}

QString regionOf(const QJsonObject &o)
{
    const QJsonValue r = o.value(QStringLiteral("region"));
    if (r.isObject())
        return r.toObject().value(QStringLiteral("slug")).toString();
    return jsonText(r);
}

/// A firewall's `inbound_rules` (API v2: protocol, ports, sources {addresses, droplet_ids,
/// load_balancer_uids, kubernetes_ids, tags}) as the plan's text (FirewallRules). A rule whose
/// ports are not understood is left out, and so visible as missing in the export's review.
QString inboundRules(const QJsonObject &firewall)
{
    QList<FirewallRule> rules;
    for (const QJsonValue &v : firewall.value(QStringLiteral("inbound_rules")).toArray()) {
        const QJsonObject o = v.toObject();
        FirewallRule rule;
        rule.protocol = jsonText(o.value(QStringLiteral("protocol"))).toLower();
        if (rule.hasPorts() &&
            !FirewallRules::setPorts(&rule, jsonText(o.value(QStringLiteral("ports")))))
            continue;
        const QJsonObject sources = o.value(QStringLiteral("sources")).toObject();
        for (auto it = sources.begin(); it != sources.end(); ++it)
            for (const QString &value : strList(it.value())) {
                FirewallSource source;
                if (FirewallRules::sourceFor(it.key(), value, &source))
                    rule.sources.append(source);
            }
        rules.append(rule);
    }
    return FirewallRules::format(rules);
}

/// Makes the resource for an item; returns false for relationship-only items.
bool makeResource(const Item &item, const QString &file, Resource *r)
{
    const Kind *kind = kindFor(item.collection);
    if (!kind || !kind->terraformType)
        return false;
    const QJsonObject &o = item.json;
    auto s = [&](const char *k) {
        return jsonText(o.value(QLatin1String(k)));
    };
    r->provider = QStringLiteral("digitalocean");
    r->type = QString::fromLatin1(kind->terraformType);
    r->sourceFile = file;
    r->name = s("name");
    r->region = regionOf(o);
    QString nativeId = s("id");
    const QString c = item.collection;
    if (c == QLatin1String("domains")) {
        nativeId = s("name");
        r->setAttribute(QStringLiteral("ttl"), s("ttl"));
    } else if (c == QLatin1String("reserved_ips") || c == QLatin1String("floating_ips")) {
        nativeId = s("ip");
        r->name = s("ip");
        r->setAttribute(QStringLiteral("ipv4"), s("ip"));
    } else if (c == QLatin1String("domain_records")) {
        // A record without a name is at the domain's apex, which DigitalOcean writes `@`.
        r->name = s("name").isEmpty() ? QStringLiteral("@") : s("name");
        r->setAttribute(QStringLiteral("record_type"), s("type"));
        r->setAttribute(QStringLiteral("value"), s("data"));
        r->setAttribute(QStringLiteral("ttl"), s("ttl"));
        // An MX or SRV record's priority (null for the other types).
        if (s("type") == QLatin1String("MX") || s("type") == QLatin1String("SRV"))
            r->setAttribute(QStringLiteral("priority"), s("priority"));
    } else if (c == QLatin1String("droplets")) {
        r->size = s("size_slug");
        if (r->size.isEmpty())
            r->size =
                jsonText(o.value(QStringLiteral("size")).toObject().value(QStringLiteral("slug")));
        r->setAttribute(QStringLiteral("ipv4"), ipv4Of(o, QLatin1String("public")));
        r->setAttribute(QStringLiteral("ipv4_private"), ipv4Of(o, QLatin1String("private")));
        r->setAttribute(
            QStringLiteral("image"),
            jsonText(o.value(QStringLiteral("image")).toObject().value(QStringLiteral("slug"))));
        r->setAttribute(QStringLiteral("vcpus"), s("vcpus"));
        r->setAttribute(QStringLiteral("memory_mb"), s("memory"));
        r->setAttribute(QStringLiteral("disk_gb"), s("disk"));
        r->setAttribute(QStringLiteral("status"), s("status"));
    } else if (c == QLatin1String("databases")) {
        r->size = s("size");
        r->setAttribute(QStringLiteral("engine"), s("engine"));
        r->setAttribute(QStringLiteral("version"), s("version"));
        r->setAttribute(QStringLiteral("node_count"), s("num_nodes"));
        r->setAttribute(QStringLiteral("disk_gb"),
                        s("storage_size_mib").isEmpty()
                            ? QString()
                            : QString::number(s("storage_size_mib").toLongLong() / 1024));
        r->setAttribute(QStringLiteral("status"), s("status"));
        // The databases in the cluster (API v2 `db_names`), for the data checks to compare.
        QStringList databases;
        for (const QJsonValue &n : o.value(QStringLiteral("db_names")).toArray())
            databases.append(jsonText(n));
        databases.sort();
        r->setAttribute(QStringLiteral("databases"), databases.join(QStringLiteral(", ")));
        // Host and port only: the connection's user, password and URI are secrets.
        const QJsonObject conn = o.value(QStringLiteral("connection")).toObject();
        r->setAttribute(QStringLiteral("host"), jsonText(conn.value(QStringLiteral("host"))));
        r->setAttribute(QStringLiteral("port"), jsonText(conn.value(QStringLiteral("port"))));
    } else if (c == QLatin1String("load_balancers")) {
        r->size = s("size");
        r->setAttribute(QStringLiteral("ipv4"), s("ip"));
        QStringList ports;
        for (const QJsonValue &f : o.value(QStringLiteral("forwarding_rules")).toArray())
            ports.append(jsonText(f.toObject().value(QStringLiteral("entry_port"))));
        r->setAttribute(QStringLiteral("ports"), ports.join(QStringLiteral(", ")));
    } else if (c == QLatin1String("volumes")) {
        r->setAttribute(QStringLiteral("disk_gb"), s("size_gigabytes"));
        r->setAttribute(QStringLiteral("filesystem"), s("filesystem_type"));
    } else if (c == QLatin1String("vpcs")) {
        r->setAttribute(QStringLiteral("cidr"), s("ip_range"));
    } else if (c == QLatin1String("firewalls")) {
        r->setAttribute(QStringLiteral("inbound_rules"), inboundRules(o));
    } else if (c == QLatin1String("kubernetes_clusters")) {
        r->setAttribute(QStringLiteral("version"), s("version"));
        QStringList sizes, counts;
        for (const QJsonValue &p : o.value(QStringLiteral("node_pools")).toArray()) {
            sizes.append(jsonText(p.toObject().value(QStringLiteral("size"))));
            counts.append(jsonText(p.toObject().value(QStringLiteral("count"))));
        }
        r->setAttribute(QStringLiteral("node_pool_sizes"), sizes.join(QStringLiteral(", ")));
        r->setAttribute(QStringLiteral("node_count"), counts.join(QStringLiteral(", ")));
        r->setAttribute(QStringLiteral("cidr"), s("cluster_subnet"));
    } else if (c == QLatin1String("endpoints")) {
        r->name = s("endpoint");
        r->setAttribute(QStringLiteral("origin"), s("origin"));
        r->setAttribute(QStringLiteral("ttl"), s("ttl"));
    } else if (c == QLatin1String("apps")) {
        const QJsonObject spec = o.value(QStringLiteral("spec")).toObject();
        r->name = jsonText(spec.value(QStringLiteral("name")));
        r->region = jsonText(spec.value(QStringLiteral("region")));
        if (r->region.isEmpty())
            r->region = jsonText(
                o.value(QStringLiteral("region")).toObject().value(QStringLiteral("slug")));
        r->setAttribute(QStringLiteral("services"), [&] {
            QStringList names;
            for (const QJsonValue &sv : spec.value(QStringLiteral("services")).toArray())
                names.append(jsonText(sv.toObject().value(QStringLiteral("name"))));
            return names.join(QStringLiteral(", "));
        }());
    } else if (c == QLatin1String("projects")) {
        r->setAttribute(QStringLiteral("environment"), s("environment"));
        r->setAttribute(QStringLiteral("purpose"), s("purpose"));
    }
    for (const QString &t : strList(o.value(QStringLiteral("tags"))))
        r->tags.insert(t, QString());
    r->setAttribute(QStringLiteral("provider_id"), nativeId);
    // A body's own URN is the id only when it is DigitalOcean's (`do:TYPE:ID`): a body may not
    // claim another source's id (`tf:…`) or an id of another type.
    QString urn = s("urn");
    const QString ownPrefix = QStringLiteral("do:") + QLatin1String(kind->urnType) + u':';
    if (!urn.startsWith(ownPrefix) || urn.size() == ownPrefix.size())
        urn = ownPrefix + nativeId;
    r->setAttribute(QStringLiteral("urn"), urn);
    r->id = urn;
    if (c == QLatin1String("domain_records"))
        r->id = QStringLiteral("do:record:") + nativeId;
    if (r->name.isEmpty())
        r->name = nativeId;
    r->sourceAddress = item.collection + u'/' + nativeId;
    return !nativeId.isEmpty();
}

} // namespace

QString DigitalOceanImporter::nameFilter() const
{
    return QStringLiteral("DigitalOcean API responses (*.json *.yml *.yaml)");
}

bool DigitalOceanImporter::canRead(const QByteArray &head, const QString &) const
{
    for (const Kind &k : kKinds) {
        if (!k.terraformType)
            continue;
        const QByteArray key = QByteArray(k.collection);
        if (head.contains(QByteArray("\"" + key + "\"")) ||
            head.contains(QByteArray("\n" + key + ":")) ||
            head.contains(QByteArray(" " + key + ":")))
            return true;
    }
    if (head.contains("\"urn\"") || head.contains("urn: do:") || head.contains("do:droplet:"))
        return true;
    // `doctl … -o json`: a bare array of the API's objects, without the body's key.
    if (!head.trimmed().startsWith('['))
        return false;
    // Keys of the objects bareCollection() tells apart; a false match gives no item and is
    // refused as holding nothing.
    for (const char *key :
         {"\"size_slug\"", "\"forwarding_rules\"", "\"inbound_rules\"", "\"node_pools\"",
          "\"size_gigabytes\"", "\"zone_file\"", "\"num_nodes\"", "\"owner_uuid\"", "\"ip_range\"",
          "\"origin\"", "\"spec\"", "\"ttl\""})
        if (head.contains(key))
            return true;
    return false;
}

bool DigitalOceanImporter::read(const QString &path, Inventory *out, ImportReport *report,
                                FileError *error, ImportProgress *progress) const
{
    return readFiles({path}, out, report, error, progress);
}

bool DigitalOceanImporter::readFiles(const QStringList &paths, Inventory *out, ImportReport *report,
                                     FileError *error, ImportProgress *progress) const
{
    QList<QPair<QString, QList<Item>>> perFile;
    for (const QString &path : paths) {
        if (progress && progress->isCancelled()) {
            *error = {path, 0, 0, QStringLiteral("import cancelled")};
            return false;
        }
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = {path, 0, 0, f.errorString()};
            return false;
        }
        const QByteArray data = f.readAll();
        if (progress)
            progress->done += data.size();
        QJsonValue root;
        const QByteArray trimmed = data.trimmed();
        if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(data, &pe);
            if (pe.error != QJsonParseError::NoError) {
                int line = 0, column = 0;
                lineColumnAt(data.constData(), data.size(), pe.offset, &line, &column);
                *error = {path, line, column, QStringLiteral("invalid JSON: ") + pe.errorString()};
                return false;
            }
            root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        } else if (!yamlToJson(data, path, &root, error)) {
            return false;
        }
        QList<Item> items;
        collect(root, &items, 0);
        // A file with no DigitalOcean body in it (a compose file's `volumes:`, a schema) is
        // refused, not imported as nothing.
        if (items.isEmpty()) {
            *error = nothingToImport(path, *this);
            return false;
        }
        report->sources.append(path);
        perFile.append({path, items});
    }

    // Resources.
    QHash<QString, QString> byNative; // "<collection>:<native id>" → resource id
    QHash<QString, QString> byIp;
    QHash<QString, QStringList> byTag;         // droplet tag → droplet ids
    QHash<QString, QStringList> clustersByTag; // Kubernetes cluster tag → cluster ids
    QList<Item> all;
    for (auto &[path, items] : perFile) {
        QHash<QString, int> seen; // items of each collection so far, for error positions
        for (Item &item : items) {
            Resource r;
            const int index = seen[item.collection]++;
            if (makeResource(item, path, &r)) {
                if (Escape::hasControl(r.id)) {
                    *error = {path, 0, 0,
                              QStringLiteral("%1[%2]: the id \"%3\" holds a control character; "
                                             "refused")
                                  .arg(item.collection)
                                  .arg(index)
                                  .arg(Escape::visible(r.id))};
                    return false;
                }
                item.id = r.id;
                byNative.insert(item.collection + u':' +
                                    r.attributes.value(QStringLiteral("provider_id")),
                                r.id);
                if (!r.attributes.value(QStringLiteral("ipv4")).isEmpty() &&
                    item.collection != QLatin1String("reserved_ips") &&
                    item.collection != QLatin1String("floating_ips"))
                    byIp.insert(r.attributes.value(QStringLiteral("ipv4")), r.id);
                if (item.collection == QLatin1String("droplets"))
                    for (auto t = r.tags.cbegin(); t != r.tags.cend(); ++t)
                        byTag[t.key()].append(r.id);
                if (item.collection == QLatin1String("kubernetes_clusters"))
                    for (auto t = r.tags.cbegin(); t != r.tags.cend(); ++t)
                        clustersByTag[t.key()].append(r.id);
                out->add(r);
            } else if (item.collection == QLatin1String("resources")) {
                report->skipped.append(jsonText(item.json.value(QStringLiteral("urn"))) +
                                       QStringLiteral(" — project resource, kept as a dependency"));
            } else if (item.collection == QLatin1String("rules")) {
                report->skipped.append(
                    QStringLiteral("database firewall rule %1:%2 — kept as the cluster's trusted "
                                   "sources")
                        .arg(Escape::visible(jsonText(item.json.value(QStringLiteral("type")))),
                             Escape::visible(jsonText(item.json.value(QStringLiteral("value"))))));
            } else {
                report->skipped.append(item.collection +
                                       QStringLiteral(" item without id — cannot be identified"));
            }
            all.append(item);
        }
    }
    auto droplet = [&](const QString &nativeId) {
        return byNative.value(QStringLiteral("droplets:") + nativeId);
    };
    auto vpc = [&](const QString &nativeId) {
        return byNative.value(QStringLiteral("vpcs:") + nativeId);
    };

    // The resources a firewall rule's source names (droplets and clusters by tag).
    auto sourceResources = [&](const FirewallSource &source) -> QStringList {
        using K = FirewallSource::Kind;
        switch (source.kind) {
        case K::Droplet:
            return {droplet(source.value)};
        case K::LoadBalancer:
            return {byNative.value(QStringLiteral("load_balancers:") + source.value)};
        case K::Kubernetes:
            return {byNative.value(QStringLiteral("kubernetes_clusters:") + source.value)};
        case K::App:
            return {byNative.value(QStringLiteral("apps:") + source.value)};
        case K::Tag:
            return byTag.value(source.value) + clustersByTag.value(source.value);
        default:
            return {};
        }
    };
    QHash<QString, QList<FirewallSource>> trustedSources; // cluster id → its rules' sources

    // Dependencies.
    for (const Item &item : all) {
        const QJsonObject &o = item.json;
        const QString &c = item.collection;
        const QString &id = item.id;
        auto get = [&](const char *k) {
            return o.value(QLatin1String(k));
        };
        // An item that made no resource (its id unusable: a list, an object) relates nothing;
        // project resources and database firewall rules have no id of their own (a fuzz finding
        // of #15: a firewall whose `id` was a list reached `resources.at("")`).
        if (id.isEmpty() && c != QLatin1String("resources") && c != QLatin1String("rules"))
            continue;
        if (c == QLatin1String("load_balancers") || c == QLatin1String("firewalls")) {
            const QString why = c == QLatin1String("firewalls")
                                    ? QStringLiteral("firewall droplet_ids")
                                    : QStringLiteral("load balancer droplet_ids");
            for (const QString &d : strList(get("droplet_ids")))
                out->addDependency(id, droplet(d), DependencyKind::Network, why);
            QStringList tags = strList(get("tags"));
            if (!get("tag").toString().isEmpty())
                tags.append(get("tag").toString());
            for (const QString &t : tags)
                for (const QString &d : byTag.value(t))
                    out->addDependency(id, d, DependencyKind::Network,
                                       QStringLiteral("droplets tagged ") + t);
        }
        if (c == QLatin1String("firewalls"))
            for (const FirewallRule &rule : FirewallRules::parse(
                     out->resources.at(id).attributes.value(QStringLiteral("inbound_rules"))))
                for (const FirewallSource &source : rule.sources)
                    for (const QString &from : sourceResources(source))
                        out->addDependency(from, id, DependencyKind::Network,
                                           QStringLiteral("firewall inbound rule source"));
        if (c == QLatin1String("rules")) {
            FirewallSource source;
            const QString cluster =
                byNative.value(QStringLiteral("databases:") + jsonText(get("cluster_uuid")));
            if (cluster.isEmpty() ||
                !FirewallRules::sourceFor(jsonText(get("type")), jsonText(get("value")), &source))
                continue;
            trustedSources[cluster].append(source);
            for (const QString &from : sourceResources(source))
                out->addDependency(from, cluster, DependencyKind::Network,
                                   QStringLiteral("database trusted source"));
        }
        for (const char *k : {"vpc_uuid", "private_network_uuid"})
            if (!jsonText(get(k)).isEmpty())
                out->addDependency(id, vpc(jsonText(get(k))), DependencyKind::Membership,
                                   QString::fromLatin1(k));
        if (c == QLatin1String("droplets"))
            for (const QString &v : strList(get("volume_ids")))
                out->addDependency(id, byNative.value(QStringLiteral("volumes:") + v),
                                   DependencyKind::Attachment, QStringLiteral("volume_ids"));
        if (c == QLatin1String("volumes"))
            for (const QString &d : strList(get("droplet_ids")))
                out->addDependency(droplet(d), id, DependencyKind::Attachment,
                                   QStringLiteral("volume droplet_ids"));
        if (c == QLatin1String("reserved_ips") || c == QLatin1String("floating_ips")) {
            const QJsonObject d = get("droplet").toObject();
            if (!d.isEmpty())
                out->addDependency(id, droplet(jsonText(d.value(QStringLiteral("id")))),
                                   DependencyKind::Attachment,
                                   QStringLiteral("assigned to droplet"));
        }
        if (c == QLatin1String("domain_records")) {
            const QString value = jsonText(get("data"));
            out->addDependency(id, byIp.value(value), DependencyKind::Dns,
                               QStringLiteral("record data is its IP"));
        }
        if (c == QLatin1String("endpoints")) {
            // origin: <bucket>.<region>.digitaloceanspaces.com
            const QString bucket = jsonText(get("origin")).section(u'.', 0, 0);
            out->addDependency(id, byNative.value(QStringLiteral("spaces:") + bucket),
                               DependencyKind::Data, QStringLiteral("CDN origin"));
        }
        if (c == QLatin1String("resources")) {
            // A project resource: urn + links.self …/projects/<project id>/resources
            const QString urn = jsonText(get("urn"));
            const QString self = jsonText(get("links").toObject().value(QStringLiteral("self")));
            QString project = self.section(QStringLiteral("/projects/"), 1).section(u'/', 0, 0);
            out->addDependency(out->resources.count(urn) ? urn : QString(),
                               byNative.value(QStringLiteral("projects:") + project),
                               DependencyKind::Membership, QStringLiteral("project resource"));
        }
    }
    for (auto it = trustedSources.cbegin(); it != trustedSources.cend(); ++it)
        out->resources.at(it.key()).setAttribute(QStringLiteral("trusted_sources"),
                                                 FirewallRules::formatSources(it.value()));
    out->sortDependencies();
    return true;
}

} // namespace Ferry
