// SPDX-License-Identifier: MIT
#include "datacompare.h"

#include "pgconninfo.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QMutex>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <pqxx/pqxx>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace Ferry {

QString rowDifferenceKindName(RowDifference::Kind kind)
{
    switch (kind) {
    case RowDifference::Kind::MissingInTarget:
        return QStringLiteral("missing");
    case RowDifference::Kind::ExtraInTarget:
        return QStringLiteral("extra");
    case RowDifference::Kind::Different:
        break;
    }
    return QStringLiteral("different");
}

QString tableStatusName(TableComparison::Status status)
{
    switch (status) {
    case TableComparison::Status::Identical:
        return QStringLiteral("identical");
    case TableComparison::Status::Different:
        return QStringLiteral("different");
    case TableComparison::Status::Missing:
        return QStringLiteral("missing");
    case TableComparison::Status::Error:
        return QStringLiteral("error");
    case TableComparison::Status::Cancelled:
        break;
    }
    return QStringLiteral("cancelled");
}

bool DataComparison::identical() const
{
    if (!error.isEmpty() || cancelled || !schemaDifferences.isEmpty())
        return false;
    for (const TableComparison &t : tables)
        if (t.status != TableComparison::Status::Identical)
            return false;
    for (const SequenceCheck &s : sequences)
        if (!s.ok())
            return false;
    return true;
}

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}
std::string ss(const QString &s)
{
    return s.toStdString();
}

/// A column as the catalog describes it.
struct Column
{
    QString name;
    QString type;         ///< format_type(): `integer`, `numeric(10,2)`, `text[]`
    bool asText = false;  ///< hashed as its text form (see docs/checks.md)
    bool integer = false; ///< smallint, integer or bigint
    /// A scalar numeric (or a domain over one): hashed as its value and its scale, which
    /// tells apart exactly what its text does (1.0 vs 1.00) without printing it.
    bool numeric = false;
};

struct Table
{
    QString schema, name;
    QList<Column> columns; ///< in column order
    QStringList key;       ///< primary key columns, in key order
    /// pg_class.reltuples; for a table never analyzed or vacuumed (reltuples −1, as right
    /// after a restore or a logical-replication copy) an upper bound from its heap's size,
    /// kEstimateBytesPerRow bytes a row: too few segments would make the narrowing rescan the
    /// table several times, too many cost little.
    double estimate = 0;
    bool estimateFromSize = false; ///< the estimate is that upper bound

    const Column *column(const QString &n) const
    {
        for (const Column &c : columns)
            if (c.name == n)
                return &c;
        return nullptr;
    }
};

/// What one side's catalog says, for the schema comparison and the queries.
struct Catalog
{
    QMap<QString, Table> tables; ///< by `schema.name`
    QSet<QString> constraints;   ///< `table: definition`
    QSet<QString> indexes;       ///< `table: definition without the index name`
    QMap<QString, QString> extensions;
    QString version;
};

/// The smallest a heap row takes (23-byte tuple header aligned to 24, a 4-byte line pointer,
/// 4 bytes of data), for the row estimate of a table that was never analyzed.
constexpr int kEstimateBytesPerRow = 32;

/// The fewest heap blocks a first-pass segment spans when a side sums block chunks: each
/// segment boundary costs an index probe and one block summed row by row (about 1/16 of the
/// rows then; docs/performance.md).
constexpr qint64 kBlocksPerSegment = 16;

const char *const kUserSchemas =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

/// One connection to one side, in its read-only snapshot transaction.
class Session
{
public:
    /// Connects and starts the transaction. With an empty `snapshot` the session exports its
    /// snapshot into `*exported`; else it adopts `snapshot`. Throws pqxx exceptions.
    Session(const QString &conninfo, const QString &password, const DataCompareOptions &o,
            const QString &snapshot, QString *exported)
        : m_conn(withPassword(conninfo, password))
        , m_tx(m_conn, "ferry-compare")
    {
        // Session settings first: read-only by default, bounded waits, and the settings that
        // fix how values print, so that both sides produce the same text for the same value.
        exec("SET default_transaction_read_only = on");
        exec("SET application_name = 'ferry compare-data'");
        exec("SET statement_timeout = " + std::to_string(o.statementTimeoutSeconds * 1000));
        exec("SET lock_timeout = " + std::to_string(o.lockTimeoutSeconds * 1000));
        exec("SET idle_in_transaction_session_timeout = 0");
        // The narrowing queries are small but look big to the planner (a VALUES list joined to
        // a large table): JIT compiling them costs more than running them (≈ 250 ms each).
        exec("SET jit = off");
        // The first pass groups a whole table into a few thousand segments; the planner cannot
        // know how few and would sort it (10 M rows: 14 s instead of 2.6 s). One core per
        // connection: a compare on cutover day must not take the server's other cores.
        exec("SET enable_sort = off");
        exec("SET max_parallel_workers_per_gather = 0");
        exec("SET TimeZone = 'UTC'");
        exec("SET DateStyle = 'ISO, YMD'");
        exec("SET IntervalStyle = 'postgres'");
        exec("SET extra_float_digits = 3");
        exec("SET bytea_output = 'hex'");
        exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        if (snapshot.isEmpty()) {
            if (exported)
                *exported = qs(exec("SELECT pg_export_snapshot()")[0][0].c_str());
        } else {
            exec("SET TRANSACTION SNAPSHOT " + m_tx.quote(ss(snapshot)));
        }
    }
    ~Session()
    {
        try {
            m_tx.exec("ROLLBACK");
        } catch (...) {
        }
    }

    pqxx::result exec(const std::string &sql)
    {
        pqxx::result r = m_tx.exec(sql);
        ++m_queries;
        for (const auto &row : r)
            for (const auto &f : row)
                m_bytes += qint64(f.size());
        return r;
    }
    std::string quoteName(const QString &n) { return m_tx.quote_name(ss(n)); }
    std::string quote(const QString &v) { return m_tx.quote(ss(v)); }
    /// Cancels the running query on the server (safe from another thread).
    void cancel()
    {
        try {
            m_conn.cancel_query();
        } catch (...) {
        }
    }
    qint64 bytes() const { return m_bytes; }
    int queries() const { return m_queries; }

private:
    pqxx::connection m_conn;
    pqxx::nontransaction m_tx;
    qint64 m_bytes = 0;
    int m_queries = 0;
};

