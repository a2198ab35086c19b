// SPDX-License-Identifier: MIT
#include "planyaml.h"

#include <QSet>

namespace Ferry::PlanYaml {

namespace {

bool isReservedPlain(const QString &s)
{
    static const QSet<QString> words = {
        QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("yes"),
        QStringLiteral("no"),   QStringLiteral("on"),    QStringLiteral("off"),
        QStringLiteral("null"), QStringLiteral("y"),     QStringLiteral("n")};
    return s.size() <= 5 && words.contains(s.toLower());
}

/// True when `s` can be written as a YAML plain scalar that every YAML 1.1/1.2 reader reads
/// back as the same string.
bool canBePlain(const QString &s)
{
    if (s.isEmpty() || s.size() > 200)
        return false;
    const QChar first = s.front();
    if (!((first >= u'a' && first <= u'z') || (first >= u'A' && first <= u'Z') || first == u'_' ||
          first == u'/'))
        return false;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                        (u >= '0' && u <= '9') || u == '_' || u == '.' || u == '-' || u == '/' ||
                        u == ':';
        if (!ok)
            return false;
    }
    if (s.back() == u':')
        return false;
    return !isReservedPlain(s);
}

/// Longest key, in bytes as written, that the writer leaves implicit (`key: value`).
constexpr qsizetype kMaxImplicitKey = 1000;

} // namespace

void Writer::scalar(const QString &s)
{
    if (canBePlain(s)) {
        out += s.toLatin1();
        return;
    }
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                static const char hex[] = "0123456789abcdef";
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}
void Writer::key(const char *indent, const char *k)
{
    out += indent;
    out += k;
    out += ": ";
}
void Writer::field(const char *indent, const char *k, const QString &v)
{
    key(indent, k);
    scalar(v);
    out += '\n';
}
void Writer::optionalField(const char *indent, const char *k, const QString &v)
{
    if (!v.isEmpty())
        field(indent, k, v);
}
void Writer::map(const char *indent, const char *k, const char *itemIndent, const StringMap &m)
{
    if (m.isEmpty())
        return;
    out += indent;
    out += k;
    out += ":\n";
    for (auto it = m.cbegin(); it != m.cend(); ++it) {
        out += itemIndent;
        const qsizetype keyStart = out.size();
        scalar(it.key());
        if (out.size() - keyStart > kMaxImplicitKey) {
            // YAML allows an implicit key of at most 1,024 characters on one line (YAML 1.2,
            // §7.4.2); a longer one is an explicit key, `? key` then `: value` (a fuzz
            // finding of #12: such a plan saved, then did not open).
            out.insert(keyStart, "? ");
            out += '\n';
            out += itemIndent;
        }
        out += ": ";
        scalar(it.value());
        out += '\n';
    }
}

void Writer::number(const char *indent, const char *k, qint64 v)
{
    key(indent, k);
    out += QByteArray::number(v);
    out += '\n';
}

void Writer::list(const char *indent, const char *k, const char *itemIndent,
                  const QStringList &items)
{
    if (items.isEmpty())
        return;
    out += indent;
    out += k;
    out += ":\n";
    for (const QString &item : items) {
        out += itemIndent;
        out += "- ";
        scalar(item);
        out += '\n';
    }
}

namespace {

/// True when `v` can be a literal block scalar that reads back as exactly `v`: no control
/// character but the line break, no line that starts with a space or tab where the
/// indentation would be taken from it (the first), no trailing blanks (a lone line of blanks
/// would be read as empty), no carriage return, at most one final line break, and not empty.
bool canBeLiteral(const QString &v)
{
    if (v.isEmpty() || v.startsWith(u' ') || v.startsWith(u'\t') || v.startsWith(u'\n') ||
        v.endsWith(QLatin1String("\n\n")))
        return false;
    const QStringList lines = v.split(u'\n');
    for (const QString &line : lines) {
        if (line.endsWith(u' ') || line.endsWith(u'\t'))
            return false;
        for (QChar c : line) {
            const char16_t u = c.unicode();
            if ((u < 0x20 && u != '\t') || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0xfeff ||
                c.isSurrogate() || u == 0x2028 || u == 0x2029)
                return false;
        }
    }
    return true;
}

} // namespace

void Writer::text(const char *indent, const char *k, const char *bodyIndent, const QString &v)
{
    if (v.isEmpty())
        return;
    if (!v.contains(u'\n') || !canBeLiteral(v)) {
        field(indent, k, v);
        return;
    }
    key(indent, k);
    const bool finalBreak = v.endsWith(u'\n');
    out += finalBreak ? "|\n" : "|-\n";
    const QStringList lines = (finalBreak ? v.chopped(1) : v).split(u'\n');
    for (const QString &line : lines) {
        if (!line.isEmpty())
            out += bodyIndent + line.toUtf8();
        out += '\n';
    }
}

QString str(const YAML::Node &n, const char *what)
{
    if (!n.IsScalar())
        throw ReadError{n.Mark(),
                        QStringLiteral("%1 must be a text value").arg(QLatin1String(what))};
    return QString::fromStdString(n.Scalar());
}

int integer(const YAML::Node &n, const char *what)
{
    bool ok = false;
    const int v = str(n, what).toInt(&ok);
    if (!ok)
        throw ReadError{n.Mark(),
                        QStringLiteral("%1 must be a whole number").arg(QLatin1String(what))};
    return v;
}

void expectMap(const YAML::Node &n, const char *what)
{
    if (!n.IsMap())
        throw ReadError{n.Mark(), QStringLiteral("%1 must be a mapping").arg(QLatin1String(what))};
}

void expectSeq(const YAML::Node &n, const char *what)
{
    if (!n.IsSequence() && !n.IsNull())
        throw ReadError{n.Mark(), QStringLiteral("%1 must be a list").arg(QLatin1String(what))};
}

StringMap stringMap(const YAML::Node &n, const char *what)
{
    StringMap m;
    if (n.IsNull())
        return m;
    expectMap(n, what);
    for (const auto &kv : n)
        m.insert(str(kv.first, what), kv.second.IsNull() ? QString() : str(kv.second, what));
    return m;
}

bool boolean(const YAML::Node &n, const char *what)
{
    const QString v = str(n, what);
    if (v == QLatin1String("true"))
        return true;
    if (v == QLatin1String("false"))
        return false;
    throw ReadError{n.Mark(), QStringLiteral("%1 must be true or false").arg(QLatin1String(what))};
}

QStringList stringList(const YAML::Node &n, const char *what)
{
    QStringList out;
    expectSeq(n, what);
    for (const YAML::Node &item : n)
        out.append(str(item, what));
    return out;
}

} // namespace Ferry::PlanYaml
