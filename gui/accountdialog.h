// SPDX-License-Identifier: MIT
#pragma once

#include "organization.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace Ferry {

/// Edits one account of the target organization: name, cloud (an AWS account or a DigitalOcean
/// team), environment, default region (an AWS region code or a DigitalOcean slug), and for AWS
/// the organizational unit, the id of an AWS account that exists already, the root e-mail and
/// the roles people take in it (docs/exports.md, "Organization"). An id or e-mail another
/// account has, or a region of the wrong cloud, is refused with a message. Used by
/// Organization → Add Account… and Properties….
class AccountDialog : public QDialog
{
    Q_OBJECT
public:
    /// `account` gives the initial values; `org` supplies the OUs to choose from.
    AccountDialog(const Organization &org, const Account &account, QWidget *parent = nullptr);
    /// The edited account (id unchanged); a DigitalOcean account has no AWS fields.
    Account account() const;
    /// Keeps the cloud as it is, `reason` as the tooltip (an account with mapped resources:
    /// their services are the cloud's provider types).
    void lockCloud(const QString &reason);

private:
    TargetCloud cloud() const;
    void cloudChanged();
    void showCloud();
    void validate();

    Account m_account;
    Organization m_org;
    QLineEdit *m_name;
    QLineEdit *m_awsAccountId;
    QLineEdit *m_email;
    QLineEdit *m_roles;
    QLabel *m_problem;
    QComboBox *m_cloud;
    QComboBox *m_environment;
    QLineEdit *m_region;
    QComboBox *m_unit;
};

} // namespace Ferry
