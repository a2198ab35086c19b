// SPDX-License-Identifier: MIT
#pragma once

#include "resource.h"

#include <QStringList>

#include <map>
#include <vector>

namespace Ferry {

/// What one import found and what it did, for the import report.
struct ImportReport
{
    QStringList sources;   ///< files (or URLs) read
    QStringList added;     ///< resource ids new to the plan
    QStringList updated;   ///< resource ids already in the plan, updated in place
    QStringList unchanged; ///< resource ids already in the plan with identical content
    /// Skipped source items: `address — reason` ("data.digitalocean_ssh_key.me — data source").
    QStringList skipped;
    QStringList warnings; ///< non-fatal notes ("no DigitalOcean resource found in …")
    int dependencies = 0; ///< dependency edges found by the import

    /// How much toText() lists.
    enum class Detail {
        Summary, ///< lists of more than 20 items shortened; skipped items counted by type
        Full,    ///< every item (`ferry import --verbose`)
    };
    /// Plain-text report, one section per list, as `ferry import` prints it.
    QString toText(Detail detail = Detail::Summary) const;
};

/// Resources and dependencies read from one or more sources, before they are merged into a plan.
/// Resources are keyed and sorted by id.
struct Inventory
{
    std::map<QString, Resource> resources;
    std::vector<Dependency> dependencies; ///< kept sorted and unique by `sortDependencies()`

    /// Adds `r`; a later resource with the same id replaces the earlier one.
    void add(Resource r) { resources[r.id] = std::move(r); }
    /// Adds an edge unless it is a self-loop; duplicates are removed by sortDependencies().
    void addDependency(const QString &from, const QString &to, DependencyKind kind,
                       const QString &reason);
    /// Sorts by (from, to, kind) and drops duplicates and edges whose ends are unknown.
    void sortDependencies();
    /// Merges `other` into this inventory (its resources win on equal ids).
    void merge(Inventory other);

    bool operator==(const Inventory &) const = default;
};

} // namespace Ferry
