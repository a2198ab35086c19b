// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace Ferry {

/// What to compare and how hard to push the servers. Connection strings are libpq connection
/// URIs or `key=value` strings (PostgreSQL documentation, "Connection Strings"); a password never
/// comes from here but from `PGPASSWORD`, `PGPASSFILE`/`~/.pgpass` or the keychain, as libpq finds
/// it — so nothing secret ends up in a plan, an export or the run log.
struct DataCompareOptions
{
    QString source; ///< libpq connection string of the source database
    QString target; ///< libpq connection string of the target database
    /// Passwords for the two sides when they come from elsewhere than libpq's own sources (a
    /// keychain entry, a named variable; secrets.h): held in memory, passed to libpq only,
    /// never printed. Empty: libpq's `PGPASSWORD`, `~/.pgpass` or service file.
    QString sourcePassword, targetPassword;
    /// `schema.table` names to compare; empty: every table of every non-system schema of the
    /// source (and the target's tables, to report those missing from the source).
    QStringList tables;
    int connectionsPerSide = 2;        ///< tables compared at once (each uses one per side)
    int statementTimeoutSeconds = 600; ///< `statement_timeout` of every query
    int lockTimeoutSeconds = 5;        ///< `lock_timeout`: a check never waits behind a lock
    /// Rows per segment of the first pass (about), unless that makes more than maxSegments:
    /// small segments mean little to hash again around each difference, many segments mean more
    /// lines sent by the first pass (about 30 bytes each per side).
    qint64 segmentRows = 256;
    qint64 maxSegments = 8192;
    qint64 fetchRows = 64; ///< a differing segment this small has its keys fetched
    /// How a side's first pass over a table with one integer key sums its segments:
    /// - Aggregate: a hash aggregate over a sequential scan (any heap order);
    /// - KeyRanges: one index range scan per segment with a plain aggregate — cheaper where the
    ///   heap is in key order, ruinous where it is not;
    /// - Blocks: runs of heap blocks read with TID range scans, one plain aggregate per run,
    ///   and only the blocks at segment boundaries (and runs out of key order) summed row by
    ///   row — the cheapest where the heap is in key order, exact in any order (PostgreSQL 14+;
    ///   KeyRanges on older servers and partitioned tables).
    /// Auto takes Blocks on a side whose `pg_stats.correlation` of the key is at least 0.9 in
    /// absolute value, else Aggregate (docs/checks.md).
    enum class FirstPass { Auto, Aggregate, KeyRanges, Blocks };
    FirstPass firstPass = FirstPass::Auto;
    int maxReportedRows = 1000; ///< per table, differing rows reported with their values
};

/// One row that differs, by primary key (the key's columns as PostgreSQL prints them).
struct RowDifference
{
    enum class Kind {
        MissingInTarget, ///< in the source only
        ExtraInTarget,   ///< in the target only
        Different,       ///< in both, with other values
    };
    Kind kind = Kind::Different;
    QStringList key;
    QString sourceRow; ///< `row_to_json` of the source row, empty when absent or not fetched
    QString targetRow; ///< the same for the target row
};

/// The name of a kind for reports and JSON: `missing`, `extra`, `different`.
QString rowDifferenceKindName(RowDifference::Kind kind);

/// The outcome for one table.
struct TableComparison
{
    enum class Status {
        Identical, ///< same rows (by key, or as a multiset without key)
        Different, ///< rows differ (see the counts and `differences`)
        Missing,   ///< the table is on one side only
        Error,     ///< a query failed (see `error`)
        Cancelled,
    };
    QString schema;
    QString name;
    Status status = Status::Identical;
    /// `range` (one integer key column: segments are key ranges), `hash` (any other key:
    /// segments are hash buckets of the key) or `whole table` (no primary key: one count and one
    /// hash aggregate per side, reported as compared without key).
    QString method;
    QStringList key;        ///< primary key columns, empty when none
    qint64 sourceRows = -1; ///< exact count, -1 when not known
    qint64 targetRows = -1;
    qint64 missingInTarget = 0, extraInTarget = 0, different = 0; ///< rows, all of them
    QList<RowDifference> differences; ///< at most maxReportedRows, sorted by kind then key
    QStringList columnsCompared;
    QStringList notes; ///< columns compared as text, columns on one side only…
    QString error;
    int queries = 0;          ///< queries sent to both sides
    qint64 bytesReceived = 0; ///< payload bytes of their results
    double seconds = 0;

