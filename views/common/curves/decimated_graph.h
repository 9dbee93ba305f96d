// SPDX-License-Identifier: MIT
#pragma once
// A curve of any length drawn through a QCustomPlot graph. The full series stays here; QCustomPlot
// is handed only what fits the axis' pixel columns (core/curves/decimate.h: the min/max envelope
// per column, every extreme kept), recomputed when the x range, the axis scale or the plot's
// width changes. So a curve of 10⁶ logged points redraws in a few milliseconds, and a drag or a
// zoom never thins out what is on screen. The exported CSV reads every point from here
// (figure_csv), whatever the plot kept.

#include <memory>
#include <vector>

#include <QObject>

#include "curves/curve_series.h"

class QCPAbstractPlottable;
class QCPGraph;

namespace dimscope::views {

class DecimatedGraph : public QObject {
    Q_OBJECT
public:
    /// The DecimatedGraph of `graph`, made on first use. It is a child of the graph, so it lives
    /// and dies with it.
    static DecimatedGraph *of(QCPGraph *graph);
    /// The one attached to `plottable`, or nullptr (figure_csv asks every plottable).
    static const DecimatedGraph *find(const QCPAbstractPlottable *plottable);

    /// Replaces the series and redraws. y may hold NaN (drawn as a gap).
    void setSeries(curves::CurveSeries series);
    void clear() { setSeries({}); }
    const curves::CurveSeries &series() const { return m_series; }

    /// Hands the graph the points for the current x range and width (called on every change).
    void redraw();

    /// Pixel columns decimated for: twice the axis' device pixels, at least this many, so that a
    /// figure exported larger than the screen keeps every visible extreme too.
    static constexpr int kMinimumColumns = 2000;

private:
    explicit DecimatedGraph(QCPGraph *graph);

    QCPGraph *m_graph;
    curves::CurveSeries m_series;
};

} // namespace dimscope::views
