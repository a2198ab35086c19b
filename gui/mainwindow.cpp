// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "accountdialog.h"
#include "atomicfile.h"
#include "checkspanel.h"
#include "commands.h"
#include "dependencyview.h"
#include "escaping.h"
#include "htmlpage.h"
#include "importservice.h"
#include "inventorymodel.h"
#include "organizationmodel.h"
#include "plandocument.h"
#include "planfile.h"
#include "propertiespanel.h"
#include "runbookmarkdown.h"
#include "runbookpanel.h"
#include "runjournal.h"
#include "terraformexport.h"
#include "unitdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include <QtConcurrent/QtConcurrentRun>
#include <memory>

namespace Ferry {

namespace {

/// A message box whose text is shown as plain text: an error or a summary naming a resource,
/// a file or a folder never renders as rich text, whatever it holds.
void showPlainMessage(QWidget *parent, QMessageBox::Icon icon, const QString &title,
                      const QString &text)
{
    QMessageBox box(icon, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

const QString kPlanFilter = QStringLiteral("Ferry plans (*.ferry.yaml *.yaml)");
constexpr int kMaxRecent = 8;

struct ImportResult
{
    bool ok = false;
    Inventory inventory;
    ImportReport report;
    FileError error;
};
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_doc(new PlanDocument(this))
{
    m_inventoryModel = new InventoryModel(m_doc, this);
    m_inventoryProxy = new QSortFilterProxyModel(this);
    m_inventoryProxy->setSourceModel(m_inventoryModel);
    m_inventoryProxy->setRecursiveFilteringEnabled(true);
    m_inventoryProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_inventoryProxy->setFilterKeyColumn(-1);
    m_orgModel = new OrganizationModel(m_doc, this);

    // Inventory dock.
    auto *inventory = new QWidget(this);
    auto *il = new QVBoxLayout(inventory);
    il->setContentsMargins(4, 4, 4, 4);
    m_filter = new QLineEdit(inventory);
    m_filter->setPlaceholderText(tr("Filter resources (name, type, region, account)…"));
    m_filter->setClearButtonEnabled(true);
    il->addWidget(m_filter);
    m_inventoryView = new QTreeView(inventory);
    m_inventoryView->setModel(m_inventoryProxy);
    m_inventoryView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_inventoryView->setDragEnabled(true);
    m_inventoryView->setAcceptDrops(true);
    m_inventoryView->setDropIndicatorShown(true);
    m_inventoryView->setDragDropMode(QAbstractItemView::DragDrop);
    m_inventoryView->setDefaultDropAction(Qt::CopyAction);
    m_inventoryView->setUniformRowHeights(true);
    m_inventoryView->header()->setSectionResizeMode(InventoryModel::NameColumn,
                                                    QHeaderView::Stretch);
    for (int c : {int(InventoryModel::TypeColumn), int(InventoryModel::RegionColumn),
                  int(InventoryModel::AccountColumn)})
        m_inventoryView->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_inventoryView->header()->setStretchLastSection(false);
    il->addWidget(m_inventoryView);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_inventoryProxy->setFilterFixedString(t);
        if (!t.isEmpty())
            m_inventoryView->expandAll();
    });
    auto *invDock = new QDockWidget(tr("Inventory"), this);
    invDock->setObjectName(QStringLiteral("InventoryDock"));
    invDock->setWidget(inventory);
    addDockWidget(Qt::LeftDockWidgetArea, invDock);

    // Organization dock.
    m_orgView = new QTreeView(this);
    m_orgView->setModel(m_orgModel);
    m_orgView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_orgView->setDragEnabled(true);
    m_orgView->setAcceptDrops(true);
    m_orgView->setDropIndicatorShown(true);
    m_orgView->setDragDropMode(QAbstractItemView::DragDrop);
    m_orgView->setDefaultDropAction(Qt::CopyAction);
    m_orgView->setEditTriggers(QAbstractItemView::EditKeyPressed |
                               QAbstractItemView::DoubleClicked);
    auto *orgDock = new QDockWidget(tr("Target organization"), this);
    orgDock->setObjectName(QStringLiteral("OrganizationDock"));
    orgDock->setWidget(m_orgView);
    addDockWidget(Qt::RightDockWidgetArea, orgDock);
    connect(m_orgModel, &QAbstractItemModel::modelReset, this,
            [this] { m_orgView->expandToDepth(1); });

    m_properties = new PropertiesPanel(m_doc, this);
    connect(m_properties, &PropertiesPanel::problem, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    auto *propDock = new QDockWidget(tr("Properties"), this);
    propDock->setObjectName(QStringLiteral("PropertiesDock"));
    propDock->setWidget(m_properties);
    addDockWidget(Qt::RightDockWidgetArea, propDock);

    // The centre: the dependency diagram while planning, the runbook on cutover day.
    m_diagram = new DependencyView(m_doc, this);
    m_runbook = new RunbookPanel(m_doc, this);
    m_centre = new QTabWidget(this);
    m_centre->setObjectName(QStringLiteral("centreTabs"));
    m_centre->setDocumentMode(true);
    m_centre->addTab(m_diagram, tr("&Diagram"));
    m_centre->addTab(m_runbook, tr("R&unbook"));
    setCentralWidget(m_centre);
    connect(m_runbook, &RunbookPanel::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });

    m_checks = new ChecksPanel(m_doc, this);
    m_checksDock = new QDockWidget(tr("Checks"), this);
    m_checksDock->setObjectName(QStringLiteral("ChecksDock"));
    m_checksDock->setWidget(m_checks);
    addDockWidget(Qt::BottomDockWidgetArea, m_checksDock);
    connect(m_checks, &ChecksPanel::runFinished, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });

