// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform state reader: what it knows of Terraform's resource types — which it
// imports, skips or keeps as relationships, their providers — and how a type's attributes become
// a resource's fields (describe(), tfstatetypes.cpp).

#include "resource.h"
#include "stringslab.h"
#include "tfstatearena.h"
#include "tfstateflat.h"

#include <QStringList>

namespace Ferry::TfState {
namespace {

/// Relationship types (attachments, assignments, project resources, pipeline couplings): their
/// instances become dependencies, not resources.
extern const QStringList kRelationshipTypes;

/// The provider of a Terraform type (`digitalocean`, `heroku`, `aws`), empty for others.
QString providerOf(const QString &type);
/// Why a managed resource of `type` is skipped, or empty when it is imported.
QString skipReason(const QString &type);

/// What describe() chose, in UTF-8, for the dependency pass's indexes.
struct Described
{
    std::string_view name;
    std::string_view ipv4;
    std::string_view ipv4Private;
};

/// The fields of each element of the list of objects `k`, by element index: field → values
/// (one for a scalar, each element's for a list of scalars).
inline std::map<int32_t, std::map<std::string_view, std::vector<std::string_view>>>
elements(const Attrs &a, Key k)
{
    std::map<int32_t, std::map<std::string_view, std::vector<std::string_view>>> out;
    a.forEach(k, [&](const FlatEntry &e) {
        if (e.index >= 0 && !e.sub.empty())
            out[e.index][e.sub].push_back(e.value);
    });
    return out;
}

/// The first value of `name` among an element's `fields`, empty when it has none.
inline QString first(const std::map<std::string_view, std::vector<std::string_view>> &fields,
                     std::string_view name)
{
    const auto it = fields.find(name);
    return it == fields.end() || it->second.empty() ? QString() : qs(it->second.front());
}

/// Calls `f` with each source of a firewall's rules that names a resource by its native id
/// (droplets, load balancers, clusters, apps, security groups), for the dependency pass.
template<typename F> void ruleSourceIds(std::string_view type, const Flat &flat, F &&f)
{
    if (type == "digitalocean_firewall") {
        flat.forEach(k_inbound_rule, [&](const FlatEntry &e) {
            if (e.sub == "source_droplet_ids" || e.sub == "source_load_balancer_uids" ||
                e.sub == "source_kubernetes_ids")
                f(e.value);
        });
    } else if (type == "aws_security_group") {
        flat.forEach(k_ingress, [&](const FlatEntry &e) {
            if (e.sub == "security_groups")
                f(e.value);
        });
    } else if (type == "digitalocean_database_firewall") {
        const Attrs a{&flat};
        for (const auto &[index, fields] : elements(a, k_rule)) {
            const QString t = first(fields, "type");
            if (t == QLatin1String("droplet") || t == QLatin1String("k8s") ||
                t == QLatin1String("app"))
                if (const auto it = fields.find("value"); it != fields.end())
                    for (std::string_view v : it->second)
                        f(v);
        }
    }
}

/// The tags of the resource read last, to share them with the next one: the instances of a
/// block (count, for_each) mostly carry the same tags, and a copied StringMap costs no
/// allocation.
struct TagCache
{
    std::string key;     ///< the tags' texts as read, each followed by a NUL
    std::string scratch; ///< the same for the resource being read
    StringMap tags;
};

/// Fills a resource's planner-facing fields from its attributes; `type` is its Terraform type,
/// `blockName` the name of its resource block (the name when the attributes give none). Texts
/// many resources share (regions, sizes, versions, tags) come from `in`; the resource's own texts
/// (name, ids, addresses) go through `slab` with whatever the caller queued there, and are
/// assigned here.
void describe(Resource &r, std::string_view type, std::string_view blockName, const Attrs &a,
              Interner &in, StringSlab &slab, TagCache &tagCache, Described *d);

/// The `[index]` suffix of an instance address, as Terraform prints it: `[0]`, `["key"]`.
std::string indexSuffix(ondemand::value v);

} // namespace
} // namespace Ferry::TfState