Catalog readCatalog(Session &s)
{
    Catalog c;
    c.version = qs(s.exec("SHOW server_version")[0][0].c_str());
    // Columns, with whether each is hashed natively: base types with a default hash operator
    // class, except those whose SQL equality forgets what a migration must keep (numeric scale,
    // float -0, an interval's units: '1 day' = '24 hours') and enums (hashed by OID, which
    // differs between databases). Domains count as
    // their base type, arrays as their element type.
    const std::string columns = std::string(R"(
        SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
               CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8
                    WHEN c.relkind = 'r' THEN pg_relation_size(c.oid)::float8 / )" +
                                            std::to_string(kEstimateBytesPerRow) + R"(
                    ELSE (SELECT coalesce(sum(pg_relation_size(p.relid)), 0)
                          FROM pg_partition_tree(c.oid) p)::float8 / )") +
                                std::to_string(kEstimateBytesPerRow) + R"( END,
               c.reltuples < 0,
               NOT (et.typtype = 'b'
                    AND et.oid NOT IN ('numeric'::regtype, 'float4'::regtype,
                                       'float8'::regtype, 'money'::regtype,
                                       'interval'::regtype)
                    AND EXISTS (SELECT 1 FROM pg_opclass o JOIN pg_am m ON m.oid = o.opcmethod
                                WHERE m.amname = 'hash' AND o.opcdefault
                                  AND o.opcintype = et.oid)) AS as_text,
               bt.oid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) AS integer,
               bt.oid = 'numeric'::regtype AS numeric
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        JOIN pg_type et ON et.oid = CASE WHEN bt.typelem <> 0 AND bt.typlen = -1
                                         THEN bt.typelem ELSE bt.oid END
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND )" +
                                kUserSchemas + R"(
        ORDER BY n.nspname, c.relname, a.attnum)";
    for (const auto &row : s.exec(columns)) {
        const QString key = qs(row[0].c_str()) + u'.' + qs(row[1].c_str());
        Table &t = c.tables[key];
        t.schema = qs(row[0].c_str());
        t.name = qs(row[1].c_str());
        t.estimate = row[4].as<double>();
        t.estimateFromSize = row[5].as<bool>();
        t.columns.append({qs(row[2].c_str()), qs(row[3].c_str()), row[6].as<bool>(),
                          row[7].as<bool>(), row[8].as<bool>()});
    }
    const std::string keys = std::string(R"(
        SELECT n.nspname, c.relname, a.attname
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE i.indisprimary AND )") +
                             kUserSchemas + " ORDER BY 1, 2, k.ord";
    for (const auto &row : s.exec(keys)) {
        const QString key = qs(row[0].c_str()) + u'.' + qs(row[1].c_str());
        if (c.tables.contains(key))
            c.tables[key].key.append(qs(row[2].c_str()));
    }
    const std::string constraints = std::string(R"(
        SELECT n.nspname || '.' || r.relname, pg_get_constraintdef(k.oid)
        FROM pg_constraint k
        JOIN pg_class r ON r.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND )") +
                                    kUserSchemas;
    for (const auto &row : s.exec(constraints))
        c.constraints.insert(qs(row[0].c_str()) + QStringLiteral(": ") + qs(row[1].c_str()));
    const std::string indexes = std::string(R"(
        SELECT n.nspname || '.' || r.relname,
               regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \S+ ON ', 'INDEX ON ')
        FROM pg_index i
        JOIN pg_class r ON r.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE )") + kUserSchemas;
    for (const auto &row : s.exec(indexes))
        c.indexes.insert(qs(row[0].c_str()) + QStringLiteral(": ") + qs(row[1].c_str()));
    for (const auto &row : s.exec("SELECT extname, extversion FROM pg_extension"))
        c.extensions.insert(qs(row[0].c_str()), qs(row[1].c_str()));
    return c;
}

/// A sequence as one side sees it.
struct SequenceState
{
    QString ownedBy;            ///< `schema.table.column`
    QString table, column;      ///< quoted, for the max() query
    std::optional<qint64> last; ///< pg_sequences.last_value (null before the first nextval)
    qint64 increment = 1, start = 1;
};

/// The sequences of one side (pg_sequences, and the column owning each through pg_depend).
QMap<QString, SequenceState> readSequences(Session &s)
{
    QMap<QString, SequenceState> out;
    const std::string q = std::string(R"(
        SELECT n.nspname || '.' || c.relname, sq.last_value, sq.increment_by, sq.start_value,
               tn.nspname, tc.relname, a.attname
        FROM pg_sequences sq
        JOIN pg_namespace n ON n.nspname = sq.schemaname
        JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = sq.sequencename
        LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_class tc ON tc.oid = d.refobjid
        LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE )") + kUserSchemas +
                          " ORDER BY 1";
    for (const auto &row : s.exec(q)) {
        SequenceState st;
        if (!row[1].is_null())
            st.last = row[1].as<qint64>();
        st.increment = row[2].as<qint64>();
        st.start = row[3].as<qint64>();
        if (!row[6].is_null()) {
            st.ownedBy = qs(row[4].c_str()) + u'.' + qs(row[5].c_str()) + u'.' + qs(row[6].c_str());
            st.table = qs(s.quoteName(qs(row[4].c_str())) + '.' + s.quoteName(qs(row[5].c_str())));
            st.column = qs(s.quoteName(qs(row[6].c_str())));
        }
        out.insert(qs(row[0].c_str()), st);
    }
    return out;
}

/// Checks each ascending sequence of the source against the target's.
QList<SequenceCheck> checkSequences(Session &src, Session &dst)
{
    QList<SequenceCheck> out;
    const QMap<QString, SequenceState> a = readSequences(src), b = readSequences(dst);
    for (auto it = a.cbegin(); it != a.cend(); ++it) {
        const SequenceState &sa = it.value();
        if (sa.increment < 0) // descending sequences: rare, and the rule turns around; skipped
            continue;
        SequenceCheck c;
        c.name = it.key();
        c.ownedBy = sa.ownedBy;
        c.sourceUsed = sa.last.value_or(0);
        if (!sa.column.isEmpty()) {
            const pqxx::row r =
                src.exec("SELECT max(" + ss(sa.column) + ")::text FROM " + ss(sa.table))[0];
            if (!r[0].is_null())
                c.sourceUsed = std::max(c.sourceUsed, qs(r[0].c_str()).toLongLong());
        }
        const auto other = b.constFind(it.key());
        if (other == b.cend()) {
            c.missing = true;
        } else {
            const SequenceState &sb = other.value();
            c.targetNext = sb.last ? *sb.last + sb.increment : sb.start;
        }
        out.append(c);
    }
    return out;
}

/// Lists what differs between the two catalogs, for `tables` (qualified names).
QStringList compareSchemas(const Catalog &src, const Catalog &dst, const QStringList &tables)
{
    QStringList out;
    const QSet<QString> wanted(tables.cbegin(), tables.cend());
    for (const QString &name : tables) {
        const bool inSrc = src.tables.contains(name), inDst = dst.tables.contains(name);
        if (!inSrc || !inDst) {
            out.append(QStringLiteral("table %1: only in the %2")
                           .arg(name, inSrc ? QStringLiteral("source") : QStringLiteral("target")));
            continue;
        }
        const Table &a = src.tables[name], &b = dst.tables[name];
        for (const Column &c : a.columns) {
            const Column *d = b.column(c.name);
            if (!d)
                out.append(
                    QStringLiteral("table %1: column %2 only in the source").arg(name, c.name));
            else if (d->type != c.type)
                out.append(
                    QStringLiteral("table %1: column %2 is %3 in the source, %4 in the target")
                        .arg(name, c.name, c.type, d->type));
        }
        for (const Column &d : b.columns)
            if (!a.column(d.name))
                out.append(
                    QStringLiteral("table %1: column %2 only in the target").arg(name, d.name));
        if (a.key != b.key)
            out.append(
                QStringLiteral("table %1: primary key (%2) in the source, (%3) in the target")
                    .arg(name, a.key.join(u", "), b.key.join(u", ")));
    }
    auto setDiff = [&](const QSet<QString> &x, const QSet<QString> &y, const QString &what) {
        QStringList only;
        for (const QString &e : x)
            // Only for tables on both sides: a missing table is already one difference.
            if (const QString t = e.section(QStringLiteral(": "), 0, 0);
                !y.contains(e) && wanted.contains(t) && src.tables.contains(t) &&
                dst.tables.contains(t))
                only.append(e);
        only.sort();
        for (const QString &e : only)
            out.append(what.arg(e));
    };
    setDiff(src.constraints, dst.constraints, QStringLiteral("constraint only in the source: %1"));
    setDiff(dst.constraints, src.constraints, QStringLiteral("constraint only in the target: %1"));
    setDiff(src.indexes, dst.indexes, QStringLiteral("index only in the source: %1"));
    setDiff(dst.indexes, src.indexes, QStringLiteral("index only in the target: %1"));
    for (auto it = src.extensions.cbegin(); it != src.extensions.cend(); ++it) {
        if (!dst.extensions.contains(it.key()))
            out.append(QStringLiteral("extension %1 only in the source").arg(it.key()));
        else if (dst.extensions.value(it.key()) != it.value())
            out.append(QStringLiteral("extension %1 is version %2 in the source, %3 in the target")
                           .arg(it.key(), it.value(), dst.extensions.value(it.key())));
    }
    for (auto it = dst.extensions.cbegin(); it != dst.extensions.cend(); ++it)
        if (!src.extensions.contains(it.key()))
            out.append(QStringLiteral("extension %1 only in the target").arg(it.key()));
    return out;
}

