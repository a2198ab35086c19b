// SPDX-License-Identifier: MIT
#include "inventory.h"

#include <algorithm>

namespace Ferry {

void Inventory::addDependency(const QString &from, const QString &to, DependencyKind kind,
                              const QString &reason)
{
    if (from.isEmpty() || to.isEmpty() || from == to)
        return;
    dependencies.push_back({from, to, kind, reason});
}

void Inventory::sortDependencies()
{
    std::stable_sort(dependencies.begin(), dependencies.end());
    auto same = [](const Dependency &a, const Dependency &b) {
        return a.from == b.from && a.to == b.to && a.kind == b.kind;
    };
    dependencies.erase(std::unique(dependencies.begin(), dependencies.end(), same),
                       dependencies.end());
    std::erase_if(dependencies, [this](const Dependency &d) {
        return !resources.count(d.from) || !resources.count(d.to);
    });
}

void Inventory::merge(Inventory other)
{
    for (auto &[id, r] : other.resources)
        resources[id] = std::move(r);
    dependencies.insert(dependencies.end(), std::make_move_iterator(other.dependencies.begin()),
                        std::make_move_iterator(other.dependencies.end()));
    sortDependencies();
}

static void section(QString &out, const QString &title, const QStringList &items)
{
    out += title + QStringLiteral(" (") + QString::number(items.size()) + QStringLiteral(")\n");
    for (const QString &i : items)
        out += QStringLiteral("  ") + i + u'\n';
}

QString ImportReport::toText() const
{
    QString out;
    out += QStringLiteral("Imported from: ") + sources.join(QStringLiteral(", ")) + u'\n';
    section(out, QStringLiteral("Added"), added);
    section(out, QStringLiteral("Updated"), updated);
    section(out, QStringLiteral("Unchanged"), unchanged);
    section(out, QStringLiteral("Skipped"), skipped);
    if (!warnings.isEmpty())
        section(out, QStringLiteral("Warnings"), warnings);
    out += QStringLiteral("Dependencies found: ") + QString::number(dependencies) + u'\n';
    return out;
}

} // namespace Ferry
