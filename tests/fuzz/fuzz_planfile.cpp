// SPDX-License-Identifier: MIT
// libFuzzer: plan files. Oracle: a plan that opens saves to text that opens again as the same
// plan, and saving that gives the same bytes (the byte-identical round trip); a refusal is
// located.
#include "planfile.h"

#include <cstdio>
#include <cstdlib>

using namespace Ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray yaml(reinterpret_cast<const char *>(data), qsizetype(size));
    Plan plan;
    FileError error;
    if (!PlanFile::fromYaml(yaml, QStringLiteral("p.ferry.yaml"), &plan, &error)) {
        if (error.message.isEmpty()) {
            std::fprintf(stderr, "refused without a message\n");
            std::abort();
        }
        return 0;
    }
    const QByteArray saved = PlanFile::toYaml(plan);
    Plan again;
    if (!PlanFile::fromYaml(saved, QStringLiteral("saved.ferry.yaml"), &again, &error)) {
        std::fprintf(stderr, "a saved plan does not open: %s\n--- saved:\n%s\n",
                     qPrintable(error.toString()), saved.constData());
        std::abort();
    }
    if (!(again == plan) || PlanFile::toYaml(again) != saved) {
        std::fprintf(stderr, "the round trip changed the plan\n--- saved:\n%s\n",
                     saved.constData());
        std::abort();
    }
    return 0;
}
