// SPDX-License-Identifier: MIT
#include "checkrun.h"

#include <QJsonArray>

namespace Ferry {

int CheckRun::count(CheckResult::Status status) const
{
    return int(std::count_if(results.cbegin(), results.cend(),
                             [status](const CheckResult &r) { return r.status == status; }));
}

QString CheckRun::status() const
{
    if (count(CheckResult::Status::Cancelled) || count(CheckResult::Status::NotRun) ||
        count(CheckResult::Status::Running))
        return QStringLiteral("cancelled");
    if (count(CheckResult::Status::Error))
        return QStringLiteral("error");
    if (count(CheckResult::Status::Failed))
        return QStringLiteral("failed");
    return QStringLiteral("passed");
}

int CheckRun::exitCode() const
{
    const QString s = status();
    if (s == QLatin1String("passed"))
        return 0;
    return s == QLatin1String("failed") ? 1 : 2;
}

QString checkRunToText(const CheckRun &run)
{
    QString out;
    for (qsizetype i = 0; i < run.results.size(); ++i) {
        const CheckResult &r = run.results[i];
        QString tag = checkStatusName(r.status).toUpper();
        if (r.status == CheckResult::Status::Passed)
            tag = QStringLiteral("PASS");
        else if (r.status == CheckResult::Status::Failed)
            tag = QStringLiteral("FAIL");
        else if (r.status == CheckResult::Status::Error)
            tag = QStringLiteral("ERROR");
        out += QStringLiteral("%1 %2  %3").arg(tag, -6).arg(r.checkId, r.message);
        if (r.latencyMs >= 0 && !r.message.contains(QLatin1String(" ms")))
            out += QStringLiteral(" (%1 ms)").arg(r.latencyMs, 0, 'f', 1);
        out += u'\n';
    }
    out += QStringLiteral("%1 checks in %2 s: %3 passed, %4 failed, %5 errors")
               .arg(run.results.size())
               .arg(run.seconds, 0, 'f', 2)
               .arg(run.count(CheckResult::Status::Passed))
               .arg(run.count(CheckResult::Status::Failed))
               .arg(run.count(CheckResult::Status::Error));
    if (const int c =
            run.count(CheckResult::Status::Cancelled) + run.count(CheckResult::Status::NotRun))
        out += QStringLiteral(", %1 cancelled").arg(c);
    out += u'\n';
    return out;
}

QJsonObject checkRunToJson(const CheckRun &run)
{
    QJsonObject o;
    o.insert(QStringLiteral("plan"), run.plan);
    if (!run.planFile.isEmpty())
        o.insert(QStringLiteral("planFile"), run.planFile);
    o.insert(QStringLiteral("started"), run.started.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("seconds"), run.seconds);
    o.insert(QStringLiteral("status"), run.status());
    QJsonObject counts;
    for (auto s : {CheckResult::Status::Passed, CheckResult::Status::Failed,
                   CheckResult::Status::Error, CheckResult::Status::Cancelled})
        counts.insert(checkStatusName(s), run.count(s));
    o.insert(QStringLiteral("counts"), counts);
    QJsonArray checks;
    for (qsizetype i = 0; i < run.results.size(); ++i) {
        QJsonObject c = checkResultToJson(run.results[i]);
        if (i < run.checks.size()) {
            const Check &k = run.checks[i];
            c.insert(QStringLiteral("kind"), checkKindName(k.kind));
            c.insert(QStringLiteral("target"), k.target);
            if (!k.resource.isEmpty())
                c.insert(QStringLiteral("resource"), k.resource);
            if (!k.side.isEmpty())
                c.insert(QStringLiteral("side"), k.side);
        }
        checks.append(c);
    }
    o.insert(QStringLiteral("checks"), checks);
    return o;
}

} // namespace Ferry
