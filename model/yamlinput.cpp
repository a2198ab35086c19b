// SPDX-License-Identifier: MIT
#include "yamlinput.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>

#include <algorithm>

namespace Ferry::YamlInput {

namespace {

/// Offset of the first byte of `data` that is NUL or not part of well-formed UTF-8, or -1.
qsizetype firstBadByte(const QByteArray &data)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data.constData());
    const qsizetype n = data.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c == 0)
            return i;
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0; // no overlong forms
            else if (c == 0xED)
                high = 0x9F; // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F; // nothing past U+10FFFF
        } else {
            return i;
        }
        if (i + length > n || p[i + 1] < low || p[i + 1] > high)
            return i;
        for (int k = 2; k < length; ++k)
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
        i += length;
    }
    return -1;
}

} // namespace

bool checkText(const QByteArray &data, const QString &fileName, FileError *error)
{
    const qsizetype bad = firstBadByte(data);
    if (bad < 0)
        return true;
    int line = 0, column = 0;
    lineColumnAt(data.constData(), data.size(), bad, &line, &column);
    *error = {fileName, line, column,
              data[bad] == 0 ? QStringLiteral("a NUL byte: not a text file")
                             : QStringLiteral("invalid UTF-8 (byte 0x%1)")
                                   .arg(uint(static_cast<unsigned char>(data[bad])), 2, 16,
                                        QLatin1Char('0'))};
    return false;
}

FileError fromException(const QString &fileName, const YAML::Exception &e, const QString &prefix)
{
    const QString message = dynamic_cast<const YAML::DeepRecursion *>(&e)
                                ? QStringLiteral("nested too deeply (more than 2,000 levels)")
                                : QString::fromStdString(e.msg);
    return {fileName, std::max(0, e.mark.line + 1), std::max(0, e.mark.column + 1),
            prefix + message};
}

} // namespace Ferry::YamlInput
