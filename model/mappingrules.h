// SPDX-License-Identifier: MIT
#pragma once

#include "fileerror.h"
#include "mapping.h"
#include "organization.h"
#include "resource.h"

#include <QList>

namespace Ferry {

/// Rules that suggest a target service and strategy for a source resource, read from a YAML
/// file (format: docs/mapping-rules.md; the built-in one is resources/mapping-rules.yaml).
class MappingRules
{
public:
    /// A suggestion: `service` is a Terraform resource type of the target cloud's provider,
    /// empty when no rule fits.
    struct Suggestion
    {
        QString service;
        Strategy strategy = Strategy::Rehost;
    };

    /// The rules compiled into Ferry (resources/mapping-rules.yaml).
    static const MappingRules &builtIn();

    /// Parses rules from YAML; false with a located error on bad input.
    bool parse(const QByteArray &yaml, const QString &fileName, FileError *error);

    /// The first matching rule's suggestion for `r` moving into an account of `cloud` (rules
    /// without `target` are AWS's; see the file's header for matching).
    Suggestion suggest(const Resource &r, TargetCloud cloud = TargetCloud::Aws) const;
    /// The suggestion for `r` mapped to `account`, keeping `old`'s service and strategy when
    /// there is one and its service is of the account's cloud (or empty, a person's choice).
    Suggestion suggestFor(const Resource &r, const Account &account, const Mapping *old) const;

private:
    struct Rule
    {
        QString source;                      ///< type glob
        QList<QPair<QString, QString>> when; ///< attribute → glob
        QString service;                     ///< or "self"
        Strategy strategy = Strategy::Rehost;
        TargetCloud cloud = TargetCloud::Aws; ///< `target`
    };
    QList<Rule> m_rules;
};

/// Glob match where `*` matches any run of characters (no other wildcards), case-sensitive.
bool globMatch(const QString &pattern, const QString &text);

} // namespace Ferry
