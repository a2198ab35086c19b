// SPDX-License-Identifier: MIT
#include "plantrust.h"

#include "mapping.h"
#include "pgconninfo.h"
#include "secrets.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>

namespace Ferry {

namespace {

/// The settings key of a plan file: a hash of its absolute path (a path holds `/`, which
/// QSettings reads as groups).
QString planKey(const QString &planFile)
{
    const QString path = planFile.isEmpty() ? QString() : QFileInfo(planFile).absoluteFilePath();
    return QStringLiteral("plans/") +
           QString::fromLatin1(
               QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QString envKey(const QString &variable)
{
    return QStringLiteral("allow-env/") + QString::fromLatin1(variable.toUtf8().toHex());
}

/// The connection strings of a PostgreSQL-based check, by password prefix.
QList<std::pair<QString, QString>> postgresSides(const Check &check)
{
    switch (check.kind) {
    case CheckKind::Postgres:
        return {{QString(), check.target}};
    case CheckKind::Data:
        return {{QString(), check.target},
                {QStringLiteral("target_"), check.expect.value(QStringLiteral("target_database"))}};
    case CheckKind::Replication: {
        QList<std::pair<QString, QString>> sides = {{QString(), check.target}};
        if (!check.expect.value(QStringLiteral("subscriber")).isEmpty())
            sides.append(
                {QStringLiteral("subscriber_"), check.expect.value(QStringLiteral("subscriber"))});
        return sides;
    }
    default:
        return {};
    }
}

QString conninfoOf(const Check &check, const QString &prefix)
{
    for (const auto &[p, conninfo] : postgresSides(check))
        if (p == prefix)
            return conninfo;
    return QString();
}

} // namespace

QStringList sideHosts(const Check &check, const QString &prefix, QString *error)
{
    return connectionHosts(conninfoOf(check, prefix), error);
}

QList<CheckContact> checkContacts(const Check &check)
{
    QList<CheckContact> contacts;
    switch (check.kind) {
    case CheckKind::Dns:
        contacts.append({check.id, check.target, QString(), QString(), QString()});
        for (const char *key : {"nameserver", "compare_nameserver"})
            if (const QString ns = check.expect.value(QString::fromLatin1(key)); !ns.isEmpty())
                contacts.append({check.id, ns, QStringLiteral("53"), QString(), QString()});
        break;
    case CheckKind::Tcp:
    case CheckKind::Tls: {
        QString host;
        int port = 0;
        if (!parseEndpoint(check.target, &host, &port, 0))
            host = check.target;
        contacts.append(
            {check.id, host, port > 0 ? QString::number(port) : QString(), QString(), QString()});
        break;
    }
    case CheckKind::Http:
    case CheckKind::HttpCompare:
        for (const QString &target :
             {check.target, check.kind == CheckKind::HttpCompare
                                ? check.expect.value(QStringLiteral("compare_url"))
                                : QString()}) {
            if (target.isEmpty())
                continue;
            const QUrl url(target);
            contacts.append({check.id, url.host().isEmpty() ? target : url.host(),
                             url.port() > 0 ? QString::number(url.port()) : QString(), QString(),
                             QString()});
        }
        break;
    case CheckKind::Postgres:
    case CheckKind::Data:
    case CheckKind::Replication:
        for (const auto &[prefix, conninfo] : postgresSides(check)) {
            QString error;
            const QStringList hosts = connectionHosts(conninfo, &error);
            const PasswordSource source = passwordSource(check, prefix);
            const QString password = source.isEmpty()
                                         ? QStringLiteral("PGPASSWORD or ~/.pgpass, if set")
                                         : source.describe();
            const QString variable = !source.env.isEmpty() ? source.env
                                     : source.isEmpty() && qEnvironmentVariableIsSet("PGPASSWORD")
                                         ? QStringLiteral("PGPASSWORD")
                                         : QString();
            if (hosts.isEmpty())
                contacts.append({check.id, conninfo, QString(), password, QString()});
            for (const QString &h : hosts)
                contacts.append({check.id, h, QString(), password, variable});
        }
        break;
    }
    return contacts;
}

QString checksFingerprint(const QList<Check> &checks)
{
    QList<const Check *> sorted;
    for (const Check &c : checks)
        sorted.append(&c);
    std::sort(sorted.begin(), sorted.end(),
              [](const Check *a, const Check *b) { return a->id < b->id; });
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&](const QString &s) {
        const QByteArray utf8 = s.toUtf8();
        hash.addData(QByteArray(QByteArray::number(utf8.size()) + ':' + utf8));
    };
    for (const Check *c : std::as_const(sorted)) {
        add(c->id);
        add(checkKindName(c->kind));
        add(c->target);
        add(c->side);
        add(c->resource);
        add(QString::number(c->timeoutSeconds));
        add(QString::number(c->expect.size()));
        for (auto it = c->expect.cbegin(); it != c->expect.cend(); ++it) {
            add(it.key());
            add(it.value());
        }
    }
    return QString::fromLatin1(hash.result().toHex());
}

TrustStore::TrustStore(const QString &path)
    : m_settings(std::make_unique<QSettings>(path, QSettings::IniFormat))
{}

TrustStore::~TrustStore() = default;

TrustStore &TrustStore::user()
{
    static TrustStore store(
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
        QStringLiteral("/Ferry/trust.ini"));
    return store;
}

bool TrustStore::isPlanTrusted(const QString &planFile, const QList<Check> &checks) const
{
    m_settings->sync();
    return m_settings->value(planKey(planFile)).toString() == checksFingerprint(checks);
}

void TrustStore::trustPlan(const QString &planFile, const QList<Check> &checks)
{
    m_settings->setValue(planKey(planFile), checksFingerprint(checks));
    m_settings->sync();
}

bool TrustStore::isEnvAllowed(const QString &variable, const QString &host) const
{
    m_settings->sync();
    return m_settings->value(envKey(variable)).toStringList().contains(host.toLower());
}

void TrustStore::allowEnv(const QString &variable, const QString &host)
{
    QStringList hosts = m_settings->value(envKey(variable)).toStringList();
    if (!hosts.contains(host.toLower()))
        hosts.append(host.toLower());
    hosts.sort();
    m_settings->setValue(envKey(variable), hosts);
    m_settings->setValue(envKey(variable) + QStringLiteral("-name"), variable);
    m_settings->sync();
}

bool TrustStore::forbidEnv(const QString &variable, const QString &host)
{
    QStringList hosts = m_settings->value(envKey(variable)).toStringList();
    if (!hosts.removeOne(host.toLower()))
        return false;
    if (hosts.isEmpty()) {
        m_settings->remove(envKey(variable));
        m_settings->remove(envKey(variable) + QStringLiteral("-name"));
    } else {
        m_settings->setValue(envKey(variable), hosts);
    }
    m_settings->sync();
    return true;
}

QStringList TrustStore::allowedEnv() const
{
    m_settings->sync();
    QStringList lines;
    m_settings->beginGroup(QStringLiteral("allow-env"));
    for (const QString &key : m_settings->childKeys()) {
        if (key.endsWith(QLatin1String("-name")))
            continue;
        const QString name = m_settings->value(key + QStringLiteral("-name")).toString();
        for (const QString &host : m_settings->value(key).toStringList())
            lines.append(name + u' ' + host);
    }
    m_settings->endGroup();
    lines.sort();
    return lines;
}

QString TrustStore::passwordProblem(const Check &check, const QString &prefix) const
{
    const PasswordSource source = passwordSource(check, prefix);
    QString variable = source.env;
    if (source.isEmpty() && qEnvironmentVariableIsSet("PGPASSWORD"))
        variable = QStringLiteral("PGPASSWORD");
    if (variable.isEmpty())
        return QString();
    QString error;
    const QStringList hosts = sideHosts(check, prefix, &error);
    if (hosts.isEmpty())
        return error;
    for (const QString &host : hosts)
        if (!isEnvAllowed(variable, host))
            return QStringLiteral("environment variable %1 is not allowed to give a password to "
                                  "%2: a plan could name any variable and any host; allow it "
                                  "with `ferry secret allow-env %1 %2`%3")
                .arg(variable, host,
                     variable == QLatin1String("PGPASSWORD")
                         ? QStringLiteral(" (libpq would send PGPASSWORD: the check names no "
                                          "password source), or use ~/.pgpass or a keychain "
                                          "entry")
                         : QStringLiteral(", or use a keychain entry"));
    return QString();
}

} // namespace Ferry
