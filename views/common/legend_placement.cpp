// SPDX-License-Identifier: MIT
#include "common/legend_placement.h"

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "common/plot_style.h"

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

/// What a legend should not hide: sampled data points (weight 1) and labels (kLabelWeight), in
/// pixels. Collected once per layout, then every candidate corner is scored against it.
struct Obstacle {
    QPointF at;
    int weight;
};

/// Points every `kSegmentStep` pixels along the segment from `a` to `b` (b itself excluded), so
/// that a sparse line counts by its length: a two-point reference line across the plot (ρ = 0)
/// had three samples, and a legend over its middle hid it at no cost.
constexpr double kSegmentStep = 6.0;
void addSegment(QPointF a, QPointF b, std::vector<Obstacle> &out) {
    const double length = std::hypot(b.x() - a.x(), b.y() - a.y());
    const int pieces = std::clamp(int(length / kSegmentStep), 1, 400);
    for (int i = 1; i < pieces; ++i)
        out.push_back({a + (b - a) * (double(i) / pieces), 1});
}

/// Samples of a graph's, curve's or bars' data (the bar tops), and along the segments between
/// them, so a sparse line crossing a corner counts too.
template <class Container, class Plottable>
void addSamples(const Plottable *plottable, const Container &data, std::vector<Obstacle> &out) {
    const int n = data.size();
    const int step = std::max(1, n / kSamples);
    QPointF previous;
    bool havePrevious = false;
    for (int i = 0; i < n; i += step) {
        const auto it = data.constBegin() + i;
        if (!std::isfinite(it->mainKey()) || !std::isfinite(it->mainValue())) {
            havePrevious = false;
            continue;
        }
        const QPointF point = plottable->coordsToPixels(it->mainKey(), it->mainValue());
        if (havePrevious)
            addSegment(previous, point, out);
        out.push_back({point, 1});
        previous = point;
        havePrevious = true;
    }
}

/// Error bars, from end to end: a legend over the top of d = 50's bar cut its cap off.
void addErrorBars(const QCPErrorBars *bars, std::vector<Obstacle> &out) {
    const QCPPlottableInterface1D *points =
        bars->dataPlottable() ? bars->dataPlottable()->interface1D() : nullptr;
    if (!points || bars->errorType() != QCPErrorBars::etValueError)
        return;
    const int n = std::min(bars->dataCount(), points->dataCount());
    for (int i = 0; i < n; ++i) {
        const QCPErrorBarsData &error = bars->data()->at(i);
        const double key = points->dataMainKey(i), value = points->dataMainValue(i);
        if (!std::isfinite(key) || !std::isfinite(value) || !std::isfinite(error.errorPlus) ||
            !std::isfinite(error.errorMinus))
            continue;
        const QPointF top = bars->coordsToPixels(key, value + error.errorPlus);
        const QPointF bottom = bars->coordsToPixels(key, value - error.errorMinus);
        out.push_back({top, 1});
        addSegment(top, bottom, out);
        out.push_back({bottom, 1});
    }
}

std::vector<Obstacle> obstaclesIn(QCustomPlot *plot, QCPAxisRect *rect) {
    std::vector<Obstacle> obstacles;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *p = plot->plottable(i);
        if (!p->visible() || !p->keyAxis() || p->keyAxis()->axisRect() != rect)
            continue;
        if (auto *graph = qobject_cast<QCPGraph *>(p))
            addSamples(graph, *graph->data(), obstacles);
        else if (auto *curve = qobject_cast<QCPCurve *>(p))
            addSamples(curve, *curve->data(), obstacles);
        else if (auto *bars = qobject_cast<QCPBars *>(p))
            addSamples(bars, *bars->data(), obstacles);
        else if (auto *errors = qobject_cast<QCPErrorBars *>(p))
            addErrorBars(errors, obstacles);
    }
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto *text = qobject_cast<QCPItemText *>(plot->item(i));
        if (text && text->visible() && !text->text().isEmpty() && text->clipAxisRect() == rect)
            obstacles.push_back({text->position->pixelPosition(), kLabelWeight});
    }
    return obstacles;
}

int coveredBy(const std::vector<Obstacle> &obstacles, const QRectF &box) {
    int covered = 0;
    for (const Obstacle &o : obstacles)
        if (box.contains(o.at))
            covered += o.weight;
    return covered;
}

