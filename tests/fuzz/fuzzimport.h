// SPDX-License-Identifier: MIT
#pragma once

// The body the importers' libFuzzer targets share: the input written to a file of this process
// (importers read paths), read by one importer. Oracle: a refusal names the file (and, where
// the format gives positions, a line); nothing crashes, leaks or runs past the limits.

#include "importer.h"

#include <QFile>

#include <cstdio>
#include <cstdlib>

#include <unistd.h>

namespace Ferry::Fuzz {

inline int importOnce(const Importer &importer, const uint8_t *data, size_t size, bool needsLine)
{
    static const QString path = QStringLiteral("/tmp/ferry-fuzz-%1-%2.json")
                                    .arg(importer.formatId(), QString::number(getpid()));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 0;
    f.write(reinterpret_cast<const char *>(data), qint64(size));
    f.close();
    Inventory inventory;
    ImportReport report;
    FileError error;
    if (!importer.read(path, &inventory, &report, &error) &&
        (error.file != path || (needsLine && error.line < 1))) {
        std::fprintf(stderr, "refused without naming the file%s: %s\n",
                     needsLine ? " and a line" : "", qPrintable(error.toString()));
        std::abort();
    }
    return 0;
}

} // namespace Ferry::Fuzz
