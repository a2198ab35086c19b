// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform state reader (connectors/tfstate/): the attribute names it reads,
// looked up by a table the compiler builds (keyOf(), keyOfField()), and the attributes it writes
// (Attribute, attributeNames()).
//
// The reader's files (tfstatetypes.cpp, tfstatereader.cpp, tfstateimport.cpp) are compiled as
// one unit (UNITY_GROUP tfstate, connectors/CMakeLists.txt) and everything they share is in an
// anonymous namespace: with internal linkage the compiler inlines and specialises the hot path
// as it did when the reader was one file; with external linkage the import took 5–10 % longer
// (docs/performance.md, 2026-12-04). Only readState() (tfstateimport.h) is seen outside.

#include "escaping.h"

#include <QString>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Ferry::TfState {
namespace {

using namespace simdjson; // simdjson's names, within the reader's own namespace only

/// True when `text` (UTF-8) holds a control character (Escape::isControl()).
inline bool hasControl(std::string_view text)
{
    for (unsigned char c : text)
        if (c < 0x20 || c >= 0x7F) // only then is the exact test needed
            return Escape::hasControl(QString::fromUtf8(text.data(), qsizetype(text.size())));
    return false;
}

/// The error for an address holding a control character.
inline QString controlInAddress(const std::string &address)
{
    return QStringLiteral("the address \"%1\" holds a control character; refused")
        .arg(Escape::visible(QString::fromUtf8(address.data(), qsizetype(address.size()))));
}

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
                                                    X(fqdn) X(hostname) X(status)  \
                                                        X(ingress) X(rule) X(cluster_id)   \
                                                            X(clone_url_http)              \
                                                                X(cluster_identifier)      \
                                                                    X(number_of_nodes)     \
                                                                        X(cluster_version) \
                                                                            X(quantity)    \
                                                                                X(priority)
// clang-format on

enum Key : uint8_t {
#define FERRY_TF_KEY_ENUM(k) k_##k,
    FERRY_TF_KEYS(FERRY_TF_KEY_ENUM)
#undef FERRY_TF_KEY_ENUM
        kKeyCount,
    // What describe() chose, kept with the references for the dependency pass's indexes.
    kChosenIpv4,
    kChosenIpv4Private,
    kChosenName,
    kRuleSource, ///< a firewall rule's source named by native id (ruleSourceIds())
};

/// `n` (≤ 8) bytes at `p` as a little-endian integer.
constexpr uint64_t loadLittleEndian(const char *p, size_t n)
{
    uint64_t v = 0;
    if (std::is_constant_evaluated()) {
        for (size_t i = 0; i < n; ++i)
            v |= uint64_t(uint8_t(p[i])) << (8 * i);
    } else {
        std::memcpy(&v, p, n); // x86-64 and ARM64 are little-endian
        if constexpr (std::endian::native == std::endian::big)
            v = __builtin_bswap64(v) >> (64 - 8 * n);
    }
    return v;
}

inline constexpr size_t kKeySlots = 512;

/// Slot of an attribute name in kKeyTable: its first and last (up to) eight bytes and its
/// length, multiplied into the top bits — a few instructions whatever the length.
constexpr size_t keySlot(std::string_view s)
{
    const char *p = s.data();
    const size_t n = s.size();
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        a = loadLittleEndian(p, 8);
        b = loadLittleEndian(p + n - 8, 8);
    } else if (n >= 4) {
        a = loadLittleEndian(p, 4);
        b = loadLittleEndian(p + n - 4, 4);
    } else if (n > 0) {
        a = uint64_t(uint8_t(p[0])) | uint64_t(uint8_t(p[n / 2])) << 8 |
            uint64_t(uint8_t(p[n - 1])) << 16;
    }
    const uint64_t h = (a * 0x9E3779B97F4A7C15u) ^ (b * 0xC2B2AE3D27D4EB4Fu) ^ (n << 7);
    return size_t((h ^ (h >> 29)) * 0x165667B19E3779F9u >> 55) & (kKeySlots - 1);
}

struct KeySlot
{
    std::string_view name;
    Key key = kKeyCount;
};

/// The attribute names Ferry reads, by keySlot() with linear probing; built by the compiler.
inline constexpr std::array<KeySlot, kKeySlots> kKeyTable = [] {
    std::array<KeySlot, kKeySlots> t{};
    uint8_t i = 0;
    auto put = [&](std::string_view n) {
        size_t h = keySlot(n);
        while (!t[h].name.empty())
            h = (h + 1) & (kKeySlots - 1);
        t[h] = {n, Key(i++)};
    };
#define FERRY_TF_KEY_NAME(k) put(#k);
    FERRY_TF_KEYS(FERRY_TF_KEY_NAME)
#undef FERRY_TF_KEY_NAME
    return t;
}();