    QString qualifiedName() const { return schema + u'.' + name; }
};

/// The name of a status: `identical`, `different`, `missing`, `error`, `cancelled`.
QString tableStatusName(TableComparison::Status status);

/// A sequence of the source and its counterpart in the target. Logical replication does not
/// copy sequences, so a target whose sequence would hand out a value the source already used
/// fails its first insert (or worse, reuses an id): the target's next value must be above the
/// largest value used in the source — the sequence's last value, or the largest value in the
/// column that owns it, whichever is larger.
struct SequenceCheck
{
    QString name;          ///< `schema.sequence`
    QString ownedBy;       ///< `schema.table.column`, empty when none
    qint64 sourceUsed = 0; ///< largest value used in the source (0 when none yet)
    qint64 targetNext = 0; ///< the value the target's nextval() would return
    bool missing = false;  ///< no such sequence in the target
    bool ok() const { return !missing && targetNext > sourceUsed; }
};

/// The whole comparison.
struct DataComparison
{
    QString sourceVersion, targetVersion; ///< `server_version` of each side
    QStringList schemaDifferences;        ///< tables, columns, types, keys, indexes, extensions…
    QList<TableComparison> tables;        ///< in name order
    QList<SequenceCheck> sequences;       ///< the source's ascending sequences, in name order
    QString error;                        ///< a side could not be reached or read: nothing compared
    bool cancelled = false;
    double seconds = 0;
    qint64 bytesReceived = 0;

    /// True when both sides were read, every table is identical, no schema difference was found
    /// and every sequence check passed.
    bool identical() const;
};

/// One table's progress in a running comparison.
struct DataTableProgress
{
    QString table;             ///< `schema.name`
    QString phase;             ///< `waiting`, `hashing`, `narrowing`, `fetching rows`, then the
                               ///< table's status name (tableStatusName())
    qint64 estimatedRows = -1; ///< the planner's estimate of the larger side (reltuples), -1
    qint64 rowsHashed = 0;     ///< rows the first pass covered (the larger side's count)
    int segmentsLeft = 0;      ///< differing segments still to narrow down or fetch
};

/// Progress of a running comparison, readable from any thread; cancel() stops it promptly: the
/// running queries are cancelled on the servers.
struct DataCompareProgress
{
    std::atomic<int> tablesDone{0};
    std::atomic<int> tablesTotal{0};
    std::atomic<qint64> rowsHashed{0}; ///< rows covered by finished first passes
    std::atomic<bool> cancelRequested{false};
    void cancel() { cancelRequested = true; }

    /// Records `t` (replacing the entry of the same table); thread-safe.
    void update(const DataTableProgress &t);
    /// Every table's last recorded progress, largest tables first (the order they are
    /// compared in); thread-safe.
    QList<DataTableProgress> tables() const;

private:
    mutable QMutex m_mutex;
    QList<DataTableProgress> m_tables;
};

/// Proves two PostgreSQL databases hold the same data, or names every row that differs, moving
/// as little data as it can: the servers hash the rows (`hash_record_extended`) and Ferry only
/// compares per-segment counts and hash sums, narrows down the segments that differ, and fetches
/// keys only for small segments (docs/checks.md gives the algorithm and the equality rules).
///
/// Both sides are only read: every session is `default_transaction_read_only`, every query runs
/// in a `REPEATABLE READ READ ONLY` transaction whose snapshot all connections of that side
/// share (`pg_export_snapshot`), with `statement_timeout` and `lock_timeout`, and every
/// identifier is quoted. Errors (unreachable server, missing permission) come back in the
/// result, never as exceptions.
class DataCompare
{
public:
    /// Runs the comparison; blocks until it is done or cancelled through `progress`.
    static DataComparison run(const DataCompareOptions &options,
                              DataCompareProgress *progress = nullptr);
};

/// The comparison as JSON (docs/checks.md, "compare-data JSON"): format version 1, sides'
/// versions, schema differences, per table status, counts and differing rows.
QJsonObject dataComparisonToJson(const DataComparison &c);
/// The comparison as a text report for a terminal: one line per table, then the differences.
QString dataComparisonToText(const DataComparison &c);

} // namespace Ferry
