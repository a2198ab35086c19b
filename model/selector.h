// SPDX-License-Identifier: MIT
#pragma once

#include "plan.h"

namespace Ferry {

/// Selects resources of a plan for bulk edits (`ferry map`). A selector is one of:
/// - a resource id, or an id glob (`do:droplet:*`);
/// - `type:T`: Terraform type T, or any type ending in `_T` (`type:droplet` matches
///   `digitalocean_droplet`); `*` globs allowed;
/// - `tag:KEY` or `tag:KEY=VALUE` (VALUE may be a glob);
/// - `name:GLOB`;
/// - `provider:P`.
/// Returns the matching ids, sorted; `error` is set (and the result empty) for a malformed
/// selector such as `tag:`.
QStringList selectResources(const Plan &plan, const QString &selector, QString *error);

} // namespace Ferry
