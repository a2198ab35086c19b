// SPDX-License-Identifier: MIT
#include "yamljson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace Ferry {

namespace {

QJsonValue convert(const YAML::Node &n, int depth)
{
    if (depth > 64)
        return QJsonValue();
    switch (n.Type()) {
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const YAML::Node &e : n)
            a.append(convert(e, depth + 1));
        return a;
    }
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (const auto &kv : n)
            o.insert(QString::fromStdString(kv.first.as<std::string>("")),
                     convert(kv.second, depth + 1));
        return o;
    }
    case YAML::NodeType::Scalar: {
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
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return QJsonValue();
    }
    return QJsonValue();
}

} // namespace

bool yamlToJson(const QByteArray &yaml, const QString &fileName, QJsonValue *out, FileError *error)
{
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        *out = convert(root, 0);
        return true;
    } catch (const YAML::Exception &e) {
        *error = {fileName, std::max(0, e.mark.line + 1), std::max(0, e.mark.column + 1),
                  QStringLiteral("invalid YAML: ") + QString::fromStdString(e.msg)};
        return false;
    }
}

} // namespace Ferry
