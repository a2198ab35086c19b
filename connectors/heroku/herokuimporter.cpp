// SPDX-License-Identifier: MIT
#include "herokuimporter.h"

#include "escaping.h"
#include "jsoninput.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace Ferry {

namespace {

/// An app.json is a small manifest: anything larger is not one (and is not held in memory).
constexpr qint64 kMaxManifestBytes = 4 * 1024 * 1024;

/// `name` as a Heroku app name: lower-case letters, digits and dashes, starting with a letter,
/// at most 30 characters (the Platform API's app name pattern `^[a-z][a-z0-9-]{1,28}[a-z0-9]$`).
QString herokuAppName(const QString &name)
{
    static const QRegularExpression other(QStringLiteral("[^a-z0-9]+"));
    QString n = name.toLower().replace(other, QStringLiteral("-"));
    while (!n.isEmpty() && !n.front().isLetter())
        n.remove(0, 1);
    n = n.left(30);
    while (n.endsWith(u'-'))
        n.chop(1);
    return n.size() >= 3 ? n : QString();
}

/// The position of `"key"` in the manifest, for an error about its value (QJsonDocument keeps
/// none): line 1, column 1 when it is not found as written.
void keyPosition(const QByteArray &data, const char *key, int *line, int *column)
{
    const qsizetype at = data.indexOf(QByteArray(QByteArray("\"") + key + "\""));
    *line = 1;
    *column = 1;
    if (at >= 0)
        lineColumnAt(data.constData(), data.size(), at, line, column);
}

/// A text of the manifest as a resource's name or attribute: a control character in it is
/// refused (it would reach the plan, the runbook and the Terraform), by `error`.
bool clean(const QString &text, const QString &path, const QByteArray &data, const char *key,
           FileError *error)
{
    if (!Escape::hasControl(text))
        return true;
    int line = 0, column = 0;
    keyPosition(data, key, &line, &column);
    *error = {path, line, column,
              QStringLiteral("%1 \"%2\" holds a control character; refused")
                  .arg(QLatin1String(key), Escape::visible(text.left(80)))};
    return false;
}

/// A repository or buildpack URL without the credentials one may carry
/// (`https://TOKEN@github.com/…`, a private buildpack's usual form): a secret never enters the
/// plan. The report says one was left out, never what it was.
QString withoutCredentials(const QString &text, const QString &path, ImportReport *report)
{
    QUrl url(text);
    if (!url.isValid() || (url.userName().isEmpty() && url.password().isEmpty()))
        return text;
    url.setUserInfo(QString());
    report->warnings.append(
        QStringLiteral("%1: a URL's credentials were left out (%2)").arg(path, url.toString()));
    return url.toString();
}

} // namespace

QString HerokuImporter::nameFilter() const
{
    return QStringLiteral("Heroku app.json (app.json *.json)");
}

bool HerokuImporter::canRead(const QByteArray &head, const QString &fileName) const
{
    if (!head.trimmed().startsWith('{'))
        return false;
    if (fileName == QLatin1String("app.json") || fileName.endsWith(QLatin1String("_app.json")) ||
        fileName.endsWith(QLatin1String(".app.json")))
        return true;
    // Keys of the app.json schema that no other format Ferry reads has at its top.
    const bool manifest = head.contains("\"formation\"") || head.contains("\"buildpacks\"") ||
                          head.contains("\"success_url\"");
    return manifest && (head.contains("\"addons\"") || head.contains("\"env\""));
}

