// SPDX-License-Identifier: MIT
#include "tfstateimporter.h"

#include "jsonstream.h"
#include "tfstateimport.h"

#include <QFile>

namespace Ferry {

QString TfStateImporter::nameFilter() const
{
    return QStringLiteral("Terraform state (*.tfstate *.tfstate.backup *.json)");
}

bool TfStateImporter::canRead(const QByteArray &head, const QString &fileName) const
{
    if (fileName.endsWith(QLatin1String(".tfstate")) ||
        fileName.endsWith(QLatin1String(".tfstate.backup")))
        return true;
    return head.contains("\"terraform_version\"") ||
           (head.contains("\"lineage\"") && head.contains("\"serial\""));
}

bool TfStateImporter::read(const QString &path, Inventory *out, ImportReport *report,
                           FileError *error, ImportProgress *progress) const
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = {path, 0, 0, f.errorString()};
        return false;
    }
    JsonStream js(&f);
    return readStream(js, &f, nullptr, path, out, report, error, progress);
}

bool TfStateImporter::readData(const QByteArray &data, const QString &fileName, Inventory *out,
                               ImportReport *report, FileError *error) const
{
    JsonStream js(data);
    return readStream(js, nullptr, &data, fileName, out, report, error, nullptr);
}

bool TfStateImporter::readStream(JsonStream &js, QIODevice *device, const QByteArray *data,
                                 const QString &fileName, Inventory *out, ImportReport *report,
                                 FileError *error, ImportProgress *progress) const
{
    return TfState::readState(js, device, data, fileName, out, report, error, progress, m_tuning);
}

} // namespace Ferry
