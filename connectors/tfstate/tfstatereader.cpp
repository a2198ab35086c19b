// SPDX-License-Identifier: MIT
// StateReader's passes over what it read: absorbing the readers of other batches in file order,
// then building the resources and the dependencies between them.
#include "tfstatereader.h"

#include <QtConcurrent/QtConcurrentRun>

namespace Ferry::TfState {
namespace {

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

} // namespace
} // namespace Ferry::TfState
