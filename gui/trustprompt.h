// SPDX-License-Identifier: MIT
#pragma once

#include "check.h"

#include <QList>

class QWidget;

namespace Ferry {

class TrustStore;

/// Before a plan's checks contact anything: true at once when `store` trusts `planFile` with
/// these `checks` (TrustStore::isPlanTrusted); otherwise asks the user in a modal dialog that
/// lists every host the checks would contact and the password source each would send there
/// (checkContacts()), and, when the user trusts the plan, records it and returns true. Cancel
/// returns false and nothing is contacted. Where checks would read a password from an
/// environment variable not yet allowed for its host, a check box (off by default) allows
/// those, as `ferry secret allow-env` does.
bool confirmPlanTrust(QWidget *parent, const QString &planFile, const QList<Check> &checks,
                      TrustStore &store);

} // namespace Ferry
