// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>

class QObject;

namespace Ferry {

struct Check;

/// Where a password comes from: never the plan, a log or an export, but either an environment
/// variable or an entry of the OS keychain (QtKeychain: the Secret Service on Linux — GNOME
/// Keyring, KWallet —, the Keychain on macOS, the Credential Manager on Windows), both named.
/// Neither set: libpq's own sources (`PGPASSWORD`, `~/.pgpass`, a service file).
struct PasswordSource
{
    QString env;      ///< name of an environment variable holding the password
    QString keychain; ///< name of an entry under keychainService()

    bool isEmpty() const { return env.isEmpty() && keychain.isEmpty(); }
    /// "environment variable X" / "keychain entry Y", for messages.
    QString describe() const;
};

/// A check's password source for one side: the expectations `<prefix>password_env` and
/// `<prefix>password_keychain` (prefix "" for the check's target, "target_" for a data check's
/// target database, "subscriber_" for a replication check's subscriber; docs/checks.md).
PasswordSource passwordSource(const Check &check, const QString &prefix);

/// The keychain service under which Ferry keeps its entries: "Ferry".
QString keychainService();

/// Reads the password of `source`: from the environment at once, or from the keychain
/// asynchronously. `done(password, error)` is called once, on `context`'s thread, unless
/// `context` is destroyed first; `error` is empty on success and names the source (never the
/// password) otherwise — an unset variable, an entry not in the keychain, no keychain service.
/// An empty source gives an empty password and no error.
void readPassword(const PasswordSource &source, QObject *context,
                  std::function<void(const QString &password, const QString &error)> done);

/// Stores `password` as keychain entry `entry` (replacing it); `done(error)` as readPassword().
void writeKeychainPassword(const QString &entry, const QString &password, QObject *context,
                           std::function<void(const QString &error)> done);

/// Removes keychain entry `entry`; `done(error)` as readPassword() (an absent entry is an error).
void deleteKeychainPassword(const QString &entry, QObject *context,
                            std::function<void(const QString &error)> done);

/// The same three, waiting in a local event loop (for the command line); error empty on
/// success.
QString readPasswordBlocking(const PasswordSource &source, QString *password);
QString writeKeychainPasswordBlocking(const QString &entry, const QString &password);
QString deleteKeychainPasswordBlocking(const QString &entry);

} // namespace Ferry
