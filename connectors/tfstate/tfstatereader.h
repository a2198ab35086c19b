// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform state reader: StateReader, which reads a state's resource blocks
// straight into an inventory (its member functions here and in tfstatereader.cpp), and the
// records it keeps for the dependency pass.

#include "inventory.h"
#include "resourcekind.h"
#include "tfstatetypes.h"

#include <QHash>
#include <QHashFunctions>
#include <QThreadPool>

namespace Ferry::TfState {
namespace {

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
inline size_t qHash(Text t, size_t seed = 0)
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

} // namespace
} // namespace Ferry::TfState