/// Per-segment aggregates of one side: segment → (rows, sum of row hashes as text).
using Aggregates = QHash<qint64, std::pair<qint64, QString>>;

/// A key and the hash of its row, as fetched for a small segment.
using KeyHashes = QHash<QStringList, QString>;

/// Compares one table on a pair of sessions; the two sides' queries run at once.
class TableCompare
{
public:
    TableCompare(Session &src, Session &dst, QThreadPool *io, const Table &a, const Table &b,
                 const DataCompareOptions &o, DataCompareProgress *progress)
        : m_src(src)
        , m_dst(dst)
        , m_io(io)
        , m_a(a)
        , m_b(b)
        , m_o(o)
        , m_progress(progress)
    {}

    TableComparison run()
    {
        QElapsedTimer timer;
        timer.start();
        TableComparison r;
        r.schema = m_a.schema;
        r.name = m_a.name;
        r.key = m_a.key;
        const qint64 bytes0 = m_src.bytes() + m_dst.bytes();
        const int queries0 = m_src.queries() + m_dst.queries();
        try {
            report(QStringLiteral("hashing"));
            prepare(&r);
            if (m_a.key.isEmpty() || m_a.key != m_b.key)
                compareWithoutKey(&r);
            else
                compareByKey(&r);
        } catch (const Cancelled &) {
            r.status = TableComparison::Status::Cancelled;
        } catch (const std::exception &e) {
            r.status =
                cancelled() ? TableComparison::Status::Cancelled : TableComparison::Status::Error;
            r.error = QString::fromUtf8(e.what()).trimmed();
        }
        report(tableStatusName(r.status), std::max(r.sourceRows, r.targetRows));
        r.bytesReceived = m_src.bytes() + m_dst.bytes() - bytes0;
        r.queries = m_src.queries() + m_dst.queries() - queries0;
        r.seconds = double(timer.nsecsElapsed()) / 1e9;
        return r;
    }

private:
    struct Cancelled
    {};

    bool cancelled() const { return m_progress && m_progress->cancelRequested.load(); }

    /// Tells the progress (if any) where this table is.
    void report(const QString &phase, qint64 rowsHashed = 0, qsizetype segmentsLeft = 0)
    {
        if (!m_progress)
            return;
        m_progress->update({m_a.schema + u'.' + m_a.name, phase,
                            qint64(std::max(m_a.estimate, m_b.estimate)), rowsHashed,
                            int(segmentsLeft)});
    }

    /// Runs `a` on the source and `b` on the target at once.
    std::pair<pqxx::result, pqxx::result> both(const std::string &a, const std::string &b)
    {
        if (cancelled())
            throw Cancelled{};
        pqxx::result ra, rb;
        std::exception_ptr ea, eb;
        QFuture<void> fa = QtConcurrent::run(m_io, [&] {
            try {
                ra = m_src.exec(a);
            } catch (...) {
                ea = std::current_exception();
                m_dst.cancel(); // no use waiting for the other side
            }
        });
        try {
            rb = m_dst.exec(b);
        } catch (...) {
            eb = std::current_exception();
            m_src.cancel();
        }
        fa.waitForFinished();
        if (ea)
            std::rethrow_exception(ea);
        if (eb)
            std::rethrow_exception(eb);
        return {ra, rb};
    }
    std::pair<pqxx::result, pqxx::result> both(const std::string &q) { return both(q, q); }

    /// Builds the row and key expressions from the columns both sides have.
    void prepare(TableComparison *r)
    {
        // Each value goes through its type's own hash function, with a seed of its position,
        // and the row's hash is their XOR (a NULL hashes to a constant of its position): the
        // same equality as hash_record_extended(ROW(…)), whose row PostgreSQL would first build
        // and then take apart again (11 % fewer instructions a row on the benchmark's table;
        // docs/performance.md). Values of types without such a function here go into one ROW(…)
        // hash.
        std::vector<std::pair<std::string, std::string>> parts; // expression, its type
        for (const Column &c : m_a.columns) {
            const Column *d = m_b.column(c.name);
            if (!d)
                continue;
            const std::string name = "t." + m_src.quoteName(c.name);
            const bool text = c.asText || d->asText || c.type != d->type;
            if (text && c.numeric && d->numeric && c.type == d->type) {
                parts.push_back({name, "numeric"}); // with its scale: = its text, cheaper
                parts.push_back({"scale(" + name + ")", "integer"});
            } else {
                parts.push_back(text ? std::pair{name + "::text", std::string("text")}
                                     : std::pair{name, ss(c.type)});
            }
            r->columnsCompared.append(c.name);
            if (c.type != d->type)
                r->notes.append(QStringLiteral("column %1 compared as text (%2 vs %3)")
                                    .arg(c.name, c.type, d->type));
        }
        m_row = rowHash(parts);
        // Every query names the table `t`, and the expressions qualify its columns with it.
        m_from = m_src.quoteName(m_a.schema) + '.' + m_src.quoteName(m_a.name) + " AS t";
        QStringList keyText, keyNative;
        for (const QString &k : m_a.key) {
            const Column *c = m_a.column(k), *d = m_b.column(k);
            const std::string n = "t." + m_src.quoteName(k);
            keyText.append(qs(n + "::text"));
            const bool text = !c || !d || c->asText || d->asText || c->type != d->type;
            keyNative.append(qs(text ? n + "::text" : n));
        }
        m_keyText = ss(keyText.join(u", "));
        m_keyHash = "hash_record_extended(ROW(" + ss(keyNative.join(u", ")) + "), 0)";
        if (m_a.key.size() == 1) {
            const Column *c = m_a.column(m_a.key.first()), *d = m_b.column(m_a.key.first());
            m_rangeKey = c && d && c->integer && d->integer;
        }
    }

