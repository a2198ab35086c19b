// SPDX-License-Identifier: MIT
// Peak memory of importing a Terraform state into the model, in its own process so nothing
// else inflates the high-water mark:  build/bench/import_peak STATE.tfstate
// Prints the peak resident set size (ru_maxrss) before and after the import, the difference,
// and that difference as a multiple of the file size (goal for issue #2: ≤ 2×).
#include "tfstateimporter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>

#include <sys/resource.h>

#include <cstdio>

namespace {

double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0; // ru_maxrss is in KiB on Linux
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        fprintf(stderr, "usage: import_peak STATE.tfstate\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    const double fileMiB = double(QFileInfo(path).size()) / (1024.0 * 1024.0);
    const double before = peakRssMiB();
    Ferry::Inventory inventory;
    Ferry::ImportReport report;
    Ferry::FileError error;
    QElapsedTimer timer;
    timer.start();
    if (!Ferry::TfStateImporter().read(path, &inventory, &report, &error)) {
        fprintf(stderr, "%s\n", qPrintable(error.toString()));
        return 1;
    }
    const qint64 ms = timer.elapsed();
    const double after = peakRssMiB();
    printf("file %.1f MiB, %zu resources, %zu dependencies, %lld ms\n", fileMiB,
           inventory.resources.size(), inventory.dependencies.size(), ms);
    printf("peak RSS %.1f MiB before, %.1f MiB after: import peak %.1f MiB = %.2f x the file\n",
           before, after, after - before, (after - before) / fileMiB);
    return 0;
}
