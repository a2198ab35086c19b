// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

#include <QMap>

namespace Ferry {

/// Generates Terraform stubs (HCL, AWS provider ~> 5.0) from a plan: one folder per account
/// that has mapped resources (`<account>/versions.tf`, `providers.tf`, `main.tf`,
/// `variables.tf`, `outputs.tf`) and an `organization/` folder with the OUs and accounts
/// (`aws_organizations_organizational_unit`, `aws_organizations_account`).
///
/// Every value a person must decide carries a `# TODO` comment line above it; secrets become
/// variables marked `sensitive = true`, never literals. Output is deterministic (resources in
/// id order) and laid out as `terraform fmt` would leave it (see HclWriter).
namespace TerraformExport {

/// Relative path (`production/main.tf`) → file content.
QMap<QString, QString> generate(const Plan &plan);

/// Writes `files` below `directory` (created if missing), each atomically (QSaveFile).
/// Returns false and sets `error` to the first failure ("path: reason").
bool writeFiles(const QString &directory, const QMap<QString, QString> &files, QString *error);

} // namespace TerraformExport
} // namespace Ferry
