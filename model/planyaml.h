// SPDX-License-Identifier: MIT
#pragma once

// Internal to the plan file reader and writer (planfile.cpp, planfilerunbook.cpp): the YAML
// writer Ferry uses for plans and the typed readers over yaml-cpp nodes.

#include "stringmap.h"

#include <QByteArray>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <functional>

namespace Ferry {
struct Runbook;
}

namespace Ferry::PlanYaml {

/// Appends YAML to `out`: plain scalars where every YAML 1.1/1.2 reader reads them back as the
/// same string, double-quoted ones otherwise (YAML 1.2 §7.3.1 escapes), keys over 1,000 bytes
/// as explicit keys (YAML limits implicit ones to 1,024 characters, §7.4.2). Indents are
/// strings such as `"    "` or `"  - "`.
class Writer
{
public:
    QByteArray out;

    void scalar(const QString &s);
    void key(const char *indent, const char *k);
    void field(const char *indent, const char *k, const QString &v);
    /// Only when `v` is not empty.
    void optionalField(const char *indent, const char *k, const QString &v);
    void number(const char *indent, const char *k, qint64 v);
    /// A sorted string map as a nested mapping, nothing when empty.
    void map(const char *indent, const char *k, const char *itemIndent, const StringMap &m);
    /// A list of scalars as a block sequence, nothing when empty.
    void list(const char *indent, const char *k, const char *itemIndent, const QStringList &items);
    /// Multi-line text: a literal block scalar (`|` or `|-`, YAML 1.2 §8.1.2) indented by
    /// `bodyIndent` where it reads back exactly, else a quoted scalar; nothing when empty.
    void text(const char *indent, const char *k, const char *bodyIndent, const QString &v);
};

/// A reader's complaint at a node.
struct ReadError
{
    YAML::Mark mark;
    QString message;
};

/// The node's scalar text; throws ReadError (naming `what`) when it is not a scalar.
QString str(const YAML::Node &n, const char *what);
/// A whole number that fits an int.
int integer(const YAML::Node &n, const char *what);
/// `true` or `false`.
bool boolean(const YAML::Node &n, const char *what);
void expectMap(const YAML::Node &n, const char *what);
/// A sequence, or null (an empty list written as `key:`).
void expectSeq(const YAML::Node &n, const char *what);
StringMap stringMap(const YAML::Node &n, const char *what);
QStringList stringList(const YAML::Node &n, const char *what);

/// The `waves` and `runbook` sections (planfilerunbook.cpp; docs/plan-format.md). Either node
/// may be undefined; `accountExists` checks the accounts steps name. Throws ReadError.
Runbook readRunbook(const YAML::Node &waves, const YAML::Node &steps,
                    const std::function<bool(const QString &)> &accountExists);
/// Appends the `waves` and `runbook` sections of `runbook`.
void writeRunbook(Writer &w, const Runbook &runbook);

} // namespace Ferry::PlanYaml
