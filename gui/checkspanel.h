// SPDX-License-Identifier: MIT
#pragma once

#include "checkrun.h"
#include "datacompare.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QTableView;
class QTabWidget;

namespace Ferry {

class CheckRunner;
class ChecksModel;
class DataDifferencesModel;
class DataTablesModel;
class PlanDocument;
class TrustStore;

/// The Checks panel: every connection check of the plan with its status (not run, running,
/// passed, failed, error, cancelled), a Run All / Run Selected / Cancel bar with a progress
/// bar, and the selected check's details (what it tested, what came back). Runs go through
/// CheckRunner on the GUI thread (network operations are asynchronous; PostgreSQL logins on its
/// pool) and are recorded in the run log beside the plan file (RunLog).
class ChecksPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChecksPanel(PlanDocument *doc, QWidget *parent = nullptr);
    ~ChecksPanel() override;

    QAction *runAllAction() const { return m_runAll; }
    QAction *runSelectedAction() const { return m_runSelected; }
    QAction *cancelAction() const { return m_cancel; }
    QAction *generateAction() const { return m_generate; }
    QAction *removeAction() const { return m_remove; }
    QAction *runLogAction() const { return m_runLog; }
    QAction *storePasswordAction() const { return m_storePassword; }

    /// The keychain entry the selected check names (`password_keychain`, else
    /// `target_password_keychain` or `subscriber_password_keychain`), for Store Password….
    QString selectedKeychainEntry() const;

    /// Where runs are recorded: the setting `checks/runLog` (a SQLite file or a
    /// `postgresql://` URI a team shares), or, when it is empty, the SQLite file beside the plan
    /// (RunLog::defaultLocation). Empty when neither is known (a plan never saved).
    QString runLogLocation() const;

    /// The store of trusted plans and allowed password sources (the user's unless set; not
    /// owned), also handed to the runner.
    void setTrustStore(TrustStore *store);

    /// Runs the checks with these ids (all when empty); ignored while a run is going. The
    /// first time a plan's checks (or a changed set of them) would run, asks whether to trust
    /// them (confirmPlanTrust()); not trusted, nothing runs.
    void run(const QStringList &ids = {});
    bool isRunning() const;
    /// The last finished run (empty before the first).
    const CheckRun &lastRun() const { return m_lastRun; }

    /// Low by default: the panel sits under the diagram, which needs the height.
    QSize sizeHint() const override { return {800, 150}; }

    ChecksModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    /// The detail tabs: Details (text), and for a data check Tables (per table counts, or
    /// progress while it runs) and Differences (the differing rows, source and target side by
    /// side).
    QTabWidget *detailTabs() const { return m_detailTabs; }
    DataTablesModel *dataTablesModel() const { return m_tablesModel; }
    DataDifferencesModel *dataDifferencesModel() const { return m_differencesModel; }

signals:
    /// A run finished; `message` says how it went and where it was recorded.
    void runFinished(const QString &message);

private:
    QStringList selectedIds() const;
    void storePassword();
    void updateActions();
    void showDetails();
    void finishRun();

    PlanDocument *m_doc;
    ChecksModel *m_model;
    QTableView *m_view;
    QPlainTextEdit *m_details;
    QTabWidget *m_detailTabs;
    DataTablesModel *m_tablesModel;
    DataDifferencesModel *m_differencesModel;
    QHash<QString, QList<DataTableProgress>> m_dataProgress; ///< running data checks, by id
    QProgressBar *m_progress;
    QLabel *m_summary;
    QAction *m_runAll, *m_runSelected, *m_cancel, *m_generate, *m_remove, *m_runLog,
        *m_storePassword;
    CheckRunner *m_runner;
    TrustStore *m_trust = nullptr;
    CheckRun m_current, m_lastRun;
    QElapsedTimer m_timer;
};

} // namespace Ferry
