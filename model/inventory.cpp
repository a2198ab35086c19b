// SPDX-License-Identifier: MIT
#include "inventory.h"

#include <QMap>

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

namespace {

/// Sections of at most this many items are listed whole in a summary report.
constexpr qsizetype kListedInSummary = 20;

void section(QString &out, const QString &title, const QStringList &items, bool verbose)
{
    out += title + QStringLiteral(" (") + QString::number(items.size()) + QStringLiteral(")\n");
    const qsizetype shown = verbose || items.size() <= kListedInSummary ? items.size() : 10;
    for (qsizetype i = 0; i < shown; ++i)
        out += QStringLiteral("  ") + items[i] + u'\n';
    if (shown < items.size())
        out += QStringLiteral("  … and %1 more (--verbose lists them)\n").arg(items.size() - shown);
}

/// The resource type of a skipped item's address (`module.a.data.aws_ami.x[0]` → `aws_ami`,
/// data sources marked `data.`), or the address itself when it has no Terraform shape.
QString skippedKind(const QString &address)
{
    QStringList parts = address.split(u'.');
    while (parts.size() >= 2 && parts.front() == QLatin1String("module"))
        parts = parts.mid(2);
    if (parts.size() >= 3 && parts.front() == QLatin1String("data"))
        return QStringLiteral("data.") + parts[1];
    if (parts.size() >= 2)
        return parts.front();
    return QString();
}

/// Skipped items grouped by kind and reason: `  12 × data.aws_ami — data source`.
void skippedSummary(QString &out, const QStringList &skipped)
{
    QMap<QString, qsizetype> groups;
    for (const QString &item : skipped) {
        const qsizetype dash = item.indexOf(QStringLiteral(" — "));
        const QString address = dash < 0 ? item : item.left(dash);
        const QString reason = dash < 0 ? QString() : item.mid(dash + 3);
        const QString kind = skippedKind(address);
        ++groups[(kind.isEmpty() ? QString() : kind + QStringLiteral(" — ")) + reason];
    }
    out += QStringLiteral("Skipped (%1, by type; --verbose lists them)\n").arg(skipped.size());
    for (auto it = groups.cbegin(); it != groups.cend(); ++it)
        out += QStringLiteral("  %1 × %2\n").arg(it.value()).arg(it.key());
}

} // namespace

QString ImportReport::toText(Detail detail) const
{
    const bool verbose = detail == Detail::Full;
    QString out;
    out += QStringLiteral("Imported from: ") + sources.join(QStringLiteral(", ")) + u'\n';
    section(out, QStringLiteral("Added"), added, verbose);
    section(out, QStringLiteral("Updated"), updated, verbose);
    section(out, QStringLiteral("Unchanged"), unchanged, verbose);
    if (verbose || skipped.size() <= kListedInSummary)
        section(out, QStringLiteral("Skipped"), skipped, true);
    else
        skippedSummary(out, skipped);
    if (!warnings.isEmpty())
        section(out, QStringLiteral("Warnings"), warnings, verbose);
    out += QStringLiteral("Dependencies found: ") + QString::number(dependencies) + u'\n';
    return out;
}

} // namespace Ferry
