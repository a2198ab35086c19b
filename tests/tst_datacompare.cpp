// SPDX-License-Identifier: MIT
// The PostgreSQL data-consistency compare against a real server (tests/pgserver.sh, started by
// CTest as the "postgres" fixture): two databases built by the same script — the source with an
// ICU collation, the target with the C collation, so text keys sort differently — then known
// differences injected, and the report must name exactly those keys.
#include "datacompare.h"
#include "runlog.h"

#include "pgfixture.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <pqxx/pqxx>

#include <set>

using namespace Ferry;

namespace {

/// The uuid PostgreSQL's md5(text)::uuid gives, computed here independently.
QString md5Uuid(const QByteArray &text)
{
    const QString h =
        QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Md5).toHex());
    return h.left(8) + u'-' + h.mid(8, 4) + u'-' + h.mid(12, 4) + u'-' + h.mid(16, 4) + u'-' +
           h.mid(20);
}

const char *const kSchema = R"sql(
CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');
CREATE TABLE customers (
    id serial PRIMARY KEY,
    uid uuid NOT NULL UNIQUE,
    name text NOT NULL,
    email text,
    created timestamptz NOT NULL,
    balance numeric(12,2),
    score float8,
    tags text[],
    profile jsonb,
    avatar bytea,
    status mood
);
CREATE INDEX customers_email ON customers (email);
CREATE TABLE orders (id uuid PRIMARY KEY, customer_id int NOT NULL, amount numeric, note text);
CREATE TABLE order_items (order_id uuid, line int, qty int, price numeric(10,2),
                          PRIMARY KEY (order_id, line));
CREATE TABLE events (kind text, at timestamptz);
CREATE TABLE audit (msg text);
CREATE TABLE labels (code text PRIMARY KEY, title text);

INSERT INTO customers (uid, name, email, created, balance, score, tags, profile, avatar, status)
SELECT md5('c' || g)::uuid,
       (ARRAY['Zoë', 'Ærøskøbing', '東京', 'Москва', 'مرحبا', 'plain'])[1 + g % 6] || ' ' || g,
       CASE WHEN g % 10 = 0 THEN NULL ELSE 'user' || g || '@example.com' END,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',
       (g % 1000) / 100.0,
       g / 3.0,
       ARRAY['t' || (g % 5), 'x'],
       jsonb_build_object('n', g, 'nested', jsonb_build_object('a', g % 3)),
       decode(md5('a' || g), 'hex'),
       ((ARRAY['happy', 'sad', 'ok'])[1 + g % 3])::mood
FROM generate_series(1, 5000) g;
INSERT INTO orders SELECT md5('o' || g)::uuid, 1 + g % 5000, g / 4.0, 'note ' || g
FROM generate_series(1, 8000) g;
INSERT INTO order_items SELECT md5('o' || g)::uuid, l, l * 2, l * 1.5
FROM generate_series(1, 8000) g, generate_series(1, 3) l;
INSERT INTO events SELECT 'k' || (g % 7), timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'
FROM generate_series(1, 3000) g;
INSERT INTO audit SELECT 'm' || g FROM generate_series(1, 100) g;
INSERT INTO labels VALUES ('a', 'lower a'), ('B', 'upper b'), ('ä', 'a umlaut'), ('Z', 'upper z'),
                          ('b', 'lower b'), ('Ä', 'A umlaut'), ('é', 'e acute'), ('e', 'plain e');
INSERT INTO labels SELECT 'L' || g, 't' FROM generate_series(1, 2000) g;

-- Set on both sides: equal values that naive comparisons get wrong.
UPDATE customers SET score = 'NaN' WHERE id = 51;
UPDATE customers SET name = 'x|y', email = 'z' WHERE id = 41;
UPDATE customers SET score = '-0' WHERE id = 50;
UPDATE orders SET amount = 1.0 WHERE id = md5('o4')::uuid;
SET TimeZone = 'UTC';
UPDATE customers SET created = '2024-01-01 01:00:00' WHERE id = 60;
)sql";

