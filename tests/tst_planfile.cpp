// SPDX-License-Identifier: MIT
// Plan files: byte-identical round trips, deterministic output, located errors on bad input.
#include "planfile.h"
#include "stringslab.h"

#include <QTemporaryDir>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace Ferry;

class TestPlanFile : public QObject
{
    Q_OBJECT
private:
    static Plan samplePlan()
    {
        Plan p;
        p.name = QStringLiteral("Tricky: \"quotes\", #hash, é, 日本");
        p.created = QDate(2026, 11, 21);
        Resource a;
        a.id = QStringLiteral("tf:module.web.aws_instance.app[\"blue\"]");
        a.provider = QStringLiteral("aws");
        a.type = QStringLiteral("aws_instance");
        a.name = QStringLiteral("true"); // must stay a string
        a.region = QStringLiteral("us-east-1");
        a.tags = {{QStringLiteral("env"), QStringLiteral("prod")},
                  {QStringLiteral("web"), QString()}};
        a.attributes = {{QStringLiteral("cidr"), QStringLiteral("10.0.0.0/16")},
                        {QStringLiteral("note"), QStringLiteral("line1\nline2\ttab: x # y")}};
        Resource b;
        b.id = QStringLiteral("do:droplet:3164444");
        b.provider = QStringLiteral("digitalocean");
        b.type = QStringLiteral("digitalocean_droplet");
        b.name = QStringLiteral("0123");
        p.inventory.add(a);
        p.inventory.add(b);
        p.inventory.addDependency(b.id, a.id, DependencyKind::Data, QStringLiteral("test: reason"));
        p.inventory.sortDependencies();
        p.setMapping({b.id, QStringLiteral("production"), QStringLiteral("aws_instance"),
                      Strategy::Rehost, 2});
        return p;
    }

private slots:
    void stringMapKeepsKeysSortedAndUnique()
    {
        StringMap m{{QStringLiteral("urn"), QStringLiteral("u")},
                    {QStringLiteral("cidr"), QStringLiteral("c")},
                    {QStringLiteral("ipv4"), QStringLiteral("1")}};
        m.insert(QStringLiteral("ipv4"), QStringLiteral("2"));     // replaces
        m.insert(QStringLiteral("disk_gb"), QStringLiteral("80")); // lands in the middle
        QStringList keys, values;
        for (auto it = m.cbegin(); it != m.cend(); ++it) {
            keys << it.key();
            values << it.value();
        }
        QCOMPARE(keys, (QStringList{QStringLiteral("cidr"), QStringLiteral("disk_gb"),
                                    QStringLiteral("ipv4"), QStringLiteral("urn")}));
        QCOMPARE(values, (QStringList{QStringLiteral("c"), QStringLiteral("80"),
                                      QStringLiteral("2"), QStringLiteral("u")}));
        QCOMPARE(m.value(QStringLiteral("missing"), QStringLiteral("x")), QStringLiteral("x"));
        QVERIFY(m.contains(QStringLiteral("urn")));
        QVERIFY(m.remove(QStringLiteral("urn")));
        QVERIFY(!m.remove(QStringLiteral("urn")));
        QCOMPARE(m.size(), 3);
        const StringMap same{{QStringLiteral("ipv4"), QStringLiteral("2")},
                             {QStringLiteral("disk_gb"), QStringLiteral("80")},
                             {QStringLiteral("cidr"), QStringLiteral("c")}};
        QVERIFY(m == same); // equality ignores insertion order
    }

