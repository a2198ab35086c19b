// SPDX-License-Identifier: MIT
// A Heroku app as a digitalocean_app (App Platform): its spec's domains, the web service and a
// worker per other process type, the shared environment and the bound database components
// (registry.terraform.io/providers/digitalocean/digitalocean/latest/docs/resources/app).

#include "resourcekind.h"
#include "terraformdigitaloceanfolder.h"

#include <QRegularExpression>

namespace Ferry::TerraformExport::DigitalOcean {

// A component's source: the GitHub branch it deploys.
void DigitalOceanFolder::writeGitHub(HclWriter &w, const QString &repo, const QString &branch)
{
    w.blank();
    w.block(QStringLiteral("github"));
    w.attribute(QStringLiteral("repo"), repo);
    w.attribute(QStringLiteral("branch"), branch);
    w.attribute(QStringLiteral("deploy_on_push"), QStringLiteral("true"));
    w.end();
}

// The app's environment, shared by its components as Heroku's config vars were by its dynos:
// the config vars (`config`, the sensitive variable) but those App Platform binds, and the bound
// databases' URLs.
void DigitalOceanFolder::writeEnvironment(HclWriter &w, const QString &config,
                                          const QStringList &dbs)
{
    QStringList bound;
    for (const QString &db : dbs)
        bound.append(q(databaseEngine(*plan.resource(db)).envName));
    w.blank();
    w.comment(QStringLiteral("Heroku's config vars, for every component of the app as they were "
                             "for every dyno"));
    w.block(QStringLiteral("dynamic"), {QStringLiteral("env")});
    w.attribute(QStringLiteral("for_each"),
                QStringLiteral("setsubtract(nonsensitive(toset(keys(%1))), [%2])")
                    .arg(config, bound.join(QStringLiteral(", "))));
    w.block(QStringLiteral("content"));
    w.attribute(QStringLiteral("key"), QStringLiteral("env.value"));
    w.attribute(QStringLiteral("value"), config + QStringLiteral("[env.value]"));
    w.string(QStringLiteral("scope"), QStringLiteral("RUN_TIME"));
    w.string(QStringLiteral("type"), QStringLiteral("SECRET"));
    w.end();
    w.end();
    for (const QString &db : dbs) {
        const DatabaseEngine engine = databaseEngine(*plan.resource(db));
        w.blank();
        w.comment(QStringLiteral("Bound by App Platform at deploy time, as Heroku set %1")
                      .arg(engine.envName));
        w.block(QStringLiteral("env"));
        w.string(QStringLiteral("key"), engine.envName);
        w.string(QStringLiteral("value"), QStringLiteral("${") + hyphenName(label.value(db), 32) +
                                              QStringLiteral(".DATABASE_URL}"));
        w.string(QStringLiteral("scope"), QStringLiteral("RUN_TIME"));
        w.string(QStringLiteral("type"), QStringLiteral("SECRET"));
        w.end();
    }
}

void DigitalOceanFolder::writeApp(HclWriter &w, const QString &id)
{
    const Resource &r = *plan.resource(id);
    const QString l = label.value(id);
    // An app.json names the repository it came from (`https://github.com/owner/name`): the
    // default then; Heroku's state does not say.
    static const QRegularExpression github(
        QStringLiteral("^https://github\\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(\\.git)?/?$"));
    const QRegularExpressionMatch fromManifest =
        github.match(r.attributes.value(QStringLiteral("repository")));
    const QString repo =
        fromManifest.hasMatch()
            ? decide(
                  l + QStringLiteral("_github_repo"), QStringLiteral("string"),
                  QStringLiteral(
                      "GitHub repository (owner/name) App Platform deploys %1 from: "
                      "by default the one its app.json names (your own fork where you deploy one)")
                      .arg(r.name),
                  q(fromManifest.captured(1)))
            : decide(l + QStringLiteral("_github_repo"), QStringLiteral("string"),
                     QStringLiteral("GitHub repository (owner/name) App Platform deploys %1 from; "
                                    "Heroku's state does not say")
                         .arg(r.name));
    const QString branch = decide(l + QStringLiteral("_branch"), QStringLiteral("string"),
                                  QStringLiteral("Branch of %1 App Platform deploys").arg(r.name),
                                  q(QStringLiteral("main")));
    w.comment(
        QStringLiteral("From Heroku app %1 (%2%3)")
            .arg(r.name, r.id,
                 r.attributes.value(QStringLiteral("stack")).isEmpty()
                     ? QString()
                     : QStringLiteral(", stack ") + r.attributes.value(QStringLiteral("stack"))));
    w.block(QStringLiteral("resource"), {QStringLiteral("digitalocean_app"), l});
    w.block(QStringLiteral("spec"));
    // App names: lowercase letters, digits and hyphens, 2 to 32 characters.
    w.string(QStringLiteral("name"), hyphenName(r.name.isEmpty() ? r.id : r.name, 32));
    w.string(QStringLiteral("region"), appRegion());
    const QStringList hostnames = appDomains.value(id);
    for (qsizetype i = 0; i < hostnames.size(); ++i) {
        const Resource &d = *plan.resource(hostnames[i]);
        w.blank();
        if (i == 0)
            w.comment(QStringLiteral("Heroku's custom domains: App Platform issues their "
                                     "certificates once their CNAMEs point at the app's "
                                     "default ingress (the runbook's DNS switch)"));
        w.block(QStringLiteral("domain"));
        w.string(QStringLiteral("name"), d.name.isEmpty() ? d.id : d.name);
        w.string(QStringLiteral("type"),
                 i == 0 ? QStringLiteral("PRIMARY") : QStringLiteral("ALIAS"));
        w.end();
    }
    const QStringList dbs = appDatabases.value(id);
    const QStringList processTypes = appProcesses.value(id);
    const Resource *web =
        processTypes.isEmpty() || plan.resource(processTypes.first())->name != QLatin1String("web")
            ? nullptr
            : plan.resource(processTypes.first());
    const QString quantity = web ? web->attributes.value(QStringLiteral("quantity")) : QString();
    w.blank();
    w.comment(QStringLiteral("Heroku's web process type"));
    w.block(QStringLiteral("service"));
    w.string(QStringLiteral("name"), QStringLiteral("web"));
    if (const QString dynos = web ? herokuDynos(*web) : QString(); !dynos.isEmpty()) {
        w.comment(QStringLiteral("Heroku's formation: ") + dynos);
        w.attribute(QStringLiteral("instance_count"), quantity);
    } else {
        w.comment(QStringLiteral("The source does not give the formation's quantity: %1")
                      .arg(account.environment == Environment::Production
                               ? QStringLiteral("two instances in production, so that a deploy "
                                                "or a failed instance leaves one serving")
                               : QStringLiteral("one instance outside production")));
        w.attribute(QStringLiteral("instance_count"), account.environment == Environment::Production
                                                          ? QStringLiteral("2")
                                                          : QStringLiteral("1"));
    }
    writeSize(w, QStringLiteral("instance_size_slug"), web && !web->size.isEmpty() ? *web : r,
              QStringLiteral("digitalocean_app"), QStringLiteral("apps-s-1vcpu-1gb"));
    w.attribute(QStringLiteral("http_port"), QStringLiteral("8080"));
    // Heroku's config vars as encrypted variables: the values come from the sensitive variable
    // (the runbook sets it from `heroku config --json`), never a file; the add-on URLs Heroku
    // set are App Platform's bindings below instead.
    const QString config = decide(l + QStringLiteral("_config_vars"), QStringLiteral("map(string)"),
                                  QStringLiteral("Config vars of Heroku app %1, name → value: set "
                                                 "TF_VAR_%2_config_vars=\"$(heroku config --app "
                                                 "%1 --json)\" (never in a file)")
                                      .arg(r.name, l),
                                  QString(), true);
    writeGitHub(w, repo, branch);
    w.end(); // service
    // The other process types run as workers from the same source, each with its Procfile
    // command (neither Heroku's state nor its API says it).
    for (const QString &process : processTypes) {
        const Resource &p = *plan.resource(process);
        if (&p == web)
            continue;
        const QString type = hyphenName(p.name, 32);
        w.blank();
        w.comment(QStringLiteral("Heroku's %1 process type (%2)").arg(p.name, p.id));
        w.block(QStringLiteral("worker"));
        w.string(QStringLiteral("name"), type);
        w.attribute(QStringLiteral("run_command"),
                    decide(l + u'_' + HclWriter::identifier(p.name) + QStringLiteral("_command"),
                           QStringLiteral("string"),
                           QStringLiteral("Command of the %1 process type of Heroku app %2: its "
                                          "line in the app's Procfile")
                               .arg(p.name, r.name)));
        const QString dynos = herokuDynos(p);
        w.comment(dynos.isEmpty()
                      ? QStringLiteral("The source does not give the formation's quantity")
                      : QStringLiteral("Heroku's formation: ") + dynos);
        w.attribute(QStringLiteral("instance_count"),
                    dynos.isEmpty() ? QStringLiteral("1")
                                    : p.attributes.value(QStringLiteral("quantity")));
        writeSize(w, QStringLiteral("instance_size_slug"), p, QStringLiteral("digitalocean_app"),
                  QStringLiteral("apps-s-1vcpu-1gb"));
        writeGitHub(w, repo, branch);
        w.end();
    }
    writeEnvironment(w, config, dbs);
    for (const QString &db : dbs) {
        const DatabaseEngine engine = databaseEngine(*plan.resource(db));
        w.blank();
        w.block(QStringLiteral("database"));
        w.string(QStringLiteral("name"), hyphenName(label.value(db), 32));
        w.string(QStringLiteral("engine"), engine.spec);
        w.attribute(QStringLiteral("production"), QStringLiteral("true"));
        w.attribute(QStringLiteral("cluster_name"),
                    QStringLiteral("digitalocean_database_cluster.") + label.value(db) +
                        QStringLiteral(".name"));
        w.end();
    }
    w.end(); // spec
    w.end();
    const QString address = QStringLiteral("digitalocean_app.") + l;
    outputs.append(l + QStringLiteral("_id|") + address + QStringLiteral(".id|"));
    outputs.append(l + QStringLiteral("_live_url|") + address + QStringLiteral(".live_url|"));
    outputs.append(l + QStringLiteral("_default_ingress|") + address +
                   QStringLiteral(".default_ingress|"));
}

} // namespace Ferry::TerraformExport::DigitalOcean
