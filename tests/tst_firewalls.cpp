// SPDX-License-Identifier: MIT
// Firewall rules from the source to the target: the plan's text (FirewallRules), the importers
// that write it (DigitalOcean API bodies, Terraform state v4 and v3), and the AWS export that
// wires each source to what it became. Expected texts were written from the inputs by hand.
#include "digitaloceanimporter.h"
#include "firewallrules.h"
#include "mappingrules.h"
#include "plan.h"
#include "terraformexport.h"
#include "tfstateimporter.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;

namespace {

QString data(const QString &name)
{
    return QStringLiteral(SRCDIR "data/real/") + name;
}

bool hasEdge(const Inventory &inv, const QString &from, const QString &to, const QString &why)
{
    for (const Dependency &d : inv.dependencies)
        if (d.from == from && d.to == to && d.reason == why)
            return true;
    return false;
}

Resource resource(const char *id, const char *type, const char *name, const char *nativeId)
{
    Resource r;
    r.id = QString::fromLatin1(id);
    r.type = QString::fromLatin1(type);
    r.provider = QStringLiteral("digitalocean");
    r.name = QString::fromLatin1(name);
    r.attributes.insert(QStringLiteral("provider_id"), QString::fromLatin1(nativeId));
    return r;
}

/// The block `resource "TYPE" "LABEL" {…}` of `main`, or empty.
QString block(const QString &main, const QString &type, const QString &label)
{
    const QString head = QStringLiteral("resource \"%1\" \"%2\" {\n").arg(type, label);
    const qsizetype at = main.indexOf(head);
    if (at < 0)
        return QString();
    return main.mid(at, main.indexOf(QStringLiteral("\n}\n"), at) + 3 - at);
}

} // namespace

class TestFirewalls : public QObject
{
    Q_OBJECT
private slots:
    void rulesText()
    {
        using K = FirewallSource::Kind;
        QStringList problems;
        const QList<FirewallRule> rules = FirewallRules::parse(
            QStringLiteral("tcp 22 from 0.0.0.0/0, ::/0; udp all from tag:k8s:abc; "
                           "icmp from self, droplet:7; tcp 70000 from 1.2.3.4; "
                           "smtp 25 from 1.2.3.4; tcp 80 from ; icmp 8 from 1.2.3.4"),
            &problems);
        QCOMPARE(rules.size(), 3);
        QCOMPARE(rules[0].protocol, QStringLiteral("tcp"));
        QCOMPARE(rules[0].fromPort, 22);
        QCOMPARE(rules[0].toPort, 22);
        QCOMPARE(rules[0].sources, (QList<FirewallSource>{{K::Address, QStringLiteral("0.0.0.0/0")},
                                                          {K::Address, QStringLiteral("::/0")}}));
        QVERIFY(rules[1].allPorts());
        // A tag is split at its first colon only: DigitalOcean tags hold colons.
        QCOMPARE(rules[1].sources, (QList<FirewallSource>{{K::Tag, QStringLiteral("k8s:abc")}}));
        QCOMPARE(rules[2].sources,
                 (QList<FirewallSource>{{K::Self, QString()}, {K::Droplet, QStringLiteral("7")}}));
        // A port past 65535, an unknown protocol, no source, ports on ICMP: refused, by text.
        QCOMPARE(problems,
                 (QStringList{QStringLiteral("tcp 70000 from 1.2.3.4"),
                              QStringLiteral("smtp 25 from 1.2.3.4"), QStringLiteral("tcp 80 from"),
                              QStringLiteral("icmp 8 from 1.2.3.4")}));
        QCOMPARE(FirewallRules::format(rules),
                 QStringLiteral("tcp 22 from 0.0.0.0/0, ::/0; udp all from tag:k8s:abc; icmp from "
                                "self, droplet:7"));

        FirewallRule r;
        r.protocol = QStringLiteral("tcp");
        QVERIFY(FirewallRules::setPorts(&r, QStringLiteral("8000-9000")));
        QCOMPARE(r.fromPort, 8000);
        QCOMPARE(r.toPort, 9000);
        for (const char *all : {"0", "all", "", "1-65535"}) {
            QVERIFY(FirewallRules::setPorts(&r, QString::fromLatin1(all)));
            QVERIFY2(r.allPorts(), all);
        }
        for (const char *bad : {"9000-8000", "0-80", "80,443", "http", "65536"})
            QVERIFY2(!FirewallRules::setPorts(&r, QString::fromLatin1(bad)), bad);

        // Values that would break the text (or a terminal) are left out when written.
        r.sources = {{K::Tag, QStringLiteral("a;b")},
                     {K::Tag, QStringLiteral("a b")},
                     {K::Droplet, QStringLiteral("1\x1b")},
                     {K::Droplet, QStringLiteral("2")}};
        QCOMPARE(FirewallRules::format({r}), QStringLiteral("tcp all from droplet:2"));
        r.sources.resize(3);
        QCOMPARE(FirewallRules::format({r}), QString());

        FirewallSource s;
        QVERIFY(FirewallRules::sourceFor(QStringLiteral("source_load_balancer_uids"),
                                         QStringLiteral("u1"), &s));
        QCOMPARE(s, (FirewallSource{K::LoadBalancer, QStringLiteral("u1")}));
        QVERIFY(FirewallRules::sourceFor(QStringLiteral("k8s"), QStringLiteral("c1"), &s));
        QCOMPARE(s.kind, K::Kubernetes);
        QVERIFY(
            !FirewallRules::sourceFor(QStringLiteral("prefix_list_ids"), QStringLiteral("p"), &s));
        QVERIFY(!FirewallRules::sourceFor(QStringLiteral("droplet"), QStringLiteral(" "), &s));
    }