    void stringSlabSlicesShareOneBufferSafely()
    {
        QString id, address, name, empty, bad;
        {
            StringSlab slab;
            const std::string text = "module.web.aws_instance.app[0]";
            slab.add(&id, text, u"tf:");
            slab.add(&address, text);
            slab.add(&name, "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"); // "café 日本"
            slab.add(&empty, "");
            slab.add(&bad, "a\xff"
                           "b"); // invalid UTF-8, as QString::fromUtf8 reads it
            slab.assign();
        } // the slab and the input are gone; the strings own their buffer
        QCOMPARE(id, QStringLiteral("tf:module.web.aws_instance.app[0]"));
        QCOMPARE(address, QStringLiteral("module.web.aws_instance.app[0]"));
        QCOMPARE(name, QString::fromUtf8("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"));
        QVERIFY(empty.isNull());
        QCOMPARE(bad, QString::fromUtf8("a\xff"
                                        "b"));
        // One buffer: the slices lie one after the other, each null-terminated.
        QCOMPARE(address.constData(), id.constData() + id.size() + 1);
        QCOMPARE(id.utf16()[id.size()], u'\0');
        QCOMPARE(address.utf16()[address.size()], u'\0');
        QVERIFY(!id.isDetached()); // shared with its neighbours
        // Changing one slice never touches the others: it detaches first.
        id.append(QStringLiteral("-changed"));
        id[0] = u'T';
        QCOMPARE(id, QStringLiteral("Tf:module.web.aws_instance.app[0]-changed"));
        QCOMPARE(address, QStringLiteral("module.web.aws_instance.app[0]"));
        QCOMPARE(name, QString::fromUtf8("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"));
        // The last holder may write over the dead neighbours' space; its own text stays right.
        id = QString();
        name = QString();
        bad = QString();
        address.append(QStringLiteral("/more"));
        address.prepend(u'>');
        QCOMPARE(address, QStringLiteral(">module.web.aws_instance.app[0]/more"));
        QString copy = address; // copies share and survive the original
        address.clear();
        QCOMPARE(copy, QStringLiteral(">module.web.aws_instance.app[0]/more"));
        // Nothing queued: nothing assigned, nothing allocated.
        StringSlab none;
        none.assign();
    }

    void stringSlabChunksServeManyAssigns()
    {
        StringSlab slab;
        QString a, b, c, big, after;
        slab.add(&a, "first");
        slab.assign();
        slab.add(&b, "second");
        slab.assign();
        // The second assign() carves from the first one's chunk, right after its text.
        QCOMPARE(b.constData(), a.constData() + a.size() + 1);
        QCOMPARE(a, QStringLiteral("first"));
        QCOMPARE(b, QStringLiteral("second"));
        // Texts larger than a chunk get a chunk of their own, the same size as they need.
        const std::string large(size_t(StringSlab::kChunkUnits) * 2, 'x');
        slab.add(&big, large);
        slab.assign();
        QCOMPARE(big.size(), qsizetype(large.size()));
        QVERIFY(big.constData() != b.constData() + b.size() + 1);
        QCOMPARE(big, QString::fromStdString(large));
        QCOMPARE(a, QStringLiteral("first"));
        // After release() the next assign() starts a new chunk; slices made before stay valid,
        // and while the slab holds the chunk, a change to a slice detaches it.
        slab.add(&c, "third");
        slab.assign();
        slab.release();
        slab.add(&after, "fourth");
        slab.assign();
        QVERIFY(after.constData() != c.constData() + c.size() + 1);
        b.append(u'!');
        QCOMPARE(b, QStringLiteral("second!"));
        QCOMPARE(c, QStringLiteral("third"));
        QCOMPARE(a, QStringLiteral("first"));
        QCOMPARE(after, QStringLiteral("fourth"));
    }

