// SPDX-License-Identifier: MIT
#pragma once

// The golden plans of tests/data/golden/, shared by the tests that export them.

#include "planfile.h"

#include <QString>

namespace Ferry::Test {

/// The golden plan tests/data/golden/NAME/NAME.ferry.yaml; a test cannot go on without it, so a
/// plan that does not load ends the test program with its located error.
inline Plan goldenPlan(const QString &name)
{
    Plan p;
    FileError e;
    if (!PlanFile::load(QStringLiteral(SRCDIR "data/golden/%1/%1.ferry.yaml").arg(name), &p, &e))
        qFatal("%s", qPrintable(e.toString()));
    return p;
}

} // namespace Ferry::Test
