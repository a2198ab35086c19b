// SPDX-License-Identifier: MIT
// Timed run of the PostgreSQL data compare (issue #3), written down in docs/performance.md:
//   bench_compare CONNINFO_BASE ROWS
// builds a table pair of ROWS rows in databases bench_src / bench_dst on the server CONNINFO_BASE
// points at (e.g. postgresql://ferry@127.0.0.1:54400; password from PGPASSWORD), injects 100
// scattered differences (40 updates, 30 deletes, 30 inserts), then times, each side alone:
//   floor     SELECT count(*), sum(hash_record_extended(t, 0)) FROM t   (the slower side)
//   md5       the checksum query of data-diff (md5 of each row's text, summed): one full pass
//   ferry     DataCompare::run on the pair, which must find all 100 keys
// and prints the times, Ferry's ratio to the floor, and the bytes Ferry received.
#include "datacompare.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <pqxx/pqxx>

#include <cstdio>
#include <string>

using namespace Ferry;

namespace {

double timed(const std::string &conninfo, const std::string &sql)
{
    pqxx::connection c(conninfo);
    pqxx::nontransaction tx(c);
    tx.exec("SET max_parallel_workers_per_gather = 0"); // one core per side, as Ferry's scans
    QElapsedTimer t;
    t.start();
    tx.exec(sql);
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_compare CONNINFO_BASE ROWS\n");
        return 2;
    }
    const std::string base = argv[1];
    const long long rows = std::stoll(argv[2]);
    const std::string n = std::to_string(rows);
    {
        pqxx::connection c(base + "/postgres");
        pqxx::nontransaction tx(c);
        tx.exec("DROP DATABASE IF EXISTS bench_src WITH (FORCE)");
        tx.exec("DROP DATABASE IF EXISTS bench_dst WITH (FORCE)");
        tx.exec("CREATE DATABASE bench_src");
    }
    {
        pqxx::connection c(base + "/bench_src");
        pqxx::nontransaction tx(c);
        tx.exec("CREATE TABLE t (id bigint PRIMARY KEY, account int NOT NULL, name text, "
                "amount numeric(12,2), created timestamptz, active boolean)");
        tx.exec("INSERT INTO t SELECT g, g % 9973, 'customer ' || g, (g % 100000) / 100.0, "
                "timestamptz '2020-01-01+00' + g * interval '1 second', g % 3 = 0 "
                "FROM generate_series(1, " + n + ") g");
        tx.exec("VACUUM ANALYZE t");
    }
    {
        pqxx::connection c(base + "/postgres");
        pqxx::nontransaction tx(c);
        tx.exec("CREATE DATABASE bench_dst TEMPLATE bench_src");
    }
    {
        pqxx::connection c(base + "/bench_dst");
        pqxx::nontransaction tx(c);
        // 100 differences spread over the whole key range.
        tx.exec("UPDATE t SET name = name || '*' WHERE id IN (SELECT 1 + (g * 7919) % " + n +
                " FROM generate_series(1, 40) g)");
        tx.exec("DELETE FROM t WHERE id IN (SELECT 1 + (g * 104729 + 13) % " + n +
                " FROM generate_series(1, 30) g)");
        tx.exec("INSERT INTO t SELECT " + n + " + g * 1000, 1, 'new', 1, now(), true "
                "FROM generate_series(1, 30) g");
        tx.exec("VACUUM ANALYZE t");
    }
    const std::string src = base + "/bench_src", dst = base + "/bench_dst";
    // Warm the caches once, as a compare on cutover day reads a database in use.
    timed(src, "SELECT count(*) FROM t");
    timed(dst, "SELECT count(*) FROM t");
    const std::string floorSql = "SELECT count(*), sum(hash_record_extended(t, 0)) FROM t";
    const double floor = std::max(timed(src, floorSql), timed(dst, floorSql));
    const std::string md5Sql =
        "SELECT count(*), sum(('x' || substring(md5(concat(id::text, account::text, name, "
        "amount::text, created::text, active::text)), 18))::bit(60)::bigint) FROM t";
    const double md5 = std::max(timed(src, md5Sql), timed(dst, md5Sql));

    DataCompareOptions o;
    o.source = QString::fromStdString(src);
    o.target = QString::fromStdString(dst);
    QElapsedTimer t;
    t.start();
    const DataComparison c = DataCompare::run(o);
    const double ferry = double(t.nsecsElapsed()) / 1e9;
    if (!c.error.isEmpty() || c.tables.size() != 1) {
        std::fprintf(stderr, "compare failed: %s\n", qPrintable(c.error));
        return 1;
    }
    const TableComparison &r = c.tables.first();
    const long long found = r.missingInTarget + r.extraInTarget + r.different;
    std::printf("rows %lld: floor %.2f s, data-diff md5 pass %.2f s, ferry %.2f s "
                "(%.2fx floor, md5 pass %.1fx ferry), %lld differences found "
                "(missing %lld, extra %lld, different %lld), %lld bytes received, %d queries\n",
                rows, floor, md5, ferry, ferry / floor, md5 / ferry, found,
                (long long)r.missingInTarget, (long long)r.extraInTarget, (long long)r.different,
                (long long)c.bytesReceived, r.queries);
    return found == 100 ? 0 : 1;
}
