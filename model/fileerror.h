// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Ferry {

/// A located error in an input file. `line` and `column` are 1-based; 0 means unknown.
/// `toString()` gives the compiler-style `file:line:column: message` that the CLI prints.
struct FileError
{
    QString file;
    int line = 0;
    int column = 0;
    QString message;

    /// True when no error was recorded.
    bool isNull() const { return message.isEmpty(); }
    /// `file:line:column: message` (or `file: message` when the position is unknown).
    QString toString() const
    {
        QString s = file;
        if (line > 0)
            s += u':' + QString::number(line) + u':' + QString::number(column > 0 ? column : 1);
        return s + QStringLiteral(": ") + message;
    }
};

/// Computes the 1-based line and column of byte `offset` in `data` (columns count bytes).
inline void lineColumnAt(const char *data, qsizetype size, qsizetype offset, int *line, int *column)
{
    int l = 1;
    qsizetype lineStart = 0;
    if (offset > size)
        offset = size;
    for (qsizetype i = 0; i < offset; ++i) {
        if (data[i] == '\n') {
            ++l;
            lineStart = i + 1;
        }
    }
    *line = l;
    *column = int(offset - lineStart) + 1;
}

} // namespace Ferry
