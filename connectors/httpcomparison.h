// SPDX-License-Identifier: MIT
#pragma once

#include "check.h"
#include "stringmap.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

class QNetworkAccessManager;
class QNetworkReply;

namespace Ferry {

/// What one side answered to the request of an `http-compare` check.
struct HttpAnswer
{
    int status = 0;                        ///< HTTP status; 0 when there was no answer
    QString error;                         ///< why there was no answer
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    QByteArray bodySha256;                 ///< hex
    qint64 bodyBytes = 0;
};

/// The verdict of comparing two answers.
struct HttpComparisonOutcome
{
    bool same = false;
    QString message;   ///< one line: what matched, or the first difference
    StringMap details; ///< both sides' status, compared headers, body size and SHA-256
};

/// Compares the source's and the target's answers: the status, each header in `headers`
/// (lower-case names; absent on both sides counts as equal) and, unless `compareBody` is false,
/// the body by its SHA-256.
HttpComparisonOutcome compareHttpAnswers(const HttpAnswer &source, const HttpAnswer &target,
                                         const QStringList &headers, bool compareBody);

/// The "answers as the source did" check (CheckKind::HttpCompare, docs/checks.md): the same
/// request — method, path and query, and the `host` expectation as the Host header when given
/// — sent at once to the source URL (the check's target) and to the target URL
/// (`compare_url`), redirects not followed so that they are compared too, and the answers
/// compared by compareHttpAnswers() with the `headers` expectation (comma-separated, default
/// `content-type`) and `body` (`hash`, the default, or `ignore`). Reads only: the method must be
/// GET or HEAD. Emits finished() once, unless aborted.
class HttpComparison : public QObject
{
    Q_OBJECT
public:
    HttpComparison(QNetworkAccessManager *network, const Check &check, const QSslConfiguration &ssl,
                   QObject *parent = nullptr);

    /// Sends both requests; a check that cannot be run as written finishes at once (error).
    void start();
    /// Stops both requests; finished() is not emitted.
    void abort();

signals:
    /// `error`: the check could not be run as written (bad URL, a writing method). `latencyMs`:
    /// until the slower side had answered (-1 on error).
    void finished(bool error, const Ferry::HttpComparisonOutcome &outcome, double latencyMs);

private:
    void sideDone(int side);

    QNetworkAccessManager *m_network;
    Check m_check;
    QSslConfiguration m_ssl;
    QPointer<QNetworkReply> m_replies[2];
    HttpAnswer m_answers[2];
    int m_pending = 0;
    QElapsedTimer m_clock;
    bool m_aborted = false;
};

} // namespace Ferry
