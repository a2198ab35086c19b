// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

class QIODevice;

namespace Ferry {

/// Walks the outer structure of a large JSON text (RFC 8259) in a bounded window, so that each
/// inner value can be handed to simdjson on its own: the Terraform state reader takes a state's
/// `resources` array element by element and never holds the whole file, nor simdjson's structural
/// index of the whole file (docs/performance.md explains why simdjson 3.0 cannot do this itself).
///
/// It finds where values begin and end — object members, array elements, the extent of a nested
/// value (strings and escapes respected) — and checks the separators between them; every value
/// it hands out or skips is checked to be JSON by JsonValidator (a value handed out with
/// Check::ByCaller is left to its taker), so a document is accepted or refused the same way
/// whichever of its values a reader takes, skips or hands to another thread. Skipping streams:
/// a skipped value of any size needs no more than the read window. Input comes from a QIODevice,
/// read in windows of at least 1 MiB that grow only as large as the largest value asked for, or
/// from bytes already in memory (no copy). Errors record a message and the byte offset they were
/// found at; lineColumn() turns an offset into a line and column.
class JsonStream
{
public:
    /// Reads `device` (open for reading) from its current position.
    explicit JsonStream(QIODevice *device);
    /// Reads `data`, which must outlive the stream.
    explicit JsonStream(const QByteArray &data);
    ~JsonStream();

    /// How nested values are scanned for their end: Auto picks AVX2 where the processor has it
    /// (with popcnt and PCLMULQDQ, checked at run time), else SSE2; the others are for tests
    /// and benchmarks, which compare them. All give the same results.
    enum class Scan {
        Auto,
        Avx2,     ///< AVX2 (as Auto, but setScan() fails where the processor lacks it)
        Portable, ///< SSE2, which every x86-64 processor has (one byte at a time elsewhere)
        Bytes,    ///< one byte at a time
    };
    /// Sets the scan of every stream, process-wide (not while streams are in use on other
    /// threads); false, leaving it as it was, when `scan` is Avx2 and the processor lacks it.
    static bool setScan(Scan scan);

    /// A value's bytes, followed by at least 64 readable bytes (SIMDJSON_PADDING), valid until
    /// the next call on the stream. `offset` is where the value starts in the input (bytes).
    struct Span
    {
        const char *data = nullptr;
        size_t size = 0;
        size_t capacity = 0; ///< readable bytes from `data`, ≥ size + 64
        qint64 offset = 0;
    };

    /// Who checks that a value handed out is JSON (JsonValidator::validate()).
    enum class Check {
        Validate, ///< value() does, before returning
        ByCaller, ///< the caller does, before or while it parses the value (on another thread)
    };

    enum class Result {
        Ok,
        TooLarge, ///< the value is larger than asked for; nothing was consumed
        Error,    ///< malformed input or a read error: see errorMessage()/errorOffset()
    };

    /// Consumes `{`. False (with an error) when the next value is not an object.
    bool enterObject();
    /// Consumes `[`. False (with an error) when the next value is not an array.
    bool enterArray();
    /// Moves to the next member of the innermost object entered: consumes the separator, the key
    /// and the colon, and sets `*key` to the key as written (escapes not decoded). Returns false
    /// at the object's end (consumed) or on an error (hasError()).
    bool nextMember(std::string *key);
    /// Moves to the next element of the innermost array entered. Returns false at the array's end
    /// (consumed) or on an error.
    bool nextElement();
    /// Consumes the next value (scalar, string, object or array) and sets `*span` to its bytes,
    /// unless it is longer than `maxBytes` (TooLarge, nothing consumed). A value that is not JSON
    /// is an Error at the offending byte, unless `check` leaves that to the caller.
    Result value(Span *span, size_t maxBytes = SIZE_MAX, Check check = Check::Validate);
    /// Consumes the next value, checking that it is JSON, in pieces of the read window (a value
    /// of any size is skipped without being held whole). `skipped`, when given, gets its size
    /// in bytes.
    bool skipValue(qint64 *skipped = nullptr);
    /// After the outermost value: true when only whitespace remains (else an error).
    bool atEnd();

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorMessage() const { return m_error; }
    qint64 errorOffset() const { return m_errorOffset; }
    /// Records an error found by the caller (e.g. simdjson inside a span) at input `offset`.
    void setError(const QString &message, qint64 offset);
    /// Bytes of input consumed so far.
    qint64 position() const { return m_base + qint64(m_pos); }
    /// Line and column (1-based, column in bytes) of input `offset`, reading the input again from
    /// its start when it is a seekable device; 0, 0 when that is impossible.
    void lineColumn(qint64 offset, int *line, int *column) const;

private:
    /// Makes at least `n` bytes available from m_pos, unless the input ends first; false then.
    bool ensure(size_t n);
    /// Skips whitespace; returns the next byte (not consumed) or 0 at the end of the input.
    char peekToken();
    bool fail(const QString &message);
    /// Length of the value starting at m_pos, or 0 when it exceeds `maxBytes` or on an error.
    size_t measure(size_t maxBytes, bool *tooLarge);
    size_t measureNested(size_t maxBytes, bool *tooLarge);

    QIODevice *m_device = nullptr;
    const char *m_data = nullptr; ///< the window (or the whole in-memory input)
    size_t m_len = 0;             ///< valid bytes in the window
    size_t m_pos = 0;             ///< read position in the window
    qint64 m_base = 0;            ///< input offset of m_data[0]
    qint64 m_deviceStart = 0;
    bool m_eof = false;
    std::unique_ptr<char[]> m_window; ///< owned window (device input), capacity + padding
    size_t m_capacity = 0;
    std::unique_ptr<char[]> m_tail; ///< padded copy of a span too close to the end of `data`
    const QByteArray *m_bytes = nullptr;
    std::vector<bool> m_first; ///< per open object/array: no member/element read yet
    QString m_error;
    qint64 m_errorOffset = 0;
};

} // namespace Ferry
