// SPDX-License-Identifier: MIT
// libFuzzer: Terraform states. Oracle: reading in memory and reading every block instance by
// instance (the path a block over 16 MiB takes) accept and refuse the same documents, with the
// same resources (#12: the verdict must not depend on the path).
#include "tfstateimporter.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

using namespace Ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    TfStateImporter inMemory, blockwise;
    inMemory.setTuning({.largeBlockBytes = size_t(16) << 20, .batchBytes = size_t(1) << 20,
                        .threads = 1});
    blockwise.setTuning({.largeBlockBytes = 1, .batchBytes = size_t(1) << 20, .threads = 1});
    Inventory a, b;
    ImportReport ra, rb;
    FileError ea, eb;
    const bool okA = inMemory.readData(bytes, QStringLiteral("f.tfstate"), &a, &ra, &ea);
    const bool okB = blockwise.readData(bytes, QStringLiteral("f.tfstate"), &b, &rb, &eb);
    if (okA != okB) {
        std::fprintf(stderr, "verdicts differ: in memory %s, blockwise %s\n",
                     qPrintable(okA ? QStringLiteral("accepted") : ea.toString()),
                     qPrintable(okB ? QStringLiteral("accepted") : eb.toString()));
        std::abort();
    }
    if (okA && a.resources.size() != b.resources.size()) {
        std::fprintf(stderr, "resources differ: %zu vs %zu\n", a.resources.size(),
                     b.resources.size());
        std::abort();
    }
    if (!okA && (ea.line < 1 || ea.message.isEmpty())) {
        std::fprintf(stderr, "refused without a location: %s\n", qPrintable(ea.toString()));
        std::abort();
    }
    return 0;
}
