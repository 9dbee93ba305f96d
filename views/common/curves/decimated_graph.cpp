// SPDX-License-Identifier: MIT
#include "common/curves/decimated_graph.h"

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

namespace dimscope::views {

namespace {
const char *const kObjectName = "dimscope-decimated-graph";
}

DecimatedGraph::DecimatedGraph(QCPGraph *graph) : QObject(graph), m_graph(graph) {
    setObjectName(QLatin1String(kObjectName));
    QCPAxis *keyAxis = graph->keyAxis();
    connect(keyAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            &DecimatedGraph::redraw);
    connect(keyAxis, &QCPAxis::scaleTypeChanged, this, &DecimatedGraph::redraw);
    // A new width changes the columns; afterLayout comes once the axis rect has its size.
    connect(graph->parentPlot(), &QCustomPlot::afterLayout, this, &DecimatedGraph::redraw);
}

DecimatedGraph *DecimatedGraph::of(QCPGraph *graph) {
    if (auto *existing = graph->findChild<DecimatedGraph *>(QLatin1String(kObjectName),
                                                            Qt::FindDirectChildrenOnly))
        return existing;
    return new DecimatedGraph(graph);
}

const DecimatedGraph *DecimatedGraph::find(const QCPAbstractPlottable *plottable) {
    return plottable ? plottable->findChild<const DecimatedGraph *>(QLatin1String(kObjectName),
                                                                    Qt::FindDirectChildrenOnly)
                     : nullptr;
}

void DecimatedGraph::setSeries(curves::CurveSeries series) {
    m_series = std::move(series);
    redraw();
}

void DecimatedGraph::redraw() {
    if (m_series.empty()) {
        m_graph->data()->clear();
        return;
    }
    const QCPAxis *axis = m_graph->keyAxis();
    const QCPRange range = axis->range();
    curves::DecimationRequest request;
    request.xScale = axis->scaleType() == QCPAxis::stLogarithmic ? curves::AxisScale::Log
                                                                 : curves::AxisScale::Linear;
    request.xMin = range.lower;
    request.xMax = range.upper;
    if (request.xScale == curves::AxisScale::Log && request.xMin <= 0)
        request.xMin = std::max(range.upper * 1e-12, std::numeric_limits<double>::min());
    if (!(request.xMax > request.xMin) || !std::isfinite(request.xMin) ||
        !std::isfinite(request.xMax))
        return; // an axis being set up; the next range change draws
    const double devicePixels =
        axis->axisRect()->width() * m_graph->parentPlot()->devicePixelRatioF();
    request.pixels = std::clamp(static_cast<int>(2 * devicePixels), kMinimumColumns, 1000000);
    const curves::DecimatedCurve drawn = m_series.decimate(request);
    QVector<double> x(drawn.x.begin(), drawn.x.end()), y(drawn.y.begin(), drawn.y.end());
    m_graph->setData(x, y, true);
}

} // namespace dimscope::views
