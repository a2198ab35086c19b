// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringDecoder>
#include <QStringView>

#include <string_view>
#include <vector>

namespace Ferry {

/// Makes QStrings that share UTF-16 buffers: the texts of many resources (id, address, name, IP
/// addresses…) decoded from UTF-8 into chunks of about 32 KiB instead of one allocation each,
/// which were most of the allocations of a 50,000-resource import (docs/performance.md).
///
/// Each QString made here is an ordinary, implicitly shared QString: it holds a reference to
/// its chunk (Qt's own QArrayDataPointer, whose data pointer may point anywhere inside its
/// allocation), is null-terminated, and detaches on its first modification while anything else
/// (another slice, or the slab itself) still shares the chunk. A chunk is freed with the last
/// of its slices once the slab has let go of it (release(), or the slab's destruction). The
/// cost: a text kept alone (a copied IP address) keeps its chunk (≤ 32 KiB, or one assign()'s
/// texts when they are larger) alive.
///
/// Use: add() each destination, then assign(); release() when done. Not thread-safe; one slab
/// per thread.
class StringSlab
{
public:
    /// Queues `*dest = prefix + utf8` for the next assign(). `utf8` must stay valid until then;
    /// invalid UTF-8 becomes U+FFFD, as with QString::fromUtf8. An empty text gives a null
    /// QString.
    void add(QString *dest, std::string_view utf8, QStringView prefix = {})
    {
        m_items.push_back({dest, utf8, prefix});
    }
    /// Decodes every queued text into the current chunk (a new one when they do not fit),
    /// assigns each destination its slice of it, and empties the queue.
    void assign();
    /// Lets go of the current chunk: it is freed with the last slice made from it. The next
    /// assign() starts a new one.
    void release()
    {
        m_chunk = {};
        m_free = 0;
    }

    /// UTF-16 code units of a chunk: a bit under 32 KiB, so that glibc's malloc serves it from
    /// its arena rather than with mmap.
    static constexpr qsizetype kChunkUnits = 16 * 1024 - 32;

private:
    struct Item
    {
        QString *dest;
        std::string_view utf8;
        QStringView prefix;
    };
    std::vector<Item> m_items;
    QString::DataPointer m_chunk; ///< the chunk being filled (a reference of the slab's own)
    char16_t *m_next = nullptr;   ///< where the next slice starts in m_chunk
    qsizetype m_free = 0;         ///< code units left after m_next
    QStringDecoder m_decoder{QStringDecoder::Utf8, QStringDecoder::Flag::Stateless};
};

} // namespace Ferry