    void roundTripIsByteIdentical()
    {
        const Plan p = samplePlan();
        const QByteArray first = PlanFile::toYaml(p);
        Plan loaded;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(first, QStringLiteral("x.ferry.yaml"), &loaded, &e),
                 qPrintable(e.toString()));
        QCOMPARE(loaded, p);
        QCOMPARE(PlanFile::toYaml(loaded), first);
    }

    /// Keys past YAML's 1,024-character limit for implicit keys, and awkward texts anywhere,
    /// round trip (a fuzz finding of #12: a plan with a 2,500-character attribute name saved
    /// to a file that did not open).
    void awkwardTextsRoundTrip()
    {
        Plan p = samplePlan();
        Resource &r = p.inventory.resources.begin()->second;
        const QStringList texts = {QString(2500, u'k'),
                                   QStringLiteral("ttl: \"3600\" urn: x - id: y") +
                                       QString(1100, u'.'),
                                   QStringLiteral("? question"),
                                   QStringLiteral(": colon"),
                                   QStringLiteral("#not a comment"),
                                   QStringLiteral("\x1b[2J"),
                                   QStringLiteral("line\nbreak"),
                                   QStringLiteral("\U0001F680")};
        for (const QString &t : texts) {
            r.attributes.insert(t, t);
            r.tags.insert(t, t);
        }
        const QByteArray first = PlanFile::toYaml(p);
        QVERIFY(first.contains("\n      ? \"kkkk")); // the long key is an explicit one
        Plan loaded;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(first, QStringLiteral("x.ferry.yaml"), &loaded, &e),
                 qPrintable(e.toString()));
        QCOMPARE(loaded, p);
        QCOMPARE(PlanFile::toYaml(loaded), first);
    }

    void mappingEndpointRoundTrips()
    {
        Plan p = samplePlan();
        Mapping m = p.mappings.begin()->second;
        QVERIFY(PlanFile::toYaml(p).indexOf("endpoint") < 0); // optional: absent when empty
        m.endpoint = QStringLiteral("db.c9akciq32.us-east-1.rds.amazonaws.com:5432");
        p.setMapping(m);
        const QByteArray text = PlanFile::toYaml(p);
        QVERIFY2(text.contains("    wave: 2\n    endpoint: "
                               "db.c9akciq32.us-east-1.rds.amazonaws.com:5432\n"),
                 text.constData());
        Plan loaded;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(text, QStringLiteral("x.ferry.yaml"), &loaded, &e),
                 qPrintable(e.toString()));
        QCOMPARE(loaded, p);
        QCOMPARE(PlanFile::toYaml(loaded), text);

        // The application databases: a sorted list after the endpoint, absent when empty.
        QVERIFY(text.indexOf("databases") < 0);
        m.databases = {QStringLiteral("billing"), QStringLiteral("shop")};
        p.setMapping(m);
        const QByteArray withDatabases = PlanFile::toYaml(p);
        QVERIFY2(withDatabases.contains("5432\n    databases:\n      - billing\n      - shop\n"),
                 withDatabases.constData());
        QVERIFY2(PlanFile::fromYaml(withDatabases, QStringLiteral("x.ferry.yaml"), &loaded, &e),
                 qPrintable(e.toString()));
        QCOMPARE(loaded.mappings.begin()->second.databases, m.databases);
        QCOMPARE(PlanFile::toYaml(loaded), withDatabases);

        // Further targets: a sorted list after the databases, absent when empty (older plans
        // keep their bytes); the mapping's own service is never written among them.
        QVERIFY(withDatabases.indexOf("also") < 0);
        m.alsoServices = {QStringLiteral("aws_ecr_repository"), QStringLiteral("aws_s3_bucket")};
        p.setMapping(m);
        const QByteArray withAlso = PlanFile::toYaml(p);
        QVERIFY2(withAlso.contains("      - shop\n    also:\n      - aws_ecr_repository\n      - "
                                   "aws_s3_bucket\n"),
                 withAlso.constData());
        QVERIFY2(PlanFile::fromYaml(withAlso, QStringLiteral("x.ferry.yaml"), &loaded, &e),
                 qPrintable(e.toString()));
        QCOMPARE(loaded.mappings.begin()->second.alsoServices, m.alsoServices);
        QCOMPARE(PlanFile::toYaml(loaded), withAlso);
        m.alsoServices.append(m.targetService);
        p.setMapping(m);
        QCOMPARE(p.mappings.begin()->second.alsoServices.size(), 2);
        p.mappings.begin()->second.alsoServices.append(m.targetService); // around setMapping
        QCOMPARE(PlanFile::toYaml(p), withAlso);
    }

    /// The organization's optional fields (#14): an existing account's id, the root e-mail,
    /// the roles, an OU's policies; absent when empty, so older plans read and write as before.
    void organizationFieldsRoundTrip()
    {
        Plan p = samplePlan();
        const QByteArray plain = PlanFile::toYaml(p);
        QVERIFY(plain.indexOf("aws_account_id") < 0 && plain.indexOf("roles") < 0 &&
                plain.indexOf("policies") < 0);
        Account &a = p.organization.accounts.first();
        a.awsAccountId = QStringLiteral("012345678901");
        a.email = QStringLiteral("aws-prod@example.com");
        a.roles = {QStringLiteral("administrator"), QStringLiteral("read-only")};
        p.organization.units.first().policies = {QStringLiteral("deny-leaving-organization")};
        const QByteArray text = PlanFile::toYaml(p);
        QVERIFY2(text.contains("      aws_account_id: \"012345678901\"\n") ||
                     text.contains("      aws_account_id: 012345678901\n"),
                 text.constData());
        QVERIFY2(text.contains("      roles:\n        - administrator\n        - read-only\n"),
                 text.constData());
        Plan loaded;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(text, QStringLiteral("x.ferry.yaml"), &loaded, &e),
                 qPrintable(e.toString()));
        QCOMPARE(loaded, p);
        QCOMPARE(loaded.organization.accounts.first().awsAccountId, QStringLiteral("012345678901"));
        QCOMPARE(PlanFile::toYaml(loaded), text);
    }

    /// A DigitalOcean account (#14): `cloud: digitalocean` is written for it alone, so plans of
    /// AWS accounts read and write byte for byte as before, and it reads back as written.
    void digitalOceanAccountRoundTrips()
    {
        Plan p = samplePlan();
        Account team;
        team.id = QStringLiteral("do-production");
        team.name = QStringLiteral("DO production");
        team.environment = Environment::Production;
        team.region = QStringLiteral("ams3");
        team.cloud = TargetCloud::DigitalOcean;
        p.organization.accounts.append(team);
        const QByteArray text = PlanFile::toYaml(p);
        QVERIFY2(text.contains("    - id: do-production\n      name: \"DO production\"\n"
                               "      environment: production\n      region: ams3\n"
                               "      cloud: digitalocean\n"),
                 text.constData());
        QCOMPARE(text.count("cloud:"), 1);
        Plan loaded;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(text, QStringLiteral("x.ferry.yaml"), &loaded, &e),
                 qPrintable(e.toString()));
        QCOMPARE(loaded.organization.account(QStringLiteral("do-production"))->cloud,
                 TargetCloud::DigitalOcean);
        QCOMPARE(loaded.organization.accounts.first().cloud, TargetCloud::Aws);
        QCOMPARE(PlanFile::toYaml(loaded), text);
    }

    void yamlCppReadsEverythingAsWritten()
    {
        const QByteArray text = PlanFile::toYaml(samplePlan());
        const YAML::Node root = YAML::Load(text.toStdString());
        QCOMPARE(root["ferry_plan"].as<int>(), 1);
        QCOMPARE(QString::fromStdString(root["resources"][1]["name"].Scalar()),
                 QStringLiteral("true"));
        QCOMPARE(root["resources"][1]["name"].Tag(), std::string("!")); // quoted, not a bool
        QCOMPARE(QString::fromStdString(root["name"].as<std::string>()),
                 QStringLiteral("Tricky: \"quotes\", #hash, é, 日本"));
    }

    void outputIsSortedById()
    {
        const QByteArray text = PlanFile::toYaml(samplePlan());
        QVERIFY(text.indexOf("do:droplet:3164444") < text.indexOf("tf:module.web"));
    }

    void exampleRoundTrips()
    {
        const QString path = QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml");
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        Plan p;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(bytes, path, &p, &e), qPrintable(e.toString()));
        QVERIFY(p.inventory.resources.size() > 20);
        QCOMPARE(PlanFile::toYaml(p), bytes);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("ferry_plan: 1\nname: [unclosed\n") << 3 << 1
                                << QString();
        QTest::newRow("no version")
            << QByteArray("name: x\n") << 1 << 1 << QStringLiteral("ferry_plan");
        QTest::newRow("future version")
            << QByteArray("ferry_plan: 9\n") << 1 << 13 << QStringLiteral("version 9");
        QTest::newRow("short AWS account id")
            << QByteArray("ferry_plan: 1\norganization:\n  accounts:\n    - id: prod\n"
                          "      aws_account_id: 12345\n")
            << 5 << 23 << QStringLiteral("12 digits");
        QTest::newRow("unknown cloud")
            << QByteArray("ferry_plan: 1\norganization:\n  accounts:\n    - id: prod\n"
                          "      cloud: azure\n")
            << 5 << 14 << QStringLiteral("unknown cloud 'azure'");
        QTest::newRow("DigitalOcean account with an AWS account id")
            << QByteArray("ferry_plan: 1\norganization:\n  accounts:\n    - id: prod\n"
                          "      cloud: digitalocean\n      aws_account_id: \"012345678901\"\n")
            << 4 << 7 << QStringLiteral("in DigitalOcean");
        // A region reaches runbook commands (some inside double quotes): region characters only.
        QTest::newRow("account region with a command in it")
            << QByteArray("ferry_plan: 1\norganization:\n  accounts:\n    - id: prod\n"
                          "      region: \"us-east-1$(touch x)\"\n")
            << 5 << 15 << QStringLiteral("is not a region");
        QTest::newRow("unknown policy")
            << QByteArray("ferry_plan: 1\norganization:\n  units:\n    - id: w\n"
                          "      policies: [deny-everything]\n")
            << 5 << 17 << QStringLiteral("deny-everything");
        QTest::newRow("bad strategy")
            << QByteArray(
                   "ferry_plan: 1\nresources:\n  - id: a\n    type: aws_instance\nmappings:\n"
                   "  - resource: a\n    account: production\n    strategy: teleport\n")
            << 8 << 15 << QStringLiteral("teleport");
        QTest::newRow("unknown account")
            << QByteArray(
                   "ferry_plan: 1\nresources:\n  - id: a\n    type: aws_instance\nmappings:\n"
                   "  - resource: a\n    account: nowhere\n")
            << 6 << 5 << QStringLiteral("nowhere");
        QTest::newRow("duplicate id")
            << QByteArray(
                   "ferry_plan: 1\nresources:\n  - id: a\n    type: t\n  - id: a\n    type: t\n")
            << 5 << 5 << QStringLiteral("duplicate");
        QTest::newRow("wave not a number")
            << QByteArray("ferry_plan: 1\nresources:\n  - id: a\n    type: t\nmappings:\n"
                          "  - resource: a\n    account: production\n    wave: soon\n")
            << 8 << 11 << QStringLiteral("whole number");
        QTest::newRow("endpoint with a user")
            << QByteArray("ferry_plan: 1\nresources:\n  - id: a\n    type: t\nmappings:\n"
                          "  - resource: a\n    account: production\n    endpoint: app:pw@db\n")
            << 8 << 15 << QStringLiteral("host:port");
        QTest::newRow("further target not a Terraform type")
            << QByteArray("ferry_plan: 1\nresources:\n  - id: a\n    type: t\nmappings:\n"
                          "  - resource: a\n    account: production\n    also: [S3 bucket]\n")
            << 8 << 11 << QStringLiteral("'S3 bucket' in also is not a Terraform type");
        QTest::newRow("further target is the mapping's own service")
            << QByteArray("ferry_plan: 1\norganization:\n  accounts:\n    - id: production\n"
                          "resources:\n  - id: a\n    type: t\nmappings:\n"
                          "  - resource: a\n    account: production\n    service: aws_instance\n"
                          "    also: [aws_s3_bucket, aws_instance]\n")
            << 9 << 5 << QStringLiteral("names its service 'aws_instance' in also too");
        QTest::newRow("not a mapping")
            << QByteArray("- just\n- a list\n") << 1 << 1 << QStringLiteral("mapping");
        QTest::newRow("check with a password")
            << QByteArray("ferry_plan: 1\nchecks:\n  - id: db\n    kind: postgres\n"
                          "    target: postgresql://app:hunter2@db.example.com/app\n")
            << 3 << 5 << QStringLiteral("password_env");
        QTest::newRow("check with password=")
            << QByteArray("ferry_plan: 1\nchecks:\n  - id: db\n    kind: postgres\n"
                          "    target: host=db user=app password=hunter2\n")
            << 3 << 5 << QStringLiteral("holds a password");
        QTest::newRow("data check with a password in target_database")
            << QByteArray("ferry_plan: 1\nchecks:\n  - id: d\n    kind: data\n"
                          "    target: postgresql://app@old/app\n    expect:\n"
                          "      target_database: postgresql://app:hunter2@new/app\n")
            << 3 << 5 << QStringLiteral("target_database holds a password");
        QTest::newRow("replication check with a password in subscriber")
            << QByteArray("ferry_plan: 1\nchecks:\n  - id: r\n    kind: replication\n"
                          "    target: postgresql://app@old/app\n    expect:\n"
                          "      subscriber: host=new password=hunter2\n")
            << 3 << 5 << QStringLiteral("subscriber holds a password");
        QTest::newRow("unknown check kind")
            << QByteArray("ferry_plan: 1\nchecks:\n  - id: x\n    kind: ping\n    target: a\n") << 4
            << 11 << QStringLiteral("ping");
    }

    void checksRoundTrip()
    {
        Plan p = samplePlan();
        Check tls;
        tls.id = QStringLiteral("tls:shop.example.com:443");
        tls.kind = CheckKind::Tls;
        tls.target = QStringLiteral("shop.example.com:443");
        tls.side = QStringLiteral("target");
        tls.expect.insert(QStringLiteral("min_days"), QStringLiteral("30"));
        Check db;
        db.id = QStringLiteral("postgres:orders");
        db.kind = CheckKind::Postgres;
        db.target = QStringLiteral("postgresql://app@db.example.com/app?sslmode=verify-full");
        db.timeoutSeconds = 20;
        db.expect.insert(QStringLiteral("password_env"), QStringLiteral("ORDERS_DB_PASSWORD"));
        p.checks.emplace(tls.id, tls);
        p.checks.emplace(db.id, db);
        Plan withData = p;
        Check data;
        data.id = QStringLiteral("data:orders");
        data.kind = CheckKind::Data;
        data.target = QStringLiteral("postgresql://app@old/app");
        data.expect.insert(QStringLiteral("target_database"),
                           QStringLiteral("postgresql://app@new/app"));
        Check rep = data;
        rep.id = QStringLiteral("replication:orders");
        rep.kind = CheckKind::Replication;
        rep.expect = {{QStringLiteral("subscriber"), QStringLiteral("postgresql://app@new/app")}};
        withData.checks.emplace(data.id, data);
        withData.checks.emplace(rep.id, rep);
        {
            const QByteArray y = PlanFile::toYaml(withData);
            QVERIFY(y.contains("  - id: data:orders\n    kind: data\n"));
            QVERIFY(y.contains("  - id: replication:orders\n    kind: replication\n"));
            Plan back;
            FileError e;
            QVERIFY2(PlanFile::fromYaml(y, QStringLiteral("d.ferry.yaml"), &back, &e),
                     qPrintable(e.toString()));
            QCOMPARE(back, withData);
        }
        const QByteArray yaml = PlanFile::toYaml(p);
        // Written by hand from docs/plan-format.md: sorted by id, defaults left out, scalars
        // quoted where a YAML reader would take them for something else ("30" is a string).
        QVERIFY2(yaml.endsWith(
                     "checks:\n"
                     "  - id: postgres:orders\n"
                     "    kind: postgres\n"
                     "    target: \"postgresql://app@db.example.com/app?sslmode=verify-full\"\n"
                     "    timeout: 20\n"
                     "    expect:\n"
                     "      password_env: ORDERS_DB_PASSWORD\n"
                     "  - id: tls:shop.example.com:443\n"
                     "    kind: tls\n"
                     "    target: shop.example.com:443\n"
                     "    side: target\n"
                     "    expect:\n"
                     "      min_days: \"30\"\n"),
                 yaml.constData());
        Plan back;
        FileError e;
        QVERIFY2(PlanFile::fromYaml(yaml, QStringLiteral("c.ferry.yaml"), &back, &e),
                 qPrintable(e.toString()));
        QCOMPARE(back, p);
        QCOMPARE(PlanFile::toYaml(back), yaml);
        // A plan without checks has no checks key at all (older files keep their bytes).
        QVERIFY(!PlanFile::toYaml(samplePlan()).contains("checks:"));
        // A password put into a check by code is refused at save time, and nothing is written.
        Check bad = db;
        bad.id = QStringLiteral("bad");
        bad.target = QStringLiteral("host=db password=hunter2");
        p.checks.emplace(bad.id, bad);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ferry.yaml"));
        QVERIFY(!PlanFile::save(p, path, &e));
        QVERIFY(e.message.contains(QLatin1String("password")));
        QVERIFY(!QFile::exists(path));
    }

    void malformed()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        Plan p = samplePlan();
        const Plan before = p;
        FileError e;
        QVERIFY(!PlanFile::fromYaml(yaml, QStringLiteral("bad.ferry.yaml"), &p, &e));
        QCOMPARE(e.file, QStringLiteral("bad.ferry.yaml"));
        QCOMPARE(e.line, line);
        QCOMPARE(e.column, column);
        QVERIFY2(e.message.contains(message), qPrintable(e.message));
        QVERIFY(e.toString().startsWith(
            QStringLiteral("bad.ferry.yaml:%1:%2: ").arg(line).arg(column)));
        QCOMPARE(p, before); // the open plan is left as it was
    }

    void truncatedFilesNeverCrash()
    {
        const QByteArray full = PlanFile::toYaml(samplePlan());
        for (qsizetype n = 0; n < full.size(); n += 7) {
            Plan p;
            FileError e;
            const bool ok = PlanFile::fromYaml(full.left(n), QStringLiteral("t"), &p, &e);
            // Either a valid prefix (cut at a line end) or a located error — never a crash.
            QVERIFY2(ok || (!e.message.isEmpty() && e.file == QLatin1String("t")),
                     qPrintable(QString::number(n)));
        }
    }

    void saveIsAtomicAndReadable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.ferry.yaml"));
        FileError e;
        QVERIFY(PlanFile::save(samplePlan(), path, &e));
        Plan loaded;
        QVERIFY(PlanFile::load(path, &loaded, &e));
        QCOMPARE(loaded, samplePlan());
        QVERIFY(
            !PlanFile::save(samplePlan(), dir.filePath(QStringLiteral("missing/dir/p.yaml")), &e));
        QVERIFY(!e.message.isEmpty());
    }

    void noSecretsInPlanFiles()
    {
        // A resource never carries secrets, but check the writer does not invent any either.
        const QByteArray text = PlanFile::toYaml(samplePlan());
        QVERIFY(!text.contains("password"));
    }
};

QTEST_GUILESS_MAIN(TestPlanFile)
#include "tst_planfile.moc"
