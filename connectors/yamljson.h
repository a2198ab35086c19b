// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"

#include <QJsonValue>

namespace Ferry {

/// Converts a YAML document (YAML 1.2 core schema, via yaml-cpp) to a JSON value: plain
/// scalars `true`/`false` become booleans, `null`/`~`/empty become null, numbers become
/// doubles, everything else (and every quoted scalar) a string. Aliases are resolved by
/// yaml-cpp. On a syntax error returns false with `error` located (1-based line and column).
bool yamlToJson(const QByteArray &yaml, const QString &fileName, QJsonValue *out, FileError *error);

} // namespace Ferry
