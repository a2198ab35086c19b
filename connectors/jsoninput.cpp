// SPDX-License-Identifier: MIT
#include "jsoninput.h"

#include <QFile>
#include <QJsonDocument>

#include <cmath>

namespace Ferry {

QString jsonText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        const bool whole = std::isfinite(d) && std::fabs(d) < 9.0e18 && d == std::trunc(d);
        return whole ? QString::number(qint64(d)) : QString::number(d);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QString();
}

bool readJsonObject(const QString &path, qint64 maxBytes, const QString &what,
                    ImportProgress *progress, QByteArray *data, QJsonObject *object,
                    FileError *error)
{
    if (progress && progress->isCancelled()) {
        *error = {path, 0, 0, QStringLiteral("import cancelled")};
        return false;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = {path, 0, 0, f.errorString()};
        return false;
    }
    if (f.size() > maxBytes) {
        *error = {path, 1, 1,
                  QStringLiteral("%1 bytes: larger than any %2 Ferry reads (at most %3 MiB)")
                      .arg(f.size())
                      .arg(what)
                      .arg(maxBytes / (1024 * 1024))};
        return false;
    }
    *data = f.readAll();
    if (progress)
        progress->done += data->size();
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(*data, &pe);
    if (pe.error != QJsonParseError::NoError) {
        int line = 0, column = 0;
        lineColumnAt(data->constData(), data->size(), pe.offset, &line, &column);
        *error = {path, line, column, QStringLiteral("invalid JSON: ") + pe.errorString()};
        return false;
    }
    if (!doc.isObject()) {
        *error = {path, 1, 1, QStringLiteral("%1 is a JSON object").arg(what)};
        return false;
    }
    *object = doc.object();
    return true;
}

} // namespace Ferry
