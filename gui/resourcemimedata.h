// SPDX-License-Identifier: MIT
#pragma once

#include <QMimeData>
#include <QStringList>

#include <optional>

namespace Ferry {

/// MIME type of a drag carrying resource ids (UTF-8, one id per line).
inline constexpr char kResourceIdsMimeType[] = "application/vnd.ferry.resource-ids";

/// Encodes and decodes the resource-id drag format used by the inventory, the organization
/// tree and the diagram.
class ResourceMimeData : public QMimeData
{
    Q_OBJECT
public:
    /// Drag data carrying `ids` (also as plain text, one per line).
    explicit ResourceMimeData(const QStringList &ids);
    /// The ids carried by `data`, or nullopt when it holds no Ferry resource ids.
    static std::optional<QStringList> ids(const QMimeData *data);
};

} // namespace Ferry