/// Per name length, a bit for each first letter (its low six bits) some read name has: most
/// attributes of an instance are not read, and this rejects them before the table.
inline constexpr std::array<uint64_t, 33> kKeyFirstLetters = [] {
    std::array<uint64_t, 33> f{};
#define FERRY_TF_KEY_LETTER(k) f[sizeof(#k) - 1] |= uint64_t(1) << (#k[0] & 63);
    FERRY_TF_KEYS(FERRY_TF_KEY_LETTER)
#undef FERRY_TF_KEY_LETTER
    return f;
}();

/// Key of a top-level attribute name, or kKeyCount when Ferry does not read it. The walk asks
/// this for every attribute of every instance.
inline Key keyOf(std::string_view name)
{
    if (name.empty() || name.size() > 32 || !(kKeyFirstLetters[name.size()] >> (name[0] & 63) & 1))
        return kKeyCount;
    for (size_t h = keySlot(name);; h = (h + 1) & (kKeySlots - 1)) {
        if (kKeyTable[h].name.empty())
            return kKeyCount;
        if (kKeyTable[h].name == name)
            return kKeyTable[h].key;
    }
}

/// keyOf() of an object field's name, read in place: most attribute names are not read, and
/// unescaping each one into simdjson's string buffer cost more than looking it up. A name with
/// a backslash is unescaped first.
inline Key keyOfField(ondemand::field &field)
{
    // The name ends at the first quote; names Ferry reads are at most 32 bytes, so looking at 33
    // is enough (the padded input always has them: the name is followed by `":`, and simdjson's
    // padding follows the document).
    const char *raw = field.key().raw();
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(raw));
    const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i *>(raw + 16));
    const uint64_t ends = uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote)))) |
                          uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(y, quote)))) << 16 |
                          uint64_t(raw[32] == '"') << 32;
    const uint64_t escapes = uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(x, backslash)))) |
                             uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(y, backslash))))
                                 << 16 |
                             uint64_t(raw[32] == '\\') << 32;
    // As a byte-by-byte look would: whichever of a quote and a backslash comes first decides.
    const int end = ends ? std::countr_zero(ends) : 33;
    if (escapes & ((uint64_t(1) << end) - 1))
        return keyOf(field.unescaped_key());
    if (!ends)
        return kKeyCount; // longer than any name read
    return keyOf(std::string_view(raw, size_t(end)));
#else
    for (size_t n = 0; n <= 32; ++n) {
        if (raw[n] == '"')
            return keyOf(std::string_view(raw, n));
        if (raw[n] == '\\')
            return keyOf(field.unescaped_key());
    }
    return kKeyCount;
#endif
}

// The attributes Ferry writes, in the order of their names (QString order: '_' < 'a'), so that a
// resource's StringMap is built by appending, with no search or move.
// clang-format off
#define FERRY_ATTRIBUTES(X)                                                                        \
    X(cidr) X(clone_url) X(disk_gb) X(dns_name) X(domain) X(engine) X(fingerprint) X(image) X(inbound_rules)    \
    X(ipv4) X(ipv4_private) X(load_balancer_type) X(memory_mb) X(node_count) X(node_pool_sizes)    \
    X(plan) X(ports) X(priority) X(provider_id) X(quantity) X(record_type) X(stack) X(trusted_sources) X(ttl)  \
    X(urn)                                                                                         \
    X(value) X(vcpus) X(version)
// clang-format on

enum Attribute : uint8_t {
#define FERRY_ATTRIBUTE_ENUM(a) a_##a,
    FERRY_ATTRIBUTES(FERRY_ATTRIBUTE_ENUM)
#undef FERRY_ATTRIBUTE_ENUM
        kAttributeCount
};

inline const std::array<QString, kAttributeCount> &attributeNames()
{
    static const std::array<QString, kAttributeCount> names = {
#define FERRY_ATTRIBUTE_NAME(a) QStringLiteral(#a),
        FERRY_ATTRIBUTES(FERRY_ATTRIBUTE_NAME)
#undef FERRY_ATTRIBUTE_NAME
    };
    return names;
}

} // namespace
} // namespace Ferry::TfState
