// SPDX-License-Identifier: MIT
// Display decimation: every drawn point is an input point, every column's extremes survive, the
// first and last points (and the neighbours of a zoomed range) are kept, gaps stay gaps, and a log
// axis buckets in log x.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "curves/curve_series.h"
#include "curves/decimate.h"

using namespace dimscope::curves;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

CurveSeries noisyWalk(std::size_t n, unsigned seed, double x0 = 0, double dx = 1) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<double> normal;
    CurveSeries s;
    double y = 0;
    for (std::size_t i = 0; i < n; ++i) {
        y += normal(engine);
        s.append(x0 + dx * double(i), y + 5 * normal(engine));
    }
    return s;
}

/// Every drawn point is the input point its index names (a gap drawn as NaN where y is not
/// finite), in strictly increasing index order.
void expectSubsetOfInput(const CurveSeries &s, const DecimatedCurve &d) {
    ASSERT_EQ(d.index.size(), d.x.size());
    ASSERT_EQ(d.index.size(), d.y.size());
    for (std::size_t k = 0; k < d.index.size(); ++k) {
        const auto i = static_cast<std::size_t>(d.index[k]);
        ASSERT_LT(i, s.size());
        if (k > 0) {
            EXPECT_LT(d.index[k - 1], d.index[k]);
        }
        EXPECT_EQ(d.x[k], s.x()[i]);
        if (std::isfinite(s.y()[i])) {
            EXPECT_EQ(d.y[k], s.y()[i]);
        } else {
            EXPECT_TRUE(std::isnan(d.y[k]));
        }
    }
}

/// The column of x in a request, computed independently of the walk in decimate.cpp; −1 within
/// 1e-9 column widths of an edge, where the two computations may round differently.
int columnOf(double x, const DecimationRequest &r) {
    const bool log = r.xScale == AxisScale::Log;
    const double a = log ? std::log(r.xMin) : r.xMin, b = log ? std::log(r.xMax) : r.xMax;
    const double t = ((log ? std::log(x) : x) - a) / (b - a) * r.pixels;
    const double f = t - std::floor(t);
    if (t > 1e-9 && t < r.pixels - 1e-9 && (f < 1e-9 || f > 1 - 1e-9))
        return -1;
    return std::clamp(static_cast<int>(std::floor(t)), 0, r.pixels - 1);
}

/// In every column, the smallest and largest finite y of the input are among the drawn points.
void expectEveryExtremeKept(const CurveSeries &s, const DecimatedCurve &d,
                            const DecimationRequest &r) {
    std::vector<double> lo(r.pixels, HUGE_VAL), hi(r.pixels, -HUGE_VAL);
    std::vector<double> drawnLo(r.pixels, HUGE_VAL), drawnHi(r.pixels, -HUGE_VAL);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const double x = s.x()[i], y = s.y()[i];
        if (x < r.xMin || x > r.xMax || !std::isfinite(y) || (r.xScale == AxisScale::Log && x <= 0))
            continue;
        const int c = columnOf(x, r);
        if (c < 0)
            continue;
        lo[c] = std::min(lo[c], y);
        hi[c] = std::max(hi[c], y);
    }
    for (std::size_t k = 0; k < d.x.size(); ++k) {
        if (d.x[k] < r.xMin || d.x[k] > r.xMax || std::isnan(d.y[k]))
            continue;
        const int c = columnOf(d.x[k], r);
        if (c < 0)
            continue;
        drawnLo[c] = std::min(drawnLo[c], d.y[k]);
        drawnHi[c] = std::max(drawnHi[c], d.y[k]);
    }
    for (int c = 0; c < r.pixels; ++c) {
        EXPECT_EQ(drawnLo[c], lo[c]) << "column " << c;
        EXPECT_EQ(drawnHi[c], hi[c]) << "column " << c;
    }
}

} // namespace

TEST(Decimate, SmallCurvesAreDrawnWhole) {
    const CurveSeries s = noisyWalk(100, 1);
    const DecimatedCurve d = s.decimate({0, 99, 200});
    EXPECT_FALSE(d.reduced);
    EXPECT_EQ(d.x, s.x());
    EXPECT_EQ(d.y, s.y());
    EXPECT_EQ(d.inRange, 100);
}

TEST(Decimate, KeepsEveryColumnExtremeAndTheFirstAndLastPoint) {
    const CurveSeries s = noisyWalk(200000, 2);
    const DecimationRequest r{0, 199999, 700};
    const DecimatedCurve d = s.decimate(r);
    EXPECT_TRUE(d.reduced);
    EXPECT_LE(d.x.size(), 4u * 700u);
    expectSubsetOfInput(s, d);
    expectEveryExtremeKept(s, d, r);
    EXPECT_EQ(d.index.front(), 0);
    EXPECT_EQ(d.index.back(), 199999);
    // The global extremes too, as a user would look for them.
    const auto [lo, hi] = std::minmax_element(s.y().begin(), s.y().end());
    EXPECT_NE(std::find(d.y.begin(), d.y.end(), *lo), d.y.end());
    EXPECT_NE(std::find(d.y.begin(), d.y.end(), *hi), d.y.end());
}

