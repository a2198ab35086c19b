// SPDX-License-Identifier: MIT
#pragma once

#include "organization.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace Ferry {

/// Edits one organizational unit: its name and the Service Control Policies attached to it
/// (serviceControlPolicies(), one check box each). Used by Organization → Properties… on an OU.
class UnitDialog : public QDialog
{
    Q_OBJECT
public:
    explicit UnitDialog(const OrganizationalUnit &unit, QWidget *parent = nullptr);
    /// The edited unit (id and parent unchanged; policies sorted).
    OrganizationalUnit unit() const;

private:
    OrganizationalUnit m_unit;
    QLineEdit *m_name;
    QList<QCheckBox *> m_policies;
};

} // namespace Ferry
