// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

#include <concepts>

class QCommandLineParser;

namespace Ferry {
class Plan;
}

/// The parts the headless subcommands share (commandline.cpp dispatches to them).
namespace Ferry::CommandLine {

enum ExitCode { Success = 0, Failed = 1, BadInput = 2 };

/// Standard output or error for a terminal: every text written to it has its control
/// characters shown escaped (Escape::visible(), line breaks and tabs kept), so that an id
/// holding an ANSI escape or a NUL from an input file is printed as `\u{1B}`, never acted on.
/// Numbers pass as they are.
class TerminalStream
{
public:
    explicit TerminalStream(FILE *file)
        : m_stream(file)
    {}
    TerminalStream &operator<<(const QString &s);
    TerminalStream &operator<<(const char *s) { return *this << QString::fromUtf8(s); }
    TerminalStream &operator<<(const QByteArray &s) { return *this << QString::fromUtf8(s); }
    TerminalStream &operator<<(char c) { return *this << QString(QLatin1Char(c)); }
    template<typename T>
    requires std::is_arithmetic_v<T> TerminalStream &operator<<(T value)
    {
        m_stream << value;
        return *this;
    }
    /// Anything else that converts to a QString (QStringBuilder expressions).
    template<typename T>
    requires(!std::is_arithmetic_v<T> && std::convertible_to<T, QString>) TerminalStream &
    operator<<(const T &value)
    {
        return *this << QString(value);
    }
    void flush() { m_stream.flush(); }

private:
    QTextStream m_stream;
};

/// The process's standard output and error, as TerminalStreams.
TerminalStream &out();
TerminalStream &err();

/// `ferry: message`, a blank line and the subcommand's help on stderr; returns BadInput.
int usageError(const QCommandLineParser &parser, const QString &message);
/// A located error (`file:line:column: message`) on stderr; returns BadInput.
int inputError(const FileError &e);
/// Parses `args` (subcommand first); handles --help. Returns -1 to continue, else an exit code.
int parse(QCommandLineParser &parser, const QStringList &args, const QString &description);
/// Loads a plan file; false (the error printed) when it cannot be read.
bool loadPlan(const QString &path, Plan *plan);
/// Saves a plan file atomically; false (the error printed) on failure.
bool savePlan(const Plan &plan, const QString &path);
/// True when the user trusts the checks of the plan at `planFile` (TrustStore::user()), or
/// `trustNow` (--trust) and they are trusted from now on. Otherwise prints, as `ferry
/// <command>`, the hosts and password sources the checks would use and returns false.
bool requireTrust(const QString &command, const QString &planFile, const Plan &plan, bool trustNow);

/// The subcommands, each given its arguments with the subcommand's name first; each returns
/// the process exit code.
int runCheck(const QStringList &args);
int runCompareData(const QStringList &args);
int runReplicationLag(const QStringList &args);
int runSecret(const QStringList &args);
int runRun(const QStringList &args);
int runRunbook(const QStringList &args);
int runOrg(const QStringList &args);

} // namespace Ferry::CommandLine
