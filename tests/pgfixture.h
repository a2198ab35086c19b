// SPDX-License-Identifier: MIT
#pragma once
// The throw-away PostgreSQL server CTest starts for the database tests (fixture "postgres",
// tests/pgserver.sh): its port and the superuser's password, read from the state file named by
// FERRY_TEST_PG_STATE. A missing server is a failure, not a skip.

#include <QFile>
#include <QString>
#include <QStringList>

struct PgFixture
{
    QString port;
    QString password; ///< of the superuser "ferry"

    /// Reads the fixture's state; false with `error` set when the server was not started.
    bool read(QString *error)
    {
        QFile state(qEnvironmentVariable("FERRY_TEST_PG_STATE"));
        if (!state.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("no test server: run through CTest (fixture \"postgres\", "
                                    "tests/pgserver.sh)");
            return false;
        }
        const QStringList parts = QString::fromUtf8(state.readAll()).simplified().split(u' ');
        QFile pw(parts.value(0) + QStringLiteral("/password"));
        if (parts.size() != 2 || !pw.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("malformed test server state");
            return false;
        }
        port = parts[1];
        password = QString::fromUtf8(pw.readAll()).trimmed();
        return true;
    }
};
