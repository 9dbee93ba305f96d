// SPDX-License-Identifier: MIT
#include "common/export/figure_paint.h"

#include "common/export/figure_exact_text.h"

#include <qcustomplot.h>

namespace dimscope::views::figure {

QSize wholeUnits(QSizeF size) {
    return {qMax(1, qRound(size.width())), qMax(1, qRound(size.height()))};
}

bool paintInFigureUnits(QPainter &target, QSizeF size, QSize whole, bool vector,
                        const std::function<void(QCPPainter &)> &draw) {
    // QCustomPlot takes whole logical pixels; the small remaining stretch (< 0.4 %) makes the
    // drawing fill the page exactly instead of leaving a sliver.
    ExactTextPaintDevice device(
        target, whole,
        QTransform::fromScale(size.width() / whole.width(), size.height() / whole.height()));
    QCPPainter painter;
    if (!painter.begin(&device))
        return false;
    // Cosmetic pens (width 0) would be a one-device-pixel hairline: invisible at 1200 dpi print.
    painter.setMode(QCPPainter::pmNonCosmetic);
    painter.setMode(QCPPainter::pmVectorized, vector);
    painter.setMode(QCPPainter::pmNoCaching);
    draw(painter);
    return painter.end();
}

bool drawPlot(QCustomPlot *plot, QPainter &target, QSizeF size, bool vector) {
    target.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    const QSize whole = wholeUnits(size);
    return paintInFigureUnits(target, size, whole, vector, [plot, whole](QCPPainter &painter) {
        plot->toPainter(&painter, whole.width(), whole.height());
    });
}

} // namespace dimscope::views::figure
