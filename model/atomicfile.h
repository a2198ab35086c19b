// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Ferry {

/// Writes `data` to `path` atomically (QSaveFile: a temporary file renamed over the target),
/// so a failed or interrupted write leaves any existing file as it was. Returns false and sets
/// `error` to the reason ("No space left on device") on failure.
bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error);

} // namespace Ferry