    /// The row hash expression (bigint) over `parts` (expression, format_type() of it).
    static std::string rowHash(const std::vector<std::pair<std::string, std::string>> &parts)
    {
        // Types whose hash operator class's extended function takes the type itself, or the
        // value after a cast that keeps it apart from every other value: a timestamptz as the
        // timestamp of the same instant (compare sessions run in UTC; timestamps share the
        // function), a boolean as 0 or 1.
        static const std::map<std::string, std::pair<std::string, std::string>> functions = {
            {"smallint", {"hashint2extended", ""}},
            {"integer", {"hashint4extended", ""}},
            {"bigint", {"hashint8extended", ""}},
            {"text", {"hashtextextended", ""}},
            {"character varying", {"hashtextextended", ""}},
            {"character", {"hashbpcharextended", ""}},
            {"numeric", {"hash_numeric_extended", ""}},
            {"uuid", {"uuid_hash_extended", ""}},
            {"jsonb", {"jsonb_hash_extended", ""}},
            {"timestamp without time zone", {"timestamp_hash_extended", ""}},
            {"timestamp with time zone", {"timestamp_hash_extended", "::timestamp"}},
            {"boolean", {"hashint4extended", "::int"}},
            {"time without time zone", {"time_hash_extended", ""}},
            {"oid", {"hashoidextended", ""}},
        };
        static const std::regex typmod(R"(\(\d+(,\d+)?\))");
        std::vector<std::string> terms, rest;
        for (size_t i = 0; i < parts.size(); ++i) {
            const auto &[e, type] = parts[i];
            const auto f = functions.find(std::regex_replace(type, typmod, ""));
            if (f == functions.end()) {
                rest.push_back(e);
                continue;
            }
            const std::string seed = std::to_string(i + 1);
            std::string h = f->second.first + "(" + e + f->second.second + ", " + seed + ")";
            // hashint8extended hashes the XOR of a bigint's two halves: values with their halves
            // swapped (1 and 2^32), or changed by (k << 32) | k, would hash alike. The high half
            // hashed too tells them apart (one more hash a bigint; docs/performance.md).
            if (f->first == "bigint")
                h += " # hashint4extended((" + e + " >> 32)::int4, " + seed + ")";
            terms.push_back("coalesce(" + h + ", -" + seed + ")");
        }
        if (!rest.empty()) {
            std::string row;
            for (const std::string &e : rest)
                row += (row.empty() ? "" : ", ") + e;
            terms.push_back("hash_record_extended(ROW(" + row + "), 0)");
        }
        std::string out;
        for (const std::string &t : terms)
            out += (out.empty() ? "(" : " # ") + t;
        return out.empty() ? "0::int8" : out + ")";
    }

    void compareWithoutKey(TableComparison *r)
    {
        r->method = QStringLiteral("whole table");
        if (!m_a.key.isEmpty())
            r->notes.append(QStringLiteral("primary keys differ: compared without key"));
        const auto [a, b] =
            both("SELECT count(*), coalesce(sum(" + m_row + "), 0)::text FROM " + m_from);
        r->sourceRows = a[0][0].as<qint64>();
        r->targetRows = b[0][0].as<qint64>();
        if (m_progress)
            m_progress->rowsHashed += std::max(r->sourceRows, r->targetRows);
        const bool same = r->sourceRows == r->targetRows &&
                          std::string(a[0][1].c_str()) == std::string(b[0][1].c_str());
        r->status = same ? TableComparison::Status::Identical : TableComparison::Status::Different;
        if (!same)
            r->notes.append(QStringLiteral("compared without key: the rows differ, which rows "
                                           "cannot be told without a primary key"));
    }

    static Aggregates aggregates(const pqxx::result &res, qint64 *rows)
    {
        Aggregates out;
        for (const auto &row : res) {
            const qint64 n = row[1].as<qint64>();
            out.insert(row[0].as<qint64>(), {n, qs(row[2].c_str())});
            if (rows)
                *rows += n;
        }
        return out;
    }

    /// Segments whose count or hash sum differ.
    static QList<qint64> differing(const Aggregates &a, const Aggregates &b)
    {
        QSet<qint64> segs;
        for (auto it = a.cbegin(); it != a.cend(); ++it)
            if (b.value(it.key()) != it.value())
                segs.insert(it.key());
        for (auto it = b.cbegin(); it != b.cend(); ++it)
            if (!a.contains(it.key()))
                segs.insert(it.key());
        QList<qint64> out(segs.cbegin(), segs.cend());
        std::sort(out.begin(), out.end());
        return out;
    }

    /// A segment still to narrow down, with the larger of its two row counts.
    struct Segment
    {
        qint64 lo = 0, hi = 0; ///< range: keys in [lo, hi); hash: bucket lo at `bits` bits
        int bits = 0;
        qint64 rows = 0;
    };

