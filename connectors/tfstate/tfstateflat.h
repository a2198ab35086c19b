// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform state reader: one instance's attributes flattened as Terraform's v3
// flatmap addresses them (Flat, FlatEntry), and the typed look at them (Attrs).

#include "tfstatekeys.h"

namespace Ferry::TfState {
namespace {

using namespace simdjson; // simdjson's names, within the reader's own namespace only

/// One flattened attribute value, as Terraform's v3 "flatmap" would address it: `key` alone
/// (a scalar), `key.<index>` (a list or set element), `key.<sub>` (a map entry) or
/// `key.<index>.<sub>` (a field of a list of objects). Views point into the input or simdjson's
/// string buffer while an instance is read, into the reader's arena afterwards.
struct FlatEntry
{
    std::string_view sub; ///< map key or object field, empty when none
    std::string_view value;
    int32_t index; ///< element index, -1 when not a list element
    Key key;
    uint32_t next = UINT32_MAX; ///< next entry of the same key, in source order
};

/// The attributes read from one instance, chained per key in source order (no sorting).
class Flat
{
public:
    Flat() { clear(); }
    void clear()
    {
        m_entries.clear();
        m_first.fill(UINT32_MAX);
    }
    void add(Key key, int32_t index, std::string_view sub, std::string_view value)
    {
        const auto i = uint32_t(m_entries.size());
        m_entries.push_back({sub, value, index, key});
        if (m_first[key] == UINT32_MAX)
            m_first[key] = i;
        else
            m_entries[m_last[key]].next = i;
        m_last[key] = i;
    }
    template<typename F> void forEach(Key k, F &&f) const
    {
        for (uint32_t i = m_first[k]; i != UINT32_MAX; i = m_entries[i].next)
            f(m_entries[i]);
    }
    const std::vector<FlatEntry> &entries() const { return m_entries; }

private:
    std::vector<FlatEntry> m_entries;
    std::array<uint32_t, kKeyCount> m_first;
    std::array<uint32_t, kKeyCount> m_last{};
};

/// Values that must never be copied even from a wanted key (a connection URI with a password).
inline bool looksSecret(std::string_view v)
{
    const auto scheme = v.find("://");
    if (scheme == std::string_view::npos)
        return false;
    const auto at = v.find('@', scheme);
    const auto colon = v.find(':', scheme + 3);
    return at != std::string_view::npos && colon != std::string_view::npos && colon < at;
}

inline std::string_view trimmed(std::string_view s)
{
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// A scalar's text (string unescaped, number or boolean as written); nullopt for null and for
/// arrays and objects.
inline std::optional<std::string_view> scalarText(ondemand::value v)
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
inline void flatten(Key key, ondemand::value v, Flat &out)
{
    switch (v.type()) {
    case ondemand::json_type::array: {
        int32_t i = 0;
        for (auto element : v.get_array()) {
            ondemand::value e = element.value();
            if (e.type() == ondemand::json_type::object) {
                for (auto field : e.get_object()) {
                    std::string_view sub = field.unescaped_key();
                    ondemand::value fv = field.value();
                    if (fv.type() == ondemand::json_type::array) {
                        // A field's list of scalars (a firewall rule's source_addresses): one
                        // entry per element, under the element's index and the field's name.
                        for (auto inner : fv.get_array())
                            if (auto text = scalarText(inner.value()))
                                out.add(key, i, sub, *text);
                    } else if (auto text = scalarText(fv)) {
                        out.add(key, i, sub, *text);
                    }
                }
            } else if (auto text = scalarText(e)) {
                out.add(key, i, {}, *text);
            }
            ++i;
        }
        break;
    }
    case ondemand::json_type::object:
        for (auto field : v.get_object()) {
            std::string_view sub = field.unescaped_key();
            if (auto text = scalarText(field.value()))
                out.add(key, -1, sub, *text);
        }
        break;
    default:
        if (auto text = scalarText(v))
            out.add(key, -1, {}, *text);
    }
}

/// Adds a v3 flatmap attribute (`tags.%`, `ssh_keys.0`, `forwarding_rule.1234.entry_port`).
inline void addFlatmap(std::string_view name, std::string_view value, Flat &out)
{
    const auto dot = name.find('.');
    const Key key = keyOf(name.substr(0, dot));
    if (key == kKeyCount || looksSecret(value))
        return;
    if (dot == std::string_view::npos) {
        out.add(key, -1, {}, value);
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
        out.add(key, -1, rest, value); // a map entry
        return;
    }
    // A list index, or a set element's hash: only the order matters.
    const int32_t index =
        int32_t(std::strtoul(std::string(first).c_str(), nullptr, 10) & 0x7fffffff);
    if (dot2 == std::string_view::npos) {
        out.add(key, index, {}, value);
        return;
    }
    const std::string_view field = rest.substr(dot2 + 1);
    const auto dot3 = field.find('.');
    if (dot3 == std::string_view::npos) {
        out.add(key, index, field, value);
        return;
    }
    // A field's list of scalars (`ingress.2214680975.cidr_blocks.0`), as flatten() keeps it.
    const std::string_view element = field.substr(dot3 + 1);
    if (!element.empty() &&
        std::all_of(element.begin(), element.end(), [](char c) { return c >= '0' && c <= '9'; }))
        out.add(key, index, field.substr(0, dot3), value);
}

/// Attributes that relate a resource to others, kept for the dependency pass.
inline bool isReference(Key k)
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
    case k_urn:
    case k_cluster_id:
        return true;
    default:
        return false;
    }
}

/// Read access to attributes: those of the instance being read (a Flat), or the references kept
/// of an instance read earlier (a range of entries).
struct Attrs
{
    const Flat *flat = nullptr;
    const FlatEntry *begin = nullptr;
    const FlatEntry *end = nullptr;

    template<typename F> void forEach(Key k, F &&f) const
    {
        if (flat) {
            flat->forEach(k, f);
            return;
        }
        for (const FlatEntry *e = begin; e != end; ++e)
            if (e->key == k)
                f(*e);
    }
    /// The scalar value of `k`, empty when absent.
    std::string_view get(Key k) const
    {
        std::string_view out;
        bool found = false;
        forEach(k, [&](const FlatEntry &e) {
            if (!found && e.index < 0 && e.sub.empty()) {
                out = e.value;
                found = true;
            }
        });
        return out;
    }
    /// The first of `keys` with a non-empty scalar value.
    std::string_view firstOf(std::initializer_list<Key> keys) const
    {
        for (Key k : keys)
            if (const auto v = get(k); !v.empty())
                return v;
        return {};
    }
    /// Calls `f` with each element of a list or set of scalars.
    template<typename F> void list(Key k, F &&f) const
    {
        forEach(k, [&](const FlatEntry &e) {
            if (e.index >= 0 && e.sub.empty())
                f(e.value);
        });
    }
    /// `field` of each element of a list of objects, joined with ", ".
    QString nested(Key k, std::string_view field) const
    {
        std::string out;
        forEach(k, [&](const FlatEntry &e) {
            if (e.index >= 0 && e.sub == field) {
                if (!out.empty())
                    out += ", ";
                out += e.value;
            }
        });
        return QString::fromUtf8(out.data(), qsizetype(out.size()));
    }
};

inline QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace
} // namespace Ferry::TfState
