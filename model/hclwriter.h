// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Ferry {

/// Writes HCL (Terraform configuration) already in the canonical layout `terraform fmt`
/// produces: two-space indentation and the `=` of consecutive single-line attributes aligned,
/// following the rules of hclwrite's formatter (github.com/hashicorp/hcl, hclwrite/format.go):
/// a run of attribute lines is broken by a blank line, a comment line, a block header, a
/// closing brace or a multi-line value.
class HclWriter
{
public:
    /// `name = <expr>` where `expr` is already HCL (`"text"`, `10`, `var.region`, `[…]`).
    void attribute(const QString &name, const QString &expr);
    /// `name = value` where `value` is a plain decimal number (isNumber()), else `name =
    /// fallback` (an HCL expression): a source's numeric attribute never reaches the output as
    /// syntax.
    void number(const QString &name, const QString &value, const QString &fallback);
    /// `name = "value"`, quoted and escaped.
    void string(const QString &name, const QString &value) { attribute(name, quote(value)); }
    /// Opens `type "label" … {`; close with end().
    void block(const QString &type, const QStringList &labels = {});
    /// Opens `name = {` (a multi-line object value); close with end().
    void object(const QString &name);
    /// Closes the innermost block() or object().
    void end();
    /// A `# text` line (breaks a run of aligned attributes, as in terraform fmt); `text` may
    /// hold anything: it stays one line (Escape::hclComment()).
    void comment(const QString &text);
    /// An empty line, unless the previous line is already empty.
    void blank();

    /// The formatted text, ending in one newline.
    QString text() const;

    /// An HCL quoted string (Escape::hclString()).
    static QString quote(const QString &s);
    /// A valid HCL identifier from free text (Escape::hclIdentifier()).
    static QString identifier(const QString &s);
    /// True when `s` is a plain decimal number (`10`, `-2`, `0.5`; at most 18 digits a part).
    static bool isNumber(const QString &s);
    /// `["a", "b"]`.
    static QString list(const QStringList &quotedItems);

private:
    struct Line
    {
        int indent = 0;
        QString lead;   ///< text before the `=` (or the whole line)
        QString assign; ///< `= expr`, empty when not an attribute line
    };
    QList<Line> m_lines;
    int m_indent = 0;
};

} // namespace Ferry
