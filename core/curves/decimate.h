// SPDX-License-Identifier: MIT
#pragma once
// Display decimation: the data keep every point, only what is drawn is reduced. For an x range and
// a width in pixels, each pixel column keeps its first, lowest, highest and last point (the M4
// reduction of Jugel et al., VLDB 2014), so a line through them lights the same pixels as the full
// line: every extreme survives and no point is invented. The last point left of the range and the
// first right of it are added, so the line runs to the plot's edges.
//
// Non-finite y (NaN, ±Inf) are gaps: the line breaks there. A gap is drawn as a point with y = NaN
// at the x of the non-finite input point (QCustomPlot breaks lines at NaN). On a log x axis the
// columns are equal in log x, and points with x ≤ 0 cannot be drawn: they are counted, not shown.
//
// Cost: one pass over the points in range with two comparisons each (x must be sorted, so the
// range is found by bisection): about 3 ms for 10^6 points (dimscope-bench curves).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dimscope::curves {

enum class AxisScale { Linear, Log };

/// What is drawn: an x range and its width in pixel columns.
struct DecimationRequest {
    double xMin = 0;   ///< left edge, data units; > 0 on a log axis
    double xMax = 1;   ///< right edge, data units; > xMin
    int pixels = 1000; ///< pixel columns across the range, 1…1000000 (a plot's width in device px)
    AxisScale xScale = AxisScale::Linear;
};

/// The points to draw, in increasing x; each is an input point (`index` says which).
struct DecimatedCurve {
    std::vector<std::int64_t> index; ///< increasing indices into the input
    std::vector<double> x;           ///< x[i] == input x[index[i]]
    std::vector<double> y;        ///< input y[index[i]], or NaN where that y is not finite (a gap)
    std::int64_t inRange = 0;     ///< input points with xMin ≤ x ≤ xMax (and x > 0 on log x)
    std::int64_t notDrawable = 0; ///< input points with x ≤ 0, left out on a log x axis
    bool reduced = false;         ///< false: every point in range and both neighbours are here
};

/// Decimates n points (x[i], y[i]) for drawing. x must be finite and non-decreasing (CurveSeries
/// guarantees it); y may hold gaps. Throws std::invalid_argument for a request outside its ranges.
/// At most about 4 points per column, up to 14 in a column that holds gaps, plus the two
/// neighbours. Pure function: any thread.
DecimatedCurve decimate(const double *x, const double *y, std::size_t n,
                        const DecimationRequest &request);

} // namespace dimscope::curves