    connect(m_inventoryView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::selectionFromInventory);
    connect(m_orgView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::selectionFromOrganization);
    connect(m_diagram, &DependencyView::selectionChanged, this, [this](const QStringList &ids) {
        m_selection = ids;
        m_properties->setResources(ids);
    });
    connect(m_doc->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &PlanDocument::fileNameChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &PlanDocument::changed, this, [this] {
        updateTitle();
        statusBar()->showMessage(tr("%1 resources, %2 mapped, %3 dependencies")
                                     .arg(m_doc->plan().inventory.resources.size())
                                     .arg(m_doc->plan().mappings.size())
                                     .arg(m_doc->plan().inventory.dependencies.size()));
    });

    createActions();
    resize(1400, 860);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainwindow/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("mainwindow/state")).toByteArray())) {
        // First start: give the side panels room for their names (once the window is laid out).
        QTimer::singleShot(50, this, [this, invDock, orgDock] {
            resizeDocks({invDock, orgDock}, {380, 420}, Qt::Horizontal);
            resizeDocks({m_checksDock}, {190}, Qt::Vertical);
        });
    }
    m_doc->reset(Plan(), QString());
    m_inventoryView->expandToDepth(0);
}

MainWindow::~MainWindow() = default;

void MainWindow::showRunbook()
{
    m_centre->setCurrentWidget(m_runbook);
    m_runbook->view()->setFocus();
}

