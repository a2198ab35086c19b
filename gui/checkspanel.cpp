// SPDX-License-Identifier: MIT
#include "checkspanel.h"

#include "checkrunner.h"
#include "checksmodel.h"
#include "commands.h"
#include "datacomparisonmodels.h"
#include "plandocument.h"
#include "plantrust.h"
#include "runlog.h"
#include "secrets.h"
#include "trustprompt.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace Ferry {

ChecksPanel::ChecksPanel(PlanDocument *doc, QWidget *parent)
    : QWidget(parent)
    , m_doc(doc)
    , m_model(new ChecksModel(doc, this))
    , m_view(new QTableView(this))
    , m_details(new QPlainTextEdit(this))
    , m_detailTabs(new QTabWidget(this))
    , m_tablesModel(new DataTablesModel(this))
    , m_differencesModel(new DataDifferencesModel(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_runner(new CheckRunner(this))
{
    m_runAll = new QAction(tr("Run &All Checks"), this);
    m_runAll->setShortcut(QKeySequence(Qt::Key_F5));
    m_runAll->setToolTip(tr("Run every check of the plan (F5)"));
    m_runSelected = new QAction(tr("Run &Selected Checks"), this);
    m_runSelected->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_runSelected->setToolTip(tr("Run the selected checks (Shift+F5)"));
    m_cancel = new QAction(tr("&Cancel Checks"), this);
    m_cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F5));
    m_cancel->setToolTip(tr("Stop the running checks (Ctrl+F5)"));
    m_generate = new QAction(tr("&Generate Checks"), this);
    m_generate->setToolTip(tr("Add a TCP check per load balancer port, DNS and TLS checks per "
                              "domain, a DNS check per A record, PostgreSQL logins per database; "
                              "the target side where a mapping has its endpoint"));
    m_remove = new QAction(tr("&Remove Selected Checks"), this);
    m_runLog = new QAction(tr("Run &Log Location…"), this);
    m_runLog->setToolTip(tr("Where check runs are recorded: a SQLite file or a postgresql:// URI "
                            "(empty: beside the plan)"));
    connect(m_runLog, &QAction::triggered, this, [this] {
        bool ok = false;
        const QString current = QSettings().value(QStringLiteral("checks/runLog")).toString();
        const QString where = QInputDialog::getText(
            this, tr("Run Log Location"),
            tr("Record check runs in this SQLite file or PostgreSQL database\n"
               "(postgresql://user@host/db; the password from PGPASSWORD or ~/.pgpass).\n"
               "Leave empty to keep them beside the plan file."),
            QLineEdit::Normal, current, &ok);
        if (!ok)
            return;
        if (where.contains(QLatin1String("://")) && !QUrl(where).password().isEmpty()) {
            emit runFinished(tr("Not changed: the URI holds a password; use PGPASSWORD or "
                                "~/.pgpass instead."));
            return;
        }
        QSettings().setValue(QStringLiteral("checks/runLog"), where.trimmed());
        emit runFinished(tr("Check runs will be recorded in %1.")
                             .arg(runLogLocation().isEmpty() ? tr("the file beside the plan")
                                                             : runLogLocation()));
    });
    m_storePassword = new QAction(tr("Store &Password in Keychain…"), this);
    m_storePassword->setToolTip(tr("Keep a database password in the OS keychain, where checks "
                                   "naming it (password_keychain) find it"));
    connect(m_storePassword, &QAction::triggered, this, &ChecksPanel::storePassword);
    connect(m_runAll, &QAction::triggered, this, [this] { run(); });
    connect(m_runSelected, &QAction::triggered, this, [this] {
        if (const QStringList ids = selectedIds(); !ids.isEmpty())
            run(ids);
    });
    connect(m_cancel, &QAction::triggered, m_runner, &CheckRunner::cancel);
    connect(m_generate, &QAction::triggered, this, [this] {
        if (auto *cmd = ChangeChecks::addGenerated(m_doc))
            m_doc->undoStack()->push(cmd);
        else
            emit runFinished(tr("No new checks follow from the inventory."));
    });
    connect(m_remove, &QAction::triggered, this, [this] {
        if (auto *cmd = ChangeChecks::remove(m_doc, selectedIds()))
            m_doc->undoStack()->push(cmd);
    });

    auto *bar = new QHBoxLayout;
    for (QAction *a : {m_runAll, m_runSelected, m_cancel, m_generate}) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        bar->addWidget(b);
    }
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("%v of %m"));
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    bar->addWidget(m_progress);
    bar->addWidget(m_summary, 1);

    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(ChecksModel::ResultColumn,
                                                     QHeaderView::Stretch);
    m_view->setColumnWidth(ChecksModel::StatusColumn, 80);
    m_view->setColumnWidth(ChecksModel::IdColumn, 230);
    m_view->setColumnWidth(ChecksModel::KindColumn, 60);
    m_view->setColumnWidth(ChecksModel::TargetColumn, 200);
    m_view->setColumnWidth(ChecksModel::LatencyColumn, 60);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_runSelected, m_remove, m_storePassword});
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select a check to see what it tests and what came back."));

    auto *split = new QSplitter(Qt::Horizontal, this);
    auto tableView = [this](QAbstractItemModel *model) {
        auto *v = new QTableView(this);
        v->setModel(model);
        v->verticalHeader()->hide();
        v->verticalHeader()->setDefaultSectionSize(v->fontMetrics().height() + 6);
        v->horizontalHeader()->setStretchLastSection(true);
        v->setSelectionBehavior(QAbstractItemView::SelectRows);
        v->setWordWrap(false);
        v->setSortingEnabled(false);
        return v;
    };
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(m_details, tr("Details"));
    QTableView *tables = tableView(m_tablesModel);
    tables->setColumnWidth(DataTablesModel::TableColumn, 130);
    for (int c = DataTablesModel::StatusColumn; c < DataTablesModel::ProgressColumn; ++c)
        tables->setColumnWidth(c, c == DataTablesModel::StatusColumn ? 80 : 70);
    m_detailTabs->addTab(tables, tr("Tables"));
    QTableView *differences = tableView(m_differencesModel);
    differences->setColumnWidth(DataDifferencesModel::TableColumn, 110);
    differences->setColumnWidth(DataDifferencesModel::KeyColumn, 60);
    differences->setColumnWidth(DataDifferencesModel::KindColumn, 70);
    differences->setColumnWidth(DataDifferencesModel::FieldColumn, 80);
    differences->setColumnWidth(DataDifferencesModel::SourceColumn, 140);
    m_detailTabs->addTab(differences, tr("Differences"));
    m_detailTabs->setTabVisible(1, false);
    m_detailTabs->setTabVisible(2, false);
    split->addWidget(m_view);
    split->addWidget(m_detailTabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showDetails();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateActions();
        showDetails();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ChecksPanel::showDetails);
    connect(m_runner, &CheckRunner::checkStarted, this, [this](const QString &id) {
        CheckResult r;
        r.checkId = id;
        r.status = CheckResult::Status::Running;
        m_model->setResult(r);
    });
    connect(m_runner, &CheckRunner::dataProgress, this,
            [this](const QString &id, const QList<DataTableProgress> &tables, int done, int total) {
                m_dataProgress.insert(id, tables);
                CheckResult r = m_model->result(id);
                if (r.status != CheckResult::Status::Running)
                    return;
                qint64 rows = 0;
                for (const DataTableProgress &t : tables)
                    rows += t.rowsHashed;
                r.message = tr("%1 of %2 tables compared, %3 rows hashed")
                                .arg(done)
                                .arg(total)
                                .arg(QLocale().toString(rows));
                m_model->setResult(r);
            });
    connect(m_runner, &CheckRunner::checkFinished, this, [this](const CheckResult &r) {
        m_dataProgress.remove(r.checkId);
        m_model->setResult(r);
        m_progress->setValue(m_progress->value() + 1);
    });
    connect(m_runner, &CheckRunner::finished, this, &ChecksPanel::finishRun);
    updateActions();
}

