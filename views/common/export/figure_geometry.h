// SPDX-License-Identifier: MIT
#pragma once
// The units every figure format is drawn in, and the sizes a FigureFormat asks for in them.

#include "common/export/figure_export.h"

#include <QSize>
#include <QSizeF>
#include <QtGlobal>

namespace dimscope::views::figure {

// The logical coordinate system every format is drawn in: 1 unit = 1/96 in, the unit QCustomPlot's
// pixel-valued pens, paddings and tick lengths were designed for, so a figure looks like the
// screen.
constexpr double kLogicalDpi = 96.0;
constexpr double kMmPerInch = 25.4;
constexpr double kMetersPerInch = 0.0254;

/// The figure's size in logical units (1/96 in); not whole numbers in general.
inline QSizeF logicalSize(const FigureFormat &format) {
    return {format.widthMm / kMmPerInch * kLogicalDpi, format.heightMm / kMmPerInch * kLogicalDpi};
}

/// The PNG's size in pixels at format.dpi.
inline QSize pngPixels(const FigureFormat &format) {
    return {qRound(format.widthMm / kMmPerInch * format.dpi),
            qRound(format.heightMm / kMmPerInch * format.dpi)};
}

/// QImage's unit for a resolution.
inline int dotsPerMeter(double dpi) { return qRound(dpi / kMetersPerInch); }

} // namespace dimscope::views::figure
