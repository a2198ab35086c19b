// SPDX-License-Identifier: MIT
// The ferry executable: a subcommand runs headless, anything else opens the planner.
#include "commandline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <QTimer>

int main(int argc, char *argv[])
{
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    // A subcommand, or a first argument that is neither an option nor a plan file (an unknown
    // subcommand): run headless, which prints usage and exits 2 for the latter.
    if (argc > 1 && (Ferry::CommandLine::isSubcommand(first) ||
                     (!first.startsWith(u'-') && !QFile::exists(first) &&
                      !first.endsWith(QLatin1String(".yaml"))))) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("ferry"));
        return Ferry::CommandLine::run(QCoreApplication::arguments());
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Ferry"));
    QApplication::setApplicationName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));
    Ferry::MainWindow window;
    const QStringList args = QApplication::arguments();
    if (args.size() > 1)
        window.openFile(args.at(1));
    window.show();
    if (qEnvironmentVariableIsSet("FERRY_SCREENSHOT")) {
        // For docs and CI: grab the window once laid out, then quit.
        QTimer::singleShot(1500, &window, [&window] {
            window.grab().save(qEnvironmentVariable("FERRY_SCREENSHOT"));
            QApplication::quit();
        });
    }
    return app.exec();
}
