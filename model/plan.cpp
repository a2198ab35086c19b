// SPDX-License-Identifier: MIT
#include "plan.h"

#include <QSet>

namespace Ferry {

Plan::Plan()
    : name(QStringLiteral("Untitled plan"))
    , created(QDate::currentDate())
    , organization(Organization::defaultLayout())
{}

const Resource *Plan::resource(const QString &id) const
{
    auto it = inventory.resources.find(id);
    return it == inventory.resources.end() ? nullptr : &it->second;
}

const Mapping *Plan::mapping(const QString &resourceId) const
{
    auto it = mappings.find(resourceId);
    return it == mappings.end() ? nullptr : &it->second;
}

void Plan::setMapping(const Mapping &m)
{
    if (!resource(m.resourceId))
        return;
    Mapping &kept = mappings[m.resourceId] = m;
    kept.alsoServices.removeAll(kept.targetService);
}

void Plan::unmap(const QString &resourceId)
{
    mappings.erase(resourceId);
}

QStringList Plan::unmappedResources() const
{
    QStringList ids;
    for (const auto &[id, r] : inventory.resources)
        if (!mappings.count(id))
            ids.append(id);
    return ids;
}

QStringList Plan::resourcesInAccount(const QString &accountId) const
{
    QStringList ids;
    for (const auto &[id, m] : mappings)
        if (m.accountId == accountId)
            ids.append(id);
    return ids;
}

void Plan::applyImport(Inventory imported, ImportReport *report)
{
    QSet<QString> touched;
    for (auto &[id, r] : imported.resources) {
        touched.insert(id);
        auto it = inventory.resources.find(id);
        if (it == inventory.resources.end()) {
            report->added.append(id);
            inventory.resources.emplace(id, std::move(r));
        } else if (it->second == r) {
            report->unchanged.append(id);
        } else {
            report->updated.append(id);
            it->second = std::move(r);
        }
    }
    // Edges leaving a re-imported resource are replaced by what this import found.
    std::erase_if(inventory.dependencies,
                  [&](const Dependency &d) { return touched.contains(d.from); });
    report->dependencies += int(imported.dependencies.size());
    inventory.dependencies.insert(inventory.dependencies.end(), imported.dependencies.begin(),
                                  imported.dependencies.end());
    inventory.sortDependencies();
}

} // namespace Ferry
