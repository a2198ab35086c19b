// SPDX-License-Identifier: MIT
// CheckResult's names, JSON and the result of a data comparison (checkrunner.h).
#include "checkrunner.h"

#include <QJsonArray>

namespace Ferry {

CheckResult dataComparisonToCheckResult(const QString &checkId, const DataComparison &d)
{
    CheckResult r;
    r.checkId = checkId;
    r.seconds = d.seconds;
    if (!d.error.isEmpty()) {
        r.status = CheckResult::Status::Failed;
        r.message = d.error;
        return r;
    }
    int identical = 0, rows = 0;
    for (const TableComparison &t : d.tables) {
        identical += t.status == TableComparison::Status::Identical;
        QString line = QStringLiteral("%1, %2 source rows, %3 target rows")
                           .arg(tableStatusName(t.status))
                           .arg(t.sourceRows)
                           .arg(t.targetRows);
        if (t.status == TableComparison::Status::Different)
            line += QStringLiteral(" (missing %1, extra %2, different %3)")
                        .arg(t.missingInTarget)
                        .arg(t.extraInTarget)
                        .arg(t.different);
        if (!t.error.isEmpty())
            line += QStringLiteral(": ") + t.error;
        r.details.insert(QStringLiteral("table ") + t.qualifiedName(), line);
        for (const RowDifference &diff : t.differences) {
            if (++rows > 50)
                break;
            r.details.insert(
                QStringLiteral("row %1 [%2]")
                    .arg(t.qualifiedName(), diff.key.join(QStringLiteral(", "))),
                QStringLiteral("%1 — source %2 | target %3")
                    .arg(rowDifferenceKindName(diff.kind),
                         diff.sourceRow.isEmpty() ? QStringLiteral("—") : diff.sourceRow,
                         diff.targetRow.isEmpty() ? QStringLiteral("—") : diff.targetRow));
        }
    }
    for (qsizetype i = 0; i < d.schemaDifferences.size(); ++i)
        r.details.insert(QStringLiteral("schema %1").arg(i + 1, 3, 10, QLatin1Char('0')),
                         d.schemaDifferences[i]);
    int sequencesBad = 0;
    for (const SequenceCheck &q : d.sequences)
        sequencesBad += !q.ok();
    if (d.cancelled) {
        r.status = CheckResult::Status::Cancelled;
        r.message = QStringLiteral("cancelled");
    } else if (d.identical()) {
        r.status = CheckResult::Status::Passed;
        r.message = QStringLiteral("%1 tables identical, %2 sequences ahead")
                        .arg(identical)
                        .arg(d.sequences.size());
    } else {
        r.status = CheckResult::Status::Failed;
        r.message = QStringLiteral("%1 of %2 tables differ, %3 schema differences, %4 sequences "
                                   "behind")
                        .arg(d.tables.size() - identical)
                        .arg(d.tables.size())
                        .arg(d.schemaDifferences.size())
                        .arg(sequencesBad);
    }
    return r;
}

QString checkStatusName(CheckResult::Status status)
{
    switch (status) {
    case CheckResult::Status::NotRun:
        return QStringLiteral("not run");
    case CheckResult::Status::Running:
        return QStringLiteral("running");
    case CheckResult::Status::Passed:
        return QStringLiteral("passed");
    case CheckResult::Status::Failed:
        return QStringLiteral("failed");
    case CheckResult::Status::Error:
        return QStringLiteral("error");
    case CheckResult::Status::Cancelled:
        break;
    }
    return QStringLiteral("cancelled");
}

bool parseCheckStatus(const QString &name, CheckResult::Status *status)
{
    for (auto s :
         {CheckResult::Status::NotRun, CheckResult::Status::Running, CheckResult::Status::Passed,
          CheckResult::Status::Failed, CheckResult::Status::Error, CheckResult::Status::Cancelled})
        if (checkStatusName(s) == name) {
            *status = s;
            return true;
        }
    return false;
}

QJsonObject checkResultToJson(const CheckResult &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("check"), r.checkId);
    o.insert(QStringLiteral("status"), checkStatusName(r.status));
    o.insert(QStringLiteral("message"), r.message);
    if (r.latencyMs >= 0)
        o.insert(QStringLiteral("latencyMs"), r.latencyMs);
    o.insert(QStringLiteral("seconds"), r.seconds);
    o.insert(QStringLiteral("started"), r.started.toString(Qt::ISODateWithMs));
    QJsonObject details;
    for (auto it = r.details.cbegin(); it != r.details.cend(); ++it)
        details.insert(it.key(), it.value());
    o.insert(QStringLiteral("details"), details);
    return o;
}

} // namespace Ferry
