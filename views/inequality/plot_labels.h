// SPDX-License-Identifier: MIT
#pragma once
// Text on the inequality plots that never hides what it labels: labels on a layer of their own
// above lines and bars, vertical markers with a label beside their line, and the placement that
// runs at every layout (screen and export) so it fits the size and fonts actually drawn:
//   layoutOnEveryReplot — a histogram's marker and bar labels in rows that do not collide;
//   placeNear           — one label next to a point, where it covers the fewest scatter points.
// Only InequalityPlots uses these. GUI thread only.

#include <optional>

#include <QColor>
#include <QLineF>
#include <QList>
#include <QMetaObject>
#include <QPair>
#include <QPen>
#include <QPointF>
#include <QString>

class QCustomPlot;
class QCPBars;
class QCPItemStraightLine;
class QCPItemText;
class QCPLayer;

namespace dimscope::views::inequality_detail {

/// A vertical line across a plot with a label near its top (R = 1, the median, the search's worst
/// R). The label's place is chosen at every layout (layoutOnEveryReplot): on a layer above the
/// lines and bars, beside its line, and in a row of its own when it would meet another label.
struct VerticalMarker {
    QCPItemStraightLine *line = nullptr;
    QCPItemText *label = nullptr;
    void place(double x, const QString &text);
    void hide();
    bool visible() const;
    double x() const;
};

/// The layer of all text items: above the bars, points and marker lines ("main"), so no line or
/// bar is ever drawn across a label.
QCPLayer *labelLayer(QCustomPlot *plot);
/// A text item on the label layer, on a translucent white box, clipped to the axis rect.
QCPItemText *makeLabel(QCustomPlot *plot, const QColor &color);
/// A hidden marker; its label is put in place by layoutOnEveryReplot at every layout.
VerticalMarker makeMarker(QCustomPlot *plot, const QPen &pen);

/// Puts `label` next to the pixel `anchor`, inside the axis rect, where it covers the fewest
/// scatter points of the plot, neither the anchor nor `avoid` (an arrow).
void placeNear(QCustomPlot *plot, QCPItemText *label, QPointF anchor, std::optional<QLineF> avoid);

/// Lays out the labels of `markers` (in this order, after the labels of `barLabels`' bars) at
/// every layout of `plot`: each beside its line or above its bar, in the highest row where it
/// meets no label placed before it, crosses no other marker's line and covers the fewest bars.
QMetaObject::Connection layoutOnEveryReplot(QCustomPlot *plot, QList<VerticalMarker *> markers,
                                            QList<QPair<QCPItemText *, QCPBars *>> barLabels);

} // namespace dimscope::views::inequality_detail