bool MainWindow::showRun(const QString &name)
{
    m_centre->setCurrentWidget(m_runbook);
    QString error;
    if (!m_runbook->showRun(name, &error)) {
        QMessageBox::warning(this, tr("Run Not Found"),
                             tr("Cannot show run %1: %2").arg(name, error));
        return false;
    }
    m_runbook->view()->setFocus();
    return true;
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, &MainWindow::newPlan);
    QAction *openAction =
        file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu();
    QAction *saveAction = file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addAction(tr("Rename &Plan…"), this, &MainWindow::renamePlan);
    file->addSeparator();
    QAction *importAction = file->addAction(tr("&Import…"), QKeySequence(Qt::CTRL | Qt::Key_I),
                                            this, &MainWindow::import);
    QAction *runbookAction =
        file->addAction(tr("Export &Runbook…"), QKeySequence(Qt::CTRL | Qt::Key_R), this,
                        &MainWindow::exportRunbook);
    QAction *terraformAction =
        file->addAction(tr("Export &Terraform…"), QKeySequence(Qt::CTRL | Qt::Key_T), this,
                        &MainWindow::exportTerraform);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_doc->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction *redo = m_doc->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *unmap = edit->addAction(tr("U&nmap Selected"), this, &MainWindow::unmapSelection);
    unmap->setShortcut(QKeySequence::Delete);
    edit->addAction(tr("&Find Resource"), QKeySequence::Find, this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });

    QMenu *org = menuBar()->addMenu(tr("&Organization"));
    org->addAction(tr("Add &Account…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), this,
                   &MainWindow::addAccount);
    org->addAction(tr("Add &Organizational Unit…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                   this, &MainWindow::addUnit);
    org->addAction(tr("&Properties…"), QKeySequence(Qt::ALT | Qt::Key_Return), this,
                   &MainWindow::editAccount);
    org->addAction(tr("&Rename…"), QKeySequence(Qt::Key_F2), this, &MainWindow::renameSelected);
    org->addAction(tr("Re&move Account or OU"), QKeySequence(Qt::CTRL | Qt::Key_Delete), this,
                   &MainWindow::removeSelected);

    QMenu *checks = menuBar()->addMenu(tr("&Checks"));
    checks->addActions(
        {m_checks->runAllAction(), m_checks->runSelectedAction(), m_checks->cancelAction()});
    checks->addSeparator();
    checks->addActions({m_checks->generateAction(), m_checks->removeAction()});
    checks->addSeparator();
    checks->addAction(m_checks->storePasswordAction());
    checks->addAction(m_checks->runLogAction());

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    for (QAction *a : m_runbook->actions())
        if (a)
            run->addAction(a);
        else
            run->addSeparator();
    run->addSeparator();
    run->addAction(tr("Set Your &Name…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(
            this, tr("Your Name in Runs"),
            tr("The name the run journal records for your actions (empty: %1):")
                .arg(RunJournal::defaultActor()),
            QLineEdit::Normal, QSettings().value(QStringLiteral("runbook/actor")).toString(), &ok);
        if (ok)
            QSettings().setValue(QStringLiteral("runbook/actor"), name.trimmed());
    });
    // Opening the Run menu from elsewhere shows the runbook its actions act on.
    connect(run, &QMenu::aboutToShow, this, [this] { m_centre->setCurrentWidget(m_runbook); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Diagram"), QKeySequence(Qt::ALT | Qt::Key_1), this,
                    [this] { m_centre->setCurrentWidget(m_diagram); });
    view->addAction(tr("&Runbook"), QKeySequence(Qt::ALT | Qt::Key_2), this,
                    &MainWindow::showRunbook);
    view->addSeparator();
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, this,
                    [this] { m_diagram->scale(1.2, 1.2); });
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, this,
                    [this] { m_diagram->scale(1 / 1.2, 1 / 1.2); });
    view->addAction(tr("&Fit Diagram"), QKeySequence(Qt::CTRL | Qt::Key_0), this,
                    [this] { m_diagram->fitInView(m_diagram->sceneRect(), Qt::KeepAspectRatio); });
    view->addSeparator();
    QAction *showChecks = m_checksDock->toggleViewAction();
    showChecks->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    view->addAction(showChecks);

    QToolBar *tb = addToolBar(tr("Main"));
    tb->setObjectName(QStringLiteral("MainToolBar"));
    tb->addActions({openAction, saveAction});
    tb->addSeparator();
    tb->addAction(undo);
    tb->addAction(redo);
    tb->addSeparator();
    tb->addActions({importAction, runbookAction, terraformAction});
    tb->addSeparator();
    tb->addActions({m_checks->runAllAction(), m_checks->cancelAction()});
}

