// SPDX-License-Identifier: MIT
#include "hclwriter.h"

#include "escaping.h"

#include <QRegularExpression>

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

void HclWriter::number(const QString &name, const QString &value, const QString &fallback)
{
    attribute(name, isNumber(value) ? value : fallback);
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
    m_lines.append({m_indent, QStringLiteral("# ") + Escape::hclComment(text), QString()});
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
    return Escape::hclString(s);
}

QString HclWriter::identifier(const QString &s)
{
    return Escape::hclIdentifier(s);
}

bool HclWriter::isNumber(const QString &s)
{
    static const QRegularExpression number(
        QStringLiteral("^-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,17})?$"));
    return number.match(s).hasMatch();
}

QString HclWriter::list(const QStringList &quotedItems)
{
    return u'[' + quotedItems.join(QStringLiteral(", ")) + u']';
}

} // namespace Ferry
