// SPDX-License-Identifier: MIT
#include "jsonstream.h"

#include "fileerror.h"
#include "jsonvalidator.h"

#include <QIODevice>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace Ferry {

namespace {

constexpr size_t kPadding = 64;            // SIMDJSON_PADDING
constexpr size_t kMinWindow = 1024 * 1024; // first window: 1 MiB
constexpr qint64 kReadChunk = 1024 * 1024; // bytes per device read

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/// Nesting state of the scan of a nested value, carried from one block to the next.
struct ScanState
{
    int64_t depth = 0;
    bool inString = false;
    bool escape = false; ///< the previous byte was a backslash inside a string
};

/// Scans `n` bytes one at a time; returns the index just past the byte that closes the value,
/// or SIZE_MAX when it does not close within them.
size_t scanBytes(const char *p, size_t n, ScanState &s)
{
    for (size_t i = 0; i < n; ++i) {
        const char c = p[i];
        if (s.inString) {
            if (s.escape)
                s.escape = false;
            else if (c == '\\')
                s.escape = true;
            else if (c == '"')
                s.inString = false;
        } else if (c == '"') {
            s.inString = true;
        } else if (c == '{' || c == '[') {
            ++s.depth;
        } else if (c == '}' || c == ']') {
            if (--s.depth == 0)
                return i + 1;
        }
    }
    return SIZE_MAX;
}

/// Bits of the bytes of a 64-byte block that a backslash escapes, given the block's
/// backslashes (bit i for byte i). `carry` says whether the block's first byte is escaped (the
/// previous block ended in an odd run of backslashes) and is set for the next block. A byte is
/// escaped when the run of backslashes before it has odd length: a run's length is odd when it
/// starts on an even bit and ends on an odd one or the other way round, and adding a run's start
/// bit to it carries to the bit after its end — the technique of simdjson's stage 1 (Langdale and
/// Lemire, "Parsing Gigabytes of JSON per Second", 2019).
inline uint64_t escapedBytes(uint64_t backslash, uint64_t &carry)
{
    constexpr uint64_t even = 0x5555555555555555;
    const uint64_t first = carry;
    const uint64_t bs = backslash & ~first; // an escaped backslash escapes nothing
    if (bs == 0) {
        carry = 0;
        return first;
    }
    const uint64_t starts = bs & ~(bs << 1);
    // A run from an even bit that reaches the block's end has even length: its carry is lost.
    const uint64_t evenEnds = (bs + (starts & even)) & ~bs;
    uint64_t oddSum = 0;
    carry = __builtin_add_overflow(bs, starts & ~even, &oddSum) ? 1 : 0;
    const uint64_t oddEnds = oddSum & ~bs;
    return first | (evenEnds & ~even) | (oddEnds & even);
}

/// Set bits in x. Without -mpopcnt (Debian builds for baseline x86-64) std::popcount is a library
/// call, slower than this loop on the sparse bracket masks of a block; where the caller has
/// popcnt (the AVX2 scan) GCC turns the loop into that instruction.
inline int sparsePopcount(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        ++n;
    return n;
}

/// Applies a block's opening and closing brackets (outside strings) to the depth; returns the
/// index just past the bracket that closes the value (1 to 64), or 0 when it stays open.
inline __attribute__((always_inline)) unsigned closeIn(uint64_t open, uint64_t close, ScanState &s)
{
    const int closes = sparsePopcount(close);
    if (s.depth > closes) { // cannot return to depth 0 within this block
        s.depth += sparsePopcount(open) - closes;
        return 0;
    }
    for (uint64_t m = open | close; m; m &= m - 1) {
        const int bit = std::countr_zero(m);
        if (open >> bit & 1) {
            ++s.depth;
        } else if (--s.depth == 0) {
            return unsigned(bit) + 1;
        }
    }
    return 0;
}

/// After the 64-byte blocks of a scan that ended at `i` without closing the value: stores the
/// carries into `s` and scans the remaining bytes one at a time (scan()'s result).
inline size_t scanTail(const char *p, size_t i, size_t n, uint64_t carry, uint64_t inString,
                       ScanState &s)
{
    s.escape = carry != 0;
    s.inString = inString != 0;
    const size_t end = scanBytes(p + i, n - i, s);
    return end == SIZE_MAX ? SIZE_MAX : i + end;
}

#if defined(__SSE2__)
/// Bit i set where p[i] == c, for 64 bytes.
inline uint64_t eqMask(__m128i a, __m128i b, __m128i c, __m128i d, char ch)
{
    const __m128i v = _mm_set1_epi8(ch);
    return uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(a, v)))) |
           uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(b, v)))) << 16 |
           uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(c, v)))) << 32 |
           uint64_t(uint16_t(_mm_movemask_epi8(_mm_cmpeq_epi8(d, v)))) << 48;
}

