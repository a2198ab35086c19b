// SPDX-License-Identifier: MIT
// libFuzzer: Heroku app.json manifests (fuzzimport.h: a refusal names the file and a line).
#include "fuzzimport.h"
#include "herokuimporter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return Ferry::Fuzz::importOnce(Ferry::HerokuImporter(), data, size, true);
}
