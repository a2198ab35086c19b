// SPDX-License-Identifier: MIT
// Operator mode: the Runbook view on the offscreen platform, on the bundled example plan with
// two gates of its own whose checks reach this test's loopback ports.
#include "commands.h"
#include "mainwindow.h"
#include "plandocument.h"
#include "planfile.h"
#include "plantrust.h"
#include "runbookedit.h"
#include "runbookgenerator.h"
#include "runbookmodel.h"
#include "runbookpanel.h"
#include "runjournal.h"

#include "pgfixture.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeView>

using namespace Ferry;

namespace {

const QString kWebGate = QStringLiteral("preparation/web-answers/plan");
const QString kDbGate = QStringLiteral("preparation/db-answers/plan");
const QString kFirst = QStringLiteral("preparation/agree-window/plan");
/// A generated step nobody edited in the example.
const QString kGenerated = QStringLiteral("preparation/confirm-access/account:production");

/// Clicks the button with `role` of the modal message box named `name` once it is shown;
/// `seen` gets its text.
void answerBox(QObject *context, const QString &name, QMessageBox::ButtonRole role, QString *seen)
{
    QTimer::singleShot(0, context, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY2(box && box->objectName() == name,
                 qPrintable(box ? box->objectName() : QStringLiteral("no box")));
        *seen = box->text();
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT"))
            box->grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") + u'-' + name +
                             QStringLiteral(".png"));
        for (QAbstractButton *b : box->buttons())
            if (box->buttonRole(b) == role)
                return b->click();
        QFAIL("no such button");
    });
}

StepState stateOf(RunbookPanel *panel, const QString &id)
{
    return panel->model()->progress().state(id);
}

} // namespace

