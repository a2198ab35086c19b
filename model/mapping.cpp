// SPDX-License-Identifier: MIT
#include "mapping.h"

#include <QRegularExpression>

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

bool isEndpoint(const QString &endpoint)
{
    QString host;
    int port = 0;
    return parseEndpoint(endpoint, &host, &port, 1);
}

bool parseEndpoint(const QString &endpoint, QString *host, int *port, int defaultPort)
{
    static const QRegularExpression form(
        QStringLiteral("^([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::([0-9]{1,5}))?$"));
    const QRegularExpressionMatch m = form.match(endpoint);
    if (!m.hasMatch())
        return false;
    const int p = m.captured(2).isEmpty() ? defaultPort : m.captured(2).toInt();
    if (p < 1 || p > 65535)
        return false;
    *host = m.captured(1);
    *port = p;
    return true;
}

QStringList databaseNames(const QString &commaSeparated)
{
    QStringList out;
    for (const QString &db : commaSeparated.split(u',', Qt::SkipEmptyParts))
        if (const QString name = db.trimmed(); !name.isEmpty())
            out.append(name);
    out.sort();
    out.removeDuplicates();
    return out;
}

QStringList serviceNames(const QString &commaSeparated, const QString &primary)
{
    QStringList out = databaseNames(commaSeparated);
    out.removeAll(primary);
    return out;
}

} // namespace Ferry
