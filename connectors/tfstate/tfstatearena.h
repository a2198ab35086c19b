// SPDX-License-Identifier: MIT
#pragma once

// Private to the Terraform state reader: its allocators — the arena that keeps the texts read
// after an instance's input is gone, and the interner of texts many resources share.

#include "tfstateflat.h"

#include <QString>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace Ferry::TfState {
namespace {

/// Copies of the texts the reader keeps after an instance's input is gone, in large blocks.
class Arena
{
public:
    std::string_view copy(std::string_view s)
    {
        if (s.empty())
            return {};
        char *p = allocate(s.size());
        std::memcpy(p, s.data(), s.size());
        return {p, s.size()};
    }
    /// Takes over the texts of `other`, which stay where they are.
    void absorb(Arena &&other)
    {
        for (auto &b : other.m_blocks)
            m_blocks.push_back(std::move(b));
        other.m_blocks.clear();
        other.m_next = nullptr;
        other.m_left = 0;
    }

private:
    char *allocate(size_t n)
    {
        if (n > m_left) {
            const size_t size = std::max<size_t>(n, 256 * 1024);
            m_blocks.emplace_back(new char[size]);
            m_next = m_blocks.back().get();
            m_left = size;
        }
        char *p = m_next;
        m_next += n;
        m_left -= n;
        return p;
    }

    std::vector<std::unique_ptr<char[]>> m_blocks;
    char *m_next = nullptr;
    size_t m_left = 0;
};

/// Fixed places for values the reader keeps (references, dependency lists, block facts):
/// allocated in runs of `n` that never move, so readers of separate batches can hand theirs over
/// whole and pointers into them stay valid.
template<typename T> class Pool
{
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

public:
    T *allocate(size_t n)
    {
        if (n > m_left) {
            const size_t size = std::max<size_t>(n, 16384 / sizeof(T) + 1);
            m_chunks.emplace_back(new T[size]);
            m_next = m_chunks.back().get();
            m_left = size;
        }
        T *p = m_next;
        m_next += n;
        m_left -= n;
        return p;
    }
    /// Takes over the values of `other`, which stay where they are.
    void absorb(Pool &&other)
    {
        for (auto &c : other.m_chunks)
            m_chunks.push_back(std::move(c));
        other.m_chunks.clear();
        other.m_next = nullptr;
        other.m_left = 0;
    }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    T *m_next = nullptr;
    size_t m_left = 0;
};

/// One QString per distinct text (types, regions, sizes, versions, tags…), shared by every
/// resource that has it: no allocation or UTF-16 conversion after the first.
class Interner
{
public:
    explicit Interner(Arena &arena)
        : m_arena(arena)
    {}
    const QString &get(std::string_view s)
    {
        if (s.empty())
            return m_empty;
        // Neighbouring resources repeat the same texts: a small direct-mapped cache in front of
        // the hash table answers most look-ups with one compare.
        Slot &slot =
            m_cache[(s.size() * 31 + uint8_t(s.front()) * 7 + uint8_t(s.back())) % m_cache.size()];
        if (slot.text == s)
            return *slot.string;
        auto it = m_map.find(s);
        if (it == m_map.end()) {
            const auto key = m_arena.copy(s);
            it = m_map.emplace(key, qs(key)).first;
        }
        slot = {it->first, &it->second};
        return it->second;
    }
    /// Forgets every text (the QStrings handed out stay valid: they are shared).
    void clear()
    {
        m_map = {};
        m_cache.fill({});
    }

private:
    struct Slot
    {
        std::string_view text;
        const QString *string = nullptr;
    };
    Arena &m_arena;
    std::unordered_map<std::string_view, QString> m_map;
    std::array<Slot, 251> m_cache{};
    QString m_empty;
};

} // namespace
} // namespace Ferry::TfState
