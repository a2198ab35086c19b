// SPDX-License-Identifier: MIT
#include "trustprompt.h"

#include "plantrust.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace Ferry {

bool confirmPlanTrust(QWidget *parent, const QString &planFile, const QList<Check> &checks,
                      TrustStore &store)
{
    if (store.isPlanTrusted(planFile, checks))
        return true;
    QStringList lines;
    QList<std::pair<QString, QString>> variables; // (variable, host) not allowed yet
    for (const Check &c : checks)
        for (const CheckContact &contact : checkContacts(c)) {
            if (!contact.variable.isEmpty() && !store.isEnvAllowed(contact.variable, contact.host) &&
                !variables.contains({contact.variable, contact.host}))
                variables.append({contact.variable, contact.host});
            lines.append(QStringLiteral("%1%2 — %3%4")
                             .arg(contact.host,
                                  contact.port.isEmpty() ? QString() : u':' + contact.port,
                                  contact.checkId,
                                  contact.password.isEmpty()
                                      ? QString()
                                      : QStringLiteral(", password from ") + contact.password));
        }
    constexpr int kShown = 12;
    QString shown = lines.mid(0, kShown).join(u'\n');
    if (lines.size() > kShown)
        shown += QObject::tr("\n… and %1 more (Show Details…)").arg(lines.size() - kShown);
    const QString plan = planFile.isEmpty() ? QObject::tr("This unsaved plan")
                                            : QFileInfo(planFile).fileName();
    QMessageBox box(QMessageBox::Warning, QObject::tr("Trust this plan's checks?"),
                    QObject::tr("%1 has checks Ferry has not run for you before (or they changed "
                                "since). They would contact:\n\n%2\n\nA plan from someone else "
                                "can name any host and any password source. Run its checks only "
                                "if you trust these hosts.")
                        .arg(plan, shown),
                    QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("trustPrompt"));
    box.setTextFormat(Qt::PlainText);
    if (lines.size() > kShown)
        box.setDetailedText(lines.join(u'\n'));
    QPushButton *trust = box.addButton(QObject::tr("&Trust and Run"), QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    // Environment variables give passwords only to hosts the user allowed them for: the
    // same as `ferry secret allow-env VARIABLE HOST`, asked here, off unless ticked.
    QCheckBox *allow = nullptr;
    if (!variables.isEmpty()) {
        QStringList pairs;
        for (const auto &[variable, host] : std::as_const(variables))
            pairs.append(QObject::tr("%1 for %2").arg(variable, host));
        allow = new QCheckBox(
            QObject::tr("Also let these checks read passwords from the environment: %1")
                .arg(pairs.join(QStringLiteral(", "))));
        allow->setObjectName(QStringLiteral("allowEnvironment"));
        box.setCheckBox(allow);
    }
    box.exec();
    if (box.clickedButton() != trust)
        return false;
    store.trustPlan(planFile, checks);
    if (allow && allow->isChecked())
        for (const auto &[variable, host] : std::as_const(variables))
            store.allowEnv(variable, host);
    return true;
}

} // namespace Ferry
