// SPDX-License-Identifier: MIT
#pragma once
// Drawing a plot onto a painter in the figure's logical units, with exact font sizes.

#include <QSize>
#include <QSizeF>

#include <functional>

class QCustomPlot;
class QCPPainter;
class QPainter;

namespace dimscope::views::figure {

/// Runs `draw` with a QCPPainter whose device is `whole` units (whole numbers, as QCustomPlot
/// lays out in) stretched onto the `size` units of 1/96 in of `target` (active, logical DPI 96).
/// Vector mode (no pixel alignment) for PDF and SVG, non-cosmetic pens, no label caching. Text
/// comes out at exactly its point size (see ExactTextPaintDevice). False if painting could not
/// start.
bool paintInFigureUnits(QPainter &target, QSizeF size, QSize whole, bool vector,
                        const std::function<void(QCPPainter &)> &draw);

/// `size` rounded to whole units, at least 1 × 1.
QSize wholeUnits(QSizeF size);

/// Fills `size` units of `target` with white and draws the whole plot over it (see
/// paintInFigureUnits). False if painting could not start.
bool drawPlot(QCustomPlot *plot, QPainter &target, QSizeF size, bool vector);

} // namespace dimscope::views::figure
