// SPDX-License-Identifier: MIT
#include "tfstateimporter.h"

#include "resourcekind.h"

#include <QFile>
#include <QHash>
#include <QSet>

#include <simdjson.h>

#include <algorithm>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace Ferry {

namespace {

using namespace simdjson;

/// Flattened attributes in Terraform v3 "flatmap" form: `a.0.b` keys, `a.#` counts. Views point
/// into the input buffer, simdjson's string buffer or the reader's arena, all of which outlive
/// the import, so reading an attribute allocates nothing.
struct FlatEntry;
using Flat = std::vector<FlatEntry>;

/// Owns the composed keys (`tags.0`) and counts of nested attributes; stable addresses.
using Arena = std::deque<std::string>;

std::string_view topLevel(std::string_view key)
{
    const auto dot = key.find('.');
    return dot == std::string_view::npos ? key : key.substr(0, dot);
}

/// One flattened attribute; `top` (the key up to its first dot) is computed once.
struct FlatEntry
{
    FlatEntry(std::string_view k, std::string_view v)
        : first(k)
        , second(v)
        , top(topLevel(k))
    {}
    std::string_view first;  ///< key
    std::string_view second; ///< value
    std::string_view top;    ///< top-level key
    uint32_t order = 0;      ///< position in the source, to keep list order within a key
};

/// Groups entries by top-level key (keeping list order within a key) for binary search.
void sortFlat(Flat &flat)
{
    for (size_t i = 0; i < flat.size(); ++i)
        flat[i].order = uint32_t(i);
    std::sort(flat.begin(), flat.end(), [](const FlatEntry &a, const FlatEntry &b) {
        return a.top != b.top ? a.top < b.top : a.order < b.order;
    });
}

/// Top-level attribute names Ferry reads. Everything else is skipped unread, which is how
/// secrets (password, uri, kube_config, config_vars, private_key…) stay out of the plan.
const std::unordered_set<std::string_view> &wantedAttributes()
{
    static const std::unordered_set<std::string_view> keys = {"id",
                                                              "name",
                                                              "region",
                                                              "size",
                                                              "size_slug",
                                                              "instance_type",
                                                              "instance_class",
                                                              "node_type",
                                                              "engine",
                                                              "engine_version",
                                                              "version",
                                                              "disk",
                                                              "allocated_storage",
                                                              "node_count",
                                                              "num_cache_nodes",
                                                              "ip_range",
                                                              "cidr_block",
                                                              "ipv4_address",
                                                              "ipv4_address_private",
                                                              "ip_address",
                                                              "ip",
                                                              "public_ip",
                                                              "private_ip",
                                                              "image",
                                                              "ami",
                                                              "vcpus",
                                                              "memory",
                                                              "urn",
                                                              "domain",
                                                              "type",
                                                              "value",
                                                              "ttl",
                                                              "tags",
                                                              "droplet_ids",
                                                              "droplet_id",
                                                              "volume_ids",
                                                              "volume_id",
                                                              "vpc_uuid",
                                                              "private_network_uuid",
                                                              "vpc_id",
                                                              "subnet_id",
                                                              "vpc_security_group_ids",
                                                              "security_groups",
                                                              "forwarding_rule",
                                                              "inbound_rule",
                                                              "node_pool",
                                                              "plan",
                                                              "app",
                                                              "app_id",
                                                              "stack",
                                                              "pipeline",
                                                              "project_id",
                                                              "resources",
                                                              "identifier",
                                                              "bucket",
                                                              "instance_id",
                                                              "load_balancer_type",
                                                              "availability_zone",
                                                              "port",
                                                              "location",
                                                              "fingerprint",
                                                              "internal",
                                                              "dns_name",
                                                              "fqdn",
                                                              "hostname",
                                                              "status"};
    return keys;
}

bool isWanted(std::string_view key)
{
    const auto dot = key.find('.');
    return wantedAttributes().count(dot == std::string_view::npos ? key : key.substr(0, dot));
}

/// Values that must never be copied even from a wanted key (a connection URI with a password).
bool looksSecret(std::string_view v)
{
    const auto scheme = v.find("://");
    if (scheme == std::string_view::npos)
        return false;
    const auto at = v.find('@', scheme);
    const auto colon = v.find(':', scheme + 3);
    return at != std::string_view::npos && colon != std::string_view::npos && colon < at;
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

void flatten(ondemand::value v, std::string &prefix, std::string_view key, Flat &out, Arena &arena,
             int depth)
{
    // `key` is the view to store for a scalar at this level: the top-level key itself (a view
    // into simdjson's buffer) or, when nested, the composed `prefix` copied into the arena.
    auto stableKey = [&]() -> std::string_view {
        if (depth == 0)
            return key;
        return arena.emplace_back(prefix);
    };
    if (depth > 8) // deeper structure is of no use to a planner
        return;
    switch (v.type()) {
    case ondemand::json_type::object: {
        const size_t len = prefix.size();
        for (auto field : v.get_object()) {
            std::string_view key = field.unescaped_key();
            prefix.append(".").append(key);
            flatten(field.value(), prefix, std::string_view(), out, arena, depth + 1);
            prefix.resize(len);
        }
        break;
    }
    case ondemand::json_type::array: {
        const size_t len = prefix.size();
        size_t i = 0;
        for (auto element : v.get_array()) {
            prefix.append(".").append(std::to_string(i++));
            flatten(element.value(), prefix, std::string_view(), out, arena, depth + 1);
            prefix.resize(len);
        }
        if (i > 0)
            out.emplace_back(arena.emplace_back(prefix + ".#"),
                             arena.emplace_back(std::to_string(i)));
        break;
    }
    case ondemand::json_type::string: {
        std::string_view s = v.get_string();
        if (!looksSecret(s))
            out.emplace_back(stableKey(), s);
        break;
    }
    case ondemand::json_type::number:
    case ondemand::json_type::boolean:
        out.emplace_back(stableKey(), trimmed(v.raw_json_token()));
        break;
    case ondemand::json_type::null:
        break;
    }
}

/// Read access to flattened attributes sorted by sortFlat().
struct Attrs
{
    const Flat &flat;

    /// The entries whose top-level key is `name`, in their original order.
    std::pair<Flat::const_iterator, Flat::const_iterator> group(std::string_view name) const
    {
        auto lo = std::lower_bound(flat.begin(), flat.end(), name,
                                   [](const auto &e, std::string_view n) { return e.top < n; });
        auto hi = lo;
        while (hi != flat.end() && hi->top == name)
            ++hi;
        return {lo, hi};
    }
    QString get(std::string_view key) const
    {
        auto [lo, hi] = group(topLevel(key));
        for (auto it = lo; it != hi; ++it)
            if (it->first == key)
                return QString::fromUtf8(it->second.data(), qsizetype(it->second.size()));
        return QString();
    }
    /// Elements of a list or set of scalars: keys `name.<i>` (v3 sets use hashes for <i>).
    QStringList list(std::string_view name) const
    {
        QStringList out;
        auto [lo, hi] = group(name);
        for (auto it = lo; it != hi; ++it) {
            const std::string_view k = it->first;
            if (k.size() > name.size() + 1 &&
                k.find('.', name.size() + 1) == std::string_view::npos && k.back() != '#' &&
                k.back() != '%')
                out.append(QString::fromUtf8(it->second.data(), qsizetype(it->second.size())));
        }
        return out;
    }
    /// `field` of each element of a list of objects: keys `name.<i>.field`.
    QStringList nested(std::string_view name, std::string_view field) const
    {
        QStringList out;
        auto [lo, hi] = group(name);
        for (auto it = lo; it != hi; ++it) {
            const std::string_view k = it->first;
            if (k.size() > name.size() + field.size() + 2 &&
                k.substr(k.size() - field.size()) == field &&
                k[k.size() - field.size() - 1] == '.' &&
                k.find('.', name.size() + 1) == k.size() - field.size() - 1)
                out.append(QString::fromUtf8(it->second.data(), qsizetype(it->second.size())));
        }
        return out;
    }
    /// Map entries `name.<key>` (v4 maps; v3 `tags.%` count skipped).
    QMap<QString, QString> map(std::string_view name) const
    {
        QMap<QString, QString> out;
        auto [lo, hi] = group(name);
        for (auto it = lo; it != hi; ++it) {
            const std::string_view k = it->first;
            if (k.size() > name.size() + 1 && k.back() != '%' && k.back() != '#') {
                const std::string_view sub = k.substr(name.size() + 1);
                out.insert(QString::fromUtf8(sub.data(), qsizetype(sub.size())),
                           QString::fromUtf8(it->second.data(), qsizetype(it->second.size())));
            }
        }
        return out;
    }
};

struct Instance
{
    Resource resource;
    Flat flat;
    QStringList dependsOn;   ///< resource addresses (without index) this instance depends on
    QString resourceAddress; ///< address without index key, for dependency lookups
    bool relation = false;   ///< a relationship resource, kept as dependencies only
};

const QStringList kNonInfraPrefixes = {QStringLiteral("random_"),  QStringLiteral("null_"),
                                       QStringLiteral("local_"),   QStringLiteral("tls_"),
                                       QStringLiteral("time_"),    QStringLiteral("template_"),
                                       QStringLiteral("archive_"), QStringLiteral("external_")};

/// Relationship resources that become dependencies rather than resources.
const QStringList kRelationshipTypes = {QStringLiteral("digitalocean_volume_attachment"),
                                        QStringLiteral("digitalocean_floating_ip_assignment"),
                                        QStringLiteral("digitalocean_reserved_ip_assignment"),
                                        QStringLiteral("digitalocean_project_resources"),
                                        QStringLiteral("heroku_pipeline_coupling"),
                                        QStringLiteral("aws_volume_attachment")};

QString providerOf(const QString &type)
{
    if (type.startsWith(QLatin1String("digitalocean_")))
        return QStringLiteral("digitalocean");
    if (type.startsWith(QLatin1String("heroku_")))
        return QStringLiteral("heroku");
    if (type.startsWith(QLatin1String("aws_")))
        return QStringLiteral("aws");
    return QString();
}

/// Why a managed resource of `type` is skipped, or empty when it is imported.
QString skipReason(const QString &type)
{
    if (type == QLatin1String("terraform_data"))
        return QStringLiteral("not infrastructure");
    for (const QString &p : kNonInfraPrefixes)
        if (type.startsWith(p))
            return QStringLiteral("not infrastructure");
    if (kRelationshipTypes.contains(type))
        return QStringLiteral("relationship, kept as dependencies");
    if (providerOf(type).isEmpty())
        return QStringLiteral("provider not supported");
    return QString();
}

/// Fills a resource's planner-facing fields from flattened attributes.
void describe(Resource &r, const Attrs &a)
{
    const QString type = r.type;
    r.name = a.get("name");
    for (const char *k : {"identifier", "bucket", "hostname", "fqdn"})
        if (r.name.isEmpty())
            r.name = a.get(k);
    r.region = a.get("region");
    if (r.region.isEmpty())
        r.region = a.get("location");
    if (r.region.isEmpty())
        r.region = a.get("availability_zone");
    for (const char *k : {"size", "size_slug", "instance_type", "instance_class", "node_type"}) {
        if (!r.size.isEmpty())
            break;
        if (type == QLatin1String("digitalocean_volume") && qstrcmp(k, "size") == 0)
            continue;
        r.size = a.get(k);
    }
    if (type.startsWith(QLatin1String("aws_"))) {
        r.tags = a.map("tags");
        if (r.name.isEmpty())
            r.name = r.tags.value(QStringLiteral("Name"));
    } else {
        for (const QString &t : a.list("tags"))
            r.tags.insert(t, QString());
    }
    r.setAttribute(QStringLiteral("provider_id"), a.get("id"));
    r.setAttribute(QStringLiteral("urn"), a.get("urn"));
    r.setAttribute(QStringLiteral("engine"), a.get("engine"));
    r.setAttribute(QStringLiteral("version"),
                   a.get("engine_version").isEmpty() ? a.get("version") : a.get("engine_version"));
    if (type == QLatin1String("digitalocean_volume"))
        r.setAttribute(QStringLiteral("disk_gb"), a.get("size"));
    else
        r.setAttribute(QStringLiteral("disk_gb"),
                       a.get("disk").isEmpty() ? a.get("allocated_storage") : a.get("disk"));
    r.setAttribute(QStringLiteral("node_count"),
                   a.get("node_count").isEmpty() ? a.get("num_cache_nodes") : a.get("node_count"));
    if (type == QLatin1String("digitalocean_kubernetes_cluster")) {
        r.setAttribute(QStringLiteral("node_pool_sizes"),
                       a.nested("node_pool", "size").join(QStringLiteral(", ")));
        r.setAttribute(QStringLiteral("node_count"),
                       a.nested("node_pool", "node_count").join(QStringLiteral(", ")));
    }
    r.setAttribute(QStringLiteral("cidr"),
                   a.get("ip_range").isEmpty() ? a.get("cidr_block") : a.get("ip_range"));
    QString ipv4 = a.get("ipv4_address");
    if (ipv4.isEmpty())
        ipv4 = a.get("public_ip");
    if (ipv4.isEmpty() &&
        (type.endsWith(QLatin1String("_ip")) || type == QLatin1String("digitalocean_loadbalancer")))
        ipv4 = a.get("ip_address").isEmpty() ? a.get("ip") : a.get("ip_address");
    r.setAttribute(QStringLiteral("ipv4"), ipv4);
    r.setAttribute(QStringLiteral("ipv4_private"), a.get("ipv4_address_private").isEmpty()
                                                       ? a.get("private_ip")
                                                       : a.get("ipv4_address_private"));
    r.setAttribute(QStringLiteral("image"),
                   a.get("image").isEmpty() ? a.get("ami") : a.get("image"));
    r.setAttribute(QStringLiteral("vcpus"), a.get("vcpus"));
    r.setAttribute(QStringLiteral("memory_mb"), a.get("memory"));
    r.setAttribute(QStringLiteral("dns_name"), a.get("dns_name"));
    if (type == QLatin1String("digitalocean_record")) {
        r.setAttribute(QStringLiteral("domain"), a.get("domain"));
        r.setAttribute(QStringLiteral("record_type"), a.get("type"));
        r.setAttribute(QStringLiteral("value"), a.get("value"));
        r.setAttribute(QStringLiteral("ttl"), a.get("ttl"));
    } else if (type == QLatin1String("digitalocean_domain")) {
        r.setAttribute(QStringLiteral("ttl"), a.get("ttl"));
    } else if (type == QLatin1String("aws_lb") || type == QLatin1String("aws_alb")) {
        r.setAttribute(QStringLiteral("load_balancer_type"), a.get("load_balancer_type"));
    }
    if (type == QLatin1String("digitalocean_loadbalancer"))
        r.setAttribute(QStringLiteral("ports"),
                       a.nested("forwarding_rule", "entry_port").join(QStringLiteral(", ")));
    if (type == QLatin1String("digitalocean_firewall"))
        r.setAttribute(QStringLiteral("inbound_ports"),
                       a.nested("inbound_rule", "port_range").join(QStringLiteral(", ")));
    if (type == QLatin1String("heroku_addon"))
        r.setAttribute(QStringLiteral("plan"), a.get("plan"));
    if (type == QLatin1String("heroku_app"))
        r.setAttribute(QStringLiteral("stack"), a.get("stack"));
    r.setAttribute(QStringLiteral("fingerprint"), a.get("fingerprint"));
}

QString indexSuffix(ondemand::value v)
{
    if (v.type() == ondemand::json_type::string) {
        std::string_view s = v.get_string();
        QString key = QString::fromUtf8(s.data(), qsizetype(s.size()));
        key.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
        return QStringLiteral("[\"") + key + QStringLiteral("\"]");
    }
    return u'[' +
           QString::fromUtf8(trimmed(v.raw_json_token()).data(),
                             qsizetype(trimmed(v.raw_json_token()).size())) +
           u']';
}

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

class StateReader
{
public:
    StateReader(QString fileName, ImportReport *report)
        : m_file(std::move(fileName))
        , m_report(report)
    {}

    std::vector<Instance> instances;
    int version = 0;

    void readV4Resource(ondemand::object obj)
    {
        QString module, mode, type, name;
        std::vector<Instance> found;
        for (auto field : obj) {
            std::string_view key = field.unescaped_key();
            if (key == "module") {
                module = qs(field.value().get_string());
            } else if (key == "mode") {
                mode = qs(field.value().get_string());
            } else if (key == "type") {
                type = qs(field.value().get_string());
            } else if (key == "name") {
                name = qs(field.value().get_string());
            } else if (key == "instances") {
                // mode and type precede instances in every state Terraform writes; when they
                // do not, the instances are still read and filtered below.
                const bool wanted = mode != QLatin1String("data") && skipReason(type).isEmpty();
                const bool relation = kRelationshipTypes.contains(type);
                for (auto inst : field.value().get_array()) {
                    Instance i;
                    QString index;
                    for (auto f : inst.get_object()) {
                        std::string_view k = f.unescaped_key();
                        if (k == "index_key") {
                            index = indexSuffix(f.value());
                        } else if (k == "attributes" && (wanted || relation || type.isEmpty())) {
                            std::string prefix;
                            for (auto attr : f.value().get_object()) {
                                std::string_view ak = attr.unescaped_key();
                                if (!isWanted(ak))
                                    continue;
                                prefix.assign(ak);
                                flatten(attr.value(), prefix, ak, i.flat, m_arena, 0);
                            }
                            sortFlat(i.flat);
                        } else if (k == "dependencies") {
                            for (auto d : f.value().get_array())
                                i.dependsOn.append(qs(d.get_string()));
                        }
                    }
                    i.resource.sourceAddress = index; // completed below
                    found.push_back(std::move(i));
                }
            }
        }
        const QString base = (module.isEmpty() ? QString() : module + u'.') +
                             (mode == QLatin1String("data") ? QStringLiteral("data.") : QString()) +
                             type + u'.' + name;
        for (Instance &i : found) {
            i.resource.sourceAddress = base + i.resource.sourceAddress;
            i.resourceAddress = base;
            i.resource.type = type;
        }
        add(std::move(found), mode == QLatin1String("data"));
    }

    void readV3Module(ondemand::object obj)
    {
        QStringList path;
        for (auto field : obj) {
            std::string_view key = field.unescaped_key();
            if (key == "path") {
                for (auto p : field.value().get_array())
                    path.append(qs(p.get_string()));
            } else if (key == "resources") {
                QString module;
                for (qsizetype i = 1; i < path.size(); ++i)
                    module += QStringLiteral("module.") + path[i] + u'.';
                for (auto res : field.value().get_object()) {
                    const QString key3 = qs(res.unescaped_key());
                    readV3Resource(module, key3, res.value().get_object());
                }
            }
        }
    }

    void readV3Resource(const QString &module, const QString &key, ondemand::object obj)
    {
        // key: [data.]TYPE.NAME[.INDEX]
        QStringList parts = key.split(u'.');
        const bool data = parts.value(0) == QLatin1String("data");
        if (data)
            parts.removeFirst();
        QString index;
        if (parts.size() >= 3) {
            bool numeric = false;
            parts.back().toInt(&numeric);
            if (numeric)
                index = u'[' + parts.takeLast() + u']';
        }
        const QString type = parts.value(0);
        const QString name = parts.mid(1).join(u'.');
        Instance i;
        for (auto field : obj) {
            std::string_view k = field.unescaped_key();
            if (k == "depends_on") {
                for (auto d : field.value().get_array())
                    i.dependsOn.append(module + qs(d.get_string()));
            } else if (k == "primary") {
                for (auto pf : field.value().get_object()) {
                    if (std::string_view(pf.unescaped_key()) != "attributes")
                        continue;
                    for (auto attr : pf.value().get_object()) {
                        std::string_view ak = attr.unescaped_key();
                        if (!isWanted(ak))
                            continue;
                        ondemand::value v = attr.value();
                        if (v.type() != ondemand::json_type::string)
                            continue;
                        std::string_view s = v.get_string();
                        if (!looksSecret(s))
                            i.flat.emplace_back(ak, s);
                    }
                }
            }
        }
        sortFlat(i.flat);
        const QString base =
            module + (data ? QStringLiteral("data.") : QString()) + type + u'.' + name;
        i.resource.sourceAddress = base + index;
        i.resourceAddress = base;
        i.resource.type = type;
        std::vector<Instance> one;
        one.push_back(std::move(i));
        add(std::move(one), data);
    }

private:
    void add(std::vector<Instance> found, bool data)
    {
        if (found.empty())
            return;
        // All instances of one resource share its type: classify it once.
        const QString &type = found.front().resource.type;
        const QString reason = data ? QStringLiteral("data source") : skipReason(type);
        const bool relation = !data && kRelationshipTypes.contains(type);
        const QString provider = providerOf(type);
        for (Instance &i : found) {
            if (!reason.isEmpty() && !relation) {
                m_report->skipped.append(i.resource.sourceAddress + QStringLiteral(" — ") + reason);
                continue;
            }
            i.relation = relation;
            i.resource.id = QStringLiteral("tf:") + i.resource.sourceAddress;
            i.resource.provider = provider;
            i.resource.sourceFile = m_file;
            instances.push_back(std::move(i));
        }
    }

    QString m_file;
    ImportReport *m_report;
    Arena m_arena;
};

/// Builds resources and dependencies from the instances read.
void build(std::vector<Instance> &instances, Inventory *out, ImportReport *report)
{
    QHash<QString, QString> byNativeId;    // provider id → resource id
    QHash<QString, QString> byUrn;         // DigitalOcean URN → resource id
    QHash<QString, QString> byIp;          // public or private IPv4 → resource id
    QHash<QString, QString> byDomain;      // domain name → resource id
    QHash<QString, QStringList> byAddress; // resource address (no index) → instance ids
    for (Instance &i : instances) {
        if (i.relation)
            continue;
        describe(i.resource, Attrs{i.flat});
        if (i.resource.name.isEmpty())
            i.resource.name = i.resourceAddress.section(u'.', -1);
        Resource &r = i.resource;
        const QString native = r.attributes.value(QStringLiteral("provider_id"));
        if (!native.isEmpty())
            byNativeId.insert(r.provider + u':' + native, r.id);
        if (!r.attributes.value(QStringLiteral("urn")).isEmpty())
            byUrn.insert(r.attributes.value(QStringLiteral("urn")), r.id);
        for (const char *k : {"ipv4", "ipv4_private"})
            if (!r.attributes.value(QLatin1String(k)).isEmpty())
                byIp.insert(r.attributes.value(QLatin1String(k)), r.id);
        if (r.type == QLatin1String("digitalocean_domain"))
            byDomain.insert(r.name, r.id);
        byAddress[i.resourceAddress].append(r.id);
        out->add(r);
    }
    auto native = [&](const Resource &r, const QString &id) {
        return byNativeId.value(r.provider + u':' + id);
    };
    auto kindTowards = [&](const QString &to) {
        auto it = out->resources.find(to);
        if (it == out->resources.end())
            return DependencyKind::Network;
        const ResourceCategory c = categoryOf(it->second);
        if (it->second.type.endsWith(QLatin1String("_vpc")) ||
            it->second.type == QLatin1String("aws_subnet"))
            return DependencyKind::Membership;
        return dependencyKindTowards(c);
    };
    const auto before = out->dependencies.size();
    for (Instance &i : instances) {
        const Attrs a{i.flat};
        const Resource &r = i.resource;
        const QString &t = r.type;
        auto edge = [&](const QString &from, const QString &to, DependencyKind kind,
                        const QString &why) {
            out->addDependency(from, to, kind, why);
        };
        if (t == QLatin1String("digitalocean_volume_attachment") ||
            t == QLatin1String("aws_volume_attachment")) {
            const QString host =
                native(r, a.get(t.startsWith(QLatin1String("aws")) ? "instance_id" : "droplet_id"));
            for (const QString &v : a.list("volume_ids") + QStringList{a.get("volume_id")})
                edge(host, native(r, v), DependencyKind::Attachment,
                     QStringLiteral("volume attachment ") + r.sourceAddress);
            continue;
        }
        if (t == QLatin1String("digitalocean_floating_ip_assignment") ||
            t == QLatin1String("digitalocean_reserved_ip_assignment")) {
            edge(byIp.value(a.get("ip_address")), native(r, a.get("droplet_id")),
                 DependencyKind::Attachment, QStringLiteral("IP assignment ") + r.sourceAddress);
            continue;
        }
        if (t == QLatin1String("digitalocean_project_resources")) {
            const QString project = native(r, a.get("project"));
            for (const QString &urn : a.list("resources"))
                edge(byUrn.value(urn), project, DependencyKind::Membership,
                     QStringLiteral("project resources ") + r.sourceAddress);
            continue;
        }
        if (t == QLatin1String("heroku_pipeline_coupling")) {
            const QString app =
                native(r, a.get("app_id").isEmpty() ? a.get("app") : a.get("app_id"));
            edge(app.isEmpty() ? byNativeId.value(QStringLiteral("heroku:") + a.get("app")) : app,
                 native(r, a.get("pipeline")), DependencyKind::Membership,
                 QStringLiteral("pipeline coupling ") + r.sourceAddress);
            continue;
        }
        // Attribute references.
        for (const QString &d : a.list("droplet_ids")) {
            if (t == QLatin1String("digitalocean_volume"))
                edge(native(r, d), r.id, DependencyKind::Attachment,
                     QStringLiteral("volume droplet_ids"));
            else
                edge(r.id, native(r, d), DependencyKind::Network, QStringLiteral("droplet_ids"));
        }
        for (const QString &v : a.list("volume_ids"))
            edge(r.id, native(r, v), DependencyKind::Attachment, QStringLiteral("volume_ids"));
        if (t.endsWith(QLatin1String("_ip")) && !a.get("droplet_id").isEmpty())
            edge(r.id, native(r, a.get("droplet_id")), DependencyKind::Attachment,
                 QStringLiteral("droplet_id"));
        for (const char *k : {"vpc_uuid", "private_network_uuid", "vpc_id", "subnet_id"})
            if (!a.get(k).isEmpty())
                edge(r.id, native(r, a.get(k)), DependencyKind::Membership, QString::fromLatin1(k));
        for (const QString &sg : a.list("vpc_security_group_ids") + a.list("security_groups"))
            edge(r.id, native(r, sg), DependencyKind::Network, QStringLiteral("security groups"));
        if (t == QLatin1String("heroku_addon")) {
            const QString app = a.get("app_id").isEmpty() ? a.get("app") : a.get("app_id");
            edge(native(r, app), r.id, DependencyKind::Data, QStringLiteral("add-on of app"));
        }
        if (t == QLatin1String("digitalocean_record")) {
            edge(r.id, byDomain.value(a.get("domain")), DependencyKind::Membership,
                 QStringLiteral("record in domain"));
            edge(r.id, byIp.value(a.get("value")), DependencyKind::Dns,
                 QStringLiteral("record value is its IP"));
        }
    }
    // Terraform's own dependency lists, where no attribute already related the pair: they only
    // order creation, so the attribute edges above say more.
    QSet<QPair<QString, QString>> related;
    for (const Dependency &d : out->dependencies) {
        related.insert({d.from, d.to});
        related.insert({d.to, d.from});
    }
    for (const Instance &i : instances) {
        if (i.relation) {
            report->skipped.append(i.resource.sourceAddress +
                                   QStringLiteral(" — relationship, kept as dependencies"));
            continue;
        }
        for (const QString &dep : i.dependsOn) {
            const QString address = dep.endsWith(u']') ? dep.left(dep.lastIndexOf(u'[')) : dep;
            for (const QString &to : byAddress.value(address))
                if (!related.contains({i.resource.id, to}))
                    out->addDependency(i.resource.id, to, kindTowards(to),
                                       QStringLiteral("terraform dependencies"));
        }
    }
    out->sortDependencies();
    Q_UNUSED(before);
}

} // namespace

QString TfStateImporter::nameFilter() const
{
    return QStringLiteral("Terraform state (*.tfstate *.tfstate.backup *.json)");
}

bool TfStateImporter::canRead(const QByteArray &head, const QString &fileName) const
{
    if (fileName.endsWith(QLatin1String(".tfstate")) ||
        fileName.endsWith(QLatin1String(".tfstate.backup")))
        return true;
    return head.contains("\"terraform_version\"") ||
           (head.contains("\"lineage\"") && head.contains("\"serial\""));
}

bool TfStateImporter::read(const QString &path, Inventory *out, ImportReport *report,
                           FileError *error, ImportProgress *progress) const
{
    // Read straight into simdjson's padded buffer: one copy of the file in memory, not two.
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = {path, 0, 0, f.errorString()};
        return false;
    }
    padded_string json(size_t(f.size()));
    if (f.read(json.data(), f.size()) != f.size()) {
        *error = {path, 0, 0, f.errorString()};
        return false;
    }
    f.close();
    return readPadded(json, path, out, report, error, progress);
}

