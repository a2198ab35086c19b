// SPDX-License-Identifier: MIT
// 200 HTTP connection checks against loopback endpoints that answer after 50–500 ms (spread
// evenly), run through CheckRunner at several concurrency bounds; prints the total time of each
// run next to the slowest single check and the sum of all latencies. Results:
// docs/performance.md. Run: build/bench/bench_checks [CHECKS]
#include "checkrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Ferry;

namespace {

/// Answers `GET /delay/N` with 200 after N milliseconds, on its own thread.
class DelayServer : public QTcpServer
{
public:
    DelayServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    const QByteArray request = s->peek(4096);
                    if (!request.contains("\r\n\r\n"))
                        return;
                    s->readAll();
                    const QByteArray path = request.split(' ').value(1);
                    const int ms = path.mid(path.lastIndexOf('/') + 1).toInt();
                    QTimer::singleShot(ms, s, [s] {
                        s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: "
                                 "close\r\n\r\nok");
                        s->disconnectFromHost();
                    });
                });
            }
        });
    }
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::max(1, atoi(argv[1])) : 200;
    // One endpoint per 4 checks: Qt's network access manager opens at most 6 connections per
    // host and port, as browsers do, so 200 checks against one port would wait on each other.
    QThread serverThread;
    QList<quint16> ports;
    for (int i = 0; i < (n + 3) / 4; ++i) {
        auto *server = new DelayServer;
        if (!server->listen(QHostAddress::LocalHost)) {
            fprintf(stderr, "cannot listen\n");
            return 1;
        }
        ports.append(server->serverPort());
        server->moveToThread(&serverThread);
        QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    }
    serverThread.start();

    QList<Check> checks;
    int slowest = 0;
    for (int i = 0; i < n; ++i) {
        const int ms = n == 1 ? 50 : 50 + i * 450 / (n - 1);
        slowest = std::max(slowest, ms);
        Check c;
        c.id = QStringLiteral("http:%1").arg(i);
        c.kind = CheckKind::Http;
        c.target = QStringLiteral("http://127.0.0.1:%1/delay/%2").arg(ports[i / 4]).arg(ms);
        c.timeoutSeconds = 30;
        checks.append(c);
    }
    printf("%d HTTP checks, injected latency 50-%d ms (sum %.1f s)\n", n, slowest,
           double(n) * (50 + slowest) / 2 / 1000);
    for (int concurrency : {16, 64, 0}) {
        QElapsedTimer t;
        t.start();
        // 0: the default settings, as a gate or Run All Checks uses them.
        const QList<CheckResult> results = concurrency == 0
                                               ? CheckRunner::runAll(checks)
                                               : CheckRunner::runAll(checks, concurrency);
        const double total = double(t.nsecsElapsed()) / 1e9;
        int passed = 0;
        double maxLatency = 0, sumLatency = 0;
        for (const CheckResult &r : results) {
            passed += r.status == CheckResult::Status::Passed;
            maxLatency = std::max(maxLatency, r.latencyMs);
            sumLatency += std::max(0.0, r.latencyMs);
        }
        printf("concurrency %7s: %d/%d passed, total %.2f s, slowest check %.0f ms, total / "
               "slowest %.2fx, sum of latencies %.1f s\n",
               concurrency == 0 ? "default" : qPrintable(QString::number(concurrency)), passed, n,
               total, maxLatency, total * 1000 / maxLatency, sumLatency / 1000);
    }
    serverThread.quit();
    serverThread.wait();
    return 0;
}
