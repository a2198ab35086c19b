// SPDX-License-Identifier: MIT
#include "pgconninfo.h"

#include <libpq-fe.h>

#include <memory>
#include <stdexcept>
#include <string_view>

namespace Ferry {

std::string withConnectionParameters(const QString &conninfo,
                                     const std::vector<std::pair<std::string, std::string>> &extra,
                                     QString *error)
{
    char *message = nullptr;
    const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(conninfo.toUtf8().constData(), &message), &PQconninfoFree);
    if (!options) {
        if (error)
            *error = message ? QString::fromUtf8(message).trimmed()
                             : QStringLiteral("out of memory parsing a connection string");
        PQfreemem(message);
        return {};
    }
    auto quoted = [](const std::string &value) {
        std::string q = "'";
        for (char ch : value) {
            if (ch == '\\' || ch == '\'')
                q += '\\';
            q += ch;
        }
        return q + '\'';
    };
    std::string out;
    auto add = [&](const std::string &key, const std::string &value) {
        if (!out.empty())
            out += ' ';
        out += key + '=' + quoted(value);
    };
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        bool replaced = false;
        for (const auto &[key, value] : extra)
            replaced = replaced || key == o->keyword;
        if (!replaced)
            add(o->keyword, o->val);
    }
    for (const auto &[key, value] : extra)
        add(key, value);
    return out;
}

QStringList connectionHosts(const QString &conninfo, QString *error)
{
    char *message = nullptr;
    const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(conninfo.toUtf8().constData(), &message), &PQconninfoFree);
    if (!options) {
        *error = message ? QString::fromUtf8(message).trimmed()
                         : QStringLiteral("out of memory parsing a connection string");
        PQfreemem(message);
        return {};
    }
    QString host, hostaddr, service;
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        const std::string_view key = o->keyword;
        if (key == "host")
            host = QString::fromUtf8(o->val);
        else if (key == "hostaddr")
            hostaddr = QString::fromUtf8(o->val);
        else if (key == "service")
            service = QString::fromUtf8(o->val);
    }
    if (host.isEmpty() && hostaddr.isEmpty() && !service.isEmpty())
        return {QStringLiteral("service ") + service};
    QStringList hosts;
    for (const QString &h : (hostaddr.isEmpty() ? host : hostaddr).split(u','))
        hosts.append(h.trimmed().isEmpty() ? QStringLiteral("localhost") : h.trimmed().toLower());
    return hosts;
}

std::string withPassword(const QString &conninfo, const QString &password)
{
    if (password.isEmpty())
        return conninfo.toStdString();
    QString error;
    std::string s =
        withConnectionParameters(conninfo, {{"password", password.toStdString()}}, &error);
    if (s.empty())
        throw std::invalid_argument(error.toStdString());
    return s;
}

} // namespace Ferry
