// SPDX-License-Identifier: MIT
#include "firewallrules.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

#include <array>
#include <utility>

namespace Ferry::FirewallRules {

namespace {

using Kind = FirewallSource::Kind;

/// The prefixes of the sources that name a resource, in Kind order after Address.
constexpr std::array<std::pair<Kind, const char *>, 6> kPrefixes = {{
    {Kind::Droplet, "droplet:"},
    {Kind::LoadBalancer, "load_balancer:"},
    {Kind::Kubernetes, "kubernetes:"},
    {Kind::Tag, "tag:"},
    {Kind::App, "app:"},
    {Kind::SecurityGroup, "security_group:"},
}};

bool isClean(const QString &value)
{
    for (QChar c : value)
        if (c == u',' || c == u';' || c.isSpace() || c.category() == QChar::Other_Control)
            return false;
    return true;
}

QString sourceText(const FirewallSource &s)
{
    if (s.kind == Kind::Self)
        return QStringLiteral("self");
    for (const auto &[kind, prefix] : kPrefixes)
        if (kind == s.kind)
            return QLatin1String(prefix) + s.value;
    return s.value;
}

QString portsText(const FirewallRule &r)
{
    if (!r.hasPorts())
        return QString();
    if (r.allPorts())
        return QStringLiteral(" all");
    if (r.fromPort == r.toPort)
        return u' ' + QString::number(r.fromPort);
    return QStringLiteral(" %1-%2").arg(r.fromPort).arg(r.toPort);
}

} // namespace

QString formatSources(const QList<FirewallSource> &sources)
{
    QStringList items;
    for (const FirewallSource &s : sources)
        if (s.kind == Kind::Self || (!s.value.isEmpty() && isClean(s.value)))
            items.append(sourceText(s));
    return items.join(QStringLiteral(", "));
}

QString format(const QList<FirewallRule> &rules)
{
    QStringList out;
    for (const FirewallRule &r : rules) {
        const QString sources = formatSources(r.sources);
        if (!sources.isEmpty() && isClean(r.protocol) && !r.protocol.isEmpty())
            out.append(r.protocol + portsText(r) + QStringLiteral(" from ") + sources);
    }
    return out.join(QStringLiteral("; "));
}

QList<FirewallSource> parseSources(const QString &text)
{
    QList<FirewallSource> out;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts)) {
        const QString t = item.trimmed();
        if (t.isEmpty())
            continue;
        if (t == QLatin1String("self")) {
            out.append({Kind::Self, QString()});
            continue;
        }
        FirewallSource s{Kind::Address, t};
        for (const auto &[kind, prefix] : kPrefixes)
            if (t.startsWith(QLatin1String(prefix))) {
                s = {kind, t.mid(qsizetype(qstrlen(prefix)))};
                break;
            }
        if (!s.value.isEmpty())
            out.append(s);
    }
    return out;
}

bool setPorts(FirewallRule *rule, const QString &ports)
{
    static const QRegularExpression range(QStringLiteral("^(\\d{1,5})(?:-(\\d{1,5}))?$"));
    const QString p = ports.trimmed();
    if (p.isEmpty() || p == QLatin1String("all") || p == QLatin1String("0") ||
        p == QLatin1String("1-65535") || p == QLatin1String("0-65535")) {
        rule->fromPort = 0;
        rule->toPort = 65535;
        return true;
    }
    const QRegularExpressionMatch m = range.match(p);
    if (!m.hasMatch())
        return false;
    const int from = m.captured(1).toInt();
    const int to = m.captured(2).isEmpty() ? from : m.captured(2).toInt();
    if (from < 1 || to > 65535 || to < from)
        return false;
    rule->fromPort = from;
    rule->toPort = to;
    return true;
}

QList<FirewallRule> parse(const QString &text, QStringList *problems)
{
    static const QRegularExpression shape(
        QStringLiteral("^(tcp|udp|icmp|all)(?: +(\\S+))? +from +(.+)$"));
    QList<FirewallRule> out;
    for (const QString &item : text.split(u';', Qt::SkipEmptyParts)) {
        const QString t = item.trimmed();
        if (t.isEmpty())
            continue;
        const QRegularExpressionMatch m = shape.match(t);
        FirewallRule rule;
        bool ok = m.hasMatch();
        if (ok) {
            rule.protocol = m.captured(1);
            rule.sources = parseSources(m.captured(3));
            if (rule.hasPorts())
                ok = setPorts(&rule, m.captured(2));
            else
                ok = m.captured(2).isEmpty();
        }
        if (ok && !rule.sources.isEmpty())
            out.append(rule);
        else if (problems)
            problems->append(t);
    }
    return out;
}

bool sourceFor(const QString &key, const QString &value, FirewallSource *out)
{
    static const QHash<QString, Kind> kinds = {
        {QStringLiteral("addresses"), Kind::Address},
        {QStringLiteral("ip_addr"), Kind::Address},
        {QStringLiteral("droplet_ids"), Kind::Droplet},
        {QStringLiteral("droplet"), Kind::Droplet},
        {QStringLiteral("load_balancer_uids"), Kind::LoadBalancer},
        {QStringLiteral("kubernetes_ids"), Kind::Kubernetes},
        {QStringLiteral("k8s"), Kind::Kubernetes},
        {QStringLiteral("tags"), Kind::Tag},
        {QStringLiteral("tag"), Kind::Tag},
        {QStringLiteral("app"), Kind::App},
    };
    QString k = key;
    if (k.startsWith(QLatin1String("source_")))
        k = k.mid(7);
    const auto it = kinds.constFind(k);
    if (it == kinds.cend() || value.trimmed().isEmpty())
        return false;
    *out = {it.value(), value.trimmed()};
    return true;
}

} // namespace Ferry::FirewallRules
