// SPDX-License-Identifier: MIT
#include "importservice.h"

#include "digitaloceanimporter.h"
#include "herokuimporter.h"
#include "tfstateimporter.h"

#include <QFile>
#include <QFileInfo>

namespace Ferry::ImportService {

const std::vector<std::unique_ptr<Importer>> &importers()
{
    static const std::vector<std::unique_ptr<Importer>> list = [] {
        std::vector<std::unique_ptr<Importer>> l;
        l.push_back(std::make_unique<TfStateImporter>());
        l.push_back(std::make_unique<HerokuImporter>());
        l.push_back(std::make_unique<DigitalOceanImporter>());
        return l;
    }();
    return list;
}

QStringList formatIds()
{
    QStringList ids;
    for (const auto &i : importers())
        ids.append(i->formatId());
    return ids;
}

const Importer *detect(const QString &path, const QString &format, FileError *error)
{
    if (!format.isEmpty()) {
        for (const auto &i : importers())
            if (i->formatId() == format)
                return i.get();
        *error = {path, 0, 0,
                  QStringLiteral("unknown format '%1' (known: %2)")
                      .arg(format, formatIds().join(QStringLiteral(", ")))};
        return nullptr;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = {path, 0, 0, f.errorString()};
        return nullptr;
    }
    const QByteArray head = f.read(64 * 1024);
    for (const auto &i : importers())
        if (i->canRead(head, QFileInfo(path).fileName()))
            return i.get();
    *error = {path, 0, 0,
              QStringLiteral("unrecognised format; use --format %1").arg(formatIds().join(u'|'))};
    return nullptr;
}

bool importFiles(const QStringList &paths, const QString &format, Inventory *out,
                 ImportReport *report, FileError *error, ImportProgress *progress)
{
    if (progress) {
        qint64 total = 0;
        for (const QString &path : paths)
            total += QFileInfo(path).size();
        progress->total = total;
        progress->done = 0;
    }
    QStringList digitalOcean;
    for (const QString &path : paths) {
        const Importer *importer = detect(path, format, error);
        if (!importer)
            return false;
        // DigitalOcean bodies are read together, so edges across files are found.
        if (dynamic_cast<const DigitalOceanImporter *>(importer)) {
            digitalOcean.append(path);
            continue;
        }
        Inventory part;
        if (!importer->read(path, &part, report, error, progress))
            return false;
        if (part.resources.empty()) {
            *error = nothingToImport(path, *importer);
            return false;
        }
        out->merge(std::move(part));
    }
    if (!digitalOcean.isEmpty()) {
        Inventory part;
        DigitalOceanImporter doImporter;
        if (!doImporter.readFiles(digitalOcean, &part, report, error, progress))
            return false;
        // Each file gave something (the importer refuses one that did not); together they must
        // give resources, not project assignments of resources no file lists.
        if (part.resources.empty()) {
            *error = nothingToImport(digitalOcean.first(), doImporter);
            return false;
        }
        out->merge(std::move(part));
    }
    return true;
}

} // namespace Ferry::ImportService
