// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

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
    bool operator==(const OrganizationalUnit &) const = default;
};

/// A target AWS account (a member account of the organization).
struct Account
{
    QString id;     ///< stable slug; mappings refer to it, renaming keeps it
    QString name;   ///< display and Terraform folder name
    QString unitId; ///< OU the account sits in, empty for the root
    Environment environment = Environment::Development;
    QString region = QStringLiteral("us-east-1"); ///< default AWS region
    bool operator==(const Account &) const = default;
};

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
