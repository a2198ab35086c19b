// SPDX-License-Identifier: MIT
#include "yamljson.h"

#include "yamlinput.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace Ferry {

namespace {

/// Thrown when a document nests too deeply or expands too far through its aliases.
struct Limit
{
    YAML::Mark mark;
    QString message;
};

class Converter
{
public:
    explicit Converter(qsizetype budget)
        : m_budget(budget)
        , m_limit(budget)
    {}

    QJsonValue convert(const YAML::Node &n, int depth)
    {
        if (depth > kYamlMaxDepth)
            throw Limit{n.Mark(),
                        QStringLiteral("nested more than %1 levels deep").arg(kYamlMaxDepth)};
        if (--m_budget < 0)
            throw Limit{n.Mark(),
                        QStringLiteral("aliases expand the document past %1 nodes (an alias "
                                       "bomb?); refused")
                            .arg(m_limit)};
        switch (n.Type()) {
        case YAML::NodeType::Sequence: {
            QJsonArray a;
            for (const YAML::Node &e : n)
                a.append(convert(e, depth + 1));
            return a;
        }
        case YAML::NodeType::Map: {
            QJsonObject o;
            for (const auto &kv : n) {
                --m_budget; // the key
                o.insert(QString::fromStdString(kv.first.as<std::string>("")),
                         convert(kv.second, depth + 1));
            }
            return o;
        }
        case YAML::NodeType::Scalar:
            return scalar(n);
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return QJsonValue();
        }
        return QJsonValue();
    }

private:
    static QJsonValue scalar(const YAML::Node &n)
    {
        const QString s = QString::fromStdString(n.Scalar());
        if (n.Tag() == "!")
            return s; // quoted: always a string
        if (s == QLatin1String("true") || s == QLatin1String("True"))
            return true;
        if (s == QLatin1String("false") || s == QLatin1String("False"))
            return false;
        if (s == QLatin1String("null") || s == QLatin1String("~"))
            return QJsonValue();
        static const QRegularExpression number(
            QStringLiteral("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"));
        if (number.match(s).hasMatch())
            return s.toDouble();
        return s;
    }

    qsizetype m_budget;
    const qsizetype m_limit;
};

} // namespace

qsizetype yamlNodeBudget(qsizetype inputBytes)
{
    return 100000 + 4 * inputBytes;
}

bool yamlToJson(const QByteArray &yaml, const QString &fileName, QJsonValue *out, FileError *error)
{
    auto located = [&](const YAML::Mark &mark, const QString &message) {
        *error = {fileName, std::max(0, mark.line + 1), std::max(0, mark.column + 1), message};
        return false;
    };
    if (!YamlInput::checkText(yaml, fileName, error))
        return false;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        Converter converter(yamlNodeBudget(yaml.size()));
        *out = converter.convert(root, 0);
        return true;
    } catch (const Limit &e) {
        return located(e.mark, QStringLiteral("invalid YAML: ") + e.message);
    } catch (const YAML::Exception &e) {
        *error = YamlInput::fromException(fileName, e, QStringLiteral("invalid YAML: "));
        return false;
    }
}

} // namespace Ferry
