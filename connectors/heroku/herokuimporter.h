// SPDX-License-Identifier: MIT
#pragma once

#include "importer.h"

namespace Ferry {

/// Imports Heroku `app.json` manifests (Heroku Dev Center, "app.json Schema"): the app, its
/// add-ons (`addons`, each a plan string such as `heroku-postgresql:essential-0` or an object
/// `{plan, as}`), its process types (`formation`: quantity and size) and the names of its config
/// vars (`env` keys; never their values or generators).
///
/// An app.json describes an app to deploy, not a deployed one, so it does not name the Heroku
/// app: the resource is named after the manifest's `name` as a Heroku app name (`Chatwoot` →
/// `chatwoot`; the folder's name where it has none), and the report says so. Ids:
/// `heroku:app:<app>`, `heroku:addon:<app>:<as or service>`, `heroku:formation:<app>-<type>`;
/// dependencies as the Terraform state gives them (app → add-on, data; process type → app,
/// membership). JSON with duplicate keys (as real manifests have) reads, the last value
/// counting. A manifest holding neither add-ons nor a formation nor config vars is still an
/// app; a JSON document that is not an object, or whose `addons`, `formation` or `env` has the
/// wrong shape, is refused with its position.
class HerokuImporter : public Importer
{
public:
    QString formatId() const override { return QStringLiteral("heroku"); }
    QString nameFilter() const override;
    QString expectedContent() const override
    {
        return QStringLiteral("a Heroku app.json manifest (name, addons, formation, env)");
    }
    bool canRead(const QByteArray &head, const QString &fileName) const override;
    bool read(const QString &path, Inventory *out, ImportReport *report, FileError *error,
              ImportProgress *progress = nullptr) const override;
};

} // namespace Ferry
