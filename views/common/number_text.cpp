// SPDX-License-Identifier: MIT
#include "common/number_text.h"

#include <algorithm>
#include <cmath>

#include <QLocale>

namespace dimscope::views {

namespace {

const QChar minusSign(0x2212);
const QChar narrowNoBreakSpace(0x202F);

/// "2.500" → "2.5", "3.000" → "3", "120" → "120".
QString withoutTrailingZeros(QString text) {
    if (!text.contains(QLatin1Char('.')))
        return text;
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

QString withMinusSign(QString text) { return text.replace(QLatin1Char('-'), minusSign); }

} // namespace

QString numberText(double v, int significant) {
    if (std::isnan(v))
        return QStringLiteral("–");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("∞") : QString(minusSign) + QStringLiteral("∞");
    if (v == 0)
        return QStringLiteral("0");
    significant = std::clamp(significant, 1, 17);
    // The exponent after rounding to `significant` digits: 9.9996 at 4 digits is 1.000e+01.
    const QString scientific = QString::number(v, 'e', significant - 1);
    const int e = scientific.indexOf(QLatin1Char('e'));
    const int exponent = scientific.mid(e + 1).toInt();
    if (exponent >= -4 && exponent < 6) {
        const int decimals = std::max(0, significant - 1 - exponent);
        return withMinusSign(withoutTrailingZeros(QString::number(v, 'f', decimals)));
    }
    return timesTenTo(withMinusSign(withoutTrailingZeros(scientific.left(e))), exponent);
}

QString fixedText(double v, int decimals) {
    return withMinusSign(QString::number(v, 'f', decimals));
}

QString groupedNumber(std::int64_t v) {
    QLocale locale = QLocale::c();
    locale.setNumberOptions(QLocale::DefaultNumberOptions);
    return withMinusSign(
        locale.toString(static_cast<qlonglong>(v)).replace(QLatin1Char(','), narrowNoBreakSpace));
}

QString superscript(long long v) {
    static const QChar digits[] = {QChar(0x2070), QChar(0x00B9), QChar(0x00B2), QChar(0x00B3),
                                   QChar(0x2074), QChar(0x2075), QChar(0x2076), QChar(0x2077),
                                   QChar(0x2078), QChar(0x2079)};
    QString text;
    for (QChar c : QString::number(v))
        text += c == QLatin1Char('-') ? QChar(0x207B) : digits[c.digitValue()];
    return text;
}

QString subscript(long long v) {
    QString text = QString::number(v);
    for (QChar &c : text)
        c = c == QLatin1Char('-') ? QChar(0x208B) : QChar(0x2080 + c.digitValue());
    return text;
}

QString typesetNumber(const QString &formatted) {
    const int e = formatted.indexOf(QLatin1Char('e'));
    bool isExponent = false;
    const long long exponent = e > 0 ? formatted.mid(e + 1).toLongLong(&isExponent) : 0;
    if (!isExponent)
        return withMinusSign(formatted);
    const QString mantissa = formatted.left(e);
    if (mantissa == QLatin1String("1"))
        return QStringLiteral("10") + superscript(exponent);
    if (mantissa == QLatin1String("-1"))
        return QString(minusSign) + QStringLiteral("10") + superscript(exponent);
    return timesTenTo(withMinusSign(mantissa), exponent);
}

QString timesTenTo(const QString &mantissa, long long exponent) {
    return mantissa + narrowNoBreakSpace + QChar(0x00D7) + narrowNoBreakSpace +
           QStringLiteral("10") + superscript(exponent);
}

} // namespace dimscope::views