ChecksPanel::~ChecksPanel() = default;

bool ChecksPanel::isRunning() const
{
    return m_runner->isRunning();
}

QStringList ChecksPanel::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        ids.append(m_model->checkId(i.row()));
    return ids;
}

QString ChecksPanel::selectedKeychainEntry() const
{
    for (const QString &id : selectedIds()) {
        const auto it = m_doc->plan().checks.find(id);
        if (it == m_doc->plan().checks.end())
            continue;
        for (const QString &prefix :
             {QString(), QStringLiteral("target_"), QStringLiteral("subscriber_")}) {
            const QString entry = passwordSource(it->second, prefix).keychain;
            if (!entry.isEmpty())
                return entry;
        }
    }
    return {};
}

void ChecksPanel::storePassword()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("storePasswordDialog"));
    dialog.setWindowTitle(tr("Store Password in Keychain"));
    dialog.setMinimumWidth(460);
    auto *entry = new QLineEdit(selectedKeychainEntry(), &dialog);
    entry->setObjectName(QStringLiteral("entry"));
    entry->setPlaceholderText(tr("e.g. shop-db-source"));
    auto *password = new QLineEdit(&dialog);
    password->setObjectName(QStringLiteral("password"));
    password->setEchoMode(QLineEdit::Password);
    auto *buttons =
        new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    auto *form = new QFormLayout(&dialog);
    auto *note = new QLabel(tr("The password is kept by the OS keychain (service \"%1\"), never in "
                               "the plan.\nA check finds it through password_keychain (or "
                               "target_password_keychain, subscriber_password_keychain).")
                                .arg(keychainService()),
                            &dialog);
    note->setWordWrap(true);
    form->addRow(note);
    form->addRow(tr("&Entry:"), entry);
    form->addRow(tr("&Password:"), password);
    form->addRow(buttons);
    auto updateSave = [=] {
        buttons->button(QDialogButtonBox::Save)
            ->setEnabled(!entry->text().trimmed().isEmpty() && !password->text().isEmpty());
    };
    connect(entry, &QLineEdit::textChanged, &dialog, updateSave);
    connect(password, &QLineEdit::textChanged, &dialog, updateSave);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    updateSave();
    (entry->text().isEmpty() ? entry : password)->setFocus();
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString name = entry->text().trimmed();
    m_storePassword->setEnabled(false);
    writeKeychainPassword(name, password->text(), this, [this, name](const QString &error) {
        m_storePassword->setEnabled(true);
        emit runFinished(error.isEmpty() ? tr("Stored keychain entry %1.").arg(name)
                                         : tr("Not stored: %1").arg(error));
    });
}

