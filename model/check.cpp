// SPDX-License-Identifier: MIT
#include "check.h"

#include <QRegularExpression>

namespace Ferry {

QString checkKindName(CheckKind kind)
{
    switch (kind) {
    case CheckKind::Dns:
        return QStringLiteral("dns");
    case CheckKind::Tcp:
        return QStringLiteral("tcp");
    case CheckKind::Tls:
        return QStringLiteral("tls");
    case CheckKind::Http:
        return QStringLiteral("http");
    case CheckKind::Postgres:
        break;
    }
    return QStringLiteral("postgres");
}

bool parseCheckKind(const QString &name, CheckKind *kind)
{
    for (CheckKind k : {CheckKind::Dns, CheckKind::Tcp, CheckKind::Tls, CheckKind::Http,
                        CheckKind::Postgres})
        if (checkKindName(k) == name) {
            *kind = k;
            return true;
        }
    return false;
}

QString checkTargetSecretProblem(const Check &check)
{
    // user:password@ in a URI (PostgreSQL or HTTP), or password= in a key=value string or query.
    static const QRegularExpression userInfo(QStringLiteral("^[a-z][a-z0-9+.-]*://[^/@]*:[^/@]*@"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression keyword(QStringLiteral("(^|[\\s?&])password\\s*="),
                                            QRegularExpression::CaseInsensitiveOption);
    if (userInfo.match(check.target).hasMatch() || keyword.match(check.target).hasMatch())
        return QStringLiteral("check '%1': its target holds a password; name an environment "
                              "variable with password_env instead (or use ~/.pgpass)")
            .arg(check.id);
    return QString();
}

} // namespace Ferry