/// Bit i set when an odd number of bits at or below i are set in x.
inline uint64_t prefixXor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

/// scan() with SSE2, which every x86-64 processor has: 64 bytes at a time as four 16-byte
/// vectors.
size_t scanSse2(const char *p, size_t n, ScanState &s)
{
    size_t i = 0;
    uint64_t carry = s.escape, inString = s.inString ? ~uint64_t(0) : 0;
    for (; i + 64 <= n; i += 64) {
        const char *b = p + i;
        const __m128i x0 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b));
        const __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + 16));
        const __m128i x2 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + 32));
        const __m128i x3 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + 48));
        const uint64_t escaped = escapedBytes(eqMask(x0, x1, x2, x3, '\\'), carry);
        const uint64_t inside = prefixXor(eqMask(x0, x1, x2, x3, '"') & ~escaped) ^ inString;
        inString = uint64_t(int64_t(inside) >> 63);
        // '{' and '[' differ from '}' and ']' only in bit 0x20 of the byte.
        const __m128i k = _mm_set1_epi8(0x20);
        const __m128i l0 = _mm_or_si128(x0, k), l1 = _mm_or_si128(x1, k), l2 = _mm_or_si128(x2, k),
                      l3 = _mm_or_si128(x3, k);
        const unsigned end = closeIn(eqMask(l0, l1, l2, l3, '{') & ~inside,
                                     eqMask(l0, l1, l2, l3, '}') & ~inside, s);
        if (end != 0)
            return i + end;
    }
    return scanTail(p, i, n, carry, inString, s);
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#define FERRY_SCAN_AVX2 1
/// Bit i set where byte i of the 64 bytes (a, b) equals the bytes of c.
__attribute__((target("avx2"), always_inline)) inline uint64_t eqMask(__m256i a, __m256i b,
                                                                      __m256i c)
{
    return uint64_t(uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, c)))) |
           uint64_t(uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, c)))) << 32;
}

/// scan() with AVX2 (two 32-byte vectors per block), the prefix XOR of the quotes as one
/// carry-less multiplication and popcnt, for processors that have them (checked at run time, as
/// simdjson itself does).
__attribute__((target("avx2,popcnt,pclmul"))) size_t scanAvx2(const char *p, size_t n, ScanState &s)
{
    size_t i = 0;
    uint64_t carry = s.escape, inString = s.inString ? ~uint64_t(0) : 0;
    const __m256i backslashes = _mm256_set1_epi8('\\'), quotes = _mm256_set1_epi8('"'),
                  k = _mm256_set1_epi8(0x20), opens = _mm256_set1_epi8('{'),
                  closes = _mm256_set1_epi8('}');
    const __m128i ones = _mm_set1_epi8(char(0xFF));
    for (; i + 64 <= n; i += 64) {
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + i));
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + i + 32));
        const uint64_t escaped = escapedBytes(eqMask(a, b, backslashes), carry);
        const uint64_t quote = eqMask(a, b, quotes) & ~escaped;
        const uint64_t inside = uint64_t(_mm_cvtsi128_si64(_mm_clmulepi64_si128(
                                    _mm_cvtsi64_si128(int64_t(quote)), ones, 0))) ^
                                inString;
        inString = uint64_t(int64_t(inside) >> 63);
        const __m256i la = _mm256_or_si256(a, k), lb = _mm256_or_si256(b, k);
        const unsigned end =
            closeIn(eqMask(la, lb, opens) & ~inside, eqMask(la, lb, closes) & ~inside, s);
        if (end != 0)
            return i + end;
    }
    return scanTail(p, i, n, carry, inString, s);
}
#endif

