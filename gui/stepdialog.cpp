// SPDX-License-Identifier: MIT
#include "stepdialog.h"

#include "runbooktemplates.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>

namespace Ferry {

namespace {

QStringList lines(const QPlainTextEdit *edit)
{
    QStringList out;
    for (const QString &l : edit->toPlainText().split(u'\n')) {
        const QString t = l.trimmed();
        if (!t.isEmpty() && !out.contains(t))
            out.append(t);
    }
    out.sort();
    return out;
}

/// True when `from` is reached from `target` through the steps that follow it, that is when
/// making `from` a predecessor of `target` would close a cycle.
bool follows(const Runbook &runbook, const QString &target, const QString &from)
{
    // Successors of each step, built once per question (edits are rare, runbooks small).
    QHash<QString, QStringList> next;
    for (const auto &[id, s] : runbook.steps)
        for (const QString &p : s.after)
            next[p].append(id);
    QSet<QString> seen{target};
    QStringList todo{target};
    while (!todo.isEmpty()) {
        const QString id = todo.takeLast();
        if (id == from)
            return true;
        for (const QString &n : next.value(id))
            if (!seen.contains(n)) {
                seen.insert(n);
                todo.append(n);
            }
    }
    return false;
}

} // namespace

StepDialog::StepDialog(const Runbook &runbook, const Plan &plan, const RunbookStep &step,
                       QWidget *parent)
    : QDialog(parent)
    , m_runbook(runbook)
    , m_plan(plan)
    , m_step(step)
    , m_new(runbook.step(step.id) == nullptr)
    , m_title(new QLineEdit(step.title, this))
    , m_phase(new QComboBox(this))
    , m_wave(new QSpinBox(this))
    , m_role(new QComboBox(this))
    , m_kind(new QComboBox(this))
    , m_minutes(new QSpinBox(this))
    , m_after(new QPlainTextEdit(step.after.join(u'\n'), this))
    , m_checks(new QPlainTextEdit(step.checks.join(u'\n'), this))
    , m_pointOfNoReturn(new QCheckBox(tr("&Point of no return"), this))
    , m_instructions(new QPlainTextEdit(step.instructions, this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("stepDialog"));
    setWindowTitle(m_new ? tr("Add Step") : tr("Edit Step"));
    setMinimumWidth(560);
    m_title->setObjectName(QStringLiteral("title"));
    for (RunbookPhase p : allRunbookPhases())
        m_phase->addItem(runbookPhaseTitle(p), int(p));
    m_phase->setCurrentIndex(m_phase->findData(int(step.phase)));
    m_phase->setEnabled(m_new);
    m_wave->setRange(0, 99);
    m_wave->setValue(step.wave);
    m_wave->setSpecialValueText(tr("whole plan"));
    m_wave->setEnabled(m_new);
    QSet<QString> roles{QStringLiteral("platform"), QStringLiteral("dba"),
                        QStringLiteral("on-call"), QStringLiteral("communications")};
    for (const auto &[id, s] : runbook.steps)
        roles.insert(s.role);
    QStringList sorted(roles.cbegin(), roles.cend());
    sorted.sort();
    m_role->setEditable(true);
    m_role->addItems(sorted);
    m_role->setCurrentText(step.role);
    m_role->setObjectName(QStringLiteral("role"));
    for (StepKind k :
         {StepKind::Manual, StepKind::Gate, StepKind::Communication, StepKind::Milestone})
        m_kind->addItem(stepKindName(k), int(k));
    m_kind->setCurrentIndex(m_kind->findData(int(step.kind)));
    m_minutes->setRange(0, 7 * 24 * 60);
    m_minutes->setSuffix(tr(" min"));
    m_minutes->setValue(step.plannedMinutes);
    m_minutes->setObjectName(QStringLiteral("minutes"));
    m_after->setObjectName(QStringLiteral("after"));
    m_after->setPlaceholderText(tr("one step id per line"));
    m_after->setMaximumHeight(90);
    m_checks->setObjectName(QStringLiteral("checks"));
    m_checks->setPlaceholderText(tr("gate: one check id per line"));
    m_checks->setMaximumHeight(70);
    m_pointOfNoReturn->setChecked(step.pointOfNoReturn);
    m_instructions->setObjectName(QStringLiteral("instructions"));
    m_instructions->setPlaceholderText(tr("Markdown: what to do, with the commands to type in "
                                          "```sh blocks"));
    m_problem->setStyleSheet(QStringLiteral("color: #9b1c1c;"));
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout(this);
    if (!m_new)
        form->addRow(tr("Id:"), new QLabel(step.id, this));
    if (m_new) {
        // A step from the library (resources/runbook-templates.yaml) fills the fields in.
        auto *templates = new QComboBox(this);
        templates->setObjectName(QStringLiteral("template"));
        templates->addItem(tr("(none: a step of my own)"), QString());
        for (const StepTemplate &t : RunbookTemplates::builtIn())
            templates->addItem(t.title, t.name);
        form->addRow(tr("Te&mplate:"), templates);
        connect(templates, &QComboBox::activated, this, [this, templates](int i) {
            const StepTemplate *t = RunbookTemplates::find(templates->itemData(i).toString());
            if (!t)
                return;
            m_title->setText(t->title);
            m_phase->setCurrentIndex(m_phase->findData(int(t->phase)));
            m_role->setCurrentText(t->role);
            m_kind->setCurrentIndex(m_kind->findData(int(t->kind)));
            m_minutes->setValue(t->minutes);
            m_instructions->setPlainText(t->instructions);
            m_templateName = t->name;
        });
    }
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("P&hase:"), m_phase);
    form->addRow(tr("&Wave:"), m_wave);
    form->addRow(tr("&Role:"), m_role);
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("Pla&nned:"), m_minutes);
    form->addRow(tr("&After:"), m_after);
    form->addRow(tr("&Checks:"), m_checks);
    form->addRow(m_pointOfNoReturn);
    form->addRow(tr("&Instructions:"), m_instructions);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QPlainTextEdit *e : {m_after, m_checks})
        connect(e, &QPlainTextEdit::textChanged, this, &StepDialog::validate);
    connect(m_title, &QLineEdit::textChanged, this, &StepDialog::validate);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &StepDialog::validate);
    validate();
}

