// SPDX-License-Identifier: MIT
#include "clisupport.h"

#include "escaping.h"
#include "planfile.h"
#include "plantrust.h"

#include <QCommandLineParser>

#include <cstdio>

namespace Ferry::CommandLine {

TerminalStream &TerminalStream::operator<<(const QString &s)
{
    QString shown;
    shown.reserve(s.size());
    qsizetype start = 0;
    for (qsizetype i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == u'\n' || s[i] == u'\t') {
            shown += Escape::visible(s.mid(start, i - start));
            if (i < s.size())
                shown += s[i];
            start = i + 1;
        }
    }
    m_stream << shown;
    return *this;
}

TerminalStream &out()
{
    static TerminalStream s(stdout);
    return s;
}

TerminalStream &err()
{
    static TerminalStream s(stderr);
    return s;
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    err() << "ferry: " << message << "\n\n" << parser.helpText();
    err().flush();
    return BadInput;
}

int inputError(const FileError &e)
{
    err() << e.toString() << '\n';
    err().flush();
    return BadInput;
}

/// Parses `args` (subcommand first); handles --help. Returns -1 to continue, else an exit code.
int parse(QCommandLineParser &parser, const QStringList &args, const QString &description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(args))
        return usageError(parser, parser.errorText());
    if (parser.isSet(help)) {
        out() << parser.helpText();
        out().flush();
        return Success;
    }
    return -1;
}

bool loadPlan(const QString &path, Plan *plan)
{
    FileError e;
    if (!PlanFile::load(path, plan, &e)) {
        inputError(e);
        return false;
    }
    return true;
}

bool savePlan(const Plan &plan, const QString &path)
{
    FileError e;
    if (!PlanFile::save(plan, path, &e)) {
        inputError(e);
        return false;
    }
    return true;
}

bool requireTrust(const QString &command, const QString &planFile, const Plan &plan, bool trustNow)
{
    QList<Check> all;
    for (const auto &[id, c] : plan.checks)
        all.append(c);
    TrustStore &trusted = TrustStore::user();
    if (trusted.isPlanTrusted(planFile, all))
        return true;
    if (trustNow) {
        trusted.trustPlan(planFile, all);
        return true;
    }
    err() << "ferry " << command << ": " << planFile
          << " is not trusted yet (or its checks changed since you trusted it). Its checks "
             "would contact:\n";
    for (const Check &c : std::as_const(all))
        for (const CheckContact &contact : checkContacts(c))
            err() << "  " << contact.checkId << ": " << contact.host
                  << (contact.port.isEmpty() ? QString() : u':' + contact.port)
                  << (contact.password.isEmpty()
                          ? QString()
                          : QStringLiteral(" (password: ") + contact.password + u')')
                  << '\n';
    err() << "Run it again with --trust if you trust this plan and these hosts.\n";
    return false;
}

} // namespace Ferry::CommandLine
