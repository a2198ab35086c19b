// SPDX-License-Identifier: MIT
#pragma once

#include "exportfolder.h"
#include "plan.h"

#include <QHash>
#include <QMap>

namespace Ferry {

/// Generates Terraform (HCL) from a plan: one folder per account that has mapped resources
/// (`<account>/versions.tf`, `providers.tf`, `main.tf`, `variables.tf`, `outputs.tf`) for the
/// AWS provider ~> 5.0, or for the DigitalOcean provider ~> 2.0 where the account is a
/// DigitalOcean team, and, where the plan has AWS accounts, an `organization/` folder with the
/// OUs and accounts (`aws_organizations_organizational_unit`, `aws_organizations_account`).
///
/// Every value a person must decide carries a `# TODO` comment line above it; secrets become
/// variables marked `sensitive = true`, never literals. Output is deterministic (resources in
/// id order) and laid out as `terraform fmt` would leave it (see HclWriter).
namespace TerraformExport {

/// What generate() wrote, for the summary a user reads and the exit code.
struct Summary
{
    /// Account folder → number of resource blocks in its main.tf.
    QMap<QString, int> resourcesPerFolder;
    /// Mapped resources (neither retired nor retained) that got no block: "id: reason" (no
    /// target service chosen, or one that is not a Terraform type name). An export is complete
    /// only when this is empty.
    QStringList notWritten;
};

/// The folder of each account (account id → folder name, no slash): the account's name as a
/// slug (`Production!` → `production`), unique among the accounts and never
/// organizationFolder(); where two accounts would share one, the account first in id order keeps
/// it and the others get `-` and 6 hex digits of a hash of their id (`production-1f3a9c`), so a
/// folder stays the same across exports.
QHash<QString, QString> accountFolders(const Organization &organization);

/// The block labels of a DigitalOcean team's folder (`digitalocean_app.<label>`), resource id →
/// label, for the mapped resources `ids` of one account in id order: what the runbook names
/// its variables and outputs by (`<label>_config_vars`, `<label>_live_url`).
QHash<QString, QString> digitalOceanLabels(const Plan &plan, const QStringList &ids);

/// The block labels of an AWS account's folder (`aws_db_instance.<label>`), resource id →
/// label, for the resources `ids` of the account in `folder` in id order: every source that
/// gets a block or is adopted; the sources absorbed by the account's one EKS cluster share its
/// label (`<folder>_eks`). The runbook names outputs by them (`<label>_endpoint`). A mapping's
/// further targets (Mapping::alsoServices) are under alsoLabelKey(): the source's label and the
/// type less its provider (`web_s3_bucket`), claimed after every source's own.
QHash<QString, QString> awsLabels(const Plan &plan, const QString &folder, const QStringList &ids);
/// The key of awsLabels() under which the label of further target `service` of resource `id` is.
QString alsoLabelKey(const QString &id, const QString &service);
/// The folder of the organization's OUs and accounts, `organization`.
QString organizationFolder();
/// The Parameter Store path under which a Heroku app's config vars live on AWS, one SecureString
/// per var: `/<app>/` with the app's name in lowercase letters, digits and hyphens (the runbook's
/// deploy step writes them; the app's task execution role may read them).
QString configParameterPath(const QString &appName);

/// True for a DNS record that the cutover switches to the migrated service: A, AAAA, CNAME or
/// ALIAS (a record without a type is an A record); NS, SOA, MX, TXT… keep their values. Its
/// block in an AWS account or DigitalOcean team serves the source's value, with a TTL of 60 s,
/// until the runbook's switch step sets `<label>_switched = true` in the folder's
/// `terraform.tfvars` (and its cleanup `<label>_ttl`), so that Terraform and the runbook agree.
bool isSwitchedRecord(const Resource &r);

/// True when `s` looks like a Terraform resource type name (`aws_db_instance`): lower-case
/// words joined by `_`, the provider's name first.
bool isTerraformType(const QString &s);

/// Relative path (`production/main.tf`) → file content; `summary`, when given, says what each
/// folder holds and which mapped resources got no block.
QMap<QString, QString> generate(const Plan &plan, Summary *summary = nullptr);

/// Writes `files` below `directory` through ExportFolder::write(): only into a new or empty
/// folder or one Ferry wrote before, removing the stale files of the previous export.
bool writeFiles(const QString &directory, const QMap<QString, QString> &files,
                ExportFolder::Result *result, QString *error);

/// What an export did, for a person: the files written per folder with each folder's resource
/// blocks, the stale files removed, and every mapped resource that got no block (names shown
/// with Escape::visible()). Lines end in `\n`.
QString summaryText(const Summary &summary, const ExportFolder::Result &result);

} // namespace TerraformExport
} // namespace Ferry
