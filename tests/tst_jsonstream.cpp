// SPDX-License-Identifier: MIT
// JsonStream: value boundaries checked against an independent parser (QJsonDocument) on random
// values full of the characters that break naive splitters, from memory and from a file read in
// windows; separators, errors and their offsets; simdjson's padding guarantee; the validator's
// verdicts where RFC 8259 leaves a choice.
#include "jsonstream.h"
#include "jsonvalidator.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>

using namespace Ferry;

namespace {

/// A random string with quotes, backslashes, brackets, control characters and non-ASCII text.
QString randomString(QRandomGenerator &rng)
{
    static const QString alphabet = QStringLiteral("ab\"\\{}[],: \n\t/é€😀x0123456789");
    QString s;
    const int n = rng.bounded(0, rng.bounded(0, 4) == 0 ? 300 : 20); // some cross 64-byte blocks
    for (int i = 0; i < n; ++i) {
        const int c = rng.bounded(alphabet.size());
        s += alphabet.at(c);
        if (alphabet.at(c).isHighSurrogate())
            s += alphabet.at(c + 1);
        else if (alphabet.at(c).isLowSurrogate())
            s.chop(1);
    }
    return s;
}

QJsonValue randomValue(QRandomGenerator &rng, int depth)
{
    switch (rng.bounded(0, depth > 4 ? 4 : 6)) {
    case 0:
        return randomString(rng);
    case 1:
        return rng.bounded(-1000000, 1000000) / 8.0;
    case 2:
        return rng.bounded(2) == 0;
    case 3:
        return QJsonValue(QJsonValue::Null);
    case 4: {
        QJsonArray a;
        for (int i = rng.bounded(0, 6); i > 0; --i)
            a.append(randomValue(rng, depth + 1));
        return a;
    }
    default: {
        QJsonObject o;
        for (int i = rng.bounded(0, 6); i > 0; --i)
            o.insert(randomString(rng), randomValue(rng, depth + 1));
        return o;
    }
    }
}

/// Parses one value on its own with QJsonDocument (wrapped in an array, so scalars parse too).
QJsonValue parsed(const JsonStream::Span &s)
{
    QJsonParseError error;
    const QByteArray text = '[' + QByteArray(s.data, qsizetype(s.size)) + ']';
    const QJsonDocument d = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue(QJsonValue::Undefined);
    return d.array().at(0);
}

} // namespace

Q_DECLARE_METATYPE(Ferry::JsonStream::Scan)

class TestJsonStream : public QObject
{
    Q_OBJECT

private slots:
    void elementsMatchQJsonDocument_data()
    {
        QTest::addColumn<bool>("fromDevice");
        QTest::addColumn<bool>("compact");
        QTest::addColumn<JsonStream::Scan>("scan");
        const std::pair<const char *, JsonStream::Scan> scans[] = {
            {"AVX2", JsonStream::Scan::Avx2},
            {"SSE2", JsonStream::Scan::Portable},
            {"bytes", JsonStream::Scan::Bytes}};
        for (const auto &[name, scan] : scans) {
            QTest::addRow("memory, indented, %s", name) << false << false << scan;
            QTest::addRow("memory, compact, %s", name) << false << true << scan;
            QTest::addRow("device, indented, %s", name) << true << false << scan;
            QTest::addRow("device, compact, %s", name) << true << true << scan;
        }
    }

