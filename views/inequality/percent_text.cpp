// SPDX-License-Identifier: MIT
#include "inequality/number_text.h"

#include <cmath>

#include <QLocale>

namespace dimscope::views {

QString groupedNumber(std::int64_t v) {
    QLocale locale = QLocale::c();
    locale.setNumberOptions(QLocale::DefaultNumberOptions);
    return locale.toString(static_cast<qlonglong>(v)).replace(QLatin1Char(','), QChar(0x202F));
}

QString shortNumber(double v, int precision) {
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    return QLocale::c().toString(v, 'g', precision);
}

} // namespace dimscope::views

namespace dimscope::views::inequality_detail {

QString percentText(double share) {
    if (share >= 10)
        return QString::number(qRound(share));
    return shortNumber(share, 2);
}

} // namespace dimscope::views::inequality_detail