bool HerokuImporter::read(const QString &path, Inventory *out, ImportReport *report,
                          FileError *error, ImportProgress *progress) const
{
    QByteArray data;
    QJsonObject manifest;
    if (!readJsonObject(path, kMaxManifestBytes, QStringLiteral("an app.json manifest"), progress,
                        &data, &manifest, error))
        return false;
    // Something of the app.json schema, or it is not a manifest (a Platform API schema, another
    // tool's JSON given with --format heroku).
    bool known = false;
    for (const char *key : {"name", "addons", "formation", "env", "buildpacks", "scripts", "stack",
                            "repository", "success_url", "image"})
        known = known || manifest.contains(QLatin1String(key));
    if (!known) {
        *error = nothingToImport(path, *this);
        return false;
    }
    auto wrongShape = [&](const char *key, const char *expected) {
        int line = 0, column = 0;
        keyPosition(data, key, &line, &column);
        *error = {
            path, line, column,
            QStringLiteral("`%1` must be %2").arg(QLatin1String(key), QLatin1String(expected))};
        return false;
    };
    const QJsonValue addons = manifest.value(QStringLiteral("addons"));
    const QJsonValue formation = manifest.value(QStringLiteral("formation"));
    const QJsonValue env = manifest.value(QStringLiteral("env"));
    if (!addons.isUndefined() && !addons.isArray())
        return wrongShape("addons", "a list of plans or {\"plan\": …} objects");
    if (!formation.isUndefined() && !formation.isObject())
        return wrongShape("formation", "an object of process types");
    if (!env.isUndefined() && !env.isObject())
        return wrongShape("env", "an object of config vars");

    // The app: named after the manifest's name, else its folder's.
    const QString declared = manifest.value(QStringLiteral("name")).toString();
    if (!clean(declared, path, data, "name", error))
        return false;
    QString app = herokuAppName(declared);
    if (app.isEmpty())
        app = herokuAppName(QFileInfo(path).absoluteDir().dirName());
    if (app.isEmpty())
        app = QStringLiteral("app");
    report->sources.append(path);
    report->warnings.append(
        QStringLiteral("%1: an app.json does not name the deployed app; \"%2\" is assumed (the "
                       "runbook's `heroku … --app` commands use it: import the app's Terraform "
                       "state or Platform API bodies for its real name)")
            .arg(path, app));
    Resource a;
    a.id = QStringLiteral("heroku:app:") + app;
    a.provider = QStringLiteral("heroku");
    a.type = QStringLiteral("heroku_app");
    a.name = app;
    a.sourceFile = path;
    a.sourceAddress = QStringLiteral("app.json");
    const QString stack = manifest.value(QStringLiteral("stack")).toString();
    if (!clean(stack, path, data, "stack", error))
        return false;
    a.setAttribute(QStringLiteral("stack"), stack);
    const QString repository = manifest.value(QStringLiteral("repository")).toString();
    if (!clean(repository, path, data, "repository", error))
        return false;
    a.setAttribute(QStringLiteral("repository"), withoutCredentials(repository, path, report));
    // Config var names only: a value or generator is never read.
    QStringList names = env.toObject().keys();
    for (const QString &n : std::as_const(names))
        if (!clean(n, path, data, "env", error))
            return false;
    names.sort();
    a.setAttribute(QStringLiteral("config_var_names"), names.join(QStringLiteral(", ")));
    QStringList buildpacks;
    for (const QJsonValue &b : manifest.value(QStringLiteral("buildpacks")).toArray())
        if (const QString url = b.toObject().value(QStringLiteral("url")).toString();
            !url.isEmpty() && !Escape::hasControl(url))
            buildpacks.append(withoutCredentials(url, path, report));
    a.setAttribute(QStringLiteral("buildpacks"), buildpacks.join(QStringLiteral(", ")));
    out->add(a);

    // Add-ons: a plan string, or an object with its plan and attachment name.
    QHash<QString, int> seen;
    const QJsonArray list = addons.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonValue v = list[i];
        const QString plan =
            v.isString() ? v.toString() : v.toObject().value(QStringLiteral("plan")).toString();
        const QString as =
            v.isObject() ? v.toObject().value(QStringLiteral("as")).toString() : QString();
        if (plan.isEmpty()) {
            report->skipped.append(QStringLiteral("addons[%1] — no plan").arg(i));
            continue;
        }
        if (!clean(plan, path, data, "addons", error) || !clean(as, path, data, "addons", error))
            return false;
        const QString service = plan.section(u':', 0, 0);
        QString key = (as.isEmpty() ? service : as).toLower();
        if (const int n = seen[key]++; n > 0)
            key += u'-' + QString::number(n + 1);
        Resource r;
        r.id = QStringLiteral("heroku:addon:%1:%2").arg(app, key);
        r.provider = QStringLiteral("heroku");
        r.type = QStringLiteral("heroku_addon");
        r.name = as.isEmpty() ? service : as;
        r.sourceFile = path;
        r.sourceAddress = QStringLiteral("addons[%1]").arg(i);
        r.setAttribute(QStringLiteral("plan"), plan);
        r.setAttribute(QStringLiteral("app"), app);
        out->add(r);
        out->addDependency(a.id, r.id, DependencyKind::Data, QStringLiteral("add-on of app"));
    }

    // Process types: quantity and dyno size.
    const QJsonObject types = formation.toObject();
    for (auto it = types.begin(); it != types.end(); ++it) {
        const QString type = it.key();
        if (!clean(type, path, data, "formation", error))
            return false;
        const QJsonObject o = it->toObject();
        Resource r;
        r.id = QStringLiteral("heroku:formation:%1-%2").arg(app, type);
        r.provider = QStringLiteral("heroku");
        r.type = QStringLiteral("heroku_formation");
        r.name = type;
        r.sourceFile = path;
        r.sourceAddress = QStringLiteral("formation/") + type;
        r.size = o.value(QStringLiteral("size")).toString();
        if (!clean(r.size, path, data, "formation", error))
            return false;
        const QJsonValue quantity = o.value(QStringLiteral("quantity"));
        if (quantity.isDouble())
            r.setAttribute(QStringLiteral("quantity"), jsonText(quantity));
        r.setAttribute(QStringLiteral("app"), app);
        out->add(r);
        out->addDependency(r.id, a.id, DependencyKind::Membership,
                           QStringLiteral("process type of app"));
    }
    return true;
}

} // namespace Ferry
