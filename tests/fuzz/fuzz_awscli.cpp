// SPDX-License-Identifier: MIT
// libFuzzer: AWS CLI JSON output (describe-instances and the rest). Oracle: a refusal names the
// file and a line; nothing crashes, leaks or runs past the fuzzer's time and memory limits.
#include "awscliimporter.h"

#include <QFile>

#include <cstdio>
#include <cstdlib>

#include <unistd.h>

using namespace Ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QString path =
        QStringLiteral("/tmp/ferry-fuzz-aws-%1.json").arg(QString::number(getpid()));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 0;
    f.write(reinterpret_cast<const char *>(data), qint64(size));
    f.close();
    Inventory inventory;
    ImportReport report;
    FileError error;
    if (!AwsCliImporter().read(path, &inventory, &report, &error) &&
        (error.file != path || error.line < 1)) {
        std::fprintf(stderr, "refused without naming the file and a line: %s\n",
                     qPrintable(error.toString()));
        std::abort();
    }
    return 0;
}
