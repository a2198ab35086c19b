// SPDX-License-Identifier: MIT
#include "hclwriter.h"

namespace Ferry {

void HclWriter::attribute(const QString &name, const QString &expr)
{
    m_lines.append({m_indent, name, QStringLiteral("= ") + expr});
}

void HclWriter::block(const QString &type, const QStringList &labels)
{
    QString lead = type;
    for (const QString &l : labels)
        lead += u' ' + quote(l);
    m_lines.append({m_indent, lead + QStringLiteral(" {"), QString()});
    ++m_indent;
}

void HclWriter::object(const QString &name)
{
    m_lines.append({m_indent, name + QStringLiteral(" = {"), QString()});
    ++m_indent;
}

void HclWriter::end()
{
    --m_indent;
    m_lines.append({m_indent, QStringLiteral("}"), QString()});
}

void HclWriter::comment(const QString &text)
{
    m_lines.append({m_indent, QStringLiteral("# ") + text, QString()});
}

void HclWriter::blank()
{
    if (!m_lines.isEmpty() && !m_lines.back().lead.isEmpty())
        m_lines.append({0, QString(), QString()});
}

QString HclWriter::text() const
{
    // Width of the widest lead in each run of attribute lines (hclwrite formatCells).
    QList<int> width(m_lines.size(), 0);
    for (qsizetype i = 0; i < m_lines.size();) {
        if (m_lines[i].assign.isEmpty()) {
            ++i;
            continue;
        }
        qsizetype j = i;
        int widest = 0;
        for (; j < m_lines.size() && !m_lines[j].assign.isEmpty(); ++j)
            widest = std::max(widest, 2 * m_lines[j].indent + int(m_lines[j].lead.toUtf8().size()));
        for (qsizetype k = i; k < j; ++k)
            width[k] = widest;
        i = j;
    }
    QString out;
    qsizetype last = m_lines.size();
    while (last > 0 && m_lines[last - 1].lead.isEmpty())
        --last;
    for (qsizetype i = 0; i < last; ++i) {
        const Line &l = m_lines[i];
        if (l.lead.isEmpty()) {
            out += u'\n';
            continue;
        }
        out += QString(2 * l.indent, u' ') + l.lead;
        if (!l.assign.isEmpty()) {
            const int used = 2 * l.indent + int(l.lead.toUtf8().size());
            out += QString(width[i] - used + 1, u' ') + l.assign;
        }
        out += u'\n';
    }
    return out;
}

QString HclWriter::quote(const QString &s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += u'"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        const bool nextBrace = i + 1 < s.size() && s[i + 1] == u'{';
        if (c == u'\\')
            out += QStringLiteral("\\\\");
        else if (c == u'"')
            out += QStringLiteral("\\\"");
        else if (c == u'\n')
            out += QStringLiteral("\\n");
        else if (c == u'\r')
            out += QStringLiteral("\\r");
        else if (c == u'\t')
            out += QStringLiteral("\\t");
        else if ((c == u'$' || c == u'%') && nextBrace)
            out += QString(2, c);
        else
            out += c;
    }
    out += u'"';
    return out;
}

QString HclWriter::identifier(const QString &s)
{
    QString id;
    for (QChar c : s.toLower()) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_')
            id += c;
        else if (!id.endsWith(u'_'))
            id += u'_';
    }
    while (id.endsWith(u'_'))
        id.chop(1);
    while (id.startsWith(u'_'))
        id.remove(0, 1);
    if (id.isEmpty() || id[0].isDigit())
        id.prepend(QStringLiteral("r_"));
    return id;
}

QString HclWriter::list(const QStringList &quotedItems)
{
    return u'[' + quotedItems.join(QStringLiteral(", ")) + u']';
}

} // namespace Ferry