std::atomic<JsonStream::Scan> g_scan{JsonStream::Scan::Auto}; ///< set by JsonStream::setScan()

bool avx2Usable()
{
#ifdef FERRY_SCAN_AVX2
    static const bool usable = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
                               __builtin_cpu_supports("pclmul");
    return usable;
#else
    return false;
#endif
}

/// Finds the end of the nested value whose scan state is `s`, in `n` bytes at `p`: 64 bytes at a
/// time (quotes, backslashes and brackets as bit masks, strings as the prefix XOR of the
/// unescaped quotes, the technique of simdjson's stage 1), with AVX2 where the processor has it,
/// else SSE2, else one byte at a time.
size_t scan(const char *p, size_t n, ScanState &s)
{
    [[maybe_unused]] const JsonStream::Scan chosen = g_scan.load(std::memory_order_relaxed);
#ifdef FERRY_SCAN_AVX2
    if (chosen == JsonStream::Scan::Auto && avx2Usable())
        return scanAvx2(p, n, s);
#endif
#if defined(__SSE2__)
    if (chosen != JsonStream::Scan::Bytes)
        return scanSse2(p, n, s);
#endif
    return scanBytes(p, n, s);
}

} // namespace

bool JsonStream::setScan(Scan scan)
{
    if (scan == Scan::Avx2 && !avx2Usable())
        return false;
#if !defined(__SSE2__)
    if (scan == Scan::Portable)
        scan = Scan::Bytes;
#endif
    g_scan.store(scan == Scan::Avx2 ? Scan::Auto : scan, std::memory_order_relaxed);
    return true;
}

JsonStream::JsonStream(QIODevice *device)
    : m_device(device)
{
    m_deviceStart = device->pos();
}

JsonStream::JsonStream(const QByteArray &data)
    : m_data(data.constData())
    , m_len(size_t(data.size()))
    , m_eof(true)
    , m_bytes(&data)
{}

JsonStream::~JsonStream() = default;

bool JsonStream::fail(const QString &message)
{
    if (m_error.isEmpty())
        setError(message, position());
    return false;
}

void JsonStream::setError(const QString &message, qint64 offset)
{
    m_error = message;
    m_errorOffset = offset;
}

bool JsonStream::ensure(size_t n)
{
    if (m_len - m_pos >= n)
        return true;
    if (!m_device || m_eof)
        return false;
    while (m_len - m_pos < n && !m_eof) {
        // Move what is left to the front, grow the window when the value does not fit.
        const size_t keep = m_len - m_pos;
        const size_t want = std::max({kMinWindow, n, keep + size_t(kReadChunk)});
        if (want > m_capacity) {
            const size_t capacity = std::max(want, m_capacity * 2);
            std::unique_ptr<char[]> grown(new char[capacity + kPadding]());
            if (keep)
                std::memcpy(grown.get(), m_data + m_pos, keep);
            m_window = std::move(grown);
            m_capacity = capacity;
        } else if (m_pos > 0 && keep) {
            std::memmove(m_window.get(), m_data + m_pos, keep);
        }
        m_data = m_window.get();
        m_base += qint64(m_pos);
        m_pos = 0;
        m_len = keep;
        const qint64 got = m_device->read(
            m_window.get() + m_len, qint64(std::min(m_capacity - m_len, size_t(kReadChunk) * 8)));
        if (got < 0) {
            fail(m_device->errorString());
            m_eof = true;
            return false;
        }
        if (got == 0)
            m_eof = true;
        m_len += size_t(got);
        std::memset(m_window.get() + m_len, 0, std::min(kPadding, m_capacity + kPadding - m_len));
    }
    return m_len - m_pos >= n;
}

