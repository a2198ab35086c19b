// SPDX-License-Identifier: MIT
#include "importservice.h"

#include "awscliimporter.h"
#include "digitaloceanimporter.h"
#include "herokuimporter.h"
#include "tfstateimporter.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>

namespace Ferry::ImportService {

const std::vector<std::unique_ptr<Importer>> &importers()
{
    static const std::vector<std::unique_ptr<Importer>> list = [] {
        std::vector<std::unique_ptr<Importer>> l;
        l.push_back(std::make_unique<TfStateImporter>());
        l.push_back(std::make_unique<HerokuImporter>());
        l.push_back(std::make_unique<AwsCliImporter>());
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
    // Files of one format are read together (an importer may link what they hold), the formats
    // in the order their first file came.
    std::vector<std::pair<const Importer *, QStringList>> groups;
    for (const QString &path : paths) {
        const Importer *importer = detect(path, format, error);
        if (!importer)
            return false;
        auto group = std::find_if(groups.begin(), groups.end(),
                                  [importer](const auto &g) { return g.first == importer; });
        if (group == groups.end())
            group = groups.insert(groups.end(), {importer, {}});
        group->second.append(path);
    }
    for (const auto &[importer, files] : groups) {
        Inventory part;
        if (!importer->readFiles(files, &part, report, error, progress))
            return false;
        // Together they must give resources (each file's own emptiness is the importer's).
        if (part.resources.empty()) {
            *error = nothingToImport(files.first(), *importer);
            return false;
        }
        out->merge(std::move(part));
    }
    return true;
}

} // namespace Ferry::ImportService
