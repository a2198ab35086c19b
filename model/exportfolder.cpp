// SPDX-License-Identifier: MIT
#include "exportfolder.h"

#include "atomicfile.h"
#include "escaping.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace Ferry::ExportFolder {

namespace {

const QString kManifestHeader =
    QStringLiteral("# Files written by ferry export; the next export removes the ones it no "
                   "longer writes.");

/// Reads the manifest of `dir`: false with `error` when it is unreadable or lists a path that
/// is not clean. `exists` tells whether there was one.
bool readManifest(const QDir &dir, QSet<QString> *paths, bool *exists, QString *error)
{
    QFile f(dir.filePath(manifestName()));
    *exists = f.exists();
    if (!*exists)
        return true;
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.fileName() + QStringLiteral(": ") + f.errorString();
        return false;
    }
    int lineNumber = 0;
    while (!f.atEnd()) {
        ++lineNumber;
        QString line = QString::fromUtf8(f.readLine(4096));
        if (line.endsWith(u'\n'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (!isCleanRelativePath(line)) {
            *error = QStringLiteral("%1:%2:1: not a path Ferry writes: %3")
                         .arg(f.fileName())
                         .arg(lineNumber)
                         .arg(Escape::visible(line));
            return false;
        }
        paths->insert(line);
    }
    return true;
}

/// True when a segment of `relative` below `dir` (the file itself included) is a symbolic
/// link: Ferry never writes or removes through one.
bool throughSymlink(const QDir &dir, const QString &relative)
{
    QString sofar;
    for (const QString &segment : relative.split(u'/')) {
        sofar += (sofar.isEmpty() ? QString() : QStringLiteral("/")) + segment;
        if (QFileInfo(dir.filePath(sofar)).isSymLink())
            return true;
    }
    return false;
}

bool writeManifest(const QDir &dir, QStringList paths, QString *error)
{
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    QByteArray text = kManifestHeader.toUtf8() + '\n';
    for (const QString &p : std::as_const(paths))
        text += p.toUtf8() + '\n';
    QString reason;
    if (!writeFileAtomically(dir.filePath(manifestName()), text, &reason)) {
        *error = dir.filePath(manifestName()) + QStringLiteral(": ") + reason;
        return false;
    }
    return true;
}

} // namespace

QString manifestName()
{
    return QStringLiteral(".ferry-export");
}

bool isCleanRelativePath(const QString &path)
{
    if (path.isEmpty() || path.startsWith(u'/') || path.contains(u'\\') ||
        path == manifestName())
        return false;
    for (QChar c : path)
        if (Escape::isControl(c.unicode()) || c == u':')
            return false;
    for (const QString &segment : path.split(u'/'))
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String(".."))
            return false;
    return true;
}

bool write(const QString &directory, const QMap<QString, QString> &files, Result *result,
           QString *error)
{
    *result = {};
    const QDir dir(directory);
    if (QFileInfo(directory).exists() && !QFileInfo(directory).isDir()) {
        *error = directory + QStringLiteral(": not a folder");
        return false;
    }
    QSet<QString> old;
    bool hasManifest = false;
    if (dir.exists()) {
        if (!readManifest(dir, &old, &hasManifest, error))
            return false;
        const bool empty =
            dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)
                .isEmpty();
        if (!hasManifest && !empty) {
            *error = directory +
                     QStringLiteral(": the folder is not empty and Ferry did not write it (it "
                                    "has no %1); choose an empty folder")
                         .arg(manifestName());
            return false;
        }
    }
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        if (!isCleanRelativePath(it.key())) {
            *error = directory + QStringLiteral(": refusing to write %1 (not a clean relative path)")
                                     .arg(Escape::visible(it.key()));
            return false;
        }
        if (throughSymlink(dir, it.key())) {
            *error = dir.filePath(it.key()) +
                     QStringLiteral(": refusing to write through a symbolic link");
            return false;
        }
        if (QFileInfo::exists(dir.filePath(it.key())) && !old.contains(it.key())) {
            *error = dir.filePath(it.key()) +
                     QStringLiteral(": exists and Ferry did not write it (not in %1); move it "
                                    "away or choose another folder")
                         .arg(manifestName());
            return false;
        }
    }
    if (!QDir().mkpath(directory)) {
        *error = directory + QStringLiteral(": cannot create the folder");
        return false;
    }

    QStringList listed(old.cbegin(), old.cend());
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString path = dir.filePath(it.key());
        QString reason;
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            reason = QStringLiteral("cannot create the folder");
        else if (writeFileAtomically(path, it.value().toUtf8(), &reason))
            reason.clear();
        else if (reason.isEmpty())
            reason = QStringLiteral("cannot write");
        if (!reason.isEmpty()) {
            *error = path + QStringLiteral(": ") + reason;
            QString ignored;
            writeManifest(dir, listed + result->written, &ignored);
            return false;
        }
        result->written.append(it.key());
    }

    QStringList stale;
    for (const QString &p : std::as_const(old))
        if (!files.contains(p))
            stale.append(p);
    std::sort(stale.begin(), stale.end());
    QStringList kept;
    for (const QString &p : std::as_const(stale)) {
        const QString path = dir.filePath(p);
        if (throughSymlink(dir, p) || (QFileInfo::exists(path) && !QFile::remove(path))) {
            kept.append(p); // still Ferry's: listed again, removed next time
            continue;
        }
        result->removed.append(p);
        // Folders the removal leaves empty go too (never the export folder itself).
        for (QString parent = QFileInfo(p).path(); parent != QLatin1String(".");
             parent = QFileInfo(parent).path()) {
            if (!dir.rmdir(parent))
                break;
        }
    }
    return writeManifest(dir, result->written + kept, error);
}

} // namespace Ferry::ExportFolder
