// SPDX-License-Identifier: MIT
#include "runbookpanel.h"

#include "atomicfile.h"
#include "checkrunner.h"
#include "escaping.h"
#include "htmlpage.h"
#include "plandocument.h"
#include "plantrust.h"
#include "runbookgenerator.h"
#include "runbookmodel.h"
#include "runreport.h"
#include "trustprompt.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QSqlDriver>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Ferry {

namespace {

/// Keeps the steps of one role (and every window that has one).
class RoleFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setRole(const QString &role)
    {
        m_role = role;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (m_role.isEmpty() || !parent.isValid())
            return m_role.isEmpty() || sourceModel()->hasChildren(sourceModel()->index(row, 0));
        return sourceModel()->index(row, 0, parent).data(RunbookModel::RunbookRoleRole) == m_role;
    }

private:
    QString m_role;
};

QString html(const QString &s)
{
    return s.toHtmlEscaped();
}

QString localTime(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

/// The check results a gate event recorded, as HTML list items.
QString evidenceHtml(const QString &evidence)
{
    const QJsonArray results = QJsonDocument::fromJson(evidence.toUtf8())
                                   .object()
                                   .value(QStringLiteral("checks"))
                                   .toArray();
    QString out;
    for (const QJsonValue &v : results) {
        const QJsonObject r = v.toObject();
        out += QStringLiteral("<li><b>%1</b> %2: %3</li>")
                   .arg(html(r.value(QStringLiteral("status")).toString()),
                        html(r.value(QStringLiteral("check")).toString()),
                        html(r.value(QStringLiteral("message")).toString()));
    }
    return out.isEmpty() ? QString() : QStringLiteral("<ul>") + out + QStringLiteral("</ul>");
}

} // namespace

