// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "mapping.h"
#include "resource.h"

#include <QList>

namespace Ferry {

/// Rules that suggest a target service and strategy for a source resource, read from a YAML
/// file (format: docs/mapping-rules.md; the built-in one is resources/mapping-rules.yaml).
class MappingRules
{
public:
    /// A suggestion: `service` is a Terraform AWS resource type, empty when no rule fits.
    struct Suggestion
    {
        QString service;
        Strategy strategy = Strategy::Rehost;
    };

    /// The rules compiled into Ferry (resources/mapping-rules.yaml).
    static const MappingRules &builtIn();

    /// Parses rules from YAML; false with a located error on bad input.
    bool parse(const QByteArray &yaml, const QString &fileName, FileError *error);

    /// The first matching rule's suggestion for `r` (see the file's header for matching).
    Suggestion suggest(const Resource &r) const;

private:
    struct Rule
    {
        QString source;                      ///< type glob
        QList<QPair<QString, QString>> when; ///< attribute → glob
        QString service;                     ///< or "self"
        Strategy strategy = Strategy::Rehost;
    };
    QList<Rule> m_rules;
};

/// Glob match where `*` matches any run of characters (no other wildcards), case-sensitive.
bool globMatch(const QString &pattern, const QString &text);

} // namespace Ferry