/// Differences injected into the target, and equal values written differently.
const char *const kInject = R"sql(
UPDATE customers SET name = name || '!' WHERE id = 17;
DELETE FROM customers WHERE id = 23;
INSERT INTO customers (id, uid, name, created) VALUES (9001, md5('new')::uuid, 'new', now());
UPDATE customers SET email = '' WHERE id = 30;
UPDATE customers SET email = '<null>' WHERE id = 40;
UPDATE customers SET name = 'x', email = 'y|z' WHERE id = 41;
UPDATE customers SET score = '0' WHERE id = 50;
SET TimeZone = 'Asia/Tokyo';
UPDATE customers SET created = '2024-01-01 10:00:00' WHERE id = 60;
UPDATE customers SET created = created + interval '1 hour' WHERE id = 61;
UPDATE customers SET profile = jsonb_set(profile, '{nested,a}', '99') WHERE id = 70;
UPDATE customers SET profile = '{"nested": {"a": 2}, "n": 71}' WHERE id = 71;
UPDATE customers SET avatar = avatar || '\x00'::bytea WHERE id = 80;
UPDATE customers SET tags = ARRAY['t0', 'y'] WHERE id = 90;
UPDATE customers SET status = 'happy' WHERE id = 95;
UPDATE orders SET amount = 1.00 WHERE id = md5('o4')::uuid;
DELETE FROM orders WHERE id = md5('o100')::uuid;
INSERT INTO orders VALUES (md5('o-new')::uuid, 1, 5, 'new');
UPDATE orders SET note = 'changed' WHERE id = md5('o200')::uuid;
UPDATE order_items SET qty = 99 WHERE order_id = md5('o5')::uuid AND line = 2;
UPDATE labels SET title = 'changed' WHERE code = 'ä';
DELETE FROM labels WHERE code = 'B';
INSERT INTO labels VALUES ('b2', 'new');
UPDATE audit SET msg = 'changed' WHERE msg = 'm5';
SELECT setval('customers_id_seq', 100); -- lagging, as after logical replication
)sql";

} // namespace

class TestDataCompare : public QObject
{
    Q_OBJECT

    QString m_port, m_password;