    void compareByKey(TableComparison *r)
    {
        qint64 lo = 0, hi = 0;
        bool empty = false;
        if (m_rangeKey) {
            const std::string k = m_src.quoteName(m_a.key.first());
            const auto [a, b] =
                both("SELECT min(" + k + ")::text, max(" + k + ")::text FROM " + m_from);
            std::optional<qint64> mn, mx;
            for (const pqxx::result *x : {&a, &b}) {
                if ((*x)[0][0].is_null())
                    continue;
                const qint64 l = (*x)[0][0].as<qint64>(), h = (*x)[0][1].as<qint64>();
                mn = mn ? std::min(*mn, l) : l;
                mx = mx ? std::max(*mx, h) : h;
            }
            empty = !mn;
            lo = mn.value_or(0);
            hi = mx.value_or(0);
            // Extreme keys would overflow bigint arithmetic in the segment expression.
            if (lo < -(qint64(1) << 61) || hi > (qint64(1) << 61))
                m_rangeKey = false;
        }
        // How each side sums its segments (DataCompareOptions::FirstPass), and its heap's size
        // in blocks for the block-chunk way.
        using Way = DataCompareOptions::FirstPass;
        Way wayA = Way::Aggregate, wayB = Way::Aggregate;
        qint64 heapBlocks = 0;
        if (m_rangeKey && !empty && m_o.firstPass != Way::Aggregate) {
            // TID range scans came with PostgreSQL 14; a partitioned table's row positions
            // name no one heap.
            const std::string regclass =
                m_src.quote(qs(m_src.quoteName(m_a.schema) + '.' + m_src.quoteName(m_a.name)));
            const std::string facts =
                "SELECT coalesce((SELECT max(abs(s.correlation)) FROM pg_stats s WHERE "
                "s.schemaname = " +
                m_src.quote(m_a.schema) + " AND s.tablename = " + m_src.quote(m_a.name) +
                " AND s.attname = " + m_src.quote(m_a.key.first()) +
                "), 0), current_setting('server_version_num')::int >= 140000 AND c.relkind = 'r', "
                "pg_relation_size(c.oid) / current_setting('block_size')::int8 FROM pg_class c "
                "WHERE c.oid = " +
                regclass + "::regclass";
            const auto [fa, fb] = both(facts);
            auto way = [this](const pqxx::result &f) {
                const bool tidRanges = f[0][1].as<bool>();
                Way w = m_o.firstPass;
                if (w == Way::Auto)
                    w = f[0][0].as<double>() < 0.9 ? Way::Aggregate : Way::Blocks;
                if (w == Way::Blocks && !tidRanges)
                    w = Way::KeyRanges;
                return w;
            };
            wayA = way(fa);
            wayB = way(fb);
            heapBlocks = std::max(fa[0][2].as<qint64>(), fb[0][2].as<qint64>());
        }
        double estimate = std::max(m_a.estimate, m_b.estimate);
        // A size-based estimate is an upper bound; a key range bounds the rows of a unique
        // integer key too (exact for a dense serial key).
        if (m_rangeKey && !empty && (m_a.estimateFromSize || m_b.estimateFromSize))
            estimate = std::min(estimate, double(hi) - double(lo) + 1);
        qint64 wanted =
            std::clamp<qint64>(qint64(estimate / double(std::max<qint64>(m_o.segmentRows, 1))) + 1,
                               1, std::max<qint64>(m_o.maxSegments, 1));
        // Block chunks: each segment boundary costs an index probe and a heap block summed row
        // by row, so segments span at least kBlocksPerSegment blocks.
        if (wayA == Way::Blocks || wayB == Way::Blocks)
            wanted = std::clamp<qint64>(heapBlocks / kBlocksPerSegment, 1, wanted);
        QList<Segment> pending;
        Aggregates a, b;
        if (m_rangeKey) {
            r->method = QStringLiteral("range");
            if (empty) {
                r->sourceRows = r->targetRows = 0;
                r->status = TableComparison::Status::Identical;
                return;
            }
            const qint64 width = std::max<qint64>(1, (hi - lo) / wanted + 1);
            const std::string k = m_src.quoteName(m_a.key.first());
            const std::string seg =
                "(" + k + "::int8 - (" + std::to_string(lo) + ")) / " + std::to_string(width);
            const std::string q = "SELECT " + seg + ", count(*), sum(" + m_row + ")::text FROM " +
                                  m_from + " GROUP BY 1";
            // Segment s holds the keys in [lo + s * width, lo + (s + 1) * width), either way.
            const std::string ranges =
                "SET enable_seqscan = off; SELECT s.i, x.c, x.h FROM generate_series(0, " +
                std::to_string((hi - lo) / width) +
                ") AS s(i) CROSS JOIN LATERAL (SELECT count(*) AS c, sum(" + m_row +
                ")::text AS h FROM " + m_from + " WHERE t." + k + " >= " + std::to_string(lo) +
                " + s.i * " + std::to_string(width) + "::int8 AND t." + k + " < " +
                std::to_string(lo) + " + (s.i + 1) * " + std::to_string(width) +
                "::int8) AS x WHERE x.c > 0";
            const std::string blocks = blocksQuery(k, lo, width, (hi - lo) / width);
            auto query = [&](Way w) {
                return w == Way::Blocks ? blocks : w == Way::KeyRanges ? ranges : q;
            };
            const bool rangesA = wayA == Way::KeyRanges, rangesB = wayB == Way::KeyRanges;
            const auto [ra, rb] = both(query(wayA), query(wayB));
            if (rangesA || rangesB)
                both(rangesA ? "RESET enable_seqscan" : "SELECT 1",
                     rangesB ? "RESET enable_seqscan" : "SELECT 1");
            qint64 rowsA = 0, rowsB = 0;
            a = aggregates(ra, &rowsA);
            b = aggregates(rb, &rowsB);
            r->sourceRows = rowsA;
            r->targetRows = rowsB;
            for (qint64 s : differing(a, b)) {
                const qint64 rows = std::max(a.value(s).first, b.value(s).first);
                pending.append({lo + s * width, lo + (s + 1) * width, 0, rows});
            }
        } else {
            r->method = QStringLiteral("hash");
            int bits = 0;
            while ((qint64(1) << bits) < wanted)
                ++bits;
            const std::string q = "SELECT " + m_keyHash + " & " +
                                  std::to_string((qint64(1) << bits) - 1) + ", count(*), sum(" +
                                  m_row + ")::text FROM " + m_from + " GROUP BY 1";
            const auto [ra, rb] = both(q);
            qint64 rowsA = 0, rowsB = 0;
            a = aggregates(ra, &rowsA);
            b = aggregates(rb, &rowsB);
            r->sourceRows = rowsA;
            r->targetRows = rowsB;
            for (qint64 s : differing(a, b))
                pending.append({s, 0, bits, std::max(a.value(s).first, b.value(s).first)});
        }
        if (m_progress)
            m_progress->rowsHashed += std::max(r->sourceRows, r->targetRows);

        // Narrow the differing segments down until they are small enough to fetch.
        const qint64 hashed = std::max(r->sourceRows, r->targetRows);
        QList<Segment> small;
        while (!pending.isEmpty()) {
            report(QStringLiteral("narrowing"), hashed, pending.size() + small.size());
            QList<Segment> big;
            for (const Segment &s : pending)
                (s.rows <= m_o.fetchRows ? small : big).append(s);
            pending.clear();
            if (big.isEmpty())
                break;
            pending = m_rangeKey ? splitRanges(big) : splitBuckets(big);
        }
        if (!small.isEmpty())
            report(QStringLiteral("fetching rows"), hashed, small.size());
        KeyHashes ka, kb;
        fetchKeys(small, &ka, &kb);
        collect(ka, kb, r);
    }

    /// The first pass in block chunks, for a side whose heap is (nearly) in key order: one query
    /// that returns, like the others, one line per non-empty segment s (keys in
    /// [lo + s * width, lo + (s + 1) * width), s ≤ last) with its row count and hash sum.
    /// An index probe finds the block holding each segment's first key; those boundary blocks
    /// are summed row by row into their segments, and the runs of blocks between them are read
    /// with TID range scans and one plain aggregate each (count, sum, and the segments of the
    /// smallest and largest key). A run whose keys all fall in one segment adds its sums to
    /// that segment; any other run (a heap not in key order there) is summed row by row too.
    /// Every row lies in exactly one block, so in exactly one run or boundary block: the sums
    /// are exact whatever the heap's order, which decides only the cost. PostgreSQL 14 or
    /// later (TID range scans); `k` is the quoted key column.
    std::string blocksQuery(const std::string &k, qint64 lo, qint64 width, qint64 last) const
    {
        const std::string l = std::to_string(lo), w = std::to_string(width);
        const std::string seg = "(t." + k + "::int8 - (" + l + ")) / " + w;
        // '(4294967295,0)' is past every block (block numbers stop at 2^32 - 2).
        return "WITH bnd AS MATERIALIZED (SELECT DISTINCT x.blk FROM generate_series(1, " +
               std::to_string(last) +
               ") AS s(i) CROSS JOIN LATERAL (SELECT (t.ctid::text::point)[0]::int8 AS blk FROM " +
               m_from + " WHERE t." + k + " >= " + l + " + s.i * " + w + "::int8 ORDER BY t." + k +
               " LIMIT 1) AS x), "
               "runs AS (SELECT coalesce(lag(blk) OVER (ORDER BY blk), -1) + 1 AS a, blk AS b "
               "FROM bnd UNION ALL SELECT coalesce(max(blk), -1) + 1, 4294967295 FROM bnd), "
               "ch AS MATERIALIZED (SELECT g.a, g.b, x.n, x.h, x.s0, x.s1 FROM runs AS g "
               "CROSS JOIN LATERAL (SELECT count(*) AS n, sum(" +
               m_row + ") AS h, (min(t." + k + ")::int8 - (" + l + ")) / " + w + " AS s0, (max(t." +
               k + ")::int8 - (" + l + ")) / " + w + " AS s1 FROM " + m_from +
               " WHERE t.ctid >= format('(%s,0)', g.a)::tid AND t.ctid < format('(%s,0)', "
               "g.b)::tid) AS x WHERE g.b > g.a), "
               "rr AS (SELECT blk AS a, blk + 1 AS b FROM bnd UNION ALL SELECT a, b FROM ch "
               "WHERE s0 <> s1), "
               // OFFSET 0 keeps each TID range scan inside its LATERAL (flattened, the planner
               // may join the whole table to the list instead).
               "br AS (SELECT r.s, count(*) AS n, sum(r.h) AS h FROM rr CROSS JOIN LATERAL "
               "(SELECT " +
               seg + " AS s, " + m_row + " AS h FROM " + m_from +
               " WHERE t.ctid >= format('(%s,0)', rr.a)::tid AND t.ctid < format('(%s,0)', "
               "rr.b)::tid OFFSET 0) AS r GROUP BY 1) "
               "SELECT s, sum(n), sum(h)::text FROM (SELECT s0 AS s, n, h FROM ch WHERE s0 = s1 "
               "UNION ALL SELECT s, n, h FROM br) AS u GROUP BY 1";
    }

