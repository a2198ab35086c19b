// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Ferry {

/// One escaping function per output context. Every generator passes each text that came from
/// an input (a name, an id, an attribute value, a plan's own names) through the function of the
/// context it lands in, so that no input text ever becomes syntax in any output: no line break
/// survives into a comment or a Markdown line, no quote or brace closes a string, no markup is
/// interpreted.
///
/// "Control characters" below are C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F), the
/// Unicode line and paragraph separators (U+2028, U+2029) and the bidirectional embedding,
/// override and isolate controls (U+202A–U+202E, U+2066–U+2069), which can make a line read
/// otherwise than it is. They are shown as `\n`, `\r`, `\t` or `\u{XXXX}` (hex code point).
namespace Escape {

/// True when `c` is one of the control characters above.
bool isControl(char32_t c);

/// True when `s` holds a control character (or a lone surrogate): such a text may not be an
/// id, which is shown and written in many places.
bool hasControl(const QString &s);

/// `s` with every control character shown as its escape (`\n`, `\u{1B}`); the rest verbatim.
/// For terminal output and other single-line plain text (e.g. a `# comment`).
QString visible(const QString &s);

/// An HCL quoted string literal (hclsyntax spec, "Template Expressions"): `"` and `\` escaped,
/// `\n` `\r` `\t`, every other control character as `\uNNNN` (or `\UNNNNNNNN`), and the template
/// sequences `${` and `%{` doubled to `$${` / `%%{` so they stay literal.
QString hclString(const QString &s);

/// The text of an HCL `#` comment line: one line whatever `s` holds (control characters shown
/// as by visible()); HCL line comments end only at a line break, which this never contains.
QString hclComment(const QString &s);

/// The body of an HCL heredoc template (`<<-EOT` … `EOT`) holding `s` literally: template
/// sequences doubled as in hclString(), control characters other than the line break shown as
/// by visible(), and `delimiter` chosen (returned through it; starting from "EOT") so that no
/// line of the body equals it. The body ends in a line break.
QString hclHeredoc(const QString &s, QString *delimiter);

/// A valid HCL identifier from free text (`web-1` → `web_1`, `1db` → `r_1db`): lower case
/// letters, digits and `_`; at most 64 characters (a longer one keeps 55 and gains `_` and 8 hex
/// digits of a hash of the whole text, so different long names stay apart).
QString hclIdentifier(const QString &s);

/// A CommonMark code span (spec 0.30, §6.1) showing `s` verbatim: fenced by a backtick run one
/// longer than the longest run inside, padded with a space where `s` starts or ends with a
/// backtick or a space, control characters shown as by visible() (a line break in a code span
/// would end the list item and could start a new one). A code span shows `<`, `&` and `*`
/// literally, so raw HTML inside it is inert.
QString markdownCode(const QString &s);

/// A CommonMark fenced code block (§4.5) showing `lines` verbatim, one per line: fenced by a
/// backtick run longer than any inside (at least three), with `info` (e.g. `sh`) after the
/// opening fence, control characters other than the line break shown as by visible(). Ends in
/// a line break.
QString markdownCodeBlock(const QString &lines, const QString &info = QString());

/// Markdown written by a person (a step's instructions) made safe to embed: control characters
/// other than the line break shown as by visible(), and every `<` outside code spans and fenced
/// code blocks backslash-escaped, so that the text can hold no raw HTML (an autolink shows as
/// its text). Everything else is left as Markdown.
QString markdownWithoutHtml(const QString &s);

/// Markdown inline text showing `s` verbatim: every ASCII punctuation character that can be
/// markup here backslash-escaped (§2.4: `` \ ` * _ [ ] < > & ! | ~ # { } $ ``; `|` so that it
/// stays in its cell of a GitHub table), control characters shown as by visible(). Not for
/// the start of a line (where `-` or `1.` would begin a list).
QString markdownText(const QString &s);

/// One word of a POSIX shell command line: `s` itself when it holds only letters, digits and
/// `_./:=@%+-`, else single-quoted with each `'` as `'\''`, or — when it holds a control
/// character — ANSI-C quoted (`$'a\nb'`, POSIX.1-2024), so that a command a runbook shows for
/// copying stays on one line and runs with `s` as one argument and nothing else.
QString shellWord(const QString &s);

/// The value of a libpq connection-string keyword (`dbname=…`, PostgreSQL's "Connection
/// Strings", §34.1.1): `s` itself when it holds only letters, digits and `_.-`, else in single
/// quotes with `\` and `'` backslash-escaped, so that a value never adds a keyword of its own.
QString libpqValue(const QString &s);

/// An SQL identifier (PostgreSQL's "Identifiers and Key Words", §4.1.1): `s` in double quotes,
/// each `"` doubled, so that case and any character are kept and nothing else is read.
QString sqlIdentifier(const QString &s);

/// HTML text or attribute value: `&`, `<`, `>`, `"` and `'` as entities, control characters
/// shown as by visible(). For Qt rich text (a QLabel showing `<b>…</b>`) too.
QString html(const QString &s);

/// Qt rich text (`<qt>…</qt>`) that shows `s` verbatim, line breaks as line breaks: for tool
/// tips and labels, which Qt renders as rich text when a text merely looks like HTML
/// (Qt::mightBeRichText), so that a name `<img src=…>` is shown, not rendered.
QString qtRichText(const QString &s);

} // namespace Escape
} // namespace Ferry
