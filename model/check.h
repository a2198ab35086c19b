// SPDX-License-Identifier: MIT
#pragma once

#include "stringmap.h"

#include <QList>
#include <QString>

namespace Ferry {

/// What a connection check tests.
enum class CheckKind {
    Dns,         ///< a name resolves (A, AAAA, CNAME, TXT), optionally to expected values
    Tcp,         ///< host:port accepts a connection
    Tls,         ///< TLS handshake, chain verified, host name matches, days until expiry
    Http,        ///< an HTTP(S) request returns the expected status (and body text)
    Postgres,    ///< a PostgreSQL login works; server facts reported
    Data,        ///< the target database holds the source's data (compare-data)
    Replication, ///< logical replication from the source has caught up (replication-lag)
    HttpCompare, ///< the target answers an HTTP request as the source does (status, headers, body)
};

/// Plan-file name: `dns`, `tcp`, `tls`, `http`, `postgres`, `data`, `replication`,
/// `http-compare`.
QString checkKindName(CheckKind kind);
/// Parses a plan-file name; false when unknown.
bool parseCheckKind(const QString &name, CheckKind *kind);

/// A check stored in the plan: what to test, what to expect, and which resource it belongs to.
///
/// `target` is what the kind connects to: a DNS name; `host:port` for TCP and TLS; a URL for
/// HTTP; a libpq connection string for PostgreSQL, which must not hold a password (the password
/// comes from the environment variable named by `expect["password_env"]`, `PGPASSWORD`,
/// `~/.pgpass` or the keychain; docs/checks.md). `expect` holds the kind's expectations, all
/// optional — dns: `type` (A, AAAA, CNAME, TXT; default A), `nameserver`, `value` (one of the
/// answers must equal it), `compare_nameserver` (must give the same answers); tls: `min_days`
/// (default 14), `ca_file`; http: `method` (default GET), `status` (default 200), `body` (text the
/// body must contain), `follow_redirects` (true/false, default true), `ca_file`; postgres:
/// `password_env`, `in_recovery` (true/false); data (target: the source database):
/// `target_database` (the migrated database, required), `tables` (comma-separated `schema.table`,
/// default all), `connections` (per side, default 2); replication (target: the publisher):
/// `subscriber` (the subscriber's database), `slot`, `max_lag_bytes` (default 0), `max_lag_seconds`
/// (default 10), `wait` (seconds to keep reading until caught up, default 0: one reading; added
/// to the timeout, which bounds each reading). Passwords: per side, an environment variable or a
/// keychain entry named by `password_env` / `password_keychain` (the target's), `target_…`
/// (data) and `subscriber_…` (replication) — never a password itself — else libpq's own
/// sources (PGPASSWORD, ~/.pgpass, a service file).
struct Check
{
    QString id; ///< unique in the plan, e.g. `tls:shop.example.com:443`
    CheckKind kind = CheckKind::Tcp;
    QString target;
    QString resource; ///< id of the resource it belongs to, empty when none
    QString side;     ///< `source`, `target` or empty: which side of the migration it tests
    StringMap expect;
    int timeoutSeconds = 10; ///< for the whole check

    bool operator==(const Check &) const = default;
};

/// Why `target` may not be stored in a plan (it holds a password), or empty when it may.
QString checkTargetSecretProblem(const Check &check);

/// The yes/no expectation `key` of `check`: true for `true`, `yes` or `1`, `fallback` when the
/// check does not set it, false for anything else.
bool expectTrue(const Check &check, const QString &key, bool fallback);

} // namespace Ferry
