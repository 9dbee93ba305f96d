// SPDX-License-Identifier: MIT
#include "curves/decimate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "numerics/constants.h"

namespace dimscope::curves {

namespace {

/// First, lowest, highest and last finite point of a run of points without gaps. Ties keep the
/// earliest point, so the output does not depend on anything but the input.
struct Part {
    std::int64_t first = -1, last = -1, low = -1, high = -1;

    void add(std::int64_t i, const double *y) {
        if (first < 0) {
            first = last = low = high = i;
            return;
        }
        last = i;
        if (y[i] < y[low])
            low = i;
        if (y[i] > y[high])
            high = i;
    }
    void merge(const Part &o, const double *y) {
        if (o.first < 0)
            return;
        if (first < 0) {
            *this = o;
            return;
        }
        last = o.last;
        if (y[o.low] < y[low])
            low = o.low;
        if (y[o.high] > y[high])
            high = o.high;
    }
    void emit(std::vector<std::int64_t> &out) const {
        if (first < 0)
            return;
        std::int64_t four[4] = {first, low, high, last};
        std::sort(four, four + 4);
        for (std::int64_t i : four)
            if (out.empty() || out.back() != i)
                out.push_back(i);
    }
};

/// One pixel column. Gaps split it: the points before its first gap, those between its first and
/// last gap (drawn as one stroke: a gap narrower than a pixel cannot be seen), those after its last
/// gap. Each part keeps its own extremes, so the column's extremes all survive.
struct Column {
    Part before, between, after;
    std::int64_t firstGap = -1, lastGap = -1;

    void add(std::int64_t i, const double *y) {
        if (!std::isfinite(y[i])) {
            if (firstGap < 0) {
                firstGap = lastGap = i;
            } else {
                between.merge(after, y);
                after = Part{};
                lastGap = i;
            }
        } else {
            (firstGap < 0 ? before : after).add(i, y);
        }
    }
    void emit(std::vector<std::int64_t> &out) {
        before.emit(out);
        if (firstGap >= 0) {
            out.push_back(firstGap);
            if (lastGap != firstGap) {
                between.emit(out);
                out.push_back(lastGap);
            }
            after.emit(out);
        }
        *this = Column{};
    }
};

void check(const DecimationRequest &r) {
    if (!(r.pixels >= 1 && r.pixels <= 1000000))
        throw std::invalid_argument("decimate: " + std::to_string(r.pixels) +
                                    " pixel columns; expected 1…1000000");
    if (!(std::isfinite(r.xMin) && std::isfinite(r.xMax) && r.xMin < r.xMax))
        throw std::invalid_argument("decimate: the x range must be finite with xMin < xMax");
    if (r.xScale == AxisScale::Log && !(r.xMin > 0))
        throw std::invalid_argument("decimate: a log x range must start above 0");
}

} // namespace

DecimatedCurve decimate(const double *x, const double *y, std::size_t n,
                        const DecimationRequest &request) {
    check(request);
    DecimatedCurve out;
    const bool log = request.xScale == AxisScale::Log;
    const double *end = x + n;
    // Sorted x: the drawable points, the range and its two neighbours by bisection.
    const double *drawable = log ? std::upper_bound(x, end, 0.0) : x;
    out.notDrawable = drawable - x;
    const auto lo = static_cast<std::int64_t>(std::lower_bound(drawable, end, request.xMin) - x);
    const auto hi = static_cast<std::int64_t>(std::upper_bound(x + lo, end, request.xMax) - x);
    out.inRange = hi - lo;
    const std::int64_t left = lo > drawable - x ? lo - 1 : -1;
    const std::int64_t right = hi < static_cast<std::int64_t>(n) ? hi : -1;

    std::vector<std::int64_t> &keep = out.index;
    if (left >= 0)
        keep.push_back(left);
    if (out.inRange <= 4 * static_cast<std::int64_t>(request.pixels)) {
        for (std::int64_t i = lo; i < hi; ++i)
            keep.push_back(i);
    } else {
        out.reduced = true;
        keep.reserve(4 * static_cast<std::size_t>(request.pixels) + 2);
        // Column edges computed once, in x (equal steps in log x on a log axis), then a walk:
        // comparisons only, no logarithm per point.
        const int columns = request.pixels;
        std::vector<double> edge(static_cast<std::size_t>(columns) + 1);
        const double a = log ? std::log(request.xMin) : request.xMin;
        const double b = log ? std::log(request.xMax) : request.xMax;
        for (int k = 0; k <= columns; ++k) {
            const double t = a + (b - a) * k / columns;
            edge[static_cast<std::size_t>(k)] = log ? std::exp(t) : t;
        }
        edge.back() = std::numeric_limits<double>::infinity(); // xMax itself is in the last column
        Column column;
        std::size_t c = 0;
        for (std::int64_t i = lo; i < hi; ++i) {
            if (x[i] >= edge[c + 1]) {
                column.emit(keep);
                while (x[i] >= edge[c + 1])
                    ++c;
            }
            column.add(i, y);
        }
        column.emit(keep);
    }
    if (right >= 0)
        keep.push_back(right);

    out.x.reserve(keep.size());
    out.y.reserve(keep.size());
    for (std::int64_t i : keep) {
        out.x.push_back(x[i]);
        out.y.push_back(std::isfinite(y[i]) ? y[i] : kNaN);
    }
    return out;
}

} // namespace dimscope::curves
