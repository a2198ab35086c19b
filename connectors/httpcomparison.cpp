// SPDX-License-Identifier: MIT
#include "httpcomparison.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace Ferry {

namespace {

QString shortHash(const QByteArray &hex)
{
    return QString::fromLatin1(hex.left(12));
}

} // namespace

HttpComparisonOutcome compareHttpAnswers(const HttpAnswer &source, const HttpAnswer &target,
                                         const QStringList &headers, bool compareBody)
{
    HttpComparisonOutcome o;
    const HttpAnswer *sides[2] = {&source, &target};
    const char *names[2] = {"source", "target"};
    for (int i = 0; i < 2; ++i) {
        const QString side = QString::fromLatin1(names[i]);
        o.details.insert(side + QStringLiteral("_status"), QString::number(sides[i]->status));
        for (const QString &h : headers)
            o.details.insert(side + QStringLiteral("_header ") + h,
                             QString::fromUtf8(sides[i]->headers.value(h.toLatin1())));
        if (compareBody) {
            o.details.insert(side + QStringLiteral("_body_bytes"),
                             QString::number(sides[i]->bodyBytes));
            o.details.insert(side + QStringLiteral("_body_sha256"),
                             QString::fromLatin1(sides[i]->bodySha256));
        }
    }
    if (source.status == 0)
        return o.message = QStringLiteral("the source did not answer: %1").arg(source.error), o;
    if (target.status == 0)
        return o.message = QStringLiteral("the target did not answer: %1").arg(target.error), o;
    if (source.status != target.status) {
        o.message = QStringLiteral("HTTP %1 from the source, %2 from the target")
                        .arg(source.status)
                        .arg(target.status);
        return o;
    }
    for (const QString &h : headers) {
        const QByteArray a = source.headers.value(h.toLatin1());
        const QByteArray b = target.headers.value(h.toLatin1());
        if (a != b) {
            o.message = QStringLiteral("header %1 differs: \"%2\" from the source, \"%3\" from "
                                       "the target")
                            .arg(h, QString::fromUtf8(a), QString::fromUtf8(b));
            return o;
        }
    }
    if (compareBody && source.bodySha256 != target.bodySha256) {
        o.message = QStringLiteral("HTTP %1 on both, but the bodies differ: %2 bytes (sha256 %3…) "
                                   "from the source, %4 bytes (%5…) from the target")
                        .arg(source.status)
                        .arg(source.bodyBytes)
                        .arg(shortHash(source.bodySha256))
                        .arg(target.bodyBytes)
                        .arg(shortHash(target.bodySha256));
        return o;
    }
    o.same = true;
    o.message = QStringLiteral("the same answer: HTTP %1, %2 header(s)%3")
                    .arg(source.status)
                    .arg(headers.size())
                    .arg(compareBody ? QStringLiteral(", body %1 bytes (sha256 %2…)")
                                           .arg(source.bodyBytes)
                                           .arg(shortHash(source.bodySha256))
                                     : QString());
    return o;
}

HttpComparison::HttpComparison(QNetworkAccessManager *network, const Check &check,
                               const QSslConfiguration &ssl, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_check(check)
    , m_ssl(ssl)
{}

void HttpComparison::start()
{
    const QUrl urls[2] = {QUrl(m_check.target),
                          QUrl(m_check.expect.value(QStringLiteral("compare_url")))};
    auto refuse = [this](const QString &why) {
        HttpComparisonOutcome o;
        o.message = why;
        emit finished(true, o, -1);
    };
    for (const QUrl &u : urls)
        if (!u.isValid() || u.host().isEmpty() ||
            (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")))
            return refuse(QStringLiteral("%1 is not an http(s) URL (the target, and compare_url)")
                              .arg(u.toString()));
    const QByteArray method =
        m_check.expect.value(QStringLiteral("method"), QStringLiteral("GET")).toUpper().toLatin1();
    if (method != "GET" && method != "HEAD")
        return refuse(QStringLiteral("method %1: a check only reads (GET or HEAD)")
                          .arg(QString::fromLatin1(method)));
    m_clock.start();
    m_pending = 2;
    for (int i = 0; i < 2; ++i) {
        QNetworkRequest request(urls[i]);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setHeader(QNetworkRequest::UserAgentHeader,
                          QStringLiteral("Ferry connection check"));
        if (const QString host = m_check.expect.value(QStringLiteral("host")); !host.isEmpty())
            request.setRawHeader("Host", host.toLatin1());
        request.setSslConfiguration(m_ssl);
        m_replies[i] = m_network->sendCustomRequest(request, method);
        connect(m_replies[i], &QNetworkReply::finished, this, [this, i] { sideDone(i); });
    }
}

void HttpComparison::sideDone(int side)
{
    QNetworkReply *reply = m_replies[side];
    if (m_aborted || !reply)
        return;
    HttpAnswer &a = m_answers[side];
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (a.status == 0)
        a.error = reply->errorString();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        a.headers.insert(name.toLower(), value);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const QByteArray body = reply->readAll();
    hash.addData(body);
    a.bodySha256 = hash.result().toHex();
    a.bodyBytes = body.size();
    reply->deleteLater();
    if (--m_pending > 0)
        return;
    const double latencyMs = double(m_clock.nsecsElapsed()) / 1e6; // the slower side's answer
    QStringList headers;
    for (const QString &h :
         m_check.expect.value(QStringLiteral("headers"), QStringLiteral("content-type"))
             .split(u',', Qt::SkipEmptyParts))
        if (!h.trimmed().isEmpty())
            headers.append(h.trimmed().toLower());
    const bool compareBody = m_check.expect.value(QStringLiteral("body"), QStringLiteral("hash")) !=
                             QLatin1String("ignore");
    emit finished(false, compareHttpAnswers(m_answers[0], m_answers[1], headers, compareBody),
                  latencyMs);
}

void HttpComparison::abort()
{
    m_aborted = true;
    for (QPointer<QNetworkReply> &r : m_replies)
        if (r)
            r->abort();
}

} // namespace Ferry