    void elementsMatchQJsonDocument()
    {
        QFETCH(bool, fromDevice);
        QFETCH(bool, compact);
        QFETCH(JsonStream::Scan, scan);
        if (!JsonStream::setScan(scan))
            QSKIP("this processor has no AVX2 (the other rows test the other scans)");
        const auto restore = qScopeGuard([] { JsonStream::setScan(JsonStream::Scan::Auto); });
        QRandomGenerator rng(2026);
        QJsonArray values;
        // Over 3 MiB, so the device input is read in several windows and values straddle them.
        for (qsizetype size = 0; size < 3 * 1024 * 1024;) {
            const QJsonValue v = randomValue(rng, 0);
            values.append(v);
            size += QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).size();
        }
        QByteArray text = QJsonDocument(values).toJson(compact ? QJsonDocument::Compact
                                                               : QJsonDocument::Indented);
        QBuffer buffer(&text);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        JsonStream js = fromDevice ? JsonStream(&buffer) : JsonStream(text);
        QVERIFY(js.enterArray());
        qsizetype i = 0;
        while (js.nextElement()) {
            JsonStream::Span span;
            QCOMPARE(js.value(&span), JsonStream::Result::Ok);
            QVERIFY(span.capacity >= span.size + 64);
            QVERIFY(i < values.size());
            QCOMPARE(parsed(span), values.at(i));
            // The span starts where its offset says.
            QCOMPARE(text.mid(qsizetype(span.offset), qsizetype(span.size)),
                     QByteArray(span.data, qsizetype(span.size)));
            ++i;
        }
        QVERIFY2(!js.hasError(), qPrintable(js.errorMessage()));
        QCOMPARE(i, values.size());
        QVERIFY(js.atEnd());
    }

    void membersAndSkipping()
    {
        const QByteArray text =
            " { \"a\" : [1, {\"x\": \"}]\"}], \"b\\\"c\": \"v\", \"n\": -1.5e3 ,\"t\":true} ";
        JsonStream js(text);
        QVERIFY(js.enterObject());
        std::string key;
        QVERIFY(js.nextMember(&key));
        QCOMPARE(QByteArray::fromStdString(key), QByteArray("a"));
        QVERIFY(js.skipValue());
        QVERIFY(js.nextMember(&key));
        QCOMPARE(QByteArray::fromStdString(key), QByteArray("b\\\"c")); // as written
        JsonStream::Span s;
        QCOMPARE(js.value(&s), JsonStream::Result::Ok);
        QCOMPARE(QByteArray(s.data, qsizetype(s.size)), QByteArray("\"v\""));
        QVERIFY(js.nextMember(&key));
        QCOMPARE(js.value(&s), JsonStream::Result::Ok);
        QCOMPARE(QByteArray(s.data, qsizetype(s.size)), QByteArray("-1.5e3"));
        QVERIFY(js.nextMember(&key));
        QCOMPARE(js.value(&s), JsonStream::Result::Ok);
        QCOMPARE(QByteArray(s.data, qsizetype(s.size)), QByteArray("true"));
        QVERIFY(!js.nextMember(&key));
        QVERIFY(!js.hasError());
        QVERIFY(js.atEnd());
    }

    void tooLargeConsumesNothing()
    {
        const QByteArray text = "[{\"instances\": [1, 2, 3]}, 7]";
        JsonStream js(text);
        QVERIFY(js.enterArray());
        QVERIFY(js.nextElement());
        JsonStream::Span s;
        QCOMPARE(js.value(&s, 5), JsonStream::Result::TooLarge);
        QVERIFY(!js.hasError());
        QVERIFY(js.enterObject()); // the caller can now walk into it
        std::string key;
        QVERIFY(js.nextMember(&key));
        QCOMPARE(QByteArray::fromStdString(key), QByteArray("instances"));
        QVERIFY(js.skipValue());
        QVERIFY(!js.nextMember(&key));
        QVERIFY(js.nextElement());
        QCOMPARE(js.value(&s, 5), JsonStream::Result::Ok);
        QCOMPARE(QByteArray(s.data, qsizetype(s.size)), QByteArray("7"));
        QVERIFY(!js.nextElement());
        QVERIFY(js.atEnd());
    }

    void errorsAreLocated_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing comma")
            << QByteArray("[1 2]") << qint64(3) << QStringLiteral("expected ',' or ']'");
        QTest::newRow("missing colon")
            << QByteArray("{\"a\" 1}") << qint64(5) << QStringLiteral("expected ':'");
        QTest::newRow("trailing comma")
            << QByteArray("[1,]") << qint64(3) << QStringLiteral("expected a value");
        QTest::newRow("unterminated")
            << QByteArray("[{\"a\": \"x}]") << qint64(11)
            << QStringLiteral("invalid JSON: unexpected end of input inside a string");
        // Skipped values are checked too, wherever they are.
        QTest::newRow("bad literal") << QByteArray("[1, tru]") << qint64(7)
                                     << QStringLiteral("invalid JSON: expected a value");
        QTest::newRow("bad nested number")
            << QByteArray("[{\"a\": [1, 01]}]") << qint64(12) // the digit after the zero
            << QStringLiteral("invalid JSON: a number with a leading zero");
        QTest::newRow("raw control character")
            << QByteArray("[\"a\tb\"]") << qint64(3)
            << QStringLiteral("invalid JSON: control character in a string (escape it)");
        QTest::newRow("overlong UTF-8") << QByteArray("[\"\xc0\xaf\"]") << qint64(2)
                                        << QStringLiteral("invalid JSON: invalid UTF-8");
        QTest::newRow("garbage after")
            << QByteArray("[1]\n x") << qint64(5)
            << QStringLiteral("unexpected text after the end of the JSON value");
        QTest::newRow("not an array")
            << QByteArray("7") << qint64(0) << QStringLiteral("expected an array");
    }

    void errorsAreLocated()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, offset);
        QFETCH(QString, message);
        for (bool fromDevice : {false, true}) {
            QBuffer buffer(&text);
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            JsonStream js = fromDevice ? JsonStream(&buffer) : JsonStream(text);
            std::string key;
            if (text.startsWith('{')) {
                if (js.enterObject())
                    while (js.nextMember(&key))
                        if (!js.skipValue())
                            break;
            } else if (js.enterArray()) {
                while (js.nextElement())
                    if (!js.skipValue())
                        break;
            }
            if (!js.hasError())
                js.atEnd();
            QVERIFY(js.hasError());
            QCOMPARE(js.errorMessage(), message);
            QCOMPARE(js.errorOffset(), offset);
        }
    }

    // Where RFC 8259 leaves a choice, the validator refuses what simdjson (which reads the
    // states afterwards) refuses; each verdict checked against simdjson 3.1 by hand.
    void validatorDecidesAsSimdjson_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("offset");
        const auto nested = [](const char *open, int depth, const char *inner,
                               const char *close) -> QByteArray {
            return QByteArray(open).repeated(depth) + inner + QByteArray(close).repeated(depth);
        };
        QTest::newRow("surrogate pair") << QByteArray(R"("\uD83D\uDE00")") << true << qint64(0);
        QTest::newRow("lone high surrogate") << QByteArray(R"("\uD800")") << false << qint64(7);
        QTest::newRow("lone low surrogate") << QByteArray(R"("\uDC00")") << false << qint64(6);
        QTest::newRow("high then letter") << QByteArray(R"("\uD800A")") << false << qint64(7);
        QTest::newRow("high then other escape")
            << QByteArray(R"("\uD800\n")") << false << qint64(8);
        QTest::newRow("high then plain escape")
            << QByteArray(R"("\uD800\u0041")") << false << qint64(12);
        QTest::newRow("two highs") << QByteArray(R"("\uD800\uDBFF")") << false << qint64(12);
        QTest::newRow("1,024 arrays, empty inside")
            << nested("[", 1024, "", "]") << true << qint64(0);
        QTest::newRow("1,025 arrays") << nested("[", 1025, "", "]") << false << qint64(1024);
        QTest::newRow("1,024 arrays around a number")
            << nested("[", 1024, "1", "]") << false << qint64(1024);
        QTest::newRow("1,023 arrays around a string")
            << nested("[", 1023, R"("x")", "]") << true << qint64(0);
        QTest::newRow("1,024 objects around a number")
            << nested(R"({"a":)", 1024, "1", "}") << false << qint64(5 * 1024);
        QTest::newRow("1,024 objects, empty inside")
            << nested(R"({"a":)", 1023, "{}", "}") << true << qint64(0);
    }

    void validatorDecidesAsSimdjson()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QFETCH(qint64, offset);
        size_t at = 0;
        QString message;
        QCOMPARE(JsonValidator::validate(text.constData(), size_t(text.size()), &at, &message),
                 valid);
        if (!valid) {
            QCOMPARE(qint64(at), offset);
            QVERIFY(!message.isEmpty());
        }
        // Byte by byte: the same verdict at the same byte.
        JsonValidator v;
        JsonValidator::Status status = JsonValidator::Status::NeedMore;
        qint64 i = 0;
        for (; i < text.size() && status == JsonValidator::Status::NeedMore; ++i) {
            size_t consumed = 0;
            status = v.feed(text.constData() + i, 1, i + 1 == text.size(), &consumed);
        }
        QCOMPARE(status, valid ? JsonValidator::Status::Complete : JsonValidator::Status::Invalid);
        if (!valid)
            QCOMPARE(i - 1, offset);
    }

    void lineColumnFromDevice()
    {
        QByteArray text = "[\n  1,\n  2 3\n]";
        QBuffer buffer(&text);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        JsonStream js(&buffer);
        QVERIFY(js.enterArray());
        while (js.nextElement())
            QVERIFY(js.skipValue());
        QVERIFY(js.hasError());
        int line = 0, column = 0;
        js.lineColumn(js.errorOffset(), &line, &column);
        QCOMPARE(line, 3);
        QCOMPARE(column, 5); // at the "3"
    }
};

QTEST_GUILESS_MAIN(TestJsonStream)
#include "tst_jsonstream.moc"
