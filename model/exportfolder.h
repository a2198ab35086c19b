// SPDX-License-Identifier: MIT
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Ferry {

/// Writes a generated set of files (a Terraform export) into a folder that Ferry owns, and only
/// there: the folder must be new, empty, or one Ferry wrote before. Ferry's own files are listed
/// in a manifest, `.ferry-export` in the folder (one relative path a line after a comment
/// line), written last. On the next export the files the manifest lists and the new set no
/// longer holds are removed (stale files), and so are folders that this leaves empty; a file
/// the manifest does not list is never overwritten or removed.
namespace ExportFolder {

/// The manifest's file name, `.ferry-export`.
QString manifestName();

/// What write() did, as paths relative to the folder, sorted.
struct Result
{
    QStringList written;
    QStringList removed;
};

/// True when `path` is a clean relative path Ferry may write below a folder: not empty, not
/// absolute, no `.` or `..` segment, no empty segment, no backslash, no control character.
bool isCleanRelativePath(const QString &path);

/// Writes `files` (clean relative path → content) below `directory` (created if missing), each
/// atomically (QSaveFile), then removes stale files and writes the manifest. Refuses, before
/// writing anything, a folder that holds anything but no manifest, a manifest with a path that
/// is not clean, and a file of the new set that exists but is not in the manifest. Returns false
/// with `error` set ("path: reason"); files written before a failure stay, and the manifest
/// then lists them as well as the old ones.
bool write(const QString &directory, const QMap<QString, QString> &files, Result *result,
           QString *error);

} // namespace ExportFolder
} // namespace Ferry
