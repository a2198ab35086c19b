// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <string>
#include <utility>
#include <vector>

namespace Ferry {

/// A libpq connection string (a `postgresql://` URI or `key=value` pairs; PostgreSQL
/// documentation, "Connection Strings") with `extra` parameters added or replacing those it
/// has, rewritten as `key='value'` pairs. Used to pass a password (and `connect_timeout`) to
/// libpq in memory only: the result is never printed, stored or logged.
///
/// Returns an empty string and sets `*error` (libpq's message) when `conninfo` is malformed.
std::string withConnectionParameters(const QString &conninfo,
                                     const std::vector<std::pair<std::string, std::string>> &extra,
                                     QString *error);

/// `conninfo` with `password` added when it is not empty (withConnectionParameters()); throws
/// std::invalid_argument with libpq's message when `conninfo` is malformed.
std::string withPassword(const QString &conninfo, const QString &password);

} // namespace Ferry
