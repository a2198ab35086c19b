// SPDX-License-Identifier: MIT
// Timed run of the PostgreSQL data compare (issue #3), written down in docs/performance.md:
//   bench_compare CONNINFO_BASE ROWS [REPEATS]
// builds a table pair of ROWS rows in databases bench_src / bench_dst on the server CONNINFO_BASE
// points at (e.g. postgresql://ferry@127.0.0.1:54400; password from PGPASSWORD), injects 100
// scattered differences (40 updates, 30 deletes, 30 inserts), then times, each side alone:
//   floor     SELECT count(*), sum(hash_record_extended(t, 0)) FROM t   (the slower side)
//   data-diff data-diff's algorithm with its checksum query (md5 of each row's text, summed):
//             32 key-range segments, each differing segment split 32 ways again until it holds
//             fewer than 16,384 rows, whose rows (key, md5) are then downloaded and matched; both
//             sides at once, as data-diff's threads do
//   ferry     DataCompare::run on the pair, which must find all 100 keys
// and prints the times, Ferry's ratio to the floor, and the bytes Ferry received. With REPEATS,
// the floor and Ferry are then timed again that many times, one right after the other, and the
// median and range of the per-pair ratios are printed: this VM's speed drifts by up to 2x
// between minutes, so one pair alone says little. With FERRY_BENCH_REUSE=1 in the environment,
// tables left by an earlier run of the same ROWS are used as they are (building 10 M rows takes
// minutes).
#include "datacompare.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <pqxx/pqxx>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

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

