// SPDX-License-Identifier: MIT
#pragma once

#include "check.h"

#include <QList>
#include <QString>

#include <memory>

class QSettings;

namespace Ferry {

/// One place a check would connect to, and the password it would send there.
struct CheckContact
{
    QString checkId;
    QString host;     ///< DNS name or address (`db.example.com`, `127.0.0.1`, `service NAME`)
    QString port;     ///< empty when the kind's default
    QString password; ///< where the password comes from ("keychain entry X"), empty for none
    /// The environment variable the password would come from (`password_env`, or PGPASSWORD
    /// where the check names no source and it is set), empty when none.
    QString variable;
};

/// Every host `check` would contact and with which password source (a data check both
/// databases, a replication check publisher and subscriber, a DNS check its nameserver too).
QList<CheckContact> checkContacts(const Check &check);

/// The hosts of one side of a PostgreSQL-based check: `prefix` "" is the check's target,
/// "target_" a data check's target database, "subscriber_" a replication check's subscriber
/// (secrets.h); empty with `error` set when that side's connection string is malformed.
QStringList sideHosts(const Check &check, const QString &prefix, QString *error);

/// A hex SHA-256 of `checks` as a whole (each check's id, kind, target, side, resource, timeout
/// and expectations, in id order): changes whenever a check is added, removed or edited.
QString checksFingerprint(const QList<Check> &checks);

/// What the user has allowed, kept in the user's settings (never in a plan): plans are
/// untrusted until the user trusts them, as editors treat a newly opened folder.
///
/// - **Trusted plans**: a plan file (by absolute path) whose checks, as checksFingerprint()
///   says, the user has agreed may contact their hosts. A plan whose checks change is
///   untrusted again.
/// - **Allowed environment variables**: a check from a plan may read its password from an
///   environment variable only where the user has allowed that variable for that host
///   (`ferry secret allow-env NAME HOST`); libpq's own `PGPASSWORD` likewise, where a check
///   names no password source. Keychain entries are Ferry's own (service "Ferry"), and
///   `~/.pgpass` matches passwords to hosts itself.
///
/// The user's store is the INI file `Ferry/trust.ini` in the user's configuration folder
/// (`~/.config` or `$XDG_CONFIG_HOME` on Linux).
class TrustStore
{
public:
    /// A store in the INI file `path` (created on the first change).
    explicit TrustStore(const QString &path);
    ~TrustStore();

    /// The user's store.
    static TrustStore &user();

    /// True when `planFile`'s checks are trusted as they are now.
    bool isPlanTrusted(const QString &planFile, const QList<Check> &checks) const;
    /// Records that the user trusts `planFile` with these checks.
    void trustPlan(const QString &planFile, const QList<Check> &checks);

    /// True when environment variable `variable` may give a password to `host` (case-insensitive
    /// host, exact variable name).
    bool isEnvAllowed(const QString &variable, const QString &host) const;
    /// Allows `variable` for `host`.
    void allowEnv(const QString &variable, const QString &host);
    /// Withdraws what allowEnv() allowed; false when it was not allowed.
    bool forbidEnv(const QString &variable, const QString &host);
    /// Every allowed pair, as "VARIABLE HOST" lines, sorted.
    QStringList allowedEnv() const;

    /// Why side `prefix` of `check` may not read its password as configured, or empty when it
    /// may: an environment variable (or, with no source named, a set `PGPASSWORD`) not allowed
    /// for every host of that side. The message names the command that allows it.
    QString passwordProblem(const Check &check, const QString &prefix) const;

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace Ferry