void MainWindow::updateTitle()
{
    // "Plan name (file.ferry.yaml)[*] — Ferry"; an unsaved plan shows its name only.
    QString title = m_doc->plan().name;
    if (!m_doc->fileName().isEmpty())
        title += QStringLiteral(" (%1)").arg(QFileInfo(m_doc->fileName()).fileName());
    setWindowTitle(title + QStringLiteral("[*] — Ferry"));
    setWindowModified(m_doc->isModified());
}

bool MainWindow::maybeSave()
{
    m_properties->commitPendingEdits();
    if (!m_doc->isModified())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"), tr("The plan has unsaved changes. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    if (!maybeSave()) {
        e->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainwindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainwindow/state"), saveState());
    e->accept();
}

void MainWindow::newPlan()
{
    if (maybeSave())
        m_doc->reset(Plan(), QString());
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Plan"), QString(), kPlanFilter);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openFile(const QString &path)
{
    // Large plans take seconds to parse: read on a worker thread behind a progress dialog whose
    // Cancel keeps the current plan (the reader finishes in the background and is dropped).
    struct Loaded
    {
        bool ok = false;
        Plan plan;
        FileError error;
    };
    QFutureWatcher<Loaded> watcher;
    watcher.setFuture(QtConcurrent::run([path] {
        Loaded l;
        l.ok = PlanFile::load(path, &l.plan, &l.error);
        return l;
    }));
    if (!watcher.isFinished()) {
        QProgressDialog dialog(tr("Opening %1…").arg(QFileInfo(path).fileName()), tr("Cancel"), 0,
                               0, this);
        dialog.setWindowModality(Qt::WindowModal);
        dialog.setMinimumDuration(300);
        QEventLoop loop;
        bool cancelled = false;
        connect(&watcher, &QFutureWatcher<Loaded>::finished, &loop, &QEventLoop::quit);
        connect(&dialog, &QProgressDialog::canceled, &loop, [&] {
            cancelled = true;
            loop.quit();
        });
        loop.exec();
        dialog.disconnect(&loop);
        if (cancelled) {
            statusBar()->showMessage(tr("Opening cancelled; the plan is unchanged."), 5000);
            return false;
        }
    }
    Loaded loaded = watcher.result();
    if (!loaded.ok) {
        showPlainMessage(this, QMessageBox::Critical, tr("Cannot open plan"),
                         loaded.error.toString());
        return false;
    }
    m_doc->reset(std::move(loaded.plan), path);
    addRecent(path);
    m_inventoryView->expandToDepth(0);
    return true;
}

bool MainWindow::save()
{
    m_properties->commitPendingEdits();
    if (m_doc->fileName().isEmpty())
        return saveAs();
    FileError error;
    if (!m_doc->save(m_doc->fileName(), &error)) {
        showPlainMessage(this, QMessageBox::Critical, tr("Cannot save plan"), error.toString());
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(m_doc->fileName()), 4000);
    return true;
}

bool MainWindow::saveAs()
{
    m_properties->commitPendingEdits();
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Plan As"), m_doc->plan().name + QStringLiteral(".ferry.yaml"), kPlanFilter);
    if (path.isEmpty())
        return false;
    FileError error;
    if (!m_doc->save(path, &error)) {
        showPlainMessage(this, QMessageBox::Critical, tr("Cannot save plan"), error.toString());
        return false;
    }
    addRecent(path);
    return true;
}

void MainWindow::import()
{
    QStringList filters;
    for (const auto &i : ImportService::importers())
        filters.append(i->nameFilter());
    filters.append(tr("All files (*)"));
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Import Inventory"), QString(),
                                                            filters.join(QStringLiteral(";;")));
    if (!paths.isEmpty())
        importFiles(paths);
}

bool MainWindow::importFiles(const QStringList &paths)
{
    // The import runs on a worker thread; this thread shows its progress and can cancel it.
    auto progress = std::make_shared<ImportProgress>();
    QProgressDialog dialog(paths.size() == 1
                               ? tr("Importing %1…").arg(QFileInfo(paths[0]).fileName())
                               : tr("Importing %1 files…").arg(paths.size()),
                           tr("Cancel"), 0, 100, this);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    QFutureWatcher<ImportResult> watcher;
    QEventLoop loop;
    QTimer poll;
    connect(&poll, &QTimer::timeout, &dialog, [&] { dialog.setValue(progress->percent()); });
    connect(&dialog, &QProgressDialog::canceled, &loop, [&] {
        progress->cancelRequested = true; // importers stop at the next resource
        dialog.setLabelText(tr("Cancelling…"));
    });
    connect(&watcher, &QFutureWatcher<ImportResult>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([paths, progress] {
        ImportResult r;
        r.ok = ImportService::importFiles(paths, QString(), &r.inventory, &r.report, &r.error,
                                          progress.get());
        return r;
    }));
    poll.start(100);
    if (!watcher.isFinished())
        loop.exec(); // the window-modal dialog keeps input to Cancel only
    poll.stop();
    dialog.disconnect(&loop); // closing a progress dialog emits canceled()
    dialog.close();
    ImportResult result = watcher.result();
    if (progress->isCancelled()) {
        statusBar()->showMessage(tr("Import cancelled; the plan is unchanged."), 5000);
        return false;
    }
    if (!result.ok) {
        showPlainMessage(this, QMessageBox::Critical, tr("Import failed"),
                         tr("%1\n\nThe plan is unchanged.").arg(result.error.toString()));
        return false;
    }
    auto *cmd = new ImportInventory(m_doc, std::move(result.inventory), &result.report);
    m_doc->undoStack()->push(cmd);
    m_inventoryView->expandToDepth(0);
    QMessageBox box(QMessageBox::Information, tr("Import report"),
                    tr("%1 added, %2 updated, %3 unchanged, %4 skipped.")
                        .arg(result.report.added.size())
                        .arg(result.report.updated.size())
                        .arg(result.report.unchanged.size())
                        .arg(result.report.skipped.size()),
                    QMessageBox::Ok, this);
    box.setDetailedText(result.report.toText());
    if (!qEnvironmentVariableIsSet("FERRY_NO_DIALOGS"))
        box.exec();
    return true;
}

void MainWindow::exportRunbook()
{
    m_properties->commitPendingEdits();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Runbook"), m_doc->plan().name + QStringLiteral("-runbook.md"),
        tr("Markdown (*.md);;Printable page (*.html)"));
    if (path.isEmpty())
        return;
    const QString markdown = RunbookMarkdown::generate(m_doc->plan(), QDate::currentDate());
    const QString text =
        HtmlPage::forFile(path, tr("Runbook: %1").arg(m_doc->plan().name), markdown);
    QString reason;
    if (!writeFileAtomically(path, text.toUtf8(), &reason)) {
        showPlainMessage(this, QMessageBox::Critical, tr("Export failed"),
                         path + QStringLiteral(": ") + reason);
        return;
    }
    statusBar()->showMessage(tr("Runbook written to %1").arg(path), 5000);
}

