// SPDX-License-Identifier: MIT
#include "runbooktemplates.h"

#include "planyaml.h"
#include "yamlinput.h"

#include <QFile>
#include <QRegularExpression>

namespace Ferry {

RunbookStep StepTemplate::stepFor(const Runbook &runbook, int wave, const QStringList &after) const
{
    RunbookStep s;
    s.phase = phase;
    s.wave = wave;
    s.title = title;
    s.role = role;
    s.plannedMinutes = minutes;
    s.kind = kind;
    s.instructions = instructions;
    s.after = after;
    s.after.sort();
    s.origin = StepOrigin::User;
    const QString base =
        QStringLiteral("%1/%2/%3")
            .arg(runbookPhaseName(phase), name,
                 wave == 0 ? QStringLiteral("plan") : QStringLiteral("wave-%1").arg(wave));
    s.id = runbook.unusedId(base);
    return s;
}

namespace RunbookTemplates {

bool parse(const QByteArray &yaml, const QString &fileName, QList<StepTemplate> *out,
           FileError *error)
{
    using namespace PlanYaml;
    if (!YamlInput::checkText(yaml, fileName, error))
        return false;
    QList<StepTemplate> templates;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        expectMap(root, "template file");
        if (integer(root["format"], "format") != 1)
            throw ReadError{root["format"].Mark(), QStringLiteral("unknown template format")};
        const YAML::Node list = root["templates"];
        expectSeq(list, "templates");
        for (const YAML::Node &n : list) {
            expectMap(n, "template");
            StepTemplate t;
            for (const auto &f : n) {
                const std::string &k = f.first.Scalar();
                if (k == "name")
                    t.name = str(f.second, "name");
                else if (k == "title")
                    t.title = str(f.second, "title");
                else if (k == "phase") {
                    if (!parseRunbookPhase(str(f.second, "phase"), &t.phase))
                        throw ReadError{f.second.Mark(), QStringLiteral("unknown phase")};
                } else if (k == "role")
                    t.role = str(f.second, "role");
                else if (k == "minutes")
                    t.minutes = integer(f.second, "minutes");
                else if (k == "kind") {
                    if (!parseStepKind(str(f.second, "kind"), &t.kind))
                        throw ReadError{f.second.Mark(), QStringLiteral("unknown step kind")};
                } else if (k == "instructions")
                    t.instructions = str(f.second, "instructions");
                else
                    throw ReadError{f.first.Mark(), QStringLiteral("unknown key '%1' in a template")
                                                        .arg(QString::fromStdString(k))};
            }
            static const QRegularExpression word(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
            if (!word.match(t.name).hasMatch() || t.title.trimmed().isEmpty())
                throw ReadError{n.Mark(), QStringLiteral("a template needs a name (lower-case "
                                                         "letters, digits, '-') and a title")};
            for (const StepTemplate &other : std::as_const(templates))
                if (other.name == t.name)
                    throw ReadError{n.Mark(),
                                    QStringLiteral("template '%1' is defined twice").arg(t.name)};
            templates.append(t);
        }
    } catch (const ReadError &e) {
        *error = {fileName, e.mark.line + 1, e.mark.column + 1, e.message};
        return false;
    } catch (const YAML::Exception &e) {
        *error = YamlInput::fromException(fileName, e);
        return false;
    }
    *out = templates;
    return true;
}

const QList<StepTemplate> &builtIn()
{
    static const QList<StepTemplate> templates = [] {
        QList<StepTemplate> t;
        QFile f(QStringLiteral(":/ferry/runbook-templates.yaml"));
        FileError error;
        if (!f.open(QIODevice::ReadOnly) || !parse(f.readAll(), f.fileName(), &t, &error))
            qWarning("Ferry: built-in step templates unreadable: %s", qPrintable(error.toString()));
        return t;
    }();
    return templates;
}

const StepTemplate *find(const QString &name)
{
    for (const StepTemplate &t : builtIn())
        if (t.name == name)
            return &t;
    return nullptr;
}

} // namespace RunbookTemplates
} // namespace Ferry
