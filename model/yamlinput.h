// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"

#include <QByteArray>

namespace YAML {
class Exception;
}

namespace Ferry {

/// What every YAML input Ferry reads (plan files, mapping rules, DigitalOcean YAML bodies)
/// shares before and after yaml-cpp parses it.
namespace YamlInput {

/// Checks that `data` is text yaml-cpp may read without loss: well-formed UTF-8 (RFC 3629: no
/// overlong forms, surrogates or code points past U+10FFFF) without NUL bytes. yaml-cpp would
/// otherwise pass invalid bytes on and Qt turn them into U+FFFD, so a plan saved again would
/// silently differ. False with `error` at the first bad byte (1-based line, byte column).
bool checkText(const QByteArray &data, const QString &fileName, FileError *error);

/// `error` from a yaml-cpp exception: the position it names and its message, in clear words
/// for the depth limit (yaml-cpp stops at 2,000 nested levels and calls that "bad file").
FileError fromException(const QString &fileName, const YAML::Exception &e,
                        const QString &prefix = QString());

} // namespace YamlInput
} // namespace Ferry
