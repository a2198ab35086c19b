// SPDX-License-Identifier: MIT
// Runbook speed (issue #13), against the goals of docs/performance.md:
//   generation and schedule of the runbook of a 50,000-resource plan: ≤ 1 s together;
//   an action recorded durably in the run journal (from append() to its commit returned):
//   median ≤ 5 ms on SQLite, ≤ 20 ms on a local PostgreSQL (FERRY_BENCH_PG=postgresql://…);
//   the Terraform of that plan, mapped onto AWS by the mapping rules (issue #14): ≤ 3 s.
// Run: build/bench/bench_runbook [--benchmark_repetitions=5]
#include "generatestate.h"
#include "mappingrules.h"
#include "runbookgenerator.h"
#include "runbookschedule.h"
#include "runjournal.h"
#include "runprogress.h"
#include "terraformexport.h"
#include "tfstateimporter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlDriver>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <memory>

using namespace Ferry;

namespace {

/// The 50,000-instance state of bench_import, every resource mapped into one of the four
/// accounts, to its own type, in waves 1–3.
const Plan &bigPlan()
{
    static const Plan p = [] {
        Plan p;
        Inventory inv;
        ImportReport report;
        FileError e;
        TfStateImporter().readData(generateTerraformState(50000), QStringLiteral("bench.tfstate"),
                                   &inv, &report, &e);
        p.applyImport(std::move(inv), &report);
        int i = 0;
        for (const auto &[id, r] : p.inventory.resources) {
            Mapping m;
            m.resourceId = id;
            m.accountId = p.organization.accounts.at(i % p.organization.accounts.size()).id;
            m.targetService = r.type;
            m.wave = 1 + i % 3;
            p.setMapping(m);
            ++i;
        }
        return p;
    }();
    return p;
}

/// What the Runbook view waits for on a 50,000-resource plan: the runbook generated (with a
/// saved runbook of its own, merged), then scheduled. Freeing them is timed apart (BM_Free50k):
/// the view frees the runbook it showed before on a pool thread.
void BM_GenerateAndSchedule50k(benchmark::State &st)
{
    const Plan &p = bigPlan();
    size_t steps = 0;
    double generateMs = 0, scheduleMs = 0;
    for (auto _ : st) {
        QElapsedTimer timer;
        timer.start();
        auto rb = std::make_unique<Runbook>(RunbookGenerator::forPlan(p));
        generateMs += double(timer.nsecsElapsed()) / 1e6;
        timer.restart();
        auto schedule = std::make_unique<RunbookSchedule>(RunbookSchedule::of(*rb));
        scheduleMs += double(timer.nsecsElapsed()) / 1e6;
        steps = rb->steps.size();
        benchmark::DoNotOptimize(schedule->windows().size());
        st.counters["problems"] = double(schedule->problems().size());
        st.PauseTiming();
        rb.reset();
        schedule.reset();
        st.ResumeTiming();
    }
    st.counters["resources"] = double(p.mappings.size());
    st.counters["steps"] = double(steps);
    st.counters["generate_ms"] = generateMs / double(st.iterations());
    st.counters["schedule_ms"] = scheduleMs / double(st.iterations());
}
/// What `ferry export terraform` and File → Export → Terraform wait for before writing: the
/// files of the 50,000-resource plan, every resource mapped onto the AWS service the mapping
/// rules suggest (landing zones, references, sizes, four account folders).
void BM_TerraformExport50k(benchmark::State &st)
{
    static const Plan p = [] {
        Plan aws = bigPlan();
        for (auto &[id, m] : aws.mappings)
            m.targetService = MappingRules::builtIn().suggest(*aws.resource(id)).service;
        return aws;
    }();
    size_t bytes = 0, files = 0;
    for (auto _ : st) {
        const QMap<QString, QString> out = TerraformExport::generate(p);
        files = out.size();
        bytes = 0;
        for (const QString &text : out)
            bytes += size_t(text.size());
        benchmark::DoNotOptimize(bytes);
    }
    st.counters["files"] = double(files);
    st.counters["mb"] = double(bytes) / 1e6;
}
BENCHMARK(BM_TerraformExport50k)->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK(BM_GenerateAndSchedule50k)->Unit(benchmark::kMillisecond)->Iterations(5);

/// The same for a plan whose runbook was saved (every step in the plan file): regenerating
/// merges the fresh generation into it.
void BM_RegenerateSaved50k(benchmark::State &st)
{
    static const Plan saved = [] {
        Plan p = bigPlan();
        p.runbook = RunbookGenerator::generate(p);
        return p;
    }();
    for (auto _ : st) {
        auto rb = std::make_unique<Runbook>(RunbookGenerator::forPlan(saved));
        benchmark::DoNotOptimize(rb->steps.size());
        st.PauseTiming();
        rb.reset();
        st.ResumeTiming();
    }
}
BENCHMARK(BM_RegenerateSaved50k)->Unit(benchmark::kMillisecond)->Iterations(3);

/// The halves of the goal apart: the generation alone, the schedule of its runbook alone, and
/// freeing a runbook of that size (not part of the goal: off the GUI thread).
void BM_Generate50k(benchmark::State &st)
{
    const Plan &p = bigPlan();
    for (auto _ : st) {
        auto rb = std::make_unique<Runbook>(RunbookGenerator::generate(p));
        benchmark::DoNotOptimize(rb->steps.size());
        st.PauseTiming();
        rb.reset();
        st.ResumeTiming();
    }
}
BENCHMARK(BM_Generate50k)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_Free50k(benchmark::State &st)
{
    const Plan &p = bigPlan();
    for (auto _ : st) {
        st.PauseTiming();
        auto rb = std::make_unique<Runbook>(RunbookGenerator::generate(p));
        st.ResumeTiming();
        rb.reset();
    }
}
BENCHMARK(BM_Free50k)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Schedule50k(benchmark::State &st)
{
    static const Runbook rb = RunbookGenerator::generate(bigPlan());
    for (auto _ : st) {
        const RunbookSchedule schedule = RunbookSchedule::of(rb);
        benchmark::DoNotOptimize(schedule.windows().size());
    }
}
BENCHMARK(BM_Schedule50k)->Unit(benchmark::kMillisecond)->Iterations(5);

/// One operator action on the 50,000-resource run: a step started and done (check() and
/// apply(), as the journal does for each event), the run's state kept incrementally.
void BM_ActionOn50kRun(benchmark::State &st)
{
    static const Runbook rb = RunbookGenerator::generate(bigPlan());
    RunEvent started;
    started.run = QStringLiteral("bench");
    started.action = RunAction::RunStarted;
    QElapsedTimer timer;
    timer.start();
    RunProgress progress = RunProgress::replay(rb, {started});
    // What each event cost before apply() was incremental: every step worked out again.
    st.counters["replay_ms"] = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    RunProgress again = progress;
    again.recomputeAll();
    st.counters["recompute_all_ms"] = double(timer.nsecsElapsed()) / 1e6;
    QStringList ready = progress.ready();
    qsizetype next = 0;
    qint64 sequence = 1;
    for (auto _ : st) {
        if (next == ready.size()) {
            st.PauseTiming();
            ready = progress.ready();
            next = 0;
            st.ResumeTiming();
            if (ready.isEmpty()) {
                st.SkipWithError("no step ready");
                return;
            }
        }
        const QString id = ready[next++];
        for (RunAction action : {RunAction::Start, RunAction::Done}) {
            RunEvent e;
            e.run = started.run;
            e.sequence = ++sequence;
            e.action = action;
            e.step = id;
            if (progress.check(e).isEmpty())
                progress.apply(e);
        }
    }
    st.counters["steps"] = double(rb.steps.size());
}
BENCHMARK(BM_ActionOn50kRun)->Unit(benchmark::kMicrosecond)->Iterations(2000);

/// A runbook of the size a team runs: the example's 150-odd steps stand-in, 200 steps.
const Runbook &teamRunbook()
{
    static const Runbook rb = [] {
        Runbook r;
        for (int i = 0; i < 200; ++i) {
            RunbookStep s;
            s.id = QStringLiteral("cutover/step/%1").arg(i, 3, 10, QLatin1Char('0'));
            s.title = s.id;
            r.steps.emplace(s.id, s);
        }
        return r;
    }();
    return rb;
}

void appendNotes(benchmark::State &st, const QString &location)
{
    RunJournal journal;
    QString error;
    if (!journal.open(location, &error)) {
        st.SkipWithError(qPrintable(error));
        return;
    }
    const QString run = QStringLiteral("bench %1").arg(QDateTime::currentMSecsSinceEpoch());
    journal.startRun(QStringLiteral("bench"), run, true, QStringLiteral("bench@host"), &error);
    int i = 0;
    for (auto _ : st) {
        RunEvent e;
        e.run = run;
        e.actor = QStringLiteral("bench@host");
        // Alternate real actions and notes, as an operator does.
        const QString step =
            QStringLiteral("cutover/step/%1").arg(i / 2 % 200, 3, 10, QLatin1Char('0'));
        e.step = step;
        e.action = i < 400 ? (i % 2 == 0 ? RunAction::Start : RunAction::Done) : RunAction::Note;
        e.note = QStringLiteral("note %1").arg(i);
        if (journal.append(teamRunbook(), &e, &error) != RunJournal::Append::Appended) {
            st.SkipWithError(qPrintable(error));
            return;
        }
        ++i;
    }
}

void BM_JournalAppendSqlite(benchmark::State &st)
{
    QTemporaryDir dir;
    appendNotes(st, dir.filePath(QStringLiteral("bench.sqlite")));
}
BENCHMARK(BM_JournalAppendSqlite)->Unit(benchmark::kMillisecond)->Iterations(1000);

void BM_JournalAppendPostgres(benchmark::State &st)
{
    const QString uri = qEnvironmentVariable("FERRY_BENCH_PG");
    if (uri.isEmpty()) {
        st.SkipWithError("set FERRY_BENCH_PG=postgresql://user@127.0.0.1:PORT/DB");
        return;
    }
    appendNotes(st, uri);
}
BENCHMARK(BM_JournalAppendPostgres)->Unit(benchmark::kMillisecond)->Iterations(1000);

/// One operator's action in another's view over PostgreSQL: operator A appends; operator B's
/// journal (another connection, subscribed) receives the notification and reads the new event,
/// as the Runbook view does. Each iteration is that whole way, so its mean is the delay a second
/// operator sees (their view's repaint aside: milliseconds).
void BM_OtherOperatorSeesPostgres(benchmark::State &st)
{
    const QString uri = qEnvironmentVariable("FERRY_BENCH_PG");
    if (uri.isEmpty()) {
        st.SkipWithError("set FERRY_BENCH_PG=postgresql://user@127.0.0.1:PORT/DB");
        return;
    }
    RunJournal a, b;
    QString error;
    if (!a.open(uri, &error) || !b.open(uri, &error) || !b.subscribe(&error)) {
        st.SkipWithError(qPrintable(error));
        return;
    }
    const QString run = QStringLiteral("seen %1").arg(QDateTime::currentMSecsSinceEpoch());
    a.startRun(QStringLiteral("bench"), run, true, QStringLiteral("ana@host"), &error);
    qint64 seen = b.head(run, &error);
    bool notified = false;
    QObject::connect(b.driver(), &QSqlDriver::notification, b.driver(),
                     [&](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                         if (payload.toString() == run)
                             notified = true;
                     });
    QElapsedTimer waited;
    for (auto _ : st) {
        RunEvent e;
        e.run = run;
        e.actor = QStringLiteral("ana@host");
        e.action = RunAction::Note;
        e.note = QStringLiteral("seen?");
        notified = false;
        if (a.append(teamRunbook(), &e, &error) != RunJournal::Append::Appended) {
            st.SkipWithError(qPrintable(error));
            return;
        }
        waited.start();
        while (!notified && waited.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        const QList<RunEvent> more = b.eventsAfter(run, seen, &error);
        if (!notified || more.isEmpty()) {
            st.SkipWithError("the other operator was not told within 5 s");
            return;
        }
        seen = more.last().sequence;
    }
}
BENCHMARK(BM_OtherOperatorSeesPostgres)->Unit(benchmark::kMillisecond)->Iterations(200);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
