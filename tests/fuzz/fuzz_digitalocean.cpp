// SPDX-License-Identifier: MIT
// libFuzzer: DigitalOcean API bodies, JSON and YAML (aliases, nesting) (fuzzimport.h: a refusal
// names the file).
#include "digitaloceanimporter.h"
#include "fuzzimport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return Ferry::Fuzz::importOnce(Ferry::DigitalOceanImporter(), data, size, false);
}
