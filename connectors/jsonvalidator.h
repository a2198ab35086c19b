// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace Ferry {

/// Checks that bytes are exactly one JSON value (RFC 8259): the grammar of objects, arrays,
/// strings (escapes `\" \\ \/ \b \f \n \r \t \uXXXX`, surrogates escaped only in pairs, no
/// raw control character), numbers (no
/// leading zero, no `+`, digits after `.` and `e`) and literals, well-formed UTF-8 (RFC 3629,
/// as simdjson checks it: no overlong forms, surrogates or code points past U+10FFFF), and
/// nesting at most maxDepth() deep (1,024, simdjson's default, counting a scalar as a level as
/// simdjson does). Where RFC 8259 leaves a choice (lone surrogates, depth) it refuses what
/// simdjson refuses, so that a state the validator passes is one the importers can read.
///
/// It is incremental: feed() takes the bytes in pieces of any size and keeps nothing of them,
/// so a value of any size is checked in the memory of a read window. JsonStream runs it over
/// every byte it skips and every value it hands out (or leaves it to the taker, as the
/// Terraform state reader's worker threads do), so that a document is accepted or refused the
/// same way whatever path through the reader its parts take.
class JsonValidator
{
public:
    enum class Status {
        NeedMore, ///< every byte fed was consumed; the value is not complete yet
        Complete, ///< the value ended: `*consumed` bytes of this piece belong to it
        Invalid,  ///< not JSON: `*consumed` is the offset of the offending byte in this piece
    };

    static constexpr int maxDepth() { return 1024; }

    /// Feeds the next `n` bytes; `atEnd` when no input follows them (a number then ends the
    /// value). Whitespace before the value is skipped; after Complete, nothing more is fed.
    Status feed(const char *data, size_t n, bool atEnd, size_t *consumed);

    /// Why the value is invalid (after Invalid).
    QString error() const { return m_error; }

    /// Checks that `data` holds exactly one JSON value, with optional whitespace around it.
    /// False with `errorAt` (byte offset) and `error` set otherwise.
    static bool validate(const char *data, size_t n, size_t *errorAt, QString *error);

private:
    enum class State : uint8_t {
        Value,         ///< expecting a value
        FirstKeyOrEnd, ///< just after `{`
        Key,           ///< after `,` in an object
        Colon,
        ObjectNext,      ///< after a member's value: `,` or `}`
        FirstValueOrEnd, ///< just after `[`
        ArrayNext,       ///< after an element: `,` or `]`
        String,
        Escape,
        Unicode, ///< in `\uXXXX`, m_count hex digits still to come
        Utf8,    ///< in a multi-byte UTF-8 sequence, m_count continuation bytes to come
        Literal, ///< in `true`, `false` or `null`
        Minus,
        Zero,
        Integer,
        Dot,
        Fraction,
        Exponent,
        ExponentSign,
        ExponentDigits,
        Done,
    };

    bool invalid(const QString &message);
    static QString tooDeep();
    /// After a value ends: the container's next state, or Done.
    void valueEnded();

    State m_state = State::Value;
    bool m_key = false;           ///< the string being read is a member name
    int m_count = 0;              ///< Unicode digits or UTF-8 continuation bytes left
    uint16_t m_unit = 0;          ///< the UTF-16 code unit of the `\uXXXX` being read
    bool m_highSurrogate = false; ///< the last escape was a high surrogate: a low one must follow
    unsigned char m_low = 0x80;   ///< allowed range of the next UTF-8 continuation byte
    unsigned char m_high = 0xBF;
    const char *m_literal = nullptr; ///< the rest of the literal being matched
    std::vector<bool> m_objects;     ///< per open container: true for an object
    QString m_error;
};

} // namespace Ferry
