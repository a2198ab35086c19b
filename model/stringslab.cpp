// SPDX-License-Identifier: MIT
#include "stringslab.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Ferry {

namespace {

/// Widens `n` ASCII bytes to UTF-16 at `out`; false at the first byte ≥ 0x80 (the caller then
/// decodes the text as UTF-8). Most texts of an inventory are ASCII, and QStringDecoder has no
/// ASCII fast path for a buffer of the caller's (measured: 2.5× the instructions of
/// QString::fromUtf8 on the 50,000-resource state).
bool widenAscii(const char *in, qsizetype n, QChar *outChars)
{
    char16_t *out = reinterpret_cast<char16_t *>(outChars);
    qsizetype i = 0;
#if defined(__SSE2__)
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(in + i));
        if (_mm_movemask_epi8(v))
            return false;
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), _mm_unpacklo_epi8(v, zero));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i + 8), _mm_unpackhi_epi8(v, zero));
    }
#endif
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(in[i]);
        if (c >= 0x80)
            return false;
        out[i] = c;
    }
    return true;
}

} // namespace

void StringSlab::assign()
{
    qsizetype capacity = 0;
    for (const Item &item : m_items)
        capacity += item.prefix.size() + qsizetype(item.utf8.size()) + 1; // UTF-16 ≤ UTF-8 units
    if (capacity == 0)
        return;
    if (capacity > m_free) {
        const qsizetype units = std::max(capacity, kChunkUnits);
        QString chunk(units, Qt::Uninitialized);
        m_chunk = std::move(chunk.data_ptr());
        m_next = m_chunk.data();
        m_free = units;
    }
    QChar *out = reinterpret_cast<QChar *>(m_next);
    for (const Item &item : m_items) {
        QChar *start = out;
        out = std::copy(item.prefix.begin(), item.prefix.end(), out);
        const auto n = qsizetype(item.utf8.size());
        if (widenAscii(item.utf8.data(), n, out))
            out += n;
        else
            out = m_decoder.appendToBuffer(out, QByteArrayView(item.utf8.data(), n));
        const qsizetype size = out - start;
        *out++ = QChar(u'\0'); // every slice is null-terminated, as QString's data must be
        if (size == 0) {
            *item.dest = QString();
            continue;
        }
        QString::DataPointer slice(m_chunk); // one more reference to the chunk
        slice.ptr = reinterpret_cast<char16_t *>(start);
        slice.size = size;
        *item.dest = QString(std::move(slice));
    }
    m_free -= reinterpret_cast<char16_t *>(out) - m_next;
    m_next = reinterpret_cast<char16_t *>(out);
    m_items.clear();
}

} // namespace Ferry
