// SPDX-License-Identifier: MIT
#include "jsonstream.h"

#include "fileerror.h"

#include <QIODevice>

#include <algorithm>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
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

/// Set bits in x, for the few brackets of a block: without -mpopcnt (Debian builds for baseline
/// x86-64) std::popcount is a library call, slower than this loop on sparse masks.
inline int sparsePopcount(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        ++n;
    return n;
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
#endif

/// Finds the end of the nested value whose scan state is `s`, in `n` bytes at `p`: 64 bytes at a
/// time with SSE2 (quotes and brackets as bit masks, strings as the prefix XOR of the quotes, the
/// technique of simdjson's stage 1), blocks holding a backslash one byte at a time.
size_t scan(const char *p, size_t n, ScanState &s)
{
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 64 <= n; i += 64) {
        const char *b = p + i;
        const __m128i x0 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b));
        const __m128i x1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + 16));
        const __m128i x2 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + 32));
        const __m128i x3 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(b + 48));
        if (s.escape || eqMask(x0, x1, x2, x3, '\\') != 0) {
            const size_t end = scanBytes(b, 64, s);
            if (end != SIZE_MAX)
                return i + end;
            continue;
        }
        const uint64_t quotes = eqMask(x0, x1, x2, x3, '"');
        const uint64_t inside = prefixXor(quotes) ^ (s.inString ? ~uint64_t(0) : 0);
        s.inString = (inside >> 63) != 0;
        // '{' and '[' differ from '}' and ']' only in bit 0x20 of the byte.
        const __m128i k = _mm_set1_epi8(0x20);
        const __m128i l0 = _mm_or_si128(x0, k), l1 = _mm_or_si128(x1, k), l2 = _mm_or_si128(x2, k),
                      l3 = _mm_or_si128(x3, k);
        const uint64_t open = eqMask(l0, l1, l2, l3, '{') & ~inside;
        const uint64_t close = eqMask(l0, l1, l2, l3, '}') & ~inside;
        const int closes = sparsePopcount(close);
        if (s.depth > closes) { // cannot return to depth 0 within this block
            s.depth += sparsePopcount(open) - closes;
            continue;
        }
        for (uint64_t m = open | close; m; m &= m - 1) {
            const int bit = std::countr_zero(m);
            if (open >> bit & 1) {
                ++s.depth;
            } else if (--s.depth == 0) {
                return i + size_t(bit) + 1;
            }
        }
    }
#endif
    const size_t end = scanBytes(p + i, n - i, s);
    return end == SIZE_MAX ? SIZE_MAX : i + end;
}

} // namespace

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

JsonStream::Result JsonStream::value(Span *span, size_t maxBytes)
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

bool JsonStream::skipValue()
{
    Span s;
    return value(&s) == Result::Ok;
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
