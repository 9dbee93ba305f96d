// SPDX-License-Identifier: MIT
#pragma once
// Shared look of the hubness plots (hubness_plots.cpp, hubness_scatter.cpp). GUI thread only.

#include <QColor>

#include <qcustomplot.h>

namespace dimscope::views::hubparts {

inline const QColor kHubColor(213, 94, 0); ///< vermillion: hubs in every plot
inline const QColor kRingColor(204, 0, 0); ///< reverse neighbours of the clicked point
inline const QColor kGrey(150, 150, 150);

/// Markers only, for thousands of points: adaptive sampling merges overlaps on screen (export
/// turns it off), discs are translucent so density shows.
inline QCPGraph *makeDots(QCustomPlot *plot, const QString &name, const QColor &color, double size,
                          QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssDisc) {
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setAdaptiveSampling(true);
    const bool disc = shape == QCPScatterStyle::ssDisc;
    QColor fill = color;
    fill.setAlpha(disc ? 170 : 255);
    g->setPen(QPen(color.darker(120), 0.8));
    g->setScatterStyle(QCPScatterStyle(shape,
                                       QPen(disc ? color.darker(130) : color, disc ? 0.4 : 1.5),
                                       disc ? QBrush(fill) : QBrush(Qt::NoBrush), size));
    return g;
}

/// Small legend symbols: the default 32 × 18 px icons make legends wider than the data.
inline void compactLegend(QCustomPlot *plot) {
    plot->legend->setIconSize(16, 10);
    plot->legend->setIconTextPadding(4);
    plot->legend->setRowSpacing(0);
}

/// The legend as a row between the title and the axes (call before setPlotTitle): over a
/// histogram it would hide bars or the reference curve, whichever way the data lean.
inline void legendAbove(QCustomPlot *plot) {
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setColumnSpacing(10);
    plot->legend->setMargins(QMargins(4, 0, 4, 0));
}

} // namespace dimscope::views::hubparts
