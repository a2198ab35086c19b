// SPDX-License-Identifier: MIT
#include "tfstateimporter.h"

#include "escaping.h"
#include "firewallrules.h"
#include "jsonstream.h"
#include "jsonvalidator.h"
#include "resourcekind.h"
#include "stringslab.h"

#include <QFile>
#include <QHash>
#include <QHashFunctions>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <unordered_map>
#include <vector>

namespace Ferry {

namespace {

/// True when `text` (UTF-8) holds a control character (Escape::isControl()).
bool hasControl(std::string_view text)
{
    for (unsigned char c : text)
        if (c < 0x20 || c >= 0x7F) // only then is the exact test needed
            return Escape::hasControl(QString::fromUtf8(text.data(), qsizetype(text.size())));
    return false;
}

/// The error for an address holding a control character.
QString controlInAddress(const std::string &address)
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

constexpr size_t kKeySlots = 512;

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
constexpr std::array<KeySlot, kKeySlots> kKeyTable = [] {
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
constexpr std::array<uint64_t, 33> kKeyFirstLetters = [] {
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
Key keyOfField(ondemand::field &field)
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
void addFlatmap(std::string_view name, std::string_view value, Flat &out)
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

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

/// Copies of the texts the reader keeps after an instance's input is gone, in large blocks.
class Arena
{
public:
    std::string_view copy(std::string_view s)
    {
        if (s.empty())
            return {};
        char *p = allocate(s.size());
        std::memcpy(p, s.data(), s.size());
        return {p, s.size()};
    }
    /// Takes over the texts of `other`, which stay where they are.
    void absorb(Arena &&other)
    {
        for (auto &b : other.m_blocks)
            m_blocks.push_back(std::move(b));
        other.m_blocks.clear();
        other.m_next = nullptr;
        other.m_left = 0;
    }

private:
    char *allocate(size_t n)
    {
        if (n > m_left) {
            const size_t size = std::max<size_t>(n, 256 * 1024);
            m_blocks.emplace_back(new char[size]);
            m_next = m_blocks.back().get();
            m_left = size;
        }
        char *p = m_next;
        m_next += n;
        m_left -= n;
        return p;
    }

    std::vector<std::unique_ptr<char[]>> m_blocks;
    char *m_next = nullptr;
    size_t m_left = 0;
};

/// Fixed places for values the reader keeps (references, dependency lists, block facts):
/// allocated in runs of `n` that never move, so readers of separate batches can hand theirs over
/// whole and pointers into them stay valid.
template<typename T> class Pool
{
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    T *allocate(size_t n)
    {
        if (n > m_left) {
            const size_t size = std::max<size_t>(n, 16384 / sizeof(T) + 1);
            m_chunks.emplace_back(new T[size]);
            m_next = m_chunks.back().get();
            m_left = size;
        }
        T *p = m_next;
        m_next += n;
        m_left -= n;
        return p;
    }
    /// Takes over the values of `other`, which stay where they are.
    void absorb(Pool &&other)
    {
        for (auto &c : other.m_chunks)
            m_chunks.push_back(std::move(c));
        other.m_chunks.clear();
        other.m_next = nullptr;
        other.m_left = 0;
    }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    T *m_next = nullptr;
    size_t m_left = 0;
};

/// One QString per distinct text (types, regions, sizes, versions, tags…), shared by every
/// resource that has it: no allocation or UTF-16 conversion after the first.
class Interner
{
public:
    explicit Interner(Arena &arena)
        : m_arena(arena)
    {}
    const QString &get(std::string_view s)
    {
        if (s.empty())
            return m_empty;
        // Neighbouring resources repeat the same texts: a small direct-mapped cache in front of
        // the hash table answers most look-ups with one compare.
        Slot &slot =
            m_cache[(s.size() * 31 + uint8_t(s.front()) * 7 + uint8_t(s.back())) % m_cache.size()];
        if (slot.text == s)
            return *slot.string;
        auto it = m_map.find(s);
        if (it == m_map.end()) {
            const auto key = m_arena.copy(s);
            it = m_map.emplace(key, qs(key)).first;
        }
        slot = {it->first, &it->second};
        return it->second;
    }
    /// Forgets every text (the QStrings handed out stay valid: they are shared).
    void clear()
    {
        m_map = {};
        m_cache.fill({});
    }

private:
    struct Slot
    {
        std::string_view text;
        const QString *string = nullptr;
    };
    Arena &m_arena;
    std::unordered_map<std::string_view, QString> m_map;
    std::array<Slot, 251> m_cache{};
    QString m_empty;
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

/// What describe() chose, in UTF-8, for the dependency pass's indexes.
struct Described
{
    std::string_view name;
    std::string_view ipv4;
    std::string_view ipv4Private;
};

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

const std::array<QString, kAttributeCount> &attributeNames()
{
    static const std::array<QString, kAttributeCount> names = {
#define FERRY_ATTRIBUTE_NAME(a) QStringLiteral(#a),
        FERRY_ATTRIBUTES(FERRY_ATTRIBUTE_NAME)
#undef FERRY_ATTRIBUTE_NAME
    };
    return names;
}

/// The fields of each element of the list of objects `k`, by element index: field → values
/// (one for a scalar, each element's for a list of scalars).
std::map<int32_t, std::map<std::string_view, std::vector<std::string_view>>>
elements(const Attrs &a, Key k)
{
    std::map<int32_t, std::map<std::string_view, std::vector<std::string_view>>> out;
    a.forEach(k, [&](const FlatEntry &e) {
        if (e.index >= 0 && !e.sub.empty())
            out[e.index][e.sub].push_back(e.value);
    });
    return out;
}

QString first(const std::map<std::string_view, std::vector<std::string_view>> &fields,
              std::string_view name)
{
    const auto it = fields.find(name);
    return it == fields.end() || it->second.empty() ? QString() : qs(it->second.front());
}

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

/// Fills a resource's planner-facing fields from its attributes; `type` is its Terraform type,
/// `blockName` the name of its resource block (the name when the attributes give none). Texts
/// many resources share (regions, sizes, versions, tags) come from `in`; the resource's own texts
/// (name, ids, addresses) go through `slab` with whatever the caller queued there, and are
/// assigned here.
/// The tags of the resource read last, to share them with the next one: the instances of a
/// block (count, for_each) mostly carry the same tags, and a copied StringMap costs no
/// allocation.
struct TagCache
{
    std::string key;     ///< the tags' texts as read, each followed by a NUL
    std::string scratch; ///< the same for the resource being read
    StringMap tags;
};

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

/// The `[index]` suffix of an instance address, as Terraform prints it: `[0]`, `["key"]`.
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

/// What the dependency pass needs of a block, in the reader's arena.
struct BlockInfo
{
    std::string_view type, base;
    uint8_t providerIndex; ///< which of StateReader::m_byNativeId
};

/// A resource block of the state (`module`, `mode`, `type`, `name`), classified once for all of
/// its instances.
struct Block
{
    std::string module, mode, type, name;
    QString qtype;    ///< interned
    QString provider; ///< `digitalocean`, `heroku`, `aws` or empty
    QString skip;     ///< why its instances are skipped, empty when they are imported
    bool relation = false;
    bool readAttributes = false;
    std::string base;                ///< address without index key: `[module.][data.]type.name`
    const BlockInfo *info = nullptr; ///< in the reader's pool
};

/// A reference attribute kept for the dependency pass (a scalar or a list element).
struct Ref
{
    std::string_view value;
    int32_t index; ///< element index, -1 for a scalar
    Key key;
};

/// The references of one kept instance.
struct Refs
{
    const Ref *begin;
    const Ref *end;

    std::string_view get(Key k) const
    {
        for (const Ref *r = begin; r != end; ++r)
            if (r->key == k && r->index < 0)
                return r->value;
        return {};
    }
    template<typename F> void list(Key k, F &&f) const
    {
        for (const Ref *r = begin; r != end; ++r)
            if (r->key == k && r->index >= 0)
                f(r->value);
    }
};

/// An instance kept for the dependency pass: a resource or a relationship instance.
struct Kept
{
    int32_t resource = -1; ///< index into StateReader::m_resources, -1 for a relationship
    const BlockInfo *block = nullptr;
    const Ref *refs = nullptr, *refsEnd = nullptr;              ///< its reference attributes
    const std::string_view *deps = nullptr, *depsEnd = nullptr; ///< its Terraform dependencies
    std::string_view address;                                   ///< full address, in the arena
};

struct Edge
{
    int32_t from;
    int32_t to;
    DependencyKind kind;
    QString reason;
};

/// Makes room in `v` for `n` more elements, at least doubling its capacity when it grows.
template<typename T> void growFor(std::vector<T> &v, size_t n)
{
    if (v.size() + n > v.capacity())
        v.reserve(std::max(v.size() + n, 2 * v.capacity()));
}

/// A text in the reader's arena as a QHash key.
struct Text
{
    std::string_view s;
    bool operator==(const Text &) const = default;
};
size_t qHash(Text t, size_t seed = 0)
{
    // std::hash (MurmurHash2 in libstdc++) is several times faster than qHashBits' SipHash on
    // these short ids; the inputs are the user's own files, so hash flooding is not a concern.
    return std::hash<std::string_view>()(t.s) ^ seed;
}

/// Reads the resources of one state straight into an inventory, then infers dependencies.
class StateReader
{
public:
    StateReader(QString fileName, ImportReport *report, Inventory *out)
        : m_file(std::move(fileName))
        , m_report(report)
        , m_out(out)
        , m_hint(out->resources.end())
    {}

    int version = 0;

    /// Appends what `other` read (into its own inventory and report) after what this reader
    /// read: its resources move into this reader's inventory (nodes spliced, not copied; a later
    /// instance of an address already there replaces it), its texts, instances and skipped list
    /// follow. Readers of consecutive batches absorbed in order give what one reader would have.
    void absorb(StateReader &&other);

    /// Reads a v4 resource block parsed as one document (module, mode, type, name, instances).
    void readV4Resource(ondemand::document &doc)
    {
        Block b;
        bool instancesLater = false;
        for (auto field : doc.get_object()) {
            const std::string_view key = field.unescaped_key();
            if (readHeaderField(b, key, field.value()))
                continue;
            if (key == "instances") {
                if (b.type.empty()) { // not where Terraform writes it: read it again below
                    instancesLater = true;
                    continue;
                }
                classify(b);
                for (auto inst : field.value().get_array())
                    readInstance(b, inst.get_object());
            }
        }
        if (instancesLater) {
            doc.rewind();
            classify(b);
            for (auto field : doc.get_object())
                if (std::string_view(field.unescaped_key()) == "instances")
                    for (auto inst : field.value().get_array())
                        readInstance(b, inst.get_object());
        }
    }

    /// Reads a header field of a resource block; false when `key` is not one.
    static bool readHeaderField(Block &b, std::string_view key, ondemand::value v)
    {
        if (key != "module" && key != "mode" && key != "type" && key != "name")
            return false;
        setHeaderField(b, key, v.get_string());
        return true;
    }
    /// Sets header field `key` (module, mode, type or name) of `b`.
    static void setHeaderField(Block &b, std::string_view key, std::string_view value)
    {
        (key == "module" ? b.module
         : key == "mode" ? b.mode
         : key == "type" ? b.type
                         : b.name) = value;
    }

    void classify(Block &b)
    {
        const bool data = b.mode == "data";
        b.qtype = m_intern.get(b.type);
        b.provider = providerOf(b.qtype);
        b.skip = data ? QStringLiteral("data source") : skipReason(b.qtype);
        b.relation = !data && kRelationshipTypes.contains(b.qtype);
        b.readAttributes = b.relation || b.skip.isEmpty();
        b.base.clear();
        if (!b.module.empty())
            b.base += b.module + '.';
        if (data)
            b.base += "data.";
        b.base += b.type + '.' + b.name;

        const uint8_t providerIndex = b.provider == QLatin1String("digitalocean") ? 0
                                      : b.provider == QLatin1String("heroku")     ? 1
                                      : b.provider == QLatin1String("aws")        ? 2
                                                                                  : 3;
        b.info = new (m_blockPool.allocate(1))
            BlockInfo{m_arena.copy(b.type), m_arena.copy(b.base), providerIndex};
        m_refersByIp =
            m_refersByIp || b.type == "digitalocean_record" || b.type.ends_with("_ip_assignment");
        m_refersByDomain = m_refersByDomain || b.type == "digitalocean_record";
        m_refersByUrn = m_refersByUrn || b.type == "digitalocean_project_resources";
    }

    /// Reads one v4 instance of block `b` (classified).
    void readInstance(const Block &b, ondemand::object inst)
    {
        m_flat.clear();
        m_index.clear();
        m_instanceDeps.clear();
        for (auto f : inst) {
            const std::string_view k = f.unescaped_key();
            if (k == "index_key") {
                m_index = indexSuffix(f.value());
            } else if (k == "attributes" && b.readAttributes) {
                for (ondemand::field attr : f.value().get_object()) {
                    const Key key = keyOfField(attr);
                    if (key != kKeyCount)
                        flatten(key, attr.value(), m_flat);
                }
            } else if (k == "dependencies") {
                for (auto d : f.value().get_array())
                    m_instanceDeps.push_back(m_arena.copy(d.get_string()));
            }
        }
        finishInstance(b);
    }

    /// Reads one v3 module (`path`, `resources` keyed `[data.]TYPE.NAME[.INDEX]`).
    void readV3Module(ondemand::object obj)
    {
        std::vector<std::string> path;
        for (auto field : obj) {
            const std::string_view key = field.unescaped_key();
            if (key == "path") {
                for (auto p : field.value().get_array())
                    path.emplace_back(std::string_view(p.get_string()));
            } else if (key == "resources") {
                std::string module;
                for (size_t i = 1; i < path.size(); ++i)
                    module += "module." + path[i] + '.';
                for (auto res : field.value().get_object()) {
                    const std::string key3(std::string_view(res.unescaped_key()));
                    readV3Resource(module, key3, res.value().get_object());
                }
            }
        }
    }

    void readV3Resource(const std::string &module, std::string_view key, ondemand::object obj)
    {
        std::vector<std::string_view> parts;
        for (size_t start = 0;;) {
            const size_t dot = key.find('.', start);
            parts.push_back(key.substr(start, dot == std::string_view::npos ? dot : dot - start));
            if (dot == std::string_view::npos)
                break;
            start = dot + 1;
        }
        Block b;
        if (!parts.empty() && parts.front() == "data") {
            b.mode = "data";
            parts.erase(parts.begin());
        }
        m_index.clear();
        if (parts.size() >= 3) {
            const std::string_view last = parts.back();
            if (!last.empty() && std::all_of(last.begin(), last.end(),
                                             [](char c) { return c >= '0' && c <= '9'; })) {
                m_index = '[' + std::string(last) + ']';
                parts.pop_back();
            }
        }
        if (!module.empty())
            b.module = module.substr(0, module.size() - 1);
        b.type = parts.empty() ? std::string() : std::string(parts.front());
        for (size_t i = 1; i < parts.size(); ++i) {
            if (i > 1)
                b.name += '.';
            b.name += parts[i];
        }
        classify(b);
        m_flat.clear();
        m_instanceDeps.clear();
        for (auto field : obj) {
            const std::string_view k = field.unescaped_key();
            if (k == "depends_on") {
                for (auto d : field.value().get_array())
                    m_instanceDeps.push_back(m_arena.copy(
                        m_address.assign(module).append(std::string_view(d.get_string()))));
            } else if (k == "primary") {
                for (auto pf : field.value().get_object()) {
                    if (std::string_view(pf.unescaped_key()) != "attributes")
                        continue;
                    for (auto attr : pf.value().get_object()) {
                        const std::string_view ak = attr.unescaped_key();
                        ondemand::value v = attr.value();
                        if (v.type() == ondemand::json_type::string)
                            addFlatmap(ak, v.get_string(), m_flat);
                    }
                }
            }
        }
        finishInstance(b);
    }

    /// Infers the dependencies between the resources read and adds them to the inventory; with a
    /// `pool`, half of the edge inference runs on one of its threads (same result).
    void build(QThreadPool *pool = nullptr);

    /// The first address read that holds a control character (empty when none): such an id is
    /// refused; the caller says where.
    const std::string &badAddress() const { return m_badAddress; }

    /// Frees what only reading needs (the interner's table, scratch buffers), on the thread that
    /// allocated it, and lets go of the slab's last chunk; the texts and resources read stay.
    void releaseScratch()
    {
        m_intern.clear();
        m_flat = Flat();
        m_instanceDeps = {};
        m_index = {};
        m_address = {};
        m_slab.release();
        m_tagCache = {};
    }

private:
    /// Turns the instance just read (attributes in m_flat, index key in m_index) into a resource
    /// of the inventory, or a relationship kept for build().
    void finishInstance(const Block &b)
    {
        m_address.assign(b.base).append(m_index);
        if (m_badAddress.empty() && hasControl(m_address))
            m_badAddress = m_address;
        if (!b.skip.isEmpty() && !b.relation) {
            m_report->skipped.append(qs(m_address) + QStringLiteral(" — ") + b.skip);
            return;
        }
        Kept k;
        Described d;
        k.block = b.info;
        k.address = m_arena.copy(m_address);
        std::string_view *deps = m_depPool.allocate(m_instanceDeps.size());
        std::copy(m_instanceDeps.begin(), m_instanceDeps.end(), deps);
        k.deps = deps;
        k.depsEnd = deps + m_instanceDeps.size();
        if (!b.relation) {
            // The resource's own texts share one buffer (StringSlab).
            Resource made;
            QString id;
            m_slab.add(&id, m_address, u"tf:");
            m_slab.add(&made.sourceAddress, m_address);
            made.type = b.qtype;
            made.provider = b.provider;
            made.sourceFile = m_file;
            describe(made, b.type, std::string_view(b.base).substr(b.base.rfind('.') + 1),
                     Attrs{&m_flat}, m_intern, m_slab, m_tagCache, &d);
            // Into the inventory at once, next to the previous resource: Terraform writes
            // resources sorted, so the hint is usually right and no ids are compared.
            const size_t before = m_out->resources.size();
            const auto it = m_out->resources.try_emplace(m_hint, std::move(id));
            if (m_out->resources.size() == before) // the same address twice: the later wins
                m_duplicates = true;
            m_hint = std::next(it);
            Resource &r = it->second;
            r = std::move(made);
            r.id = it->first;
            k.resource = int32_t(m_resources.size());
            m_resources.push_back(&r);
        }
        // Keep only what the dependency pass reads, copied out of the input.
        size_t count = 0;
        for (const FlatEntry &e : m_flat.entries())
            count += isReference(e.key) && e.sub.empty();
        ruleSourceIds(b.info->type, m_flat, [&](std::string_view) { ++count; });
        const bool domain = k.resource >= 0 && b.info->type == "digitalocean_domain";
        if (k.resource >= 0)
            count += !d.ipv4.empty() + !d.ipv4Private.empty() + domain;
        Ref *refs = m_refPool.allocate(count), *ref = refs;
        for (const FlatEntry &e : m_flat.entries())
            if (isReference(e.key) && e.sub.empty())
                *ref++ = {m_arena.copy(e.value), e.index, e.key};
        ruleSourceIds(b.info->type, m_flat, [&](std::string_view v) {
            *ref++ = {m_arena.copy(v), 0, kRuleSource};
        });
        if (k.resource >= 0) {
            if (!d.ipv4.empty())
                *ref++ = {m_arena.copy(d.ipv4), -1, kChosenIpv4};
            if (!d.ipv4Private.empty())
                *ref++ = {m_arena.copy(d.ipv4Private), -1, kChosenIpv4Private};
            if (domain)
                *ref++ = {m_arena.copy(d.name), -1, kChosenName};
        }
        k.refs = refs;
        k.refsEnd = ref;
        m_kept.push_back(k);
    }

    DependencyKind kindTowards(int32_t to) const
    {
        const Resource &t = *m_resources[size_t(to)];
        if (t.type.endsWith(QLatin1String("_vpc")) || t.type == QLatin1String("aws_subnet"))
            return DependencyKind::Membership;
        return dependencyKindTowards(categoryOf(t));
    }

    QString m_file;
    ImportReport *m_report;
    Inventory *m_out;
    std::map<QString, Resource>::iterator m_hint;
    Arena m_arena;
    Interner m_intern{m_arena};
    StringSlab m_slab;
    TagCache m_tagCache;
    Flat m_flat;         ///< attributes of the instance being read
    std::string m_index; ///< index key of the instance being read (`[0]`, `["a"]`)
    std::string m_address;
    std::string m_badAddress;
    std::vector<Resource *> m_resources; ///< in the order read, in m_out
    Pool<BlockInfo> m_blockPool;
    std::vector<Kept> m_kept;                     ///< every instance kept, in the order read
    Pool<Ref> m_refPool;                          ///< reference attributes of m_kept
    Pool<std::string_view> m_depPool;             ///< Terraform dependencies of m_kept
    std::vector<std::string_view> m_instanceDeps; ///< of the instance being read
    bool m_refersByIp = false, m_refersByDomain = false, m_refersByUrn = false;
    bool m_duplicates = false; ///< an address was read twice (m_resources has it twice)
    // What resources are referred to by, to indexes into m_resources.
    std::array<QHash<Text, int32_t>, 4> m_byNativeId; ///< per provider, the provider's own id
    QHash<Text, int32_t> m_byUrn, m_byIp, m_byDomain;
    std::vector<std::pair<std::string_view, int32_t>> m_byBase; ///< address without index key
};

void StateReader::absorb(StateReader &&o)
{
    m_arena.absorb(std::move(o.m_arena));
    m_blockPool.absorb(std::move(o.m_blockPool));
    m_refPool.absorb(std::move(o.m_refPool));
    m_depPool.absorb(std::move(o.m_depPool));
    m_duplicates = m_duplicates || o.m_duplicates;
    m_refersByIp = m_refersByIp || o.m_refersByIp;
    m_refersByDomain = m_refersByDomain || o.m_refersByDomain;
    m_refersByUrn = m_refersByUrn || o.m_refersByUrn;
    const auto resources0 = int32_t(m_resources.size());
    // Geometric growth: reserving the exact size at every batch would copy the list each time.
    growFor(m_kept, o.m_kept.size());
    for (Kept k : o.m_kept) {
        if (k.resource >= 0)
            k.resource += resources0;
        m_kept.push_back(k);
    }

    auto &to = m_out->resources;
    auto &from = o.m_out->resources;
    QHash<Resource *, Resource *> replaced; // resources of `o` whose address was already here
    // Batches come in Terraform's order: usually all of `from` belongs after all of `to`.
    const bool append = from.empty() || to.empty() || to.rbegin()->first < from.begin()->first;
    while (!from.empty()) {
        auto node = from.extract(from.begin());
        if (append) {
            to.insert(to.end(), std::move(node));
            continue;
        }
        Resource *old = &node.mapped();
        auto r = to.insert(std::move(node));
        if (!r.inserted) {
            r.position->second = std::move(r.node.mapped());
            replaced.insert(old, &r.position->second);
            m_duplicates = true;
        }
    }
    growFor(m_resources, o.m_resources.size());
    for (Resource *r : o.m_resources)
        m_resources.push_back(replaced.isEmpty() ? r : replaced.value(r, r));
    m_hint = to.end();
    m_report->skipped.append(o.m_report->skipped);
    o.m_resources.clear();
    o.m_kept.clear();
}

void StateReader::build(QThreadPool *pool)
{
    if (m_duplicates) {
        // An address read twice is the later instance only: the earlier one's references and
        // dependencies go with it.
        QHash<const Resource *, size_t> last;
        for (size_t i = 0; i < m_kept.size(); ++i)
            if (m_kept[i].resource >= 0)
                last.insert(m_resources[size_t(m_kept[i].resource)], i);
        size_t i = 0;
        std::erase_if(m_kept, [&](const Kept &k) {
            const size_t at = i++;
            if (k.resource < 0 || last.value(m_resources[size_t(k.resource)]) == at)
                return false;
            m_report->warnings.append(
                QStringLiteral("%1: %2 appears twice; the later instance is kept")
                    .arg(m_file, qs(k.address)));
            return true;
        });
    }
    // Indexes of what resources are referred to by, built only when something refers by it:
    // the providers' own ids (every resource has one) on a pool thread, the others here. Each
    // index is filled in m_kept's order, so a later instance wins as before.
    const bool byIp = m_refersByIp, byUrn = m_refersByUrn, byDomain = m_refersByDomain;
    auto nativeIds = [&] {
        std::array<qsizetype, 4> perProvider{};
        for (const Kept &k : m_kept)
            perProvider[k.block->providerIndex] += k.resource >= 0;
        for (size_t p = 0; p < perProvider.size(); ++p)
            m_byNativeId[p].reserve(perProvider[p]);
        for (const Kept &k : m_kept) {
            if (k.resource < 0)
                continue;
            for (const Ref *r = k.refs; r != k.refsEnd; ++r)
                if (r->index < 0 && r->key == k_id)
                    m_byNativeId[k.block->providerIndex].insert(Text{r->value}, k.resource);
        }
    };
    QFuture<void> nativeIdsDone;
    if (pool && m_kept.size() > 1024)
        nativeIdsDone = QtConcurrent::run(pool, nativeIds);
    else
        nativeIds();
    m_byBase.reserve(m_resources.size());
    for (const Kept &k : m_kept) {
        if (k.resource < 0)
            continue;
        if (byIp || byUrn || byDomain) {
            for (const Ref *r = k.refs; r != k.refsEnd; ++r) {
                if (r->index >= 0)
                    continue;
                if (r->key == k_urn && byUrn)
                    m_byUrn.insert(Text{r->value}, k.resource);
                else if ((r->key == kChosenIpv4 || r->key == kChosenIpv4Private) && byIp)
                    m_byIp.insert(Text{r->value}, k.resource);
                else if (r->key == kChosenName && byDomain)
                    m_byDomain.insert(Text{r->value}, k.resource);
            }
        }
        m_byBase.emplace_back(k.block->base, k.resource);
    }
    const auto byFirst = [](const auto &x, const auto &y) {
        return x.first < y.first;
    };
    if (!std::is_sorted(m_byBase.begin(), m_byBase.end(), byFirst))
        std::stable_sort(m_byBase.begin(), m_byBase.end(), byFirst);
    nativeIdsDone.waitForFinished();
    auto find = [](const QHash<Text, int32_t> &m, std::string_view s) {
        return s.empty() ? int32_t(-1) : m.value(Text{s}, -1);
    };
    auto native = [&](const Kept &k, std::string_view id) {
        if (id.empty())
            return int32_t(-1);
        return find(m_byNativeId[k.block->providerIndex], id);
    };

    // Runs `f(begin, end, edges)` over the first and the second half of m_kept, the second on
    // `pool` when there is one, and returns the edges in m_kept's order.
    auto inHalves = [&](auto &&f) {
        const Kept *begin = m_kept.data(), *mid = begin + m_kept.size() / 2,
                   *end = begin + m_kept.size();
        std::vector<Edge> first, second;
        if (pool && m_kept.size() > 1024) {
            QFuture<void> other = QtConcurrent::run(pool, [&] { f(mid, end, second); });
            f(begin, mid, first);
            other.waitForFinished();
        } else {
            f(begin, end, first);
        }
        first.insert(first.end(), std::make_move_iterator(second.begin()),
                     std::make_move_iterator(second.end()));
        return first;
    };

    std::vector<Edge> edges = inHalves([&](const Kept *kb, const Kept *ke,
                                           std::vector<Edge> &edges) {
        edges.reserve(size_t(ke - kb));
        auto edge = [&](int32_t from, int32_t to, DependencyKind kind, const QString &why) {
            if (from >= 0 && to >= 0 && from != to)
                edges.push_back({from, to, kind, why});
        };
        for (const Kept &k : std::span(kb, ke)) {
            const Refs a{k.refs, k.refsEnd};
            const std::string_view t = k.block->type;
            if (t == "digitalocean_volume_attachment" || t == "aws_volume_attachment") {
                const int32_t host =
                    native(k, a.get(t.starts_with("aws") ? k_instance_id : k_droplet_id));
                const QString why = QStringLiteral("volume attachment ") + qs(k.address);
                a.list(k_volume_ids, [&](std::string_view v) {
                    edge(host, native(k, v), DependencyKind::Attachment, why);
                });
                edge(host, native(k, a.get(k_volume_id)), DependencyKind::Attachment, why);
                continue;
            }
            if (t == "digitalocean_floating_ip_assignment" ||
                t == "digitalocean_reserved_ip_assignment") {
                edge(find(m_byIp, a.get(k_ip_address)), native(k, a.get(k_droplet_id)),
                     DependencyKind::Attachment, QStringLiteral("IP assignment ") + qs(k.address));
                continue;
            }
            if (t == "digitalocean_project_resources") {
                const int32_t project = native(k, a.get(k_project));
                const QString why = QStringLiteral("project resources ") + qs(k.address);
                a.list(k_resources, [&](std::string_view urn) {
                    edge(find(m_byUrn, urn), project, DependencyKind::Membership, why);
                });
                continue;
            }
            if (t == "heroku_pipeline_coupling") {
                const std::string_view appId = a.get(k_app_id);
                int32_t app = native(k, appId.empty() ? a.get(k_app) : appId);
                if (app < 0)
                    app = native(k, a.get(k_app));
                edge(app, native(k, a.get(k_pipeline)), DependencyKind::Membership,
                     QStringLiteral("pipeline coupling ") + qs(k.address));
                continue;
            }
            const int32_t self = k.resource;
            // Attribute references.
            a.list(k_droplet_ids, [&](std::string_view d) {
                if (t == "digitalocean_volume")
                    edge(native(k, d), self, DependencyKind::Attachment,
                         QStringLiteral("volume droplet_ids"));
                else
                    edge(self, native(k, d), DependencyKind::Network,
                         QStringLiteral("droplet_ids"));
            });
            a.list(k_volume_ids, [&](std::string_view v) {
                edge(self, native(k, v), DependencyKind::Attachment, QStringLiteral("volume_ids"));
            });
            if (t.ends_with("_ip") && !a.get(k_droplet_id).empty())
                edge(self, native(k, a.get(k_droplet_id)), DependencyKind::Attachment,
                     QStringLiteral("droplet_id"));
            static const std::array<std::pair<Key, QString>, 4> memberships = {
                std::pair{k_vpc_uuid, QStringLiteral("vpc_uuid")},
                std::pair{k_private_network_uuid, QStringLiteral("private_network_uuid")},
                std::pair{k_vpc_id, QStringLiteral("vpc_id")},
                std::pair{k_subnet_id, QStringLiteral("subnet_id")}};
            for (const auto &[key, why] : memberships)
                if (const auto v = a.get(key); !v.empty())
                    edge(self, native(k, v), DependencyKind::Membership, why);
            for (Key key : {k_vpc_security_group_ids, k_security_groups})
                a.list(key, [&](std::string_view sg) {
                    edge(self, native(k, sg), DependencyKind::Network,
                         QStringLiteral("security groups"));
                });
            if (t == "heroku_addon") {
                const std::string_view appId = a.get(k_app_id);
                edge(native(k, appId.empty() ? a.get(k_app) : appId), self, DependencyKind::Data,
                     QStringLiteral("add-on of app"));
            }
            if (t == "heroku_formation") {
                const std::string_view appId = a.get(k_app_id);
                edge(self, native(k, appId.empty() ? a.get(k_app) : appId),
                     DependencyKind::Membership, QStringLiteral("process type of app"));
            }
            if (t == "heroku_domain") {
                // The hostname's CNAME points at the app (heroku_domain's app_id).
                const std::string_view appId = a.get(k_app_id);
                edge(self, native(k, appId.empty() ? a.get(k_app) : appId), DependencyKind::Dns,
                     QStringLiteral("custom domain of app"));
            }
            if (t == "digitalocean_database_firewall")
                edge(self, native(k, a.get(k_cluster_id)), DependencyKind::Network,
                     QStringLiteral("database firewall of cluster"));
            const QString ruleWhy = t == "digitalocean_database_firewall"
                                        ? QStringLiteral("database trusted source")
                                        : QStringLiteral("firewall inbound rule source");
            a.list(kRuleSource, [&](std::string_view v) {
                edge(native(k, v), self, DependencyKind::Network, ruleWhy);
            });
            if (t == "digitalocean_record") {
                edge(self, find(m_byDomain, a.get(k_domain)), DependencyKind::Membership,
                     QStringLiteral("record in domain"));
                edge(self, find(m_byIp, a.get(k_value)), DependencyKind::Dns,
                     QStringLiteral("record value is its IP"));
            }
        }
    });
    // Terraform's own dependency lists, where no attribute already related the pair: they only
    // order creation, so the attribute edges above say more.
    std::vector<uint64_t> related;
    related.reserve(edges.size() * 2);
    auto pairKey = [](int32_t a, int32_t b) {
        return uint64_t(uint32_t(a)) << 32 | uint32_t(b);
    };
    for (const Edge &e : edges) {
        related.push_back(pairKey(e.from, e.to));
        related.push_back(pairKey(e.to, e.from));
    }
    std::sort(related.begin(), related.end());
    auto isRelated = [&](int32_t a, int32_t b) {
        return std::binary_search(related.begin(), related.end(), pairKey(a, b));
    };
    const QString terraformDependencies = QStringLiteral("terraform dependencies");
    std::vector<Edge> dependencyEdges =
        inHalves([&](const Kept *kb, const Kept *ke, std::vector<Edge> &out) {
            // The instances of a block share their dependency lists: remember the last look-up.
            std::string_view lastAddress;
            auto lastRange = std::pair{m_byBase.cend(), m_byBase.cend()};
            std::vector<int8_t> kinds(m_resources.size(), -1); // per thread: filled as needed
            auto kindOf = [&](int32_t to) {
                int8_t &kind = kinds[size_t(to)];
                if (kind < 0)
                    kind = int8_t(kindTowards(to));
                return DependencyKind(kind);
            };
            for (const Kept &k : std::span(kb, ke)) {
                if (k.resource < 0)
                    continue;
                for (const std::string_view *dep = k.deps; dep != k.depsEnd; ++dep) {
                    std::string_view address = *dep;
                    if (address.ends_with(']') && address.rfind('[') != std::string_view::npos)
                        address = address.substr(0, address.rfind('['));
                    if (address != lastAddress || lastAddress.empty()) {
                        lastRange = std::equal_range(
                            m_byBase.cbegin(), m_byBase.cend(), std::pair{address, int32_t(0)},
                            [](const auto &x, const auto &y) { return x.first < y.first; });
                        lastAddress = address;
                    }
                    for (auto it = lastRange.first; it != lastRange.second; ++it)
                        if (k.resource != it->second && !isRelated(k.resource, it->second))
                            out.push_back({k.resource, it->second, kindOf(it->second),
                                           terraformDependencies});
                }
            }
        });
    for (const Kept &k : m_kept)
        if (k.resource < 0)
            m_report->skipped.append(qs(k.address) +
                                     QStringLiteral(" — relationship, kept as dependencies"));
    const auto attributeEdges = std::ptrdiff_t(edges.size());
    edges.insert(edges.end(), std::make_move_iterator(dependencyEdges.begin()),
                 std::make_move_iterator(dependencyEdges.end()));

    // Edges in the order of the plan file, by the ids of their ends: ranks of the resources in id
    // order (ids are "tf:" + address) make that integer compares.
    std::vector<int32_t> order(m_resources.size());
    std::vector<std::string_view> address(m_resources.size());
    for (const Kept &k : m_kept)
        if (k.resource >= 0)
            address[size_t(k.resource)] = k.address;
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int32_t(i);
    const auto byAddress = [&](int32_t x, int32_t y) {
        return address[size_t(x)] < address[size_t(y)];
    };
    if (!std::is_sorted(order.begin(), order.end(), byAddress)) // Terraform writes them sorted
        std::stable_sort(order.begin(), order.end(), byAddress);
    std::vector<int32_t> rank(m_resources.size());
    for (size_t i = 0; i < order.size(); ++i)
        rank[size_t(order[i])] = int32_t(i);
    const auto byRank = [&](const Edge &x, const Edge &y) {
        if (x.from != y.from)
            return rank[size_t(x.from)] < rank[size_t(y.from)];
        if (x.to != y.to)
            return rank[size_t(x.to)] < rank[size_t(y.to)];
        return x.kind < y.kind;
    };
    // Both kinds of edges come out sorted when Terraform wrote the resources sorted: then a
    // merge (stable, like the sort) puts them together.
    const auto middle = edges.begin() + attributeEdges;
    if (std::is_sorted(edges.begin(), middle, byRank) &&
        std::is_sorted(middle, edges.end(), byRank))
        std::inplace_merge(edges.begin(), middle, edges.end(), byRank);
    else
        std::stable_sort(edges.begin(), edges.end(), byRank);
    edges.erase(std::unique(edges.begin(), edges.end(),
                            [](const Edge &x, const Edge &y) {
                                return x.from == y.from && x.to == y.to && x.kind == y.kind;
                            }),
                edges.end());

    const bool merging = !m_out->dependencies.empty();
    // Written in two halves at once when there is a pool: copying the ids touches every
    // resource once more.
    const size_t first = m_out->dependencies.size();
    m_out->dependencies.resize(first + edges.size());
    auto write = [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
            const Edge &e = edges[i];
            m_out->dependencies[first + i] = {m_resources[size_t(e.from)]->id,
                                              m_resources[size_t(e.to)]->id, e.kind, e.reason};
        }
    };
    if (pool && edges.size() > 1024) {
        QFuture<void> other =
            QtConcurrent::run(pool, [&] { write(edges.size() / 2, edges.size()); });
        write(0, edges.size() / 2);
        other.waitForFinished();
    } else {
        write(0, edges.size());
    }
    if (merging)
        m_out->sortDependencies();
}

/// Where simdjson stopped in a span that failed to parse, as an input offset.
qint64 failureOffset(ondemand::document &doc, bool iterating, const char *data, size_t size,
                     qint64 offset)
{
    const char *loc = nullptr;
    if (iterating && doc.current_location().get(loc) == SUCCESS && loc && loc >= data &&
        loc <= data + size)
        return offset + (loc - data);
    return offset;
}

/// Resource blocks handed to a worker thread as one task: views into the caller's input, or
/// padded copies of blocks the stream's window will have moved past, then what a StateReader of
/// the batch's own made of them.
struct Batch
{
    struct Item
    {
        const char *data; ///< in the input, or nullptr: then at `copyAt` in `bytes`
        size_t copyAt;
        size_t size, capacity;
        qint64 offset; ///< where the block starts in the input
    };

    Batch(const QString &fileName)
        : reader(fileName, &report, &inventory)
    {}

    /// Reads every block; stops at the first malformed one (error, errorOffset).
    void run()
    {
        ondemand::parser parser;
        for (const Item &item : items) {
            const char *data = item.data ? item.data : bytes.data() + item.copyAt;
            // The stream left checking the block to this thread (JsonStream::Check::ByCaller):
            // the same check every other path through the reader makes.
            size_t at = 0;
            QString message;
            if (!JsonValidator::validate(data, item.size, &at, &message)) {
                error = QStringLiteral("invalid JSON: ") + message;
                errorOffset = item.offset + qint64(at);
                return;
            }
            ondemand::document doc;
            bool iterating = false;
            try {
                doc = parser.iterate(padded_string_view(data, item.size, item.capacity));
                iterating = true;
                reader.readV4Resource(doc);
                if (!reader.badAddress().empty()) {
                    error = controlInAddress(reader.badAddress());
                    errorOffset = item.offset;
                    return;
                }
            } catch (const simdjson_error &e) {
                error = QStringLiteral("invalid JSON: %1").arg(QString::fromLatin1(e.what()));
                errorOffset = failureOffset(doc, iterating, data, item.size, item.offset);
                return;
            }
        }
        reader.releaseScratch();
    }

    std::vector<Item> items;
    std::vector<char> bytes;
    size_t blockBytes = 0; ///< bytes of the blocks, for the batch size
    Inventory inventory;
    ImportReport report;
    StateReader reader;
    QString error;
    qint64 errorOffset = 0;
    QFuture<void> done;
};

/// Drives one import: the streamed v4 layout, or the whole document for v3 states.
///
/// A v4 state's resource blocks are found by JsonStream on the calling thread and parsed in
/// batches (about `batchBytes` of blocks each) on `threads` worker threads, each batch by a
/// StateReader of its own; the batches' readers are absorbed into the main one in input order,
/// so the result does not depend on the thread count. At most threads + 1 batches are in
/// flight, which bounds the copies of blocks read from a device.
class StateImport
{
public:
    StateImport(const QString &fileName, Inventory *out, ImportReport *report,
                ImportProgress *progress, const QByteArray *input,
                const TfStateImporter::Tuning &tuning)
        : m_fileName(fileName)
        , m_report(report)
        , m_progress(progress)
        , m_input(input)
        , m_largeBlock(tuning.largeBlockBytes)
        , m_batchBytes(std::max<size_t>(tuning.batchBytes, 1))
        , m_reader(fileName, report, out)
        , m_doneBefore(progress ? progress->done.load() : 0)
    {
        const int threads = tuning.threads > 0 ? tuning.threads : QThread::idealThreadCount();
        m_pool.setMaxThreadCount(std::max(threads, 1));
        m_maxInFlight = size_t(m_pool.maxThreadCount() + 1);
    }
    ~StateImport() { settle(); }

    enum class Outcome { Done, Failed, NeedsWholeDocument };

    /// Reads a state through `js`, resource block by resource block. A v3 state (or any state
    /// with `modules`) asks for the whole document instead.
    Outcome readStream(JsonStream &js)
    {
        const Outcome outcome = walk(js);
        if (outcome == Outcome::Failed)
            settle(&js);
        return outcome;
    }

    /// Reads a version 3 state (Terraform ≤ 0.11: `modules[].resources` keyed
    /// `[data.]TYPE.NAME[.INDEX]`) from its start, as the v4 reader reads blocks: a module of at
    /// most m_largeBlock bytes is parsed whole; a larger one resource by resource, each reduced
    /// to what StateReader::readV3Resource() reads, so that a huge attribute value streams past.
    /// `resources` next to `modules` is ignored with a warning, as a v3 reader does.
    bool readV3(JsonStream &js)
    {
        if (!js.enterObject()) {
            js.setError(QStringLiteral("not a Terraform state: expected a JSON object"),
                        js.errorOffset());
            return false;
        }
        std::string key;
        bool sawResources = false;
        while (js.nextMember(&key)) {
            if (key == "version") {
                if (!readVersion(js))
                    return false;
            } else if (key == "modules") {
                sawResources = true;
                if (!js.enterArray())
                    return false;
                while (js.nextElement()) {
                    if (!readV3Module(js))
                        return false;
                    if (!step(js.position())) {
                        js.setError(QStringLiteral("import cancelled"), js.position());
                        return false;
                    }
                }
                if (js.hasError())
                    return false;
            } else {
                if (key == "resources")
                    m_report->warnings.append(
                        m_fileName + QStringLiteral(": \"resources\" next to \"modules\" ignored "
                                                    "(a version 3 state keeps them in modules)"));
                if (!js.skipValue())
                    return false;
            }
        }
        if (js.hasError() || !js.atEnd())
            return false;
        if (m_reader.version == 0) {
            js.setError(QStringLiteral("not a Terraform state: no \"version\" key"), js.position());
            return false;
        }
        if (!sawResources)
            m_report->warnings.append(m_fileName + QStringLiteral(": the state has no resources"));
        return true;
    }

    void build() { m_reader.build(&m_pool); }

private:
    /// Reads the state's `version` into m_reader.version; false (with the error) unless it is
    /// 3 or 4.
    bool readVersion(JsonStream &js)
    {
        JsonStream::Span span;
        if (js.value(&span, 64) != JsonStream::Result::Ok) {
            if (!js.hasError())
                js.setError(QStringLiteral("invalid \"version\""), js.position());
            return false;
        }
        int64_t v = 0;
        if (!parse(js, span, [&](ondemand::document &doc) { v = doc.get_int64(); }))
            return false;
        m_reader.version = int(v);
        if (v == 3 || v == 4)
            return true;
        js.setError(
            QStringLiteral("unsupported Terraform state version %1 (Ferry reads 3 and 4)").arg(v),
            span.offset);
        return false;
    }

    /// One element of a v3 state's `modules`.
    bool readV3Module(JsonStream &js)
    {
        const qint64 start = js.position();
        JsonStream::Span span;
        switch (js.value(&span, m_largeBlock)) {
        case JsonStream::Result::Ok:
            if (!parse(js, span,
                       [&](ondemand::document &doc) { m_reader.readV3Module(doc.get_object()); }))
                return false;
            return addressesClean(js, span.offset);
        case JsonStream::Result::Error:
            return false;
        case JsonStream::Result::TooLarge:
            break;
        }
        if (!js.enterObject())
            return false;
        std::vector<std::string> path; // as StateReader::readV3Module: the path read so far
        std::string key;
        while (js.nextMember(&key)) {
            if (key == "path") {
                if (!takeValue(js, key, &span))
                    return false;
                if (!parse(js, span, [&](ondemand::document &doc) {
                        for (auto p : doc.get_array())
                            path.emplace_back(std::string_view(p.get_string()));
                    }))
                    return false;
            } else if (key == "resources") {
                std::string module;
                for (size_t i = 1; i < path.size(); ++i)
                    module += "module." + path[i] + '.';
                if (!js.enterObject())
                    return false;
                std::string name, small;
                while (js.nextMember(&name)) {
                    if (!reduceV3Resource(js, &small))
                        return false;
                    const JsonStream::Span view = paddedView(&small, js.position());
                    // The key as the whole-module path has it: unescaped by simdjson.
                    std::string resourceKey = name;
                    if (name.find('\\') != std::string::npos) {
                        std::string quoted = '"' + name + '"';
                        if (!parse(js, paddedView(&quoted, js.position()),
                                   [&](ondemand::document &doc) {
                                       resourceKey = std::string_view(doc.get_string());
                                   }))
                            return false;
                    }
                    if (!parse(js, view, [&](ondemand::document &doc) {
                            m_reader.readV3Resource(module, resourceKey, doc.get_object());
                        }))
                        return false;
                    if (!step(js.position())) {
                        js.setError(QStringLiteral("import cancelled"), js.position());
                        return false;
                    }
                }
                if (js.hasError())
                    return false;
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        return addressesClean(js, start);
    }

    /// A v3 resource reduced to what StateReader::readV3Resource() reads: `depends_on` and the
    /// string attributes of `primary` of at most 1 MiB (larger ones stream past, reported).
    bool reduceV3Resource(JsonStream &js, std::string *small)
    {
        if (!js.enterObject())
            return false;
        *small = "{";
        std::string key;
        JsonStream::Span span;
        while (js.nextMember(&key)) {
            if (key == "depends_on") {
                if (!takeValue(js, key, &span))
                    return false;
                appendMember(small, key, span);
            } else if (key == "primary") {
                if (!js.enterObject())
                    return false;
                std::string primary = "{", member;
                while (js.nextMember(&member)) {
                    if (member != "attributes") {
                        if (!js.skipValue())
                            return false;
                        continue;
                    }
                    std::string attributes;
                    if (!reduceAttributes(js, QStringLiteral("a v3 resource"), &attributes))
                        return false;
                    if (primary.size() > 1)
                        primary += ',';
                    primary += "\"attributes\":" + attributes;
                }
                if (js.hasError())
                    return false;
                if (small->size() > 1)
                    *small += ',';
                *small += "\"primary\":" + primary + '}';
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        *small += '}';
        return true;
    }

    /// A view of `text` that simdjson may read (the string's capacity made to hold the padding).
    static JsonStream::Span paddedView(std::string *text, qint64 offset)
    {
        text->reserve(text->size() + SIMDJSON_PADDING);
        return {text->data(), text->size(), text->capacity(), offset};
    }

    /// The next value, of at most 64 MiB, for `key` of a large module or block.
    bool takeValue(JsonStream &js, const std::string &key, JsonStream::Span *span)
    {
        constexpr size_t kMaxList = size_t(64) << 20;
        if (js.value(span, kMaxList) == JsonStream::Result::Ok)
            return true;
        if (!js.hasError())
            js.setError(QStringLiteral("\"%1\" larger than %2 MiB")
                            .arg(QString::fromStdString(key))
                            .arg(kMaxList >> 20),
                        js.position());
        return false;
    }

    static void appendMember(std::string *object, const std::string &key,
                             const JsonStream::Span &span)
    {
        if (object->size() > 1)
            *object += ',';
        *object += '"';
        *object += key;
        *object += "\":";
        object->append(span.data, span.size);
    }

    /// An `attributes` object copied with its values of at most kMaxKeptValue bytes; larger
    /// ones are skipped as they stream past (checked to be JSON) and reported for `what`.
    bool reduceAttributes(JsonStream &js, const QString &what, std::string *out)
    {
        constexpr size_t kMaxKeptValue = 1024 * 1024;
        if (!js.enterObject())
            return false;
        *out = "{";
        std::string name;
        JsonStream::Span span;
        while (js.nextMember(&name)) {
            const JsonStream::Result r = js.value(&span, kMaxKeptValue);
            if (r == JsonStream::Result::Error)
                return false;
            if (r == JsonStream::Result::TooLarge) {
                qint64 skipped = 0;
                if (!js.skipValue(&skipped))
                    return false;
                m_report->warnings.append(
                    QStringLiteral("%1: attribute \"%2\" of %3 skipped (%4 MiB: too large to be "
                                   "kept)")
                        .arg(m_fileName, QString::fromStdString(name), what)
                        .arg(double(skipped) / (1024 * 1024), 0, 'f', 1));
                continue;
            }
            appendMember(out, name, span);
        }
        if (js.hasError())
            return false;
        *out += '}';
        return true;
    }

    /// False, with the error at `offset`, when an address read so far holds a control character.
    bool addressesClean(JsonStream &js, qint64 offset)
    {
        if (m_reader.badAddress().empty())
            return true;
        js.setError(controlInAddress(m_reader.badAddress()), offset);
        return false;
    }

    Outcome walk(JsonStream &js)
    {
        if (!js.enterObject()) {
            js.setError(QStringLiteral("not a Terraform state: expected a JSON object"),
                        js.errorOffset());
            return Outcome::Failed;
        }
        std::string key;
        bool sawResources = false;
        while (js.nextMember(&key)) {
            if (key == "version") {
                if (!readVersion(js))
                    return Outcome::Failed;
                if (m_reader.version == 3)
                    return Outcome::NeedsWholeDocument;
            } else if (key == "modules") {
                if (m_blocksRead > 0) {
                    js.setError(QStringLiteral("a state with both \"resources\" and \"modules\""),
                                js.position());
                    return Outcome::Failed;
                }
                return Outcome::NeedsWholeDocument;
            } else if (key == "resources") {
                sawResources = true;
                if (!js.enterArray())
                    return Outcome::Failed;
                while (js.nextElement()) {
                    if (!readBlock(js) || !step(js.position())) {
                        if (!js.hasError())
                            js.setError(QStringLiteral("import cancelled"), js.position());
                        return Outcome::Failed;
                    }
                }
                if (js.hasError() || !flush(js))
                    return Outcome::Failed;
            } else if (!js.skipValue()) {
                return Outcome::Failed;
            }
        }
        if (js.hasError() || !js.atEnd())
            return Outcome::Failed;
        if (m_reader.version == 0) {
            js.setError(QStringLiteral("not a Terraform state: no \"version\" key"), js.position());
            return Outcome::Failed;
        }
        if (!sawResources)
            m_report->warnings.append(m_fileName + QStringLiteral(": the state has no resources"));
        return Outcome::Done;
    }

    /// Reads one element of `resources`: into the current batch when it is at most m_largeBlock
    /// bytes, else (after the batches before it) its header fields and then its instances one at
    /// a time, on this thread.
    bool readBlock(JsonStream &js)
    {
        ++m_blocksRead;
        JsonStream::Span span;
        switch (js.value(&span, m_largeBlock, JsonStream::Check::ByCaller)) {
        case JsonStream::Result::Ok:
            return add(js, span);
        case JsonStream::Result::Error:
            return false;
        case JsonStream::Result::TooLarge:
            break;
        }
        if (!flush(js))
            return false;
        const qint64 blockStart = js.position();
        if (!js.enterObject())
            return false;
        Block b;
        std::vector<std::string> deferred; // instances before the block's type
        std::string key;
        while (js.nextMember(&key)) {
            if (key == "instances") {
                // Terraform writes the header first; where it does not, the instances are kept
                // as small copies (reduceInstance) and read once the block's type is known, as
                // the in-memory path reads them again.
                const bool later = b.type.empty();
                if (!later)
                    m_reader.classify(b);
                if (!js.enterArray())
                    return false;
                while (js.nextElement()) {
                    const JsonStream::Result r =
                        later ? JsonStream::Result::TooLarge : js.value(&span, m_largeBlock);
                    if (r == JsonStream::Result::Error)
                        return false;
                    if (r == JsonStream::Result::TooLarge) {
                        std::string small;
                        if (!reduceInstance(js, b, &small))
                            return false;
                        if (later)
                            deferred.push_back(std::move(small));
                        else if (!readReduced(js, b, small))
                            return false;
                    } else if (!parse(js, span, [&](ondemand::document &doc) {
                                   m_reader.readInstance(b, doc.get_object());
                               })) {
                        return false;
                    }
                    if (!step(js.position())) {
                        js.setError(QStringLiteral("import cancelled"), js.position());
                        return false;
                    }
                }
                if (js.hasError())
                    return false;
            } else if (key == "module" || key == "mode" || key == "type" || key == "name") {
                if (js.value(&span, 64 * 1024) != JsonStream::Result::Ok) {
                    if (!js.hasError())
                        js.setError(QStringLiteral("\"%1\" is not a short string")
                                        .arg(QString::fromStdString(key)),
                                    js.position());
                    return false;
                }
                if (!parse(js, span, [&](ondemand::document &doc) {
                        StateReader::setHeaderField(b, key, doc.get_string());
                    }))
                    return false;
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        if (!deferred.empty())
            m_reader.classify(b);
        for (const std::string &small : deferred)
            if (!readReduced(js, b, small))
                return false;
        if (!m_reader.badAddress().empty()) {
            js.setError(controlInAddress(m_reader.badAddress()), blockStart);
            return false;
        }
        return true;
    }

    /// Reads an instance member by member into `*out`, a small copy holding only what
    /// StateReader::readInstance() reads, so that a huge value in it (a `user_data` script, a
    /// `private` blob) is skipped as it streams past instead of being held: `index_key`,
    /// `dependencies` and each attribute of at most 1 MiB are copied (reduceAttributes()); larger
    /// attributes (reported) and the other members are skipped, checked to be JSON all the same.
    /// Same result as reading the whole instance, for every attribute Ferry keeps.
    bool reduceInstance(JsonStream &js, const Block &b, std::string *out)
    {
        std::string &small = *out;
        small = "{";
        if (!js.enterObject())
            return false;
        std::string key;
        JsonStream::Span span;
        while (js.nextMember(&key)) {
            if (key == "attributes") {
                std::string attributes;
                if (!reduceAttributes(js,
                                      QStringLiteral("an instance of %1")
                                          .arg(b.base.empty() ? QStringLiteral("a resource block")
                                                              : QString::fromStdString(b.base)),
                                      &attributes))
                    return false;
                if (small.size() > 1)
                    small += ',';
                small += "\"attributes\":" + attributes;
            } else if (key == "index_key" || key == "dependencies") {
                if (!takeValue(js, key, &span))
                    return false;
                appendMember(&small, key, span);
            } else if (!js.skipValue()) {
                return false;
            }
        }
        if (js.hasError())
            return false;
        small += '}';
        return true;
    }

    /// Reads an instance reduced by reduceInstance().
    bool readReduced(JsonStream &js, const Block &b, std::string small)
    {
        return parse(js, paddedView(&small, js.position()),
                     [&](ondemand::document &doc) { m_reader.readInstance(b, doc.get_object()); });
    }

    /// Adds a block to the current batch: a view when it lies in the caller's input (which
    /// outlives the import), else a padded copy (the stream reuses its window). Starts the batch
    /// when it is full.
    bool add(JsonStream &js, const JsonStream::Span &span)
    {
        if (!m_batch)
            m_batch = std::make_unique<Batch>(m_fileName);
        Batch &b = *m_batch;
        const bool inInput = m_input && span.data >= m_input->constData() &&
                             span.data < m_input->constData() + m_input->size();
        if (inInput) {
            b.items.push_back({span.data, 0, span.size, span.capacity, span.offset});
        } else {
            const size_t at = b.bytes.size();
            if (b.bytes.empty()) // one allocation for the whole batch, in the common case
                b.bytes.reserve(std::max(m_batchBytes, span.size) + 64 * SIMDJSON_PADDING);
            // insert() copies without first zero-filling what it copies over (resize() did:
            // 56 M instructions on the 50,000-resource state read from a file).
            b.bytes.insert(b.bytes.end(), span.data, span.data + span.size);
            b.bytes.insert(b.bytes.end(), SIMDJSON_PADDING, '\0');
            b.items.push_back({nullptr, at, span.size, span.size + SIMDJSON_PADDING, span.offset});
        }
        b.blockBytes += span.size;
        return b.blockBytes < m_batchBytes || start(js);
    }

    /// Hands the current batch to a worker; absorbs the oldest batches while too many are in
    /// flight.
    bool start(JsonStream &js)
    {
        if (!m_batch)
            return true;
        Batch *b = m_batch.get();
        b->done = QtConcurrent::run(&m_pool, [b] { b->run(); });
        m_inFlight.push_back(std::move(m_batch));
        while (m_inFlight.size() > m_maxInFlight)
            if (!absorbOldest(js))
                return false;
        return true;
    }

    /// Waits for the oldest batch in flight and absorbs it; false (with the stream's error set)
    /// when it met malformed input.
    bool absorbOldest(JsonStream &js)
    {
        std::unique_ptr<Batch> b = std::move(m_inFlight.front());
        m_inFlight.pop_front();
        b->done.waitForFinished();
        if (!b->error.isEmpty()) {
            js.setError(b->error, b->errorOffset);
            return false;
        }
        m_reader.absorb(std::move(b->reader));
        return true;
    }

    /// Starts the current batch and absorbs every batch in flight.
    bool flush(JsonStream &js)
    {
        if (!start(js))
            return false;
        while (!m_inFlight.empty())
            if (!absorbOldest(js))
                return false;
        return true;
    }

    /// After a failure (or on destruction): waits for the batches in flight. A malformed block
    /// in one of them comes before whatever the stream found later, so its error wins.
    void settle(JsonStream *js = nullptr)
    {
        if (js && m_batch) { // blocks read before the failure may hold an earlier one
            Batch *b = m_batch.get();
            b->done = QtConcurrent::run(&m_pool, [b] { b->run(); });
            m_inFlight.push_back(std::move(m_batch));
        }
        m_batch.reset();
        for (auto &b : m_inFlight) {
            b->done.waitForFinished();
            if (js && !b->error.isEmpty() && b->errorOffset < js->errorOffset()) {
                js->setError(b->error, b->errorOffset);
                js = nullptr;
            }
        }
        m_inFlight.clear();
    }

    /// Parses `span` with simdjson on this thread and hands the document to `f`; a simdjson
    /// error becomes the stream's error, located inside the span.
    template<typename F> bool parse(JsonStream &js, const JsonStream::Span &span, F &&f)
    {
        ondemand::document doc;
        bool iterating = false;
        try {
            doc = m_parser.iterate(padded_string_view(span.data, span.size, span.capacity));
            iterating = true;
            f(doc);
        } catch (const simdjson_error &e) {
            js.setError(QStringLiteral("invalid JSON: %1").arg(QString::fromLatin1(e.what())),
                        failureOffset(doc, iterating, span.data, span.size, span.offset));
            return false;
        }
        return true;
    }

    /// Reports `position` bytes read (at most every 256 KiB); false when asked to cancel.
    bool step(qint64 position)
    {
        if (!m_progress)
            return true;
        if (position - m_lastReported > 256 * 1024) {
            m_lastReported = position;
            m_progress->done = m_doneBefore + position;
        }
        return !m_progress->isCancelled();
    }

    QString m_fileName;
    ImportReport *m_report;
    ImportProgress *m_progress;
    const QByteArray *m_input; ///< the input when it is in memory, else nullptr
    size_t m_largeBlock;
    size_t m_batchBytes;
    StateReader m_reader;
    ondemand::parser m_parser;
    qint64 m_doneBefore;
    qint64 m_lastReported = 0;
    size_t m_blocksRead = 0;
    std::unique_ptr<Batch> m_batch; ///< being filled
    std::deque<std::unique_ptr<Batch>> m_inFlight;
    size_t m_maxInFlight = 3;
    QThreadPool m_pool; ///< last: destroyed (waiting for its tasks) before the batches
};

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
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = {path, 0, 0, f.errorString()};
        return false;
    }
    JsonStream js(&f);
    return readStream(js, &f, nullptr, path, out, report, error, progress);
}

bool TfStateImporter::readData(const QByteArray &data, const QString &fileName, Inventory *out,
                               ImportReport *report, FileError *error) const
{
    JsonStream js(data);
    return readStream(js, nullptr, &data, fileName, out, report, error, nullptr);
}

bool TfStateImporter::readStream(JsonStream &js, QIODevice *device, const QByteArray *data,
                                 const QString &fileName, Inventory *out, ImportReport *report,
                                 FileError *error, ImportProgress *progress) const
{
    report->sources.append(fileName);
    const qint64 doneBefore = progress ? progress->done.load() : 0;
    const qsizetype skippedBefore = report->skipped.size();
    const qsizetype warningsBefore = report->warnings.size();
    auto import = std::make_unique<StateImport>(fileName, out, report, progress, data, m_tuning);
    switch (import->readStream(js)) {
    case StateImport::Outcome::Done:
        break;
    case StateImport::Outcome::Failed: {
        int line = 0, column = 0;
        js.lineColumn(js.errorOffset(), &line, &column);
        *error = {fileName, line, column, js.errorMessage()};
        return false;
    }
    case StateImport::Outcome::NeedsWholeDocument: {
        // A v3 state (Terraform ≤ 0.11): read again from its start, module by module.
        report->skipped.resize(skippedBefore);
        report->warnings.resize(warningsBefore);
        import = std::make_unique<StateImport>(fileName, out, report, progress, data, m_tuning);
        if (!data && !device->seek(0)) {
            *error = {fileName, 0, 0, device->errorString()};
            return false;
        }
        std::unique_ptr<JsonStream> again =
            data ? std::make_unique<JsonStream>(*data) : std::make_unique<JsonStream>(device);
        if (!import->readV3(*again)) {
            int line = 0, column = 0;
            again->lineColumn(again->errorOffset(), &line, &column);
            *error = {fileName, line, column, again->errorMessage()};
            return false;
        }
        break;
    }
    }
    import->build();
    if (progress)
        progress->done = doneBefore + (data ? data->size() : device->size());
    return true;
}

} // namespace Ferry