void MainWindow::exportTerraform()
{
    m_properties->commitPendingEdits();
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Terraform into Folder"));
    if (dir.isEmpty())
        return;
    QString error;
    TerraformExport::Summary summary;
    const auto files = TerraformExport::generate(m_doc->plan(), &summary);
    ExportFolder::Result written;
    if (!TerraformExport::writeFiles(dir, files, &written, &error)) {
        showPlainMessage(this, QMessageBox::Critical, tr("Export failed"), Escape::visible(error));
        return;
    }
    if (!summary.notWritten.isEmpty())
        showPlainMessage(this, QMessageBox::Warning, tr("Export incomplete"),
                         tr("Terraform written to %1, but not every mapped resource has a "
                            "block:\n\n%2")
                             .arg(dir, TerraformExport::summaryText(summary, written)));
    statusBar()->showMessage(tr("%1 Terraform files written to %2, %3 stale files removed")
                                 .arg(written.written.size())
                                 .arg(dir)
                                 .arg(written.removed.size()),
                             5000);
}

void MainWindow::addAccount()
{
    Organization org = m_doc->plan().organization;
    Account a;
    a.name.clear();
    const QModelIndex cur = m_orgView->currentIndex();
    if (cur.isValid() &&
        cur.data(OrganizationModel::KindRole).toInt() == OrganizationModel::UnitNode)
        a.unitId = cur.data(OrganizationModel::IdRole).toString();
    else if (!org.units.isEmpty())
        a.unitId = org.units.front().id;
    AccountDialog dialog(org, a, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    a = dialog.account();
    a.id = org.uniqueId(a.name);
    org.accounts.append(a);
    m_doc->undoStack()->push(new ChangeOrganization(m_doc, org, tr("Add account %1").arg(a.name)));
}

void MainWindow::renamePlan()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Plan"), tr("Plan name:"),
                                               QLineEdit::Normal, m_doc->plan().name, &ok)
                             .trimmed();
    if (ok && !name.isEmpty() && name != m_doc->plan().name)
        m_doc->undoStack()->push(new RenamePlan(m_doc, name));
}