bool TfStateImporter::readData(const QByteArray &data, const QString &fileName, Inventory *out,
                               ImportReport *report, FileError *error) const
{
    padded_string json(data.constData(), size_t(data.size()));
    return readPadded(json, fileName, out, report, error, nullptr);
}

bool TfStateImporter::readPadded(simdjson::padded_string &json, const QString &fileName,
                                 Inventory *out, ImportReport *report, FileError *error,
                                 ImportProgress *progress) const
{
    const qint64 doneBefore = progress ? progress->done.load() : 0;
    qint64 lastReported = 0;
    report->sources.append(fileName);
    const char *text = json.data();
    const qsizetype size = qsizetype(json.size());
    ondemand::parser parser;
    ondemand::document doc;
    StateReader reader(fileName, report);
    bool iterating = false;
    // After each resource: report the bytes read so far, and stop if asked to.
    auto step = [&]() {
        if (!progress)
            return true;
        const char *loc = nullptr;
        if (doc.current_location().get(loc) == SUCCESS && loc &&
            loc - text - lastReported > 256 * 1024) {
            lastReported = loc - text;
            progress->done = doneBefore + lastReported;
        }
        return !progress->isCancelled();
    };
    auto fail = [&](const QString &message) {
        int line = 0, column = 0;
        const char *loc = nullptr;
        if (iterating && doc.current_location().get(loc) == SUCCESS && loc)
            lineColumnAt(text, size, loc - text, &line, &column);
        else
            lineColumnAt(text, size, size, &line, &column);
        *error = {fileName, line, column, message};
        return false;
    };
    try {
        doc = parser.iterate(json);
        iterating = true;
        bool sawResources = false;
        for (auto field : doc.get_object()) {
            std::string_view key = field.unescaped_key();
            if (key == "version") {
                reader.version = int(int64_t(field.value().get_int64()));
                if (reader.version != 3 && reader.version != 4)
                    return fail(QStringLiteral(
                                    "unsupported Terraform state version %1 (Ferry reads 3 and 4)")
                                    .arg(reader.version));
            } else if (key == "resources") {
                sawResources = true;
                for (auto res : field.value().get_array()) {
                    reader.readV4Resource(res.get_object());
                    if (!step())
                        return fail(QStringLiteral("import cancelled"));
                }
            } else if (key == "modules") {
                sawResources = true;
                for (auto mod : field.value().get_array()) {
                    reader.readV3Module(mod.get_object());
                    if (!step())
                        return fail(QStringLiteral("import cancelled"));
                }
            }
        }
        if (reader.version == 0)
            return fail(QStringLiteral("not a Terraform state: no \"version\" key"));
        if (!sawResources)
            report->warnings.append(fileName + QStringLiteral(": the state has no resources"));
    } catch (const simdjson_error &e) {
        return fail(QStringLiteral("invalid JSON: %1").arg(QString::fromLatin1(e.what())));
    }
    build(reader.instances, out, report);
    if (progress)
        progress->done = doneBefore + size;
    return true;
}

} // namespace Ferry
