// SPDX-License-Identifier: MIT
// Import and plan-file speed on a generated 50,000-instance Terraform state (≈60 MB), next to
// the floors the goals are stated against, measured in the same run:
//   QJsonDocument::fromJson alone (import goal: ≤ 1/4 of it),
//   YAML::Load of the plan file (open goal: ≤ 1.5× it),
//   yaml-cpp's emitter on the same plan (why Ferry writes its own YAML).
// Results: docs/performance.md. Run: build/bench/bench_import [--instances N]
#include "generatestate.h"
#include "planfile.h"
#include "tfstateimporter.h"

#include <QJsonDocument>

#include <memory>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>
#include <yaml-cpp/yaml.h>

using namespace Ferry;

namespace {

int g_instances = 50000;

const QByteArray &state()
{
    static const QByteArray s = generateTerraformState(g_instances);
    return s;
}

const Plan &plan()
{
    static const Plan p = [] {
        Plan p;
        Inventory inv;
        ImportReport report;
        FileError e;
        TfStateImporter().readData(state(), QStringLiteral("bench.tfstate"), &inv, &report, &e);
        p.applyImport(std::move(inv), &report);
        p.created = QDate(2026, 1, 1);
        return p;
    }();
    return p;
}

const QByteArray &planYaml()
{
    static const QByteArray y = PlanFile::toYaml(plan());
    return y;
}

void BM_QJsonDocumentParse(benchmark::State &st)
{
    for (auto _ : st) {
        QJsonDocument d = QJsonDocument::fromJson(state());
        benchmark::DoNotOptimize(d);
    }
    st.SetBytesProcessed(int64_t(st.iterations()) * state().size());
}

/// CPU seconds used by every thread of this process so far.
double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// The import into the model; argument 0: worker threads (0 = as many as cores). Reports the
/// wall time and, as `cpu_ms_all`, the CPU time of all threads per import.
void BM_TfStateImportIntoModel(benchmark::State &st)
{
    TfStateImporter importer;
    TfStateImporter::Tuning tuning;
    tuning.threads = int(st.range(0));
    importer.setTuning(tuning);
    double cpu = 0;
    for (auto _ : st) {
        // Freeing the result is not part of the import: it happens with the timer paused.
        auto inv = std::make_unique<Inventory>();
        auto report = std::make_unique<ImportReport>();
        FileError e;
        const double before = processCpuSeconds();
        if (!importer.readData(state(), QStringLiteral("bench.tfstate"), inv.get(), report.get(),
                               &e))
            st.SkipWithError(qPrintable(e.toString()));
        cpu += processCpuSeconds() - before;
        benchmark::DoNotOptimize(inv);
        st.PauseTiming();
        inv.reset();
        report.reset();
        st.ResumeTiming();
    }
    st.counters["resources"] = double(plan().inventory.resources.size());
    st.counters["dependencies"] = double(plan().inventory.dependencies.size());
    st.counters["cpu_ms_all"] = cpu * 1000 / double(st.iterations());
    st.SetBytesProcessed(int64_t(st.iterations()) * state().size());
}

/// The goal as a ratio that survives a machine whose speed drifts (a shared VM): each iteration
/// parses the state with QJsonDocument (and frees it, as BM_QJsonDocumentParse does), then
/// imports it at once; the counters give the median and the worst of the per-iteration ratios
/// import / parse (goal: ≤ 0.25), wall times.
void BM_ImportOverParse(benchmark::State &st)
{
    TfStateImporter importer;
    std::vector<double> ratios;
    for (auto _ : st) {
        const auto t0 = std::chrono::steady_clock::now();
        {
            QJsonDocument d = QJsonDocument::fromJson(state());
            benchmark::DoNotOptimize(d);
        }
        const auto t1 = std::chrono::steady_clock::now();
        auto inv = std::make_unique<Inventory>();
        ImportReport report;
        FileError e;
        if (!importer.readData(state(), QStringLiteral("bench.tfstate"), inv.get(), &report, &e))
            st.SkipWithError(qPrintable(e.toString()));
        const auto t2 = std::chrono::steady_clock::now();
        ratios.push_back(std::chrono::duration<double>(t2 - t1).count() /
                         std::chrono::duration<double>(t1 - t0).count());
        st.PauseTiming();
        inv.reset();
        st.ResumeTiming();
    }
    std::sort(ratios.begin(), ratios.end());
    st.counters["ratio_median"] = ratios[ratios.size() / 2];
    st.counters["ratio_worst"] = ratios.back();
}

void BM_PlanWrite(benchmark::State &st)
{
    for (auto _ : st)
        benchmark::DoNotOptimize(PlanFile::toYaml(plan()));
    st.counters["plan_bytes"] = double(planYaml().size());
}

void BM_YamlCppEmitPlan(benchmark::State &st)
{
    // The same plan through yaml-cpp's emitter (resources only, same fields).
    for (auto _ : st) {
        YAML::Emitter out;
        out << YAML::BeginMap << YAML::Key << "resources" << YAML::Value << YAML::BeginSeq;
        for (const auto &[id, r] : plan().inventory.resources) {
            out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << r.id.toStdString()
                << YAML::Key << "type" << YAML::Value << r.type.toStdString() << YAML::Key << "name"
                << YAML::Value << r.name.toStdString();
            out << YAML::Key << "attributes" << YAML::Value << YAML::BeginMap;
            for (auto it = r.attributes.cbegin(); it != r.attributes.cend(); ++it)
                out << YAML::Key << it.key().toStdString() << YAML::Value
                    << it.value().toStdString();
            out << YAML::EndMap << YAML::EndMap;
        }
        out << YAML::EndSeq << YAML::EndMap;
        benchmark::DoNotOptimize(out.c_str());
    }
}

void BM_YamlCppLoadPlan(benchmark::State &st)
{
    const std::string text = planYaml().toStdString();
    for (auto _ : st)
        benchmark::DoNotOptimize(YAML::Load(text));
}

void BM_PlanOpen(benchmark::State &st)
{
    for (auto _ : st) {
        Plan p;
        FileError e;
        if (!PlanFile::fromYaml(planYaml(), QStringLiteral("bench.ferry.yaml"), &p, &e))
            st.SkipWithError(qPrintable(e.toString()));
        benchmark::DoNotOptimize(p);
    }
}

} // namespace

BENCHMARK(BM_QJsonDocumentParse)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_TfStateImportIntoModel)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0)
    ->UseRealTime();
BENCHMARK(BM_ImportOverParse)->Unit(benchmark::kMillisecond)->MinTime(6.0)->UseRealTime();
BENCHMARK(BM_PlanWrite)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_YamlCppEmitPlan)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_YamlCppLoadPlan)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_PlanOpen)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (qstrcmp(argv[i], "--instances") == 0)
            g_instances = atoi(argv[i + 1]);
    benchmark::Initialize(&argc, argv);
    fprintf(stderr, "state: %d instances, %.1f MB; plan file: %.1f MB\n", g_instances,
            state().size() / 1e6, planYaml().size() / 1e6);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