char JsonStream::peekToken()
{
    for (;;) {
        while (m_pos < m_len && isSpace(m_data[m_pos]))
            ++m_pos;
        if (m_pos < m_len)
            return m_data[m_pos];
        if (!ensure(1))
            return 0;
    }
}

bool JsonStream::enterObject()
{
    if (peekToken() != '{')
        return fail(QStringLiteral("expected an object"));
    ++m_pos;
    m_first.push_back(true);
    return true;
}

bool JsonStream::enterArray()
{
    if (peekToken() != '[')
        return fail(QStringLiteral("expected an array"));
    ++m_pos;
    m_first.push_back(true);
    return true;
}

bool JsonStream::nextMember(std::string *key)
{
    if (hasError() || m_first.empty())
        return false;
    char c = peekToken();
    if (c == '}') {
        ++m_pos;
        m_first.pop_back();
        return false;
    }
    if (!m_first.back()) {
        if (c != ',')
            return fail(QStringLiteral("expected ',' or '}'"));
        ++m_pos;
        c = peekToken();
    }
    if (c != '"')
        return fail(QStringLiteral("expected a member name"));
    m_first.back() = false;
    Span s;
    if (value(&s, 64 * 1024) != Result::Ok)
        return fail(QStringLiteral("member name too long"));
    key->assign(s.data + 1, s.size - 2);
    if (peekToken() != ':')
        return fail(QStringLiteral("expected ':'"));
    ++m_pos;
    return true;
}

bool JsonStream::nextElement()
{
    if (hasError() || m_first.empty())
        return false;
    char c = peekToken();
    if (c == ']') {
        ++m_pos;
        m_first.pop_back();
        return false;
    }
    if (!m_first.back()) {
        if (c != ',')
            return fail(QStringLiteral("expected ',' or ']'"));
        ++m_pos;
        c = peekToken();
    }
    if (c == 0)
        return fail(QStringLiteral("unexpected end of input"));
    m_first.back() = false;
    return true;
}

size_t JsonStream::measureNested(size_t maxBytes, bool *tooLarge)
{
    ScanState s;
    size_t scanned = 0; // bytes from m_pos already scanned
    for (;;) {
        const size_t avail = m_len - m_pos;
        if (scanned < avail) {
            const size_t limit = std::min(avail, maxBytes);
            if (scanned < limit) {
                const size_t end = scan(m_data + m_pos + scanned, limit - scanned, s);
                if (end != SIZE_MAX)
                    return scanned + end;
                scanned = limit;
            }
            if (scanned >= maxBytes) {
                *tooLarge = true;
                return 0;
            }
        }
        if (!ensure(avail + 1)) {
            if (!hasError())
                setError(QStringLiteral("unexpected end of input inside a value"),
                         m_base + qint64(m_len));
            return 0;
        }
    }
}

size_t JsonStream::measure(size_t maxBytes, bool *tooLarge)
{
    const char c = peekToken();
    if (c == '{' || c == '[')
        return measureNested(maxBytes, tooLarge);
    if (c == 0) {
        fail(QStringLiteral("unexpected end of input"));
        return 0;
    }
    if (c == '}' || c == ']' || c == ',' || c == ':') {
        fail(QStringLiteral("expected a value"));
        return 0;
    }
    size_t i = 1;
    for (;;) {
        for (; m_pos + i < m_len; ++i) {
            const char b = m_data[m_pos + i];
            if (c == '"') {
                if (b == '\\')
                    ++i;
                else if (b == '"')
                    return i + 1;
            } else if (isSpace(b) || b == ',' || b == '}' || b == ']' || b == ':') {
                return i;
            }
        }
        if (i > maxBytes) {
            *tooLarge = true;
            return 0;
        }
        if (!ensure(i + 1)) {
            if (c == '"') {
                if (!hasError())
                    setError(QStringLiteral("unexpected end of input inside a string"),
                             m_base + qint64(m_len));
                return 0;
            }
            return std::min(i, m_len - m_pos); // a number or literal ending the input
        }
    }
}