    /// Splits range segments 16 ways and keeps the parts that differ: one query per side for all
    /// of them (a VALUES list of ranges joined to index range scans), in chunks of 500.
    QList<Segment> splitRanges(const QList<Segment> &big)
    {
        QList<Segment> out;
        const std::string k = m_src.quoteName(m_a.key.first());
        QList<Segment> splittable;
        for (const Segment &s : big) {
            if (s.hi - s.lo <= 1) // one key and still "big": cannot happen with a unique key
                out.append({s.lo, s.hi, 0, 0});
            else
                splittable.append(s);
        }
        for (qsizetype c = 0; c < splittable.size(); c += 500) {
            const QList<Segment> chunk = splittable.mid(c, 500);
            std::string values;
            std::vector<qint64> widths;
            for (qsizetype i = 0; i < chunk.size(); ++i) {
                const Segment &s = chunk[i];
                widths.push_back(std::max<qint64>(1, (s.hi - s.lo + 15) / 16));
                values += (i ? ", (" : "(") + std::to_string(i) + ", " + std::to_string(s.lo) +
                          "::int8, " + std::to_string(s.hi) + "::int8, " +
                          std::to_string(widths.back()) + "::int8)";
            }
            // Segment i, part p → i * 16 + p. LATERAL keeps it one index range scan per range.
            const std::string q = "SELECT r.i * 16 + (s.k - r.lo) / r.w, count(*), sum(s.h)::text "
                                  "FROM (VALUES " +
                                  values + ") AS r(i, lo, hi, w) CROSS JOIN LATERAL (SELECT t." +
                                  k + "::int8 AS k, " + m_row + " AS h FROM " + m_from +
                                  " WHERE t." + k + " >= r.lo AND t." + k +
                                  " < r.hi) AS s GROUP BY 1";
            const auto [ra, rb] = both(q);
            const Aggregates a = aggregates(ra, nullptr), b = aggregates(rb, nullptr);
            for (qint64 id : differing(a, b)) {
                const Segment &s = chunk[id / 16];
                const qint64 from = s.lo + (id % 16) * widths[size_t(id / 16)];
                out.append({from, std::min(s.hi, from + widths[size_t(id / 16)]), 0,
                            std::max(a.value(id).first, b.value(id).first)});
            }
        }
        return out;
    }

    /// Splits hash buckets 16 ways at once for all of them (one scan per side).
    QList<Segment> splitBuckets(const QList<Segment> &big)
    {
        const int bits = big.first().bits; // every pending bucket has the same depth
        QStringList in;
        for (const Segment &s : big)
            in.append(QString::number(s.lo));
        const std::string mask = std::to_string((qint64(1) << bits) - 1);
        const std::string mask2 = std::to_string((qint64(1) << (bits + 4)) - 1);
        const std::string q = "SELECT h & " + mask2 + ", count(*), sum(r)::text FROM (SELECT " +
                              m_keyHash + " AS h, " + m_row + " AS r FROM " + m_from +
                              ") s WHERE (h & " + mask + ") IN (" + ss(in.join(u", ")) +
                              ") GROUP BY 1";
        const auto [ra, rb] = both(q);
        const Aggregates a = aggregates(ra, nullptr), b = aggregates(rb, nullptr);
        QList<Segment> out;
        for (qint64 p : differing(a, b))
            out.append({p, 0, bits + 4, std::max(a.value(p).first, b.value(p).first)});
        if (bits + 4 >= 60) // keys that hash alike all the way down: fetch them
            for (Segment &s : out)
                s.rows = 0;
        return out;
    }

    /// Fetches key → row hash for the small segments, from both sides.
    void fetchKeys(const QList<Segment> &small, KeyHashes *ka, KeyHashes *kb)
    {
        if (small.isEmpty())
            return;
        std::vector<std::string> queries;
        if (m_rangeKey) {
            // A VALUES list of ranges, each an index range scan (LATERAL), in chunks of 500.
            const std::string k = m_src.quoteName(m_a.key.first());
            for (qsizetype c = 0; c < small.size(); c += 500) {
                std::string values;
                for (qsizetype i = c; i < std::min(small.size(), c + 500); ++i)
                    values += (i > c ? ", (" : "(") + std::to_string(small[i].lo) + "::int8, " +
                              std::to_string(small[i].hi) + "::int8)";
                queries.push_back("SELECT s.* FROM (VALUES " + values +
                                  ") AS r(lo, hi) CROSS JOIN LATERAL (SELECT " + m_keyText + ", " +
                                  m_row + "::text FROM " + m_from + " WHERE t." + k +
                                  " >= r.lo AND t." + k + " < r.hi) AS s");
            }
        } else {
            // Buckets of several depths: one condition per depth, in chunks of 500 buckets.
            QMap<int, QStringList> byBits;
            for (const Segment &s : small)
                byBits[s.bits].append(QString::number(s.lo));
            for (auto it = byBits.cbegin(); it != byBits.cend(); ++it)
                for (qsizetype c = 0; c < it.value().size(); c += 500)
                    queries.push_back("SELECT " + m_keyText + ", " + m_row + "::text FROM " +
                                      m_from + " WHERE (" + m_keyHash + " & " +
                                      std::to_string((qint64(1) << it.key()) - 1) + ") IN (" +
                                      ss(it.value().mid(c, 500).join(u", ")) + ")");
        }
        for (const std::string &q : queries) {
            const auto [ra, rb] = both(q);
            const int n = int(m_a.key.size());
            for (const auto &[res, out] : {std::pair{&ra, ka}, std::pair{&rb, kb}}) {
                for (const auto &row : *res) {
                    QStringList key;
                    for (int c = 0; c < n; ++c)
                        key.append(qs(row[c].c_str()));
                    out->insert(key, qs(row[n].c_str()));
                }
            }
        }
    }

    /// Turns the fetched keys into the differences, and fetches the rows of the first ones.
    void collect(const KeyHashes &ka, const KeyHashes &kb, TableComparison *r)
    {
        QList<RowDifference> diffs;
        for (auto it = ka.cbegin(); it != ka.cend(); ++it) {
            const auto other = kb.constFind(it.key());
            if (other == kb.cend()) {
                ++r->missingInTarget;
                diffs.append({RowDifference::Kind::MissingInTarget, it.key(), {}, {}});
            } else if (other.value() != it.value()) {
                ++r->different;
                diffs.append({RowDifference::Kind::Different, it.key(), {}, {}});
            }
        }
        for (auto it = kb.cbegin(); it != kb.cend(); ++it)
            if (!ka.contains(it.key())) {
                ++r->extraInTarget;
                diffs.append({RowDifference::Kind::ExtraInTarget, it.key(), {}, {}});
            }
        std::sort(diffs.begin(), diffs.end(), [&](const RowDifference &x, const RowDifference &y) {
            if (x.kind != y.kind)
                return x.kind < y.kind;
            return lessKey(x.key, y.key);
        });
        if (diffs.size() > m_o.maxReportedRows)
            diffs.resize(m_o.maxReportedRows);
        r->status = r->missingInTarget + r->extraInTarget + r->different == 0
                        ? TableComparison::Status::Identical
                        : TableComparison::Status::Different;
        if (r->status == TableComparison::Status::Identical && r->sourceRows != r->targetRows)
            r->status = TableComparison::Status::Different; // cannot happen with a unique key
        fetchRows(&diffs);
        r->differences = diffs;
    }

