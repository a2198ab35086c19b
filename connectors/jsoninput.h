// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "importer.h"

#include <QJsonObject>
#include <QJsonValue>

namespace Ferry {

/// A JSON scalar as a resource's text: a string as it is, a whole number as an integer (ids,
/// counts) where it fits qint64 — converting a double outside its range is undefined (a fuzz
/// finding of #12) — another number as Qt writes it, a boolean as `true`/`false`, anything else
/// empty.
QString jsonText(const QJsonValue &v);

/// Reads `path` as one JSON document that must be an object, for the importers of JSON outputs
/// (app.json, AWS CLI): at most `maxBytes` (larger is refused before reading), `data` keeps the
/// bytes for positions of later errors, `progress` gets them counted. `what` names the format
/// in errors ("an app.json manifest"). False with a located error: the file unreadable or too
/// large, invalid JSON (line and column of the parser's stop), not an object, or the import
/// cancelled.
bool readJsonObject(const QString &path, qint64 maxBytes, const QString &what,
                    ImportProgress *progress, QByteArray *data, QJsonObject *object,
                    FileError *error);

} // namespace Ferry
