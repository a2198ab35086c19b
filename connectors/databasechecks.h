// SPDX-License-Identifier: MIT
#pragma once

// The checks that hold a PostgreSQL connection (CheckRunner runs them on its database
// threads, at most four per server): internal to ferry_connectors.

#include "checkrunner.h"

#include <atomic>

namespace Ferry {

class DataCompareProgress;

namespace DatabaseChecks {

/// The PostgreSQL login check (`postgres`), blocking: libpq with the check's target and
/// `password` (empty: libpq's own sources). Never writes: a read-only session that only reads
/// server facts (version, TLS, the database's size in bytes). Failed when the login fails or
/// times out (the check's timeout, seconds).
CheckResult login(const Check &c, QString password);

/// The data check (`data`), blocking: compare-data (DataCompare) of the check's target (the
/// source) against `expect["target_database"]`, read-only on both sides, `progress` updated
/// per table. Passed when identical; details per table and the first differing rows with both
/// sides' values (dataComparisonToCheckResult()).
CheckResult data(const Check &c, DataCompareProgress *progress, const QString &sourcePassword,
                 const QString &targetPassword);

/// A replication check's `expect.wait`: whole seconds, 0 (one reading) when absent or not a
/// number, at most a day (86,400).
int replicationWaitSeconds(const Check &c);

/// The replication check (`replication`), blocking: one reading of the lag (replication.h), or
/// with `expect.wait` (seconds) readings every second until caught up, that long at most (the
/// job's timer allows the wait on top of the check's timeout, which bounds each reading), or
/// until `cancel` is set. Reads `expect["subscriber"]`, `slot`, `max_lag_bytes` (bytes) and
/// `max_lag_seconds` (seconds, 10 by default).
CheckResult replication(const Check &c, const QString &sourcePassword,
                        const QString &targetPassword, const std::atomic<bool> *cancel);

} // namespace DatabaseChecks
} // namespace Ferry