    /// Orders keys by their columns, numerically where both are integers.
    bool lessKey(const QStringList &x, const QStringList &y) const
    {
        for (qsizetype i = 0; i < x.size() && i < y.size(); ++i) {
            if (x[i] == y[i])
                continue;
            bool okx = false, oky = false;
            const qint64 nx = x[i].toLongLong(&okx), ny = y[i].toLongLong(&oky);
            if (okx && oky)
                return nx < ny;
            return x[i] < y[i];
        }
        return x.size() < y.size();
    }

    /// Fills in the rows, as JSON, of the reported differences (by key, index look-ups).
    void fetchRows(QList<RowDifference> *diffs)
    {
        if (diffs->isEmpty())
            return;
        QStringList keyCols;
        for (const QString &k : m_a.key)
            keyCols.append(qs(m_src.quoteName(k)));
        QHash<QStringList, qsizetype> at;
        QStringList tuples;
        for (qsizetype i = 0; i < diffs->size(); ++i) {
            at.insert((*diffs)[i].key, i);
            QStringList values;
            for (qsizetype c = 0; c < m_a.key.size(); ++c)
                values.append(
                    qs(m_src.quote((*diffs)[i].key[c]) + "::" + ss(m_a.column(m_a.key[c])->type)));
            tuples.append(u'(' + values.join(u", ") + u')');
        }
        const std::string q = "SELECT " + m_keyText + ", row_to_json(t)::text FROM " + m_from +
                              " WHERE (" + ss(keyCols.join(u", ")) + ") IN (" +
                              ss(tuples.join(u", ")) + ")";
        const auto [ra, rb] = both(q);
        const int n = int(m_a.key.size());
        for (const auto &[res, source] : {std::pair{&ra, true}, std::pair{&rb, false}}) {
            for (const auto &row : *res) {
                QStringList key;
                for (int c = 0; c < n; ++c)
                    key.append(qs(row[c].c_str()));
                const auto it = at.constFind(key);
                if (it == at.cend())
                    continue;
                RowDifference &d = (*diffs)[it.value()];
                (source ? d.sourceRow : d.targetRow) = qs(row[n].c_str());
            }
        }
    }

    Session &m_src, &m_dst;
    QThreadPool *m_io;
    const Table &m_a, &m_b;
    const DataCompareOptions &m_o;
    DataCompareProgress *m_progress;
    std::string m_row;     ///< the row hash expression
    std::string m_from;    ///< the quoted table name
    std::string m_keyText; ///< the key columns as text, comma-separated
    std::string m_keyHash; ///< the hash of the key columns
    bool m_rangeKey = false;
};

} // namespace

void DataCompareProgress::update(const DataTableProgress &t)
{
    QMutexLocker lock(&m_mutex);
    for (DataTableProgress &old : m_tables) {
        if (old.table == t.table) {
            old = t;
            return;
        }
    }
    m_tables.append(t);
}

QList<DataTableProgress> DataCompareProgress::tables() const
{
    QMutexLocker lock(&m_mutex);
    return m_tables;
}

DataComparison DataCompare::run(const DataCompareOptions &o, DataCompareProgress *progress)
{
    QElapsedTimer timer;
    timer.start();
    DataComparison result;
    const int pairs = std::max(1, o.connectionsPerSide);
    std::vector<std::unique_ptr<Session>> src, dst;
    QThreadPool io; // the source side's queries, while the target's run on the caller's thread
    io.setMaxThreadCount(pairs * 2);
    Catalog ca, cb;
    try {
        QString snapA, snapB;
        src.push_back(std::make_unique<Session>(o.source, o.sourcePassword, o, QString(), &snapA));
        dst.push_back(std::make_unique<Session>(o.target, o.targetPassword, o, QString(), &snapB));
        for (int i = 1; i < pairs; ++i) {
            src.push_back(std::make_unique<Session>(o.source, o.sourcePassword, o, snapA, nullptr));
            dst.push_back(std::make_unique<Session>(o.target, o.targetPassword, o, snapB, nullptr));
        }
        ca = readCatalog(*src.front());
        cb = readCatalog(*dst.front());
    } catch (const std::exception &e) {
        result.error = QString::fromUtf8(e.what()).trimmed();
        result.seconds = double(timer.nsecsElapsed()) / 1e9;
        return result;
    }
    result.sourceVersion = ca.version;
    result.targetVersion = cb.version;

    QStringList names = o.tables;
    if (names.isEmpty()) {
        QSet<QString> all;
        for (auto it = ca.tables.cbegin(); it != ca.tables.cend(); ++it)
            all.insert(it.key());
        for (auto it = cb.tables.cbegin(); it != cb.tables.cend(); ++it)
            all.insert(it.key());
        names = QStringList(all.cbegin(), all.cend());
    } else {
        for (QString &n : names)
            if (!n.contains(u'.'))
                n.prepend(QStringLiteral("public."));
    }
    names.sort();
    names.removeDuplicates();
    result.schemaDifferences = compareSchemas(ca, cb, names);

    try {
        result.sequences = checkSequences(*src.front(), *dst.front());
    } catch (const std::exception &e) {
        result.schemaDifferences.append(QStringLiteral("sequences could not be read: %1")
                                            .arg(QString::fromUtf8(e.what()).trimmed()));
    }

    QList<const Table *> work;
    for (const QString &n : names) {
        if (!ca.tables.contains(n) || !cb.tables.contains(n)) {
            TableComparison t;
            t.schema = n.section(u'.', 0, 0);
            t.name = n.section(u'.', 1);
            t.status = TableComparison::Status::Missing;
            t.notes.append(ca.tables.contains(n)   ? QStringLiteral("not in the target")
                           : cb.tables.contains(n) ? QStringLiteral("not in the source")
                                                   : QStringLiteral("on neither side"));
            result.tables.append(t);
            continue;
        }
        work.append(&ca.tables[n]);
    }
    if (progress)
        progress->tablesTotal = int(work.size());

    // Tables in parallel, one pair of sessions each; the largest first, so that the last table
    // does not start alone at the end.
    std::sort(work.begin(), work.end(),
              [](const Table *x, const Table *y) { return x->estimate > y->estimate; });
    if (progress)
        for (const Table *t : work)
            progress->update(
                {t->schema + u'.' + t->name, QStringLiteral("waiting"),
                 qint64(std::max(t->estimate, cb.tables[t->schema + u'.' + t->name].estimate)), 0,
                 0});
    std::atomic<int> next{0};
    QMutex mutex;
    QList<TableComparison> done;
    auto worker = [&](int pair) {
        for (int i = next++; i < work.size(); i = next++) {
            const Table &a = *work[i];
            const Table &b = cb.tables[a.schema + u'.' + a.name];
            TableComparison t;
            if (progress && progress->cancelRequested) {
                t.schema = a.schema;
                t.name = a.name;
                t.status = TableComparison::Status::Cancelled;
                progress->update({t.qualifiedName(), tableStatusName(t.status), -1, 0, 0});
            } else {
                t = TableCompare(*src[size_t(pair)], *dst[size_t(pair)], &io, a, b, o, progress)
                        .run();
            }
            if (progress)
                ++progress->tablesDone;
            QMutexLocker lock(&mutex);
            done.append(t);
        }
    };
    QThreadPool tablePool;
    tablePool.setMaxThreadCount(pairs + 1);
    std::vector<QFuture<void>> running;
    for (int p = 1; p < pairs; ++p)
        running.push_back(QtConcurrent::run(&tablePool, worker, p));
    // Watch for Cancel while pair 0 works on this thread: a cancel request cancels the running
    // queries of every session on the servers.
    QFuture<void> watcher;
    std::atomic<bool> finished{false};
    if (progress) {
        watcher = QtConcurrent::run(&tablePool, [&] {
            while (!finished) {
                if (progress->cancelRequested) {
                    for (auto &s : src)
                        s->cancel();
                    for (auto &s : dst)
                        s->cancel();
                    return;
                }
                QThread::msleep(20);
            }
        });
    }
    worker(0);
    for (auto &f : running)
        f.waitForFinished();
    finished = true;
    watcher.waitForFinished();

    result.tables.append(done);
    std::sort(result.tables.begin(), result.tables.end(),
              [](const TableComparison &x, const TableComparison &y) {
                  return x.qualifiedName() < y.qualifiedName();
              });
    for (const auto &s : src)
        result.bytesReceived += s->bytes();
    for (const auto &s : dst)
        result.bytesReceived += s->bytes();
    result.cancelled = progress && progress->cancelRequested;
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    return result;
}

