// SPDX-License-Identifier: MIT
#include "accountdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>

namespace Ferry {

AccountDialog::AccountDialog(const Organization &org, const Account &account, QWidget *parent)
    : QDialog(parent)
    , m_account(account)
    , m_org(org)
{
    setWindowTitle(account.name.isEmpty() ? tr("Add Account") : tr("Account %1").arg(account.name));
    setMinimumWidth(460); // room for an e-mail address and a list of roles
    auto *form = new QFormLayout(this);
    m_name = new QLineEdit(account.name, this);
    m_environment = new QComboBox(this);
    for (Environment e : allEnvironments())
        m_environment->addItem(environmentLabel(e), int(e));
    m_environment->setCurrentIndex(m_environment->findData(int(account.environment)));
    m_cloud = new QComboBox(this);
    m_cloud->addItem(tr("AWS (an account of the organization)"), int(TargetCloud::Aws));
    m_cloud->addItem(tr("DigitalOcean (a team, one project)"), int(TargetCloud::DigitalOcean));
    m_cloud->setCurrentIndex(m_cloud->findData(int(account.cloud)));
    m_region = new QLineEdit(account.region, this);
    m_unit = new QComboBox(this);
    m_unit->addItem(tr("(organization root)"), QString());
    for (const OrganizationalUnit &u : org.units)
        m_unit->addItem(u.name, u.id);
    m_unit->setCurrentIndex(std::max(0, m_unit->findData(account.unitId)));
    m_awsAccountId = new QLineEdit(account.awsAccountId, this);
    m_awsAccountId->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("\\d{0,12}")), m_awsAccountId));
    m_awsAccountId->setPlaceholderText(tr("empty: a new account"));
    m_awsAccountId->setToolTip(tr("The 12-digit id of an AWS account that exists already: the "
                                  "Terraform export adopts it instead of creating it."));
    m_email = new QLineEdit(account.email, this);
    m_email->setPlaceholderText(tr("empty: given when Terraform asks"));
    m_email->setToolTip(tr("The root user's e-mail address of a new account; unique in AWS."));
    m_roles = new QLineEdit(account.roles.join(QStringLiteral(", ")), this);
    m_roles->setPlaceholderText(QStringLiteral("administrator, read-only, developer"));
    m_roles->setToolTip(tr("Roles people take in the account, comma-separated: IAM Identity "
                           "Center permission sets and groups. administrator, read-only, "
                           "developer and billing get AWS's managed policies."));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problem->setWordWrap(true);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Cloud:"), m_cloud);
    form->addRow(tr("&Environment:"), m_environment);
    form->addRow(tr("Default &region:"), m_region);
    form->addRow(tr("Organizational &unit:"), m_unit);
    form->addRow(tr("AWS account &id:"), m_awsAccountId);
    form->addRow(tr("Root e-&mail:"), m_email);
    form->addRow(tr("R&oles:"), m_roles);
    form->addRow(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &AccountDialog::validate);
    connect(m_cloud, &QComboBox::currentIndexChanged, this, &AccountDialog::cloudChanged);
    connect(m_region, &QLineEdit::textChanged, this, &AccountDialog::validate);
    connect(m_awsAccountId, &QLineEdit::textChanged, this, &AccountDialog::validate);
    connect(m_email, &QLineEdit::textChanged, this, &AccountDialog::validate);
    showCloud();
    validate();
}

void AccountDialog::lockCloud(const QString &reason)
{
    m_cloud->setEnabled(false);
    m_cloud->setToolTip(reason);
}

TargetCloud AccountDialog::cloud() const
{
    return TargetCloud(m_cloud->currentData().toInt());
}

void AccountDialog::cloudChanged()
{
    // A region of the other cloud is never right: offer the cloud's usual default.
    const bool aws = cloud() == TargetCloud::Aws;
    if (aws ? !isAwsRegion(m_region->text().trimmed())
            : !isDigitalOceanRegion(m_region->text().trimmed()))
        m_region->setText(aws ? QStringLiteral("us-east-1") : QStringLiteral("nyc3"));
    showCloud();
    validate();
}

void AccountDialog::showCloud()
{
    // OUs, account ids, root e-mails and Identity Center roles exist in AWS alone.
    const bool aws = cloud() == TargetCloud::Aws;
    for (QWidget *w : {static_cast<QWidget *>(m_unit), static_cast<QWidget *>(m_awsAccountId),
                       static_cast<QWidget *>(m_email), static_cast<QWidget *>(m_roles)})
        w->setEnabled(aws);
    m_region->setPlaceholderText(aws ? QStringLiteral("us-east-1") : QStringLiteral("nyc3"));
    m_region->setToolTip(aws ? tr("An AWS region code such as eu-west-1.")
                             : tr("A DigitalOcean region slug such as nyc3 or ams3."));
}

void AccountDialog::validate()
{
    const QString id = m_awsAccountId->text().trimmed();
    const QString email = m_email->text().trimmed();
    QString problem;
    const QString region = m_region->text().trimmed();
    const bool aws = cloud() == TargetCloud::Aws;
    if (aws ? !isAwsRegion(region) : !isDigitalOceanRegion(region))
        problem = aws ? tr("The region is not an AWS region such as eu-west-1.")
                      : tr("The region is not a DigitalOcean region such as nyc3.");
    else if (!aws)
        ; // the AWS fields are disabled and dropped
    else if (!id.isEmpty() && !isAwsAccountId(id))
        problem = tr("An AWS account id is 12 digits.");
    else if (!email.isEmpty() && !isEmailAddress(email))
        problem = tr("The root e-mail is not an e-mail address.");
    for (const Account &other : std::as_const(m_org.accounts)) {
        if (!problem.isEmpty() || !aws || other.id == m_account.id)
            continue;
        if (!id.isEmpty() && other.awsAccountId == id)
            problem = tr("Account %1 has this AWS account id already.").arg(other.name);
        else if (!email.isEmpty() && other.email.compare(email, Qt::CaseInsensitive) == 0)
            problem =
                tr("Account %1 has this root e-mail already; each must be unique.").arg(other.name);
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    auto *ok = findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    ok->setEnabled(!m_name->text().trimmed().isEmpty() && problem.isEmpty());
}

Account AccountDialog::account() const
{
    Account a = m_account;
    a.name = m_name->text().trimmed();
    a.environment = Environment(m_environment->currentData().toInt());
    a.region = m_region->text().trimmed();
    a.unitId = m_unit->currentData().toString();
    a.awsAccountId = m_awsAccountId->text().trimmed();
    a.email = m_email->text().trimmed();
    a.roles.clear();
    for (const QString &r : m_roles->text().split(u',', Qt::SkipEmptyParts))
        if (const QString t = r.trimmed(); !t.isEmpty() && !a.roles.contains(t))
            a.roles.append(t);
    a.roles.sort();
    a.cloud = cloud();
    if (a.cloud != TargetCloud::Aws) {
        a.unitId.clear();
        a.awsAccountId.clear();
        a.email.clear();
        a.roles.clear();
    }
    return a;
}

} // namespace Ferry
