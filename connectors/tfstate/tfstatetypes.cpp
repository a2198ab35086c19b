// SPDX-License-Identifier: MIT
// The Terraform type and attribute tables of the state reader: which types are imported,
// skipped or kept as relationships, and what each type's attributes give a resource (its name,
// region, size and the attributes of docs/importers.md), by Terraform's resource schemas.
#include "tfstatetypes.h"

#include "firewallrules.h"

#include <bit>

namespace Ferry::TfState {
namespace {

const QStringList kNonInfraPrefixes = {QStringLiteral("random_"),  QStringLiteral("null_"),
                                       QStringLiteral("local_"),   QStringLiteral("tls_"),
                                       QStringLiteral("time_"),    QStringLiteral("template_"),
                                       QStringLiteral("archive_"), QStringLiteral("external_")};

/// Relationship resources that become dependencies rather than resources.

/// digitalocean_firewall's `inbound_rule` blocks (protocol, port_range, source_addresses,
/// source_droplet_ids, source_load_balancer_uids, source_kubernetes_ids, source_tags) as the
/// plan's `inbound_rules` text; a rule with ports not understood is left out.
QString digitalOceanRules(const Attrs &a)
{
    QList<FirewallRule> rules;
    for (const auto &[index, fields] : elements(a, k_inbound_rule)) {
        FirewallRule rule;
        rule.protocol = first(fields, "protocol").toLower();
        if (rule.hasPorts() && !FirewallRules::setPorts(&rule, first(fields, "port_range")))
            continue;
        for (const auto &[field, values] : fields)
            for (std::string_view v : values) {
                FirewallSource source;
                if (field.starts_with("source_") &&
                    FirewallRules::sourceFor(qs(field), qs(v), &source))
                    rule.sources.append(source);
            }
        rules.append(rule);
    }
    return FirewallRules::format(rules);
}

/// aws_security_group's inline `ingress` blocks (protocol, from_port, to_port, cidr_blocks,
/// ipv6_cidr_blocks, security_groups, self) as `inbound_rules`; an ICMP rule for one ICMP type
/// and a protocol other than TCP, UDP, ICMP or all are left out (never widened).
QString securityGroupRules(const Attrs &a)
{
    QList<FirewallRule> rules;
    for (const auto &[index, fields] : elements(a, k_ingress)) {
        FirewallRule rule;
        const QString protocol = first(fields, "protocol").toLower();
        const QString from = first(fields, "from_port"), to = first(fields, "to_port");
        if (protocol == QLatin1String("-1") || protocol == QLatin1String("all"))
            rule.protocol = QStringLiteral("all");
        else if (protocol == QLatin1String("tcp") || protocol == QLatin1String("6"))
            rule.protocol = QStringLiteral("tcp");
        else if (protocol == QLatin1String("udp") || protocol == QLatin1String("17"))
            rule.protocol = QStringLiteral("udp");
        else if ((protocol == QLatin1String("icmp") || protocol == QLatin1String("1")) &&
                 from == QLatin1String("-1"))
            rule.protocol = QStringLiteral("icmp");
        else
            continue;
        if (rule.hasPorts() &&
            !FirewallRules::setPorts(&rule, from == to ? from : from + u'-' + to))
            continue;
        for (const char *field : {"cidr_blocks", "ipv6_cidr_blocks"})
            if (const auto it = fields.find(field); it != fields.end())
                for (std::string_view v : it->second)
                    rule.sources.append({FirewallSource::Kind::Address, qs(v)});
        if (const auto it = fields.find("security_groups"); it != fields.end())
            for (std::string_view v : it->second)
                rule.sources.append({FirewallSource::Kind::SecurityGroup, qs(v)});
        if (first(fields, "self") == QLatin1String("true"))
            rule.sources.append({FirewallSource::Kind::Self, QString()});
        rules.append(rule);
    }
    return FirewallRules::format(rules);
}

/// digitalocean_database_firewall's `rule` blocks (type, value) as `trusted_sources`.
QString trustedSources(const Attrs &a)
{
    QList<FirewallSource> sources;
    for (const auto &[index, fields] : elements(a, k_rule)) {
        FirewallSource source;
        if (FirewallRules::sourceFor(first(fields, "type"), first(fields, "value"), &source))
            sources.append(source);
    }
    return FirewallRules::formatSources(sources);
}

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

void describe(Resource &r, std::string_view type, std::string_view blockName, const Attrs &a,
              Interner &in, StringSlab &slab, TagCache &tagCache, Described *d)
{
    const bool volume = type == "digitalocean_volume";
    const bool aws = type.starts_with("aws_");
    d->name = a.firstOf({k_name, k_identifier, k_cluster_identifier, k_bucket, k_hostname, k_fqdn});
    r.region = in.get(a.firstOf({k_region, k_location, k_availability_zone}));
    r.size = in.get(
        volume ? a.firstOf({k_size_slug, k_instance_type, k_instance_class, k_node_type})
               : a.firstOf({k_size, k_size_slug, k_instance_type, k_instance_class, k_node_type}));
    std::string &tagKey = tagCache.scratch;
    tagKey.clear();
    if (aws) {
        a.forEach(k_tags, [&](const FlatEntry &e) {
            if (e.index < 0 && !e.sub.empty())
                tagKey.append(e.sub).append(1, '\0').append(e.value).append(1, '\0');
        });
    } else {
        a.list(k_tags, [&](std::string_view t) { tagKey.append(t).append(1, '\0'); });
    }
    if (tagKey == tagCache.key) {
        r.tags = tagCache.tags;
    } else {
        if (aws) {
            a.forEach(k_tags, [&](const FlatEntry &e) {
                if (e.index < 0 && !e.sub.empty())
                    r.tags.insert(in.get(e.sub), in.get(e.value));
            });
        } else {
            int count = 0;
            a.list(k_tags, [&](std::string_view) { ++count; });
            r.tags.reserve(count);
            a.list(k_tags, [&](std::string_view t) { r.tags.insert(in.get(t), QString()); });
        }
        tagCache.key.swap(tagKey);
        tagCache.tags = r.tags;
    }
    if (aws && d->name.empty())
        r.name = r.tags.value(QStringLiteral("Name"));

    if (type == "heroku_formation")
        d->name = a.get(k_type); // the process type: web, worker…
    if (d->name.empty() && r.name.isEmpty())
        d->name = blockName;
    if (!d->name.empty())
        slab.add(&r.name, d->name);

    // Values unique to this resource are assigned by the slab at the end (none of their keys is
    // also set from another source, so the order of assignment does not matter).
    std::array<QString, kAttributeCount> values;
    uint32_t set = 0; // keys with a value
    static_assert(kAttributeCount <= 32);
    auto unique = [&](Attribute key, std::string_view v) {
        if (!v.empty()) {
            set |= uint32_t(1) << key;
            slab.add(&values[key], v);
        }
    };
    auto shared = [&](Attribute key, std::string_view v) {
        if (!v.empty()) {
            set |= uint32_t(1) << key;
            values[key] = in.get(v);
        }
    };
    auto text = [&](Attribute key, const QString &v) {
        if (!v.isEmpty()) {
            set |= uint32_t(1) << key;
            values[key] = v;
        }
    };
    unique(a_provider_id, a.get(k_id));
    unique(a_urn, a.get(k_urn));
    unique(a_clone_url, a.get(k_clone_url_http)); // a CodeCommit repository's HTTPS address
    shared(a_engine, a.get(k_engine));
    shared(a_version, a.firstOf({k_engine_version, k_version, k_cluster_version}));
    shared(a_disk_gb, volume ? a.get(k_size) : a.firstOf({k_disk, k_allocated_storage}));
    shared(a_node_count, a.firstOf({k_node_count, k_num_cache_nodes, k_number_of_nodes}));
    if (type == "digitalocean_kubernetes_cluster") {
        text(a_node_pool_sizes, a.nested(k_node_pool, "size"));
        text(a_node_count, a.nested(k_node_pool, "node_count"));
    }
    shared(a_cidr, a.firstOf({k_ip_range, k_cidr_block}));
    d->ipv4 = a.firstOf({k_ipv4_address, k_public_ip});
    if (d->ipv4.empty() && (type.ends_with("_ip") || type == "digitalocean_loadbalancer"))
        d->ipv4 = a.firstOf({k_ip_address, k_ip});
    unique(a_ipv4, d->ipv4);
    d->ipv4Private = a.firstOf({k_ipv4_address_private, k_private_ip});
    unique(a_ipv4_private, d->ipv4Private);
    shared(a_image, a.firstOf({k_image, k_ami}));
    shared(a_vcpus, a.get(k_vcpus));
    shared(a_memory_mb, a.get(k_memory));
    unique(a_dns_name, a.get(k_dns_name));
    if (type == "digitalocean_record") {
        shared(a_domain, a.get(k_domain));
        shared(a_record_type, a.get(k_type));
        // An MX or SRV record's priority (0 or null for the other types).
        if (a.get(k_type) == "MX" || a.get(k_type) == "SRV")
            shared(a_priority, a.get(k_priority));
        unique(a_value, a.get(k_value));
        shared(a_ttl, a.get(k_ttl));
    } else if (type == "digitalocean_domain") {
        shared(a_ttl, a.get(k_ttl));
    } else if (type == "aws_lb" || type == "aws_alb") {
        shared(a_load_balancer_type, a.get(k_load_balancer_type));
    }
    if (type == "digitalocean_loadbalancer")
        text(a_ports, a.nested(k_forwarding_rule, "entry_port"));
    if (type == "digitalocean_firewall")
        text(a_inbound_rules, digitalOceanRules(a));
    else if (type == "aws_security_group")
        text(a_inbound_rules, securityGroupRules(a));
    else if (type == "digitalocean_database_firewall")
        text(a_trusted_sources, trustedSources(a));
    if (type == "heroku_addon")
        shared(a_plan, a.get(k_plan));
    if (type == "heroku_app")
        shared(a_stack, a.get(k_stack));
    if (type == "heroku_formation")
        shared(a_quantity, a.get(k_quantity));
    unique(a_fingerprint, a.get(k_fingerprint));

    slab.assign();
    r.attributes.reserve(std::popcount(set));
    const auto &names = attributeNames();
    for (int i = 0; i < kAttributeCount; ++i)
        if (!values[size_t(i)].isEmpty())
            r.attributes.appendSorted(names[size_t(i)], std::move(values[size_t(i)]));
}

std::string indexSuffix(ondemand::value v)
{
    std::string out = "[";
    if (v.type() == ondemand::json_type::string) {
        const std::string_view s = v.get_string();
        out += '"';
        for (char c : s) {
            if (c == '\\' || c == '"')
                out += '\\';
            out += c;
        }
        out += '"';
    } else {
        out += trimmed(v.raw_json_token());
    }
    out += ']';
    return out;
}

} // namespace
} // namespace Ferry::TfState