    /// droplet_kit's firewalls fixture: an ICMP rule from a cluster, a load balancer and a tag,
    /// and TCP 8000-9000 from anywhere (its `ports: "0"` on ICMP means no ports).
    void digitalOceanApiFirewall()
    {
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(DigitalOceanImporter().read(data(QStringLiteral("dropletkit_firewalls.json")),
                                             &inv, &report, &e),
                 qPrintable(e.toString()));
        const Resource &fw =
            inv.resources.at(QStringLiteral("do:firewall:11d87802-df17-4f8f-a691-58e408570c12"));
        QCOMPARE(fw.attributes.value(QStringLiteral("inbound_rules")),
                 QStringLiteral("icmp from kubernetes:20efb1a7-1f04-4486-87aa-5f5114e6aae9, "
                                "load_balancer:d2d3920a-9d45-41b0-b018-d15e18ec60a4, tag:backend; "
                                "tcp 8000-9000 from 0.0.0.0/0"));
    }

    /// `GET /v2/databases/{uuid}/firewall` bodies (rules with cluster_uuid, type, value) become
    /// the cluster's trusted sources, with an edge from each source resource found.
    void digitalOceanApiTrustedSources()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("do.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"databases":[{"id":"db1","name":"main","engine":"pg"}],
"droplets":[{"id":5,"name":"web","tags":["web"]},{"id":6,"name":"worker","tags":["web"]}],
"rules":[{"uuid":"r1","cluster_uuid":"db1","type":"droplet","value":"5"},
         {"uuid":"r2","cluster_uuid":"db1","type":"tag","value":"web"},
         {"uuid":"r3","cluster_uuid":"db1","type":"ip_addr","value":"192.0.2.10"},
         {"uuid":"r4","cluster_uuid":"other","type":"ip_addr","value":"192.0.2.11"}]})");
        f.close();
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(DigitalOceanImporter().read(f.fileName(), &inv, &report, &e),
                 qPrintable(e.toString()));
        QCOMPARE(inv.resources.size(), size_t(3)); // rules are no resources
        QCOMPARE(inv.resources.at(QStringLiteral("do:dbaas:db1"))
                     .attributes.value(QStringLiteral("trusted_sources")),
                 QStringLiteral("droplet:5, tag:web, 192.0.2.10"));
        const QString why = QStringLiteral("database trusted source");
        QVERIFY(hasEdge(inv, QStringLiteral("do:droplet:5"), QStringLiteral("do:dbaas:db1"), why));
        QVERIFY(hasEdge(inv, QStringLiteral("do:droplet:6"), QStringLiteral("do:dbaas:db1"), why));
    }

    /// Terraform state v4: digitalocean_firewall's inbound_rule blocks with their source lists,
    /// and digitalocean_database_firewall's rule blocks, related to their cluster.
    void tfstateDigitalOceanRules()
    {
        const QByteArray state = R"({"version":4,"resources":[
{"mode":"managed","type":"digitalocean_droplet","name":"web","provider":"p","instances":[
 {"attributes":{"id":"101","name":"web","tags":["web"]}}]},
{"mode":"managed","type":"digitalocean_firewall","name":"fw","provider":"p","instances":[
 {"attributes":{"id":"fw1","name":"fw","droplet_ids":[101],"inbound_rule":[
  {"protocol":"tcp","port_range":"22","source_addresses":["0.0.0.0/0","::/0"],
   "source_droplet_ids":[],"source_tags":[]},
  {"protocol":"tcp","port_range":"all","source_addresses":[],"source_droplet_ids":[101],
   "source_load_balancer_uids":["lb1"],"source_tags":["web"]},
  {"protocol":"tcp","port_range":"http","source_addresses":["1.2.3.4"]},
  {"protocol":"icmp","port_range":"","source_addresses":["10.0.0.0/8"]}]}}]},
{"mode":"managed","type":"digitalocean_database_cluster","name":"db","provider":"p","instances":[
 {"attributes":{"id":"db1","name":"db","engine":"pg"}}]},
{"mode":"managed","type":"digitalocean_database_firewall","name":"dbfw","provider":"p","instances":[
 {"attributes":{"id":"dbfw1","cluster_id":"db1","rule":[
  {"type":"droplet","value":"101"},{"type":"ip_addr","value":"192.0.2.1"}]}}]}]})";
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().readData(state, QStringLiteral("s.tfstate"), &inv, &report, &e),
                 qPrintable(e.toString()));
        const Resource &fw = inv.resources.at(QStringLiteral("tf:digitalocean_firewall.fw"));
        // The rule on port "http" is not understood: left out.
        QCOMPARE(fw.attributes.value(QStringLiteral("inbound_rules")),
                 QStringLiteral("tcp 22 from 0.0.0.0/0, ::/0; tcp all from droplet:101, "
                                "load_balancer:lb1, tag:web; icmp from 10.0.0.0/8"));
        QVERIFY(!fw.attributes.contains(QStringLiteral("inbound_ports")));
        const Resource &dbfw =
            inv.resources.at(QStringLiteral("tf:digitalocean_database_firewall.dbfw"));
        QCOMPARE(dbfw.attributes.value(QStringLiteral("trusted_sources")),
                 QStringLiteral("droplet:101, 192.0.2.1"));
        const QString web = QStringLiteral("tf:digitalocean_droplet.web");
        QVERIFY(hasEdge(inv, web, fw.id, QStringLiteral("firewall inbound rule source")));
        QVERIFY(hasEdge(inv, web, dbfw.id, QStringLiteral("database trusted source")));
        QVERIFY(hasEdge(inv, dbfw.id, QStringLiteral("tf:digitalocean_database_cluster.db"),
                        QStringLiteral("database firewall of cluster")));
    }

    /// Terraform state v3 (flatmap, set elements keyed by hash): an AWS account's security
    /// groups keep their ingress rules, by group id (inframap's version_3_state.json).
    void tfstateV3SecurityGroups()
    {
        Inventory inv;
        ImportReport report;
        FileError e;
        QVERIFY2(TfStateImporter().read(data(QStringLiteral("aws_inframap_version_3_state.json")),
                                        &inv, &report, &e),
                 qPrintable(e.toString()));
        auto rules = [&](const char *name) {
            return inv.resources
                .at(QStringLiteral("tf:module.cycloid.aws_security_group.") + QLatin1String(name))
                .attributes.value(QStringLiteral("inbound_rules"));
        };
        QCOMPARE(rules("batch"), QStringLiteral("tcp 2222 from 0.0.0.0/0; tcp 80 from "
                                                "security_group:sg-815549fb"));
        QCOMPARE(rules("rds-website"), QStringLiteral("tcp 3306 from security_group:sg-e755499d, "
                                                      "security_group:sg-f7574b8d"));
        QVERIFY(hasEdge(inv, QStringLiteral("tf:module.cycloid.aws_security_group.alb-front"),
                        QStringLiteral("tf:module.cycloid.aws_security_group.batch"),
                        QStringLiteral("firewall inbound rule source")));
    }

    /// The export wires each source to what it became: the group of a protected droplet, an
    /// unprotected instance's private address, a cluster's group, itself for `self`; addresses
    /// as network CIDRs; a source elsewhere or unknown as a TODO, never a guess.
    void exportWiresSources()
    {
        Plan p;
        Resource web = resource("do:droplet:1", "digitalocean_droplet", "web", "1");
        web.tags.insert(QStringLiteral("web"), QString());
        Resource worker = resource("do:droplet:2", "digitalocean_droplet", "worker", "2");
        worker.tags.insert(QStringLiteral("web"), QString());
        p.inventory.add(web);
        p.inventory.add(worker);
        p.inventory.add(resource("do:droplet:3", "digitalocean_droplet", "batch", "3"));
        p.inventory.add(resource("do:kubernetes:k1", "digitalocean_kubernetes_cluster", "k", "k1"));
        Resource fw = resource("do:firewall:f1", "digitalocean_firewall", "web's firewall", "f1");
        fw.attributes.insert(
            QStringLiteral("inbound_rules"),
            QStringLiteral(
                "tcp 22 from 203.0.113.7, 10.1.2.3/16, 2001:db8::1; tcp 80 from tag:web, "
                "droplet:1; tcp 443 from droplet:2; udp 53 from droplet:3; "
                "tcp 9000-9100 from kubernetes:k1, droplet:99; icmp from self; "
                "all from not-an-address"));
        p.inventory.add(fw);
        Resource db = resource("do:dbaas:d1", "digitalocean_database_cluster", "main", "d1");
        db.attributes.insert(QStringLiteral("engine"), QStringLiteral("pg"));
        db.attributes.insert(QStringLiteral("trusted_sources"),
                             QStringLiteral("droplet:2, 192.0.2.10"));
        p.inventory.add(db);
        // The firewall protects web (as the importers relate them); worker is its rule's source.
        p.inventory.addDependency(fw.id, web.id, DependencyKind::Network,
                                  QStringLiteral("firewall droplet_ids"));
        p.inventory.addDependency(worker.id, fw.id, DependencyKind::Network,
                                  QStringLiteral("firewall inbound rule source"));
        p.inventory.sortDependencies();
        for (const auto &[id, r] : p.inventory.resources)
            p.setMapping({id, QStringLiteral("production"),
                          MappingRules::builtIn().suggest(r).service, Strategy::Rehost, 1});
        p.setMapping({QStringLiteral("do:droplet:3"), QStringLiteral("staging"),
                      QStringLiteral("aws_instance"), Strategy::Rehost, 1});
        const QString main =
            TerraformExport::generate(p).value(QStringLiteral("production/main.tf"));
        const QString sg =
            block(main, QStringLiteral("aws_security_group"), QStringLiteral("web_s_firewall"));
        QVERIFY2(!sg.isEmpty(), qPrintable(main));
        // EC2's character set: no apostrophe in a group's name.
        QVERIFY2(sg.contains(QStringLiteral("  name        = \"web-s firewall\"\n")),
                 qPrintable(sg));
        QVERIFY2(!sg.contains(QStringLiteral("ingress")), qPrintable(sg));
        // web is a member of the group; worker, only its rule's source, is not.
        QVERIFY2(block(main, QStringLiteral("aws_instance"), QStringLiteral("web"))
                     .contains(QStringLiteral(
                         "vpc_security_group_ids = [aws_security_group.web_s_firewall.id]")),
                 qPrintable(main));
        QVERIFY2(!block(main, QStringLiteral("aws_instance"), QStringLiteral("worker"))
                      .contains(QStringLiteral("vpc_security_group_ids")),
                 qPrintable(main));

        auto rule = [&](int n) {
            return block(main, QStringLiteral("aws_vpc_security_group_ingress_rule"),
                         QStringLiteral("web_s_firewall_in_") + QString::number(n));
        };
        auto has = [&](int n, const QString &text) {
            return rule(n).contains(text);
        };
        const QString ref = QStringLiteral("referenced_security_group_id = ");
        QVERIFY2(has(1, QStringLiteral("cidr_ipv4         = \"203.0.113.7/32\"")),
                 qPrintable(rule(1)));
        QVERIFY2(has(1, QStringLiteral("from_port         = 22\n")), qPrintable(rule(1)));
        // Host bits cleared: the provider takes network addresses only.
        QVERIFY2(has(2, QStringLiteral("cidr_ipv4         = \"10.1.0.0/16\"")),
                 qPrintable(rule(2)));
        QVERIFY2(has(3, QStringLiteral("cidr_ipv6         = \"2001:db8::1/128\"")),
                 qPrintable(rule(3)));
        // tag:web is web (a member of the group) and worker (an instance of no group); droplet:1
        // is web again, written once: AWS refuses a duplicate rule.
        QVERIFY2(has(4, ref + QStringLiteral("aws_security_group.web_s_firewall.id")),
                 qPrintable(rule(4)));
        QVERIFY2(
            has(5, QStringLiteral("cidr_ipv4         = \"${aws_instance.worker.private_ip}/32\"")),
            qPrintable(rule(5)));
        QVERIFY2(has(6, QStringLiteral("from_port         = 443\n")) &&
                     has(6, QStringLiteral("${aws_instance.worker.private_ip}/32")),
                 qPrintable(rule(6)));
        QVERIFY2(has(7, QStringLiteral("from_port                    = 9000\n")) &&
                     has(7, ref + QStringLiteral("aws_eks_cluster.production_eks.vpc_config[0]."
                                                 "cluster_security_group_id")),
                 qPrintable(rule(7)));
        QVERIFY2(has(8, QStringLiteral("ip_protocol                  = \"icmp\"\n  from_port       "
                                       "             = -1\n")) &&
                     has(8, ref + QStringLiteral("aws_security_group.web_s_firewall.id")),
                 qPrintable(rule(8)));
        QVERIFY2(rule(9).isEmpty(), qPrintable(rule(9)));
        // What could not be wired is said, with the rule it came from.
        QVERIFY2(
            main.contains(QStringLiteral("# TODO: web_s_firewall: udp 53 from droplet:3: Droplet "
                                         "\"batch\" moves to account staging")),
            qPrintable(main));
        QVERIFY2(
            main.contains(QStringLiteral("# TODO: web_s_firewall: tcp 9000-9100 from droplet:99: "
                                         "names no resource of the plan")),
            qPrintable(main));
        QVERIFY2(
            main.contains(QStringLiteral("# TODO: web_s_firewall: all from not-an-address: not "
                                         "an address Ferry can read")),
            qPrintable(main));
        QVERIFY2(block(main, QStringLiteral("aws_vpc_security_group_egress_rule"),
                       QStringLiteral("web_s_firewall_out"))
                     .contains(QStringLiteral("ip_protocol       = \"-1\"")),
                 qPrintable(main));

        // The database's trusted sources: a group of its own on PostgreSQL's port.
        const QString rds = block(main, QStringLiteral("aws_db_instance"), QStringLiteral("main"));
        QVERIFY2(rds.contains(QStringLiteral(
                     "vpc_security_group_ids    = [aws_security_group.main_clients.id]")),
                 qPrintable(rds));
        const QString clients =
            block(main, QStringLiteral("aws_security_group"), QStringLiteral("main_clients"));
        QVERIFY2(clients.contains(QStringLiteral("Name           = \"main-clients\"\n")) &&
                     clients.contains(QStringLiteral("\"ferry:source\" = ")),
                 qPrintable(main));
        const QString first = block(main, QStringLiteral("aws_vpc_security_group_ingress_rule"),
                                    QStringLiteral("main_clients_in_1"));
        QVERIFY2(first.contains(QStringLiteral("from_port         = 5432\n")) &&
                     first.contains(QStringLiteral("${aws_instance.worker.private_ip}/32")),
                 qPrintable(first));
        QVERIFY2(block(main, QStringLiteral("aws_vpc_security_group_ingress_rule"),
                       QStringLiteral("main_clients_in_2"))
                     .contains(QStringLiteral("cidr_ipv4         = \"192.0.2.10/32\"")),
                 qPrintable(main));
    }
};

QTEST_GUILESS_MAIN(TestFirewalls)
#include "tst_firewalls.moc"
