// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Ferry {

/// The environment an AWS account serves in the landing zone.
enum class Environment { Production, Staging, Development, SharedServices, Security, Sandbox };

/// Plan-file name: `production`, `staging`, `development`, `shared-services`, `security`,
/// `sandbox`.
QString environmentName(Environment env);
/// Human-readable label ("Shared services").
QString environmentLabel(Environment env);
/// Parses a plan-file name; returns false when unknown.
bool parseEnvironment(const QString &name, Environment *env);
/// All environments in display order.
QList<Environment> allEnvironments();

/// An organizational unit (OU) of an AWS Organization. `parentId` is empty for a unit directly
/// under the organization root.
struct OrganizationalUnit
{
    QString id;   ///< stable slug, unique among units and accounts
    QString name; ///< display name
    QString parentId;
    /// Service Control Policies attached to the unit, by name (serviceControlPolicies()).
    QStringList policies;
    bool operator==(const OrganizationalUnit &) const = default;
};

/// The cloud a target account is in.
enum class TargetCloud { Aws, DigitalOcean };

/// Plan-file name: `aws`, `digitalocean`.
QString targetCloudName(TargetCloud cloud);
/// Parses a plan-file name; returns false when unknown.
bool parseTargetCloud(const QString &name, TargetCloud *cloud);
/// The Terraform type prefix of the cloud's provider: `aws_`, `digitalocean_`.
QString targetCloudTypePrefix(TargetCloud cloud);

/// A target account: a member account of the AWS Organization, or (cloud DigitalOcean) a
/// DigitalOcean team, whose resources Ferry groups in one project named after the account.
struct Account
{
    QString id;     ///< stable slug; mappings refer to it, renaming keeps it
    QString name;   ///< display and Terraform folder name
    QString unitId; ///< OU the account sits in, empty for the root
    Environment environment = Environment::Development;
    /// Default region: an AWS region code, or a DigitalOcean region slug (`nyc3`, `ams3`).
    QString region = QStringLiteral("us-east-1");
    /// The cloud the account is in; the AWS-only fields below are empty for DigitalOcean.
    TargetCloud cloud = TargetCloud::Aws;
    /// The 12-digit AWS account id of an account that exists already (the organization
    /// folder adopts it with an `import` block instead of creating it); empty: a new account.
    QString awsAccountId;
    /// The root user's e-mail address of a new account; empty: a variable asks for it.
    QString email;
    /// Roles people take in the account (IAM Identity Center permission sets, by name:
    /// `administrator`, `read-only`, `developer`, or one of the team's), sorted, each once.
    QStringList roles;
    bool operator==(const Account &) const = default;
};

/// True when `id` is a 12-digit AWS account id.
bool isAwsAccountId(const QString &id);
/// True when `region` has the form of an AWS region code (`us-east-1`, `us-gov-west-1`).
bool isAwsRegion(const QString &region);
/// True when `region` has the form of a DigitalOcean region slug (`nyc3`, `ams3`, `fra1`).
bool isDigitalOceanRegion(const QString &region);
/// True when `email` looks like one e-mail address (`name@example.com`, at most 64 characters).
bool isEmailAddress(const QString &email);

/// A Service Control Policy Ferry offers (docs/exports.md, "Organization").
struct ServiceControlPolicy
{
    QString name;        ///< `deny-leaving-organization`
    QString description; ///< one line for a person
    QStringList actions; ///< the IAM actions it denies
};

/// The Service Control Policies Ferry can attach to an OU: denying to leave the organization,
/// and denying to stop or delete CloudTrail trails.
const QList<ServiceControlPolicy> &serviceControlPolicies();

/// The AWS managed policy of a well-known role (`administrator` → `AdministratorAccess`,
/// `read-only` → `ReadOnlyAccess`, `developer` → `PowerUserAccess`, `billing` → `Billing`),
/// empty for a role of the team's own.
QString managedPolicyOfRole(const QString &role);

/// The target layout: an AWS Organization with OUs and accounts.
struct Organization
{
    QString name = QStringLiteral("Organization");
    QList<OrganizationalUnit> units;
    QList<Account> accounts;

    bool operator==(const Organization &) const = default;

    /// The layout such migrations commonly start from: production, staging and development
    /// accounts under a "Workloads" OU and a shared-services account under "Infrastructure".
    static Organization defaultLayout();

    /// Account by id, nullptr when there is none.
    const Account *account(const QString &id) const;
    Account *account(const QString &id);
    /// OU by id, nullptr when there is none.
    const OrganizationalUnit *unit(const QString &id) const;
    /// Account by id, or failing that by display name (case-insensitive); nullptr if none.
    const Account *findAccount(const QString &idOrName) const;
    /// A new id made from `name` (lower case, `-` for other characters) that no unit or
    /// account uses yet.
    QString uniqueId(const QString &name) const;
};

} // namespace Ferry
