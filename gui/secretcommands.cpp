// SPDX-License-Identifier: MIT
// `ferry secret`: passwords in the OS keychain.
#include "clisupport.h"

#include "plantrust.h"
#include "secrets.h"

#include <QCommandLineParser>
#include <QRegularExpression>

#include <termios.h>
#include <unistd.h>

namespace Ferry::CommandLine {

namespace {

/// Reads one line from standard input without echo when it is a terminal (after `prompt` on
/// stderr); the line's end is not part of it.
QString readSecretLine(const QString &prompt)
{
    const bool tty = isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        err() << prompt;
        err().flush();
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        err() << '\n';
    }
    return line;
}

/// `allow-env`, `forbid-env` and `list-env`; -1 for the other actions.
int runEnvironmentAction(const QCommandLineParser &p, const QStringList &pos)
{
    const QString action = pos.value(0);
    TrustStore &store = TrustStore::user();
    if (action == QLatin1String("list-env")) {
        if (pos.size() != 1)
            return usageError(p, QStringLiteral("list-env takes no arguments"));
        for (const QString &line : store.allowedEnv())
            out() << line << '\n';
        return Success;
    }
    if (action != QLatin1String("allow-env") && action != QLatin1String("forbid-env"))
        return -1;
    static const QRegularExpression variable(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (pos.size() != 3 || !variable.match(pos[1]).hasMatch() || pos[2].trimmed().isEmpty())
        return usageError(p, QStringLiteral("%1 needs an environment variable's name and a host")
                                 .arg(action));
    if (action == QLatin1String("allow-env")) {
        store.allowEnv(pos[1], pos[2].trimmed());
        out() << "checks may read a password from " << pos[1] << " for " << pos[2].trimmed()
              << '\n';
        return Success;
    }
    if (!store.forbidEnv(pos[1], pos[2].trimmed())) {
        err() << "ferry secret: " << pos[1] << " was not allowed for " << pos[2] << '\n';
        return Failed;
    }
    out() << pos[1] << " no longer gives passwords to " << pos[2].trimmed() << '\n';
    return Success;
}

} // namespace

int runSecret(const QStringList &args)
{
    QCommandLineParser p;
    p.addPositionalArgument(QStringLiteral("ACTION"),
                            QStringLiteral("set, delete, test, allow-env, forbid-env or list-env."));
    p.addPositionalArgument(QStringLiteral("ENTRY"),
                            QStringLiteral("Keychain entry name (or VARIABLE HOST)."));
    if (int rc = parse(
            p, args,
            QStringLiteral("Keep a password in the OS keychain (service \"Ferry\"), where checks "
                           "find it by entry name (password_keychain in a check; "
                           "--source-password-keychain / --target-password-keychain).\n"
                           "  set ENTRY     store the password read from standard input (one "
                           "line; typed without echo on a terminal)\n"
                           "  delete ENTRY  remove the entry\n"
                           "  test ENTRY    exit 0 when the entry exists (its value is never "
                           "printed)\n"
                           "  allow-env VARIABLE HOST   let checks from plans read a password "
                           "from environment variable VARIABLE for HOST (a plan alone cannot: "
                           "it could name any variable and any host); PGPASSWORD too, which "
                           "libpq sends where a check names no password source\n"
                           "  forbid-env VARIABLE HOST  withdraw that\n"
                           "  list-env      the allowed VARIABLE HOST pairs\n"
                           "Exit code: 0 done, 1 no such entry (test), 2 bad usage or no "
                           "keychain."));
        rc >= 0)
        return rc;
    const QStringList pos = p.positionalArguments();
    if (int rc = runEnvironmentAction(p, pos); rc >= 0)
        return rc;
    if (pos.size() != 2 || pos[1].trimmed().isEmpty())
        return usageError(p, QStringLiteral("secret needs an action and an entry name"));
    const QString action = pos[0], entry = pos[1];
    QString error;
    if (action == QLatin1String("set")) {
        const QString password = readSecretLine(QStringLiteral("Password for %1: ").arg(entry));
        if (password.isEmpty())
            return usageError(p, QStringLiteral("an empty password is not stored"));
        error = writeKeychainPasswordBlocking(entry, password);
        if (error.isEmpty())
            out() << "stored keychain entry " << entry << '\n';
    } else if (action == QLatin1String("delete")) {
        error = deleteKeychainPasswordBlocking(entry);
        if (error.isEmpty())
            out() << "deleted keychain entry " << entry << '\n';
    } else if (action == QLatin1String("test")) {
        QString password;
        error = readPasswordBlocking({QString(), entry}, &password);
        if (error.isEmpty()) {
            out() << "keychain entry " << entry << " found\n";
        } else if (error.contains(QLatin1String("not found"))) {
            err() << "ferry secret: " << error << '\n';
            return Failed;
        }
    } else {
        return usageError(p, QStringLiteral("unknown action %1 (set, delete or test)").arg(action));
    }
    if (!error.isEmpty()) {
        err() << "ferry secret: " << error << '\n';
        return BadInput;
    }
    return Success;
}

} // namespace Ferry::CommandLine
