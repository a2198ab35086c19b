// SPDX-License-Identifier: MIT
#include "tfstateimporter.h"

#include "resourcekind.h"

#include <QFile>
#include <QHash>
#include <QSet>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace Ferry {

namespace {

using namespace simdjson;

// The attributes Ferry reads, by their top-level name. Everything else is skipped unread, which
// is how secrets (password, uri, kube_config, config_vars, private_key…) stay out of the plan.
// clang-format off
#define FERRY_TF_KEYS(X)                                                                           \
    X(id)                                                                                          \
    X(name)                                                                                        \
    X(region) X(size) X(size_slug) X(instance_type) X(instance_class) X(node_type) X(engine)       \
        X(engine_version) X(version) X(disk) X(allocated_storage) X(node_count) X(num_cache_nodes) \
            X(ip_range) X(cidr_block) X(ipv4_address) X(ipv4_address_private) X(ip_address) X(ip)  \
                X(public_ip) X(private_ip) X(image) X(ami) X(vcpus) X(memory) X(urn) X(domain)     \
                    X(type) X(value) X(ttl) X(tags) X(droplet_ids) X(droplet_id) X(volume_ids)     \
                        X(volume_id) X(vpc_uuid) X(private_network_uuid) X(vpc_id) X(subnet_id)    \
                            X(vpc_security_group_ids) X(security_groups) X(forwarding_rule)        \
                                X(inbound_rule) X(node_pool) X(plan) X(app) X(app_id) X(stack)     \
                                    X(pipeline) X(project_id) X(project) X(resources)              \
                                        X(identifier) X(bucket) X(instance_id)                     \
                                            X(load_balancer_type) X(availability_zone) X(port)     \
                                                X(location) X(fingerprint) X(internal) X(dns_name) \
                                                    X(fqdn) X(hostname) X(status)
// clang-format on

enum Key : uint8_t {
#define FERRY_TF_KEY_ENUM(k) k_##k,
    FERRY_TF_KEYS(FERRY_TF_KEY_ENUM)
#undef FERRY_TF_KEY_ENUM
        kKeyCount
};

/// Key of a top-level attribute name, or kKeyCount when Ferry does not read it.
Key keyOf(std::string_view name)
{
    static const std::unordered_map<std::string_view, Key> keys = [] {
        std::unordered_map<std::string_view, Key> m;
        uint8_t i = 0;
#define FERRY_TF_KEY_NAME(k) m.emplace(std::string_view(#k), Key(i++));
        FERRY_TF_KEYS(FERRY_TF_KEY_NAME)
#undef FERRY_TF_KEY_NAME
        return m;
    }();
    auto it = keys.find(name);
    return it == keys.end() ? kKeyCount : it->second;
}

/// One flattened attribute value, as Terraform's v3 "flatmap" would address it: `key` alone
/// (a scalar), `key.<index>` (a list or set element), `key.<sub>` (a map entry) or
/// `key.<index>.<sub>` (a field of a list of objects). Views point into the input buffer or
/// simdjson's string buffer, which outlive the import: reading an attribute allocates nothing.
struct FlatEntry
{
    Key key;
    int32_t index;        ///< element index, -1 when not a list element
    std::string_view sub; ///< map key or object field, empty when none
    std::string_view value;
    uint32_t order = 0; ///< position in the source, to keep list order within a key
};
using Flat = std::vector<FlatEntry>;

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

/// A scalar's text (string unescaped, number or boolean as written); nullopt for null and for
/// arrays and objects.
std::optional<std::string_view> scalarText(ondemand::value v)
{
    switch (v.type()) {
    case ondemand::json_type::string: {
        std::string_view s = v.get_string();
        if (looksSecret(s))
            return std::nullopt;
        return s;
    }
    case ondemand::json_type::number:
    case ondemand::json_type::boolean:
        return trimmed(v.raw_json_token());
    default:
        return std::nullopt;
    }
}

/// Flattens the value of top-level attribute `key` two levels deep (lists of scalars, maps, lists
/// of objects with scalar fields); deeper structure is of no use to a planner and is skipped.
void flatten(Key key, ondemand::value v, Flat &out)
{
    switch (v.type()) {
    case ondemand::json_type::array: {
        int32_t i = 0;
        for (auto element : v.get_array()) {
            ondemand::value e = element.value();
            if (e.type() == ondemand::json_type::object) {
                for (auto field : e.get_object()) {
                    std::string_view sub = field.unescaped_key();
                    if (auto text = scalarText(field.value()))
                        out.push_back({key, i, sub, *text});
                }
            } else if (auto text = scalarText(e)) {
                out.push_back({key, i, {}, *text});
            }
            ++i;
        }
        break;
    }
    case ondemand::json_type::object:
        for (auto field : v.get_object()) {
            std::string_view sub = field.unescaped_key();
            if (auto text = scalarText(field.value()))
                out.push_back({key, -1, sub, *text});
        }
        break;
    default:
        if (auto text = scalarText(v))
            out.push_back({key, -1, {}, *text});
    }
}

/// Adds a v3 flatmap attribute (`tags.%`, `ssh_keys.0`, `forwarding_rule.1234.entry_port`).
void addFlatmap(std::string_view name, std::string_view value, Flat &out)
{
    const auto dot = name.find('.');
    const Key key = keyOf(name.substr(0, dot));
    if (key == kKeyCount || looksSecret(value))
        return;
    if (dot == std::string_view::npos) {
        out.push_back({key, -1, {}, value});
        return;
    }
    std::string_view rest = name.substr(dot + 1);
    if (rest == "#" || rest == "%")
        return; // counts
    const auto dot2 = rest.find('.');
    std::string_view first = rest.substr(0, dot2);
    const bool numeric = !first.empty() && std::all_of(first.begin(), first.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
    if (!numeric) {
        out.push_back({key, -1, rest, value}); // a map entry
        return;
    }
    // A list index, or a set element's hash: only the order matters.
    const int32_t index =
        int32_t(std::strtoul(std::string(first).c_str(), nullptr, 10) & 0x7fffffff);
    if (dot2 == std::string_view::npos)
        out.push_back({key, index, {}, value});
    else if (rest.substr(dot2 + 1).find('.') == std::string_view::npos)
        out.push_back({key, index, rest.substr(dot2 + 1), value});
}

/// Orders entries by key (keeping source order within a key) and indexes where each key starts.
struct FlatIndex
{
    std::array<uint16_t, kKeyCount + 1> start{};

    void build(Flat &flat)
    {
        for (size_t i = 0; i < flat.size(); ++i)
            flat[i].order = uint32_t(i);
        std::sort(flat.begin(), flat.end(), [](const FlatEntry &a, const FlatEntry &b) {
            return a.key != b.key ? a.key < b.key : a.order < b.order;
        });
        size_t i = 0;
        for (int k = 0; k <= kKeyCount; ++k) {
            start[k] = uint16_t(std::min<size_t>(i, 0xffff));
            while (i < flat.size() && flat[i].key == k)
                ++i;
        }
    }
};

/// Attributes that relate a resource to others, read again by the dependency pass.
bool isReference(Key k)
{
    switch (k) {
    case k_id:
    case k_droplet_ids:
    case k_volume_ids:
    case k_volume_id:
    case k_droplet_id:
    case k_instance_id:
    case k_ip_address:
    case k_project:
    case k_resources:
    case k_app_id:
    case k_app:
    case k_pipeline:
    case k_vpc_uuid:
    case k_private_network_uuid:
    case k_vpc_id:
    case k_subnet_id:
    case k_vpc_security_group_ids:
    case k_security_groups:
    case k_domain:
    case k_value:
        return true;
    default:
        return false;
    }
}

/// Read access to flattened attributes through their FlatIndex.
struct Attrs
{
    const Flat &flat;
    const FlatIndex &index;

    template<typename F> void forEach(Key k, F &&f) const
    {
        for (size_t i = index.start[k]; i < index.start[k + 1] && i < flat.size(); ++i)
            f(flat[i]);
    }
    static QString text(std::string_view v)
    {
        return QString::fromUtf8(v.data(), qsizetype(v.size()));
    }

    /// The scalar value of `k`, empty when absent.
    QString get(Key k) const
    {
        for (size_t i = index.start[k]; i < index.start[k + 1] && i < flat.size(); ++i)
            if (flat[i].index < 0 && flat[i].sub.empty())
                return text(flat[i].value);
        return QString();
    }
    /// Elements of a list or set of scalars.
    QStringList list(Key k) const
    {
        QStringList out;
        forEach(k, [&](const FlatEntry &e) {
            if (e.index >= 0 && e.sub.empty())
                out.append(text(e.value));
        });
        return out;
    }
    /// `field` of each element of a list of objects.
    QStringList nested(Key k, std::string_view field) const
    {
        QStringList out;
        forEach(k, [&](const FlatEntry &e) {
            if (e.index >= 0 && e.sub == field)
                out.append(text(e.value));
        });
        return out;
    }
    /// Entries of a map of scalars.
    QMap<QString, QString> map(Key k) const
    {
        QMap<QString, QString> out;
        forEach(k, [&](const FlatEntry &e) {
            if (e.index < 0 && !e.sub.empty())
                out.insert(text(e.sub), text(e.value));
        });
        return out;
    }
};

struct Instance
{
    Resource resource;
    Flat flat;
    FlatIndex flatIndex;
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
    r.name = a.get(k_name);
    for (Key k : {k_identifier, k_bucket, k_hostname, k_fqdn})
        if (r.name.isEmpty())
            r.name = a.get(k);
    r.region = a.get(k_region);
    if (r.region.isEmpty())
        r.region = a.get(k_location);
    if (r.region.isEmpty())
        r.region = a.get(k_availability_zone);
    for (Key k : {k_size, k_size_slug, k_instance_type, k_instance_class, k_node_type}) {
        if (!r.size.isEmpty())
            break;
        if (type == QLatin1String("digitalocean_volume") && k == k_size)
            continue;
        r.size = a.get(k);
    }
    if (type.startsWith(QLatin1String("aws_"))) {
        r.tags = a.map(k_tags);
        if (r.name.isEmpty())
            r.name = r.tags.value(QStringLiteral("Name"));
    } else {
        for (const QString &t : a.list(k_tags))
            r.tags.insert(t, QString());
    }
    r.setAttribute(QStringLiteral("provider_id"), a.get(k_id));
    r.setAttribute(QStringLiteral("urn"), a.get(k_urn));
    r.setAttribute(QStringLiteral("engine"), a.get(k_engine));
    r.setAttribute(QStringLiteral("version"),
                   a.get(k_engine_version).isEmpty() ? a.get(k_version) : a.get(k_engine_version));
    if (type == QLatin1String("digitalocean_volume"))
        r.setAttribute(QStringLiteral("disk_gb"), a.get(k_size));
    else
        r.setAttribute(QStringLiteral("disk_gb"),
                       a.get(k_disk).isEmpty() ? a.get(k_allocated_storage) : a.get(k_disk));
    r.setAttribute(QStringLiteral("node_count"),
                   a.get(k_node_count).isEmpty() ? a.get(k_num_cache_nodes) : a.get(k_node_count));
    if (type == QLatin1String("digitalocean_kubernetes_cluster")) {
        r.setAttribute(QStringLiteral("node_pool_sizes"),
                       a.nested(k_node_pool, "size").join(QStringLiteral(", ")));
        r.setAttribute(QStringLiteral("node_count"),
                       a.nested(k_node_pool, "node_count").join(QStringLiteral(", ")));
    }
    r.setAttribute(QStringLiteral("cidr"),
                   a.get(k_ip_range).isEmpty() ? a.get(k_cidr_block) : a.get(k_ip_range));
    QString ipv4 = a.get(k_ipv4_address);
    if (ipv4.isEmpty())
        ipv4 = a.get(k_public_ip);
    if (ipv4.isEmpty() &&
        (type.endsWith(QLatin1String("_ip")) || type == QLatin1String("digitalocean_loadbalancer")))
        ipv4 = a.get(k_ip_address).isEmpty() ? a.get(k_ip) : a.get(k_ip_address);
    r.setAttribute(QStringLiteral("ipv4"), ipv4);
    r.setAttribute(QStringLiteral("ipv4_private"), a.get(k_ipv4_address_private).isEmpty()
                                                       ? a.get(k_private_ip)
                                                       : a.get(k_ipv4_address_private));
    r.setAttribute(QStringLiteral("image"),
                   a.get(k_image).isEmpty() ? a.get(k_ami) : a.get(k_image));
    r.setAttribute(QStringLiteral("vcpus"), a.get(k_vcpus));
    r.setAttribute(QStringLiteral("memory_mb"), a.get(k_memory));
    r.setAttribute(QStringLiteral("dns_name"), a.get(k_dns_name));
    if (type == QLatin1String("digitalocean_record")) {
        r.setAttribute(QStringLiteral("domain"), a.get(k_domain));
        r.setAttribute(QStringLiteral("record_type"), a.get(k_type));
        r.setAttribute(QStringLiteral("value"), a.get(k_value));
        r.setAttribute(QStringLiteral("ttl"), a.get(k_ttl));
    } else if (type == QLatin1String("digitalocean_domain")) {
        r.setAttribute(QStringLiteral("ttl"), a.get(k_ttl));
    } else if (type == QLatin1String("aws_lb") || type == QLatin1String("aws_alb")) {
        r.setAttribute(QStringLiteral("load_balancer_type"), a.get(k_load_balancer_type));
    }
    if (type == QLatin1String("digitalocean_loadbalancer"))
        r.setAttribute(QStringLiteral("ports"),
                       a.nested(k_forwarding_rule, "entry_port").join(QStringLiteral(", ")));
    if (type == QLatin1String("digitalocean_firewall"))
        r.setAttribute(QStringLiteral("inbound_ports"),
                       a.nested(k_inbound_rule, "port_range").join(QStringLiteral(", ")));
    if (type == QLatin1String("heroku_addon"))
        r.setAttribute(QStringLiteral("plan"), a.get(k_plan));
    if (type == QLatin1String("heroku_app"))
        r.setAttribute(QStringLiteral("stack"), a.get(k_stack));
    r.setAttribute(QStringLiteral("fingerprint"), a.get(k_fingerprint));
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
                            for (auto attr : f.value().get_object()) {
                                const Key key = keyOf(attr.unescaped_key());
                                if (key != kKeyCount)
                                    flatten(key, attr.value(), i.flat);
                            }
                            i.flatIndex.build(i.flat);
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
                        ondemand::value v = attr.value();
                        if (v.type() == ondemand::json_type::string)
                            addFlatmap(ak, v.get_string(), i.flat);
                    }
                }
            }
        }
        i.flatIndex.build(i.flat);
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
            if (!relation) {
                describe(i.resource, Attrs{i.flat, i.flatIndex});
                if (i.resource.name.isEmpty())
                    i.resource.name = i.resourceAddress.section(u'.', -1);
            }
            // Keep only what the dependency pass reads: the instance list stays small.
            std::erase_if(i.flat, [](const FlatEntry &e) { return !isReference(e.key); });
            i.flat.shrink_to_fit();
            i.flatIndex.build(i.flat);
            instances.push_back(std::move(i));
        }
    }

    QString m_file;
    ImportReport *m_report;
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
        Resource &r = i.resource;
        const QString native = r.attributes.value(QStringLiteral("provider_id"));
        if (!native.isEmpty())
            byNativeId.insert(r.provider + u':' + native, r.id);
        if (!r.attributes.value(QStringLiteral("urn")).isEmpty())
            byUrn.insert(r.attributes.value(QStringLiteral("urn")), r.id);
        for (const QString &ip : {r.attributes.value(QStringLiteral("ipv4")),
                                  r.attributes.value(QStringLiteral("ipv4_private"))})
            if (!ip.isEmpty())
                byIp.insert(ip, r.id);
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
    for (Instance &i : instances) {
        const Attrs a{i.flat, i.flatIndex};
        const Resource &r = i.resource;
        const QString &t = r.type;
        auto edge = [&](const QString &from, const QString &to, DependencyKind kind,
                        const QString &why) {
            out->addDependency(from, to, kind, why);
        };
        if (t == QLatin1String("digitalocean_volume_attachment") ||
            t == QLatin1String("aws_volume_attachment")) {
            const QString host =
                native(r, a.get(t.startsWith(QLatin1String("aws")) ? k_instance_id : k_droplet_id));
            for (const QString &v : a.list(k_volume_ids) + QStringList{a.get(k_volume_id)})
                edge(host, native(r, v), DependencyKind::Attachment,
                     QStringLiteral("volume attachment ") + r.sourceAddress);
            continue;
        }
        if (t == QLatin1String("digitalocean_floating_ip_assignment") ||
            t == QLatin1String("digitalocean_reserved_ip_assignment")) {
            edge(byIp.value(a.get(k_ip_address)), native(r, a.get(k_droplet_id)),
                 DependencyKind::Attachment, QStringLiteral("IP assignment ") + r.sourceAddress);
            continue;
        }
        if (t == QLatin1String("digitalocean_project_resources")) {
            const QString project = native(r, a.get(k_project));
            for (const QString &urn : a.list(k_resources))
                edge(byUrn.value(urn), project, DependencyKind::Membership,
                     QStringLiteral("project resources ") + r.sourceAddress);
            continue;
        }
        if (t == QLatin1String("heroku_pipeline_coupling")) {
            const QString app =
                native(r, a.get(k_app_id).isEmpty() ? a.get(k_app) : a.get(k_app_id));
            edge(app.isEmpty() ? byNativeId.value(QStringLiteral("heroku:") + a.get(k_app)) : app,
                 native(r, a.get(k_pipeline)), DependencyKind::Membership,
                 QStringLiteral("pipeline coupling ") + r.sourceAddress);
            continue;
        }
        // Attribute references.
        for (const QString &d : a.list(k_droplet_ids)) {
            if (t == QLatin1String("digitalocean_volume"))
                edge(native(r, d), r.id, DependencyKind::Attachment,
                     QStringLiteral("volume droplet_ids"));
            else
                edge(r.id, native(r, d), DependencyKind::Network, QStringLiteral("droplet_ids"));
        }
        for (const QString &v : a.list(k_volume_ids))
            edge(r.id, native(r, v), DependencyKind::Attachment, QStringLiteral("volume_ids"));
        if (t.endsWith(QLatin1String("_ip")) && !a.get(k_droplet_id).isEmpty())
            edge(r.id, native(r, a.get(k_droplet_id)), DependencyKind::Attachment,
                 QStringLiteral("droplet_id"));
        for (auto [k, why] : {std::pair{k_vpc_uuid, "vpc_uuid"},
                              std::pair{k_private_network_uuid, "private_network_uuid"},
                              std::pair{k_vpc_id, "vpc_id"}, std::pair{k_subnet_id, "subnet_id"}})
            if (!a.get(k).isEmpty())
                edge(r.id, native(r, a.get(k)), DependencyKind::Membership,
                     QString::fromLatin1(why));
        for (const QString &sg : a.list(k_vpc_security_group_ids) + a.list(k_security_groups))
            edge(r.id, native(r, sg), DependencyKind::Network, QStringLiteral("security groups"));
        if (t == QLatin1String("heroku_addon")) {
            const QString app = a.get(k_app_id).isEmpty() ? a.get(k_app) : a.get(k_app_id);
            edge(native(r, app), r.id, DependencyKind::Data, QStringLiteral("add-on of app"));
        }
        if (t == QLatin1String("digitalocean_record")) {
            edge(r.id, byDomain.value(a.get(k_domain)), DependencyKind::Membership,
                 QStringLiteral("record in domain"));
            edge(r.id, byIp.value(a.get(k_value)), DependencyKind::Dns,
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
