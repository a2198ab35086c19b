// SPDX-License-Identifier: MIT
#include "organization.h"

#include <QHash>
#include <QRegularExpression>

#include "resource.h"

namespace Ferry {

QString dependencyKindName(DependencyKind kind)
{
    switch (kind) {
    case DependencyKind::Network:
        return QStringLiteral("network");
    case DependencyKind::Data:
        return QStringLiteral("data");
    case DependencyKind::Dns:
        return QStringLiteral("dns");
    case DependencyKind::Attachment:
        return QStringLiteral("attachment");
    case DependencyKind::Membership:
        return QStringLiteral("membership");
    }
    return QString();
}

bool parseDependencyKind(const QString &name, DependencyKind *kind)
{
    for (auto k : {DependencyKind::Network, DependencyKind::Data, DependencyKind::Dns,
                   DependencyKind::Attachment, DependencyKind::Membership}) {
        if (dependencyKindName(k) == name) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QList<Environment> allEnvironments()
{
    return {Environment::Production,     Environment::Staging,  Environment::Development,
            Environment::SharedServices, Environment::Security, Environment::Sandbox};
}

QString environmentName(Environment env)
{
    switch (env) {
    case Environment::Production:
        return QStringLiteral("production");
    case Environment::Staging:
        return QStringLiteral("staging");
    case Environment::Development:
        return QStringLiteral("development");
    case Environment::SharedServices:
        return QStringLiteral("shared-services");
    case Environment::Security:
        return QStringLiteral("security");
    case Environment::Sandbox:
        return QStringLiteral("sandbox");
    }
    return QString();
}

QString environmentLabel(Environment env)
{
    switch (env) {
    case Environment::Production:
        return QStringLiteral("Production");
    case Environment::Staging:
        return QStringLiteral("Staging");
    case Environment::Development:
        return QStringLiteral("Development");
    case Environment::SharedServices:
        return QStringLiteral("Shared services");
    case Environment::Security:
        return QStringLiteral("Security");
    case Environment::Sandbox:
        return QStringLiteral("Sandbox");
    }
    return QString();
}

bool parseEnvironment(const QString &name, Environment *env)
{
    for (Environment e : allEnvironments()) {
        if (environmentName(e) == name) {
            *env = e;
            return true;
        }
    }
    return false;
}

Organization Organization::defaultLayout()
{
    Organization org;
    org.units = {{QStringLiteral("workloads"), QStringLiteral("Workloads"), QString()},
                 {QStringLiteral("infrastructure"), QStringLiteral("Infrastructure"), QString()}};
    auto acct = [](const char *id, Environment env, const char *unit) {
        Account a;
        a.id = QString::fromLatin1(id);
        a.name = a.id;
        a.unitId = QString::fromLatin1(unit);
        a.environment = env;
        return a;
    };
    org.accounts = {acct("production", Environment::Production, "workloads"),
                    acct("staging", Environment::Staging, "workloads"),
                    acct("development", Environment::Development, "workloads"),
                    acct("shared-services", Environment::SharedServices, "infrastructure")};
    return org;
}

const Account *Organization::account(const QString &id) const
{
    for (const Account &a : accounts)
        if (a.id == id)
            return &a;
    return nullptr;
}

Account *Organization::account(const QString &id)
{
    for (Account &a : accounts)
        if (a.id == id)
            return &a;
    return nullptr;
}

const OrganizationalUnit *Organization::unit(const QString &id) const
{
    for (const OrganizationalUnit &u : units)
        if (u.id == id)
            return &u;
    return nullptr;
}

const Account *Organization::findAccount(const QString &idOrName) const
{
    if (const Account *a = account(idOrName))
        return a;
    for (const Account &a : accounts)
        if (a.name.compare(idOrName, Qt::CaseInsensitive) == 0)
            return &a;
    return nullptr;
}

QString Organization::uniqueId(const QString &name) const
{
    QString base;
    for (QChar c : name.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
            base += c;
        else if (!base.endsWith(u'-'))
            base += u'-';
    }
    while (base.endsWith(u'-'))
        base.chop(1);
    if (base.isEmpty())
        base = QStringLiteral("account");
    QString id = base;
    for (int n = 2; account(id) || unit(id); ++n)
        id = base + u'-' + QString::number(n);
    return id;
}

bool isAwsAccountId(const QString &id)
{
    if (id.size() != 12)
        return false;
    for (QChar c : id)
        if (c < u'0' || c > u'9')
            return false;
    return true;
}

bool isAwsRegion(const QString &region)
{
    static const QRegularExpression form(QStringLiteral("^[a-z]{2}(-[a-z]+)+-\\d$"));
    return form.match(region).hasMatch();
}

bool isDigitalOceanRegion(const QString &region)
{
    static const QRegularExpression form(QStringLiteral("^[a-z]{3}\\d$"));
    return form.match(region).hasMatch();
}

QString targetCloudName(TargetCloud cloud)
{
    return cloud == TargetCloud::DigitalOcean ? QStringLiteral("digitalocean")
                                              : QStringLiteral("aws");
}

bool parseTargetCloud(const QString &name, TargetCloud *cloud)
{
    for (TargetCloud c : {TargetCloud::Aws, TargetCloud::DigitalOcean}) {
        if (targetCloudName(c) == name) {
            *cloud = c;
            return true;
        }
    }
    return false;
}

QString targetCloudTypePrefix(TargetCloud cloud)
{
    return targetCloudName(cloud) + u'_';
}

bool isEmailAddress(const QString &email)
{
    static const QRegularExpression form(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    return email.size() <= 64 && form.match(email).hasMatch();
}

const QList<ServiceControlPolicy> &serviceControlPolicies()
{
    static const QList<ServiceControlPolicy> policies = {
        {QStringLiteral("deny-leaving-organization"),
         QStringLiteral("Member accounts cannot leave the organization"),
         {QStringLiteral("organizations:LeaveOrganization")}},
        {QStringLiteral("deny-disabling-cloudtrail"),
         QStringLiteral("CloudTrail trails cannot be stopped, deleted or changed"),
         {QStringLiteral("cloudtrail:StopLogging"), QStringLiteral("cloudtrail:DeleteTrail"),
          QStringLiteral("cloudtrail:UpdateTrail"),
          QStringLiteral("cloudtrail:PutEventSelectors")}},
    };
    return policies;
}

QString managedPolicyOfRole(const QString &role)
{
    static const QHash<QString, QString> known = {
        {QStringLiteral("administrator"), QStringLiteral("AdministratorAccess")},
        {QStringLiteral("read-only"), QStringLiteral("ReadOnlyAccess")},
        {QStringLiteral("developer"), QStringLiteral("PowerUserAccess")},
        {QStringLiteral("billing"), QStringLiteral("job-function/Billing")},
    };
    return known.value(role);
}

} // namespace Ferry
