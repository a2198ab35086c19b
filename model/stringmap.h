// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace Ferry {

/// A small map of strings kept sorted by key in one contiguous, implicitly shared list: a
/// resource's tags and attributes (a handful of entries each). One allocation for the whole map
/// instead of one node per entry as in QMap, which matters for 50,000-resource imports
/// (docs/performance.md). Look-ups are binary searches; iteration is in key order, with the
/// `key()`/`value()` iterator interface of QMap.
class StringMap
{
public:
    struct Entry
    {
        QString key;
        QString value;
        bool operator==(const Entry &) const = default;
    };

    class const_iterator
    {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Entry;
        using difference_type = qsizetype;
        using pointer = const Entry *;
        using reference = const Entry &;

        const_iterator() = default;
        explicit const_iterator(const Entry *e)
            : m_e(e)
        {}
        const QString &key() const { return m_e->key; }
        const QString &value() const { return m_e->value; }
        const Entry &operator*() const { return *m_e; }
        const Entry *operator->() const { return m_e; }
        const_iterator &operator++()
        {
            ++m_e;
            return *this;
        }
        bool operator==(const const_iterator &) const = default;

    private:
        const Entry *m_e = nullptr;
    };

    StringMap() = default;
    /// Builds from pairs in any order; a later duplicate key replaces the earlier value.
    StringMap(std::initializer_list<std::pair<QString, QString>> pairs)
    {
        for (const auto &[k, v] : pairs)
            insert(k, v);
    }

    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }
    void clear() { m_entries.clear(); }
    void reserve(qsizetype n) { m_entries.reserve(n); }

    const_iterator cbegin() const { return const_iterator(m_entries.constData()); }
    const_iterator cend() const { return const_iterator(m_entries.constData() + m_entries.size()); }
    const_iterator begin() const { return cbegin(); }
    const_iterator end() const { return cend(); }

    /// The entry for `key`, or cend().
    const_iterator constFind(const QString &key) const
    {
        const auto it = lowerBound(key);
        return it != m_entries.cend() && it->key == key ? const_iterator(&*it) : cend();
    }
    bool contains(const QString &key) const { return constFind(key) != cend(); }
    /// The value for `key`, or `fallback` when absent.
    QString value(const QString &key, const QString &fallback = QString()) const
    {
        const auto it = constFind(key);
        return it == cend() ? fallback : it.value();
    }
    /// Sets `key` to `value`, replacing an existing value.
    void insert(const QString &key, const QString &value)
    {
        if (m_entries.isEmpty() || m_entries.constLast().key < key) { // the common, sorted case
            m_entries.append({key, value});
            return;
        }
        const auto it = lowerBound(key);
        const qsizetype i = it - m_entries.cbegin();
        if (it != m_entries.cend() && it->key == key)
            m_entries[i].value = value;
        else
            m_entries.insert(i, {key, value});
    }
    /// Appends an entry whose key is known to sort after every key present (importers that
    /// produce keys in order); no comparison is made.
    void appendSorted(const QString &key, QString value)
    {
        Q_ASSERT(m_entries.isEmpty() || m_entries.constLast().key < key);
        m_entries.append({key, std::move(value)});
    }
    /// Removes `key`; returns whether it was there.
    bool remove(const QString &key)
    {
        const auto it = lowerBound(key);
        if (it == m_entries.cend() || it->key != key)
            return false;
        m_entries.remove(it - m_entries.cbegin());
        return true;
    }

    bool operator==(const StringMap &) const = default;

private:
    QList<Entry>::const_iterator lowerBound(const QString &key) const
    {
        return std::lower_bound(m_entries.cbegin(), m_entries.cend(), key,
                                [](const Entry &e, const QString &k) { return e.key < k; });
    }

    QList<Entry> m_entries;
};

} // namespace Ferry
