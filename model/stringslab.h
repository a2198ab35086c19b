// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringDecoder>
#include <QStringView>

#include <string_view>
#include <vector>

namespace Ferry {

/// Makes several QStrings that share one UTF-16 buffer: the texts of one resource (id, address,
/// name, IP addresses…) decoded from UTF-8 in one allocation instead of one each, which is most
/// of the allocations of a 50,000-resource import (docs/performance.md).
///
/// Each QString made here is an ordinary, implicitly shared QString: it holds a reference to
/// the buffer (Qt's own QArrayDataPointer, whose data pointer may point anywhere inside its
/// allocation), is null-terminated, and detaches on its first modification while another one
/// still shares the buffer. The buffer is freed with the last of them. The cost: a text kept
/// alone (a copied IP address) keeps its neighbours' few hundred bytes alive.
///
/// Use: add() each destination, then assign(). Not thread-safe; one slab per thread.
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
    /// Decodes every queued text into one new buffer, assigns each destination its slice of it,
    /// and empties the queue.
    void assign();

private:
    struct Item
    {
        QString *dest;
        std::string_view utf8;
        QStringView prefix;
    };
    std::vector<Item> m_items;
    QStringDecoder m_decoder{QStringDecoder::Utf8, QStringDecoder::Flag::Stateless};
};

} // namespace Ferry