    QString uri(const QString &db) const
    {
        return QStringLiteral("postgresql://ferry@127.0.0.1:%1/%2").arg(m_port, db);
    }
    /// Runs `text` on `db`; statements separated by ";\n" run one by one (CREATE DATABASE cannot
    /// run inside the implicit transaction of a multi-statement query).
    void sql(const QString &db, const std::string &text, bool oneByOne = false)
    {
        pqxx::connection c(uri(db).toStdString());
        pqxx::nontransaction tx(c);
        if (!oneByOne) {
            tx.exec(text);
            return;
        }
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find(';', start);
            if (end == std::string::npos)
                end = text.size();
            const std::string one = text.substr(start, end - start);
            if (one.find_first_not_of(" \n") != std::string::npos)
                tx.exec(one);
            start = end + 1;
        }
    }

    /// Creates the databases PREFIXsrc, running `sourceSql` in it, and PREFIXdst as its copy
    /// (`CREATE DATABASE … TEMPLATE`), after dropping any an earlier run left. Throws pqxx
    /// exceptions.
    void createPair(const std::string &prefix, const std::string &sourceSql)
    {
        sql(QStringLiteral("postgres"),
            "DROP DATABASE IF EXISTS " + prefix + "src WITH (FORCE);" + "DROP DATABASE IF EXISTS " +
                prefix + "dst WITH (FORCE);" + "CREATE DATABASE " + prefix + "src",
            true);
        sql(QString::fromStdString(prefix + "src"), sourceSql);
        sql(QStringLiteral("postgres"),
            "CREATE DATABASE " + prefix + "dst TEMPLATE " + prefix + "src");
    }
    /// Compare options from PREFIXsrc to PREFIXdst.
    DataCompareOptions pairOptions(const std::string &prefix) const
    {
        DataCompareOptions o;
        o.source = uri(QString::fromStdString(prefix + "src"));
        o.target = uri(QString::fromStdString(prefix + "dst"));
        return o;
    }
    void dropPair(const std::string &prefix)
    {
        sql(QStringLiteral("postgres"),
            "DROP DATABASE " + prefix + "src WITH (FORCE); DROP DATABASE " + prefix +
                "dst WITH (FORCE)",
            true);
    }

    /// The differences of one table, as "kind:key|key" strings.
    static std::set<QString> keys(const TableComparison &t)
    {
        std::set<QString> out;
        for (const RowDifference &d : t.differences)
            out.insert(rowDifferenceKindName(d.kind) + u':' + d.key.join(u'|'));
        return out;
    }
    static const TableComparison *table(const DataComparison &c, const QString &name)
    {
        for (const TableComparison &t : c.tables)
            if (t.qualifiedName() == name)
                return &t;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        // The fixture must have started the server: a missing one is a failure, not a skip.
        PgFixture server;
        QString error;
        QVERIFY2(server.read(&error), qPrintable(error));
        m_port = server.port;
        m_password = server.password;
        qputenv("PGPASSWORD", m_password.toUtf8()); // how a password reaches libpq

        sql(QStringLiteral("postgres"),
            "DROP DATABASE IF EXISTS src WITH (FORCE); DROP DATABASE IF EXISTS dst WITH (FORCE);"
            "DROP DATABASE IF EXISTS same WITH (FORCE);"
            "CREATE DATABASE src TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' "
            "LOCALE 'C.UTF-8';"
            "CREATE DATABASE dst TEMPLATE template0 LOCALE_PROVIDER libc LC_COLLATE 'C' "
            "LC_CTYPE 'C';",
            true);
        sql(QStringLiteral("src"), kSchema);
        sql(QStringLiteral("dst"), kSchema);
        sql(QStringLiteral("postgres"), "CREATE DATABASE same TEMPLATE src");
        sql(QStringLiteral("dst"), kInject);
    }

    void findsExactlyTheInjectedDifferences()
    {
        DataCompareOptions o;
        o.source = uri(QStringLiteral("src"));
        o.target = uri(QStringLiteral("dst"));
        o.segmentRows = 256; // several segments per table, and narrowing below them
        DataCompareProgress progress;
        const DataComparison c = DataCompare::run(o, &progress);
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        // Per table progress ends with each table's outcome and the rows its first pass covered.
        const QList<DataTableProgress> tables = progress.tables();
        QCOMPARE(tables.size(), c.tables.size());
        for (const DataTableProgress &p : tables) {
            const TableComparison *t = table(c, p.table);
            QVERIFY2(t, qPrintable(p.table));
            QCOMPARE(p.phase, tableStatusName(t->status));
            QCOMPARE(p.rowsHashed, std::max(t->sourceRows, t->targetRows));
            QCOMPARE(p.segmentsLeft, 0);
        }
        QCOMPARE(progress.tablesDone.load(), int(c.tables.size()));
        QVERIFY2(c.schemaDifferences.isEmpty(), qPrintable(c.schemaDifferences.join(u'\n')));
        QVERIFY(!c.identical());
        QCOMPARE(c.tables.size(), 6);

        const TableComparison *customers = table(c, QStringLiteral("public.customers"));
        QVERIFY(customers);
        QCOMPARE(customers->method, QStringLiteral("range"));
        QCOMPARE(customers->sourceRows, 5000);
        QCOMPARE(customers->targetRows, 5000);
        // 51 (NaN on both sides) and 60 (one instant written in two time zones) are equal;
        // 71 has the same jsonb with its keys in another order.
        const std::set<QString> expectedCustomers = {
            QStringLiteral("missing:23"),   QStringLiteral("extra:9001"),
            QStringLiteral("different:17"), QStringLiteral("different:30"),
            QStringLiteral("different:40"), QStringLiteral("different:41"),
            QStringLiteral("different:50"), QStringLiteral("different:61"),
            QStringLiteral("different:70"), QStringLiteral("different:80"),
            QStringLiteral("different:90"), QStringLiteral("different:95")};
        QCOMPARE(keys(*customers), expectedCustomers);
        QCOMPARE(customers->missingInTarget, 1);
        QCOMPARE(customers->extraInTarget, 1);
        QCOMPARE(customers->different, 10);
        for (const RowDifference &d : customers->differences) {
            if (d.key == QStringList{QStringLiteral("41")}) {
                QVERIFY2(d.sourceRow.contains(QLatin1String("\"name\":\"x|y\"")),
                         qPrintable(d.sourceRow));
                QVERIFY2(d.targetRow.contains(QLatin1String("\"email\":\"y|z\"")),
                         qPrintable(d.targetRow));
            }
            if (d.kind == RowDifference::Kind::MissingInTarget)
                QVERIFY(!d.sourceRow.isEmpty() && d.targetRow.isEmpty());
        }

        const TableComparison *orders = table(c, QStringLiteral("public.orders"));
        QVERIFY(orders);
        QCOMPARE(orders->method, QStringLiteral("hash"));
        const std::set<QString> expectedOrders = {QStringLiteral("missing:") + md5Uuid("o100"),
                                                  QStringLiteral("extra:") + md5Uuid("o-new"),
                                                  QStringLiteral("different:") + md5Uuid("o4"),
                                                  QStringLiteral("different:") + md5Uuid("o200")};
        QCOMPARE(keys(*orders), expectedOrders);

        const TableComparison *items = table(c, QStringLiteral("public.order_items"));
        QVERIFY(items);
        QCOMPARE(keys(*items), std::set<QString>{QStringLiteral("different:") + md5Uuid("o5") +
                                                 QStringLiteral("|2")});
        QCOMPARE(items->sourceRows, 24000);

        const TableComparison *labels = table(c, QStringLiteral("public.labels"));
        QVERIFY(labels);
        const std::set<QString> expectedLabels = {
            QStringLiteral("missing:B"), QStringLiteral("extra:b2"), QStringLiteral("different:ä")};
        QCOMPARE(keys(*labels), expectedLabels);

        // The lagging sequence: the source used 5,000 (its last value, and max(id)); the
        // target would hand out 101.
        QCOMPARE(c.sequences.size(), 1);
        QCOMPARE(c.sequences[0].name, QStringLiteral("public.customers_id_seq"));
        QCOMPARE(c.sequences[0].ownedBy, QStringLiteral("public.customers.id"));
        QCOMPARE(c.sequences[0].sourceUsed, 5000);
        QCOMPARE(c.sequences[0].targetNext, 101);
        QVERIFY(!c.sequences[0].ok());

        const TableComparison *events = table(c, QStringLiteral("public.events"));
        QVERIFY(events);
        QCOMPARE(events->method, QStringLiteral("whole table"));
        QCOMPARE(events->status, TableComparison::Status::Identical);
        const TableComparison *audit = table(c, QStringLiteral("public.audit"));
        QVERIFY(audit);
        QCOMPARE(audit->status, TableComparison::Status::Different);
        QCOMPARE(audit->method, QStringLiteral("whole table"));
    }

    /// The three ways of summing the first pass's segments (a hash aggregate, index range
    /// scans, block chunks) find exactly the same rows, counts and statuses; the automatic
    /// choice too.
    void firstPassWaysAgree()
    {
        auto run = [this](DataCompareOptions::FirstPass way) {
            DataCompareOptions o;
            o.source = uri(QStringLiteral("src"));
            o.target = uri(QStringLiteral("dst"));
            o.segmentRows = 256;
            o.firstPass = way;
            return DataCompare::run(o);
        };
        auto summary = [](const DataComparison &c) {
            QStringList out;
            for (const TableComparison &t : c.tables) {
                out << QStringLiteral("%1 %2 %3/%4 %5")
                           .arg(t.qualifiedName(), tableStatusName(t.status))
                           .arg(t.sourceRows)
                           .arg(t.targetRows)
                           .arg(t.method);
                for (const RowDifference &d : t.differences)
                    out << rowDifferenceKindName(d.kind) + u' ' + d.key.join(u',');
            }
            return out;
        };
        // Statistics, so that the tables are cut into many segments and the key's correlation
        // is known (the automatic choice then takes key ranges: the rows were inserted in key
        // order).
        sql(QStringLiteral("src"), "ANALYZE");
        sql(QStringLiteral("dst"), "ANALYZE");
        const DataComparison aggregate = run(DataCompareOptions::FirstPass::Aggregate);
        const DataComparison ranges = run(DataCompareOptions::FirstPass::KeyRanges);
        const DataComparison blocks = run(DataCompareOptions::FirstPass::Blocks);
        const DataComparison automatic = run(DataCompareOptions::FirstPass::Auto);
        QVERIFY2(aggregate.error.isEmpty() && ranges.error.isEmpty(), qPrintable(ranges.error));
        QVERIFY2(blocks.error.isEmpty(), qPrintable(blocks.error));
        const QStringList expected = summary(aggregate);
        QVERIFY(expected.filter(QStringLiteral("public.customers different")).size() == 1);
        QVERIFY(expected.size() > 20); // the injected rows are listed
        QCOMPARE(summary(ranges), expected);
        QCOMPARE(summary(blocks), expected);
        QCOMPARE(summary(automatic), expected);
    }

    /// Block chunks are exact whatever the heap's order, which decides only their cost: rows
    /// inserted in random order (every run of blocks holds keys of many segments), rows moved
    /// by updates to the end of an ordered heap, segments smaller than a block (several
    /// boundaries in one block) and segments larger than the table's blocks; the differences
    /// found are exactly the injected ones, as with the hash aggregate.
    void blockChunksExactInAnyHeapOrder()
    {
        // shuffled: random heap order; ordered: key order, then a tenth of the rows updated
        // (their new versions go to the heap's end) and rows deleted to leave gaps.
        createPair(
            "bk",
            "CREATE TABLE shuffled (id bigint PRIMARY KEY, v text, n numeric);"
            "INSERT INTO shuffled SELECT g, 'row ' || g, g / 7.0 FROM generate_series(1, 20000) g "
            "ORDER BY random();"
            "CREATE TABLE ordered (id int PRIMARY KEY, v text) WITH (fillfactor = 100);"
            "INSERT INTO ordered SELECT g, repeat('x', g % 50) FROM generate_series(-5000, 15000) "
            "g;"
            "UPDATE ordered SET v = v || 'u' WHERE id % 10 = 3;"
            "DELETE FROM ordered WHERE id BETWEEN 4000 AND 4999;"
            "ANALYZE");
        sql(QStringLiteral("bkdst"),
            "UPDATE shuffled SET v = 'changed' WHERE id IN (1, 777, 12345, 20000);"
            "DELETE FROM shuffled WHERE id IN (2, 9999);"
            "INSERT INTO shuffled VALUES (20001, 'new', 0), (25000, 'new', 0);"
            "UPDATE shuffled SET n = 1.00 WHERE id = 7;" // 1.0 before: its scale differs
            "UPDATE ordered SET v = 'moved' WHERE id IN (-5000, 13, 14003);"
            "DELETE FROM ordered WHERE id IN (0, 15000);"
            "INSERT INTO ordered VALUES (4500, 'into the gap');"
            "VACUUM ANALYZE",
            true);
        QStringList expected;
        for (const char *e :
             {"public.ordered different key -5000", "public.ordered different key 13",
              "public.ordered different key 14003", "public.ordered extra key 4500",
              "public.ordered missing key 0", "public.ordered missing key 15000",
              "public.shuffled different key 1", "public.shuffled different key 12345",
              "public.shuffled different key 20000", "public.shuffled different key 7",
              "public.shuffled different key 777", "public.shuffled extra key 20001",
              "public.shuffled extra key 25000", "public.shuffled missing key 2",
              "public.shuffled missing key 9999"})
            expected << QString::fromLatin1(e);
        for (const qint64 segmentRows : {qint64(3), qint64(256), qint64(1000000)}) {
            for (const auto way : {DataCompareOptions::FirstPass::Blocks,
                                   DataCompareOptions::FirstPass::Aggregate}) {
                DataCompareOptions o = pairOptions("bk");
                o.segmentRows = segmentRows;
                o.firstPass = way;
                const DataComparison c = DataCompare::run(o);
                QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
                QStringList found;
                for (const TableComparison &t : c.tables) {
                    QVERIFY2(t.error.isEmpty(), qPrintable(t.error));
                    QCOMPARE(t.method, QStringLiteral("range"));
                    for (const RowDifference &d : t.differences)
                        found << t.qualifiedName() + u' ' + rowDifferenceKindName(d.kind) +
                                     QStringLiteral(" key ") + d.key.join(u',');
                    if (t.name == QStringLiteral("ordered")) {
                        QCOMPARE(t.sourceRows, 19001);
                        QCOMPARE(t.targetRows, 19000);
                    } else {
                        QCOMPARE(t.sourceRows, 20000);
                        QCOMPARE(t.targetRows, 20000);
                    }
                }
                found.sort();
                QCOMPARE(found, expected);
            }
        }
        dropPair("bk");
    }

    /// The row hash combines each column's hash with a seed of its position: values swapped
    /// between two columns of one type, or moved to the next column across a NULL, are
    /// differences; so are bigints that PostgreSQL's int8 hash folds to the same 32 bits.
    void swappedColumnsDiffer()
    {
        createPair(
            "sw",
            "CREATE TABLE pairs (id int PRIMARY KEY, a int, b int, c text, d text, e bigint);"
            "INSERT INTO pairs SELECT g, g, -g, 'c' || g, 'd' || g, g FROM generate_series(1, 100) "
            "g");
        sql(QStringLiteral("swdst"), "UPDATE pairs SET a = b, b = a WHERE id = 10;"
                                     "UPDATE pairs SET c = d, d = c WHERE id = 20;"
                                     "UPDATE pairs SET a = NULL, b = a WHERE id = 30;"
                                     // the bigint's halves swapped: 40 → 40 << 32, and a
                                     // change by (1 << 32) | 1: equal under hashint8extended
                                     "UPDATE pairs SET e = e << 32 WHERE id = 40;"
                                     "UPDATE pairs SET e = e # 4294967297 WHERE id = 50");
        sql(QStringLiteral("swsrc"), "UPDATE pairs SET b = NULL WHERE id = 30");
        DataCompareOptions o = pairOptions("sw");
        const DataComparison c = DataCompare::run(o);
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(c.tables.size(), 1);
        QCOMPARE(keys(c.tables[0]),
                 (std::set<QString>{QStringLiteral("different:10"), QStringLiteral("different:20"),
                                    QStringLiteral("different:30"), QStringLiteral("different:40"),
                                    QStringLiteral("different:50")}));
        dropPair("sw");
    }

    /// Intervals that SQL calls equal but that are spelled in other units are differences
    /// ('1 day' is not 24 hours across a daylight-saving change); the same interval is not.
    void intervalUnitsDiffer()
    {
        createPair(
            "iv",
            "CREATE TABLE spans (id int PRIMARY KEY, d interval);"
            "INSERT INTO spans VALUES (1, '1 day'), (2, '1 mon'), (3, '90 minutes'), (4, NULL)");
        sql(QStringLiteral("ivdst"), "UPDATE spans SET d = '24 hours' WHERE id = 1;"
                                     "UPDATE spans SET d = '30 days' WHERE id = 2;"
                                     "UPDATE spans SET d = '1 hour 30 minutes' WHERE id = 3");
        DataCompareOptions o = pairOptions("iv");
        const DataComparison c = DataCompare::run(o);
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(c.tables.size(), 1);
        QCOMPARE(keys(c.tables[0]),
                 (std::set<QString>{QStringLiteral("different:1"), QStringLiteral("different:2")}));
        dropPair("iv");
    }

    void neverAnalyzedTablesAreSegmented()
    {
        // Right after a restore or a logical-replication copy, tables have no statistics
        // (reltuples -1). With a row estimate of 0 the first pass made one segment, and the
        // narrowing then rescanned the table round after round; the estimate now comes from the
        // heap's size (and the key range).
        for (const char *with : {"hash", "range"}) {
            const bool range = std::string_view(with) == "range";
            createPair("na", std::string("CREATE TABLE na (id ") + (range ? "int" : "text") +
                                 " PRIMARY KEY, v text) WITH (autovacuum_enabled = false);"
                                 "INSERT INTO na SELECT " +
                                 (range ? "g" : "'k' || g") +
                                 ", 'row ' || g FROM generate_series(1, 60000) g");
            sql(QStringLiteral("nadst"),
                std::string("UPDATE na SET v = 'changed' WHERE id IN (") +
                    (range ? "17, 30000, 59999" : "'k17', 'k30000', 'k59999'") + ")");
            {
                pqxx::connection c(uri(QStringLiteral("nadst")).toStdString());
                pqxx::nontransaction tx(c);
                QVERIFY(tx.exec("SELECT reltuples FROM pg_class WHERE relname = 'na'")[0][0]
                            .as<double>() < 0); // what this test is about
            }
            DataCompareOptions o = pairOptions("na");
            DataCompareProgress progress;
            const DataComparison unanalyzed = DataCompare::run(o, &progress);
            QVERIFY2(unanalyzed.error.isEmpty(), qPrintable(unanalyzed.error));
            QCOMPARE(unanalyzed.tables.size(), 1);
            QCOMPARE(unanalyzed.tables[0].method, QString::fromLatin1(with));
            QCOMPARE(unanalyzed.tables[0].different, 3);
            // An upper bound of the rows, from 60,000 rows' pages (or the key range).
            const qint64 estimate = progress.tables().value(0).estimatedRows;
            QVERIFY2(estimate >= 60000 && estimate < 600000, qPrintable(QString::number(estimate)));

            sql(QStringLiteral("nasrc"), "ANALYZE na");
            sql(QStringLiteral("nadst"), "ANALYZE na");
            const DataComparison analyzed = DataCompare::run(o);
            QCOMPARE(analyzed.tables.value(0).different, 3);
            // As few queries as with statistics (one narrowing round more at most): one
            // segment would take three rounds more, each a query per side.
            QVERIFY2(unanalyzed.tables[0].queries <= analyzed.tables[0].queries + 2,
                     qPrintable(QStringLiteral("%1 queries unanalyzed, %2 analyzed")
                                    .arg(unanalyzed.tables[0].queries)
                                    .arg(analyzed.tables[0].queries)));
        }
        dropPair("na");
    }

    void identicalCopyIsIdentical()
    {
        DataCompareOptions o;
        o.source = uri(QStringLiteral("src"));
        o.target = uri(QStringLiteral("same"));
        o.connectionsPerSide = 3;
        const DataComparison c = DataCompare::run(o);
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        for (const TableComparison &t : c.tables)
            QVERIFY2(
                t.status == TableComparison::Status::Identical,
                qPrintable(t.qualifiedName() + u' ' + tableStatusName(t.status) + u' ' + t.error));
        QCOMPARE(c.sequences.size(), 1);
        QCOMPARE(c.sequences[0].targetNext, 5001);
        QVERIFY(c.sequences[0].ok());
        QVERIFY(c.identical());
    }

    void onlyTheNamedTables()
    {
        DataCompareOptions o;
        o.source = uri(QStringLiteral("src"));
        o.target = uri(QStringLiteral("dst"));
        o.tables = {QStringLiteral("events"), QStringLiteral("public.labels")};
        const DataComparison c = DataCompare::run(o);
        QCOMPARE(c.tables.size(), 2);
        QCOMPARE(c.tables[0].qualifiedName(), QStringLiteral("public.events"));
        QCOMPARE(c.tables[1].qualifiedName(), QStringLiteral("public.labels"));
    }

    void schemaDifferencesListed()
    {
        sql(QStringLiteral("postgres"),
            "DROP DATABASE IF EXISTS altered WITH (FORCE); CREATE DATABASE altered TEMPLATE src",
            true);
        sql(QStringLiteral("altered"),
            "ALTER TABLE orders ADD COLUMN extra int; ALTER TABLE labels ALTER COLUMN title TYPE "
            "varchar(50); DROP INDEX customers_email; CREATE TABLE newer (id int PRIMARY KEY)");
        DataCompareOptions o;
        o.source = uri(QStringLiteral("src"));
        o.target = uri(QStringLiteral("altered"));
        const DataComparison c = DataCompare::run(o);
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        const QString all = c.schemaDifferences.join(u'\n');
        QVERIFY2(all.contains(QLatin1String("public.orders: column extra only in the target")),
                 qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("public.labels: column title is text in the source, "
                                            "character varying(50) in the target")),
                 qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("index only in the source: public.customers: CREATE "
                                            "INDEX ON public.customers USING btree (email)")),
                 qPrintable(all));
        QVERIFY2(all.contains(QLatin1String("table public.newer: only in the target")),
                 qPrintable(all));
        QVERIFY2(c.schemaDifferences.size() == 4, qPrintable(all));
        // The data of the common columns still compares equal, text vs varchar as text.
        const TableComparison *labels = table(c, QStringLiteral("public.labels"));
        QVERIFY(labels);
        QCOMPARE(labels->status, TableComparison::Status::Identical);
        QVERIFY(!labels->notes.isEmpty());
        QCOMPARE(table(c, QStringLiteral("public.orders"))->status,
                 TableComparison::Status::Identical);
        QCOMPARE(table(c, QStringLiteral("public.newer"))->status,
                 TableComparison::Status::Missing);
    }

    void neverWrites()
    {
        // Row changes recorded by the servers' statistics stay put through a compare.
        auto changes = [&](const QString &db) {
            pqxx::connection conn(uri(db).toStdString());
            pqxx::nontransaction tx(conn);
            tx.exec("SELECT pg_stat_force_next_flush()");
            const pqxx::row r =
                tx.exec1("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text FROM "
                         "pg_stat_user_tables");
            return QString::fromUtf8(r[0].c_str());
        };
        QTest::qWait(1100); // statistics of the set-up reach the server
        const QString src0 = changes(QStringLiteral("src")), dst0 = changes(QStringLiteral("dst"));
        DataCompareOptions o;
        o.source = uri(QStringLiteral("src"));
        o.target = uri(QStringLiteral("dst"));
        DataCompare::run(o);
        QTest::qWait(1100);
        QCOMPARE(changes(QStringLiteral("src")), src0);
        QCOMPARE(changes(QStringLiteral("dst")), dst0);
    }

    void unreachableIsAnError()
    {
        DataCompareOptions o;
        o.source = QStringLiteral("postgresql://ferry@127.0.0.1:1/src?connect_timeout=5");
        o.target = uri(QStringLiteral("dst"));
        const DataComparison c = DataCompare::run(o);
        QVERIFY(!c.error.isEmpty());
        QVERIFY(!c.identical());
        QVERIFY(c.tables.isEmpty());
    }

    void commandLine()
    {
        QProcess p;
        p.start(QStringLiteral(FERRY_EXE),
                {QStringLiteral("compare-data"), QStringLiteral("--source"),
                 uri(QStringLiteral("src")), QStringLiteral("--target"), uri(QStringLiteral("dst")),
                 QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray out = p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 1); // different
        QVERIFY2(!out.contains(m_password.toUtf8()), "the password must never be printed");
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(out, &pe);
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
        QCOMPARE(doc[QStringLiteral("format")].toInt(), 1);
        QCOMPARE(doc[QStringLiteral("identical")].toBool(), false);
        const QJsonArray tables = doc[QStringLiteral("tables")].toArray();
        QCOMPARE(tables.size(), 6);
        int rows = 0;
        for (const QJsonValue &t : tables)
            rows += t[QStringLiteral("differences")].toArray().size();
        QCOMPARE(rows, 12 + 4 + 1 + 3); // customers, orders, order_items, labels

        // Recorded in a run log when asked: the run, and the tables as the check's details.
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("runs.sqlite"));
        p.start(QStringLiteral(FERRY_EXE),
                {QStringLiteral("compare-data"), QStringLiteral("--source"),
                 uri(QStringLiteral("src")), QStringLiteral("--target"),
                 uri(QStringLiteral("same")), QStringLiteral("--store"), store});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("identical in"));
        RunLog log;
        QString error;
        QVERIFY2(log.open(store, &error), qPrintable(error));
        const QList<RunLogEntry> runs = log.recent(5, QString(), &error);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].kind, QStringLiteral("compare-data"));
        QCOMPARE(runs[0].status, QStringLiteral("passed"));
        const QList<CheckResult> results = log.results(runs[0].id, &error);
        QCOMPARE(results.size(), 1);
        QVERIFY2(results[0]
                     .details.value(QStringLiteral("table public.customers"))
                     .startsWith(QStringLiteral("identical, ")),
                 qPrintable(results[0].details.value(QStringLiteral("table public.customers"))));

        p.start(QStringLiteral(FERRY_EXE),
                {QStringLiteral("compare-data"), QStringLiteral("--source"),
                 QStringLiteral("postgresql://ferry@127.0.0.1:1/x"), QStringLiteral("--target"),
                 uri(QStringLiteral("dst"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2); // unreachable

        p.start(QStringLiteral(FERRY_EXE),
                {QStringLiteral("compare-data"), QStringLiteral("--source"),
                 uri(QStringLiteral("src"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2); // bad usage
    }

    void cancelStopsRunningQueries()
    {
        createPair(
            "big",
            "CREATE TABLE big (id bigint PRIMARY KEY, payload text);"
            "INSERT INTO big SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 1500000) g;"
            "ANALYZE big");
        DataCompareOptions o = pairOptions("big");
        DataCompareProgress progress;
        QThread *canceller = QThread::create([&] {
            // The table reports its first pass (with the planner's row estimate) before it ends.
            while (progress.tables().value(0).phase != QLatin1String("hashing"))
                QThread::msleep(5);
            QThread::msleep(100); // the first pass is running
            progress.cancel();
        });
        canceller->start();
        const DataComparison c = DataCompare::run(o, &progress);
        canceller->wait();
        delete canceller;
        QVERIFY(c.cancelled);
        QVERIFY(!c.identical());
        QCOMPARE(c.tables.size(), 1);
        // Stopped by the server's cancel, not finished: no row count came back.
        QCOMPARE(c.tables[0].status, TableComparison::Status::Cancelled);
        QCOMPARE(c.tables[0].sourceRows, -1);
        QCOMPARE(progress.tables().value(0).phase, QStringLiteral("cancelled"));
        QVERIFY2(progress.tables().value(0).estimatedRows > 1000000,
                 qPrintable(QString::number(progress.tables().value(0).estimatedRows)));
    }
};

QTEST_GUILESS_MAIN(TestDataCompare)
#include "tst_datacompare.moc"