QJsonObject dataComparisonToJson(const DataComparison &c)
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), 1);
    o.insert(QStringLiteral("identical"), c.identical());
    o.insert(QStringLiteral("seconds"), c.seconds);
    o.insert(QStringLiteral("bytesReceived"), double(c.bytesReceived));
    if (!c.error.isEmpty())
        o.insert(QStringLiteral("error"), c.error);
    if (c.cancelled)
        o.insert(QStringLiteral("cancelled"), true);
    o.insert(QStringLiteral("sourceVersion"), c.sourceVersion);
    o.insert(QStringLiteral("targetVersion"), c.targetVersion);
    o.insert(QStringLiteral("schemaDifferences"), QJsonArray::fromStringList(c.schemaDifferences));
    QJsonArray tables;
    for (const TableComparison &t : c.tables) {
        QJsonObject j;
        j.insert(QStringLiteral("table"), t.qualifiedName());
        j.insert(QStringLiteral("status"), tableStatusName(t.status));
        j.insert(QStringLiteral("method"), t.method);
        j.insert(QStringLiteral("key"), QJsonArray::fromStringList(t.key));
        j.insert(QStringLiteral("sourceRows"), double(t.sourceRows));
        j.insert(QStringLiteral("targetRows"), double(t.targetRows));
        j.insert(QStringLiteral("missingInTarget"), double(t.missingInTarget));
        j.insert(QStringLiteral("extraInTarget"), double(t.extraInTarget));
        j.insert(QStringLiteral("different"), double(t.different));
        QJsonArray rows;
        for (const RowDifference &d : t.differences) {
            QJsonObject r;
            r.insert(QStringLiteral("kind"), rowDifferenceKindName(d.kind));
            r.insert(QStringLiteral("key"), QJsonArray::fromStringList(d.key));
            for (const auto &[name, text] : {std::pair{QStringLiteral("source"), d.sourceRow},
                                             std::pair{QStringLiteral("target"), d.targetRow}}) {
                if (text.isEmpty())
                    continue;
                const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
                r.insert(name, doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(text));
            }
            rows.append(r);
        }
        j.insert(QStringLiteral("differences"), rows);
        j.insert(QStringLiteral("notes"), QJsonArray::fromStringList(t.notes));
        if (!t.error.isEmpty())
            j.insert(QStringLiteral("error"), t.error);
        j.insert(QStringLiteral("queries"), t.queries);
        j.insert(QStringLiteral("bytesReceived"), double(t.bytesReceived));
        j.insert(QStringLiteral("seconds"), t.seconds);
        tables.append(j);
    }
    o.insert(QStringLiteral("tables"), tables);
    QJsonArray sequences;
    for (const SequenceCheck &s : c.sequences) {
        QJsonObject j;
        j.insert(QStringLiteral("sequence"), s.name);
        j.insert(QStringLiteral("ownedBy"), s.ownedBy);
        j.insert(QStringLiteral("sourceUsed"), double(s.sourceUsed));
        if (s.missing)
            j.insert(QStringLiteral("missing"), true);
        else
            j.insert(QStringLiteral("targetNext"), double(s.targetNext));
        j.insert(QStringLiteral("ok"), s.ok());
        sequences.append(j);
    }
    o.insert(QStringLiteral("sequences"), sequences);
    return o;
}

QString dataComparisonToText(const DataComparison &c)
{
    QString out;
    if (!c.error.isEmpty())
        return QStringLiteral("error: %1\n").arg(c.error);
    out += QStringLiteral("source PostgreSQL %1, target PostgreSQL %2\n")
               .arg(c.sourceVersion, c.targetVersion);
    for (const QString &d : c.schemaDifferences)
        out += QStringLiteral("schema: %1\n").arg(d);
    for (const TableComparison &t : c.tables) {
        out += QStringLiteral("%1  %2")
                   .arg(tableStatusName(t.status).toUpper(), -10)
                   .arg(t.qualifiedName());
        if (t.sourceRows >= 0)
            out += QStringLiteral("  rows %1 / %2").arg(t.sourceRows).arg(t.targetRows);
        if (!t.method.isEmpty())
            out += QStringLiteral("  (%1)").arg(t.method);
        if (t.status == TableComparison::Status::Different && !t.key.isEmpty())
            out += QStringLiteral("  missing %1, extra %2, different %3")
                       .arg(t.missingInTarget)
                       .arg(t.extraInTarget)
                       .arg(t.different);
        out += u'\n';
        if (!t.error.isEmpty())
            out += QStringLiteral("    error: %1\n").arg(t.error);
        for (const QString &n : t.notes)
            out += QStringLiteral("    note: %1\n").arg(n);
        for (const RowDifference &d : t.differences) {
            out += QStringLiteral("    %1 (%2)\n")
                       .arg(rowDifferenceKindName(d.kind), -9)
                       .arg(d.key.join(QStringLiteral(", ")));
            if (!d.sourceRow.isEmpty())
                out += QStringLiteral("      source %1\n").arg(d.sourceRow);
            if (!d.targetRow.isEmpty())
                out += QStringLiteral("      target %1\n").arg(d.targetRow);
        }
    }
    for (const SequenceCheck &s : c.sequences) {
        if (s.ok())
            continue;
        out += s.missing ? QStringLiteral("SEQUENCE  %1  missing in the target\n").arg(s.name)
                         : QStringLiteral("SEQUENCE  %1  target's next value %2 is not above %3, "
                                          "the largest used in the source\n")
                               .arg(s.name)
                               .arg(s.targetNext)
                               .arg(s.sourceUsed);
    }
    out += QStringLiteral("%1 in %2 s, %3 bytes received\n")
               .arg(c.cancelled     ? QStringLiteral("cancelled")
                    : c.identical() ? QStringLiteral("identical")
                                    : QStringLiteral("DIFFERENT"))
               .arg(c.seconds, 0, 'f', 2)
               .arg(c.bytesReceived);
    return out;
}

} // namespace Ferry
