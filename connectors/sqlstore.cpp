// SPDX-License-Identifier: MIT
#include "sqlstore.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace Ferry {

namespace {

QAtomicInteger<quint64> g_connections;

} // namespace

SqlStore::SqlStore(const QString &purpose)
    : m_purpose(purpose)
    , m_connection(QStringLiteral("ferry-store-%1").arg(g_connections.fetchAndAddRelaxed(1)))
{}

SqlStore::~SqlStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connection))
        QSqlDatabase::removeDatabase(m_connection);
}

QString SqlStore::defaultLocation(const QString &planFile)
{
    const QFileInfo fi(planFile);
    QString base = fi.fileName();
    if (base.endsWith(QLatin1String(".yaml")))
        base.chop(5);
    else if (base.endsWith(QLatin1String(".yml")))
        base.chop(4);
    return fi.absoluteDir().filePath(base + QStringLiteral("-runs.sqlite"));
}

bool SqlStore::isOpen() const
{
    return QSqlDatabase::database(m_connection, false).isOpen();
}

QSqlDatabase SqlStore::database() const
{
    return QSqlDatabase::database(m_connection, false);
}

QString SqlStore::error(const QString &what, const QSqlError &e) const
{
    return QStringLiteral("%1: %2: %3").arg(m_purpose, what, e.text().trimmed());
}

bool SqlStore::open(const QString &location, QString *error)
{
    m_location = location;
    m_postgres = location.startsWith(QLatin1String("postgresql://")) ||
                 location.startsWith(QLatin1String("postgres://"));
    QSqlDatabase db;
    if (m_postgres) {
        const QUrl url(location);
        if (!url.isValid() || url.host().isEmpty()) {
            *error = QStringLiteral("%1: %2 is not a postgresql:// URI").arg(m_purpose, location);
            return false;
        }
        if (!url.password().isEmpty()) {
            *error = QStringLiteral("%1: the URI holds a password; use PGPASSWORD or "
                                    "~/.pgpass instead")
                         .arg(m_purpose);
            return false;
        }
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
            *error = QStringLiteral("%1: Qt's PostgreSQL driver (QPSQL) is not installed")
                         .arg(m_purpose);
            return false;
        }
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connection);
        db.setHostName(url.host());
        if (url.port() > 0)
            db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
        // libpq options from the query (sslmode, sslrootcert, connect_timeout…).
        QStringList options;
        for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
            options.append(key + u'=' + value);
        if (!QUrlQuery(url).hasQueryItem(QStringLiteral("connect_timeout")))
            options.append(QStringLiteral("connect_timeout=10"));
        db.setConnectOptions(options.join(u';'));
    } else {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
            *error =
                QStringLiteral("%1: Qt's SQLite driver (QSQLITE) is not installed").arg(m_purpose);
            return false;
        }
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(location);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    }
    if (!db.open()) {
        *error = this->error(QStringLiteral("cannot open %1").arg(location), db.lastError());
        return false;
    }
    if (!m_postgres) {
        QSqlQuery q(db);
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"})
            if (!q.exec(QString::fromLatin1(pragma))) {
                *error = this->error(QStringLiteral("cannot set %1").arg(QLatin1String(pragma)),
                                     q.lastError());
                db.close();
                return false;
            }
    }
    return true;
}

} // namespace Ferry
