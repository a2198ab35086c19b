// SPDX-License-Identifier: MIT
// The ferry executable: a subcommand runs headless, anything else opens the planner.
#include "commandline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
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
    // ferry [PLAN] [--run NAME]: the planner, on the Runbook view of run NAME when given.
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ferry, a planner for cloud migrations."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("PLAN"), QStringLiteral("Plan file to open."));
    const QCommandLineOption run(QStringLiteral("run"),
                                 QStringLiteral("Open the Runbook view on run NAME of PLAN."),
                                 QStringLiteral("NAME"));
    parser.addOption(run);
    parser.process(app);
    Ferry::MainWindow window;
    const QStringList args = parser.positionalArguments();
    bool opened = false;
    if (!args.isEmpty())
        opened = window.openFile(args.first());
    window.show();
    if (parser.isSet(run) && opened)
        window.showRun(parser.value(run));
    if (qEnvironmentVariableIsSet("FERRY_SCREENSHOT")) {
        // For docs and CI: grab the window once laid out, then quit.
        QTimer::singleShot(1500, &window, [&window] {
            window.grab().save(qEnvironmentVariable("FERRY_SCREENSHOT"));
            QApplication::quit();
        });
    }
    return app.exec();
}