JsonStream::Result JsonStream::value(Span *span, size_t maxBytes, Check check)
{
    if (hasError())
        return Result::Error;
    bool tooLarge = false;
    const size_t n = measure(maxBytes, &tooLarge);
    if (tooLarge)
        return Result::TooLarge;
    if (n == 0)
        return Result::Error;
    if (n > maxBytes)
        return Result::TooLarge;
    if (check == Check::Validate) {
        size_t at = 0;
        QString message;
        if (!JsonValidator::validate(m_data + m_pos, n, &at, &message)) {
            setError(QStringLiteral("invalid JSON: ") + message, position() + qint64(at));
            return Result::Error;
        }
    }
    span->offset = position();
    span->size = n;
    if (m_device) {
        span->data = m_data + m_pos;
        span->capacity = m_capacity + kPadding - m_pos;
    } else if (m_len - m_pos - n >= kPadding) {
        span->data = m_data + m_pos;
        span->capacity = m_len - m_pos;
    } else { // too close to the end of the caller's bytes for simdjson's padding
        m_tail.reset(new char[n + kPadding]());
        std::memcpy(m_tail.get(), m_data + m_pos, n);
        span->data = m_tail.get();
        span->capacity = n + kPadding;
    }
    m_pos += n;
    return Result::Ok;
}

bool JsonStream::skipValue(qint64 *skipped)
{
    if (hasError())
        return false;
    const char c = peekToken();
    if (c == 0)
        return fail(QStringLiteral("unexpected end of input"));
    if (c == '}' || c == ']' || c == ',' || c == ':')
        return fail(QStringLiteral("expected a value"));
    const qint64 start = position();
    JsonValidator validator;
    for (;;) {
        size_t consumed = 0;
        const bool last = m_eof || !m_device;
        const JsonValidator::Status status =
            validator.feed(m_data + m_pos, m_len - m_pos, last, &consumed);
        if (status == JsonValidator::Status::Invalid) {
            setError(QStringLiteral("invalid JSON: ") + validator.error(),
                     position() + qint64(consumed));
            return false;
        }
        m_pos += consumed;
        if (status == JsonValidator::Status::Complete)
            break;
        if (last) // the validator saw the end of the input and still wanted more
            return fail(QStringLiteral("unexpected end of input"));
        ensure(1); // a fresh window of input: what was consumed is not kept
        if (hasError())
            return false;
    }
    if (skipped)
        *skipped = position() - start;
    return true;
}

bool JsonStream::atEnd()
{
    if (hasError())
        return false;
    if (peekToken() != 0)
        return fail(QStringLiteral("unexpected text after the end of the JSON value"));
    return !hasError();
}

void JsonStream::lineColumn(qint64 offset, int *line, int *column) const
{
    *line = 0;
    *column = 0;
    if (m_bytes) {
        lineColumnAt(m_bytes->constData(), m_bytes->size(), qsizetype(offset), line, column);
        return;
    }
    if (!m_device || m_device->isSequential() || !m_device->seek(m_deviceStart))
        return;
    int l = 1;
    qint64 lineStart = 0, at = 0;
    QByteArray chunk;
    while (at < offset) {
        chunk = m_device->read(std::min<qint64>(kReadChunk, offset - at));
        if (chunk.isEmpty())
            break;
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            if (chunk[i] == '\n') {
                ++l;
                lineStart = at + i + 1;
            }
        }
        at += chunk.size();
    }
    *line = l;
    *column = int(offset - lineStart) + 1;
}

} // namespace Ferry
