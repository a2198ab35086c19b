// SPDX-License-Identifier: MIT
#include "jsonvalidator.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace Ferry {

namespace {

bool isSpace(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDigit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(unsigned char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(unsigned char c)
{
    return isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

/// Index of the first byte from `i` that ends plain string content (`"`, `\`, a control
/// character or a non-ASCII byte), or `n`.
size_t plainStringEnd(const unsigned char *p, size_t i, size_t n)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        // Signed: bytes >= 0x80 are negative, so "less than 0x20" catches them as well.
        const __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                         _mm_cmplt_epi8(v, space));
        if (const int mask = _mm_movemask_epi8(special))
            return i + size_t(__builtin_ctz(unsigned(mask)));
    }
#endif
    for (; i < n; ++i)
        if (p[i] == '"' || p[i] == '\\' || p[i] < 0x20 || p[i] >= 0x80)
            return i;
    return n;
}

} // namespace

QString JsonValidator::tooDeep()
{
    return QStringLiteral("nested more than %1 levels deep").arg(maxDepth());
}

bool JsonValidator::invalid(const QString &message)
{
    m_error = message;
    return false;
}

void JsonValidator::valueEnded()
{
    if (m_objects.empty())
        m_state = State::Done;
    else
        m_state = m_objects.back() ? State::ObjectNext : State::ArrayNext;
}