RunbookPanel::RunbookPanel(PlanDocument *doc, QWidget *parent)
    : QWidget(parent)
    , m_doc(doc)
    , m_model(new RunbookModel(this))
    , m_proxy(new RoleFilter(this))
    , m_view(new QTreeView(this))
    , m_details(new QTextBrowser(this))
    , m_runs(new QComboBox(this))
    , m_roles(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_message(new QLabel(this))
    , m_clock(new QTimer(this))
    , m_poll(new QTimer(this))
    , m_runner(new CheckRunner(this))
{
    setObjectName(QStringLiteral("runbookPanel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setDynamicSortFilter(false); // the role filter does not depend on a run's state
    m_view->setObjectName(QStringLiteral("runbookView"));
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Widths are fitted to the contents once per runbook, not on every state change (fitting
    // them live measured every row's text again after each action: 200 ms on the example).
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(RunbookModel::StepColumn, QHeaderView::Stretch);
    m_view->setColumnHidden(RunbookModel::KindColumn, true);
    m_details->setObjectName(QStringLiteral("stepDetails"));
    m_details->setOpenLinks(false);
    m_runs->setObjectName(QStringLiteral("runChooser"));
    m_runs->setMinimumContentsLength(22);
    m_roles->setObjectName(QStringLiteral("roleFilter"));
    m_message->setObjectName(QStringLiteral("runbookMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    createActions();
    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_newRun);
    bar->addSeparator();
    bar->addActions({m_start, m_done, m_skip, m_fail, m_retry, m_note});
    bar->addSeparator();
    bar->addActions({m_gate, m_cancelGate, m_rollback});
    auto *top = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("R&un:"), this);
    runLabel->setBuddy(m_runs);
    auto *roleLabel = new QLabel(tr("Ro&le:"), this);
    roleLabel->setBuddy(m_roles);
    top->addWidget(runLabel);
    top->addWidget(m_runs);
    top->addWidget(roleLabel);
    top->addWidget(m_roles);
    top->addWidget(m_summary, 1);
    // Steps above, the selected one's instructions below: the steps need the width.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(bar);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);

    connect(m_doc, &PlanDocument::changed, this,
            [this](PlanDocument::Changes what) { planChanged(int(what)); });
    connect(m_doc, &PlanDocument::fileNameChanged, this, [this] {
        m_journal.reset();
        m_run.clear();
        m_events.clear();
        m_runbookStale = true;
        if (isVisible())
            rebuildRunbook();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateActions();
        showDetails();
    });
    connect(m_runs, &QComboBox::activated, this, [this](int i) {
        const QString name = m_runs->itemData(i).toString();
        if (name.isEmpty()) {
            m_run.clear();
            m_events.clear();
            applyProgress();
        } else {
            showRun(name);
        }
    });
    connect(m_roles, &QComboBox::activated, this, [this](int i) {
        static_cast<RoleFilter *>(m_proxy)->setRole(m_roles->itemData(i).toString());
        m_view->expandAll();
    });
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this,
            [this] { m_model->tick(QDateTime::currentDateTimeUtc()); });
    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, &RunbookPanel::refresh);
    connect(m_runner, &CheckRunner::checkFinished, this, [this](const CheckResult &r) {
        setMessage(tr("Gate %1: %2 %3").arg(m_gateStep, checkStatusName(r.status), r.checkId),
                   false);
    });
    connect(m_runner, &CheckRunner::finished, this, &RunbookPanel::gateDone);
    rebuildRunbook();
    updateActions();
}

RunbookPanel::~RunbookPanel() = default;

void RunbookPanel::createActions()
{
    auto make = [this](const QString &text, const QKeySequence &key, const QString &tip,
                       auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    m_newRun = make(tr("&New Run…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                    tr("Start a rehearsal or the live run"), [this] { newRun(); });
    m_newRun->setShortcutContext(Qt::WindowShortcut);
    m_start = make(tr("&Start"), QKeySequence(Qt::Key_S), tr("Begin the selected step"),
                   [this] { askAndAct(RunAction::Start); });
    m_done = make(tr("&Done"), QKeySequence(Qt::Key_D), tr("The selected step is done"),
                  [this] { askAndAct(RunAction::Done); });
    m_skip = make(tr("S&kip…"), QKeySequence(Qt::Key_K), tr("Pass over the step, with a reason"),
                  [this] { askAndAct(RunAction::Skip); });
    m_fail = make(tr("&Fail…"), QKeySequence(Qt::Key_F), tr("The step went wrong, with a note"),
                  [this] { askAndAct(RunAction::Fail); });
    m_retry = make(tr("&Retry"), QKeySequence(Qt::Key_R), tr("Begin a failed step again"),
                   [this] { askAndAct(RunAction::Retry); });
    m_note = make(tr("No&te…"), QKeySequence(Qt::Key_N), tr("Add a note to the step"),
                  [this] { askAndAct(RunAction::Note); });
    m_gate = make(tr("Run &Gate"), QKeySequence(Qt::Key_G),
                  tr("Run the gate's checks and record them"), [this] { runGate(); });
    m_cancelGate = make(tr("Cancel Gate"), QKeySequence(Qt::Key_Escape),
                        tr("Stop the gate's checks"), [this] { m_runner->cancel(); });
    m_rollback = make(tr("Roll &Back…"), QKeySequence(Qt::Key_B),
                      tr("Roll back the selected step's wave: its rollback steps become due"),
                      [this] { rollBack(); });
    m_nextReady = make(tr("Next Ready Step"), QKeySequence(Qt::Key_J),
                       tr("Select the next step that may start"), [this] { selectNextReady(); });
    m_report = make(tr("Run &Report…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
                    tr("Write planned against every run, step by step (Markdown or HTML)"), [this] {
                        const QString file = QFileDialog::getSaveFileName(
                            this, tr("Run Report"),
                            m_doc->plan().name + QStringLiteral("-run-report.html"),
                            tr("Printable page (*.html);;Markdown (*.md)"));
                        if (!file.isEmpty())
                            writeReport(file);
                    });
    m_report->setShortcutContext(Qt::WindowShortcut);
    m_addStep = make(tr("&Add Step…"), QKeySequence(Qt::Key_Insert),
                     tr("Add a step of your own after the selected one"), [this] { addStep(); });
    m_editStep = make(tr("&Edit Step…"), QKeySequence(Qt::Key_E), tr("Edit the selected step"),
                      [this] { editStep(); });
    m_deleteStep = make(tr("De&lete Step"), QKeySequence(Qt::SHIFT | Qt::Key_Delete),
                        tr("Delete the selected step (its successors keep their order)"),
                        [this] { deleteStep(); });
    m_view->addActions({m_start, m_done, m_skip, m_fail, m_retry, m_note, m_gate, m_rollback});
    auto *sep = new QAction(this);
    sep->setSeparator(true);
    m_view->addActions({sep, m_addStep, m_editStep, m_deleteStep});
}

QList<QAction *> RunbookPanel::actions() const
{
    return {m_newRun,     m_report,   m_nextReady, nullptr,   m_start,    m_done,
            m_skip,       m_fail,     m_retry,     m_note,    nullptr,    m_gate,
            m_cancelGate, m_rollback, nullptr,     m_addStep, m_editStep, m_deleteStep};
}

QString RunbookPanel::journalLocation() const
{
    return m_doc->historyStore();
}

QString RunbookPanel::actor() const
{
    const QString set = QSettings().value(QStringLiteral("runbook/actor")).toString().trimmed();
    return set.isEmpty() ? RunJournal::defaultActor() : set;
}

bool RunbookPanel::ensureJournal(bool create, QString *error)
{
    const QString where = journalLocation();
    if (where.isEmpty()) {
        *error = tr("Save the plan first: its runs are kept in a journal beside it.");
        return false;
    }
    if (m_journal && m_journalAt == where)
        return true;
    m_journal.reset();
    m_listening = false;
    const bool postgres = where.startsWith(QLatin1String("postgres"));
    // Looking does not create a journal file beside the plan; starting a run does.
    if (!create && !postgres && !QFileInfo::exists(where)) {
        error->clear();
        return false;
    }
    auto journal = std::make_unique<RunJournal>();
    if (!journal->open(where, error))
        return false;
    m_journal = std::move(journal);
    m_journalAt = where;
    if (m_journal->isPostgres()) {
        QString why;
        m_listening = m_journal->subscribe(&why);
        if (m_listening)
            connect(
                m_journal->driver(), &QSqlDriver::notification, this,
                [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                    if (payload.toString() == m_run)
                        refresh();
                    else
                        reloadRuns();
                });
        else
            setMessage(why, true);
    }
    // Notifications carry PostgreSQL's changes at once; the poll is the fallback (and, on
    // SQLite, the way other processes' appends are seen).
    m_poll->setInterval(m_listening ? 5000 : 1000);
    return true;
}

QList<RunInfo> RunbookPanel::runs() const
{
    if (!m_journal)
        return {};
    QString error;
    return m_journal->runs(m_doc->plan().name, &error);
}

void RunbookPanel::reloadRuns()
{
    QString error;
    ensureJournal(false, &error);
    const QList<RunInfo> all = runs();
    QStringList wanted{QString()};
    for (const RunInfo &r : all)
        wanted.append(r.name);
    QStringList have;
    for (int i = 0; i < m_runs->count(); ++i)
        have.append(m_runs->itemData(i).toString());
    if (have != wanted) {
        m_runs->clear();
        m_runs->addItem(tr("No run (planning)"), QString());
        for (const RunInfo &r : all)
            m_runs->addItem(r.rehearsal ? tr("%1 (rehearsal)").arg(r.name)
                                        : tr("%1 (live)").arg(r.name),
                            r.name);
    }
    m_runs->setCurrentIndex(std::max(0, m_runs->findData(m_run)));
}

void RunbookPanel::showEvent(QShowEvent *e)
{
    QWidget::showEvent(e);
    if (m_runbookStale)
        rebuildRunbook();
    reloadRuns();
}

void RunbookPanel::planChanged(int what)
{
    if (what == PlanDocument::NameChanged) {
        reloadRuns();
        return;
    }
    if (what & (PlanDocument::InventoryChanged | PlanDocument::MappingsChanged |
                PlanDocument::OrganizationChanged | PlanDocument::ChecksChanged |
                PlanDocument::RunbookChanged)) {
        m_runbookStale = true;
        // The generated runbook of a large plan takes seconds: only while it is seen.
        if (isVisible())
            rebuildRunbook();
    }
}

void RunbookPanel::rebuildRunbook()
{
    const QString selected = selectedStep();
    m_model->setRunbook(RunbookGenerator::forPlan(m_doc->plan()));
    m_runbookStale = false;
    if (m_journal)
        m_journal->forgetState();
    const QString role = m_roles->currentData().toString();
    m_roles->clear();
    m_roles->addItem(tr("All roles"), QString());
    for (const QString &r : m_model->roles())
        m_roles->addItem(r, r);
    m_roles->setCurrentIndex(std::max(0, m_roles->findData(role)));
    static_cast<RoleFilter *>(m_proxy)->setRole(m_roles->currentData().toString());
    applyProgress();
    m_view->expandAll();
    const QFontMetrics fm = m_view->fontMetrics();
    const int pad = 2 * fm.horizontalAdvance(u'M');
    for (int c = RunbookModel::KindColumn; c < RunbookModel::ColumnCount; ++c)
        m_view->resizeColumnToContents(c);
    m_view->setColumnWidth(RunbookModel::StateColumn,
                           std::max(m_view->columnWidth(RunbookModel::StateColumn),
                                    fm.horizontalAdvance(tr("in progress")) + pad));
    m_view->setColumnWidth(RunbookModel::ActualColumn,
                           std::max(m_view->columnWidth(RunbookModel::ActualColumn),
                                    fm.horizontalAdvance(QStringLiteral("00:00:00")) + pad));
    m_view->setColumnWidth(RunbookModel::ActorColumn,
                           std::max(m_view->columnWidth(RunbookModel::ActorColumn),
                                    fm.horizontalAdvance(actor()) + pad));
    if (!selected.isEmpty())
        selectStep(selected);
}

bool RunbookPanel::showRun(const QString &name, QString *error)
{
    QString why;
    if (!ensureJournal(false, &why)) {
        if (why.isEmpty())
            why = tr("No run has been started for this plan yet.");
        setMessage(why, true);
        if (error)
            *error = why;
        return false;
    }
    RunInfo info;
    if (!m_journal->run(name, &info, &why) || info.plan != m_doc->plan().name) {
        if (why.isEmpty())
            why = tr("%1 is not a run of plan %2").arg(name, m_doc->plan().name);
        setMessage(why, true);
        if (error)
            *error = why;
        return false;
    }
    const QList<RunEvent> events = m_journal->events(name, &why);
    if (!why.isEmpty()) {
        setMessage(why, true);
        if (error)
            *error = why;
        return false;
    }
    if (m_runbookStale)
        rebuildRunbook();
    m_run = name;
    m_runInfo = info;
    m_events = events;
    reloadRuns();
    applyProgress();
    setMessage(
        tr("Showing %1 (%2 events). Journal: %3").arg(name).arg(events.size()).arg(m_journalAt),
        false);
    selectNextReady();
    return true;
}

bool RunbookPanel::startRun(const QString &name, bool rehearsal, QString *error)
{
    QString why;
    const bool ok =
        ensureJournal(true, &why) &&
        m_journal->startRun(m_doc->plan().name, name.trimmed(), rehearsal, actor(), &why);
    if (!ok) {
        setMessage(tr("Failed: %1").arg(why), true);
        if (error)
            *error = why;
        return false;
    }
    return showRun(name.trimmed(), error);
}

int RunbookPanel::refresh()
{
    if (!m_journal || m_run.isEmpty())
        return 0;
    QString error;
    const qint64 head = m_journal->head(m_run, &error);
    const qint64 shown = m_events.isEmpty() ? 0 : m_events.last().sequence;
    if (head <= shown)
        return 0;
    const QList<RunEvent> more = m_journal->eventsAfter(m_run, shown, &error);
    if (!error.isEmpty()) {
        setMessage(error, true);
        return 0;
    }
    eventsAdded(more);
    if (!more.isEmpty())
        emit statusMessage(tr("%1: %2 new event(s) from the journal").arg(m_run).arg(more.size()));
    return int(more.size());
}

void RunbookPanel::applyProgress()
{
    if (m_run.isEmpty()) {
        m_model->setProgress(nullptr);
        m_progress = RunProgress();
        m_clock->stop();
        m_poll->stop();
    } else {
        m_progress = RunProgress::replay(m_model->runbook(), m_events);
        m_model->setProgress(&m_progress);
        m_clock->start();
        m_poll->start();
    }
    progressChanged();
}

void RunbookPanel::eventsAdded(const QList<RunEvent> &more)
{
    bool incremental = !m_run.isEmpty() && m_model->hasProgress();
    for (const RunEvent &e : more) {
        if (!incremental)
            break;
        if (m_progress.check(e).isEmpty())
            m_progress.apply(e);
        else
            incremental = false; // replay() records why it ignores the event
    }
    m_events += more;
    if (!incremental) {
        applyProgress();
        return;
    }
    m_model->setProgress(&m_progress);
    progressChanged();
}

void RunbookPanel::progressChanged()
{
    updateSummary();
    updateActions();
    showDetails();
}

void RunbookPanel::updateSummary()
{
    int total = 0, done = 0, running = 0;
    for (const RunbookSchedule::Window &w : m_model->schedule().windows()) {
        if (w.phase == RunbookPhase::Rollback)
            continue;
        for (const QString &id : w.steps) {
            ++total;
            const StepState s = m_model->progress().state(id);
            done += s == StepState::Done || s == StepState::Skipped;
            running += s == StepState::InProgress;
        }
    }
    if (m_run.isEmpty()) {
        m_summary->setText(tr("%n step(s), planning", nullptr, total));
        return;
    }
    QString text = tr("%1 of %2 steps done, %3 running, %4 ready")
                       .arg(done)
                       .arg(total)
                       .arg(running)
                       .arg(m_model->progress().ready().size());
    if (!m_model->progress().rollingBack().isEmpty()) {
        QStringList waves;
        for (int w : m_model->progress().rollingBack())
            waves.append(QString::number(w));
        waves.sort();
        text += tr(" — rolling back wave %1").arg(waves.join(QStringLiteral(", ")));
    }
    m_summary->setText(text);
}

QString RunbookPanel::selectedStep() const
{
    return m_model->stepId(m_proxy->mapToSource(m_view->currentIndex()));
}

bool RunbookPanel::selectStep(const QString &id)
{
    const QModelIndex i = m_proxy->mapFromSource(m_model->indexOf(id));
    if (!i.isValid())
        return false;
    m_view->setCurrentIndex(i);
    m_view->scrollTo(i);
    return true;
}

void RunbookPanel::selectNextReady()
{
    const QStringList ready = m_model->progress().ready();
    if (m_run.isEmpty() || ready.isEmpty())
        return;
    // The first ready step after the selected one in reading order, else the first.
    const QString current = selectedStep();
    const int from = ready.indexOf(current);
    if (!selectStep(ready.value(from + 1, ready.first())))
        selectStep(ready.first());
}

QString RunbookPanel::message() const
{
    return m_message->text();
}

void RunbookPanel::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #9b1c1c;") : QString());
    emit statusMessage(text);
}

void RunbookPanel::updateActions()
{
    const QString id = selectedStep();
    const RunbookStep *s = m_model->runbook().step(id);
    const bool running = !m_run.isEmpty();
    const bool gating = m_runner->isRunning();
    const StepState state = m_model->progress().state(id);
    m_start->setEnabled(running && s && !gating &&
                        (state == StepState::Ready || state == StepState::Failed));
    // A gate passes by its checks; one that no check covers yet is confirmed by hand.
    m_done->setEnabled(running && s && !gating &&
                       (s->kind != StepKind::Gate || s->checks.isEmpty()) &&
                       (state == StepState::Ready || state == StepState::InProgress));
    m_skip->setEnabled(running && s && !gating &&
                       (state == StepState::Ready || state == StepState::InProgress ||
                        state == StepState::Failed || state == StepState::Pending ||
                        state == StepState::Blocked));
    m_fail->setEnabled(running && s && !gating && state == StepState::InProgress);
    m_retry->setEnabled(running && s && !gating && state == StepState::Failed);
    m_note->setEnabled(running);
    m_gate->setEnabled(running && s && !gating && s->kind == StepKind::Gate &&
                       (state == StepState::Ready || state == StepState::InProgress ||
                        state == StepState::Failed));
    m_cancelGate->setEnabled(gating);
    m_rollback->setEnabled(running && s && s->wave > 0 && !gating &&
                           !m_model->progress().rollingBack().contains(s->wave));
    m_nextReady->setEnabled(running);
    m_addStep->setEnabled(true);
    m_editStep->setEnabled(s != nullptr);
    m_deleteStep->setEnabled(s != nullptr);
}

void RunbookPanel::showDetails()
{
    const QString id = selectedStep();
    const RunbookStep *s = m_model->runbook().step(id);
    if (!s) {
        m_details->setHtml(
            tr("<p>Select a step to see its instructions.</p><p>Keys: <b>S</b> start, <b>D</b> "
               "done, <b>K</b> skip, <b>F</b> fail, <b>R</b> retry, <b>N</b> note, <b>G</b> run "
               "gate, <b>B</b> roll back, <b>J</b> next ready step, <b>E</b> edit, "
               "<b>Insert</b> add a step.</p>"));
        return;
    }
    QString head =
        QStringLiteral("<h3>%1</h3><p><code>%2</code></p><p>").arg(html(s->title), html(id));
    head += tr("%1 step, role <b>%2</b>, planned %3")
                .arg(stepKindName(s->kind), html(s->role),
                     RunbookSchedule::durationText(s->plannedMinutes));
    if (m_model->schedule().timing(id).critical)
        head += tr(", on the critical path");
    head += QStringLiteral("</p>");
    if (s->pointOfNoReturn)
        head += tr("<p style=\"color:#9b1c1c\"><b>Point of no return:</b> after it, rolling "
                   "back loses the writes made on the targets.</p>");
    if (!s->after.isEmpty())
        head += tr("<p>After: %1</p>").arg(html(s->after.join(QStringLiteral(", "))));
    for (const NotBefore &n : s->notBefore)
        head += tr("<p>Not before %1 after %2</p>")
                    .arg(RunbookSchedule::durationText(n.minutes), html(n.step));
    if (!s->checks.isEmpty())
        head += tr("<p>Gate checks: %1</p>").arg(html(s->checks.join(QStringLiteral(", "))));
    if (!s->rollback.isEmpty())
        head += tr("<p>Rolled back by: %1</p>").arg(html(s->rollback));
    // The step's history in this run: who did what when, and a gate's evidence.
    QString history;
    for (const RunEvent &e : std::as_const(m_events)) {
        if (e.step != id)
            continue;
        history += QStringLiteral("<li>%1 <b>%2</b> %3%4%5</li>")
                       .arg(localTime(e.time), runActionName(e.action), html(e.actor),
                            e.note.isEmpty() ? QString() : QStringLiteral(": ") + html(e.note),
                            evidenceHtml(e.evidence));
    }
    if (!history.isEmpty())
        head += tr("<p><b>In %1:</b></p><ul>%2</ul>").arg(html(m_run), history);
    // Instructions are Markdown with the commands to type; HTML inside is shown as text.
    QTextDocument instructions;
    instructions.setMarkdown(Escape::markdownWithoutHtml(s->instructions));
    m_details->setHtml(head + QStringLiteral("<hr/>") + instructions.toHtml());
}

bool RunbookPanel::append(RunEvent &e)
{
    QString error;
    if (!m_journal) {
        setMessage(tr("Refused: start or choose a run first."), true);
        return false;
    }
    switch (m_journal->append(m_model->runbook(), &e, &error)) {
    case RunJournal::Append::Appended:
        break;
    case RunJournal::Append::Refused:
        QApplication::beep();
        setMessage(tr("Refused: %1").arg(error), true);
        refresh(); // another operator may have acted: show what they did
        return false;
    case RunJournal::Append::Failed:
        QApplication::beep();
        setMessage(tr("Failed: %1 — nothing was recorded.").arg(error), true);
        return false;
    }
    // Shown only now that it is durable. Events of others appended since come along.
    const qint64 shown = m_events.isEmpty() ? 0 : m_events.last().sequence;
    if (e.sequence == shown + 1) {
        eventsAdded({e});
    } else {
        refresh();
    }
    setMessage(
        tr("Recorded: %1 %2 (event %3)").arg(runActionName(e.action), e.step).arg(e.sequence),
        false);
    return true;
}

bool RunbookPanel::act(RunAction action, const QString &note, bool confirmedPointOfNoReturn)
{
    if (m_run.isEmpty()) {
        setMessage(tr("Refused: start or choose a run first (Ctrl+Shift+R)."), true);
        return false;
    }
    const QString id = selectedStep();
    const RunbookStep *s = m_model->runbook().step(id);
    if (!s && action != RunAction::Note) {
        setMessage(tr("Refused: select a step first."), true);
        return false;
    }
    if (s && s->pointOfNoReturn && !confirmedPointOfNoReturn &&
        (action == RunAction::Start || action == RunAction::Done)) {
        setMessage(tr("Refused: %1 is the point of no return and was not confirmed.").arg(id),
                   true);
        return false;
    }
    RunEvent e;
    e.run = m_run;
    e.actor = actor();
    e.step = s ? id : QString();
    e.action = action;
    e.note = note;
    const bool ok = append(e);
    if (ok && (action == RunAction::Done || action == RunAction::Skip))
        selectNextReady();
    return ok;
}

bool RunbookPanel::confirmPointOfNoReturn(const QString &stepId)
{
    const RunbookStep *s = m_model->runbook().step(stepId);
    QMessageBox box(QMessageBox::Warning, tr("Point of No Return"),
                    tr("<p><b>%1</b> (wave %2)</p><p>This is the point of no return: after it, "
                       "rolling back loses the writes made on the targets. Go on only when the "
                       "go/no-go decision was taken.</p>")
                        .arg(html(s->title))
                        .arg(s->wave),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("pointOfNoReturnBox"));
    QPushButton *go = box.addButton(tr("Go Past the Point of No Return"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == go;
}

void RunbookPanel::askAndAct(RunAction action)
{
    const QString id = selectedStep();
    const RunbookStep *s = m_model->runbook().step(id);
    QString note;
    const bool byHand = action == RunAction::Done && s && s->kind == StepKind::Gate;
    if (action == RunAction::Skip || action == RunAction::Fail || action == RunAction::Note ||
        byHand) {
        const QString label = action == RunAction::Skip   ? tr("Why is %1 skipped?")
                              : action == RunAction::Fail ? tr("What went wrong in %1?")
                              : byHand ? tr("No check covers %1: what shows that it passed?")
                                       : tr("Note on %1:");
        bool ok = false;
        note = QInputDialog::getText(this, tr("Runbook"), label.arg(s ? s->title : m_run),
                                     QLineEdit::Normal, QString(), &ok)
                   .trimmed();
        if (!ok || (note.isEmpty() && action != RunAction::Fail))
            return;
    }
    bool confirmed = false;
    if (s && s->pointOfNoReturn && (action == RunAction::Start || action == RunAction::Done)) {
        if (!confirmPointOfNoReturn(id))
            return;
        confirmed = true;
    }
    act(action, note, confirmed);
}

void RunbookPanel::newRun()
{
    QString error;
    if (journalLocation().isEmpty()) {
        setMessage(tr("Refused: save the plan first; its runs are kept in a journal beside it."),
                   true);
        return;
    }
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("newRunDialog"));
    dialog.setWindowTitle(tr("New Run"));
    auto *name = new QLineEdit(&dialog);
    name->setObjectName(QStringLiteral("runName"));
    const int n = int(runs().size()) + 1;
    name->setText(tr("rehearsal %1").arg(n));
    name->selectAll();
    auto *rehearsal = new QCheckBox(tr("A &rehearsal (not the live run)"), &dialog);
    rehearsal->setObjectName(QStringLiteral("rehearsal"));
    rehearsal->setChecked(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    auto *form = new QFormLayout(&dialog);
    form->addRow(new QLabel(tr("Journal: %1").arg(journalLocation()), &dialog));
    form->addRow(tr("&Name:"), name);
    form->addRow(rehearsal);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(name, &QLineEdit::textChanged, &dialog, [=](const QString &t) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!t.trimmed().isEmpty());
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    startRun(name->text(), rehearsal->isChecked(), &error);
}

void RunbookPanel::rollBack()
{
    const QString id = selectedStep();
    const RunbookStep *s = m_model->runbook().step(id);
    if (m_run.isEmpty() || !s || s->wave == 0)
        return;
    // What rolling back would make due: the wave's rollback steps whose step was done.
    RunProgress after = m_model->progress();
    RunEvent e;
    e.run = m_run;
    e.step = id;
    e.action = RunAction::RollbackStarted;
    if (const QString why = after.check(e); !why.isEmpty()) {
        setMessage(tr("Refused: %1").arg(why), true);
        return;
    }
    after.apply(e);
    QStringList path;
    for (const QString &step : m_model->schedule().order()) {
        const RunbookStep *r = m_model->runbook().step(step);
        if (r->phase == RunbookPhase::Rollback && r->wave == s->wave &&
            after.state(step) != StepState::Skipped)
            path.append(QStringLiteral("<li>%1</li>").arg(html(r->title)));
    }
    QMessageBox box(QMessageBox::Warning, tr("Roll Back Wave %1").arg(s->wave),
                    tr("<p>Roll back wave %1? The cutover steps of the wave stop, and these "
                       "rollback steps become due, in this order:</p><ol>%2</ol>")
                        .arg(s->wave)
                        .arg(path.mid(0, 20).join(QString()) +
                             (path.size() > 20 ? tr("<li>… and %1 more</li>").arg(path.size() - 20)
                                               : QString())),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("rollbackBox"));
    QPushButton *go = box.addButton(tr("Roll Back"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != go)
        return;
    e.actor = actor();
    if (!append(e))
        return;
    // The operator goes on with the first rollback step due.
    const int wave = s->wave;
    for (const QString &step : m_model->progress().ready())
        if (const RunbookStep *r = m_model->runbook().step(step);
            r->phase == RunbookPhase::Rollback && r->wave == wave) {
            selectStep(step);
            return;
        }
}

bool RunbookPanel::writeReport(const QString &file, QString *error)
{
    QString why;
    QList<ReportedRun> reported; // none yet when the plan has no journal
    if (ensureJournal(false, &why))
        reported = m_journal->reportedRuns(m_doc->plan().name, {}, m_model->runbook(), &why);
    const QString text = HtmlPage::forFile(
        file, tr("Run report: %1").arg(m_doc->plan().name),
        RunReport::markdown(m_doc->plan(), m_model->runbook(), reported, QDate::currentDate()));
    if (why.isEmpty() && !writeFileAtomically(file, text.toUtf8(), &why))
        why = file + QStringLiteral(": ") + why;
    if (!why.isEmpty()) {
        setMessage(tr("Failed: %1").arg(why), true);
        if (error)
            *error = why;
        return false;
    }
    setMessage(tr("Run report of %n run(s) written to %1", nullptr, int(reported.size())).arg(file),
               false);
    return true;
}

bool RunbookPanel::isGateRunning() const
{
    return m_runner->isRunning();
}

void RunbookPanel::runGate()
{
    const QString id = selectedStep();
    const RunbookStep *s = m_model->runbook().step(id);
    if (m_run.isEmpty() || !s || m_runner->isRunning())
        return;
    if (s->kind != StepKind::Gate) {
        setMessage(tr("Refused: %1 is not a gate.").arg(id), true);
        return;
    }
    if (s->checks.isEmpty()) {
        setMessage(tr("Refused: no check covers gate %1 yet; confirm it by hand with Done… is "
                      "not possible for a gate: add its checks (Checks → Generate Checks) or "
                      "skip it with a reason.")
                       .arg(id),
                   true);
        return;
    }
    RunEvent probe;
    probe.run = m_run;
    probe.step = id;
    probe.action = RunAction::GatePassed;
    if (const QString why = m_model->progress().check(probe); !why.isEmpty()) {
        setMessage(tr("Refused: %1").arg(why), true);
        return;
    }
    m_gateRun = CheckRun();
    m_gateRun.plan = m_doc->plan().name;
    m_gateRun.planFile = m_doc->fileName();
    for (const QString &check : s->checks) {
        const auto it = m_doc->plan().checks.find(check);
        if (it == m_doc->plan().checks.end()) {
            setMessage(tr("Refused: the plan has no check %1 yet (Checks → Generate Checks once "
                          "the target's endpoint is in its mapping).")
                           .arg(check),
                       true);
            return;
        }
        m_gateRun.checks.append(it->second);
    }
    QList<Check> all;
    for (const auto &[checkId, c] : m_doc->plan().checks)
        all.append(c);
    TrustStore &trust = m_trust ? *m_trust : TrustStore::user();
    if (!confirmPlanTrust(this, m_doc->fileName(), all, trust)) {
        setMessage(tr("Refused: the plan's checks are not trusted; the gate did not run."), true);
        return;
    }
    m_runner->setTrustStore(&trust);
    m_gateStep = id;
    m_gateRun.started = QDateTime::currentDateTimeUtc();
    m_gateTimer.start();
    setMessage(tr("Gate %1: running %n check(s)…", nullptr, int(m_gateRun.checks.size())).arg(id),
               false);
    m_runner->start(m_gateRun.checks);
    updateActions();
}

void RunbookPanel::gateDone()
{
    m_gateRun.seconds = double(m_gateTimer.nsecsElapsed()) / 1e9;
    m_gateRun.results = m_runner->results();
    const QString step = std::exchange(m_gateStep, QString());
    bool cancelled = false;
    for (const CheckResult &r : std::as_const(m_gateRun.results))
        cancelled = cancelled || r.status == CheckResult::Status::Cancelled ||
                    r.status == CheckResult::Status::NotRun;
    if (cancelled) {
        setMessage(tr("Gate %1 cancelled: nothing recorded.").arg(step), true);
        updateActions();
        emit gateFinished(false);
        return;
    }
    const bool passed = m_gateRun.exitCode() == 0;
    // The run may have moved on meanwhile (another operator); the journal decides.
    const QString selected = selectedStep();
    RunEvent e;
    e.run = m_run;
    e.actor = actor();
    e.step = step;
    e.action = passed ? RunAction::GatePassed : RunAction::GateFailed;
    e.evidence =
        QString::fromUtf8(QJsonDocument(checkRunToJson(m_gateRun)).toJson(QJsonDocument::Compact));
    const bool recorded = append(e);
    if (recorded)
        setMessage(passed ? tr("Gate %1 passed: its checks are recorded as evidence.").arg(step)
                          : tr("Gate %1 failed: see its checks below; retry the gate when fixed, "
                               "or roll back the wave (B).")
                                .arg(step),
                   !passed);
    if (!selected.isEmpty())
        selectStep(selected);
    updateActions();
    emit gateFinished(recorded && passed);
}

} // namespace Ferry
