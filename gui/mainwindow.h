// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QTabWidget;
class QTreeView;

namespace Ferry {

class ChecksPanel;
class DependencyView;
class InventoryModel;
class OrganizationModel;
class PlanDocument;
class PropertiesPanel;
class RunbookPanel;

/// Ferry's main window: inventory (left), dependency diagram (centre), target organization
/// and properties (right), the File / Edit / Organization / View menus.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// A window on a new, empty plan with the default organization.
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// The open plan.
    PlanDocument *document() const { return m_doc; }
    /// Opens a plan file; on error shows a message and keeps the current plan. Returns success.
    bool openFile(const QString &path);
    /// Imports files as one undoable step (runs in a worker thread, with progress and Cancel).
    bool importFiles(const QStringList &paths);

    /// Makes `ids` the current resource selection (properties panel and diagram follow).
    void selectResources(const QStringList &ids);

    /// The inventory tree (a filter proxy over InventoryModel), for tests.
    QTreeView *inventoryView() const { return m_inventoryView; }
    /// The target organization tree, for tests.
    QTreeView *organizationView() const { return m_orgView; }
    /// The dependency diagram, for tests.
    DependencyView *dependencyView() const { return m_diagram; }
    /// The Checks panel (bottom dock).
    ChecksPanel *checksPanel() const { return m_checks; }
    /// The Runbook view (operator mode), the centre's second tab.
    RunbookPanel *runbookPanel() const { return m_runbook; }
    /// Shows the Runbook view on run `name` of the open plan (`ferry PLAN --run NAME`); false
    /// with a message box when the plan has no such run.
    bool showRun(const QString &name);
    /// Brings the Runbook view to the front, the keyboard in its steps (View → Runbook).
    void showRunbook();

protected:
    void closeEvent(QCloseEvent *e) override;

private:
    void createActions();
    bool maybeSave();
    bool save();
    bool saveAs();
    void newPlan();
    void open();
    void import();
    void exportRunbook();
    void exportTerraform();
    void renamePlan();
    void addAccount();
    void editAccount();
    void addUnit();
    void renameSelected();
    void removeSelected();
    void unmapSelection();
    void updateTitle();
    void updateRecentMenu();
    void addRecent(const QString &path);
    void selectionFromInventory();
    void selectionFromOrganization();

    PlanDocument *m_doc;
    InventoryModel *m_inventoryModel;
    QSortFilterProxyModel *m_inventoryProxy;
    OrganizationModel *m_orgModel;
    QTreeView *m_inventoryView;
    QTreeView *m_orgView;
    QLineEdit *m_filter;
    DependencyView *m_diagram;
    RunbookPanel *m_runbook;
    QTabWidget *m_centre;
    PropertiesPanel *m_properties;
    ChecksPanel *m_checks;
    class QDockWidget *m_checksDock;
    QMenu *m_recentMenu = nullptr;
    QStringList m_selection;
};

} // namespace Ferry
