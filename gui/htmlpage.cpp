// SPDX-License-Identifier: MIT
#include "htmlpage.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>

namespace Ferry::HtmlPage {

QString fromMarkdown(const QString &markdown)
{
    cmark_gfm_core_extensions_ensure_registered();
    const int options = CMARK_OPT_SAFE | CMARK_OPT_GITHUB_PRE_LANG;
    std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(options),
                                                                       &cmark_parser_free);
    for (const char *name : {"table", "tasklist", "strikethrough", "autolink"})
        if (cmark_syntax_extension *e = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), e);
    const QByteArray text = markdown.toUtf8();
    cmark_parser_feed(parser.get(), text.constData(), size_t(text.size()));
    std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
        cmark_parser_finish(parser.get()), &cmark_node_free);
    char *rendered = cmark_render_html(document.get(), options,
                                       cmark_parser_get_syntax_extensions(parser.get()));
    QString html = QString::fromUtf8(rendered);
    free(rendered);
    html.replace(QStringLiteral("<input type=\"checkbox\" disabled=\"\" />"),
                 QStringLiteral("<input type=\"checkbox\" />"));
    html.replace(QStringLiteral("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"),
                 QStringLiteral("<input type=\"checkbox\" checked=\"\" />"));
    return html;
}

QString page(const QString &title, const QString &body)
{
    static const char css[] = R"(
body { font: 15px/1.45 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1f2328;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }
h1, h2, h3 { line-height: 1.25; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
code, pre { font: 13px/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; }
code { background: #f3f4f6; padding: .1em .3em; border-radius: 4px; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .7em 1em; overflow-x: auto;
      white-space: pre-wrap; border-radius: 6px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
ul.contains-task-list, ul:has(> li > input[type=checkbox]) { list-style: none; padding-left: 0; }
li > input[type=checkbox] { width: 1.1em; height: 1.1em; margin-right: .4em; vertical-align: -.15em; }
li { margin: .5em 0; }
em { color: #59636e; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  h2 { page-break-after: avoid; } li, tr, pre { page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
)";
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n%3</body>\n</html>\n")
        .arg(title.toHtmlEscaped(), QString::fromLatin1(css), body);
}

QString fromMarkdownPage(const QString &title, const QString &markdown)
{
    return page(title, fromMarkdown(markdown));
}

QString forFile(const QString &file, const QString &title, const QString &markdown)
{
    return file.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
               ? fromMarkdownPage(title, markdown)
               : markdown;
}

} // namespace Ferry::HtmlPage
