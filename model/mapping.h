// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Ferry {

/// The 7 Rs of migration strategy (AWS Prescriptive Guidance, "Migration strategies").
enum class Strategy { Rehost, Replatform, Refactor, Repurchase, Retire, Retain, Relocate };

/// Plan-file name, lower case: `rehost` … `relocate`.
QString strategyName(Strategy s);
/// Parses a plan-file name (case-insensitive); false when unknown.
bool parseStrategy(const QString &name, Strategy *s);
/// All seven, in the customary order.
QList<Strategy> allStrategies();

/// Where one resource goes: the target account, the target service (a Terraform AWS resource
/// type such as `aws_db_instance`), the strategy and the wave (1-based; waves run in order).
struct Mapping
{
    QString resourceId;
    QString accountId;
    QString targetService;
    Strategy strategy = Strategy::Rehost;
    int wave = 1;

    bool operator==(const Mapping &) const = default;
};

} // namespace Ferry
