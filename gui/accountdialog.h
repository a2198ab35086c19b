// SPDX-License-Identifier: MIT
#pragma once

#include "organization.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace Ferry {

/// Edits one account of the target organization: name, environment, default AWS region and
/// organizational unit. Used by Organization → Add Account… and Account Properties….
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
    QLineEdit *m_name;
    QComboBox *m_environment;
    QLineEdit *m_region;
    QComboBox *m_unit;
};

} // namespace Ferry
