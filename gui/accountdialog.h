// SPDX-License-Identifier: MIT
#pragma once

#include "organization.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Ferry {

/// Edits one account of the target organization: name, environment, default AWS region,
/// organizational unit, the id of an AWS account that exists already, the root e-mail and the
/// roles people take in it (docs/exports.md, "Organization"). An id or e-mail another account
/// has is refused with a message. Used by Organization → Add Account… and Properties….
class AccountDialog : public QDialog
{
    Q_OBJECT
public:
    /// `account` gives the initial values; `org` supplies the OUs to choose from.
    AccountDialog(const Organization &org, const Account &account, QWidget *parent = nullptr);
    /// The edited account (id unchanged).
    Account account() const;

private:
    void validate();

    Account m_account;
    Organization m_org;
    QLineEdit *m_name;
    QLineEdit *m_awsAccountId;
    QLineEdit *m_email;
    QLineEdit *m_roles;
    QLabel *m_problem;
    QComboBox *m_environment;
    QLineEdit *m_region;
    QComboBox *m_unit;
};

} // namespace Ferry