void MainWindow::editAccount()
{
    const QString id = m_orgModel->accountAt(m_orgView->currentIndex());
    Organization org = m_doc->plan().organization;
    Account *a = org.account(id);
    const QModelIndex cur = m_orgView->currentIndex();
    if (!a && cur.isValid() &&
        cur.data(OrganizationModel::KindRole).toInt() == OrganizationModel::UnitNode) {
        // An OU's properties: its name and Service Control Policies.
        for (OrganizationalUnit &u : org.units) {
            if (u.id != cur.data(OrganizationModel::IdRole).toString())
                continue;
            UnitDialog dialog(u, this);
            if (dialog.exec() != QDialog::Accepted || dialog.unit() == u)
                return;
            u = dialog.unit();
            m_doc->undoStack()->push(
                new ChangeOrganization(m_doc, org, tr("Edit OU %1").arg(u.name)));
            return;
        }
    }
    if (!a) {
        statusBar()->showMessage(tr("Select an account or OU in the target organization first."),
                                 4000);
        return;
    }
    AccountDialog dialog(org, *a, this);
    const auto &mappings = m_doc->plan().mappings;
    if (std::any_of(mappings.cbegin(), mappings.cend(),
                    [&](const auto &m) { return m.second.accountId == id; }))
        dialog.lockCloud(tr("Resources are mapped to this account: map them elsewhere before "
                            "changing its cloud."));
    if (dialog.exec() != QDialog::Accepted || dialog.account() == *a)
        return;
    *a = dialog.account();
    m_doc->undoStack()->push(
        new ChangeOrganization(m_doc, org, tr("Edit account %1").arg(a->name)));
}

void MainWindow::addUnit()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add Organizational Unit"), tr("OU name:"),
                                               QLineEdit::Normal, QString(), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    Organization org = m_doc->plan().organization;
    OrganizationalUnit u{org.uniqueId(name), name, QString()};
    const QModelIndex cur = m_orgView->currentIndex();
    if (cur.isValid() &&
        cur.data(OrganizationModel::KindRole).toInt() == OrganizationModel::UnitNode)
        u.parentId = cur.data(OrganizationModel::IdRole).toString();
    org.units.append(u);
    m_doc->undoStack()->push(new ChangeOrganization(m_doc, org, tr("Add OU %1").arg(name)));
}