class TestOperator : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_file;
    QTcpServer m_open;
    TrustStore *m_trust = nullptr;
    Plan m_plan;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // The example, with a TCP check that passes (this test listens) and one that fails (a
        // port closed on purpose), each behind a gate of the user's at the start of the runbook.
        FileError e;
        QVERIFY(PlanFile::load(QStringLiteral(SRCDIR "../resources/examples/example.ferry.yaml"),
                               &m_plan, &e));
        QVERIFY(m_open.listen(QHostAddress::LocalHost));
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 closedPort = closed.serverPort();
        closed.close();
        Check web;
        web.id = QStringLiteral("tcp:web");
        web.kind = CheckKind::Tcp;
        web.target = QStringLiteral("127.0.0.1:%1").arg(m_open.serverPort());
        web.resource = m_plan.inventory.resources.begin()->first;
        web.side = QStringLiteral("target");
        Check db = web;
        db.id = QStringLiteral("tcp:db");
        db.target = QStringLiteral("127.0.0.1:%1").arg(closedPort);
        m_plan.checks = {{web.id, web}, {db.id, db}};
        Runbook runbook = RunbookGenerator::forPlan(m_plan);
        RunbookStep gate;
        gate.phase = RunbookPhase::Preparation;
        gate.wave = 0;
        gate.kind = StepKind::Gate;
        gate.role = QStringLiteral("on-call");
        gate.id = kWebGate;
        gate.title = QStringLiteral("The web tier answers");
        gate.checks = {web.id};
        runbook = RunbookEdit::addStep(runbook, gate);
        gate.id = kDbGate;
        gate.title = QStringLiteral("The database answers");
        gate.checks = {db.id};
        runbook = RunbookEdit::addStep(runbook, gate);
        m_plan.runbook = runbook;
        m_file = m_dir.filePath(QStringLiteral("operator.ferry.yaml"));
        QVERIFY(PlanFile::save(m_plan, m_file, &e));
        // Its checks are trusted already (the prompt has tests of its own in tst_gui).
        m_trust = new TrustStore(m_dir.filePath(QStringLiteral("trust.json")));
        QList<Check> all{web, db};
        m_trust->trustPlan(m_file, all);
    }

    void cleanupTestCase() { delete m_trust; }

    /// Without a run the view shows the plan's runbook by window, every step "not started";
    /// the model passes Qt's model tester; nothing is written beside the plan.
    void planningShowsTheRunbook()
    {
        MainWindow w;
        QVERIFY(w.openFile(m_file));
        w.show();
        w.showRunbook();
        RunbookPanel *panel = w.runbookPanel();
        QAbstractItemModelTester tester(panel->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(panel->model()->rowCount() > 5);
        const QModelIndex first = panel->model()->indexOf(kFirst);
        QVERIFY(first.isValid());
        QCOMPARE(first.siblingAtColumn(RunbookModel::StateColumn).data().toString(),
                 QStringLiteral("not started"));
        QCOMPARE(first.parent().data().toString(), QStringLiteral("Preparation — whole plan"));
        QCOMPARE(panel->model()->indexOf(kWebGate).data().toString(),
                 QStringLiteral("Gate: The web tier answers"));
        QVERIFY(!panel->startAction()->isEnabled());
        QVERIFY(!panel->act(RunAction::Done));
        QVERIFY(panel->message().startsWith(QStringLiteral("Refused:")));
        QVERIFY(!QFile::exists(RunJournal::defaultLocation(m_file)));
        // The role filter keeps only that role's steps (and their windows).
        auto *roles = panel->findChild<QComboBox *>(QStringLiteral("roleFilter"));
        const int dba = roles->findData(QStringLiteral("dba"));
        QVERIFY(dba > 0);
        roles->setCurrentIndex(dba);
        emit roles->activated(dba);
        QVERIFY(!panel->selectStep(kFirst)); // a cutover lead's step
        QVERIFY(panel->selectStep(
            QStringLiteral("week-before/start-replication/do:dbaas:9cc10173-e9ea-4176-9dbc-"
                           "a4cee4c4ff30")));
        roles->setCurrentIndex(0);
        emit roles->activated(0);
        QVERIFY(panel->selectStep(kFirst));
    }

    /// A rehearsal from the keyboard: start and finish a step, skip one with a reason, pass and
    /// fail a gate with real checks, confirm the point of no return, roll back a wave; every
    /// action is in the journal, which verifies; a second operator's window follows.
    void rehearsalFromTheKeyboard()
    {
        MainWindow w;
        QVERIFY(w.openFile(m_file));
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        RunbookPanel *panel = w.runbookPanel();
        w.showRunbook();
        panel->setTrustStore(m_trust);
        QString error;
        QVERIFY2(panel->startRun(QStringLiteral("staging rehearsal 1"), true, &error),
                 qPrintable(error));
        QCOMPARE(panel->currentRun(), QStringLiteral("staging rehearsal 1"));
        QVERIFY(QFile::exists(RunJournal::defaultLocation(m_file)));
        // The second operator, in a window of their own on the same plan and journal.
        MainWindow other;
        QVERIFY(other.openFile(m_file));
        other.show();
        QVERIFY(other.showRun(QStringLiteral("staging rehearsal 1")));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));

        // S, then D, on the first step, with the view focused as an operator would have it.
        QVERIFY(panel->selectStep(kFirst));
        panel->view()->setFocus();
        QCOMPARE(stateOf(panel, kFirst), StepState::Ready);
        QTest::keyClick(panel->view(), Qt::Key_S);
        QCOMPARE(stateOf(panel, kFirst), StepState::InProgress);
        QVERIFY(panel->model()
                    ->indexOf(kFirst)
                    .siblingAtColumn(RunbookModel::ActualColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("0:00:")));
        QCOMPARE(panel->model()
                     ->indexOf(kFirst)
                     .siblingAtColumn(RunbookModel::StateColumn)
                     .data()
                     .toString(),
                 QStringLiteral("in progress"));
        QTest::keyClick(panel->view(), Qt::Key_D);
        QCOMPARE(stateOf(panel, kFirst), StepState::Done);
        QVERIFY(panel->message().startsWith(QStringLiteral("Recorded: done")));
        // Done again is refused by the journal, and says so.
        QVERIFY(panel->selectStep(kFirst));
        QVERIFY(!panel->act(RunAction::Done));
        QVERIFY2(panel->message().startsWith(QStringLiteral("Refused:")),
                 qPrintable(panel->message()));
        // The other window sees it within a second or two (it polls the journal's head).
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(other.runbookPanel(), kFirst), StepState::Done, 3000);

        // A step skipped needs a reason: the dialog's text is the note.
        QString account;
        for (const QString &id : panel->model()->progress().ready())
            if (account.isEmpty() && panel->model()->runbook().step(id)->kind != StepKind::Gate)
                account = id;
        QVERIFY(!account.isEmpty());
        QVERIFY(panel->selectStep(account));
        QTimer::singleShot(0, this, [] {
            auto *input = QApplication::activeModalWidget();
            QVERIFY(input);
            auto *edit = input->findChild<QLineEdit *>();
            QVERIFY(edit);
            QTest::keyClicks(edit, QStringLiteral("done last week by the landing-zone team"));
            QTest::keyClick(edit, Qt::Key_Return);
        });
        QTest::keyClick(panel->view(), Qt::Key_K);
        QCOMPARE(stateOf(panel, account), StepState::Skipped);
        QCOMPARE(panel->model()->progress().step(account).notes,
                 QStringList{QStringLiteral("done last week by the landing-zone team")});

        // A gate runs its checks in place and records them as evidence.
        QVERIFY(panel->selectStep(kWebGate));
        QSignalSpy gate(panel, &RunbookPanel::gateFinished);
        QVERIFY(panel->gateAction()->isEnabled());
        // (The offscreen platform gives the focus back to no one after a dialog.)
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        panel->view()->setFocus();
        QTest::keyClick(panel->view(), Qt::Key_G);
        QVERIFY2(panel->isGateRunning(), qPrintable(panel->message()));
        QVERIFY(!panel->doneAction()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(gate.size(), 1, 15000);
        QCOMPARE(gate[0][0].toBool(), true);
        QCOMPARE(stateOf(panel, kWebGate), StepState::Done);
        QVERIFY(panel->selectStep(kWebGate));
        QVERIFY2(panel->details()->toPlainText().contains(QStringLiteral("passed tcp:web")),
                 qPrintable(panel->details()->toPlainText()));
        // …and a gate whose check fails is failed, with the failure in its history.
        QVERIFY(panel->selectStep(kDbGate));
        panel->runGate();
        QTRY_COMPARE_WITH_TIMEOUT(gate.size(), 2, 15000);
        QCOMPARE(gate[1][0].toBool(), false);
        QCOMPARE(stateOf(panel, kDbGate), StepState::Failed);
        QVERIFY(panel->message().startsWith(QStringLiteral("Gate preparation/db-answers/plan "
                                                           "failed")));
        QVERIFY(panel->details()->toPlainText().contains(QStringLiteral("failed tcp:db")));
        QVERIFY(panel->retryAction()->isEnabled());
        if (qEnvironmentVariableIsSet("FERRY_TEST_SCREENSHOT")) {
            QTest::qWait(200);
            w.grab().save(qEnvironmentVariable("FERRY_TEST_SCREENSHOT") +
                          QStringLiteral("-runbook.png"));
        }

        // Everything up to the point of no return of wave 1, done by the CLI's rules: the
        // panel refuses the point of no return until it is confirmed in its dialog.
        const Runbook &runbook = panel->model()->runbook();
        QString pnr;
        for (const auto &[id, s] : runbook.steps)
            if (s.pointOfNoReturn && s.wave == 1 && !s.obsolete)
                pnr = id;
        QVERIFY(!pnr.isEmpty());
        for (int guard = 0; stateOf(panel, pnr) != StepState::Ready && guard < 400; ++guard) {
            QStringList ready = panel->model()->progress().ready();
            ready.removeAll(pnr);
            QVERIFY2(!ready.isEmpty(), qPrintable(pnr));
            const QString id = ready.first();
            QVERIFY(panel->selectStep(id));
            // Gates without checks of their own are skipped with a reason in a rehearsal.
            const bool gateStep = runbook.step(id)->kind == StepKind::Gate;
            // (Other waves' points of no return are confirmed here as --confirm… would.)
            QVERIFY2(panel->act(gateStep ? RunAction::Skip : RunAction::Done,
                                gateStep ? QStringLiteral("no check in the rehearsal") : QString(),
                                true),
                     qPrintable(panel->message()));
        }
        QCOMPARE(stateOf(panel, pnr), StepState::Ready);
        QVERIFY(panel->selectStep(pnr));
        QString seen;
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        panel->view()->setFocus();
        answerBox(this, QStringLiteral("pointOfNoReturnBox"), QMessageBox::RejectRole, &seen);
        QTest::keyClick(panel->view(), Qt::Key_D);
        QVERIFY2(seen.contains(QStringLiteral("point of no return")), qPrintable(seen));
        QCOMPARE(stateOf(panel, pnr), StepState::Ready); // cancelled: nothing recorded
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        panel->view()->setFocus();
        answerBox(this, QStringLiteral("pointOfNoReturnBox"), QMessageBox::AcceptRole, &seen);
        QTest::keyClick(panel->view(), Qt::Key_D);
        QCOMPARE(stateOf(panel, pnr), StepState::Done);

        // Something goes wrong after it: roll back wave 1. The dialog lists the rollback path;
        // the wave's rollback steps become due and run like any other.
        QString next;
        for (const QString &id : panel->model()->progress().ready())
            if (next.isEmpty() && runbook.step(id)->wave == 1)
                next = id;
        QVERIFY(!next.isEmpty());
        QVERIFY(panel->selectStep(pnr));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        panel->view()->setFocus();
        answerBox(this, QStringLiteral("rollbackBox"), QMessageBox::AcceptRole, &seen);
        QTest::keyClick(panel->view(), Qt::Key_B);
        QVERIFY2(seen.contains(QStringLiteral("rollback steps become due")), qPrintable(seen));
        QVERIFY(panel->model()->progress().rollingBack().contains(1));
        QCOMPARE(runbook.step(panel->selectedStep())->phase, RunbookPhase::Rollback);
        QVERIFY(!panel->rollbackAction()->isEnabled()); // the wave rolls back already
        QStringList due;
        for (const QString &id : panel->model()->progress().ready())
            if (runbook.step(id)->wave == 1)
                due.append(id);
        QVERIFY(!due.isEmpty());
        for (const QString &id : due)
            QCOMPARE(runbook.step(id)->phase, RunbookPhase::Rollback);
        QVERIFY(panel->selectStep(due.first()));
        QVERIFY(panel->act(RunAction::Done));
        QCOMPARE(stateOf(panel, due.first()), StepState::Done);
        // A wave 1 step may not go on while it rolls back.
        QVERIFY(panel->selectStep(next));
        QVERIFY(!panel->act(RunAction::Start));

        // The journal has every action, and its chain is intact.
        RunJournal journal;
        QVERIFY2(journal.open(RunJournal::defaultLocation(m_file), &error), qPrintable(error));
        QString problem;
        QVERIFY2(journal.verify(QStringLiteral("staging rehearsal 1"), &problem, &error),
                 qPrintable(problem + error));
        const QList<RunEvent> events =
            journal.events(QStringLiteral("staging rehearsal 1"), &error);
        QCOMPARE(events.at(1).action, RunAction::Start);
        QCOMPARE(events.at(1).step, kFirst);
        QCOMPARE(events.at(3).action, RunAction::Skip);
        QCOMPARE(events.at(4).action, RunAction::GatePassed);
        QVERIFY(events.at(4).evidence.contains(QStringLiteral("\"tcp:web\"")));
        QCOMPARE(events.at(5).action, RunAction::GateFailed);
        QTRY_COMPARE_WITH_TIMEOUT(other.runbookPanel()->model()->progress().last().sequence,
                                  events.last().sequence, 3000);
        QVERIFY(other.runbookPanel()->model()->progress().rollingBack().contains(1));

        // Run → Run Report…: the rehearsal against the plan, as the CLI writes it.
        const QString report = m_dir.filePath(QStringLiteral("report.md"));
        QVERIFY2(panel->writeReport(report, &error), qPrintable(error));
        QFile f(report);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString md = QString::fromUtf8(f.readAll());
        QVERIFY2(md.contains(QStringLiteral("| staging rehearsal 1 | rehearsal |")),
                 qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("no check in the rehearsal")));
    }

    /// Add, edit and delete a step: each one undo command, written into the plan; regenerating
    /// keeps them; a deleted generated step stays deleted.
    /// Two operators, each in a window of their own, share one live run through the team's
    /// PostgreSQL store: what one does appears in the other's view within a second (the
    /// store's notification; the poll of a listening view is 5 s), and a step both complete is
    /// the first one's, the second told so.
    void twoOperatorsShareARunThroughPostgres()
    {
        PgFixture server;
        QString error;
        QVERIFY2(server.read(&error), qPrintable(error));
        qputenv("PGPASSWORD", server.password.toUtf8());
        {
            QSqlDatabase admin =
                QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("admin"));
            admin.setHostName(QStringLiteral("127.0.0.1"));
            admin.setPort(server.port.toInt());
            admin.setUserName(QStringLiteral("ferry"));
            admin.setPassword(server.password);
            admin.setDatabaseName(QStringLiteral("postgres"));
            QVERIFY2(admin.open(), qPrintable(admin.lastError().text()));
            QSqlQuery q(admin);
            QVERIFY(
                q.exec(QStringLiteral("DROP DATABASE IF EXISTS ferry_operator_gui WITH (FORCE)")));
            QVERIFY(q.exec(QStringLiteral("CREATE DATABASE ferry_operator_gui")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("admin"));
        const QString store =
            QStringLiteral("postgresql://ferry@127.0.0.1:%1/ferry_operator_gui?sslmode=disable")
                .arg(server.port);
        QSettings().setValue(QStringLiteral("checks/runLog"), store);
        struct Restore
        {
            ~Restore() { QSettings().remove(QStringLiteral("checks/runLog")); }
        } restore;

        MainWindow lead;
        QVERIFY(lead.openFile(m_file));
        lead.show();
        RunbookPanel *mine = lead.runbookPanel();
        lead.showRunbook();
        QVERIFY2(mine->startRun(QStringLiteral("production live"), false, &error),
                 qPrintable(error));
        MainWindow other;
        QVERIFY(other.openFile(m_file));
        other.show();
        QVERIFY(other.showRun(QStringLiteral("production live")));
        RunbookPanel *theirs = other.runbookPanel();
        QVERIFY(mine->isListening());
        QVERIFY(theirs->isListening());

        // Three actions, each seen by the other operator within a second.
        QVERIFY(mine->selectStep(kFirst));
        QVERIFY(mine->act(RunAction::Start));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(theirs, kFirst), StepState::InProgress, 1000);
        QVERIFY(mine->act(RunAction::Done));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(theirs, kFirst), StepState::Done, 1000);
        QString next;
        for (const QString &id : theirs->model()->progress().ready())
            if (next.isEmpty() && theirs->model()->runbook().step(id)->kind != StepKind::Gate)
                next = id;
        QVERIFY(!next.isEmpty());
        QVERIFY(theirs->selectStep(next));
        QVERIFY(theirs->act(RunAction::Start));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mine, next), StepState::InProgress, 1000);
        // Both complete it: the store takes the first, the second is told.
        QVERIFY(theirs->act(RunAction::Done));
        QVERIFY(mine->selectStep(next));
        QVERIFY(!mine->act(RunAction::Done));
        QVERIFY2(mine->message().startsWith(QStringLiteral("Refused:")),
                 qPrintable(mine->message()));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mine, next), StepState::Done, 1000);

        // The run is in the team's store, its chain intact.
        RunJournal journal;
        QVERIFY2(journal.open(store, &error), qPrintable(error));
        QString problem;
        QVERIFY2(journal.verify(QStringLiteral("production live"), &problem, &error),
                 qPrintable(problem + error));
        QCOMPARE(journal.events(QStringLiteral("production live"), &error).size(), 5);
    }

    void stepEditsAreUndoable()
    {
        MainWindow w;
        QVERIFY(w.openFile(m_file));
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.showRunbook();
        RunbookPanel *panel = w.runbookPanel();
        PlanDocument *doc = w.document();
        QVERIFY(panel->selectStep(kFirst));
        QTimer::singleShot(0, this, [] {
            QWidget *d = QApplication::activeModalWidget();
            QVERIFY(d && d->objectName() == QLatin1String("stepDialog"));
            auto *ok = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QVERIFY(!ok->isEnabled()); // no title yet
            QTest::keyClicks(d->findChild<QLineEdit *>(QStringLiteral("title")),
                             QStringLiteral("Start the webhook recorder"));
            QVERIFY(ok->isEnabled());
            auto *after = d->findChild<QPlainTextEdit *>(QStringLiteral("after"));
            after->setPlainText(QStringLiteral("no/such/step"));
            QVERIFY(!ok->isEnabled()); // an unknown predecessor
            after->setPlainText(kFirst);
            QVERIFY(ok->isEnabled());
            ok->click();
        });
        QTest::keyClick(panel->view(), Qt::Key_Insert);
        const QString added = QStringLiteral("preparation/start-the-webhook-recorder/plan");
        QVERIFY(doc->plan().runbook && doc->plan().runbook->step(added));
        QCOMPARE(doc->plan().runbook->step(added)->origin, StepOrigin::User);
        QCOMPARE(doc->plan().runbook->step(added)->after, QStringList{kFirst});
        QCOMPARE(panel->selectedStep(), added);
        QCOMPARE(doc->undoStack()->undoText(),
                 QStringLiteral("Add Step Start the webhook recorder"));

        // Edit a generated step: it becomes "edited".
        QVERIFY(panel->selectStep(kGenerated));
        QTimer::singleShot(0, this, [] {
            QWidget *d = QApplication::activeModalWidget();
            QVERIFY(d);
            auto *minutes = d->findChild<QSpinBox *>(QStringLiteral("minutes"));
            minutes->setValue(90);
            d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        panel->editStepAction()->trigger();
        QCOMPARE(doc->plan().runbook->step(kGenerated)->plannedMinutes, 90);
        QCOMPARE(doc->plan().runbook->step(kGenerated)->origin, StepOrigin::Edited);
        // Delete it: kept as deleted (obsolete), its successor now after its predecessors.
        panel->deleteStepAction()->trigger();
        QVERIFY(doc->plan().runbook->step(kGenerated)->obsolete);
        QCOMPARE(doc->plan().runbook->step(kGenerated)->origin, StepOrigin::Deleted);
        QVERIFY(!panel->model()->indexOf(kGenerated).isValid());
        QCOMPARE(
            doc->plan()
                .runbook->step(QStringLiteral("preparation/apply-terraform/account:production"))
                ->after,
            doc->plan().runbook->step(kGenerated)->after); // its successor took its place
        // Regenerating (any plan change) does not bring it back.
        QCOMPARE(RunbookGenerator::forPlan(doc->plan()).step(kGenerated)->obsolete, true);
        // Undo, undo, undo: as it was.
        doc->undoStack()->undo();
        QVERIFY(panel->model()->indexOf(kGenerated).isValid());
        QCOMPARE(doc->plan().runbook->step(kGenerated)->plannedMinutes, 90);
        doc->undoStack()->undo();
        QCOMPARE(doc->plan().runbook->step(kGenerated)->origin, StepOrigin::Generated);
        doc->undoStack()->undo();
        QVERIFY(!doc->plan().runbook->step(added));
        QCOMPARE(*doc->plan().runbook, *m_plan.runbook);
        doc->undoStack()->setClean();
    }
};

QTEST_MAIN(TestOperator)
#include "tst_operator.moc"
