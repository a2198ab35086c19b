// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"

#include <QJsonValue>

namespace Ferry {

/// How deep a YAML document converted by yamlToJson() may nest (collections within
/// collections); yaml-cpp's own parser stops at 2,000.
inline constexpr int kYamlMaxDepth = 64;

/// How many nodes (keys count too) yamlToJson() builds at most from a document of `inputBytes`
/// bytes: 100,000 + 4 per byte. A document without aliases never comes near it; aliases that
/// refer to aliases (nine levels of nine: 387 million nodes from 492 bytes) stop at it.
qsizetype yamlNodeBudget(qsizetype inputBytes);

/// Converts a YAML document (YAML 1.2 core schema, via yaml-cpp) to a JSON value: plain
/// scalars `true`/`false` become booleans, `null`/`~`/empty become null, numbers become
/// doubles, everything else (and every quoted scalar) a string. Aliases are resolved by
/// yaml-cpp and count once per use against yamlNodeBudget(). On a syntax error, nesting deeper
/// than kYamlMaxDepth or a document past the budget returns false with `error` located (1-based
/// line and column of the offending node).
bool yamlToJson(const QByteArray &yaml, const QString &fileName, QJsonValue *out, FileError *error);

} // namespace Ferry
