// SPDX-License-Identifier: MIT
// The main window on the offscreen platform, opened on the bundled example plan.
#include "accountdialog.h"
#include "checksmodel.h"
#include "checkspanel.h"
#include "commands.h"
#include "datacomparisonmodels.h"
#include "dependencyview.h"
#include "mainwindow.h"
#include "organizationmodel.h"
#include "plandocument.h"
#include "planfile.h"
#include "plantrust.h"
#include "resourcemimedata.h"
#include "runlog.h"
#include "secrets.h"
#include "terraformexport.h"
#include "unitdialog.h"

#include <QDropEvent>
#include <QGraphicsItem>
#include <QGraphicsScene>

#include <QUndoStack>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QTreeView>

using namespace Ferry;

/// Saves `plan` as `name` in `dir`, opens it in `w` and shows `w` at 1400×900 on screen; false
/// (with a warning saying what failed) when any step does.
bool showPlan(MainWindow &w, const Plan &plan, const QTemporaryDir &dir, const QString &name)
{
    FileError e;
    if (!PlanFile::save(plan, dir.filePath(name), &e)) {
        qWarning("%s", qPrintable(e.toString()));
        return false;
    }
    if (!w.openFile(dir.filePath(name))) {
        qWarning("cannot open %s", qPrintable(dir.filePath(name)));
        return false;
    }
    w.resize(1400, 900);
    w.show();
    return QTest::qWaitForWindowExposed(&w);
}

class TestGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void opensExamplePlan()
    {
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml")));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.windowTitle(),
                 QStringLiteral("Example: DigitalOcean to AWS (example.ferry.yaml)[*] — Ferry"));
        w.document()->undoStack()->push(
            new RenamePlan(w.document(), QStringLiteral("Move to AWS")));
        QCOMPARE(w.windowTitle(), QStringLiteral("Move to AWS (example.ferry.yaml)[*] — Ferry"));
        QVERIFY(w.isWindowModified());
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->plan().name, QStringLiteral("Example: DigitalOcean to AWS"));
        QCOMPARE(w.inventoryView()->model()->rowCount(), 2);
        QVERIFY(w.organizationView()->model()->rowCount() >= 2);
        const auto counts = w.dependencyView()->itemCounts();
        QCOMPARE(counts.first, int(w.document()->plan().inventory.resources.size()));
        QCOMPARE(counts.second, int(w.document()->plan().inventory.dependencies.size()));
        w.resize(1500, 900);
        w.selectResources({QStringLiteral("do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30")});
        QCOMPARE(w.dependencyView()->selectedResources().size(), 1);
        const QImage shot = w.grab().toImage();
        QVERIFY(!shot.isNull());
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
            shot.save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT"));
    }

    void undoAndModifiedMark()
    {
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml")));
        QVERIFY(!w.isWindowModified());
        w.selectResources({QStringLiteral("do:droplet:19")});
        QCOMPARE(w.dependencyView()->selectedResources(),
                 QStringList{QStringLiteral("do:droplet:19")});
        // Delete unmaps the selection through the Edit menu's action.
        QAction *unmap = nullptr;
        for (QAction *a : w.findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(QKeySequence::Delete))
                unmap = a;
        QVERIFY(unmap);
        unmap->trigger();
        QVERIFY(!w.document()->plan().mapping(QStringLiteral("do:droplet:19")));
        QVERIFY(w.isWindowModified());
        w.document()->undoStack()->undo();
        QVERIFY(w.document()->plan().mapping(QStringLiteral("do:droplet:19")));
        QVERIFY(!w.isWindowModified());
    }

    /// The properties panel edits one resource's target endpoint as an undoable step; Generate
    /// Checks then adds the target side's checks; an endpoint that is not host[:port] is
    /// refused with a message and changes nothing.
    void endpointEditGeneratesTargetChecks()
    {
        QTemporaryDir dir;
        MainWindow w;
        // The example as imported: no endpoints, no checks, no runbook of its own yet.
        Plan imported;
        FileError loadError;
        QVERIFY(PlanFile::load(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"),
                               &imported, &loadError));
        for (auto &[id, m] : imported.mappings)
            m.endpoint.clear();
        imported.checks.clear();
        imported.runbook.reset();
        QVERIFY(PlanFile::save(imported, dir.filePath(QStringLiteral("imported.ferry.yaml")),
                               &loadError));
        QVERIFY(w.openFile(dir.filePath(QStringLiteral("imported.ferry.yaml"))));
        const QString db = QStringLiteral("do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30");
        w.selectResources({db});
        auto *endpoint = w.findChild<QLineEdit *>(QStringLiteral("endpoint"));
        QVERIFY(endpoint && endpoint->isEnabled());
        QVERIFY(endpoint->text().isEmpty());
        endpoint->setText(QStringLiteral("backend.c9akciq32.us-east-1.rds.amazonaws.com"));
        emit endpoint->editingFinished();
        QCOMPARE(w.document()->plan().mapping(db)->endpoint,
                 QStringLiteral("backend.c9akciq32.us-east-1.rds.amazonaws.com"));
        QCOMPARE(w.document()->undoStack()->undoText(), QStringLiteral("Set endpoint of backend"));
        w.checksPanel()->generateAction()->trigger();
        QVERIFY(w.document()->plan().checks.count(QStringLiteral("postgres:backend:target")));
        QVERIFY(w.document()->plan().checks.count(QStringLiteral("data:backend")));
        w.document()->undoStack()->undo(); // the checks
        w.document()->undoStack()->undo(); // the endpoint
        QVERIFY(w.document()->plan().mapping(db)->endpoint.isEmpty());
        QVERIFY(endpoint->text().isEmpty());

        const int steps = w.document()->undoStack()->count();
        endpoint->setText(QStringLiteral("db:99999"));
        emit endpoint->editingFinished();
        QCOMPARE(w.document()->undoStack()->count(), steps);
        QVERIFY(w.document()->plan().mapping(db)->endpoint.isEmpty());
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("host:port")),
                 qPrintable(w.statusBar()->currentMessage()));
        QVERIFY(endpoint->text().isEmpty()); // the field shows the plan again

        // Saving applies what is typed but not yet finished (the field still has the focus).
        const QString file = dir.filePath(QStringLiteral("saved.ferry.yaml"));
        FileError e;
        QVERIFY(w.document()->save(file, &e));
        QVERIFY(w.openFile(file));
        w.selectResources({db});
        endpoint->setText(QStringLiteral("db.internal:6432"));
        QAction *saveAction = nullptr;
        for (QAction *a : w.findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(QKeySequence::Save))
                saveAction = a;
        QVERIFY(saveAction);
        saveAction->trigger();
        Plan saved;
        QVERIFY(PlanFile::load(file, &saved, &e));
        QCOMPARE(saved.mapping(db)->endpoint, QStringLiteral("db.internal:6432"));
        // A wave arrow click applies at once, as one undo step.
        auto *wave = w.findChild<QSpinBox *>();
        QVERIFY(wave && wave->isEnabled());
        const int before = w.document()->plan().mapping(db)->wave;
        const int count = w.document()->undoStack()->count();
        wave->stepUp();
        QCOMPARE(w.document()->plan().mapping(db)->wave, before + 1);
        QCOMPARE(w.document()->undoStack()->count(), count + 1);
        w.document()->undoStack()->setClean();
    }

    /// The properties panel's "Also becomes" field: one undoable step that gives a droplet a
    /// further target, which its Terraform and runbook then have; a name that is not a
    /// Terraform type is refused with a message and changes nothing.
    void furtherTargetIsOneUndoStep()
    {
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml")));
        const QString droplet = QStringLiteral("tf:digitalocean_droplet.openstackaio-1");
        w.selectResources({droplet});
        auto *also = w.findChild<QLineEdit *>(QStringLiteral("also"));
        QVERIFY(also && also->isEnabled());
        QVERIFY(also->text().isEmpty());
        const int steps = w.document()->undoStack()->count();
        also->setText(QStringLiteral("aws_s3_bucket, aws_ecr_repository,aws_s3_bucket"));
        emit also->editingFinished();
        QCOMPARE(w.document()->undoStack()->count(), steps + 1);
        QCOMPARE(
            w.document()->plan().mapping(droplet)->alsoServices,
            QStringList({QStringLiteral("aws_ecr_repository"), QStringLiteral("aws_s3_bucket")}));
        QCOMPARE(w.document()->undoStack()->undoText(),
                 QStringLiteral("Set further targets of openstackaio-1"));
        QCOMPARE(also->text(), QStringLiteral("aws_ecr_repository, aws_s3_bucket"));
        // The organization tree names them after the source's own service.
        bool shown = false;
        for (QTreeView *tree : w.findChildren<QTreeView *>())
            shown = shown || !tree->model()
                                  ->match(tree->model()->index(0, 0), Qt::DisplayRole,
                                          QStringLiteral("openstackaio-1 → aws_instance + "
                                                         "aws_ecr_repository + aws_s3_bucket "
                                                         "(rehost, wave 1)"),
                                          1, Qt::MatchExactly | Qt::MatchRecursive)
                                  .isEmpty();
        QVERIFY(shown);
        const QMap<QString, QString> files = TerraformExport::generate(w.document()->plan());
        QVERIFY(files.value(QStringLiteral("staging/main.tf"))
                    .contains(
                        QStringLiteral("resource \"aws_s3_bucket\" \"openstackaio_1_s3_bucket\"")));
        w.document()->undoStack()->undo();
        QVERIFY(w.document()->plan().mapping(droplet)->alsoServices.isEmpty());
        QVERIFY(also->text().isEmpty());

        const int afterUndo = w.document()->undoStack()->count();
        also->setText(QStringLiteral("an S3 bucket"));
        emit also->editingFinished();
        QCOMPARE(w.document()->undoStack()->count(), afterUndo);
        QVERIFY(w.document()->plan().mapping(droplet)->alsoServices.isEmpty());
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("not a Terraform type")),
                 qPrintable(w.statusBar()->currentMessage()));
        QVERIFY(also->text().isEmpty());
        w.document()->undoStack()->setClean();
    }

    void importIsOneUndoStepWithReport()
    {
        qputenv("FERRY_NO_DIALOGS", "1");
        MainWindow w;
        QVERIFY(w.importFiles(
            {QStringLiteral(SRCDIR "data/real/do_neilhanlon_droplets_volume_project.tfstate"),
             QStringLiteral(SRCDIR "data/real/dropletkit_droplets.json")}));
        QCOMPARE(w.document()->plan().inventory.resources.size(), size_t(4));
        QCOMPARE(w.document()->undoStack()->count(), 1);
        QCOMPARE(w.document()->undoStack()->undoText(), QStringLiteral("Import 4 resources"));
        QVERIFY(w.isWindowModified());
        w.document()->undoStack()->undo();
        QVERIFY(w.document()->plan().inventory.resources.empty());
    }

    void failedImportLeavesPlan()
    {
        qputenv("FERRY_NO_DIALOGS", "1");
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml")));
        const Plan before = w.document()->plan();
        QTimer::singleShot(300, [] {
            for (QWidget *top : QApplication::topLevelWidgets())
                if (top->inherits("QMessageBox"))
                    top->close();
        });
        QVERIFY(!w.importFiles({QStringLiteral(SRCDIR "data/real/dropletkit_droplets.json"),
                                QStringLiteral(SRCDIR "tst_gui.cpp")})); // not an inventory
        QCOMPARE(w.document()->plan(), before);
        QCOMPARE(w.document()->undoStack()->count(), 0);
        // A file taken for an inventory that holds nothing (a compose file's `volumes:` read as
        // DigitalOcean bodies) is refused the same way, never an empty import step.
        QTemporaryDir dir;
        const QString compose = dir.filePath(QStringLiteral("docker-compose.yml"));
        QFile f(compose);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("services:\n  web:\n    image: nginx\nvolumes:\n  data: {}\n");
        f.close();
        QString shown;
        QTimer::singleShot(300, [&shown] {
            for (QWidget *top : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(top)) {
                    shown = box->text();
                    box->close();
                }
        });
        QVERIFY(!w.importFiles({compose}));
        QCOMPARE(w.document()->plan(), before);
        QCOMPARE(w.document()->undoStack()->count(), 0);
        QVERIFY2(shown.contains(compose + QStringLiteral(":1:1: holds nothing Ferry can import")) &&
                     shown.contains(QStringLiteral("The plan is unchanged.")),
                 qPrintable(shown));
    }

    void dropOnDiagramBoxRemaps()
    {
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml")));
        w.resize(1500, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        DependencyView *view = w.dependencyView();
        view->resetTransform();
        // Find the staging account's box and drop a production resource in its middle.
        QGraphicsItem *box = nullptr;
        for (QGraphicsItem *i : view->scene()->items())
            if (i->data(1).toString() == QLatin1String("staging"))
                box = i;
        QVERIFY(box);
        view->centerOn(box);
        const QPoint at =
            view->mapFromScene(box->sceneBoundingRect().bottomRight() - QPointF(5, 5));
        const QString id = QStringLiteral("do:droplet:19");
        ResourceMimeData mime({id});
        // As Qt delivers a drag: enter (which makes the viewport the drop target), move, drop.
        QDragEnterEvent enter(at, Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(at, Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton,
                            Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &move);
        QVERIFY(move.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction | Qt::MoveAction, &mime, Qt::LeftButton,
                        Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &drop);
        QVERIFY(drop.isAccepted());
        QCOMPARE(w.document()->plan().mapping(id)->accountId, QStringLiteral("staging"));
        QCOMPARE(w.document()->undoStack()->undoText(),
                 QStringLiteral("Map test.example.com to staging"));
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->plan().mapping(id)->accountId, QStringLiteral("production"));
    }

    void largePlansDrawAtMost240PerBox()
    {
        PlanDocument doc;
        Plan plan;
        for (int i = 0; i < 300; ++i) {
            Resource r;
            r.id = QStringLiteral("do:droplet:%1").arg(1000 + i);
            r.type = QStringLiteral("digitalocean_droplet");
            r.provider = QStringLiteral("digitalocean");
            r.name = QStringLiteral("web-%1").arg(i);
            plan.inventory.add(r);
        }
        plan.setMapping({QStringLiteral("do:droplet:1000"), QStringLiteral("production"),
                         QStringLiteral("aws_instance"), Strategy::Rehost, 1});
        doc.reset(plan, QString());
        DependencyView view(&doc);
        // 1 in production + 240 of the 299 unmapped.
        QCOMPARE(view.itemCounts().first, 241);
    }

    void accountDialogEditsAndValidates()
    {
        const Organization org = Organization::defaultLayout();
        AccountDialog dialog(org, *org.account(QStringLiteral("staging")));
        auto *name = dialog.findChildren<QLineEdit *>().at(0);
        auto *region = dialog.findChildren<QLineEdit *>().at(1);
        const QList<QComboBox *> combos = dialog.findChildren<QComboBox *>();
        QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        region->setText(QStringLiteral("not a region"));
        QVERIFY(!ok->isEnabled());
        region->setText(QStringLiteral("eu-central-1"));
        QVERIFY(ok->isEnabled());
        name->setText(QStringLiteral("  "));
        QVERIFY(!ok->isEnabled());
        name->setText(QStringLiteral("stage"));
        combos.at(0)->setCurrentIndex(combos.at(0)->findData(int(Environment::Sandbox)));
        combos.at(2)->setCurrentIndex(combos.at(2)->findData(QStringLiteral("infrastructure")));
        const Account a = dialog.account();
        QCOMPARE(a.id, QStringLiteral("staging")); // id is stable
        QCOMPARE(a.name, QStringLiteral("stage"));
        QCOMPARE(a.region, QStringLiteral("eu-central-1"));
        QCOMPARE(a.environment, Environment::Sandbox);
        QCOMPARE(a.unitId, QStringLiteral("infrastructure"));
        // The existing account's id, root e-mail and roles; another account's id or e-mail
        // is refused with a message.
        Organization withProduction = org;
        withProduction.account(QStringLiteral("production"))->awsAccountId =
            QStringLiteral("111122223333");
        withProduction.account(QStringLiteral("production"))->email =
            QStringLiteral("aws-prod@example.com");
        AccountDialog second(withProduction, *withProduction.account(QStringLiteral("staging")));
        const QList<QLineEdit *> edits = second.findChildren<QLineEdit *>();
        QLineEdit *awsId = edits.at(2), *email = edits.at(3), *roles = edits.at(4);
        QPushButton *ok2 = second.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        auto *problem = second.findChild<QLabel *>(QStringLiteral("problem"));
        awsId->setText(QStringLiteral("1234"));
        QVERIFY(!ok2->isEnabled());
        QVERIFY(problem->text().contains(QStringLiteral("12 digits")));
        awsId->setText(QStringLiteral("111122223333"));
        QVERIFY(!ok2->isEnabled());
        QVERIFY2(problem->text().contains(QStringLiteral("production")),
                 qPrintable(problem->text()));
        awsId->setText(QStringLiteral("444455556666"));
        email->setText(QStringLiteral("AWS-PROD@example.com"));
        QVERIFY(!ok2->isEnabled());
        email->setText(QStringLiteral("aws-staging@example.com"));
        roles->setText(QStringLiteral("read-only, developer, read-only"));
        QVERIFY(ok2->isEnabled());
        const Account b = second.account();
        QCOMPARE(b.awsAccountId, QStringLiteral("444455556666"));
        QCOMPARE(b.email, QStringLiteral("aws-staging@example.com"));
        QCOMPARE(b.roles, (QStringList{QStringLiteral("developer"), QStringLiteral("read-only")}));
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
            second.grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                               QStringLiteral(".dialog.png"));

        // A DigitalOcean team (#14): the AWS fields are disabled and dropped, the region is a
        // DigitalOcean slug (offered when the cloud changes), and an AWS code is refused.
        QComboBox *cloud = second.findChildren<QComboBox *>().at(1);
        cloud->setCurrentIndex(cloud->findData(int(TargetCloud::DigitalOcean)));
        QCOMPARE(second.findChildren<QLineEdit *>().at(1)->text(), QStringLiteral("nyc3"));
        QVERIFY(!awsId->isEnabled() && !email->isEnabled() && !roles->isEnabled());
        QVERIFY(ok2->isEnabled());
        const Account team = second.account();
        QCOMPARE(team.cloud, TargetCloud::DigitalOcean);
        QVERIFY(team.awsAccountId.isEmpty() && team.email.isEmpty() && team.roles.isEmpty() &&
                team.unitId.isEmpty());
        second.findChildren<QLineEdit *>().at(1)->setText(QStringLiteral("eu-west-1"));
        QVERIFY(!ok2->isEnabled());
        QVERIFY2(problem->text().contains(QStringLiteral("DigitalOcean region")),
                 qPrintable(problem->text()));
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
            second.grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                               QStringLiteral(".dialog-do.png"));
        second.lockCloud(QStringLiteral("mapped"));
        QVERIFY(!cloud->isEnabled());

        // An OU's Service Control Policies, one check box each.
        UnitDialog unitDialog(*org.unit(QStringLiteral("workloads")));
        const QList<QCheckBox *> checks = unitDialog.findChildren<QCheckBox *>();
        QCOMPARE(checks.size(), serviceControlPolicies().size());
        for (QCheckBox *c : checks)
            c->setChecked(c->objectName() == QLatin1String("deny-leaving-organization"));
        QCOMPARE(unitDialog.unit().policies,
                 QStringList{QStringLiteral("deny-leaving-organization")});
        QCOMPARE(unitDialog.unit().id, QStringLiteral("workloads"));
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
            unitDialog.grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                                   QStringLiteral(".unit.png"));
    }

    /// Removing an account that resources are mapped to is refused (they would name an
    /// account that is not there); an empty one goes, and Undo brings it back.
    void removingAnAccountInUseIsRefused()
    {
        qputenv("FERRY_NO_DIALOGS", "1");
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml")));
        Plan withSandbox = w.document()->plan();
        Account sandbox;
        sandbox.id = QStringLiteral("sandbox");
        sandbox.name = QStringLiteral("sandbox");
        sandbox.environment = Environment::Sandbox;
        withSandbox.organization.accounts.append(sandbox);
        w.document()->reset(withSandbox, QString());
        QAbstractItemModel *model = w.organizationView()->model();
        auto find = [&](const QString &id) {
            const QModelIndexList hits = model->match(model->index(0, 0), OrganizationModel::IdRole,
                                                      id, 1, Qt::MatchExactly | Qt::MatchRecursive);
            return hits.isEmpty() ? QModelIndex() : hits.first();
        };
        QAction *remove = nullptr;
        for (QAction *a : w.findChildren<QAction *>())
            if (a->text() == QStringLiteral("Re&move Account or OU"))
                remove = a;
        QVERIFY(remove);
        const Organization before = w.document()->plan().organization;
        QVERIFY(find(QStringLiteral("production")).isValid());
        w.organizationView()->setCurrentIndex(find(QStringLiteral("production")));
        remove->trigger();
        QCOMPARE(w.document()->plan().organization, before);
        QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("mapped resource")),
                 qPrintable(w.statusBar()->currentMessage()));
        // An account nothing names goes.
        w.organizationView()->setCurrentIndex(find(QStringLiteral("sandbox")));
        remove->trigger();
        QVERIFY(!w.document()->plan().organization.account(QStringLiteral("sandbox")));
        w.document()->undoStack()->undo();
        QCOMPARE(w.document()->plan().organization, before);
    }

    void badPlanKeepsCurrent()
    {
        qputenv("FERRY_NO_DIALOGS", "1");
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml")));
        const Plan before = w.document()->plan();
        // openFile shows a message box on error; close it as soon as it appears.
        QTimer::singleShot(200, [] {
            for (QWidget *top : QApplication::topLevelWidgets())
                if (top->inherits("QMessageBox"))
                    top->close();
        });
        QVERIFY(!w.openFile(QStringLiteral(SRCDIR "data/real/dropletkit_droplets.json")));
        QCOMPARE(w.document()->plan(), before);
    }

    void checksPanelRunsRecordsAndUndoes()
    {
        // The example plan with two checks against this test's own loopback ports.
        Plan plan;
        FileError e;
        QVERIFY(PlanFile::load(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"),
                               &plan, &e));
        QTcpServer open, closed;
        QVERIFY(open.listen(QHostAddress::LocalHost) && closed.listen(QHostAddress::LocalHost));
        const quint16 closedPort = closed.serverPort();
        closed.close();
        Check a;
        a.id = QStringLiteral("tcp:web");
        a.kind = CheckKind::Tcp;
        a.target = QStringLiteral("127.0.0.1:%1").arg(open.serverPort());
        a.resource = plan.inventory.resources.begin()->first;
        a.side = QStringLiteral("target");
        Check b = a;
        b.id = QStringLiteral("tcp:db");
        b.target = QStringLiteral("127.0.0.1:%1").arg(closedPort);
        b.expect = {{QStringLiteral("note"), QStringLiteral("closed on purpose")}};
        plan.checks = {{a.id, a}, {b.id, b}};
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("checks.ferry.yaml"));
        QVERIFY(PlanFile::save(plan, file, &e));

        MainWindow w;
        QVERIFY(w.openFile(file));
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ChecksPanel *panel = w.checksPanel();
        QAbstractItemModelTester tester(panel->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(panel->model()->rowCount(), 2);
        QVERIFY(panel->runAllAction()->isEnabled());
        QVERIFY(!panel->cancelAction()->isEnabled());
        // A plan's checks run only once the user trusts them: the prompt names every host;
        // Cancel runs nothing.
        QString prompt;
        auto answerTrustPrompt = [&](bool trust) {
            QTimer::singleShot(0, this, [&, trust] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box && box->objectName() == QLatin1String("trustPrompt"));
                QCOMPARE(box->textFormat(), Qt::PlainText);
                prompt = box->text();
                if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
                    box->grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                                     QStringLiteral("-trust.png"));
                for (QAbstractButton *b : box->buttons())
                    if ((box->buttonRole(b) == QMessageBox::AcceptRole) == trust)
                        return b->click();
            });
        };
        answerTrustPrompt(false);
        panel->runAllAction()->trigger();
        QVERIFY2(prompt.contains(a.target + QStringLiteral(" — tcp:web")) &&
                     prompt.contains(b.target + QStringLiteral(" — tcp:db")),
                 qPrintable(prompt));
        QVERIFY(!panel->isRunning());
        QCOMPARE(panel->model()->result(QStringLiteral("tcp:web")).status,
                 CheckResult::Status::NotRun);
        QVERIFY(!QFile::exists(RunLog::defaultLocation(file)));
        answerTrustPrompt(true);
        panel->runAllAction()->trigger();
        QTRY_VERIFY(!panel->isRunning());
        QCOMPARE(panel->model()->result(QStringLiteral("tcp:web")).status,
                 CheckResult::Status::Passed);
        QCOMPARE(panel->model()->result(QStringLiteral("tcp:db")).status,
                 CheckResult::Status::Failed);
        QCOMPARE(panel->lastRun().status(), QStringLiteral("failed"));
        // Selecting a check shows its details; the status column reads as words.
        panel->view()->selectRow(0); // tcp:db
        QCOMPARE(panel->model()->index(0, ChecksModel::StatusColumn).data().toString(),
                 QStringLiteral("failed"));
        QCOMPARE(panel->model()->index(1, ChecksModel::StatusColumn).data().toString(),
                 QStringLiteral("passed"));
        // The run is in the log beside the plan.
        RunLog log;
        QString error;
        QVERIFY2(log.open(RunLog::defaultLocation(file), &error), qPrintable(error));
        QCOMPARE(log.recent(5, QString(), &error).size(), 1);
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT")) {
            QTest::qWait(200);
            w.grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                          QStringLiteral("-checks.png"));
        }

        // A run log chosen in the settings (a team's, say) takes the runs instead.
        const QString shared = dir.filePath(QStringLiteral("team-runs.sqlite"));
        QSettings().setValue(QStringLiteral("checks/runLog"), shared);
        QCOMPARE(panel->runLogLocation(), shared);
        panel->runAllAction()->trigger();
        QTRY_VERIFY(!panel->isRunning());
        {
            RunLog team;
            QVERIFY2(team.open(shared, &error), qPrintable(error));
            QCOMPARE(team.recent(5, QString(), &error).size(), 1);
        }
        QCOMPARE(log.recent(5, QString(), &error).size(), 1); // not beside the plan this time
        QSettings().remove(QStringLiteral("checks/runLog"));
        QCOMPARE(panel->runLogLocation(), RunLog::defaultLocation(file));

        // Generate Checks is one undoable step; Remove too.
        panel->generateAction()->trigger();
        const int generated = panel->model()->rowCount();
        QVERIFY2(generated > 2, qPrintable(QString::number(generated)));
        QVERIFY(w.document()->plan().checks.count(QStringLiteral("dns:example.com:A")));
        w.document()->undoStack()->undo();
        QCOMPARE(panel->model()->rowCount(), 2);
        panel->view()->selectAll();
        panel->removeAction()->trigger();
        QCOMPARE(panel->model()->rowCount(), 0);
        QVERIFY(!panel->runAllAction()->isEnabled());
        w.document()->undoStack()->undo();
        QCOMPARE(panel->model()->rowCount(), 2);
        // Results of this session stay with their checks through the edits.
        QCOMPARE(panel->model()->result(QStringLiteral("tcp:web")).status,
                 CheckResult::Status::Passed);
        w.document()->undoStack()->setClean(); // no save prompt on close
    }

    /// A data check's result shows as tables: per table counts, and the differing rows with the
    /// source and target values side by side; other checks keep the text details only.
    void dataCheckDetailsSideBySide()
    {
        Plan plan;
        Check data;
        data.id = QStringLiteral("data:shop");
        data.kind = CheckKind::Data;
        data.target = QStringLiteral("postgresql://app@old-db/shop");
        data.expect = {
            {QStringLiteral("target_database"), QStringLiteral("postgresql://app@new-db/shop")}};
        Check tcp;
        tcp.id = QStringLiteral("tcp:web");
        tcp.target = QStringLiteral("127.0.0.1:1");
        plan.checks = {{data.id, data}, {tcp.id, tcp}};
        QTemporaryDir dir;
        MainWindow w;
        QVERIFY(showPlan(w, plan, dir, QStringLiteral("data.ferry.yaml")));
        ChecksPanel *panel = w.checksPanel();

        auto comparison = std::make_shared<DataComparison>();
        TableComparison orders;
        orders.schema = QStringLiteral("public");
        orders.name = QStringLiteral("orders");
        orders.status = TableComparison::Status::Different;
        orders.sourceRows = 120000;
        orders.targetRows = 119999;
        orders.missingInTarget = 1;
        orders.different = 1;
        orders.columnsCompared = {QStringLiteral("id"), QStringLiteral("customer"),
                                  QStringLiteral("total")};
        RowDifference gone;
        gone.kind = RowDifference::Kind::MissingInTarget;
        gone.key = {QStringLiteral("1017")};
        gone.sourceRow = QStringLiteral(R"({"id":1017,"customer":"Ana","total":12.50})");
        RowDifference changed;
        changed.key = {QStringLiteral("2044")};
        changed.sourceRow = QStringLiteral(R"({"id":2044,"customer":"Bo","total":99.90})");
        changed.targetRow = QStringLiteral(R"({"id":2044,"customer":"Bo","total":9.99})");
        orders.differences = {gone, changed};
        TableComparison customers;
        customers.schema = QStringLiteral("public");
        customers.name = QStringLiteral("customers");
        customers.sourceRows = customers.targetRows = 5000;
        comparison->tables = {customers, orders};
        CheckResult r = dataComparisonToCheckResult(data.id, *comparison);
        r.data = comparison;
        panel->model()->setResult(r);

        QTabWidget *tabs = panel->detailTabs();
        panel->view()->selectRow(0); // data:shop
        QVERIFY(tabs->isTabVisible(1) && tabs->isTabVisible(2));
        QCOMPARE(panel->dataTablesModel()->rowCount(), 2);
        QCOMPARE(
            panel->dataTablesModel()->index(1, DataTablesModel::StatusColumn).data().toString(),
            QStringLiteral("different"));
        DataDifferencesModel *diffs = panel->dataDifferencesModel();
        QCOMPARE(diffs->rowCount(), 2); // the missing row, and one differing column
        QCOMPARE(diffs->index(1, DataDifferencesModel::FieldColumn).data().toString(),
                 QStringLiteral("total"));
        QCOMPARE(diffs->index(1, DataDifferencesModel::SourceColumn).data().toString(),
                 QStringLiteral("99.9"));
        QCOMPARE(diffs->index(1, DataDifferencesModel::TargetColumn).data().toString(),
                 QStringLiteral("9.99"));
        // The exact row text, as PostgreSQL printed it (99.90, not JSON's 99.9), in the tooltip,
        // as rich text that shows it verbatim.
        QTextDocument tip;
        tip.setHtml(
            diffs->index(1, DataDifferencesModel::SourceColumn).data(Qt::ToolTipRole).toString());
        QCOMPARE(tip.toPlainText(), changed.sourceRow);
        tabs->setCurrentIndex(2);
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT")) {
            QTest::qWait(200);
            w.grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                          QStringLiteral("-data-check.png"));
        }
        // Another result arriving keeps the differences shown as they were.
        CheckResult other;
        other.checkId = tcp.id;
        other.status = CheckResult::Status::Failed;
        QSignalSpy reset(diffs, &QAbstractItemModel::modelReset);
        panel->model()->setResult(other);
        QCOMPARE(reset.size(), 0);
        // A TCP check has no table tabs.
        panel->view()->selectRow(1);
        QVERIFY(!tabs->isTabVisible(1) && !tabs->isTabVisible(2));
    }

    /// Checks → Store Password in Keychain… writes the entry the selected check names into the
    /// keychain (this test runs in tests/with-keyring.sh's own D-Bus session and keyring).
    /// Where a plan's check would read its password from an environment variable, the trust
    /// prompt offers to allow it for that host (off by default), as `ferry secret allow-env`.
    void trustPromptAllowsEnvironmentVariables()
    {
        Plan plan;
        Check c;
        c.id = QStringLiteral("postgres:orders:target");
        c.kind = CheckKind::Postgres;
        c.target = QStringLiteral("host=db.invalid port=1 user=app dbname=app connect_timeout=1");
        c.expect = {{QStringLiteral("password_env"), QStringLiteral("FERRY_GUI_TEST_PW")}};
        c.timeoutSeconds = 2;
        plan.checks = {{c.id, c}};
        QTemporaryDir dir;
        MainWindow w;
        QVERIFY(showPlan(w, plan, dir, QStringLiteral("env.ferry.yaml")));
        TrustStore store(dir.filePath(QStringLiteral("trust.ini")));
        ChecksPanel *panel = w.checksPanel();
        panel->setTrustStore(&store);
        QString offered;
        QTimer::singleShot(0, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box && box->checkBox());
            offered = box->checkBox()->text();
            QVERIFY(!box->checkBox()->isChecked()); // off unless the user ticks it
            box->checkBox()->setChecked(true);
            if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
                box->grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                                 QStringLiteral("-trust-env.png"));
            for (QAbstractButton *b : box->buttons())
                if (box->buttonRole(b) == QMessageBox::AcceptRole)
                    return b->click();
        });
        panel->runAllAction()->trigger();
        QVERIFY2(offered.contains(QStringLiteral("FERRY_GUI_TEST_PW for db.invalid")),
                 qPrintable(offered));
        QVERIFY(
            store.isEnvAllowed(QStringLiteral("FERRY_GUI_TEST_PW"), QStringLiteral("db.invalid")));
        QVERIFY(store.isPlanTrusted(w.document()->fileName(), {c}));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isRunning(), 20000);
        w.document()->undoStack()->setClean();
    }

    void storePasswordWritesTheKeychain()
    {
        Plan plan;
        Check c;
        c.id = QStringLiteral("pg:shop");
        c.kind = CheckKind::Postgres;
        c.target = QStringLiteral("postgresql://app@127.0.0.1:1/shop");
        c.expect = {{QStringLiteral("password_keychain"), QStringLiteral("gui-test-shop")}};
        plan.checks = {{c.id, c}};
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("pw.ferry.yaml"));
        MainWindow w;
        QVERIFY(showPlan(w, plan, dir, QStringLiteral("pw.ferry.yaml")));
        FileError e;
        ChecksPanel *panel = w.checksPanel();
        panel->view()->selectRow(0);
        QCOMPARE(panel->selectedKeychainEntry(), QStringLiteral("gui-test-shop"));

        bool filled = false;
        QTimer::singleShot(0, this, [&] {
            QWidget *d = QApplication::activeModalWidget();
            QVERIFY(d && d->objectName() == QLatin1String("storePasswordDialog"));
            auto *entry = d->findChild<QLineEdit *>(QStringLiteral("entry"));
            auto *password = d->findChild<QLineEdit *>(QStringLiteral("password"));
            auto *save = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
            QCOMPARE(entry->text(), QStringLiteral("gui-test-shop"));
            QCOMPARE(password->echoMode(), QLineEdit::Password);
            QVERIFY(!save->isEnabled()); // nothing typed yet
            QTest::keyClicks(password, QStringLiteral("typed-in-gui"));
            QVERIFY(save->isEnabled());
            if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
                d->grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                               QStringLiteral("-store-password.png"));
            filled = true;
            save->click();
        });
        QSignalSpy finished(panel, &ChecksPanel::runFinished);
        panel->storePasswordAction()->trigger();
        QVERIFY(filled);
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY2(finished[0][0].toString().startsWith(QStringLiteral("Stored keychain entry")),
                 qPrintable(finished[0][0].toString()));
        QString password;
        QCOMPARE(readPasswordBlocking({QString(), QStringLiteral("gui-test-shop")}, &password),
                 QString());
        QCOMPARE(password, QStringLiteral("typed-in-gui"));
        QCOMPARE(deleteKeychainPasswordBlocking(QStringLiteral("gui-test-shop")), QString());
        // The plan file never holds it.
        QFile saved(file);
        QVERIFY(w.document()->save(file, &e) && saved.open(QIODevice::ReadOnly));
        QVERIFY(!saved.readAll().contains("typed-in-gui"));
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
