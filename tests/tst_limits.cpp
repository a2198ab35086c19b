// SPDX-License-Identifier: MIT
// Bounded input: an alias bomb, deep nesting and bad text through every reader, each read in a
// child process under resource limits (setrlimit: CPU seconds, and address space where no
// sanitizer reserves its own), so a reader that runs away is killed and the test fails, not the
// machine. Each input must be refused with a located error (file:line:column), within a second
// of CPU and 100 MB of memory.
#include "importservice.h"
#include "mappingrules.h"
#include "planfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <cstring>

#include <sys/resource.h>

using namespace Ferry;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

/// CPU seconds a child may use: one, four under the sanitizers (which slow code 2–4×); the
/// huge-value case reads 256 MiB and gets ten times as much.
rlim_t cpuSeconds(const QString &reader, qint64 inputBytes)
{
    const rlim_t base = kSanitized ? 4 : 1;
    return inputBytes > (64 << 20) && reader == QLatin1String("tfstate") ? 10 * base : base;
}
/// Memory a read may add, in KiB (100 MB).
constexpr long kMaxGrowthKiB = 100 * 1000;

long maxRssKiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/// The child: reads `file` with `reader` under the limits, prints "refused ERROR" or
/// "accepted", then "grew KIB".
int readLimited(int argc, char **argv)
{
    const QString reader = QString::fromLocal8Bit(argv[2]);
    const QString file = QString::fromLocal8Bit(argv[3]);
    const rlim_t seconds = cpuSeconds(reader, QFileInfo(file).size());
    const rlimit cpu{seconds, seconds};
    setrlimit(RLIMIT_CPU, &cpu);
    if (!kSanitized) {
        const rlimit as{rlim_t(2) << 30, rlim_t(2) << 30};
        setrlimit(RLIMIT_AS, &as);
    }
    QCoreApplication app(argc, argv);
    const long before = maxRssKiB();
    FileError error;
    bool ok = false;
    if (reader == QLatin1String("plan")) {
        Plan plan;
        ok = PlanFile::load(file, &plan, &error);
    } else if (reader == QLatin1String("rules")) {
        QFile f(file);
        f.open(QIODevice::ReadOnly);
        MappingRules rules;
        ok = rules.parse(f.readAll(), file, &error);
    } else {
        Inventory inventory;
        ImportReport report;
        ok = ImportService::importFiles({file}, reader, &inventory, &report, &error);
    }
    const long grew = maxRssKiB() - before;
    std::printf("%s %s\ngrew %ld\n", ok ? "accepted" : "refused",
                ok ? "" : error.toString().left(300).toUtf8().constData(), grew);
    return 0;
}

