// SPDX-License-Identifier: MIT
#include "resourcemimedata.h"

namespace Ferry {

ResourceMimeData::ResourceMimeData(const QStringList &ids)
{
    setData(QLatin1String(kResourceIdsMimeType), ids.join(u'\n').toUtf8());
    setText(ids.join(u'\n'));
}

std::optional<QStringList> ResourceMimeData::ids(const QMimeData *data)
{
    if (!data || !data->hasFormat(QLatin1String(kResourceIdsMimeType)))
        return std::nullopt;
    const QStringList ids = QString::fromUtf8(data->data(QLatin1String(kResourceIdsMimeType)))
                                .split(u'\n', Qt::SkipEmptyParts);
    if (ids.isEmpty())
        return std::nullopt;
    return ids;
}

} // namespace Ferry
