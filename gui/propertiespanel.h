// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Ferry {

class PlanDocument;

/// Shows the selected resources and edits their mapping: account, target service (a
/// Terraform AWS type), strategy (the 7 Rs), wave and — for one resource — the target endpoint
/// (`host[:port]` of the migrated resource). With several resources selected an edit applies
/// to all of them, as one undo command.
class PropertiesPanel : public QWidget
{
    Q_OBJECT
public:
    /// A panel editing mappings of `doc` through its undo stack.
    explicit PropertiesPanel(PlanDocument *doc, QWidget *parent = nullptr);
    /// Shows these resource ids (empty: nothing selected).
    void setResources(const QStringList &ids);
    /// Applies what is typed in an editor that has not finished editing yet (the target
    /// service, wave or endpoint field still has the focus): called before the plan is saved,
    /// so a save never leaves a visible edit behind. Each applied field is an undo command.
    void commitPendingEdits();

signals:
    /// An edit was refused; `message` says why (for the status bar).
    void problem(const QString &message);

private:
    void refresh();
    void applyAccount();
    void applyField(int field);

    PlanDocument *m_doc;
    QStringList m_ids;
    bool m_updating = false;
    QLabel *m_details;
    QComboBox *m_account;
    QLineEdit *m_service;
    QComboBox *m_strategy;
    QSpinBox *m_wave;
    QLineEdit *m_endpoint;
    QLineEdit *m_databases;
    QLineEdit *m_also; ///< Mapping::alsoServices, comma-separated
};

} // namespace Ferry