/// data-diff's bisection (reladiff/data-diff `HashDiffer`, bisection_factor 32,
/// bisection_threshold 16384) with its PostgreSQL checksum, on key ranges of `t`. Returns the
/// wall time; `found` gets the number of differing keys.
double dataDiff(const std::string &src, const std::string &dst, long long lo, long long hi,
                long long *found)
{
    pqxx::connection ca(src), cb(dst);
    pqxx::nontransaction ta(ca), tb(cb);
    for (pqxx::nontransaction *t : {&ta, &tb})
        t->exec("SET max_parallel_workers_per_gather = 0");
    const std::string md5 = "md5(concat(id::text, account::text, name, amount::text, "
                            "created::text, active::text))";
    auto where = [](long long a, long long b) {
        return " WHERE id >= " + std::to_string(a) + " AND id < " + std::to_string(b);
    };
    auto split = [](long long a, long long b) {
        std::vector<std::pair<long long, long long>> out;
        const long long step = std::max(1LL, (b - a + 31) / 32);
        for (long long x = a; x < b; x += step)
            out.push_back({x, std::min(b, x + step)});
        return out;
    };
    QElapsedTimer timer;
    timer.start();
    *found = 0;
    std::vector<std::pair<long long, long long>> level = split(lo, hi + 1);
    while (!level.empty()) {
        std::vector<std::string> sa(level.size()), sb(level.size());
        std::vector<long long> na(level.size()), nb(level.size());
        auto checksums = [&](pqxx::nontransaction &t, std::vector<std::string> &sums,
                             std::vector<long long> &counts) {
            for (size_t i = 0; i < level.size(); ++i) {
                const pqxx::row r = t.exec1("SELECT count(*), coalesce(sum(('x' || substring(" +
                                            md5 + ", 18))::bit(60)::bigint), 0)::text FROM t" +
                                            where(level[i].first, level[i].second));
                counts[i] = r[0].as<long long>();
                sums[i] = r[1].c_str();
            }
        };
        std::thread other([&] { checksums(ta, sa, na); });
        checksums(tb, sb, nb);
        other.join();
        std::vector<std::pair<long long, long long>> next;
        std::vector<std::pair<long long, long long>> download;
        for (size_t i = 0; i < level.size(); ++i) {
            if (sa[i] == sb[i] && na[i] == nb[i])
                continue;
            if (std::max(na[i], nb[i]) < 16384)
                download.push_back(level[i]);
            else
                for (const auto &s : split(level[i].first, level[i].second))
                    next.push_back(s);
        }
        std::map<long long, std::string> ra, rb;
        auto rows = [&](pqxx::nontransaction &t, std::map<long long, std::string> &out) {
            for (const auto &s : download)
                for (const auto &r :
                     t.exec("SELECT id, " + md5 + " FROM t" + where(s.first, s.second)))
                    out[r[0].as<long long>()] = r[1].c_str();
        };
        std::thread dl([&] { rows(ta, ra); });
        rows(tb, rb);
        dl.join();
        for (const auto &[k, v] : ra)
            *found += !rb.count(k) || rb[k] != v;
        for (const auto &[k, v] : rb)
            *found += !ra.count(k);
        level = next;
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: bench_compare CONNINFO_BASE ROWS [REPEATS]\n");
        return 2;
    }
    const int repeats = argc == 4 ? std::max(0, std::atoi(argv[3])) : 0;
    const std::string base = argv[1];
    const long long rows = std::stoll(argv[2]);
    const std::string n = std::to_string(rows);
    bool reuse = false;
    if (const char *r = std::getenv("FERRY_BENCH_REUSE"); r && std::string(r) == "1") {
        try {
            pqxx::connection c(base + "/bench_src");
            pqxx::nontransaction tx(c);
            reuse = tx.exec1("SELECT count(*) FROM t")[0].as<long long>() == rows;
            pqxx::connection d(base + "/bench_dst");
            pqxx::nontransaction ty(d);
            reuse = reuse && ty.exec1("SELECT count(*) FROM t")[0].as<long long>() == rows;
        } catch (const std::exception &) {
            reuse = false;
        }
    }
    if (!reuse) {
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
                    "FROM generate_series(1, " +
                    n + ") g");
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
            tx.exec("INSERT INTO t SELECT " + n +
                    " + g * 1000, 1, 'new', 1, now(), true "
                    "FROM generate_series(1, 30) g");
            tx.exec("VACUUM ANALYZE t");
        }
    }
    const std::string src = base + "/bench_src", dst = base + "/bench_dst";
    // Warm the caches once, as a compare on cutover day reads a database in use.
    timed(src, "SELECT count(*) FROM t");
    timed(dst, "SELECT count(*) FROM t");
    const std::string floorSql = "SELECT count(*), sum(hash_record_extended(t, 0)) FROM t";
    const double floor = std::max(timed(src, floorSql), timed(dst, floorSql));
    long long lo = 0, hi = 0;
    {
        pqxx::connection c(dst);
        pqxx::nontransaction tx(c);
        const pqxx::row r = tx.exec1("SELECT min(id), max(id) FROM t");
        lo = std::min(1LL, r[0].as<long long>());
        hi = r[1].as<long long>();
    }
    long long dataDiffFound = 0;
    const double md5 = dataDiff(src, dst, lo, hi, &dataDiffFound);

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
    std::printf("rows %lld: floor %.2f s, data-diff %.2f s (%lld found), ferry %.2f s "
                "(%.2fx floor, data-diff %.1fx ferry), %lld differences found "
                "(missing %lld, extra %lld, different %lld), %lld bytes received, %d queries\n",
                rows, floor, md5, dataDiffFound, ferry, ferry / floor, md5 / ferry, found,
                (long long)r.missingInTarget, (long long)r.extraInTarget, (long long)r.different,
                (long long)c.bytesReceived, r.queries);
    if (found != 100)
        return 1;
    // Each repeat also times the floor queries of both sides at once (the slower of the two),
    // as Ferry's first passes run: both databases share this machine's two cores, so that is
    // the floor for reading both sides here, where two servers would each have their own.
    std::vector<double> ratios, ratiosBoth;
    for (int i = 0; i < repeats; ++i) {
        const double f = std::max(timed(src, floorSql), timed(dst, floorSql));
        double fa = 0, fb = 0;
        std::thread other([&] { fb = timed(dst, floorSql); });
        fa = timed(src, floorSql);
        other.join();
        const double both = std::max(fa, fb);
        t.restart();
        const DataComparison again = DataCompare::run(o);
        const double x = double(t.nsecsElapsed()) / 1e9;
        if (!again.error.isEmpty())
            return 1;
        ratios.push_back(x / f);
        ratiosBoth.push_back(x / both);
        std::printf("  repeat %d: floor %.2f s (both sides at once %.2f s), ferry %.2f s: "
                    "%.2fx (%.2fx)\n",
                    i + 1, f, both, x, x / f, x / both);
    }
    auto summary = [](std::vector<double> v, const char *what) {
        std::sort(v.begin(), v.end());
        std::printf("ferry / %s over %zu repeats: median %.2fx, range %.2f-%.2fx\n", what, v.size(),
                    v[v.size() / 2], v.front(), v.back());
    };
    if (!ratios.empty()) {
        summary(ratios, "floor");
        summary(ratiosBoth, "floor of both sides at once");
    }
    return 0;
}
