// SPDX-License-Identifier: MIT
#pragma once
// Tick labels as a paper prints them: a true minus sign (−0.5, not the hyphen of "-0.5") and
// powers of ten in superscript ("2.5 × 10⁻⁷", "10⁻⁵"). QCustomPlot's own powers cannot carry a
// minus sign: it finds the exponent by a hard-coded 'e' followed by ASCII '+', '-' or digits, and
// draws the hyphen.

#include <utility>

#include <qcustomplot.h>

#include "common/number_text.h"

namespace dimscope::views {

/// `Ticker` (QCPAxisTicker or one of its kinds) with its labels typeset.
template <class Ticker>
class TypesetTicker : public Ticker {
protected:
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar,
                         int precision) override {
        return typesetNumber(Ticker::getTickLabel(tick, locale, formatChar, precision));
    }
};

/// Gives the axes of `plot` typeset linear tickers (QCustomPlot's defaults are not), one shared
/// by each axis and its mirror so that the mirror's ticks follow.
inline void useTypesetTickers(QCustomPlot *plot) {
    for (const auto &[axis, mirror] :
         {std::pair{plot->xAxis, plot->xAxis2}, std::pair{plot->yAxis, plot->yAxis2}}) {
        const auto ticker = QSharedPointer<TypesetTicker<QCPAxisTicker>>::create();
        axis->setTicker(ticker);
        mirror->setTicker(ticker);
    }
}

} // namespace dimscope::views
