// SPDX-License-Identifier: MIT
#include "escaping.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QStringList>

namespace Ferry::Escape {

namespace {

/// Calls `f(codePoint)` for each code point of `s`; a lone surrogate is passed as itself.
template<typename F> void forEachCodePoint(const QString &s, F f)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < s.size() &&
            QChar::isLowSurrogate(s[i + 1].unicode())) {
            f(QChar::surrogateToUcs4(u, s[i + 1].unicode()));
            ++i;
        } else {
            f(char32_t(u));
        }
    }
}

void appendCodePoint(QString &out, char32_t c)
{
    if (QChar::requiresSurrogates(c)) {
        out += QChar(QChar::highSurrogate(c));
        out += QChar(QChar::lowSurrogate(c));
    } else {
        out += QChar(char16_t(c));
    }
}

bool isSurrogate(char32_t c)
{
    return c >= 0xD800 && c <= 0xDFFF;
}

/// `\n`, `\r`, `\t` or `\u{XXXX}` for a control character (or a lone surrogate).
void appendVisibleEscape(QString &out, char32_t c)
{
    switch (c) {
    case u'\n':
        out += QStringLiteral("\\n");
        return;
    case u'\r':
        out += QStringLiteral("\\r");
        return;
    case u'\t':
        out += QStringLiteral("\\t");
        return;
    default:
        out += QStringLiteral("\\u{") + QString::number(uint(c), 16).toUpper() + u'}';
    }
}

} // namespace

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool hasControl(const QString &s)
{
    bool found = false;
    forEachCodePoint(s, [&](char32_t c) { found = found || isControl(c) || isSurrogate(c); });
    return found;
}

QString visible(const QString &s)
{
    QString out;
    out.reserve(s.size());
    forEachCodePoint(s, [&](char32_t c) {
        if (isControl(c) || isSurrogate(c))
            appendVisibleEscape(out, c);
        else
            appendCodePoint(out, c);
    });
    return out;
}

