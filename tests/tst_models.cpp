// SPDX-License-Identifier: MIT
// Item models under QAbstractItemModelTester; drag and drop through dropMimeData and the undo
// stack.
#include "commands.h"
#include "inventorymodel.h"
#include "organizationmodel.h"
#include "plandocument.h"
#include "resourcemimedata.h"

#include <QAbstractItemModelTester>
#include <QTest>

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
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