void MainWindow::renameSelected()
{
    const QModelIndex cur = m_orgView->currentIndex();
    if (cur.isValid() && (cur.flags() & Qt::ItemIsEditable))
        m_orgView->edit(cur);
}

void MainWindow::removeSelected()
{
    const QModelIndex cur = m_orgView->currentIndex();
    if (!cur.isValid())
        return;
    const int kind = cur.data(OrganizationModel::KindRole).toInt();
    const QString id = cur.data(OrganizationModel::IdRole).toString();
    Organization org = m_doc->plan().organization;
    if (kind == OrganizationModel::AccountNode) {
        const Account *a = org.account(id);
        const QString name = a ? a->name : id;
        // An account that mapped resources or runbook steps name stays (as `ferry org remove`
        // refuses it): removing it would leave them naming an account that is not there.
        const Plan &plan = m_doc->plan();
        int mapped = 0, steps = 0;
        for (const auto &[rid, m] : plan.mappings)
            mapped += m.accountId == id ? 1 : 0;
        if (plan.runbook)
            for (const auto &[sid, step] : plan.runbook->steps)
                steps += step.account == id ? 1 : 0;
        if (mapped > 0 || steps > 0) {
            const QString why = tr("Account %1 has %n mapped resource(s) and %2 runbook steps: map "
                                   "them to another account first.",
                                   nullptr, mapped)
                                    .arg(name)
                                    .arg(steps);
            statusBar()->showMessage(why, 8000);
            if (!qEnvironmentVariableIsSet("FERRY_NO_DIALOGS"))
                QMessageBox::information(this, tr("Remove Account"), why);
            return;
        }
        org.accounts.removeIf([&](const Account &x) { return x.id == id; });
        m_doc->undoStack()->push(
            new ChangeOrganization(m_doc, org, tr("Remove account %1").arg(name)));
    } else if (kind == OrganizationModel::UnitNode) {
        const OrganizationalUnit *u = org.unit(id);
        const QString name = u ? u->name : id;
        const QString parent = u ? u->parentId : QString();
        // Children move up to the removed unit's parent.
        for (Account &a : org.accounts)
            if (a.unitId == id)
                a.unitId = parent;
        for (OrganizationalUnit &x : org.units)
            if (x.parentId == id)
                x.parentId = parent;
        org.units.removeIf([&](const OrganizationalUnit &x) { return x.id == id; });
        m_doc->undoStack()->push(new ChangeOrganization(m_doc, org, tr("Remove OU %1").arg(name)));
    }
}

void MainWindow::selectResources(const QStringList &ids)
{
    m_selection = ids;
    m_properties->setResources(ids);
    m_diagram->selectResources(ids);
}

void MainWindow::unmapSelection()
{
    if (QUndoCommand *cmd = ChangeMappings::unmap(m_doc, m_selection))
        m_doc->undoStack()->push(cmd);
}

void MainWindow::selectionFromInventory()
{
    QStringList ids;
    for (const QModelIndex &i : m_inventoryView->selectionModel()->selectedRows()) {
        const QString id = i.data(InventoryModel::ResourceIdRole).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    m_selection = ids;
    m_properties->setResources(ids);
    m_diagram->selectResources(ids);
}

void MainWindow::selectionFromOrganization()
{
    QStringList ids;
    for (const QModelIndex &i : m_orgView->selectionModel()->selectedRows())
        if (i.data(OrganizationModel::KindRole).toInt() == OrganizationModel::ResourceNode)
            ids.append(i.data(OrganizationModel::IdRole).toString());
    m_selection = ids;
    m_properties->setResources(ids);
    m_diagram->selectResources(ids);
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    settings.setValue(QStringLiteral("recentFiles"), recent.mid(0, kMaxRecent));
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &path : recent)
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this,
                        [this, path] {
                            if (maybeSave())
                                openFile(path);
                        })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

} // namespace Ferry