QString hclString(const QString &s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += u'"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        const char16_t u = c.unicode();
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
        else if (isControl(u) ||
                 (QChar::isSurrogate(u) &&
                  !(QChar::isHighSurrogate(u) && i + 1 < s.size() && s[i + 1].isLowSurrogate()) &&
                  !(QChar::isLowSurrogate(u) && i > 0 && s[i - 1].isHighSurrogate())))
            out +=
                QStringLiteral("\\u") + QStringLiteral("%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += u'"';
    return out;
}

QString hclComment(const QString &s)
{
    return visible(s);
}

QString hclHeredoc(const QString &s, QString *delimiter)
{
    QStringList lines = s.split(u'\n');
    if (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast();
    QString body;
    for (QString line : std::as_const(lines)) {
        line = visible(line);
        line.replace(QStringLiteral("${"), QStringLiteral("$${"));
        line.replace(QStringLiteral("%{"), QStringLiteral("%%{"));
        body += line + u'\n';
    }
    QString d = QStringLiteral("EOT");
    for (int n = 1;; ++n) {
        bool clash = false;
        for (const QString &line : body.split(u'\n'))
            clash = clash || line.trimmed() == d;
        if (!clash)
            break;
        d = QStringLiteral("EOT_") + QString::number(n);
    }
    *delimiter = d;
    return body;
}

QString hclIdentifier(const QString &s)
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
    if (id.size() > 64) {
        const QByteArray hash = QCryptographicHash::hash(s.toUtf8(), QCryptographicHash::Sha1);
        id = id.left(55) + u'_' + QString::fromLatin1(hash.toHex().left(8));
    }
    return id;
}

QString markdownCode(const QString &s)
{
    const QString text = visible(s);
    if (text.isEmpty())
        return QStringLiteral("` `");
    int longest = 0, run = 0;
    for (QChar c : text) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(longest + 1, u'`');
    const bool pad =
        text.front() == u'`' || text.back() == u'`' || text.front() == u' ' || text.back() == u' ';
    if (pad)
        return fence + u' ' + text + u' ' + fence;
    return fence + text + fence;
}

QString markdownCodeBlock(const QString &lines, const QString &info)
{
    QString body;
    const QStringList split = lines.split(u'\n');
    for (const QString &line : split)
        body += visible(line) + u'\n';
    int longest = 0, run = 0;
    for (QChar c : body) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(std::max(3, longest + 1), u'`');
    return fence + visible(info).remove(u'`') + u'\n' + body + fence + u'\n';
}

QString markdownWithoutHtml(const QString &s)
{
    QString out;
    QString fence; // the fence of the code block we are in, empty outside one
    const QStringList lines = s.split(u'\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QString line = visible(lines[n]);
        if (n > 0)
            out += u'\n';
        const QString trimmed = line.trimmed();
        const QChar f = trimmed.isEmpty() ? QChar() : trimmed.front();
        if (f == u'`' || f == u'~') {
            qsizetype run = 0;
            while (run < trimmed.size() && trimmed[run] == f)
                ++run;
            if (run >= 3) {
                if (fence.isEmpty())
                    fence = trimmed.left(run);
                else if (trimmed.startsWith(fence) && trimmed.size() == run)
                    fence.clear();
                out += line;
                continue;
            }
        }
        if (!fence.isEmpty()) {
            out += line;
            continue;
        }
        // Outside blocks: a backtick run opens a code span only where the same run closes it
        // on this line; elsewhere backticks are literal and `<` is escaped.
        for (qsizetype i = 0; i < line.size();) {
            if (line[i] == u'`') {
                qsizetype run = 0;
                while (i + run < line.size() && line[i + run] == u'`')
                    ++run;
                const QString ticks = line.mid(i, run);
                qsizetype close = line.indexOf(ticks, i + run);
                while (close >= 0 && close + run < line.size() && line[close + run] == u'`')
                    close = line.indexOf(ticks, close + run + 1);
                if (close >= 0 && (close == 0 || line[close - 1] != u'`')) {
                    out += line.mid(i, close + run - i);
                    i = close + run;
                } else {
                    out += ticks;
                    i += run;
                }
                continue;
            }
            if (line[i] == u'<')
                out += u'\\';
            out += line[i];
            ++i;
        }
    }
    return out;
}

QString markdownText(const QString &s)
{
    static const QString markup = QStringLiteral("\\`*_[]<>&!|~#{}$");
    QString out;
    const QString text = visible(s);
    out.reserve(text.size());
    for (QChar c : text) {
        if (markup.contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

QString shellWord(const QString &s)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+-]+$"));
    if (plain.match(s).hasMatch())
        return s;
    if (!hasControl(s))
        return u'\'' + QString(s).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
    // A control character (a line break would split the command into two lines a reader may
    // copy apart): ANSI-C quoting, POSIX.1-2024 and every common shell, one line whatever `s`
    // holds. Non-ASCII text stays literal except the controls, which become \xHH bytes of
    // their UTF-8 form.
    QString out = QStringLiteral("$'");
    for (QChar c : s) {
        if (c == u'\\' || c == u'\'') {
            out += u'\\';
            out += c;
        } else if (c == u'\n') {
            out += QStringLiteral("\\n");
        } else if (c == u'\t') {
            out += QStringLiteral("\\t");
        } else if (c == u'\r') {
            out += QStringLiteral("\\r");
        } else if (isControl(c.unicode()) || c.isSurrogate()) {
            const QByteArray utf8 = QString(c).toUtf8();
            for (char b : utf8)
                out += QStringLiteral("\\x%1").arg(uchar(b), 2, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    return out + u'\'';
}

QString libpqValue(const QString &s)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (plain.match(s).hasMatch())
        return s;
    QString quoted = s;
    quoted.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
    return u'\'' + quoted + u'\'';
}

QString sqlIdentifier(const QString &s)
{
    return u'"' + QString(s).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

QString html(const QString &s)
{
    return visible(s).toHtmlEscaped().replace(u'\'', QStringLiteral("&#39;"));
}

QString qtRichText(const QString &s)
{
    QStringList lines = s.split(u'\n');
    for (QString &line : lines)
        line = html(line);
    return QStringLiteral("<qt>") + lines.join(QStringLiteral("<br>")) + QStringLiteral("</qt>");
}

} // namespace Ferry::Escape
