// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform export: what its folder writers share (terraformexport.cpp writes the
// account folders, terraformorganization.cpp the organization's).

#include "plan.h"
#include "terraformexport.h"

#include <QChar>
#include <QMap>
#include <QSet>
#include <QString>

namespace Ferry {

class HclWriter;

namespace TerraformExport {

/// Hands out labels unique within one namespace (a folder's block labels, an export's folder
/// names) and stable across exports: the first key (in the caller's deterministic order) to ask
/// for a base keeps it; a later one gets `separator` and 6 hex digits of a hash of its key.
class UniqueLabels
{
public:
    explicit UniqueLabels(QChar separator = u'_', QSet<QString> reserved = {})
        : m_separator(separator)
        , m_used(std::move(reserved))
    {}
    /// The label for `base`: `base` itself if free, else with the hash of `key` appended.
    QString claim(const QString &base, const QString &key);

private:
    QChar m_separator;
    QSet<QString> m_used;
};

/// `versions.tf`: Terraform ≥ 1.5, the AWS provider ~> 5.0.
void writeVersions(HclWriter &w);

/// A `variable` block; no default when `defaultExpr` is empty.
void writeVariable(HclWriter &w, const QString &name, const QString &description,
                   const QString &type, const QString &defaultExpr, bool sensitive);

/// The organization folder: OUs, accounts (existing ones adopted with `import` blocks), IAM
/// Identity Center permission sets, groups and assignments for the accounts' roles, and the
/// OUs' Service Control Policies (terraformorganization.cpp). DigitalOcean accounts are left
/// out: they are teams of their own.
void generateOrganization(const Plan &plan, const QString &folder, QMap<QString, QString> *files);

/// The folder of a DigitalOcean account (`cloud: digitalocean`, a team): versions.tf for the
/// digitalocean/digitalocean provider ~> 2.0, its project with every resource's URN, a VPC
/// (`defaultCidr`, or a variable without a default when empty), a `digitalocean_app` per
/// Heroku app with its databases in the spec, a `digitalocean_database_cluster` per Postgres
/// or Redis add-on (Valkey), database firewalls trusting the apps that use them, and outputs
/// (live URLs, private hosts; URIs sensitive). What it cannot write goes to
/// `summary->notWritten` (terraformdigitalocean.cpp).
void generateDigitalOceanAccount(const Plan &plan, const Account &account, const QString &folder,
                                 const QStringList &ids, const QString &defaultCidr,
                                 QMap<QString, QString> *files, Summary *summary);

} // namespace TerraformExport
} // namespace Ferry
