// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

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
    /// Where the migrated resource answers once it exists, `host` or `host:port` (e.g. the RDS
    /// endpoint from `terraform output`); empty until known. Generate Checks adds the target
    /// side's checks from it (docs/checks.md).
    QString endpoint;
    /// The application databases a data move covers and its checks compare (sorted); empty: the
    /// source's own list less the server's default database (generateChecks()).
    QStringList databases;
    /// Further target services the same source also becomes, in the same account and wave
    /// (Terraform types, sorted, each once, never `targetService`): a droplet whose app becomes
    /// an `aws_ecs_service` and whose uploaded files an `aws_s3_bucket`. Each gets a block of
    /// its own in the account's folder (label `<label>_<type less its provider>`) and, where
    /// data moves into it, runbook steps.
    QStringList alsoServices;

    bool operator==(const Mapping &) const = default;
};

/// Splits a Mapping::endpoint into host and port (`defaultPort` when it names none); false
/// when it is not `host` or `host:port` (a URI, a user, a path, spaces, a port out of range).
bool parseEndpoint(const QString &endpoint, QString *host, int *port, int defaultPort);
/// True when `endpoint` is `host` or `host:port` (parseEndpoint() would accept it).
bool isEndpoint(const QString &endpoint);

/// The database names of a comma-separated list as typed (`shop, billing`): trimmed, empty
/// ones dropped, sorted, each once — the form of Mapping::databases.
QStringList databaseNames(const QString &commaSeparated);

/// The target services of a comma-separated list as typed (`aws_s3_bucket, aws_ecr_repository`):
/// trimmed, empty ones dropped, sorted, each once, `primary` left out — the form of
/// Mapping::alsoServices. Does not check that they are Terraform types.
QStringList serviceNames(const QString &commaSeparated, const QString &primary);

} // namespace Ferry
