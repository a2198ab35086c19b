// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "inventory.h"

#include <QByteArray>
#include <QString>

namespace Ferry {

/// One source format Ferry imports an inventory from. Implementations are stateless; `read`
/// may be called from a worker thread.
class Importer
{
public:
    virtual ~Importer() = default;
    /// Short id used by `--format` (`tfstate`, `digitalocean`).
    virtual QString formatId() const = 0;
    /// File-dialog filter ("Terraform state (*.tfstate *.json)").
    virtual QString nameFilter() const = 0;
    /// True when the first bytes of a file (up to 64 KiB) look like this format.
    virtual bool canRead(const QByteArray &head, const QString &fileName) const = 0;
    /// Reads `path` into `out`, adding what it skipped and why to `report`. On error returns
    /// false with a located error; `out` may then hold a partial result the caller discards.
    virtual bool read(const QString &path, Inventory *out, ImportReport *report,
                      FileError *error) const = 0;
};

} // namespace Ferry
