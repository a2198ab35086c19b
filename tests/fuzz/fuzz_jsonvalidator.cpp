// SPDX-License-Identifier: MIT
// libFuzzer: JsonValidator against simdjson's DOM parser, which validates fully. Oracles: the
// validator accepts exactly what simdjson accepts, except numbers simdjson cannot represent
// (NUMBER_ERROR, NUMBER_OUT_OF_RANGE: valid JSON all the same); and fed in pieces of any size it gives
// the same verdict as fed whole.
#include "jsonvalidator.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>

using namespace Ferry;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = reinterpret_cast<const char *>(data);
    size_t at = 0;
    QString message;
    const bool ours = JsonValidator::validate(text, size, &at, &message);

    static simdjson::dom::parser parser;
    const simdjson::padded_string padded(text, size);
    const simdjson::error_code theirs = parser.parse(padded).error();
    const bool simdjsonOk = theirs == simdjson::SUCCESS;
    const bool unrepresentable =
        theirs == simdjson::NUMBER_ERROR || theirs == simdjson::NUMBER_OUT_OF_RANGE;
    if (ours != simdjsonOk && !(ours && unrepresentable) && size > 0) {
        std::fprintf(stderr, "JsonValidator %s, simdjson %s\n",
                     ours ? "accepts" : qPrintable(QStringLiteral("refuses (%1 at %2)")
                                                       .arg(message)
                                                       .arg(at)),
                     simdjson::error_message(theirs));
        std::abort();
    }

    // In pieces: split at a position taken from the input itself.
    const size_t cut = size > 1 ? data[0] % size : 0;
    JsonValidator v;
    size_t consumed = 0;
    JsonValidator::Status s = v.feed(text, cut, false, &consumed);
    size_t end = consumed;
    if (s == JsonValidator::Status::NeedMore) {
        s = v.feed(text + cut, size - cut, true, &consumed);
        end = cut + consumed;
    }
    bool piecesOk = s == JsonValidator::Status::Complete;
    for (size_t i = end; piecesOk && i < size; ++i)
        piecesOk = text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t';
    if (piecesOk != ours) {
        std::fprintf(stderr, "fed in two pieces (cut at %zu): %s, whole: %s\n", cut,
                     piecesOk ? "valid" : "invalid", ours ? "valid" : "invalid");
        std::abort();
    }
    return 0;
}
