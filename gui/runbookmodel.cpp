// SPDX-License-Identifier: MIT
#include "runbookmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QSet>
#include <QThreadPool>

#include <memory>

namespace Ferry {

namespace {

/// A window row's internal id; step rows carry their window's row + 1.
constexpr quintptr kWindowRow = 0;

QString clockText(qint64 msecs)
{
    const qint64 s = std::max<qint64>(0, msecs / 1000);
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString windowTitle(const RunbookSchedule::Window &w, const Runbook &runbook)
{
    if (w.wave == 0)
        return QStringLiteral("%1 — whole plan").arg(runbookPhaseTitle(w.phase));
    const WaveSchedule wave = runbook.wave(w.wave);
    QString title = QStringLiteral("%1 — wave %2").arg(runbookPhaseTitle(w.phase)).arg(w.wave);
    if (!wave.name.isEmpty())
        title += QStringLiteral(", ") + wave.name;
    return title;
}

QColor stateColour(StepState state)
{
    switch (state) {
    case StepState::Done:
        return QColor(0xd4, 0xed, 0xda);
    case StepState::InProgress:
        return QColor(0xcc, 0xe5, 0xff);
    case StepState::Failed:
        return QColor(0xf8, 0xd7, 0xda);
    case StepState::Blocked:
        return QColor(0xff, 0xe8, 0xc2);
    case StepState::Ready:
        return QColor(0xff, 0xf8, 0xd6);
    case StepState::Skipped:
    case StepState::Pending:
        break;
    }
    return {};
}

} // namespace

RunbookModel::RunbookModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_now(QDateTime::currentDateTimeUtc())
{}

void RunbookModel::setRunbook(Runbook runbook)
{
    beginResetModel();
    // What was shown goes to a pool thread, which frees it when the task is deleted there.
    auto previous = std::make_shared<
        std::tuple<Runbook, RunbookSchedule, decltype(m_windows), decltype(m_rows)>>(
        std::move(m_runbook), std::move(m_schedule), std::move(m_windows), std::move(m_rows));
    QThreadPool::globalInstance()->start([previous = std::move(previous)] {});
    m_runbook = std::move(runbook);
    m_schedule = RunbookSchedule::of(m_runbook);
    m_windows = m_schedule.windows();
    m_rows.clear();
    for (int w = 0; w < m_windows.size(); ++w)
        for (int i = 0; i < m_windows[w].steps.size(); ++i)
            m_rows.insert(m_windows[w].steps[i], {w, i});
    m_progress = nullptr;
    endResetModel();
}

void RunbookModel::setProgress(const RunProgress *progress)
{
    m_progress = progress;
    m_now = QDateTime::currentDateTimeUtc();
    emitStateChanged();
}

const RunProgress &RunbookModel::progress() const
{
    static const RunProgress none;
    return m_progress ? *m_progress : none;
}

void RunbookModel::emitStateChanged()
{
    for (int w = 0; w < m_windows.size(); ++w) {
        const QModelIndex parent = index(w, 0);
        emit dataChanged(index(w, 0), index(w, ColumnCount - 1));
        if (!m_windows[w].steps.isEmpty())
            emit dataChanged(index(0, 0, parent),
                             index(int(m_windows[w].steps.size()) - 1, ColumnCount - 1, parent));
    }
}

void RunbookModel::tick(const QDateTime &now)
{
    m_now = now;
    if (!hasProgress())
        return;
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it)
        if (progress().state(it.key()) == StepState::InProgress) {
            const QModelIndex i =
                index(it.value().second, ActualColumn, index(it.value().first, 0));
            emit dataChanged(i, i, {Qt::DisplayRole});
        }
}

QString RunbookModel::stepId(const QModelIndex &index) const
{
    if (!index.isValid() || index.internalId() == kWindowRow)
        return {};
    return m_windows.value(int(index.internalId() - 1)).steps.value(index.row());
}

QModelIndex RunbookModel::indexOf(const QString &id) const
{
    const auto it = m_rows.constFind(id);
    return it == m_rows.cend() ? QModelIndex() : index(it->second, 0, index(it->first, 0));
}

QStringList RunbookModel::roles() const
{
    QSet<QString> roles;
    for (const auto &[id, s] : m_runbook.steps)
        if (!s.obsolete && !s.role.isEmpty())
            roles.insert(s.role);
    QStringList out(roles.cbegin(), roles.cend());
    out.sort();
    return out;
}

QModelIndex RunbookModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_windows.size() ? createIndex(row, column, kWindowRow) : QModelIndex();
    if (parent.internalId() != kWindowRow || parent.row() >= m_windows.size() ||
        row >= m_windows[parent.row()].steps.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex RunbookModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kWindowRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kWindowRow);
}

int RunbookModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_windows.size());
    if (parent.column() != 0 || parent.internalId() != kWindowRow)
        return 0;
    return int(m_windows.value(parent.row()).steps.size());
}

int RunbookModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool RunbookModel::due(const RunbookStep &step) const
{
    return step.phase != RunbookPhase::Rollback ||
           (hasProgress() && progress().rollingBack().contains(step.wave));
}

QVariant RunbookModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kWindowRow)
        return windowData(index.row(), index.column(), role);
    const RunbookStep *step = m_runbook.step(stepId(index));
    return step ? stepData(*step, index.column(), role) : QVariant();
}

QVariant RunbookModel::windowData(int row, int column, int role) const
{
    const RunbookSchedule::Window &w = m_windows[row];
    if (role == Qt::FontRole) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == StepStateRole)
        return -1;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (column) {
    case StepColumn:
        return windowTitle(w, m_runbook);
    case StateColumn: {
        if (!hasProgress())
            return tr("%n step(s)", nullptr, int(w.steps.size()));
        int done = 0;
        for (const QString &id : w.steps) {
            const StepState s = progress().state(id);
            done += s == StepState::Done || s == StepState::Skipped;
        }
        return tr("%1 of %2 done").arg(done).arg(w.steps.size());
    }
    case PlannedColumn:
        return RunbookSchedule::durationText(w.minutes);
    case ActualColumn: {
        if (!hasProgress())
            return {};
        QDateTime first, last;
        bool running = false;
        for (const QString &id : w.steps) {
            const RunProgress::Step &s = progress().step(id);
            if (s.started.isValid() && (!first.isValid() || s.started < first))
                first = s.started;
            if (s.finished.isValid() && (!last.isValid() || s.finished > last))
                last = s.finished;
            running = running || s.state == StepState::InProgress;
        }
        if (!first.isValid())
            return {};
        if (running || !last.isValid())
            return clockText(first.msecsTo(m_now));
        return RunbookSchedule::durationText(int((first.msecsTo(last) + 30'000) / 60'000));
    }
    default:
        return {};
    }
}

QVariant RunbookModel::stepData(const RunbookStep &step, int column, int role) const
{
    const RunProgress::Step &run = progress().step(step.id);
    const StepState state = hasProgress() ? run.state : StepState::Pending;
    switch (role) {
    case StepIdRole:
        return step.id;
    case RunbookRoleRole:
        return step.role;
    case StepStateRole:
        return hasProgress() ? int(state) : -1;
    case Qt::FontRole:
        if (column == StepColumn && m_schedule.timing(step.id).critical) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ForegroundRole:
        if (column == StepColumn && step.pointOfNoReturn)
            return QBrush(QColor(0x9b, 0x1c, 0x1c));
        if (!due(step) || state == StepState::Skipped)
            return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    case Qt::BackgroundRole:
        if (column == StateColumn && hasProgress() && due(step))
            if (const QColor c = stateColour(state); c.isValid())
                return QBrush(c);
        return {};
    case Qt::ToolTipRole:
        if (column == StepColumn) {
            QString tip = step.id;
            if (m_schedule.timing(step.id).critical)
                tip += tr("\nOn the critical path of its window.");
            if (step.pointOfNoReturn)
                tip += tr("\nPoint of no return: after it, rolling back loses the writes made on "
                          "the targets.");
            return tip;
        }
        if (column == StateColumn && !run.notes.isEmpty())
            return run.notes.join(u'\n');
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case StepColumn: {
        // The kind column is hidden by default: gates and milestones say so in their title.
        QString title = step.title;
        if (step.kind == StepKind::Gate)
            title = tr("Gate: %1").arg(title);
        else if (step.kind == StepKind::Milestone)
            title = tr("Milestone: %1").arg(title);
        return step.pointOfNoReturn ? tr("⚠ %1").arg(title) : title;
    }
    case KindColumn:
        return stepKindName(step.kind);
    case StateColumn:
        if (!due(step))
            return tr("not due");
        if (!hasProgress())
            return tr("not started");
        return stepStateName(state);
    case RoleColumn:
        return step.role;
    case PlannedColumn:
        return RunbookSchedule::durationText(step.plannedMinutes);
    case ActualColumn:
        if (!hasProgress() || !run.started.isValid())
            return {};
        if (state == StepState::InProgress)
            return clockText(run.started.msecsTo(m_now));
        if (run.finished.isValid())
            return RunbookSchedule::durationText(
                int((run.started.msecsTo(run.finished) + 30'000) / 60'000));
        return {};
    case ActorColumn:
        return hasProgress() ? run.actor : QString();
    default:
        return {};
    }
}

QVariant RunbookModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepColumn:
        return tr("Step");
    case KindColumn:
        return tr("Kind");
    case StateColumn:
        return tr("State");
    case RoleColumn:
        return tr("Role");
    case PlannedColumn:
        return tr("Planned");
    case ActualColumn:
        return tr("Actual");
    case ActorColumn:
        return tr("Who");
    default:
        return {};
    }
}

} // namespace Ferry
