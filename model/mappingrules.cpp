// SPDX-License-Identifier: MIT
#include "mappingrules.h"

#include "yamlinput.h"

#include <QFile>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace Ferry {

bool globMatch(const QString &pattern, const QString &text)
{
    const QStringList parts = pattern.split(u'*');
    if (parts.size() == 1)
        return pattern == text;
    if (!text.startsWith(parts.front()) || !text.endsWith(parts.back()) ||
        text.size() < parts.front().size() + parts.back().size())
        return false;
    qsizetype pos = parts.front().size();
    const qsizetype end = text.size() - parts.back().size();
    for (qsizetype i = 1; i + 1 < parts.size(); ++i) {
        const qsizetype found = text.indexOf(parts[i], pos);
        if (found < 0 || found + parts[i].size() > end)
            return false;
        pos = found + parts[i].size();
    }
    return true;
}

const MappingRules &MappingRules::builtIn()
{
    static const MappingRules rules = [] {
        MappingRules r;
        QFile f(QStringLiteral(":/ferry/mapping-rules.yaml"));
        FileError error;
        if (!f.open(QIODevice::ReadOnly) || !r.parse(f.readAll(), f.fileName(), &error))
            qWarning("Ferry: built-in mapping rules unreadable: %s", qPrintable(error.toString()));
        return r;
    }();
    return rules;
}

bool MappingRules::parse(const QByteArray &yaml, const QString &fileName, FileError *error)
{
    QList<Rule> rules;
    if (!YamlInput::checkText(yaml, fileName, error))
        return false;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        const YAML::Node list = root["rules"];
        if (!list.IsSequence()) {
            *error = {fileName, 1, 1, QStringLiteral("no 'rules' list")};
            return false;
        }
        for (const YAML::Node &n : list) {
            Rule rule;
            rule.source = QString::fromStdString(n["source"].as<std::string>(""));
            rule.service = QString::fromStdString(n["service"].as<std::string>(""));
            const QString strategy =
                QString::fromStdString(n["strategy"].as<std::string>("rehost"));
            if (rule.source.isEmpty() || !parseStrategy(strategy, &rule.strategy)) {
                *error = {fileName, n.Mark().line + 1, n.Mark().column + 1,
                          QStringLiteral("a rule needs a source type and one of the 7 Rs")};
                return false;
            }
            if (const YAML::Node target = n["target"];
                target && !parseTargetCloud(QString::fromStdString(target.as<std::string>("")),
                                            &rule.cloud)) {
                *error = {fileName, target.Mark().line + 1, target.Mark().column + 1,
                          QStringLiteral("a rule's target is aws or digitalocean")};
                return false;
            }
            if (const YAML::Node when = n["when"]) {
                for (const auto &kv : when)
                    rule.when.append({QString::fromStdString(kv.first.as<std::string>()),
                                      QString::fromStdString(kv.second.as<std::string>(""))});
            }
            rules.append(rule);
        }
    } catch (const YAML::Exception &e) {
        *error = YamlInput::fromException(fileName, e);
        return false;
    }
    m_rules = rules;
    return true;
}

MappingRules::Suggestion MappingRules::suggest(const Resource &r, TargetCloud cloud) const
{
    for (const Rule &rule : m_rules) {
        if (rule.cloud != cloud || !globMatch(rule.source, r.type))
            continue;
        const bool all = std::all_of(rule.when.begin(), rule.when.end(), [&](const auto &w) {
            return globMatch(w.second, r.attributes.value(w.first));
        });
        if (!all)
            continue;
        return {rule.service == QLatin1String("self") ? r.type : rule.service, rule.strategy};
    }
    return {};
}

MappingRules::Suggestion MappingRules::suggestFor(const Resource &r, const Account &account,
                                                  const Mapping *old) const
{
    if (old && (old->targetService.isEmpty() ||
                old->targetService.startsWith(targetCloudTypePrefix(account.cloud))))
        return {old->targetService, old->strategy};
    return suggest(r, account.cloud);
}

} // namespace Ferry
