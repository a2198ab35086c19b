// SPDX-License-Identifier: MIT
#include "mapping.h"

namespace Ferry {

QList<Strategy> allStrategies()
{
    return {Strategy::Rehost, Strategy::Replatform, Strategy::Refactor, Strategy::Repurchase,
            Strategy::Retire, Strategy::Retain,     Strategy::Relocate};
}

QString strategyName(Strategy s)
{
    switch (s) {
    case Strategy::Rehost:
        return QStringLiteral("rehost");
    case Strategy::Replatform:
        return QStringLiteral("replatform");
    case Strategy::Refactor:
        return QStringLiteral("refactor");
    case Strategy::Repurchase:
        return QStringLiteral("repurchase");
    case Strategy::Retire:
        return QStringLiteral("retire");
    case Strategy::Retain:
        return QStringLiteral("retain");
    case Strategy::Relocate:
        return QStringLiteral("relocate");
    }
    return QString();
}

bool parseStrategy(const QString &name, Strategy *s)
{
    for (Strategy x : allStrategies()) {
        if (strategyName(x).compare(name, Qt::CaseInsensitive) == 0) {
            *s = x;
            return true;
        }
    }
    return false;
}

} // namespace Ferry