QByteArray bombOfAliases(const QByteArray &key)
{
    QByteArray y = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
        y += "a" + QByteArray::number(i) + ": &a" + QByteArray::number(i) + " [";
        for (int k = 0; k < 9; ++k)
            y += (k ? ", *a" : "*a") + QByteArray::number(i - 1);
        y += "]\n";
    }
    return y + key + ": [*a9]\n";
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    /// Reads `content` with `reader` in a limited child; returns its output.
    QString readInChild(const QString &reader, const QByteArray &content)
    {
        const QString path = m_dir.filePath(QStringLiteral("input"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QString();
        f.write(content);
        f.close();
        QProcess p;
        p.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--read-limited"), reader, path});
        p.waitForFinished(120000);
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return QStringLiteral("stopped by its limits (exit %1)").arg(p.exitCode());
        return QString::fromUtf8(p.readAllStandardOutput());
    }

    void refusedWithinLimits(const QString &reader, const QByteArray &content, int line)
    {
        const QString path = m_dir.filePath(QStringLiteral("input"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        QProcess p;
        p.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--read-limited"), reader, path});
        QVERIFY(p.waitForFinished(60000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                 qPrintable(QStringLiteral("the reader was stopped by its limits (exit %1): %2")
                                .arg(p.exitCode())
                                .arg(QString::fromUtf8(p.readAllStandardError()).left(500))));
        QVERIFY2(out.startsWith(QStringLiteral("refused ") + path + u':' + QString::number(line) +
                                u':'),
                 qPrintable(out));
        const long grew = out.section(QStringLiteral("grew "), 1).trimmed().toLong();
        QVERIFY2(grew < kMaxGrowthKiB, qPrintable(QStringLiteral("%1 KiB").arg(grew)));
    }

private slots:
    /// A state holding one huge value that is never kept (a 256 MiB `user_data`) is read in a
    /// fraction of its size: the value streams past.
    void hugeValueInAState()
    {
        const QByteArray big(256 << 20, 'A');
        const QByteArray state =
            "{\"version\":4,\"terraform_version\":\"1.5.0\",\"resources\":[{\"mode\":"
            "\"managed\",\"type\":\"digitalocean_droplet\",\"name\":\"web\",\"provider\":\"p\","
            "\"instances\":[{\"attributes\":{\"id\":\"1\",\"name\":\"web-1\",\"user_data\":\"" +
            big + "\"}}]}]}";
        const QString out = readInChild(QStringLiteral("tfstate"), state);
        QVERIFY2(out.startsWith(QStringLiteral("accepted")), qPrintable(out.left(300)));
        const long grew = out.section(QStringLiteral("grew "), 1).trimmed().toLong();
        // At most twice the input, as promised; in fact a few window sizes.
        QVERIFY2(grew < 2 * long(state.size() / 1024), qPrintable(QString::number(grew)));
        QVERIFY2(grew < 100 * 1000, qPrintable(QStringLiteral("%1 KiB").arg(grew)));
    }

    void aliasBomb_data()
    {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        QTest::newRow("digitalocean YAML") << QStringLiteral("digitalocean") << bombOfAliases("droplets") << 1;
        // Plan files and rules read fixed shapes: the bomb is refused where the shape is wrong.
        QTest::newRow("plan") << QStringLiteral("plan")
                              << QByteArray("ferry_plan: 1\nname: x\n") + bombOfAliases("resources")
                              << 12; // a9, the first resource, is a list
        QTest::newRow("rules") << QStringLiteral("rules") << bombOfAliases("rules") << 10;
    }
    void aliasBomb()
    {
        QFETCH(QString, reader);
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        QVERIFY(content.size() < 600);
        refusedWithinLimits(reader, content, line);
    }

    void deepNesting_data()
    {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        const QByteArray open(100000, '['), close(100000, ']');
        QTest::newRow("digitalocean JSON")
            << QStringLiteral("digitalocean") << "{\"droplets\":" + open + close + "}" << 1;
        QTest::newRow("digitalocean YAML flow")
            << QStringLiteral("digitalocean") << "droplets: " + open + close + "\n" << 1;
        QByteArray block = "droplets:\n";
        for (int i = 0; i < 3000; ++i)
            block += QByteArray(i, ' ') + "- \n";
        QTest::newRow("digitalocean YAML block") << QStringLiteral("digitalocean") << block << 500;
        QByteArray shallow = "droplets:\n";
        for (int i = 0; i < 100; ++i)
            shallow += QByteArray(i, ' ') + "- \n";
        QTest::newRow("digitalocean YAML past 64 levels")
            << QStringLiteral("digitalocean") << shallow << 66; // the 65th level
        QTest::newRow("plan") << QStringLiteral("plan")
                              << "ferry_plan: 1\nresources: " + open + "\n"
                              << 3; // yaml-cpp's depth guard names where its scanner is: the end
        QTest::newRow("rules") << QStringLiteral("rules") << "rules: " + open + "\n" << 2;
        QTest::newRow("tfstate top level")
            << QStringLiteral("tfstate") << "{\"version\":4,\"resources\":" + open + close + "}"
            << 1;
    }
    void deepNesting()
    {
        QFETCH(QString, reader);
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        refusedWithinLimits(reader, content, line);
    }

    void badText_data()
    {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        QTest::newRow("plan, invalid UTF-8")
            << QStringLiteral("plan") << QByteArray("ferry_plan: 1\nname: \"caf\xc3 x\"\n") << 2;
        QTest::newRow("plan, overlong UTF-8")
            << QStringLiteral("plan") << QByteArray("ferry_plan: 1\n\nname: \"\xc0\xaf\"\n") << 3;
        QTest::newRow("plan, NUL")
            << QStringLiteral("plan") << QByteArray("ferry_plan: 1\nname: \"a\0b\"\n", 26) << 2;
        QTest::newRow("digitalocean YAML, surrogate")
            << QStringLiteral("digitalocean") << QByteArray("droplets:\n  - name: \"\xed\xa0\x80\"\n")
            << 2;
        QTest::newRow("rules, invalid UTF-8")
            << QStringLiteral("rules") << QByteArray("rules:\n  - source: \xff\n") << 2;
    }
    void badText()
    {
        QFETCH(QString, reader);
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        refusedWithinLimits(reader, content, line);
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && std::strcmp(argv[1], "--read-limited") == 0)
        return readLimited(argc, argv);
    QCoreApplication app(argc, argv);
    TestLimits test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_limits.moc"
