// SPDX-License-Identifier: MIT
// What the blocks of one account folder know of each other (AccountOutput): the folder's
// dependencies by resource, the addresses that moved, a Heroku app's process types.
#include "terraformresources.h"

#include "resourcekind.h"

namespace Ferry::TerraformExport {

const QStringList &AccountOutput::neighbours(const QString &id) const
{
    // The folder's dependencies by resource, indexed on the first question (a scan of every
    // dependency per question made a 50,000-resource export take 20 s).
    if (!m_neighboursBuilt) {
        for (const Dependency &d : plan->inventory.dependencies) {
            const bool from = addresses.contains(d.from), to = addresses.contains(d.to);
            if (from && to) {
                m_neighbours[d.from].append(d.to);
                m_neighbours[d.to].append(d.from);
            }
        }
        m_neighboursBuilt = true;
    }
    static const QStringList none;
    const auto it = m_neighbours.constFind(id);
    return it == m_neighbours.cend() ? none : *it;
}

QList<const Resource *> AccountOutput::relatedSources(const QString &id, const QString &type) const
{
    QList<const Resource *> result;
    for (const QString &other : neighbours(id))
        if (const Resource *r = plan->resource(other); r && r->type == type && !result.contains(r))
            result.append(r);
    return result;
}

const Resource *AccountOutput::herokuAppOf(const Resource &processType) const
{
    const QList<const Resource *> apps =
        relatedSources(processType.id, QStringLiteral("heroku_app"));
    return apps.isEmpty() ? nullptr : apps.first();
}

const Resource *AccountOutput::webProcessOf(const QString &appId) const
{
    for (const Resource *p : relatedSources(appId, QStringLiteral("heroku_formation")))
        if (p->name == QLatin1String("web"))
            return p;
    return nullptr;
}

QStringList AccountOutput::related(const QString &id, const QString &service) const
{
    QStringList result;
    const QString prefix = service + u'.';
    for (const QString &other : neighbours(id)) {
        const QString address = addresses.value(other);
        if (address.startsWith(prefix) && !result.contains(address))
            result.append(address);
    }
    return result;
}

QString AccountOutput::ownerOfAddress(const QString &ip) const
{
    if (!m_ipOwnersBuilt) {
        for (auto it = addresses.cbegin(); it != addresses.cend(); ++it)
            if (const Resource *r = plan->resource(it.key()))
                if (const QString v4 = r->attributes.value(QStringLiteral("ipv4")); !v4.isEmpty())
                    m_ipOwners.insert(v4, it.value());
        m_ipOwnersBuilt = true;
    }
    return m_ipOwners.value(ip);
}

QString AccountOutput::firstRelated(const QString &id, const QString &service) const
{
    const QStringList all = related(id, service);
    return all.isEmpty() ? QString() : all.first();
}

} // namespace Ferry::TerraformExport
