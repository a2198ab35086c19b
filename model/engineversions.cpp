// SPDX-License-Identifier: MIT
#include "engineversions.h"

#include "planyaml.h"
#include "yamlinput.h"

#include <QFile>
#include <QRegularExpression>

namespace Ferry {

namespace {

/// The numbers of a dotted version (`9.6.24` → 9, 6, 24); empty when it is not one.
QList<int> parts(const QString &version)
{
    static const QRegularExpression form(QStringLiteral("^v?(\\d+(?:\\.\\d+)*)"));
    const QRegularExpressionMatch m = form.match(version.trimmed());
    QList<int> result;
    if (m.hasMatch())
        for (const QString &p : m.captured(1).split(u'.'))
            result.append(p.toInt());
    return result;
}

/// Compares two versions of the same number of parts.
int compare(const QList<int> &a, const QList<int> &b)
{
    for (qsizetype i = 0; i < qMin(a.size(), b.size()); ++i)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

QString text(const QList<int> &p)
{
    QStringList s;
    for (int n : p)
        s.append(QString::number(n));
    return s.join(u'.');
}

} // namespace

bool EngineVersions::parse(const QByteArray &yaml, const QString &fileName, EngineVersions *out,
                           FileError *error)
{
    using namespace PlanYaml;
    if (!YamlInput::checkText(yaml, fileName, error))
        return false;
    EngineVersions table;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        expectMap(root, "engine version table");
        if (integer(root["format"], "format") != 1)
            throw ReadError{root["format"].Mark(),
                            QStringLiteral("unknown engine version table format")};
        table.m_reviewed = str(root["reviewed"], "reviewed");
        const YAML::Node services = root["services"];
        expectMap(services, "services");
        for (const auto &service : services) {
            expectMap(service.second, "engines");
            for (const auto &engine : service.second) {
                expectSeq(engine.second, "versions");
                QStringList versions;
                QList<int> previous;
                for (const YAML::Node &v : engine.second) {
                    const QString version = str(v, "version");
                    const QList<int> p = parts(version);
                    if (p.isEmpty() || text(p) != version)
                        throw ReadError{v.Mark(), QStringLiteral("a version is a dotted number")};
                    if (!previous.isEmpty() &&
                        (p.size() != previous.size() || compare(previous, p) >= 0))
                        throw ReadError{v.Mark(),
                                        QStringLiteral("versions must be alike and ascending")};
                    previous = p;
                    versions.append(version);
                }
                if (versions.isEmpty())
                    throw ReadError{engine.second.Mark(), QStringLiteral("no versions listed")};
                table.m_versions.insert(QString::fromStdString(service.first.Scalar()) + u'/' +
                                            QString::fromStdString(engine.first.Scalar()),
                                        versions);
            }
        }
    } catch (const ReadError &e) {
        *error = {fileName, e.mark.line + 1, e.mark.column + 1, e.message};
        return false;
    } catch (const YAML::Exception &e) {
        *error = YamlInput::fromException(fileName, e);
        return false;
    }
    *out = std::move(table);
    return true;
}

const EngineVersions &EngineVersions::builtIn()
{
    static const EngineVersions table = [] {
        EngineVersions t;
        QFile f(QStringLiteral(":/ferry/engine-versions.yaml"));
        FileError error;
        if (!f.open(QIODevice::ReadOnly) || !parse(f.readAll(), f.fileName(), &t, &error))
            qWarning("Ferry: built-in engine version table unreadable: %s",
                     qPrintable(error.toString()));
        return t;
    }();
    return table;
}

std::optional<EngineTarget> EngineVersions::targetFor(const QString &service, const QString &engine,
                                                      const QString &sourceVersion) const
{
    const auto it = m_versions.constFind(service + u'/' + engine);
    QList<int> source = parts(sourceVersion);
    if (it == m_versions.cend() || source.isEmpty())
        return std::nullopt;
    const qsizetype width = parts(it->first()).size();
    EngineTarget target;
    // PostgreSQL before 10 numbered majors with two parts (9.6); 10 and later with one.
    if (engine == QLatin1String("postgres") && width == 1 && source.first() < 10) {
        target.sourceMajor = text(source.mid(0, 2));
        source = {source.first()};
    }
    while (source.size() < width)
        source.append(0);
    source.resize(width);
    if (target.sourceMajor.isEmpty())
        target.sourceMajor = text(source);
    for (const QString &v : *it) {
        const int c = compare(source, parts(v));
        if (c <= 0) {
            target.version = v;
            target.upgraded = c < 0;
            return target;
        }
    }
    target.version = target.sourceMajor;
    target.newerThanTable = true;
    return target;
}

} // namespace Ferry
