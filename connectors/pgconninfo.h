// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

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

/// The servers a connection string names, as a trust rule compares them: each of `host` /
/// `hostaddr` (comma-separated lists; `hostaddr` where both are given), lower case;
/// `localhost` when it names none (libpq's default, the local socket); `service NAME` when a
/// service file decides (`service=NAME`). Empty with `*error` set when it is malformed.
QStringList connectionHosts(const QString &conninfo, QString *error);

/// `conninfo` with `password` added when it is not empty (withConnectionParameters()); throws
/// std::invalid_argument with libpq's message when `conninfo` is malformed.
std::string withPassword(const QString &conninfo, const QString &password);

} // namespace Ferry
