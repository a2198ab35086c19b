// SPDX-License-Identifier: MIT
// Item models under QAbstractItemModelTester; drag and drop through dropMimeData and the undo
// stack.
#include "commands.h"
#include "datacomparisonmodels.h"
#include "inventorymodel.h"
#include "organizationmodel.h"
#include "plandocument.h"
#include "resourcemimedata.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QTextDocument>

using namespace Ferry;

class TestModels : public QObject
{
    Q_OBJECT
private:
    static void loadExample(PlanDocument *doc)
    {
        FileError e;
        QVERIFY2(doc->load(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"), &e),
                 qPrintable(e.toString()));
    }

private slots:
    void modelsPassTester()
    {
        PlanDocument doc;
        InventoryModel inventory(&doc);
        OrganizationModel org(&doc);
        QAbstractItemModelTester t1(&inventory,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&org, QAbstractItemModelTester::FailureReportingMode::QtTest);
        loadExample(&doc);
        QCOMPARE(inventory.rowCount(), 2); // aws, digitalocean
        QVERIFY(org.rowCount() >= 2);
        // Mapping changes and undo keep the testers happy.
        doc.undoStack()->push(ChangeMappings::mapTo(
            &doc, {QStringLiteral("tf:module.lemp.aws_lb.tQBgz")}, QStringLiteral("staging")));
        doc.undoStack()->undo();
        doc.undoStack()->redo();
    }

    /// Tool tips show names verbatim: Qt renders a tooltip that merely looks like HTML as rich
    /// text, so a resource or account named `<img …>` must come escaped.
    void toolTipsShowNamesVerbatim()
    {
        const QString hostile = QStringLiteral("<img src=x onerror=alert(1)><b>bold</b> & co");
        Plan plan;
        Resource r;
        r.id = QStringLiteral("do:droplet:") + hostile;
        r.name = hostile;
        r.type = QStringLiteral("digitalocean_droplet");
        r.provider = QStringLiteral("digitalocean");
        r.sourceFile = hostile;
        plan.inventory.add(r);
        plan.organization.accounts[0].name = hostile;
        PlanDocument doc;
        doc.reset(plan, QString());
        InventoryModel inventory(&doc);
        OrganizationModel org(&doc);
        auto shown = [](const QVariant &tip) {
            QTextDocument d;
            d.setHtml(tip.toString());
            return d.toPlainText();
        };
        const QString resourceTip =
            shown(inventory.indexOf(r.id).data(Qt::ToolTipRole));
        QVERIFY2(resourceTip.startsWith(r.id + u'\n') && resourceTip.endsWith(hostile),
                 qPrintable(resourceTip));
        const QString accountTip =
            shown(org.accountIndex(plan.organization.accounts[0].id).data(Qt::ToolTipRole));
        QVERIFY2(accountTip.contains(hostile), qPrintable(accountTip));
    }

    void dropOnAccountMapsAndUndoes()
    {
        PlanDocument doc;
        loadExample(&doc);
        OrganizationModel org(&doc);
        const QStringList ids = {QStringLiteral("tf:module.lemp.aws_lb.tQBgz"),
                                 QStringLiteral("tf:module.lemp.aws_db_instance.Cpbzf[0]"),
                                 QStringLiteral("tf:module.lemp.aws_launch_template.vIkyE")};
        for (const QString &id : ids)
            QVERIFY(!doc.plan().mapping(id));
        ResourceMimeData mime(ids);
        const QModelIndex production = org.accountIndex(QStringLiteral("production"));
        QVERIFY(production.isValid());
        QVERIFY(org.canDropMimeData(&mime, Qt::MoveAction, -1, -1, production));
        QVERIFY(
            !org.canDropMimeData(&mime, Qt::MoveAction, -1, -1, QModelIndex())); // not on the root
        QVERIFY(org.dropMimeData(&mime, Qt::MoveAction, -1, -1, production));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Map 3 resources to production"));
        for (const QString &id : ids)
            QCOMPARE(doc.plan().mapping(id)->accountId, QStringLiteral("production"));
        // The default target service comes from the mapping rules (AWS types map to themselves).
        QCOMPARE(doc.plan().mapping(ids[1])->targetService, QStringLiteral("aws_db_instance"));
        QVERIFY(doc.isModified());

        // Drag between accounts remaps, keeping service, strategy and wave.
        const QModelIndex staging = org.accountIndex(QStringLiteral("staging"));
        ResourceMimeData one({ids[0]});
        QVERIFY(org.dropMimeData(&one, Qt::MoveAction, -1, -1, staging));
        QCOMPARE(doc.plan().mapping(ids[0])->accountId, QStringLiteral("staging"));
        QCOMPARE(doc.plan().mapping(ids[0])->targetService, QStringLiteral("aws_lb"));

        doc.undoStack()->undo();
        QCOMPARE(doc.plan().mapping(ids[0])->accountId, QStringLiteral("production"));
        doc.undoStack()->undo();
        for (const QString &id : ids)
            QVERIFY(!doc.plan().mapping(id));
        QVERIFY(!doc.isModified());
        doc.undoStack()->redo();
        QCOMPARE(doc.plan().mapping(ids[2])->accountId, QStringLiteral("production"));
    }

    void dropOnInventoryUnmaps()
    {
        PlanDocument doc;
        loadExample(&doc);
        InventoryModel inventory(&doc);
        const QString id = QStringLiteral("do:droplet:19");
        QVERIFY(doc.plan().mapping(id));
        std::unique_ptr<QMimeData> mime(inventory.mimeData({inventory.indexOf(id)}));
        QCOMPARE(*ResourceMimeData::ids(mime.get()), QStringList{id});
        QVERIFY(inventory.dropMimeData(mime.get(), Qt::MoveAction, -1, -1, QModelIndex()));
        QVERIFY(!doc.plan().mapping(id));
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Unmap test.example.com"));
        doc.undoStack()->undo();
        QCOMPARE(doc.plan().mapping(id)->accountId, QStringLiteral("production"));
    }

    void removingAnAccountUnmapsAndUndoRestores()
    {
        PlanDocument doc;
        loadExample(&doc);
        const int before = int(doc.plan().resourcesInAccount(QStringLiteral("staging")).size());
        QVERIFY(before > 0);
        Organization org = doc.plan().organization;
        org.accounts.removeIf([](const Account &a) { return a.id == QLatin1String("staging"); });
        doc.undoStack()->push(
            new ChangeOrganization(&doc, org, QStringLiteral("Remove account staging")));
        QVERIFY(!doc.plan().organization.account(QStringLiteral("staging")));
        QCOMPARE(doc.plan().resourcesInAccount(QStringLiteral("staging")).size(), 0);
        doc.undoStack()->undo();
        QCOMPARE(int(doc.plan().resourcesInAccount(QStringLiteral("staging")).size()), before);
    }

    void renameAccountInPlace()
    {
        PlanDocument doc;
        loadExample(&doc);
        OrganizationModel org(&doc);
        QVERIFY(org.setData(org.accountIndex(QStringLiteral("production")), QStringLiteral("prod"),
                            Qt::EditRole));
        QCOMPARE(doc.plan().organization.account(QStringLiteral("production"))->name,
                 QStringLiteral("prod"));
        doc.undoStack()->undo();
        QCOMPARE(doc.plan().organization.account(QStringLiteral("production"))->name,
                 QStringLiteral("production"));
    }

    void importIsOneUndoStep()
    {
        PlanDocument doc;
        Inventory inv;
        Resource r;
        r.id = QStringLiteral("do:droplet:1");
        r.type = QStringLiteral("digitalocean_droplet");
        r.provider = QStringLiteral("digitalocean");
        r.name = QStringLiteral("one");
        inv.add(r);
        ImportReport report;
        doc.undoStack()->push(new ImportInventory(&doc, inv, &report));
        QCOMPARE(doc.plan().inventory.resources.size(), size_t(1));
        QCOMPARE(report.added, QStringList{r.id});
        doc.undoStack()->undo();
        QVERIFY(doc.plan().inventory.resources.empty());
    }

    void failedLoadKeepsPlan()
    {
        PlanDocument doc;
        loadExample(&doc);
        const Plan before = doc.plan();
        FileError e;
        QVERIFY(!doc.load(QStringLiteral(SRCDIR "data/real/dropletkit_droplets.json"), &e));
        QVERIFY(e.line >= 1);
        QCOMPARE(doc.plan(), before);
    }

    /// A data check's differing rows side by side: one line per differing column of a row in
    /// both sides, the whole row for a row on one side. Expected lines written by hand.
    void dataDifferencesSideBySide()
    {
        RowDifference changed;
        changed.kind = RowDifference::Kind::Different;
        changed.key = {QStringLiteral("42")};
        changed.sourceRow = QStringLiteral(
            R"({"id":42,"name":"Zoë","amount":1.50,"note":null,"tags":["a"],"active":true})");
        changed.targetRow = QStringLiteral(
            R"({"id":42,"name":"Zoe","amount":1.50,"note":"<null>","tags":["a"],"active":false})");
        const QStringList columns = {QStringLiteral("id"),     QStringLiteral("name"),
                                     QStringLiteral("amount"), QStringLiteral("note"),
                                     QStringLiteral("tags"),   QStringLiteral("active")};
        const auto lines =
            DataDifferencesModel::linesOf(QStringLiteral("public.t"), columns, changed);
        QCOMPARE(lines.size(), 3); // name, note, active — not id, amount, tags
        QCOMPARE(lines[0].column, QStringLiteral("name"));
        QCOMPARE(lines[0].source, QStringLiteral("Zoë"));
        QCOMPARE(lines[0].target, QStringLiteral("Zoe"));
        QCOMPARE(lines[1].column, QStringLiteral("note"));
        QCOMPARE(lines[1].source, QStringLiteral("NULL")); // SQL NULL, not the text '<null>'
        QCOMPARE(lines[1].target, QStringLiteral("<null>"));
        QCOMPARE(lines[2].column, QStringLiteral("active"));
        QCOMPARE(lines[2].source, QStringLiteral("true"));
        QCOMPARE(lines[2].target, QStringLiteral("false"));
        QCOMPARE(lines[2].key, QStringLiteral("42"));
        QCOMPARE(lines[2].kind, QStringLiteral("different"));

        // A column only the target has.
        RowDifference added = changed;
        added.sourceRow = QStringLiteral(R"({"id":1})");
        added.targetRow = QStringLiteral(R"({"id":1,"extra":2})");
        const auto extraColumn = DataDifferencesModel::linesOf(QStringLiteral("t"), {}, added);
        QCOMPARE(extraColumn.size(), 1);
        QCOMPARE(extraColumn[0].column, QStringLiteral("extra"));
        QCOMPARE(extraColumn[0].source, QStringLiteral("—"));
        QCOMPARE(extraColumn[0].target, QStringLiteral("2"));

        RowDifference missing;
        missing.kind = RowDifference::Kind::MissingInTarget;
        missing.key = {QStringLiteral("7"), QStringLiteral("eu")};
        missing.sourceRow = QStringLiteral(R"({"id":7,"region":"eu"})");
        const auto gone = DataDifferencesModel::linesOf(QStringLiteral("public.t"), {}, missing);
        QCOMPARE(gone.size(), 1);
        QCOMPARE(gone[0].key, QStringLiteral("7, eu"));
        QCOMPARE(gone[0].kind, QStringLiteral("missing"));
        QCOMPARE(gone[0].column, QStringLiteral("(row)"));
        QCOMPARE(gone[0].source, missing.sourceRow);
        QCOMPARE(gone[0].target, QStringLiteral("—"));

        // Rows whose JSON texts look the same (a difference JSON does not show, such as -0.0
        // and 0.0 printed alike): both texts as they are.
        RowDifference hidden = changed;
        hidden.sourceRow = hidden.targetRow = QStringLiteral(R"({"id":42,"x":0})");
        const auto same = DataDifferencesModel::linesOf(QStringLiteral("t"), {}, hidden);
        QCOMPARE(same.size(), 1);
        QCOMPARE(same[0].column, QStringLiteral("(row)"));

        auto comparison = std::make_shared<DataComparison>();
        TableComparison t;
        t.schema = QStringLiteral("public");
        t.name = QStringLiteral("t");
        t.status = TableComparison::Status::Different;
        t.sourceRows = 10;
        t.targetRows = 9;
        t.missingInTarget = 1;
        t.different = 1;
        t.differences = {missing, changed};
        t.columnsCompared = columns;
        comparison->tables = {t};
        DataDifferencesModel differences;
        QAbstractItemModelTester dt(&differences,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        differences.setComparison(comparison);
        QCOMPARE(differences.rowCount(), 4);
        QCOMPARE(differences.index(1, DataDifferencesModel::SourceColumn).data().toString(),
                 QStringLiteral("Zoë"));
        QCOMPARE(differences.index(1, DataDifferencesModel::TargetColumn).data().toString(),
                 QStringLiteral("Zoe"));

        DataTablesModel tables;
        QAbstractItemModelTester tt(&tables,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        tables.setProgress({{QStringLiteral("public.t"), QStringLiteral("narrowing"), 10, 10, 2}});
        QCOMPARE(tables.rowCount(), 1);
        QCOMPARE(tables.index(0, DataTablesModel::StatusColumn).data().toString(),
                 QStringLiteral("narrowing"));
        QCOMPARE(tables.index(0, DataTablesModel::ProgressColumn).data().toString(),
                 QStringLiteral("10 rows hashed, 2 segments left"));
        tables.setComparison(comparison);
        QCOMPARE(tables.index(0, DataTablesModel::StatusColumn).data().toString(),
                 QStringLiteral("different"));
        QCOMPARE(tables.index(0, DataTablesModel::TargetRowsColumn).data().toString(),
                 QStringLiteral("9"));
        QCOMPARE(tables.index(0, DataTablesModel::MissingColumn).data().toString(),
                 QStringLiteral("1"));
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
