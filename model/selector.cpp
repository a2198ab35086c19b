// SPDX-License-Identifier: MIT
#include "selector.h"

#include "mappingrules.h"

#include <functional>

namespace Ferry {

QStringList selectResources(const Plan &plan, const QString &selector, QString *error)
{
    std::function<bool(const Resource &)> match;
    auto valueAfter = [&](QLatin1String prefix) {
        return selector.mid(prefix.size());
    };
    if (selector.startsWith(QLatin1String("type:"))) {
        const QString t = valueAfter(QLatin1String("type:"));
        match = [t](const Resource &r) {
            return globMatch(t, r.type) || globMatch(u'*' + (u'_' + t), r.type);
        };
        if (t.isEmpty())
            *error = QStringLiteral("selector 'type:' needs a type, e.g. type:droplet");
    } else if (selector.startsWith(QLatin1String("tag:"))) {
        const QString spec = valueAfter(QLatin1String("tag:"));
        const qsizetype eq = spec.indexOf(u'=');
        const QString key = eq < 0 ? spec : spec.left(eq);
        const QString value = eq < 0 ? QString() : spec.mid(eq + 1);
        match = [key, value, eq](const Resource &r) {
            auto it = r.tags.constFind(key);
            return it != r.tags.cend() && (eq < 0 || globMatch(value, it.value()));
        };
        if (key.isEmpty())
            *error = QStringLiteral("selector 'tag:' needs a key, e.g. tag:env=prod");
    } else if (selector.startsWith(QLatin1String("name:"))) {
        const QString g = valueAfter(QLatin1String("name:"));
        match = [g](const Resource &r) {
            return globMatch(g, r.name);
        };
        if (g.isEmpty())
            *error = QStringLiteral("selector 'name:' needs a glob, e.g. name:web-*");
    } else if (selector.startsWith(QLatin1String("provider:"))) {
        const QString p = valueAfter(QLatin1String("provider:"));
        match = [p](const Resource &r) {
            return r.provider == p;
        };
    } else {
        match = [selector](const Resource &r) {
            return globMatch(selector, r.id);
        };
    }
    if (error && !error->isEmpty())
        return {};
    QStringList ids;
    for (const auto &[id, r] : plan.inventory.resources)
        if (match(r))
            ids.append(id);
    return ids;
}

} // namespace Ferry
