// SPDX-License-Identifier: MIT
#pragma once

#include "checkrun.h"
#include "runjournal.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTextBrowser;
class QTimer;
class QTreeView;

namespace Ferry {

class CheckRunner;
class PlanDocument;
class RunbookModel;
class TrustStore;

/// The Runbook view, Ferry's operator mode (docs/runbook.md, "Operating a run in the GUI"):
/// the plan's runbook by window of the schedule, with each step's state in the chosen run, the
/// planned and the actual duration (a live clock on running steps), who acted last, a role
/// filter and the critical path in bold; the selected step's instructions, predecessors, gate
/// checks and history beside it.
///
/// Every action (start, done, skip with a reason, fail with a note, retry, note, run a gate,
/// roll back a wave) is an event appended to the run journal (RunJournal) — the same store as
/// `ferry run` and the run log: the setting `checks/runLog`, or the SQLite file beside the
/// plan — and is shown only once the journal says it is durable. Another operator's actions
/// appear within a second: on PostgreSQL through LISTEN/NOTIFY, on SQLite by watching the run's
/// head once a second. A gate runs its checks in place (asynchronously, with Cancel) after the
/// plan's checks are trusted, and records their results as evidence. A point of no return asks
/// for confirmation. The step actions have single-key shortcuts while the view has focus.
///
/// The runbook is the plan's own merged with a fresh generation (RunbookGenerator::forPlan),
/// recomputed when the plan changes; step edits (Add, Edit, Delete) are undo commands
/// (ChangeRunbook) that write the runbook into the plan.
class RunbookPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunbookPanel(PlanDocument *doc, QWidget *parent = nullptr);
    ~RunbookPanel() override;

    QAction *newRunAction() const { return m_newRun; }
    QAction *startAction() const { return m_start; }
    QAction *doneAction() const { return m_done; }
    QAction *skipAction() const { return m_skip; }
    QAction *failAction() const { return m_fail; }
    QAction *retryAction() const { return m_retry; }
    QAction *noteAction() const { return m_note; }
    QAction *gateAction() const { return m_gate; }
    QAction *cancelGateAction() const { return m_cancelGate; }
    QAction *rollbackAction() const { return m_rollback; }
    QAction *nextReadyAction() const { return m_nextReady; }
    QAction *reportAction() const { return m_report; }
    QAction *addStepAction() const { return m_addStep; }
    QAction *editStepAction() const { return m_editStep; }
    QAction *deleteStepAction() const { return m_deleteStep; }
    /// Every action above, in menu order (null entries are separators).
    QList<QAction *> actions() const;

    /// Where the journal is: the setting `checks/runLog`, else the SQLite file beside the plan
    /// (RunJournal::defaultLocation); empty for a plan never saved.
    QString journalLocation() const;

    /// The runs of this plan in the journal, newest first (none when it does not exist yet).
    QList<RunInfo> runs() const;
    /// Shows run `name` (reading its events); false with a message when there is no such run
    /// of this plan.
    bool showRun(const QString &name, QString *error = nullptr);
    /// Starts a new run and shows it; false with a message (a run of that name exists, the
    /// plan was never saved, the journal fails).
    bool startRun(const QString &name, bool rehearsal, QString *error = nullptr);
    /// The run shown; empty when none.
    QString currentRun() const { return m_run; }

    /// The step selected (empty when none or a window row).
    QString selectedStep() const;
    /// Selects step `id` and scrolls to it; false when it is not in the view.
    bool selectStep(const QString &id);

    /// Records `action` on the selected step (the run for a run-wide note) with `note`, without
    /// the dialogs the actions show: the refusal or failure, if any, is in the message line and
    /// returned as false. A point of no return still needs `confirmedPointOfNoReturn`.
    bool act(RunAction action, const QString &note = {}, bool confirmedPointOfNoReturn = false);
    /// Writes the run report (RunReport: planned against every run of the plan, oldest first)
    /// to `file`, HTML when it ends in .html, else Markdown. False with a message.
    bool writeReport(const QString &file, QString *error = nullptr);
    /// Runs the selected gate's checks (asynchronously; gateFinished() when recorded).
    void runGate();
    bool isGateRunning() const;
    /// True when the journal is a PostgreSQL store whose notifications this view listens to
    /// (other operators' actions appear at once); false when it polls (SQLite, or LISTEN
    /// refused).
    bool isListening() const { return m_listening; }

    /// Who acts: the setting `runbook/actor`, else user@host.
    QString actor() const;
    /// The store of trusted plans for gates (the user's unless set; not owned).
    void setTrustStore(TrustStore *store) { m_trust = store; }

    RunbookModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QTextBrowser *details() const { return m_details; }
    /// The last message (an error is prefixed "Refused:" or "Failed:").
    QString message() const;

    /// Re-reads the shown run's new events from the journal (what the poll and the
    /// notifications call); returns how many events were new.
    int refresh();

signals:
    /// A gate's checks finished and their outcome was recorded (or could not be).
    void gateFinished(bool passed);
    /// One line for the status bar.
    void statusMessage(const QString &text);

protected:
    void showEvent(QShowEvent *e) override;

private:
    void createActions();
    bool ensureJournal(bool create, QString *error);
    void planChanged(int what);
    void rebuildRunbook();
    void reloadRuns();
    /// Replays the run's events over the runbook (after a change of run or runbook).
    void applyProgress();
    /// Takes events appended after the shown ones: applied one by one where the rules allow
    /// (milliseconds, however long the run), else a full replay.
    void eventsAdded(const QList<RunEvent> &more);
    void progressChanged();
    void updateActions();
    void updateSummary();
    void showDetails();
    void setMessage(const QString &text, bool error);
    bool append(RunEvent &e);
    bool confirmPointOfNoReturn(const QString &stepId);
    void askAndAct(RunAction action);
    void rollBack();
    void newRun();
    void selectNextReady();
    void gateDone();
    void addStep();
    void editStep();
    void deleteStep();

    PlanDocument *m_doc;
    RunbookModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_view;
    QTextBrowser *m_details;
    QComboBox *m_runs;
    QComboBox *m_roles;
    QLabel *m_summary;
    QLabel *m_message;
    QTimer *m_clock;
    QTimer *m_poll;
    CheckRunner *m_runner;
    TrustStore *m_trust = nullptr;

    QAction *m_newRun, *m_start, *m_done, *m_skip, *m_fail, *m_retry, *m_note, *m_gate,
        *m_cancelGate, *m_rollback, *m_nextReady, *m_addStep, *m_editStep, *m_deleteStep, *m_report;

    std::unique_ptr<RunJournal> m_journal;
    QString m_journalAt;
    QString m_run;
    RunInfo m_runInfo;
    QList<RunEvent> m_events;
    RunProgress m_progress; ///< m_events replayed over the model's runbook
    bool m_runbookStale = true;
    bool m_listening = false;

    QString m_gateStep;
    CheckRun m_gateRun;
    QElapsedTimer m_gateTimer;
};

} // namespace Ferry
