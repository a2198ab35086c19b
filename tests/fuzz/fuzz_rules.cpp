// SPDX-License-Identifier: MIT
// libFuzzer: mapping rules (YAML). Oracle: a refusal is located and names the file.
#include "mappingrules.h"

#include <cstdio>
#include <cstdlib>

using namespace Ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MappingRules rules;
    FileError error;
    if (!rules.parse(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)),
                     QStringLiteral("rules.yaml"), &error) &&
        error.file != QLatin1String("rules.yaml")) {
        std::fprintf(stderr, "refused without naming the file: %s\n",
                     qPrintable(error.toString()));
        std::abort();
    }
    return 0;
}