JsonValidator::Status JsonValidator::feed(const char *data, size_t n, bool atEnd, size_t *consumed)
{
    const auto *p = reinterpret_cast<const unsigned char *>(data);
    auto fail = [&](size_t at, const QString &message) {
        invalid(message);
        *consumed = at;
        return Status::Invalid;
    };
    size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        switch (m_state) {
        case State::Value:
        case State::FirstValueOrEnd:
            if (isSpace(c))
                break;
            if (m_state == State::FirstValueOrEnd && c == ']') {
                m_objects.pop_back();
                valueEnded();
                break;
            }
            // simdjson counts a scalar as a level of its own: maxDepth() containers hold only
            // empty containers.
            if (int(m_objects.size()) >= maxDepth())
                return fail(i, tooDeep());
            switch (c) {
            case '{':
            case '[':
                m_objects.push_back(c == '{');
                m_state = c == '{' ? State::FirstKeyOrEnd : State::FirstValueOrEnd;
                break;
            case '"':
                m_key = false;
                m_state = State::String;
                break;
            case '-':
                m_state = State::Minus;
                break;
            case '0':
                m_state = State::Zero;
                break;
            case 't':
                m_literal = "rue";
                m_state = State::Literal;
                break;
            case 'f':
                m_literal = "alse";
                m_state = State::Literal;
                break;
            case 'n':
                m_literal = "ull";
                m_state = State::Literal;
                break;
            default:
                if (c >= '1' && c <= '9') {
                    m_state = State::Integer;
                    break;
                }
                return fail(i, QStringLiteral("expected a value"));
            }
            break;
        case State::FirstKeyOrEnd:
        case State::Key:
            if (isSpace(c))
                break;
            if (m_state == State::FirstKeyOrEnd && c == '}') {
                m_objects.pop_back();
                valueEnded();
                break;
            }
            if (c != '"')
                return fail(i, QStringLiteral("expected a member name"));
            m_key = true;
            m_state = State::String;
            break;
        case State::Colon:
            if (isSpace(c))
                break;
            if (c != ':')
                return fail(i, QStringLiteral("expected ':'"));
            m_state = State::Value;
            break;
        case State::ObjectNext:
        case State::ArrayNext: {
            if (isSpace(c))
                break;
            const bool object = m_state == State::ObjectNext;
            if (c == ',') {
                m_state = object ? State::Key : State::Value;
            } else if (c == (object ? '}' : ']')) {
                m_objects.pop_back();
                valueEnded();
            } else {
                return fail(i, object ? QStringLiteral("expected ',' or '}'")
                                      : QStringLiteral("expected ',' or ']'"));
            }
            break;
        }
        case State::String:
            if (m_highSurrogate && c != '\\')
                return fail(i, QStringLiteral("\\u escape of a high surrogate without its low "
                                              "surrogate"));
            i = plainStringEnd(p, i, n);
            if (i == n)
                continue;
            if (p[i] == '"') {
                if (m_key)
                    m_state = State::Colon;
                else
                    valueEnded();
            } else if (p[i] == '\\') {
                m_state = State::Escape;
            } else if (p[i] < 0x20) {
                return fail(i, QStringLiteral("control character in a string (escape it)"));
            } else {
                const unsigned char b = p[i];
                m_low = 0x80;
                m_high = 0xBF;
                if (b >= 0xC2 && b <= 0xDF) {
                    m_count = 1;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    m_count = 2;
                    if (b == 0xE0)
                        m_low = 0xA0;
                    else if (b == 0xED)
                        m_high = 0x9F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    m_count = 3;
                    if (b == 0xF0)
                        m_low = 0x90;
                    else if (b == 0xF4)
                        m_high = 0x8F;
                } else {
                    return fail(i, QStringLiteral("invalid UTF-8"));
                }
                m_state = State::Utf8;
            }
            break;
        case State::Utf8:
            if (c < m_low || c > m_high)
                return fail(i, QStringLiteral("invalid UTF-8"));
            m_low = 0x80;
            m_high = 0xBF;
            if (--m_count == 0)
                m_state = State::String;
            break;
        case State::Escape:
            if (c == 'u') {
                m_count = 4;
                m_unit = 0;
                m_state = State::Unicode;
            } else if (m_highSurrogate) {
                return fail(i, QStringLiteral("\\u escape of a high surrogate without its low "
                                              "surrogate"));
            } else if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' ||
                       c == 'r' || c == 't') {
                m_state = State::String;
            } else {
                return fail(i, QStringLiteral("invalid escape in a string"));
            }
            break;
        case State::Unicode:
            if (!isHex(c))
                return fail(i, QStringLiteral("\\u needs four hex digits"));
            m_unit = uint16_t(m_unit << 4 | hexValue(c));
            if (--m_count > 0)
                break;
            // UTF-16 in escapes: a high surrogate must be followed by the escape of a low one.
            if (m_unit >= 0xDC00 && m_unit <= 0xDFFF) {
                if (!m_highSurrogate)
                    return fail(i, QStringLiteral("\\u escape of a low surrogate without its "
                                                  "high surrogate"));
                m_highSurrogate = false;
            } else if (m_highSurrogate) {
                return fail(i, QStringLiteral("\\u escape of a high surrogate without its low "
                                              "surrogate"));
            } else {
                m_highSurrogate = m_unit >= 0xD800 && m_unit <= 0xDBFF;
            }
            m_state = State::String;
            break;
        case State::Literal:
            if (c != uchar(*m_literal))
                return fail(i, QStringLiteral("expected a value"));
            if (*++m_literal == 0)
                valueEnded();
            break;
        case State::Minus:
            if (c == '0')
                m_state = State::Zero;
            else if (isDigit(c))
                m_state = State::Integer;
            else
                return fail(i, QStringLiteral("expected a digit after '-'"));
            break;
        case State::Dot:
            if (!isDigit(c))
                return fail(i, QStringLiteral("expected a digit after '.'"));
            m_state = State::Fraction;
            break;
        case State::Exponent:
            if (c == '+' || c == '-')
                m_state = State::ExponentSign;
            else if (isDigit(c))
                m_state = State::ExponentDigits;
            else
                return fail(i, QStringLiteral("expected a digit in the exponent"));
            break;
        case State::ExponentSign:
            if (!isDigit(c))
                return fail(i, QStringLiteral("expected a digit in the exponent"));
            m_state = State::ExponentDigits;
            break;
        case State::Zero:
        case State::Integer:
        case State::Fraction:
        case State::ExponentDigits:
            if (isDigit(c)) {
                if (m_state == State::Zero)
                    return fail(i, QStringLiteral("a number with a leading zero"));
                break;
            }
            if (c == '.' && m_state != State::Fraction && m_state != State::ExponentDigits) {
                m_state = State::Dot;
                break;
            }
            if ((c == 'e' || c == 'E') && m_state != State::ExponentDigits) {
                m_state = State::Exponent;
                break;
            }
            valueEnded(); // the byte after a number belongs to what follows it
            if (m_state == State::Done) {
                *consumed = i;
                return Status::Complete;
            }
            continue;
        case State::Done:
            *consumed = i;
            return Status::Complete;
        }
        ++i;
        if (m_state == State::Done) {
            *consumed = i;
            return Status::Complete;
        }
    }
    *consumed = n;
    if (!atEnd)
        return Status::NeedMore;
    if (m_state == State::Zero || m_state == State::Integer || m_state == State::Fraction ||
        m_state == State::ExponentDigits) {
        valueEnded();
        if (m_state == State::Done)
            return Status::Complete;
    }
    invalid(m_state == State::String || m_state == State::Escape || m_state == State::Unicode ||
                    m_state == State::Utf8
                ? QStringLiteral("unexpected end of input inside a string")
                : QStringLiteral("unexpected end of input inside a value"));
    return Status::Invalid;
}

bool JsonValidator::validate(const char *data, size_t n, size_t *errorAt, QString *error)
{
    JsonValidator v;
    size_t consumed = 0;
    const Status s = v.feed(data, n, true, &consumed);
    if (s == Status::Invalid) {
        *errorAt = consumed;
        *error = v.error();
        return false;
    }
    for (size_t i = consumed; i < n; ++i) {
        if (!isSpace(static_cast<unsigned char>(data[i]))) {
            *errorAt = i;
            *error = QStringLiteral("unexpected text after the value");
            return false;
        }
    }
    return true;
}

} // namespace Ferry
