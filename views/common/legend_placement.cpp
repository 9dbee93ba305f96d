// SPDX-License-Identifier: MIT
#include "common/legend_placement.h"

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace dimscope::views {
namespace {

/// Points per plottable that are scored: enough to trace any curve at figure resolution.
constexpr int kSamples = 1500;
/// A covered label counts as much as this many data points.
constexpr int kLabelWeight = 200;

int legendIndex(QCPLayoutInset *inset, QCPLegend *legend) {
    for (int i = 0; i < inset->elementCount(); ++i)
        if (inset->elementAt(i) == legend)
            return i;
    return -1;
}

/// Where the inset layout puts a legend of `size` aligned so: a corner, or centred along an edge.
QRect atCorner(const QRect &area, QSize size, Qt::Alignment corner) {
    const int x = corner & Qt::AlignLeft      ? area.left()
                  : corner & Qt::AlignHCenter ? area.left() + (area.width() - size.width()) / 2
                                              : area.right() + 1 - size.width();
    const int y = corner & Qt::AlignTop       ? area.top()
                  : corner & Qt::AlignVCenter ? area.top() + (area.height() - size.height()) / 2
                                              : area.bottom() + 1 - size.height();
    return {QPoint(x, y), size};
}

/// Samples of the data containers of graphs and curves (and the bar tops), with the segments'
/// midpoints, so a sparse line crossing a corner counts too.
template <class Container, class Plottable>
int coveredPoints(const Plottable *plottable, const Container &data, const QRectF &box) {
    const int n = data.size();
    if (n == 0)
        return 0;
    const int step = std::max(1, n / kSamples);
    int covered = 0;
    QPointF previous;
    bool havePrevious = false;
    for (int i = 0; i < n; i += step) {
        const auto it = data.constBegin() + i;
        if (!std::isfinite(it->mainKey()) || !std::isfinite(it->mainValue())) {
            havePrevious = false;
            continue;
        }
        const QPointF point = plottable->coordsToPixels(it->mainKey(), it->mainValue());
        covered += box.contains(point);
        if (havePrevious)
            covered += box.contains((point + previous) / 2);
        previous = point;
        havePrevious = true;
    }
    return covered;
}

int coveredBy(QCustomPlot *plot, QCPAxisRect *rect, const QRectF &box) {
    int covered = 0;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *p = plot->plottable(i);
        if (!p->visible() || !p->keyAxis() || p->keyAxis()->axisRect() != rect)
            continue;
        if (auto *graph = qobject_cast<QCPGraph *>(p))
            covered += coveredPoints(graph, *graph->data(), box);
        else if (auto *curve = qobject_cast<QCPCurve *>(p))
            covered += coveredPoints(curve, *curve->data(), box);
        else if (auto *bars = qobject_cast<QCPBars *>(p))
            covered += coveredPoints(bars, *bars->data(), box);
    }
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto *text = qobject_cast<QCPItemText *>(plot->item(i));
        if (text && text->visible() && !text->text().isEmpty() && text->clipAxisRect() == rect &&
            box.contains(text->position->pixelPosition()))
            covered += kLabelWeight;
    }
    return covered;
}

bool hasColourMap(QCustomPlot *plot) {
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (qobject_cast<QCPColorMap *>(plot->plottable(i)))
            return true;
    return false;
}

/// The corner the view asked for, kept apart from the one placed last, so that a corner the
/// view sets later becomes the new preference.
class LegendPlacer : public QObject {
public:
    explicit LegendPlacer(QCustomPlot *plot) : QObject(plot), m_plot(plot) {
        connect(plot, &QCustomPlot::afterLayout, this, &LegendPlacer::place);
    }

private:
    void place() {
        QCPLegend *legend = m_plot->legend;
        QCPAxisRect *rect = m_plot->axisRect();
        if (!legend || !legend->visible() || !rect || legend->itemCount() == 0)
            return;
        QCPLayoutInset *inset = rect->insetLayout();
        const int index = legendIndex(inset, legend);
        if (index < 0 || inset->insetPlacement(index) != QCPLayoutInset::ipBorderAligned ||
            hasColourMap(m_plot))
            return;
        const Qt::Alignment now = inset->insetAlignment(index);
        if (now != m_placed)
            m_preferred = now;
        const QRect area = rect->rect();
        const QSize size = legend->outerRect().size();
        Qt::Alignment best = m_preferred;
        int bestCovered = coveredBy(m_plot, rect, atCorner(area, size, m_preferred));
        const std::array<Qt::Alignment, 4> corners{
            Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
            Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft};
        for (const Qt::Alignment corner : corners) {
            if (bestCovered == 0)
                break;
            const int covered = coveredBy(m_plot, rect, atCorner(area, size, corner));
            if (covered < bestCovered) {
                best = corner;
                bestCovered = covered;
            }
        }
        m_placed = best;
        if (best != now) {
            inset->setInsetAlignment(index, best);
            inset->update(QCPLayoutElement::upLayout);
        }
    }

    QCustomPlot *m_plot;
    Qt::Alignment m_preferred, m_placed;
};

} // namespace

void keepLegendClearOfData(QCustomPlot *plot) { new LegendPlacer(plot); }

} // namespace dimscope::views
