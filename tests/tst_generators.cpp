// SPDX-License-Identifier: MIT
// Runbook and Terraform generation: golden files (reviewed by hand when written, see
// tests/data/golden/README.md) plus rule checks that do not depend on the golden files.
#include "engineversions.h"
#include "goldenplans.h"
#include "hclwriter.h"
#include "instancesizes.h"
#include "landingzone.h"
#include "mappingrules.h"
#include "planfile.h"
#include "runbookgenerator.h"
#include "runbookmarkdown.h"
#include "selector.h"
#include "terraformexport.h"

#include <QDirIterator>
#include <QRegularExpression>
#include <QTest>

#include <set>

using namespace Ferry;
using Ferry::Test::goldenPlan;

namespace {

Plan example()
{
    Plan p;
    FileError e;
    if (!PlanFile::load(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"), &p, &e))
        qFatal("%s", qPrintable(e.toString()));
    return p;
}

QString golden(const QString &relative, const QString &plan = QStringLiteral("example"))
{
    QFile f(QStringLiteral(SRCDIR "data/golden/%1/").arg(plan) + relative);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("<missing golden file %1>").arg(relative);
    return QString::fromUtf8(f.readAll());
}

} // namespace

class TestGenerators : public QObject
{
    Q_OBJECT
private slots:
    void runbookGolden()
    {
        const QString md = RunbookMarkdown::generate(example(), QDate(2026, 11, 21));
        QCOMPARE(md, golden(QStringLiteral("runbook.md")));
    }

    void runbookRules()
    {
        const Plan p = example();
        const QString md = RunbookMarkdown::generate(p, QDate(2026, 11, 21));
        // All seven phases, in order.
        qsizetype pos = 0;
        for (const char *phase :
             {"## 1. Preparation", "## 2. Week before", "## 3. Day before", "## 4. Cutover",
              "## 5. Verification", "## 6. Rollback", "## 7. Cleanup"}) {
            const qsizetype at = md.indexOf(QLatin1String(phase));
            QVERIFY2(at > pos, phase);
            pos = at;
        }
        // Every "undone by 6.N" names a rollback step that exists, each named once.
        const QString cutover =
            md.section(QStringLiteral("## 4. Cutover"), 1).section(QStringLiteral("## 5."), 0, 0);
        const QString rollback =
            md.section(QStringLiteral("## 6. Rollback"), 1).section(QStringLiteral("## 7."), 0, 0);
        static const QRegularExpression undone(QStringLiteral("undone by (6\\.\\d+)"));
        QSet<QString> inverses;
        for (auto it = undone.globalMatch(cutover); it.hasNext();) {
            const QString n = it.next().captured(1);
            QVERIFY2(rollback.contains(QStringLiteral("**") + n + QStringLiteral("**")),
                     qPrintable(n));
            QVERIFY2(!inverses.contains(n), qPrintable(n));
            inverses.insert(n);
        }
        QVERIFY(inverses.size() > 5);
        // The rollback phase holds those inverses, and per wave a decision, an announcement and
        // a milestone closing each stage undone, nothing else.
        std::set<int> waves;
        for (const auto &[id, m] : p.mappings)
            waves.insert(m.wave);
        QCOMPARE(rollback.count(QStringLiteral("- [ ]")),
                 inverses.size() + 2 * int(waves.size()) +
                     rollback.count(QStringLiteral(" · milestone")));
        // Every A, AAAA or CNAME record gets its TTL lowered the week before, from its own TTL.
        int records = 0;
        for (const auto &[id, m] : p.mappings) {
            const Resource *r = p.resource(id);
            const QString type = r->attributes.value(QStringLiteral("record_type"));
            records += r->type == QLatin1String("digitalocean_record") &&
                               (type == QLatin1String("A") || type == QLatin1String("CNAME"))
                           ? 1
                           : 0;
        }
        QVERIFY(records > 0);
        QCOMPARE(md.section(QStringLiteral("## 2. Week before"), 1)
                     .section(QStringLiteral("## 3."), 0, 0)
                     .count(QStringLiteral("from 1800 s to 60 s")),
                 records);
        QCOMPARE(cutover.count(QStringLiteral("**Point of no return:**")), int(waves.size()));
        // The retired CDN appears in cleanup only.
        QVERIFY(!cutover.contains(QStringLiteral("CDN endpoint")));
        QVERIFY(md.section(QStringLiteral("## 7. Cleanup"), 1)
                    .contains(QStringLiteral("Retire CDN endpoint")));
        // Cleanup backs up only what holds data.
        for (const QString &line : md.section(QStringLiteral("## 7. Cleanup"), 1).split(u'\n'))
            if (line.contains(QLatin1String("final backup")))
                QVERIFY2(!line.contains(QLatin1String("Firewall")) &&
                             !line.contains(QLatin1String("VPC")) &&
                             !line.contains(QLatin1String("DNS record")),
                         qPrintable(line));
    }

    void runbookNamesThePlansChecks()
    {
        // Once the database's and the load balancer's endpoints are known, the gates name the
        // checks that --generate makes for them, as the command that runs them.
        Plan p = example();
        // As imported: no endpoints, no checks yet.
        for (auto &[id, m] : p.mappings)
            m.endpoint.clear();
        p.checks.clear();
        const QString db = QStringLiteral("do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30");
        QVERIFY(p.mappings.count(db));
        const QString before = RunbookMarkdown::generate(p, QDate(2026, 11, 21));
        QVERIFY(!before.contains(QStringLiteral("--only replication:backend")));
        p.mappings[db].endpoint = QStringLiteral("backend.c9akciq32.us-east-1.rds.amazonaws.com");
        QString lb;
        for (auto &[id, m] : p.mappings)
            if (p.resource(id)->type == QLatin1String("digitalocean_loadbalancer") &&
                lb.isEmpty() && p.resource(id)->attributes.contains(QStringLiteral("ipv4"))) {
                lb = id;
                m.endpoint = QStringLiteral("shop-1234.us-east-1.elb.amazonaws.com");
            }
        QVERIFY(!lb.isEmpty());
        for (const Check &c : generateChecks(p))
            p.checks[c.id] = c;
        const QString md = RunbookMarkdown::generate(p, QDate(2026, 11, 21));
        const QString cutover =
            md.section(QStringLiteral("## 4. Cutover"), 1).section(QStringLiteral("## 5."), 0, 0);
        QVERIFY2(cutover.contains(
                     QStringLiteral("**Gate:** passes when `ferry check PLAN.ferry.yaml --only "
                                    "replication:backend` exits 0.")),
                 qPrintable(cutover));
        QVERIFY2(
            cutover.contains(QStringLiteral("**Gate:** passes when `ferry check PLAN.ferry.yaml "
                                            "--only data:backend` exits 0.")),
            qPrintable(cutover));
        QVERIFY2(
            cutover.contains(QStringLiteral("--only tcp:shop-1234.us-east-1.elb.amazonaws.com:")),
            qPrintable(cutover));
        // Source-side checks are not what gates run.
        QVERIFY(!md.contains(QStringLiteral("--only postgres:backend:source")));
    }

    /// Golden Terraform, each folder read by hand: the example (DigitalOcean and AWS sources
    /// into four accounts) and aws-split (one AWS account's Terraform state: what stays adopted
    /// with import blocks, a module relocated into another account).
    void terraformGolden_data()
    {
        QTest::addColumn<QString>("plan");
        QTest::newRow("example") << QStringLiteral("example");
        QTest::newRow("aws-split") << QStringLiteral("aws-split");
        QTest::newRow("heroku-do") << QStringLiteral("heroku-do");
    }

    void terraformGolden()
    {
        QFETCH(QString, plan);
        const auto files = TerraformExport::generate(
            plan == QLatin1String("example") ? example() : goldenPlan(plan));
        QStringList expected;
        QDirIterator it(QStringLiteral(SRCDIR "data/golden/%1/terraform").arg(plan), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            expected.append(it.next().section(QStringLiteral("/terraform/"), 1));
        expected.sort();
        QCOMPARE(files.keys(), expected);
        for (auto f = files.cbegin(); f != files.cend(); ++f)
            QCOMPARE(f.value(), golden(QStringLiteral("terraform/") + f.key(), plan));
    }

    /// Heroku onto DigitalOcean (#14): a team's folder is for the DigitalOcean provider, its
    /// apps use the clusters of their add-ons by binding, the clusters trust those apps alone,
    /// and with no AWS account there is no organization folder.
    /// Droplets and a cloud firewall moving into another team, and an EC2 instance becoming a
    /// droplet (tests/data/terraform/do-droplets.ferry.yaml, checked by hand against the
    /// provider's digitalocean_droplet and digitalocean_firewall docs): the source's size, or
    /// one from the table; the image a variable defaulting to the source's distribution slug
    /// (none for a custom image's number); one `ssh_keys` variable without a default; the
    /// firewall over the droplets it protected (not the rule's sources), a droplet source by
    /// its new id, `self` as its droplets, what did not move as a TODO and a variable, egress
    /// open for tcp, udp and icmp.
    void terraformDigitalOceanDroplets()
    {
        Plan p;
        FileError e;
        QVERIFY2(
            PlanFile::load(QStringLiteral(SRCDIR "data/terraform/do-droplets.ferry.yaml"), &p, &e),
            qPrintable(e.toString()));
        TerraformExport::Summary summary;
        const auto files = TerraformExport::generate(p, &summary);
        const QString main = files.value(QStringLiteral("new-team/main.tf"));
        const QString variables = files.value(QStringLiteral("new-team/variables.tf"));
        QVERIFY2(summary.notWritten.isEmpty(), qPrintable(summary.notWritten.join(u'\n')));
        QVERIFY(main.contains(QStringLiteral("resources   = [digitalocean_droplet.web_1.urn, "
                                             "digitalocean_droplet.db_1.urn, "
                                             "digitalocean_droplet.batch.urn]")));
        QVERIFY2(main.contains(QStringLiteral(
                     "resource \"digitalocean_droplet\" \"web_1\" {\n  name = \"web-1\"\n"
                     "  # The source's own size\n  size       = \"s-2vcpu-4gb\"\n"
                     "  image      = var.web_1_image\n  region     = var.region\n"
                     "  vpc_uuid   = digitalocean_vpc.main.id\n  ssh_keys   = var.ssh_keys\n"
                     "  monitoring = true\n  tags       = [\"web\"]\n}\n")),
                 qPrintable(main));
        QVERIFY(main.contains(QStringLiteral("  name = \"db-1\"\n")));
        // By hand: m6i.large is 2 vCPU and 8 GiB; the first droplet size with both is
        // s-4vcpu-8gb (s-2vcpu-4gb has 4 GiB).
        QVERIFY(main.contains(QStringLiteral("→ s-4vcpu-8gb (4 vCPU, 8 GiB), the smallest that "
                                             "holds it\n  size       = \"s-4vcpu-8gb\"")));
        QVERIFY(variables.contains(QStringLiteral("  type        = string\n  default     = "
                                                  "\"ubuntu-22-04-x64\"\n")));
        QVERIFY(!variables.contains(QStringLiteral("\"12345678\"")));
        QCOMPARE(variables.count(QStringLiteral("variable \"ssh_keys\"")), 1);
        QVERIFY(variables.contains(
            QStringLiteral("variable \"ssh_keys\" {\n  description = "
                           "\"Ids or fingerprints of SSH keys of team New team ")));
        const QString firewall =
            main.section(QStringLiteral("resource \"digitalocean_firewall\" \"web_firewall\""), 1);
        QVERIFY(firewall.contains(QStringLiteral(
            "droplet_ids = [digitalocean_droplet.web_1.id, digitalocean_droplet.db_1.id]\n")));
        QVERIFY(firewall.contains(QStringLiteral(
            "    port_range       = \"22\"\n    source_addresses = [\"0.0.0.0/0\", \"::/0\"]\n")));
        QVERIFY(firewall.contains(
            QStringLiteral("    port_range         = \"5432\"\n"
                           "    source_droplet_ids = [digitalocean_droplet.web_1.id]\n"
                           "    source_tags        = [\"web\"]\n")));
        QVERIFY(firewall.contains(
            QStringLiteral("    protocol           = \"icmp\"\n"
                           "    source_droplet_ids = [digitalocean_droplet.web_1.id, "
                           "digitalocean_droplet.db_1.id]\n")));
        QVERIFY(
            firewall.contains(QStringLiteral("TODO: the source also admitted load_balancer:lb-1")));
        QVERIFY(firewall.contains(QStringLiteral("TODO: the source also admitted droplet 999")));
        QVERIFY(firewall.contains(
            QStringLiteral("source_addresses = var.web_firewall_rule_1_sources")));
        QVERIFY(firewall.contains(
            QStringLiteral("source_addresses = var.web_firewall_rule_2_sources")));
        QCOMPARE(firewall.count(QStringLiteral("outbound_rule {")), 3);
        QVERIFY(files.value(QStringLiteral("new-team/outputs.tf"))
                    .contains(QStringLiteral("value = digitalocean_droplet.web_1.ipv4_address")));
    }

    /// DNS into a DigitalOcean team (tests/data/terraform/do-dns.ferry.yaml, checked by hand
    /// against the provider's digitalocean_domain and digitalocean_record docs): a domain per
    /// zone in the team's project, no VPC for DNS alone; records in their domain by name or
    /// dependency, relative names (`@` at the apex), hostnames with a trailing dot, MX
    /// priorities from the import or Route 53's value; the domain's own NS left to
    /// DigitalOcean; a switched record serves the source's value until its variable; an SRV
    /// record (fields not imported) listed as not written.
    void terraformDigitalOceanDns()
    {
        Plan p;
        FileError e;
        QVERIFY2(PlanFile::load(QStringLiteral(SRCDIR "data/terraform/do-dns.ferry.yaml"), &p, &e),
                 qPrintable(e.toString()));
        TerraformExport::Summary summary;
        const auto files = TerraformExport::generate(p, &summary);
        const QString main = files.value(QStringLiteral("dns-team/main.tf"));
        QVERIFY2(main.contains(QStringLiteral("resources   = [digitalocean_domain.example_com.urn, "
                                              "digitalocean_domain.example_org.urn]")),
                 qPrintable(main));
        QVERIFY(!main.contains(QStringLiteral("digitalocean_vpc")));
        QVERIFY(!files.value(QStringLiteral("dns-team/variables.tf"))
                     .contains(QStringLiteral("vpc_cidr")));
        QVERIFY(main.contains(QStringLiteral("resource \"digitalocean_domain\" \"example_org\" {\n"
                                             "  name = \"example.org\"\n}\n")));
        QVERIFY2(main.contains(QStringLiteral(
                     "resource \"digitalocean_record\" \"www\" {\n"
                     "  domain = digitalocean_domain.example_com.id\n  type   = \"A\"\n"
                     "  name   = \"www\"\n"
                     "  value  = var.www_switched ? var.www_target : \"203.0.113.5\"\n"
                     "  ttl    = var.www_ttl\n}\n")),
                 qPrintable(main));
        QVERIFY(main.contains(QStringLiteral(
            "resource \"digitalocean_record\" \"example_com_mx\" {\n"
            "  domain   = digitalocean_domain.example_com.id\n  type     = \"MX\"\n"
            "  name     = \"@\"\n  value    = \"mx.example.net.\"\n  ttl      = 1800\n"
            "  priority = 10\n}\n")));
        // Route 53's full names and `priority host` values, the zone by the dependency.
        QVERIFY(main.contains(QStringLiteral(
            "resource \"digitalocean_record\" \"example_org_mx\" {\n"
            "  domain   = digitalocean_domain.example_org.id\n  type     = \"MX\"\n"
            "  name     = \"@\"\n  value    = \"mail.example.org.\"\n  ttl      = 1800\n"
            "  priority = 20\n}\n")));
        QVERIFY(main.contains(
            QStringLiteral("  name   = \"api\"\n  value  = var.api_example_org_switched ? "
                           "var.api_example_org_target : \"api.herokuapp.com.\"\n")));
        QVERIFY(
            main.contains(QStringLiteral("The domain's own NS record: DigitalOcean creates it")));
        QCOMPARE(main.count(QStringLiteral("resource \"digitalocean_record\"")), 5);
        QCOMPARE(summary.notWritten,
                 QStringList{QStringLiteral(
                     "do:record:5: Ferry does not write SRV records for DigitalOcean")});
        // The runbook delegates to DigitalOcean's name servers and switches by the variable.
        const Runbook rb = RunbookGenerator::generate(p);
        const RunbookStep *ns =
            rb.step(QStringLiteral("week-before/delegate-zone/do:domain:example.com"));
        QVERIFY(ns && ns->instructions.contains(QStringLiteral("`ns1.digitalocean.com`")));
        const RunbookStep *sw = rb.step(QStringLiteral("cutover/switch-dns/do:record:1"));
        QVERIFY(sw);
        QVERIFY2(
            sw->instructions.contains(QStringLiteral(
                "echo \"www_target = \\\"$TARGET_VALUE\\\"\" > dns-team/www_target.auto.tfvars\n"
                "terraform -chdir=dns-team apply -target=digitalocean_record.www\n")),
            qPrintable(sw->instructions));
    }

    /// An app imported from an app.json deploys by default from the GitHub repository the
    /// manifest names; without one (a state), the variable has no default.
    void digitalOceanAppRepositoryFromManifest()
    {
        Plan p = goldenPlan(QStringLiteral("heroku-do"));
        const QString before =
            TerraformExport::generate(p).value(QStringLiteral("do-production/variables.tf"));
        QVERIFY(before.contains(QStringLiteral("variable \"shop_github_repo\" {\n  description = "
                                               "\"GitHub repository (owner/name) App Platform "
                                               "deploys shop from; Heroku's state does not say\"\n"
                                               "  type        = string\n}\n")));
        p.inventory.resources.at(QStringLiteral("heroku:app:shop"))
            .attributes.insert(QStringLiteral("repository"),
                               QStringLiteral("https://github.com/acme/shop.git"));
        const QString after =
            TerraformExport::generate(p).value(QStringLiteral("do-production/variables.tf"));
        QVERIFY2(after.contains(QStringLiteral("  type        = string\n  default     = "
                                               "\"acme/shop\"\n}\n")),
                 qPrintable(after));
    }

    void terraformForDigitalOceanTeams()
    {
        Plan p = goldenPlan(QStringLiteral("heroku-do"));
        TerraformExport::Summary summary;
        const auto files = TerraformExport::generate(p, &summary);
        QVERIFY(!files.contains(QStringLiteral("organization/main.tf")));
        const QString main = files.value(QStringLiteral("do-production/main.tf"));
        QVERIFY(!main.contains(QStringLiteral("aws_")));
        QVERIFY(files.value(QStringLiteral("do-production/versions.tf"))
                    .contains(QStringLiteral("source  = \"digitalocean/digitalocean\"")));
        // Postgres 12 is not offered: the next major, flagged.
        QVERIFY2(main.contains(QStringLiteral("Major upgrade")) &&
                     main.contains(QStringLiteral("version = \"15\"")),
                 qPrintable(main));
        QVERIFY(main.contains(QStringLiteral("engine = \"valkey\"")));
        QVERIFY(main.contains(QStringLiteral("value = \"$${redis-rugged-54321.DATABASE_URL}\"")));
        QCOMPARE(main.count(QStringLiteral("value = digitalocean_app.shop.id")), 2);
        QVERIFY(!main.contains(QStringLiteral("shop_staging")));
        // The add-ons bought elsewhere or replaced by the runbook's steps (papertrail, the
        // scheduler: repurchase) have no block and say so.
        QCOMPARE(summary.notWritten.size(), 2);
        QVERIFY(
            summary.notWritten.first().startsWith(QStringLiteral("heroku:addon:shop-papertrail")));
        QVERIFY(
            summary.notWritten.last().startsWith(QStringLiteral("heroku:addon:shop-scheduler")));
        // With an AWS account beside the teams, the organization folder leaves the teams out.
        Account aws;
        aws.id = QStringLiteral("production");
        aws.name = QStringLiteral("production");
        p.organization.accounts.append(aws);
        const auto mixed = TerraformExport::generate(p);
        QVERIFY(mixed.value(QStringLiteral("organization/main.tf"))
                    .contains(QStringLiteral("aws_organizations_account\" \"production\"")));
        QVERIFY(!mixed.value(QStringLiteral("organization/main.tf"))
                     .contains(QStringLiteral("do_production")));
    }

    /// The runbook of Heroku apps moving onto DigitalOcean teams (#14): access with the team's
    /// token, the config vars passed from Heroku into Terraform's environment (never a saved
    /// plan file), the app's deployment confirmed from the folder's outputs; nothing of AWS's.
    void runbookForDigitalOceanTeams()
    {
        const QString md =
            RunbookMarkdown::generate(goldenPlan(QStringLiteral("heroku-do")), QDate(2026, 12, 3));
        QVERIFY2(!md.contains(QStringLiteral("aws ")) &&
                     !md.contains(QStringLiteral("Parameter Store")),
                 qPrintable(md));
        QVERIFY(md.contains(
            QStringLiteral("doctl account get --access-token \"$DIGITALOCEAN_TOKEN\"")));
        QVERIFY2(md.contains(QStringLiteral(
                     "  cd do-production\n"
                     "  export TF_VAR_shop_config_vars=\"$(heroku config --app shop --json)\"\n"
                     "  terraform init\n  terraform apply\n  unset TF_VAR_shop_config_vars\n")),
                 qPrintable(md));
        QVERIFY(!md.contains(
            QStringLiteral("cd do-production\n  terraform init\n  terraform plan -out")));
        // The outputs the runbook reads exist in the folder it reads them from.
        const auto files = TerraformExport::generate(goldenPlan(QStringLiteral("heroku-do")));
        const QString outputs = files.value(QStringLiteral("do-production/outputs.tf"));
        // The dump names the add-on's app (from the import's dependency), and the restore lets
        // this machine through the cluster's firewall and reads the URI from the folder.
        QVERIFY2(md.contains(QStringLiteral(
                     "  heroku pg:backups:capture --app shop\n"
                     "  curl -o dump.pgdump \"$(heroku pg:backups:url --app shop)\"\n"
                     "  DB_ID=$(terraform -chdir=do-production output -raw "
                     "postgresql_shaped_12345_id)\n"
                     "  doctl databases firewalls append \"$DB_ID\" --rule \"ip_addr:$(curl -fsS "
                     "https://api.ipify.org)\"\n"
                     "  TARGET_URL=$(terraform -chdir=do-production output -raw "
                     "postgresql_shaped_12345_public_uri)\n"
                     "  pg_restore --no-owner --no-acl --jobs 4 --dbname \"$TARGET_URL\" "
                     "dump.pgdump\n")),
                 qPrintable(md));
        for (const QString &o : {QStringLiteral("shop_id"), QStringLiteral("shop_live_url"),
                                 QStringLiteral("postgresql_shaped_12345_id"),
                                 QStringLiteral("postgresql_shaped_12345_public_uri")}) {
            QVERIFY2(md.contains(QStringLiteral("output -raw ") + o + u')'), qPrintable(o));
            QVERIFY2(outputs.contains(QStringLiteral("output \"%1\"").arg(o)), qPrintable(o));
        }
        QVERIFY(files.value(QStringLiteral("do-production/variables.tf"))
                    .contains(QStringLiteral("variable \"shop_config_vars\"")));
        // Heroku Redis into a Valkey cluster: neither side takes REPLICAOF, so RIOT copies key
        // by key, past Heroku's self-signed certificate, into the cluster opened for this machine.
        QVERIFY(!md.contains(QStringLiteral("REPLICAOF \"")));
        QVERIFY2(md.contains(QStringLiteral(
                     "  SOURCE_URL=$(heroku config:get REDIS_URL --app shop)\n"
                     "  DB_ID=$(terraform -chdir=do-production output -raw redis_rugged_54321_id)\n"
                     "  doctl databases firewalls append \"$DB_ID\" --rule \"ip_addr:$(curl -fsS "
                     "https://api.ipify.org)\"\n"
                     "  TARGET_URL=$(terraform -chdir=do-production output -raw "
                     "redis_rugged_54321_public_uri)\n"
                     "  riot replicate --source-insecure \"$SOURCE_URL\" \"$TARGET_URL\"\n")),
                 qPrintable(md));
        QVERIFY(md.contains(QStringLiteral(
            "riot compare --source-insecure --show-diffs \"$SOURCE_URL\" \"$TARGET_URL\"")));

        // Custom domains move into the app's spec; the switch points their CNAME at the app's
        // default ingress, and the rollback back at Heroku's DNS target.
        QVERIFY(md.contains(QStringLiteral(
            "  INGRESS=$(terraform -chdir=do-production output -raw shop_default_ingress)\n"
            "  echo \"${INGRESS#https://}\"\n  dig +short www.shop.example.com CNAME @1.1.1.1\n")));
        QVERIFY(md.contains(QStringLiteral("Set the CNAME back to its Heroku DNS target (`heroku "
                                           "domains --app shop` lists it)")));
    }

    /// A custom domain whose app stays behind (or goes elsewhere) cannot be served by the team:
    /// it is listed as not written instead of vanishing.
    void digitalOceanDomainWithoutItsApp()
    {
        Plan p = goldenPlan(QStringLiteral("heroku-do"));
        p.mappings.at(QStringLiteral("heroku:app:shop")).accountId = QStringLiteral("do-staging");
        TerraformExport::Summary summary;
        const auto files = TerraformExport::generate(p, &summary);
        QVERIFY(!files.value(QStringLiteral("do-production/main.tf"))
                     .contains(QStringLiteral("domain {")));
        QVERIFY2(summary.notWritten.contains(
                     QStringLiteral("heroku:domain:shop-www: the Heroku app it points at is not "
                                    "mapped onto an app in this team")),
                 qPrintable(summary.notWritten.join(u'\n')));
        QVERIFY(!files.value(QStringLiteral("do-staging/main.tf"))
                     .contains(QStringLiteral("domain {")));
    }

    /// Every `terraform -chdir=FOLDER output -raw NAME` of a runbook names an output that the
    /// Terraform export of the same plan writes into FOLDER/outputs.tf (the runbook finds labels
    /// as the export gives them).
    void runbookOutputsExist_data()
    {
        QTest::addColumn<QString>("plan");
        QTest::newRow("example") << QString();
        QTest::newRow("heroku-do") << QStringLiteral("heroku-do");
        QTest::newRow("aws-split") << QStringLiteral("aws-split");
    }

    void runbookOutputsExist()
    {
        QFETCH(QString, plan);
        const Plan p = plan.isEmpty() ? example() : goldenPlan(plan);
        const QString md = RunbookMarkdown::generate(p, QDate(2026, 12, 3));
        const auto files = TerraformExport::generate(p);
        static const QRegularExpression read(
            QStringLiteral("terraform -chdir=([a-z0-9-]+) output -raw ([a-z0-9_]+)"));
        int seen = 0;
        for (auto it = read.globalMatch(md); it.hasNext(); ++seen) {
            const QRegularExpressionMatch m = it.next();
            const QString outputs = files.value(m.captured(1) + QStringLiteral("/outputs.tf"));
            QVERIFY2(outputs.contains(QStringLiteral("output \"%1\" {").arg(m.captured(2))),
                     qPrintable(m.captured(0)));
        }
        QVERIFY(seen > 0);
    }

    /// A bucket moving between AWS accounts goes with DataSync (a task in the source account,
    /// the last run verifying every object), its policy copied; not with `aws s3 sync`.
    void runbookRelocatesBucketWithDataSync()
    {
        const QString md =
            RunbookMarkdown::generate(goldenPlan(QStringLiteral("aws-split")), QDate(2026, 12, 3));
        QVERIFY(!md.contains(QStringLiteral("aws s3 sync s3://shop-assets")));
        QVERIFY(md.contains(QStringLiteral("aws s3api get-bucket-policy --bucket shop-assets")));
        QVERIFY(md.contains(QStringLiteral(
            "TASK_ARN=$(aws datasync create-task --name ferry-shop-assets --source-location-arn "
            "\"$SOURCE_LOCATION\" --destination-location-arn \"$TARGET_LOCATION\" --options "
            "VerifyMode=ONLY_FILES_TRANSFERRED,TransferMode=CHANGED,PreserveDeletedFiles=REMOVE")));
        const qsizetype finalSync =
            md.indexOf(QStringLiteral("Final sync of S3 bucket shop-assets"));
        QVERIFY(finalSync > 0);
        QVERIFY(md.indexOf(QStringLiteral("--override-options VerifyMode=POINT_IN_TIME_CONSISTENT"),
                           finalSync) > finalSync);
        QVERIFY(md.contains(QStringLiteral(
            "TARGET_BUCKET=$(terraform -chdir=staging output -raw shop_assets_id)")));
    }

    /// What stays where it runs is adopted by import blocks with the state's real ids; a type
    /// whose import id is not its state id says so instead of guessing.
    void terraformAdoptsWhatStays()
    {
        const auto files = TerraformExport::generate(goldenPlan(QStringLiteral("aws-split")));
        const QString imports = files.value(QStringLiteral("production/imports.tf"));
        QVERIFY2(imports.contains(QStringLiteral("import {\n  to = aws_instance.test\n  id = "
                                                 "\"i-0d3650a23f4e45dc0\"\n}\n")),
                 qPrintable(imports));
        QVERIFY(imports.contains(QStringLiteral("terraform plan -generate-config-out=adopted.tf")));
        QVERIFY(imports.contains(QStringLiteral("Not adopted here: the import id of "
                                                "aws_security_group_rule")));
        QVERIFY(!imports.contains(QStringLiteral("to = aws_security_group_rule")));
        // Nothing retained is created again.
        QVERIFY(!files.value(QStringLiteral("production/main.tf"))
                     .contains(QStringLiteral("resource ")));
        QVERIFY(!files.contains(QStringLiteral("production/network.tf")));
        QVERIFY(files.value(QStringLiteral("staging/main.tf"))
                    .contains(QStringLiteral("strategy relocate")));
    }

    void terraformRules()
    {
        const auto files = TerraformExport::generate(example());
        QVERIFY(files.contains(QStringLiteral("organization/main.tf")));
        QVERIFY(files.value(QStringLiteral("organization/main.tf"))
                    .contains(QStringLiteral(
                        "resource \"aws_organizations_account\" \"shared_services\"")));
        QVERIFY(files.value(QStringLiteral("organization/main.tf"))
                    .contains(QStringLiteral(
                        "resource \"aws_organizations_organizational_unit\" \"workloads\"")));
        for (const char *f :
             {"versions.tf", "providers.tf", "main.tf", "variables.tf", "outputs.tf"})
            QVERIFY2(files.contains(QStringLiteral("production/") + QLatin1String(f)), f);
        // The database password is a sensitive variable, never a literal.
        const QString vars = files.value(QStringLiteral("production/variables.tf"));
        QVERIFY(vars.contains(QStringLiteral("sensitive   = true")));
        QVERIFY(
            files.value(QStringLiteral("production/main.tf"))
                .contains(QRegularExpression(QStringLiteral("password += var\\.\\w+_password"))));
        QVERIFY(files.value(QStringLiteral("production/providers.tf"))
                    .contains(QStringLiteral(
                        "role_arn = "
                        "\"arn:aws:iam::${var.account_id}:role/OrganizationAccountAccessRole\"")));
        // Balanced braces, no tabs, one trailing newline, no trailing spaces: the basics of fmt.
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            const QString &t = it.value();
            QCOMPARE(t.count(u'{'), t.count(u'}'));
            QVERIFY2(!t.contains(u'\t') && t.endsWith(u'\n') && !t.endsWith(QStringLiteral("\n\n")),
                     qPrintable(it.key()));
            QVERIFY2(!t.contains(QStringLiteral(" \n")), qPrintable(it.key()));
        }
    }

    void terraformBlocksReferToEachOther()
    {
        Plan p;
        auto add = [&](const char *id, const char *type, const char *name) {
            Resource r;
            r.id = QString::fromLatin1(id);
            r.type = QString::fromLatin1(type);
            r.provider = QStringLiteral("digitalocean");
            r.name = QString::fromLatin1(name);
            p.inventory.add(r);
        };
        add("tf:digitalocean_domain.d", "digitalocean_domain", "example.com");
        add("tf:digitalocean_record.www", "digitalocean_record", "www");
        add("tf:digitalocean_droplet.web", "digitalocean_droplet", "web");
        add("tf:digitalocean_floating_ip.ip", "digitalocean_floating_ip", "203.0.113.7");
        p.inventory.addDependency(QStringLiteral("tf:digitalocean_record.www"),
                                  QStringLiteral("tf:digitalocean_domain.d"),
                                  DependencyKind::Membership, QStringLiteral("record in domain"));
        p.inventory.addDependency(QStringLiteral("tf:digitalocean_floating_ip.ip"),
                                  QStringLiteral("tf:digitalocean_droplet.web"),
                                  DependencyKind::Attachment, QStringLiteral("droplet_id"));
        p.inventory.sortDependencies();
        for (const auto &[id, r] : p.inventory.resources)
            p.setMapping({id, QStringLiteral("production"),
                          MappingRules::builtIn().suggest(r).service, Strategy::Rehost, 1});
        const QString main =
            TerraformExport::generate(p).value(QStringLiteral("production/main.tf"));
        QVERIFY2(
            main.contains(QStringLiteral("  zone_id = aws_route53_zone.example_com.zone_id\n")),
            qPrintable(main));
        QVERIFY2(main.contains(QStringLiteral("  instance = aws_instance.web.id\n")),
                 qPrintable(main));
        // In different accounts there is nothing to refer to: a variable without a default
        // (Terraform asks for it), never the empty zone id the provider refuses. A value `@`
        // (DigitalOcean's apex) becomes the domain; no value at all, a variable too.
        p.setMapping({QStringLiteral("tf:digitalocean_domain.d"), QStringLiteral("shared-services"),
                      QStringLiteral("aws_route53_zone"), Strategy::Rehost, 1});
        Resource &www = p.inventory.resources.at(QStringLiteral("tf:digitalocean_record.www"));
        www.attributes = {{QStringLiteral("domain"), QStringLiteral("example.com")},
                          {QStringLiteral("record_type"), QStringLiteral("CNAME")},
                          {QStringLiteral("value"), QStringLiteral("@")}};
        QMap<QString, QString> files = TerraformExport::generate(p);
        QString split = files.value(QStringLiteral("production/main.tf"));
        QVERIFY2(split.contains(QStringLiteral("  zone_id = var.www_zone_id\n")),
                 qPrintable(split));
        QVERIFY2(split.contains(QStringLiteral(
                     "records = var.www_switched ? var.www_target : [\"example.com\"]")),
                 qPrintable(split));
        QVERIFY2(!split.contains(QStringLiteral("zone_id = \"\"")), qPrintable(split));
        const QString variables = files.value(QStringLiteral("production/variables.tf"));
        QVERIFY2(variables.contains(
                     QStringLiteral("variable \"www_zone_id\" {\n  description = \"Route 53 hosted "
                                    "zone id of example.com (the zone is not in this account's "
                                    "folder)\"\n  type        = string\n}\n")),
                 qPrintable(variables));
        // The apex: its name is the zone's (DigitalOcean's `@` is no Route 53 name), read from
        // the zone id where the domain is not known; the zone's own NS records are Route 53's.
        Resource apex;
        apex.id = QStringLiteral("do:record:9");
        apex.type = QStringLiteral("digitalocean_record");
        apex.provider = QStringLiteral("digitalocean");
        apex.name = QStringLiteral("@");
        apex.attributes = {{QStringLiteral("record_type"), QStringLiteral("A")},
                           {QStringLiteral("value"), QStringLiteral("203.0.113.9")}};
        p.inventory.add(apex);
        Resource ns = apex;
        ns.id = QStringLiteral("do:record:10");
        ns.attributes = {{QStringLiteral("record_type"), QStringLiteral("NS")},
                         {QStringLiteral("value"), QStringLiteral("ns1.digitalocean.com.")}};
        p.inventory.add(ns);
        for (const Resource *r : {&apex, &ns})
            p.setMapping({r->id, QStringLiteral("production"), QStringLiteral("aws_route53_record"),
                          Strategy::Rehost, 1});
        const QString withApex =
            TerraformExport::generate(p).value(QStringLiteral("production/main.tf"));
        static const QRegularExpression zoneOfApex(QStringLiteral(
            "data \"aws_route53_zone\" \"(\\w+)\" \\{\n  zone_id = var\\.\\1_zone_id\n\\}\n\n"
            "resource \"aws_route53_record\" \"\\1\" \\{\n  zone_id = var\\.\\1_zone_id\n"
            "  name    = data\\.aws_route53_zone\\.\\1\\.name\n"));
        QVERIFY2(zoneOfApex.match(withApex).hasMatch(), qPrintable(withApex));
        QVERIFY(!withApex.contains(QStringLiteral("name    = \"@\"")));
        QVERIFY(
            withApex.contains(QStringLiteral("# The zone's own NS record: Route 53 creates it")));
        QVERIFY(!withApex.contains(QStringLiteral("ns1.digitalocean.com")));
        p.unmap(apex.id);
        p.unmap(ns.id);

        www.attributes.remove(QStringLiteral("value"));
        files = TerraformExport::generate(p);
        split = files.value(QStringLiteral("production/main.tf"));
        QVERIFY2(split.contains(QStringLiteral(
                     "  records = var.www_switched ? var.www_target : var.www_records\n")),
                 qPrintable(split));
        QVERIFY(files.value(QStringLiteral("production/variables.tf"))
                    .contains(QStringLiteral("variable \"www_records\" {")));
    }

    /// Every account folder with resources gets a landing zone the blocks refer to, with a
    /// VPC CIDR that overlaps neither the inventory's networks nor another account's.
    void terraformLandingZone()
    {
        // CIDR arithmetic, checked by hand.
        QVERIFY(
            LandingZone::overlaps(QStringLiteral("10.0.0.0/8"), QStringLiteral("10.93.4.0/24")));
        QVERIFY(
            LandingZone::overlaps(QStringLiteral("10.93.4.0/24"), QStringLiteral("10.93.0.0/16")));
        QVERIFY(
            !LandingZone::overlaps(QStringLiteral("10.92.0.0/16"), QStringLiteral("10.93.0.0/16")));
        QVERIFY(
            !LandingZone::overlaps(QStringLiteral("10.93.0.0/16"), QStringLiteral("not a cidr")));
        QVERIFY(LandingZone::overlaps(QStringLiteral("172.16.5.1/12"),
                                      QStringLiteral("172.31.0.0/16")));
        const QString first = LandingZone::defaultCidr(QStringLiteral("production"), {});
        QVERIFY2(
            QRegularExpression(QStringLiteral("^10\\.(6[4-9]|[7-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])"
                                              "\\.0\\.0/16$"))
                .match(first)
                .hasMatch(),
            qPrintable(first));
        QCOMPARE(LandingZone::defaultCidr(QStringLiteral("production"), {}), first); // stable
        // Taken (by a source VPC inside it): the next /16.
        const QString next = LandingZone::defaultCidr(
            QStringLiteral("production"), {first.section(u'.', 0, 1) + QStringLiteral(".8.0/24")});
        QVERIFY(next != first && !LandingZone::overlaps(next, first));
        QCOMPARE(
            LandingZone::defaultCidr(QStringLiteral("production"), {QStringLiteral("10.0.0.0/8")}),
            QString()); // nothing free: no default, Terraform asks
        QVERIFY(
            LandingZone::defaultCidr(QStringLiteral("production"), {QStringLiteral("10.64.0.0/10")})
                .section(u'.', 1, 1)
                .toInt() >= 128); // 10.64–10.127 taken

        const QMap<QString, QString> files = TerraformExport::generate(example());
        const QString net = files.value(QStringLiteral("production/network.tf"));
        for (const char *block :
             {"resource \"aws_vpc\" \"landing_zone\"", "resource \"aws_subnet\" \"public\"",
              "resource \"aws_subnet\" \"private\"",
              "resource \"aws_nat_gateway\" \"landing_zone\"",
              "resource \"aws_route_table\" \"private\"",
              "resource \"aws_db_subnet_group\" \"landing_zone\"",
              "resource \"aws_elasticache_subnet_group\" \"landing_zone\""})
            QVERIFY2(net.contains(QLatin1String(block)), block);
        QVERIFY(net.contains(QStringLiteral("nat_gateway_id = aws_nat_gateway.landing_zone.id")));
        const QString main = files.value(QStringLiteral("production/main.tf"));
        QVERIFY(main.contains(QStringLiteral("subnet_id = aws_subnet.private[0].id")));
        QVERIFY(main.contains(QStringLiteral("subnets = aws_subnet.public[*].id")));
        QVERIFY(main.contains(QStringLiteral("subnet_ids = aws_subnet.private[*].id")));
        QVERIFY(main.contains(QStringLiteral("role_arn = aws_iam_role.production_eks.arn")));
        QVERIFY(
            main.contains(QStringLiteral("resource \"aws_eks_node_group\" \"production_eks\"")));
        QVERIFY(main.contains(
            QStringLiteral("domain_name = aws_s3_bucket.medias.bucket_regional_domain_name")));
        QVERIFY(main.contains(QStringLiteral("bucket = \"medias-${var.account_id}\"")));
        // The accounts' CIDRs differ; an account without resources has no landing zone.
        QSet<QString> cidrs;
        static const QRegularExpression cidrDefault(
            QStringLiteral("variable \"vpc_cidr\" \\{[^}]*default     = \"([^\"]+)\""));
        for (const char *folder : {"production", "staging"}) {
            const QString vars =
                files.value(QLatin1String(folder) + QStringLiteral("/variables.tf"));
            const QRegularExpressionMatch m = cidrDefault.match(vars);
            QVERIFY2(m.hasMatch(), folder);
            cidrs.insert(m.captured(1));
        }
        QCOMPARE(cidrs.size(), 2);
        // A source VPC mapped into the account is its landing zone's VPC (no second one).
        const QString shared = files.value(QStringLiteral("shared-services/network.tf"));
        QVERIFY(
            shared.contains(QStringLiteral("vpc_id                  = aws_vpc.my_new_vpc_2.id")));
        QVERIFY(!shared.contains(QStringLiteral("resource \"aws_vpc\"")));
        QVERIFY(!files.value(QStringLiteral("shared-services/variables.tf"))
                     .contains(QStringLiteral("vpc_cidr")));
        QVERIFY(!files.contains(QStringLiteral("development/network.tf")));
        // Every group keeps AWS's default egress, which Terraform would otherwise remove.
        for (const char *folder : {"production", "shared-services"}) {
            const QString m = files.value(QLatin1String(folder) + QStringLiteral("/main.tf"));
            QCOMPARE(m.count(QStringLiteral("resource \"aws_vpc_security_group_egress_rule\"")),
                     m.count(QStringLiteral("resource \"aws_security_group\"")));
        }
        // A plan imported before the rules' sources were kept has the ports alone (DigitalOcean's
        // "0" is every port): TCP from the VPC only, with a TODO, never from anywhere.
        Plan legacy = example();
        Resource &fw = legacy.inventory.resources.at(
            QStringLiteral("do:firewall:11d87802-df17-4f8f-a691-58e408570c12"));
        fw.attributes.remove(QStringLiteral("inbound_rules"));
        fw.attributes.insert(QStringLiteral("inbound_ports"), QStringLiteral("0, 8000-9000"));
        const QString sharedMain =
            TerraformExport::generate(legacy).value(QStringLiteral("shared-services/main.tf"));
        QVERIFY2(sharedMain.contains(
                     QStringLiteral("  from_port         = 8000\n  to_port           = 9000\n"
                                    "  cidr_ipv4         = aws_vpc.my_new_vpc_2.cidr_block\n")),
                 qPrintable(sharedMain));
        QVERIFY2(sharedMain.contains(
                     QStringLiteral("  from_port         = 0\n  to_port           = 65535\n"
                                    "  cidr_ipv4         = aws_vpc.my_new_vpc_2.cidr_block\n")),
                 qPrintable(sharedMain));
        QVERIFY2(sharedMain.contains(QStringLiteral(
                     "# TODO: firewall: the sources of ports 8000-9000 and their protocol")),
                 qPrintable(sharedMain));
        QCOMPARE(
            sharedMain.count(QStringLiteral("cidr_ipv4         = \"0.0.0.0/0\"")),
            sharedMain.count(QStringLiteral("resource \"aws_vpc_security_group_egress_rule\"")));
        // No decision left as an empty value anywhere (the provider refuses them).
        static const QRegularExpression empty(QStringLiteral("= (\"\"|\\[\\])\n"));
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            QVERIFY2(!empty.match(it.value()).hasMatch(), qPrintable(it.key()));
    }

    /// Seven droplets and a Kubernetes cluster mapped onto EKS in one account are one cluster
    /// with one node group sized for all of them, as the runbook creates one shared target.
    void terraformConsolidatesOntoOneCluster()
    {
        Plan p;
        for (int i = 1; i <= 7; ++i) {
            Resource r;
            r.id = QStringLiteral("do:droplet:%1").arg(i);
            r.type = QStringLiteral("digitalocean_droplet");
            r.provider = QStringLiteral("digitalocean");
            r.name = QStringLiteral("web-%1").arg(i);
            r.size = QStringLiteral("s-2vcpu-4gb");
            p.inventory.add(r);
        }
        Resource k8s;
        k8s.id = QStringLiteral("do:kubernetes:k");
        k8s.type = QStringLiteral("digitalocean_kubernetes_cluster");
        k8s.provider = QStringLiteral("digitalocean");
        k8s.name = QStringLiteral("apps");
        k8s.attributes = {{QStringLiteral("version"), QStringLiteral("1.34.1-do.0")},
                          {QStringLiteral("node_pool_sizes"), QStringLiteral("s-4vcpu-8gb")},
                          {QStringLiteral("node_count"), QStringLiteral("3")}};
        p.inventory.add(k8s);
        for (const auto &[id, r] : p.inventory.resources)
            p.setMapping({id, QStringLiteral("production"), QStringLiteral("aws_eks_cluster"),
                          Strategy::Replatform, 1});
        TerraformExport::Summary summary;
        const QString main =
            TerraformExport::generate(p, &summary).value(QStringLiteral("production/main.tf"));
        QCOMPARE(main.count(QStringLiteral("resource \"aws_eks_cluster\"")), 1);
        QCOMPARE(main.count(QStringLiteral("resource \"aws_eks_node_group\"")), 1);
        QCOMPARE(summary.resourcesPerFolder.value(QStringLiteral("production")), 1);
        QVERIFY(summary.notWritten.isEmpty());
        // The sources it absorbs are named above it.
        for (int i = 1; i <= 7; ++i)
            QVERIFY(main.contains(QStringLiteral("# - Droplet \"web-%1\" (do:droplet:%1)").arg(i)));
        QVERIFY(main.contains(QStringLiteral("# - Kubernetes cluster \"apps\" (do:kubernetes:k)")));
        QVERIFY2(main.contains(QRegularExpression(QStringLiteral("\\bversion\\s+= \"1\\.34\"\\n"))),
                 qPrintable(main));
        // By hand: 7 × (2 vCPU, 4 GiB) + 3 × (4 vCPU, 8 GiB) = 26 vCPU, 52 GiB; the largest,
        // 4 vCPU and 8 GiB, fits a c6i.xlarge (4 vCPU, 8 GiB); 52 / 8 → 7 nodes, 26 / 4 → 7.
        QVERIFY2(main.contains(QStringLiteral("instance_types = [\"c6i.xlarge\"]")),
                 qPrintable(main));
        QVERIFY2(main.contains(QStringLiteral("desired_size = 7")), qPrintable(main));
        QVERIFY(main.contains(QStringLiteral("together 26 vCPU, 52 GiB")));
    }

    /// An instance's image is a decision, never a made-up AMI id: a variable, whose default is
    /// the source's own AMI where it was on AWS, and without one for a droplet's image.
    void terraformAmiIsAVariable()
    {
        Plan p;
        Resource ec2;
        ec2.id = QStringLiteral("tf:aws_instance.app");
        ec2.type = QStringLiteral("aws_instance");
        ec2.provider = QStringLiteral("aws");
        ec2.name = QStringLiteral("app");
        ec2.attributes = {{QStringLiteral("image"), QStringLiteral("ami-0abc1234def567890")}};
        Resource droplet = ec2;
        droplet.id = QStringLiteral("do:droplet:1");
        droplet.type = QStringLiteral("digitalocean_droplet");
        droplet.provider = QStringLiteral("digitalocean");
        droplet.name = QStringLiteral("web");
        droplet.attributes = {{QStringLiteral("image"), QStringLiteral("ubuntu-22-04-x64")}};
        for (const Resource &r : {ec2, droplet}) {
            p.inventory.add(r);
            p.setMapping({r.id, QStringLiteral("production"), QStringLiteral("aws_instance"),
                          Strategy::Rehost, 1});
        }
        const auto files = TerraformExport::generate(p);
        const QString main = files.value(QStringLiteral("production/main.tf"));
        const QString variables = files.value(QStringLiteral("production/variables.tf"));
        QVERIFY(main.contains(QStringLiteral("  ami = var.app_ami\n")));
        QVERIFY(main.contains(QStringLiteral("  ami = var.web_ami\n")));
        QVERIFY(!main.contains(QStringLiteral("ami-0000")));
        QVERIFY2(variables.contains(QStringLiteral(
                     "variable \"app_ami\" {\n  description = \"AMI of app: by default the "
                     "source's own, ami-0abc1234def567890 (shared with this account first where "
                     "it is private)\"\n  type        = string\n  default     = "
                     "\"ami-0abc1234def567890\"\n}\n")),
                 qPrintable(variables));
        QVERIFY(variables.contains(
            QStringLiteral("(source image: ubuntu-22-04-x64)\"\n  type        = string\n}\n")));
    }

    /// One source onto several targets (Mapping::alsoServices): a block of its own for each,
    /// after the source's own block, labelled after it and claimed after every other label (so
    /// no other block is renamed), with an output the runbook reads; a source the EKS cluster
    /// absorbs keeps its further targets too. Further targets Ferry cannot write are listed.
    void terraformWritesFurtherTargets()
    {
        Plan p;
        auto add = [&p](const QString &id, const QString &type, const QString &name,
                        const QString &service, const QStringList &also) {
            Resource r;
            r.id = id;
            r.type = type;
            r.provider = type.section(u'_', 0, 0);
            r.name = name;
            p.inventory.add(r);
            Mapping m{id, QStringLiteral("production"), service, Strategy::Replatform, 1};
            m.alsoServices = also;
            p.setMapping(m);
        };
        add(QStringLiteral("do:droplet:1"), QStringLiteral("digitalocean_droplet"),
            QStringLiteral("web"), QStringLiteral("aws_ecs_service"),
            {QStringLiteral("aws_ecr_repository"), QStringLiteral("aws_s3_bucket")});
        // Wants the label the further bucket would take: it keeps it.
        add(QStringLiteral("do:space:web-s3-bucket"), QStringLiteral("digitalocean_spaces_bucket"),
            QStringLiteral("web-s3-bucket"), QStringLiteral("aws_s3_bucket"), {});
        add(QStringLiteral("do:droplet:2"), QStringLiteral("digitalocean_droplet"),
            QStringLiteral("k1"), QStringLiteral("aws_eks_cluster"), {});
        add(QStringLiteral("do:droplet:3"), QStringLiteral("digitalocean_droplet"),
            QStringLiteral("k2"), QStringLiteral("aws_eks_cluster"),
            {QStringLiteral("aws_s3_bucket")});
        add(QStringLiteral("do:droplet:4"), QStringLiteral("digitalocean_droplet"),
            QStringLiteral("odd"), QStringLiteral("aws_instance"),
            {QStringLiteral("aws_eks_cluster"), QStringLiteral("aws_sqs_queue")});
        p.mappings[QStringLiteral("do:droplet:4")].alsoServices.append(QStringLiteral("S3"));
        TerraformExport::Summary summary;
        const QMap<QString, QString> files = TerraformExport::generate(p, &summary);
        const QString main = files.value(QStringLiteral("production/main.tf"));
        const QString outputs = files.value(QStringLiteral("production/outputs.tf"));
        QVERIFY2(main.contains(QStringLiteral("resource \"aws_s3_bucket\" \"web_s3_bucket\" {\n  # "
                                              "Bucket names are global: the source's name")),
                 qPrintable(main));
        const QRegularExpression further(QStringLiteral(
            "# Also from Droplet \"web\" \\(do:droplet:1\\), whose own target is "
            "aws_ecs_service: strategy replatform, wave 1\nresource "
            "\"aws_s3_bucket\" \"(web_s3_bucket_[0-9a-f]{6})\" \\{\n  # Bucket names "
            "are global: the block's label and the account id\n  bucket = "
            "\"web-s3-bucket-[0-9a-f]{6}-\\$\\{var.account_id\\}\"\n"));
        const QRegularExpressionMatch m = further.match(main);
        QVERIFY2(m.hasMatch(), qPrintable(main));
        QVERIFY(outputs.contains(QStringLiteral("output \"%1_id\"").arg(m.captured(1))));
        QVERIFY(main.contains(
            QStringLiteral("resource \"aws_ecr_repository\" \"web_ecr_repository\"")));
        QVERIFY(main.indexOf(QStringLiteral("resource \"aws_ecs_service\" \"web\"")) <
                main.indexOf(QStringLiteral("\"web_ecr_repository\"")));
        QVERIFY(outputs.contains(QStringLiteral("output \"web_ecr_repository_repository_url\"")));
        // Absorbed by the cluster, yet its bucket is written.
        QCOMPARE(main.count(QStringLiteral("resource \"aws_eks_cluster\"")), 1);
        QVERIFY(main.contains(QStringLiteral("resource \"aws_s3_bucket\" \"k2_s3_bucket\"")));
        // web's own 1 + 2 further, the Space, the cluster + k2's bucket, odd + its queue.
        QCOMPARE(summary.resourcesPerFolder.value(QStringLiteral("production")), 8);
        const QString notWritten = summary.notWritten.join(u'\n');
        QVERIFY2(notWritten.contains(QStringLiteral("do:droplet:4: further target aws_eks_cluster "
                                                    "is the account's shared cluster")),
                 qPrintable(notWritten));
        QVERIFY2(notWritten.contains(QStringLiteral("do:droplet:4: further target 'S3' is not a "
                                                    "Terraform type name")),
                 qPrintable(notWritten));
        QVERIFY2(
            notWritten.contains(QStringLiteral("do:droplet:4: Ferry does not write the arguments "
                                               "of further target aws_sqs_queue")),
            qPrintable(notWritten));
        // Without further targets every other block keeps its label.
        Plan without = p;
        for (auto &[id, mapping] : without.mappings)
            mapping.alsoServices.clear();
        const QStringList ids = without.resourcesInAccount(QStringLiteral("production"));
        const QHash<QString, QString> before =
            TerraformExport::awsLabels(without, QStringLiteral("production"), ids);
        const QHash<QString, QString> after =
            TerraformExport::awsLabels(p, QStringLiteral("production"), ids);
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QCOMPARE(after.value(it.key()), it.value());
        // A resource that stays gets none; a DigitalOcean team writes none yet: both said.
        p.mappings[QStringLiteral("do:droplet:1")].strategy = Strategy::Retain;
        TerraformExport::generate(p, &summary);
        QVERIFY(summary.notWritten.join(u'\n').contains(
            QStringLiteral("do:droplet:1: a resource that stays (strategy retain) gets no further "
                           "targets (aws_ecr_repository, aws_s3_bucket)")));
    }

    /// Engine versions the target offers: kept, moved up to the next offered (an upgrade),
    /// or kept and marked when newer than the table; checked by hand against the table.
    void engineVersionsFromTheTable()
    {
        EngineVersions t;
        FileError e;
        QVERIFY2(
            EngineVersions::parse("format: 1\nreviewed: 2026-12-02\nservices:\n"
                                  "  aws_db_instance:\n    postgres: [\"14\", \"15\", \"17\"]\n"
                                  "    mysql: [\"8.0\", \"8.4\"]\n"
                                  "  aws_eks_cluster:\n    kubernetes: [\"1.33\", \"1.34\"]\n",
                                  QStringLiteral("t.yaml"), &t, &e),
            qPrintable(e.toString()));
        auto target = [&](const char *service, const char *engine, const char *version) {
            const std::optional<EngineTarget> v =
                t.targetFor(QLatin1String(service), QLatin1String(engine), QLatin1String(version));
            if (!v)
                return QStringLiteral("-");
            return QStringLiteral("%1 from %2%3%4")
                .arg(v->version, v->sourceMajor,
                     v->upgraded ? QStringLiteral(" upgraded") : QString(),
                     v->newerThanTable ? QStringLiteral(" newer") : QString());
        };
        QCOMPARE(target("aws_db_instance", "postgres", "10"),
                 QStringLiteral("14 from 10 upgraded"));
        QCOMPARE(target("aws_db_instance", "postgres", "9.6.24"),
                 QStringLiteral("14 from 9.6 upgraded"));
        QCOMPARE(target("aws_db_instance", "postgres", "15.4"), QStringLiteral("15 from 15"));
        QCOMPARE(target("aws_db_instance", "postgres", "16"),
                 QStringLiteral("17 from 16 upgraded"));
        QCOMPARE(target("aws_db_instance", "postgres", "18"), QStringLiteral("18 from 18 newer"));
        QCOMPARE(target("aws_db_instance", "mysql", "5.7.44"),
                 QStringLiteral("8.0 from 5.7 upgraded"));
        QCOMPARE(target("aws_db_instance", "mysql", "8.0.36"), QStringLiteral("8.0 from 8.0"));
        QCOMPARE(target("aws_eks_cluster", "kubernetes", "1.29.1-do.0"),
                 QStringLiteral("1.33 from 1.29 upgraded"));
        QCOMPARE(target("aws_eks_cluster", "kubernetes", "v1.34"),
                 QStringLiteral("1.34 from 1.34"));
        QCOMPARE(target("aws_db_instance", "postgres", "latest"), QStringLiteral("-"));
        QCOMPARE(target("aws_db_instance", "mongodb", "6.0"), QStringLiteral("-"));
        // A malformed table is refused with its place.
        QVERIFY(!EngineVersions::parse(
            "format: 1\nreviewed: x\nservices:\n  s:\n    e: [\"2\", \"1\"]\n",
            QStringLiteral("bad.yaml"), &t, &e));
        QCOMPARE(e.line, 5);
        QVERIFY2(e.message.contains(QStringLiteral("ascending")), qPrintable(e.message));
        // The built-in table is readable and holds what the export names.
        QVERIFY(EngineVersions::builtIn()
                    .targetFor(QStringLiteral("aws_db_instance"), QStringLiteral("postgres"),
                               QStringLiteral("10"))
                    ->upgraded);
    }

    /// A record that pointed at a load balancer that moves becomes an alias to the new one
    /// (no TTL or records, which Route 53 refuses on an alias); one that pointed at a reserved
    /// IP that moves, the Elastic IP's address (tests/data/terraform/records-follow.ferry.yaml).
    void terraformRecordsFollowWhatTheyPointedAt()
    {
        Plan p;
        FileError e;
        QVERIFY2(PlanFile::load(QStringLiteral(SRCDIR "data/terraform/records-follow.ferry.yaml"),
                                &p, &e),
                 qPrintable(e.toString()));
        const QString main =
            TerraformExport::generate(p).value(QStringLiteral("production/main.tf"));
        const QString www =
            main.section(QStringLiteral("resource \"aws_route53_record\" \"www\""), 1)
                .section(QStringLiteral("\n}\n"), 0, 0);
        // Until the runbook switches it, the record serves the source's value, 60 s TTL; then an
        // alias to the new load balancer (ttl and records left out, as an alias needs).
        QVERIFY2(
            www.contains(QStringLiteral(
                "  ttl     = var.www_switched ? null : var.www_ttl\n"
                "  records = var.www_switched ? null : [\"203.0.113.10\"]\n\n"
                "  dynamic \"alias\" {\n    for_each = var.www_switched ? [aws_lb.web_lb] : []\n"
                "    content {\n      name                   = alias.value.dns_name\n"
                "      zone_id                = alias.value.zone_id\n")),
            qPrintable(www));
        QVERIFY(main.contains(
            QStringLiteral("records = var.mail_switched ? [aws_eip.r_203_0_113_20.public_ip] : "
                           "[\"203.0.113.20\"]")));
        const QString variables =
            TerraformExport::generate(p).value(QStringLiteral("production/variables.tf"));
        QVERIFY(variables.contains(QStringLiteral("variable \"www_switched\" {")));
        QVERIFY(variables.contains(QStringLiteral("  type        = number\n  default     = 60\n")));
        QVERIFY(!variables.contains(QStringLiteral("variable \"www_target\"")));
        // The runbook's switch step sets that variable in a file of its own and applies the
        // record alone; its rollback removes the file; its cleanup gives the TTL back.
        const Runbook rb = RunbookGenerator::generate(p);
        const RunbookStep *sw = rb.step(QStringLiteral("cutover/switch-dns/do:record:1"));
        QVERIFY(sw);
        QVERIFY2(sw->instructions.contains(QStringLiteral(
                     "echo \"www_switched = true\" > production/www_switched.auto.tfvars\n"
                     "terraform -chdir=production apply -target=aws_route53_record.www\n")),
                 qPrintable(sw->instructions));
        QVERIFY(sw->instructions.contains(QStringLiteral("an alias to the new load balancer")));
        QVERIFY(!sw->instructions.contains(QStringLiteral("TARGET_VALUE")));
        const RunbookStep *back = rb.step(QStringLiteral("rollback/switch-dns-back/do:record:1"));
        QVERIFY(back && back->instructions.contains(
                            QStringLiteral("rm production/www_switched.auto.tfvars\n")));
        const RunbookStep *mail = rb.step(QStringLiteral("cutover/switch-dns/do:record:2"));
        QVERIFY(mail && mail->instructions.contains(QStringLiteral("the Elastic IP's address")));
    }

    /// The size table: a source's figures from the import, its slug or the table; the
    /// smallest class that holds them, checked by hand against AWS's published figures.
    void sizesFromTheTable()
    {
        const InstanceSizes &sizes = InstanceSizes::builtIn();
        auto figures = [&](const QString &slug, const StringMap &attributes = {}) {
            Resource r;
            r.size = slug;
            r.attributes = attributes;
            const std::optional<SizeFigures> f = sizes.figuresOf(r);
            return f ? QStringLiteral("%1/%2").arg(f->vcpus).arg(f->memoryMb) : QStringLiteral("-");
        };
        QCOMPARE(figures(QStringLiteral("s-2vcpu-4gb")), QStringLiteral("2/4096"));
        QCOMPARE(figures(QStringLiteral("s-1vcpu-512mb-10gb")), QStringLiteral("1/512"));
        QCOMPARE(figures(QStringLiteral("db-s-1vcpu-2gb")), QStringLiteral("1/2048"));
        QCOMPARE(figures(QStringLiteral("gd-16vcpu-64gb")), QStringLiteral("16/65536"));
        QCOMPARE(figures(QStringLiteral("c-4")), QStringLiteral("4/8192"));
        QCOMPARE(figures(QStringLiteral("standard-2x")), QStringLiteral("1/1024"));
        QCOMPARE(figures(QStringLiteral("heroku-postgresql:standard-0")), QStringLiteral("0/4096"));
        QCOMPARE(figures(QStringLiteral("1024mb"),
                         {{QStringLiteral("vcpus"), QStringLiteral("1")},
                          {QStringLiteral("memory_mb"), QStringLiteral("1024")}}),
                 QStringLiteral("1/1024")); // the import's figures first
        QCOMPARE(figures(QStringLiteral("mystery")), QStringLiteral("-"));
        // Heroku's API capitalises dyno sizes; the table's keys are lowercase.
        QCOMPARE(figures(QStringLiteral("Standard-2X")), QStringLiteral("1/1024"));
        QCOMPARE(figures(QStringLiteral("heroku-redis:mini")), QStringLiteral("0/25"));
        // A shared plan (Heroku publishes no memory for essential-*): the smallest class.
        {
            Resource essential;
            essential.size = QStringLiteral("heroku-postgresql:essential-0");
            const std::optional<SizeFigures> f = sizes.figuresOf(essential);
            QVERIFY(f && f->shared);
            QCOMPARE(sizeFiguresText(*f),
                     QStringLiteral("shared servers, no dedicated vCPU or memory"));
            QCOMPARE(sizes.targetFor(QStringLiteral("aws_db_instance"), *f)->sizeClass,
                     QStringLiteral("db.t3.micro"));
            QCOMPARE(
                sizes.targetFor(QStringLiteral("digitalocean_database_cluster"), *f)->sizeClass,
                QStringLiteral("db-s-1vcpu-1gb"));
        }

        auto target = [&](const char *service, int vcpus, int memoryMb) {
            const std::optional<TargetSize> t =
                sizes.targetFor(QString::fromLatin1(service), {vcpus, memoryMb});
            return t ? t->sizeClass : QStringLiteral("-");
        };
        // A 16 vCPU / 128 GiB database is not a db.t3.medium.
        QCOMPARE(target("aws_db_instance", 16, 131072), QStringLiteral("db.r6i.4xlarge"));
        QCOMPARE(target("aws_db_instance", 2, 4096), QStringLiteral("db.t3.medium"));
        QCOMPARE(target("aws_instance", 1, 1024), QStringLiteral("t3.micro"));
        QCOMPARE(target("aws_instance", 4, 8192), QStringLiteral("c6i.xlarge"));
        QCOMPARE(target("aws_instance", 4, 16384), QStringLiteral("m6i.xlarge"));
        QCOMPARE(target("aws_instance", 8, 65536), QStringLiteral("r6i.2xlarge"));
        QCOMPARE(target("aws_elasticache_replication_group", 1, 1024),
                 QStringLiteral("cache.t3.small"));
        QCOMPARE(target("aws_instance", 128, 2097152), QStringLiteral("-"));
        QCOMPARE(target("aws_lambda_function", 1, 512), QStringLiteral("-"));

        // In the export: the class, and both sides' figures in a comment.
        Plan p;
        Resource db;
        db.id = QStringLiteral("do:dbaas:1");
        db.type = QStringLiteral("digitalocean_database_cluster");
        db.name = QStringLiteral("big");
        db.size = QStringLiteral("db-s-16vcpu-128gb");
        db.attributes = {{QStringLiteral("engine"), QStringLiteral("pg")}};
        p.inventory.add(db);
        Mapping m;
        m.resourceId = db.id;
        m.accountId = QStringLiteral("production");
        m.targetService = QStringLiteral("aws_db_instance");
        p.setMapping(m);
        const QMap<QString, QString> files = TerraformExport::generate(p);
        QString hcl;
        for (auto f = files.cbegin(); f != files.cend(); ++f)
            if (f.key().endsWith(QLatin1String("main.tf")))
                hcl += f.value();
        QVERIFY2(hcl.contains(QStringLiteral("# Sized from the source: db-s-16vcpu-128gb (16 vCPU, "
                                             "128 GiB) → db.r6i.4xlarge (16 vCPU, 128 GiB)")),
                 qPrintable(hcl));
        QVERIFY2(hcl.contains(QRegularExpression(
                     QStringLiteral("instance_class\\s+= \"db\\.r6i\\.4xlarge\""))),
                 qPrintable(hcl));

        // EKS versions are major.minor (an offered one: the table's own test covers upgrades).
        Resource k8s;
        k8s.id = QStringLiteral("do:kubernetes:1");
        k8s.type = QStringLiteral("digitalocean_kubernetes_cluster");
        k8s.name = QStringLiteral("apps");
        k8s.attributes = {{QStringLiteral("version"), QStringLiteral("1.34.2-do.0")}};
        Plan withCluster;
        withCluster.inventory.add(k8s);
        m.resourceId = k8s.id;
        m.targetService = QStringLiteral("aws_eks_cluster");
        withCluster.setMapping(m);
        QString eks;
        const QMap<QString, QString> eksFiles = TerraformExport::generate(withCluster);
        for (auto f = eksFiles.cbegin(); f != eksFiles.cend(); ++f)
            if (f.key().endsWith(QLatin1String("main.tf")))
                eks += f.value();
        QVERIFY2(eks.contains(QRegularExpression(QStringLiteral("\\bversion\\s+= \"1\\.34\"\\n"))),
                 qPrintable(eks));

        // A table that cannot be read says where.
        InstanceSizes t;
        FileError e;
        QVERIFY(!InstanceSizes::parse("format: 1\ntargets:\n  aws_instance:\n    - {class: x, "
                                      "vcpus: 2}\n",
                                      QStringLiteral("sizes.yaml"), &t, &e));
        QCOMPARE(e.file, QStringLiteral("sizes.yaml"));
        QCOMPARE(e.line, 4);
    }

    void hclAlignmentFollowsFmt()
    {
        // Expected text written by hand from hclwrite's formatCells rules.
        HclWriter w;
        w.block(QStringLiteral("resource"),
                {QStringLiteral("aws_instance"), QStringLiteral("web")});
        w.string(QStringLiteral("ami"), QStringLiteral("ami-1"));
        w.string(QStringLiteral("instance_type"), QStringLiteral("t3.micro"));
        w.comment(QStringLiteral("TODO: subnet"));
        w.string(QStringLiteral("subnet_id"), QString());
        w.blank();
        w.object(QStringLiteral("tags"));
        w.string(QStringLiteral("Name"), QStringLiteral("web ${x} %{y}"));
        w.string(QStringLiteral("\"ferry:source\""), QStringLiteral("a\"b\\c"));
        w.end();
        w.end();
        const QString expected = QStringLiteral("resource \"aws_instance\" \"web\" {\n"
                                                "  ami           = \"ami-1\"\n"
                                                "  instance_type = \"t3.micro\"\n"
                                                "  # TODO: subnet\n"
                                                "  subnet_id = \"\"\n"
                                                "\n"
                                                "  tags = {\n"
                                                "    Name           = \"web $${x} %%{y}\"\n"
                                                "    \"ferry:source\" = \"a\\\"b\\\\c\"\n"
                                                "  }\n"
                                                "}\n");
        QCOMPARE(w.text(), expected);
        QCOMPARE(HclWriter::identifier(QStringLiteral("1-web.example.com")),
                 QStringLiteral("r_1_web_example_com"));
    }

    void mappingRules_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("attribute");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("service");
        QTest::newRow("droplet") << "digitalocean_droplet"
                                 << ""
                                 << ""
                                 << "aws_instance";
        QTest::newRow("classic load balancer") << "aws_elb"
                                               << ""
                                               << ""
                                               << "aws_lb";
        QTest::newRow("pg") << "digitalocean_database_cluster"
                            << "engine"
                            << "pg"
                            << "aws_db_instance";
        QTest::newRow("redis") << "digitalocean_database_cluster"
                               << "engine"
                               << "redis"
                               << "aws_elasticache_replication_group";
        QTest::newRow("spaces") << "digitalocean_spaces_bucket"
                                << ""
                                << ""
                                << "aws_s3_bucket";
        QTest::newRow("lb") << "digitalocean_loadbalancer"
                            << ""
                            << ""
                            << "aws_lb";
        QTest::newRow("domain") << "digitalocean_domain"
                                << ""
                                << ""
                                << "aws_route53_zone";
        QTest::newRow("record") << "digitalocean_record"
                                << ""
                                << ""
                                << "aws_route53_record";
        QTest::newRow("volume") << "digitalocean_volume"
                                << ""
                                << ""
                                << "aws_ebs_volume";
        QTest::newRow("vpc") << "digitalocean_vpc"
                             << ""
                             << ""
                             << "aws_vpc";
        QTest::newRow("firewall") << "digitalocean_firewall"
                                  << ""
                                  << ""
                                  << "aws_security_group";
        QTest::newRow("doks") << "digitalocean_kubernetes_cluster"
                              << ""
                              << ""
                              << "aws_eks_cluster";
        QTest::newRow("heroku app") << "heroku_app"
                                    << ""
                                    << ""
                                    << "aws_ecs_service";
        QTest::newRow("heroku pg") << "heroku_addon"
                                   << "plan"
                                   << "heroku-postgresql:hobby-dev"
                                   << "aws_db_instance";
        QTest::newRow("heroku redis") << "heroku_addon"
                                      << "plan"
                                      << "heroku-redis:mini"
                                      << "aws_elasticache_replication_group";
        QTest::newRow("aws self") << "aws_db_instance"
                                  << ""
                                  << ""
                                  << "aws_db_instance";
    }

    void mappingRules()
    {
        QFETCH(QString, type);
        QFETCH(QString, attribute);
        QFETCH(QString, value);
        QFETCH(QString, service);
        Resource r;
        r.type = type;
        if (!attribute.isEmpty())
            r.attributes.insert(attribute, value);
        QCOMPARE(MappingRules::builtIn().suggest(r).service, service);
    }

    /// Rules per target cloud (#14): a Heroku app goes onto App Platform in a DigitalOcean
    /// team and onto ECS in AWS; a mapping moved to the other cloud is suggested again, one
    /// kept in its cloud keeps the person's choice.
    void mappingRulesPerTargetCloud()
    {
        const MappingRules &rules = MappingRules::builtIn();
        Resource app;
        app.type = QStringLiteral("heroku_app");
        Resource pg;
        pg.type = QStringLiteral("heroku_addon");
        pg.attributes.insert(QStringLiteral("plan"),
                             QStringLiteral("heroku-postgresql:standard-0"));
        Resource redis = pg;
        redis.attributes.insert(QStringLiteral("plan"), QStringLiteral("heroku-redis:premium-0"));
        Resource papertrail = pg;
        papertrail.attributes.insert(QStringLiteral("plan"), QStringLiteral("papertrail:choklad"));
        Resource pipeline;
        pipeline.type = QStringLiteral("heroku_pipeline");
        const auto DO = TargetCloud::DigitalOcean;
        QCOMPARE(rules.suggest(app, DO).service, QStringLiteral("digitalocean_app"));
        QCOMPARE(rules.suggest(app, DO).strategy, Strategy::Replatform);
        QCOMPARE(rules.suggest(pg, DO).service, QStringLiteral("digitalocean_database_cluster"));
        QCOMPARE(rules.suggest(redis, DO).service, QStringLiteral("digitalocean_database_cluster"));
        QCOMPARE(rules.suggest(papertrail, DO).service, QString());
        QCOMPARE(rules.suggest(papertrail, DO).strategy, Strategy::Repurchase);
        QCOMPARE(rules.suggest(pipeline, DO).strategy, Strategy::Retire);
        QCOMPARE(rules.suggest(app).service, QStringLiteral("aws_ecs_service"));
        // What else a team takes: servers, security groups, DNS, and DigitalOcean's own kinds.
        for (const auto &[source, service] :
             {std::pair{"aws_instance", "digitalocean_droplet"},
              std::pair{"aws_security_group", "digitalocean_firewall"},
              std::pair{"aws_route53_zone", "digitalocean_domain"},
              std::pair{"aws_route53_record", "digitalocean_record"},
              std::pair{"digitalocean_droplet", "digitalocean_droplet"},
              std::pair{"digitalocean_firewall", "digitalocean_firewall"}}) {
            Resource r;
            r.type = QString::fromLatin1(source);
            QCOMPARE(rules.suggest(r, DO).service, QString::fromLatin1(service));
        }

        Account team;
        team.cloud = DO;
        Account aws;
        const Mapping onEcs{QString(), QStringLiteral("production"),
                            QStringLiteral("aws_ecs_service"), Strategy::Rehost, 1};
        QCOMPARE(rules.suggestFor(app, team, &onEcs).service, QStringLiteral("digitalocean_app"));
        QCOMPARE(rules.suggestFor(app, aws, &onEcs).service, QStringLiteral("aws_ecs_service"));
        QCOMPARE(rules.suggestFor(app, aws, &onEcs).strategy, Strategy::Rehost);
        const Mapping undecided{QString(), QStringLiteral("production"), QString(),
                                Strategy::Retain, 1};
        QCOMPARE(rules.suggestFor(app, team, &undecided).strategy, Strategy::Retain);
        QCOMPARE(rules.suggestFor(app, team, nullptr).service, QStringLiteral("digitalocean_app"));

        MappingRules bad;
        FileError e;
        QVERIFY(!bad.parse("rules:\n  - {target: azure, source: x, service: y, strategy: rehost}\n",
                           QStringLiteral("r.yaml"), &e));
        QCOMPARE(e.line, 2);
        QVERIFY2(e.message.contains(QStringLiteral("aws or digitalocean")), qPrintable(e.message));
    }

    void selectors()
    {
        const Plan p = example();
        QString error;
        QCOMPARE(selectResources(p, QStringLiteral("type:droplet"), &error).size(), 3);
        QCOMPARE(selectResources(p, QStringLiteral("do:record:*"), &error).size(), 5);
        QCOMPARE(selectResources(p, QStringLiteral("name:openstack*"), &error).size(),
                 2); // the volume is "kvmdata"
        QVERIFY(selectResources(p, QStringLiteral("tag:"), &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGenerators)
#include "tst_generators.moc"
