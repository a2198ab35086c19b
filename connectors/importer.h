// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "inventory.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>

namespace Ferry {

/// Progress of a running import, shared between the worker thread that imports and the GUI
/// thread that shows it: bytes read so far of the bytes to read, and a cancel request the
/// importers honour between resources.
class ImportProgress
{
public:
    std::atomic<qint64> total{0}; ///< bytes of all files of the import
    std::atomic<qint64> done{0};  ///< bytes read so far
    std::atomic<bool> cancelRequested{false};

    /// True once cancelRequested was set (by the GUI's Cancel button).
    bool isCancelled() const { return cancelRequested.load(std::memory_order_relaxed); }
    /// Done as a percentage, 0–100.
    int percent() const
    {
        const qint64 t = total.load();
        return t > 0 ? int(qMin<qint64>(100, done.load() * 100 / t)) : 0;
    }
};

/// One source format Ferry imports an inventory from. Implementations are stateless; `read`
/// may be called from a worker thread.
class Importer
{
public:
    /// Importers are used through this interface (ImportService::importers()).
    virtual ~Importer() = default;
    /// Short id used by `--format` (`tfstate`, `digitalocean`).
    virtual QString formatId() const = 0;
    /// File-dialog filter ("Terraform state (*.tfstate *.json)").
    virtual QString nameFilter() const = 0;
    /// What a file of this format must hold for an import to use it, for the error that refuses
    /// one holding nothing ("a Terraform state with managed resources").
    virtual QString expectedContent() const = 0;
    /// True when the first bytes of a file (up to 64 KiB) look like this format.
    virtual bool canRead(const QByteArray &head, const QString &fileName) const = 0;
    /// Reads `path` into `out`, adding what it skipped and why to `report`. On error (or when
    /// `progress` asks to cancel) returns false with a located error; `out` may then hold a
    /// partial result the caller discards. `progress` may be null; importers add the bytes they
    /// have read to `progress->done`.
    virtual bool read(const QString &path, Inventory *out, ImportReport *report, FileError *error,
                      ImportProgress *progress = nullptr) const = 0;
    /// Reads several files of this format as one import, so that what one file names in another
    /// is found (a firewall's droplets, an instance's VPC). By default one by one, a file that
    /// gives no resource refused (nothingToImport()); importers that read files together
    /// override it.
    virtual bool readFiles(const QStringList &paths, Inventory *out, ImportReport *report,
                           FileError *error, ImportProgress *progress = nullptr) const;
};

/// The error that refuses `path`, read as `importer`'s format, for giving nothing Ferry can use
/// (no resource, no relationship), at the start of the document: it names the format and what
/// the file would need to hold, so that an import never writes an empty plan as if it had
/// worked.
inline FileError nothingToImport(const QString &path, const Importer &importer)
{
    return {path, 1, 1,
            QStringLiteral("holds nothing Ferry can import: read as %1 (%2), it gave no "
                           "resource; expected %3")
                .arg(importer.formatId(), importer.nameFilter(), importer.expectedContent())};
}

inline bool Importer::readFiles(const QStringList &paths, Inventory *out, ImportReport *report,
                                FileError *error, ImportProgress *progress) const
{
    for (const QString &path : paths) {
        Inventory part;
        if (!read(path, &part, report, error, progress))
            return false;
        if (part.resources.empty()) {
            *error = nothingToImport(path, *this);
            return false;
        }
        out->merge(std::move(part));
    }
    return true;
}

} // namespace Ferry
