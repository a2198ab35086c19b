// SPDX-License-Identifier: MIT
#include "unitdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ferry {

UnitDialog::UnitDialog(const OrganizationalUnit &unit, QWidget *parent)
    : QDialog(parent)
    , m_unit(unit)
{
    setWindowTitle(tr("Organizational Unit %1").arg(unit.name));
    auto *form = new QFormLayout(this);
    m_name = new QLineEdit(unit.name, this);
    form->addRow(tr("&Name:"), m_name);
    auto *box = new QVBoxLayout;
    for (const ServiceControlPolicy &scp : serviceControlPolicies()) {
        auto *check = new QCheckBox(scp.description, this);
        check->setObjectName(scp.name);
        check->setToolTip(
            tr("%1: denies %2").arg(scp.name, scp.actions.join(QStringLiteral(", "))));
        check->setChecked(unit.policies.contains(scp.name));
        box->addWidget(check);
        m_policies.append(check);
    }
    form->addRow(tr("Service Control Policies:"), box);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_name->text().trimmed().isEmpty());
    });
}

OrganizationalUnit UnitDialog::unit() const
{
    OrganizationalUnit u = m_unit;
    u.name = m_name->text().trimmed();
    u.policies.clear();
    for (const QCheckBox *check : m_policies)
        if (check->isChecked())
            u.policies.append(check->objectName());
    u.policies.sort();
    return u;
}

} // namespace Ferry
