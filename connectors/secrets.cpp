// SPDX-License-Identifier: MIT
#include "secrets.h"

#include "check.h"

#include <QEventLoop>
#include <QPointer>

#include <qt6keychain/keychain.h>

namespace Ferry {

namespace {

/// A keychain job's error for people: which entry, what went wrong, what to do.
QString jobError(const QKeychain::Job *job, const QString &entry)
{
    switch (job->error()) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return QStringLiteral("keychain entry \"%1\" (service %2) not found: store it with "
                              "`ferry secret set %1` or Checks → Store Password…")
            .arg(entry, keychainService());
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return QStringLiteral("keychain entry \"%1\": access denied (%2)")
            .arg(entry, job->errorString());
    case QKeychain::NoBackendAvailable:
        return QStringLiteral("keychain entry \"%1\": no keychain service available (%2)")
            .arg(entry, job->errorString());
    default:
        return QStringLiteral("keychain entry \"%1\": %2").arg(entry, job->errorString());
    }
}

/// Starts `job` for `entry` and calls `done(job)` when it finishes, if `context` still lives.
void run(QKeychain::Job *job, const QString &entry, QObject *context,
         std::function<void(QKeychain::Job *)> done)
{
    job->setAutoDelete(true);
    job->setKey(entry);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done)](QKeychain::Job *j) { done(j); });
    job->start();
}

} // namespace

QString PasswordSource::describe() const
{
    if (!keychain.isEmpty())
        return QStringLiteral("keychain entry %1").arg(keychain);
    if (!env.isEmpty())
        return QStringLiteral("environment variable %1").arg(env);
    return QStringLiteral("libpq's own sources (PGPASSWORD, ~/.pgpass)");
}

PasswordSource passwordSource(const Check &check, const QString &prefix)
{
    return {check.expect.value(prefix + QStringLiteral("password_env")),
            check.expect.value(prefix + QStringLiteral("password_keychain"))};
}

QString keychainService()
{
    return QStringLiteral("Ferry");
}

void readPassword(const PasswordSource &source, QObject *context,
                  std::function<void(const QString &, const QString &)> done)
{
    if (!source.env.isEmpty() && !source.keychain.isEmpty()) {
        done({}, QStringLiteral("both an environment variable (%1) and a keychain entry (%2) are "
                                "named for one password: keep one")
                     .arg(source.env, source.keychain));
        return;
    }
    if (!source.env.isEmpty()) {
        const QByteArray name = source.env.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(name.constData()))
            done({}, QStringLiteral("environment variable %1 is not set").arg(source.env));
        else
            done(qEnvironmentVariable(name.constData()), {});
        return;
    }
    if (source.keychain.isEmpty()) {
        done({}, {});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(keychainService());
    const QString entry = source.keychain;
    run(job, entry, context, [done, entry](QKeychain::Job *j) {
        const QString error = jobError(j, entry);
        done(error.isEmpty() ? static_cast<QKeychain::ReadPasswordJob *>(j)->textData() : QString(),
             error);
    });
}

void writeKeychainPassword(const QString &entry, const QString &password, QObject *context,
                           std::function<void(const QString &)> done)
{
    if (entry.trimmed().isEmpty()) {
        done(QStringLiteral("a keychain entry needs a name"));
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(keychainService());
    job->setTextData(password);
    run(job, entry, context, [done, entry](QKeychain::Job *j) { done(jobError(j, entry)); });
}

void deleteKeychainPassword(const QString &entry, QObject *context,
                            std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(keychainService());
    run(job, entry, context, [done, entry](QKeychain::Job *j) { done(jobError(j, entry)); });
}

namespace {

/// Runs `start(context, finish)` and waits in a local event loop until `finish` is called.
QString waitFor(const std::function<void(QObject *, std::function<void(const QString &)>)> &start)
{
    QObject context;
    QEventLoop loop;
    QString result;
    bool finished = false;
    start(&context, [&](const QString &error) {
        result = error;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

} // namespace

QString readPasswordBlocking(const PasswordSource &source, QString *password)
{
    return waitFor([&](QObject *context, std::function<void(const QString &)> finish) {
        readPassword(source, context, [&, finish](const QString &p, const QString &error) {
            *password = p;
            finish(error);
        });
    });
}

QString writeKeychainPasswordBlocking(const QString &entry, const QString &password)
{
    return waitFor([&](QObject *context, std::function<void(const QString &)> finish) {
        writeKeychainPassword(entry, password, context, finish);
    });
}

QString deleteKeychainPasswordBlocking(const QString &entry)
{
    return waitFor([&](QObject *context, std::function<void(const QString &)> finish) {
        deleteKeychainPassword(entry, context, finish);
    });
}

} // namespace Ferry
