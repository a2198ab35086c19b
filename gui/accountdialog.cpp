// SPDX-License-Identifier: MIT
#include "accountdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>

namespace Ferry {

AccountDialog::AccountDialog(const Organization &org, const Account &account, QWidget *parent)
    : QDialog(parent)
    , m_account(account)
{
    setWindowTitle(account.name.isEmpty() ? tr("Add Account") : tr("Account %1").arg(account.name));
    auto *form = new QFormLayout(this);
    m_name = new QLineEdit(account.name, this);
    m_environment = new QComboBox(this);
    for (Environment e : allEnvironments())
        m_environment->addItem(environmentLabel(e), int(e));
    m_environment->setCurrentIndex(m_environment->findData(int(account.environment)));
    m_region = new QLineEdit(account.region, this);
    // AWS region codes: us-east-1, eu-central-2, ap-southeast-4, us-gov-west-1 …
    m_region->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[a-z]{2}(-[a-z]+)+-\\d")), m_region));
    m_region->setPlaceholderText(QStringLiteral("us-east-1"));
    m_unit = new QComboBox(this);
    m_unit->addItem(tr("(organization root)"), QString());
    for (const OrganizationalUnit &u : org.units)
        m_unit->addItem(u.name, u.id);
    m_unit->setCurrentIndex(std::max(0, m_unit->findData(account.unitId)));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Environment:"), m_environment);
    form->addRow(tr("Default &region:"), m_region);
    form->addRow(tr("Organizational &unit:"), m_unit);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &AccountDialog::validate);
    connect(m_region, &QLineEdit::textChanged, this, &AccountDialog::validate);
    validate();
}

void AccountDialog::validate()
{
    auto *ok = findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    ok->setEnabled(!m_name->text().trimmed().isEmpty() && m_region->hasAcceptableInput());
}

Account AccountDialog::account() const
{
    Account a = m_account;
    a.name = m_name->text().trimmed();
    a.environment = Environment(m_environment->currentData().toInt());
    a.region = m_region->text().trimmed();
    a.unitId = m_unit->currentData().toString();
    return a;
}

} // namespace Ferry
