// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Ferry {

/// The version a target runs for a source's version (EngineVersions::targetFor()).
struct EngineTarget
{
    QString version;             ///< what the target is given (`14`, `1.33`)
    QString sourceMajor;         ///< the source's version cut to the table's form (`10`, `1.12`)
    bool upgraded = false;       ///< the source's version is not offered: a major upgrade
    bool newerThanTable = false; ///< newer than every listed version: kept, to check
};

/// The table of `resources/engine-versions.yaml`: per target service (`aws_db_instance`) and
/// engine (`postgres`, `mysql`, `redis`, `kubernetes`), the versions the target offers, oldest
/// first, and the date the table was reviewed.
class EngineVersions
{
public:
    /// The built-in table (Qt resource `:/ferry/engine-versions.yaml`).
    static const EngineVersions &builtIn();
    /// Reads a table; false with a located error (file:line:column) when it is malformed
    /// (versions must be dotted numbers in ascending order).
    static bool parse(const QByteArray &yaml, const QString &fileName, EngineVersions *out,
                      FileError *error);

    /// The version the target runs for `sourceVersion` (`10`, `9.6.24`, `1.29.1-do.0`, `v1.28`):
    /// cut to as many parts as the table's versions have, kept when listed, else the next
    /// listed version (upgraded), else kept as newer than the table. None when the table has
    /// no such service and engine or the source's version is not a dotted number.
    std::optional<EngineTarget> targetFor(const QString &service, const QString &engine,
                                          const QString &sourceVersion) const;
    /// The date the table was reviewed (`2026-12-02`).
    QString reviewed() const { return m_reviewed; }

private:
    QHash<QString, QStringList> m_versions; ///< "service/engine" → versions, oldest first
    QString m_reviewed;
};

} // namespace Ferry