/// Gives every entry of `legend` a little room below its text; true when one had none. An entry
/// is clipped to its own rect, which QCustomPlot makes exactly as tall as the text's font
/// metrics, and the painter's text sat a pixel or two lower: the tails of g, p and y were cut.
bool roomForDescenders(QCPLegend *legend) {
    constexpr int kBelow = 2;
    bool changed = false;
    for (int i = 0; i < legend->itemCount(); ++i) {
        QCPAbstractLegendItem *item = legend->item(i);
        if (!item || item->margins().bottom() >= kBelow)
            continue;
        QMargins margins = item->margins();
        margins.setBottom(kBelow);
        item->setMargins(margins);
        changed = true;
    }
    return changed;
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
    void prefer(Qt::Alignment corner) { m_preferred = m_placed = corner; }

private:
    void place() {
        QCPLegend *legend = m_plot->legend;
        QCPAxisRect *rect = m_plot->axisRect();
        if (!legend || !legend->visible() || !rect || legend->itemCount() == 0)
            return;
        if (roomForDescenders(legend))
            layOutNow(m_plot);
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
        const std::vector<Obstacle> obstacles = obstaclesIn(m_plot, rect);
        Qt::Alignment best = m_preferred;
        int bestCovered = coveredBy(obstacles, atCorner(area, size, m_preferred));
        const std::array<Qt::Alignment, 4> corners{
            Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
            Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft};
        for (const Qt::Alignment corner : corners) {
            if (bestCovered == 0)
                break;
            const int covered = coveredBy(obstacles, atCorner(area, size, corner));
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

/// Keeps an outside legend's entries whole: as many per row as fit the plot's width, up to the
/// number the view asked for (its last setWrap), worked out again after every layout. A
/// one-column export of a legend laid out for the screen cut "L2 contours" to "L2 contou"; now
/// the entries wrap onto another row.
class OutsideLegendFit : public QObject {
public:
    explicit OutsideLegendFit(QCustomPlot *plot) : QObject(plot), m_plot(plot) {
        connect(plot, &QCustomPlot::afterLayout, this, &OutsideLegendFit::fit);
    }

private:
    void fit() {
        QCPLegend *legend = m_plot->legend;
        QCPLayoutGrid *layout = m_plot->plotLayout();
        // An outside legend sits in a row of the plot's layout, in a grid of its own that
        // centres it (moveLegendOutside).
        if (!legend || !legend->visible() || !legend->layout() ||
            legend->layout()->layout() != layout)
            return;
        // itemCount() counts the grid's cells, empty ones included.
        std::vector<int> entryWidths;
        for (int i = 0; i < legend->itemCount(); ++i)
            if (const QCPAbstractLegendItem *item = legend->item(i))
                entryWidths.push_back(item->minimumOuterSizeHint().width());
        const int count = int(entryWidths.size());
        if (count == 0)
            return;
        if (legend->wrap() != m_placed)
            m_asked = legend->wrap(); // the view's own choice, 0 for one row
        const int most = m_asked > 0 ? std::min(m_asked, count) : count;
        const QMargins outer = layout->margins(), inner = legend->margins();
        const int room = m_plot->viewport().width() - outer.left() - outer.right() - inner.left() -
                         inner.right();
        int fits = 1;
        for (int columns = most; columns > 1; --columns) {
            std::vector<int> widths(std::size_t(columns), 0);
            for (int i = 0; i < count; ++i) {
                int &width = widths[std::size_t(i % columns)];
                width = std::max(width, entryWidths[std::size_t(i)]);
            }
            int total = legend->columnSpacing() * (columns - 1);
            for (int width : widths)
                total += width;
            if (total <= room) {
                fits = columns;
                break;
            }
        }
        const int wanted = fits == count && m_asked == 0 ? 0 : fits;
        m_placed = wanted;
        if (wanted == legend->wrap())
            return;
        legend->setWrap(wanted);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
        layOutNow(m_plot); // afterLayout is not emitted again; before anything is drawn
    }

    QCustomPlot *m_plot;
    int m_asked = 0, m_placed = -1;
};

} // namespace

void keepLegendClearOfData(QCustomPlot *plot) { new LegendPlacer(plot); }

void keepOutsideLegendWhole(QCustomPlot *plot) { new OutsideLegendFit(plot); }

void setLegendCorner(QCustomPlot *plot, Qt::Alignment corner) {
    QCPLayoutInset *inset = plot->axisRect()->insetLayout();
    const int index = legendIndex(inset, plot->legend);
    if (index < 0)
        return;
    inset->setInsetAlignment(index, corner);
    // Not Q_OBJECT, so found by its C++ type.
    for (QObject *child : plot->children())
        if (auto *placer = dynamic_cast<LegendPlacer *>(child))
            placer->prefer(corner);
}

} // namespace dimscope::views
