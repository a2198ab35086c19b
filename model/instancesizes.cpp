// SPDX-License-Identifier: MIT
#include "instancesizes.h"

#include "planyaml.h"
#include "yamlinput.h"

#include <QFile>
#include <QRegularExpression>

namespace Ferry {

namespace {

SizeFigures readFigures(const YAML::Node &n, const char *what, bool sharedAllowed)
{
    using namespace PlanYaml;
    expectMap(n, what);
    SizeFigures f;
    for (const auto &field : n) {
        const std::string &k = field.first.Scalar();
        if (k == "vcpus")
            f.vcpus = integer(field.second, "vcpus");
        else if (k == "memory_mb")
            f.memoryMb = integer(field.second, "memory_mb");
        else if (k == "shared" && sharedAllowed)
            f.shared = field.second.IsScalar() && field.second.Scalar() == "true";
        else if (k != "class")
            throw ReadError{field.first.Mark(), QStringLiteral("unknown size field")};
    }
    if (f.shared && f.memoryMb == 0 && f.vcpus == 0)
        return f;
    if (f.memoryMb <= 0 || f.vcpus < 0)
        throw ReadError{n.Mark(), QStringLiteral("a size needs memory_mb > 0 (and vcpus ≥ 0)")};
    return f;
}

} // namespace

bool InstanceSizes::parse(const QByteArray &yaml, const QString &fileName, InstanceSizes *out,
                          FileError *error)
{
    using namespace PlanYaml;
    if (!YamlInput::checkText(yaml, fileName, error))
        return false;
    InstanceSizes table;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        expectMap(root, "size table");
        if (integer(root["format"], "format") != 1)
            throw ReadError{root["format"].Mark(), QStringLiteral("unknown size table format")};
        const YAML::Node targets = root["targets"];
        expectMap(targets, "targets");
        for (const auto &service : targets) {
            expectSeq(service.second, "target classes");
            QList<TargetSize> classes;
            for (const YAML::Node &c : service.second) {
                TargetSize t;
                t.figures = readFigures(c, "target class", false);
                t.sizeClass = str(c["class"], "class");
                classes.append(t);
            }
            table.m_targets.insert(QString::fromStdString(service.first.Scalar()), classes);
        }
        if (const YAML::Node sources = root["sources"]) {
            expectMap(sources, "sources");
            for (const auto &s : sources)
                table.m_sources.insert(QString::fromStdString(s.first.Scalar()),
                                       readFigures(s.second, "source size", true));
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

const InstanceSizes &InstanceSizes::builtIn()
{
    static const InstanceSizes table = [] {
        InstanceSizes t;
        QFile f(QStringLiteral(":/ferry/instance-sizes.yaml"));
        FileError error;
        if (!f.open(QIODevice::ReadOnly) || !parse(f.readAll(), f.fileName(), &t, &error))
            qWarning("Ferry: built-in size table unreadable: %s", qPrintable(error.toString()));
        return t;
    }();
    return table;
}

std::optional<SizeFigures> InstanceSizes::figuresOf(const Resource &r) const
{
    bool vcpusOk = false, memoryOk = false;
    const int vcpus = r.attributes.value(QStringLiteral("vcpus")).toInt(&vcpusOk);
    const int memory = r.attributes.value(QStringLiteral("memory_mb")).toInt(&memoryOk);
    if (vcpusOk && memoryOk && vcpus > 0 && memory > 0)
        return SizeFigures{vcpus, memory};
    // DigitalOcean's slugs say their figures: `s-2vcpu-4gb`, `db-s-1vcpu-512mb`, `c-4`.
    static const QRegularExpression named(QStringLiteral("(?:^|-)(\\d+)vcpu-(\\d+)(gb|mb)(?:-|$)"));
    static const QRegularExpression cpuOptimized(QStringLiteral("^c2?-(\\d+)$"));
    const QString slug = r.size.toLower();
    if (const QRegularExpressionMatch m = named.match(slug); m.hasMatch())
        return SizeFigures{m.captured(1).toInt(),
                           m.captured(2).toInt() *
                               (m.captured(3) == QLatin1String("gb") ? 1024 : 1)};
    if (const QRegularExpressionMatch m = cpuOptimized.match(slug); m.hasMatch())
        return SizeFigures{m.captured(1).toInt(), m.captured(1).toInt() * 2048};
    // Heroku's API writes dyno sizes capitalised (`Standard-2X`), its CLI and state lowercase.
    for (const QString &key : {r.size, slug})
        if (const auto it = m_sources.constFind(key); it != m_sources.cend())
            return it.value();
    return std::nullopt;
}

std::optional<TargetSize> InstanceSizes::targetFor(const QString &service,
                                                   const SizeFigures &need) const
{
    for (const TargetSize &t : m_targets.value(service))
        if (need.shared || (t.figures.vcpus >= need.vcpus && t.figures.memoryMb >= need.memoryMb))
            return t;
    return std::nullopt;
}

QString sizeFiguresText(const SizeFigures &f)
{
    if (f.shared && f.memoryMb == 0)
        return QStringLiteral("shared servers, no dedicated vCPU or memory");
    const QString memory = f.memoryMb % 1024 == 0 ? QStringLiteral("%1 GiB").arg(f.memoryMb / 1024)
                                                  : QStringLiteral("%1 MiB").arg(f.memoryMb);
    return QStringLiteral("%1 vCPU, %2")
        .arg(f.vcpus > 0 ? QString::number(f.vcpus) : QStringLiteral("?"), memory);
}

} // namespace Ferry