void ChecksPanel::updateActions()
{
    const bool running = m_runner->isRunning();
    const bool any = !m_doc->plan().checks.empty();
    const bool selected = m_view->selectionModel()->hasSelection();
    m_runAll->setEnabled(!running && any);
    m_runSelected->setEnabled(!running && selected);
    m_cancel->setEnabled(running);
    m_remove->setEnabled(!running && selected);
    m_generate->setEnabled(!running);
}

void ChecksPanel::setTrustStore(TrustStore *store)
{
    m_trust = store;
    m_runner->setTrustStore(store);
}

void ChecksPanel::run(const QStringList &ids)
{
    if (m_runner->isRunning())
        return;
    m_current = CheckRun();
    m_current.plan = m_doc->plan().name;
    m_current.planFile = m_doc->fileName();
    for (const auto &[id, c] : m_doc->plan().checks)
        if (ids.isEmpty() || ids.contains(id))
            m_current.checks.append(c);
    if (m_current.checks.isEmpty())
        return;
    QList<Check> all;
    for (const auto &[id, c] : m_doc->plan().checks)
        all.append(c);
    if (!confirmPlanTrust(this, m_doc->fileName(), all, m_trust ? *m_trust : TrustStore::user())) {
        m_summary->setText(tr("Not run: the plan's checks are not trusted."));
        return;
    }
    for (const Check &c : std::as_const(m_current.checks)) {
        CheckResult r;
        r.checkId = c.id;
        m_model->setResult(r); // not run (yet)
    }
    m_current.started = QDateTime::currentDateTimeUtc();
    m_timer.start();
    m_progress->setRange(0, int(m_current.checks.size()));
    m_progress->setValue(0);
    m_progress->show();
    m_summary->setText(tr("Running %n check(s)…", nullptr, int(m_current.checks.size())));
    m_runner->start(m_current.checks);
    updateActions();
}

