// SPDX-License-Identifier: MIT
#include "atomicfile.h"

#include <QSaveFile>

namespace Ferry {

bool writeFileAtomically(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace Ferry
