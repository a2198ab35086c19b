// SPDX-License-Identifier: MIT
#pragma once

#include "importer.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace Ferry {

/// Runs importers on a set of files: detects each file's format from its content (or uses the
/// forced `format`), reads every file, and merges the results into one inventory, so a single
/// import (one undo step in the GUI) can combine a Terraform state with DigitalOcean API bodies.
namespace ImportService {

/// Every importer Ferry has, in detection order.
const std::vector<std::unique_ptr<Importer>> &importers();
/// Ids accepted by `--format`.
QStringList formatIds();
/// The importer for a file, from `format` when given, otherwise detected from the first
/// 64 KiB; nullptr when none fits (error set).
const Importer *detect(const QString &path, const QString &format, FileError *error);
/// Imports all `paths`. On any error (or a cancel through `progress`) returns false; `out` is
/// then unspecified and the caller's plan must stay as it was. A file that gives no resource
/// (a compose file taken for DigitalOcean bodies, a state of data sources only) is an error
/// naming it and what its format needs. `progress` (may be null) gets
/// the total size of the files and the bytes read so far.
bool importFiles(const QStringList &paths, const QString &format, Inventory *out,
                 ImportReport *report, FileError *error, ImportProgress *progress = nullptr);

} // namespace ImportService
} // namespace Ferry