RunbookStep StepDialog::step() const
{
    RunbookStep s = m_step;
    s.title = m_title->text().trimmed();
    s.phase = RunbookPhase(m_phase->currentData().toInt());
    s.wave = m_wave->value();
    s.role = m_role->currentText().trimmed();
    s.kind = StepKind(m_kind->currentData().toInt());
    s.plannedMinutes = m_minutes->value();
    s.after = lines(m_after);
    s.checks = s.kind == StepKind::Gate ? lines(m_checks) : QStringList();
    s.pointOfNoReturn = m_pointOfNoReturn->isChecked();
    s.instructions = m_instructions->toPlainText();
    return s;
}

QString StepDialog::problem() const
{
    const RunbookStep s = step();
    if (s.title.isEmpty())
        return tr("A step needs a title.");
    if (s.role.isEmpty())
        return tr("A step needs a role (who does it).");
    for (const QString &p : s.after) {
        const RunbookStep *before = m_runbook.step(p);
        if (p == s.id)
            return tr("A step cannot come after itself.");
        if (!before || before->obsolete)
            return tr("%1 is not a step of the runbook.").arg(p);
        if (!m_new && follows(m_runbook, s.id, p))
            return tr("%1 already comes after this step: a cycle.").arg(p);
    }
    for (const QString &c : s.checks)
        if (m_plan.checks.find(c) == m_plan.checks.end())
            return tr("The plan has no check %1.").arg(c);
    return {};
}

void StepDialog::validate()
{
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    m_checks->setEnabled(StepKind(m_kind->currentData().toInt()) == StepKind::Gate);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(why.isEmpty());
}

QString StepDialog::newStepId(const Runbook &runbook, const RunbookStep &step,
                              const QString &action)
{
    QString words = action.isEmpty() ? step.title.toLower() : action;
    words.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    words = words.left(40);
    while (words.startsWith(u'-'))
        words.remove(0, 1);
    while (words.endsWith(u'-'))
        words.chop(1);
    if (words.isEmpty())
        words = QStringLiteral("step");
    const QString base = QStringLiteral("%1/%2/%3")
                             .arg(runbookPhaseName(step.phase), words,
                                  step.wave == 0 ? QStringLiteral("plan")
                                                 : QStringLiteral("wave-%1").arg(step.wave));
    return runbook.unusedId(base);
}

} // namespace Ferry
