// SPDX-License-Identifier: MIT
#include "common/hidden_curves.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "common/plot_style.h"

namespace dimscope::views {
namespace {

/// The name the view gave a graph, and the name last shown with a note, as properties of the
/// graph: a name that differs from the last shown one was set by the view since.
constexpr const char *kOwnName = "dimscope.legend.ownName";
constexpr const char *kShownName = "dimscope.legend.shownName";
/// Samples of a curve compared, at most: enough to trace it at any figure's resolution.
constexpr int kSamples = 400;
/// The share of a curve's visible samples that must lie under another for it to count as hidden.
constexpr double kHiddenShare = 0.9;

bool isLine(const QCPGraph *g) {
    return g->visible() && g->lineStyle() != QCPGraph::lsNone && g->pen().style() != Qt::NoPen &&
           g->data()->size() >= 2;
}

/// Later is drawn over earlier: the layer, then the place in it.
std::pair<int, int> drawOrder(QCPGraph *g) {
    QCPLayer *layer = g->layer();
    if (!layer)
        return {-1, -1};
    return {layer->index(), int(layer->children().indexOf(g))};
}

QString ownName(const QCPGraph *g) { return g->property(kOwnName).toString(); }

/// `cover`'s pixel y at `key`, between its neighbouring points; NaN outside its data.
double pixelYAt(const QCPGraph *cover, double key) {
    const QCPGraphDataContainer &data = *cover->data();
    const auto above =
        std::lower_bound(data.constBegin(), data.constEnd(), key,
                         [](const QCPGraphData &point, double k) { return point.key < k; });
    if (above == data.constEnd() || (above == data.constBegin() && above->key != key))
        return std::numeric_limits<double>::quiet_NaN();
    const QPointF right = cover->coordsToPixels(above->key, above->value);
    if (above->key == key || above == data.constBegin())
        return right.y();
    const auto below = above - 1;
    const QPointF left = cover->coordsToPixels(below->key, below->value);
    if (right.x() == left.x())
        return right.y();
    const QPointF at = cover->coordsToPixels(key, 0);
    return left.y() + (right.y() - left.y()) * (at.x() - left.x()) / (right.x() - left.x());
}

/// Whether `cover`, drawn over `curve`, hides it: most of `curve`'s samples inside the axis rect
/// lie within the cover's stroke.
bool hides(const QCPGraph *cover, const QCPGraph *curve) {
    const double tolerance =
        std::max(1.0, (cover->pen().widthF() - curve->pen().widthF()) / 2 + 1.0);
    const QRectF frame = curve->keyAxis()->axisRect()->rect();
    const QCPRange keys = curve->keyAxis()->range();
    const QCPGraphDataContainer &data = *curve->data();
    const auto first = int(data.findBegin(keys.lower, false) - data.constBegin());
    const auto last = int(data.findEnd(keys.upper, false) - data.constBegin());
    const int step = std::max(1, (last - first) / kSamples);
    int seen = 0, under = 0;
    for (int i = first; i < last; i += step) {
        const auto it = data.constBegin() + i;
        if (!std::isfinite(it->value))
            continue;
        const QPointF p = curve->coordsToPixels(it->key, it->value);
        if (!frame.contains(p))
            continue;
        ++seen;
        const double y = pixelYAt(cover, it->key);
        under += std::isfinite(y) && std::abs(y - p.y()) <= tolerance;
    }
    return seen >= 10 && under >= kHiddenShare * seen;
}

void noteHiddenCurves(QCustomPlot *plot) {
    // The named lines in the legend: the only curves noted, and the only covers named.
    std::vector<QCPGraph *> lines;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *g = plot->graph(i);
        if (g->property(kShownName).toString() != g->name() || !g->property(kOwnName).isValid())
            g->setProperty(kOwnName, g->name());
        if (isLine(g) && !ownName(g).isEmpty() && plot->legend->hasItemWithPlottable(g))
            lines.push_back(g);
    }
    bool renamed = false;
    for (QCPGraph *curve : lines) {
        QCPGraph *topmost = nullptr;
        for (QCPGraph *cover : lines)
            if (cover != curve && cover->keyAxis() == curve->keyAxis() &&
                cover->valueAxis() == curve->valueAxis() &&
                cover->pen().style() == Qt::SolidLine && // dashes show what is under them
                cover->pen().widthF() >= 0.8 * curve->pen().widthF() &&
                drawOrder(cover) > drawOrder(curve) &&
                (!topmost || drawOrder(cover) > drawOrder(topmost)) && hides(cover, curve))
                topmost = cover;
        const QString name = topmost ? QCoreApplication::translate("Legend", "%1 (under %2)")
                                           .arg(ownName(curve), ownName(topmost))
                                     : ownName(curve);
        if (name != curve->name()) {
            curve->setName(name);
            renamed = true;
        }
        curve->setProperty(kShownName, name);
    }
    if (renamed)
        layOutNow(plot); // the legend's entries changed width; afterLayout is not emitted again
}

} // namespace

void noteCurvesHiddenUnderOthers(QCustomPlot *plot) {
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] { noteHiddenCurves(plot); });
}

} // namespace dimscope::views