void ChecksPanel::finishRun()
{
    m_current.seconds = double(m_timer.nsecsElapsed()) / 1e9;
    m_current.results = m_runner->results();
    for (const CheckResult &r : std::as_const(m_current.results))
        if (r.status == CheckResult::Status::Cancelled || r.status == CheckResult::Status::NotRun)
            m_model->setResult(r);
    m_lastRun = m_current;
    m_progress->hide();
    QString summary = tr("%1 passed, %2 failed, %3 errors")
                          .arg(m_lastRun.count(CheckResult::Status::Passed))
                          .arg(m_lastRun.count(CheckResult::Status::Failed))
                          .arg(m_lastRun.count(CheckResult::Status::Error));
    if (const int c = m_lastRun.count(CheckResult::Status::Cancelled))
        summary += tr(", %1 cancelled").arg(c);
    summary += tr(" in %1 s").arg(m_lastRun.seconds, 0, 'f', 1);
    m_summary->setText(summary);
    QString message = tr("Checks: %1.").arg(summary);
    const QString where = runLogLocation();
    if (where.isEmpty()) {
        message += tr(" Not recorded: save the plan to keep a run log beside it.");
    } else {
        RunLog log;
        QString error;
        if (log.open(where, &error) && log.record(m_lastRun, &error) >= 0)
            message += tr(" Recorded in %1.").arg(where);
        else
            message += QLatin1Char(' ') + error;
    }
    updateActions();
    emit runFinished(message);
}

QString ChecksPanel::runLogLocation() const
{
    return m_doc->historyStore();
}

void ChecksPanel::showDetails()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const auto it = rows.size() == 1 ? m_doc->plan().checks.find(m_model->checkId(rows[0].row()))
                                     : m_doc->plan().checks.end();
    const bool data = it != m_doc->plan().checks.end() && it->second.kind == CheckKind::Data;
    m_detailTabs->setTabVisible(1, data);
    m_detailTabs->setTabVisible(2, data);
    if (it == m_doc->plan().checks.end()) {
        m_details->clear();
        m_tablesModel->setComparison(nullptr);
        m_differencesModel->setComparison(nullptr);
        return;
    }
    const QString id = it->first;
    const Check &c = it->second;
    const CheckResult r = m_model->result(id);
    if (data) {
        if (r.data || !m_dataProgress.contains(id))
            m_tablesModel->setComparison(r.data);
        else
            m_tablesModel->setProgress(m_dataProgress.value(id));
        m_differencesModel->setComparison(r.data);
    }
    QStringList lines;
    lines << tr("%1 check %2").arg(checkKindName(c.kind).toUpper(), id);
    lines << tr("target: %1").arg(c.target);
    if (!c.resource.isEmpty())
        lines << tr("resource: %1 (%2 side)")
                     .arg(c.resource, c.side.isEmpty() ? tr("either") : c.side);
    lines << tr("timeout: %1 s").arg(c.timeoutSeconds);
    for (auto e = c.expect.cbegin(); e != c.expect.cend(); ++e)
        lines << tr("expect %1: %2").arg(e.key(), e.value());
    lines << QString() << tr("status: %1").arg(checkStatusName(r.status));
    if (!r.message.isEmpty())
        lines << r.message;
    if (r.started.isValid())
        lines << tr("started %1 UTC, took %2 s")
                     .arg(r.started.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                     .arg(r.seconds, 0, 'f', 3);
    for (auto d = r.details.cbegin(); d != r.details.cend(); ++d)
        lines << QStringLiteral("%1: %2").arg(d.key(), d.value());
    m_details->setPlainText(lines.join(u'\n'));
}

} // namespace Ferry
