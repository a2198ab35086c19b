// SPDX-License-Identifier: MIT
#pragma once
// Runs the `ferry` binary while the calling thread's event loop keeps serving the servers the
// test started itself (a fake PostgreSQL server, TCP listeners): QProcess::waitForFinished()
// would block them.

#include <QEventLoop>
#include <QProcess>
#include <QTimer>

/// Runs FERRY_EXE with `args` in `environment` for at most 60 seconds; sets `*output` to its
/// standard output followed by its standard error and returns its exit code (-1 when it did
/// not start or finish).
inline int runFerryServing(const QStringList &args, const QProcessEnvironment &environment,
                           QByteArray *output)
{
    QProcess p;
    p.setProcessEnvironment(environment);
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    p.start(QStringLiteral(FERRY_EXE), args);
    if (!p.waitForStarted())
        return -1;
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    *output = p.readAllStandardOutput() + p.readAllStandardError();
    return p.state() == QProcess::NotRunning ? p.exitCode() : -1;
}