TEST(Decimate, AZoomedRangeKeepsTheNeighboursOutsideIt) {
    const CurveSeries s = noisyWalk(100000, 3);
    const DecimationRequest r{20000.5, 30000.5, 300};
    const DecimatedCurve d = s.decimate(r);
    expectSubsetOfInput(s, d);
    expectEveryExtremeKept(s, d, r);
    EXPECT_EQ(d.inRange, 10000);
    EXPECT_EQ(d.x.front(), 20000.0); // the last point left of the range
    EXPECT_EQ(d.x.back(), 30001.0);  // the first point right of it
    EXPECT_EQ(d.x[1], 20001.0);      // the range's own first and last points
    EXPECT_EQ(d.x[d.x.size() - 2], 30000.0);
}

TEST(Decimate, LogXBucketsInLogSpaceAndLeavesOutXAtOrBelowZero) {
    const CurveSeries s = noisyWalk(300001, 4); // x = 0 … 300000: step 0 cannot be drawn
    const DecimationRequest r{1, 300000, 500, AxisScale::Log};
    const DecimatedCurve d = s.decimate(r);
    EXPECT_EQ(d.notDrawable, 1);
    EXPECT_EQ(d.inRange, 300000);
    expectSubsetOfInput(s, d);
    expectEveryExtremeKept(s, d, r);
    EXPECT_EQ(d.x.front(), 1.0);
    // Equal columns in log x: the first decade (x = 1…10) spans 500/log10(3e5) ≈ 91 columns and
    // holds 10 points, so each is drawn; linear buckets would have merged all of them into one.
    for (int x = 1; x <= 10; ++x)
        EXPECT_NE(std::find(d.x.begin(), d.x.end(), double(x)), d.x.end()) << x;
}

TEST(Decimate, GapsStayGapsAndNothingIsInvented) {
    CurveSeries s;
    std::mt19937_64 engine(5);
    std::normal_distribution<double> normal;
    for (int i = 0; i < 100000; ++i) {
        const bool gap = (i % 997) == 0 || (i > 50000 && i < 50100) || i == 70001 || i == 70003;
        s.append(i, gap ? (i % 2 ? kNaN : HUGE_VAL) : normal(engine));
    }
    const DecimationRequest r{0, 99999, 400};
    const DecimatedCurve d = s.decimate(r);
    expectSubsetOfInput(s, d);
    expectEveryExtremeKept(s, d, r);
    // Every stretch of gaps shows: some drawn point is NaN inside each.
    for (double x : {997.0 * 10, 50050.0, 70002.0}) {
        const auto it = std::lower_bound(d.x.begin(), d.x.end(), x - 997);
        bool gap = false;
        for (auto j = it; j != d.x.end() && *j <= x + 997; ++j)
            gap = gap || std::isnan(d.y[static_cast<std::size_t>(j - d.x.begin())]);
        EXPECT_TRUE(gap) << "no gap drawn near x = " << x;
    }
    // A gap is never drawn as a number: no point between two finite neighbours is made up.
    for (std::size_t k = 0; k < d.y.size(); ++k) {
        if (!std::isnan(d.y[k])) {
            EXPECT_TRUE(std::isfinite(d.y[k]));
        }
    }
}

TEST(Decimate, RefusesRequestsOutsideTheirRanges) {
    const CurveSeries s = noisyWalk(10, 6);
    EXPECT_THROW(s.decimate({1, 1, 100}), std::invalid_argument);
    EXPECT_THROW(s.decimate({0, 10, 0}), std::invalid_argument);
    EXPECT_THROW(s.decimate({0, 10, 100, AxisScale::Log}), std::invalid_argument);
}

TEST(CurveSeries, KeepsXInOrder) {
    CurveSeries s;
    s.append(1, 2);
    s.append(1, 3); // logged twice at one step: allowed
    EXPECT_THROW(s.append(0.5, 1), std::invalid_argument);
    EXPECT_THROW(s.append(kNaN, 1), std::invalid_argument);
    EXPECT_THROW(CurveSeries({2, 1}, {0, 0}), std::invalid_argument);
    EXPECT_THROW(CurveSeries({1, 2}, {0}), std::invalid_argument);
    double lo = 0, hi = 0;
    EXPECT_TRUE(CurveSeries({1, 2, 3}, {-1, kNaN, 4}).yRange(lo, hi));
    EXPECT_EQ(lo, -1);
    EXPECT_EQ(hi, 4);
    EXPECT_TRUE(CurveSeries({1, 2, 3}, {-1, kNaN, 4}).yRange(lo, hi, true));
    EXPECT_EQ(lo, 4);
}
