// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Ferry::CommandLine {

/// True when `argument` (argv[1]) names a headless subcommand (`import`, `map`, `unmap`,
/// `export`, `show`).
bool isSubcommand(const QString &argument);

/// Runs a headless subcommand; `arguments` is the full argv. Needs a QCoreApplication.
/// Returns the process exit code: 0 success, 2 bad usage or bad input (a `file:line:column:`
/// message on stderr), 1 reserved for failed checks.
int run(const QStringList &arguments);

} // namespace Ferry::CommandLine
