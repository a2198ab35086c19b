// SPDX-License-Identifier: MIT
// libFuzzer: AWS CLI JSON output (describe-instances and the rest) (fuzzimport.h: a refusal names
// the file and a line).
#include "awscliimporter.h"
#include "fuzzimport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return Ferry::Fuzz::importOnce(Ferry::AwsCliImporter(), data, size, true);
}
