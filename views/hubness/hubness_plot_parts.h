// SPDX-License-Identifier: MIT
#pragma once
// Shared look of the hubness plots (hubness_plots.cpp, hubness_scatter.cpp). GUI thread only.

#include <algorithm>

#include <QColor>

#include <qcustomplot.h>

namespace dimscope::views::hubparts {

inline const QColor kHubColor(213, 94, 0); ///< vermillion: hubs in every plot
inline const QColor kRingColor(204, 0, 0); ///< reverse neighbours of the clicked point
inline const QColor kGrey(150, 150, 150);

/// Dots whose legend icon is drawn at a readable size, whatever the size on the plot: a 2 px
/// antihub dot was a speck beside its name.
class DotGraph : public QCPGraph {
public:
    using QCPGraph::QCPGraph;

protected:
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override {
        QCPScatterStyle style = scatterStyle();
        style.setSize(std::clamp(style.size(), 7.0, std::max(7.0, rect.height())));
        applyScattersAntialiasingHint(painter);
        style.applyTo(painter, pen());
        style.drawShape(painter, QRectF(rect).center());
    }
};

/// Markers only, for thousands of points: adaptive sampling merges overlaps on screen (export
/// turns it off), discs are translucent so density shows.
inline QCPGraph *makeDots(QCustomPlot *plot, const QString &name, const QColor &color, double size,
                          QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssDisc) {
    auto *g = new DotGraph(plot->xAxis, plot->yAxis);
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

} // namespace dimscope::views::hubparts
