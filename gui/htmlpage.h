// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Ferry::HtmlPage {

/// `markdown` (CommonMark with GitHub's tables, task lists, strikethrough and autolinks) as an
/// HTML fragment, rendered by cmark-gfm — GitHub's own CommonMark renderer — in its safe mode:
/// raw HTML is dropped and `javascript:`-style links are emptied, so nothing a plan holds can
/// add markup or script to the page. Task list boxes are left enabled so that a reader can tick
/// them in a browser.
QString fromMarkdown(const QString &markdown);

/// One self-contained HTML5 page (UTF-8, its CSS inline, no script, nothing fetched) around
/// `body`, titled `title` (escaped), laid out for the screen and for printing (A4 or Letter:
/// tables and steps not split across pages where it can be helped).
QString page(const QString &title, const QString &body);

/// page(title, fromMarkdown(markdown)).
QString fromMarkdownPage(const QString &title, const QString &markdown);

/// What an export to `file` writes: fromMarkdownPage() when it ends in `.html` (any case),
/// else `markdown` itself.
QString forFile(const QString &file, const QString &title, const QString &markdown);

} // namespace Ferry::HtmlPage
