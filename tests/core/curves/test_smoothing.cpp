// SPDX-License-Identifier: MIT
// Smoothers against hand computations: TensorBoard's debiased EMA, centred and trailing moving
// averages, gaps kept, and the legend's names.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "curves/smoothing.h"

using namespace dimscope::curves;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST(Smoothing, DebiasedEmaMatchesAHandComputation) {
    // α = 0.5 on 1, 2, 3 from m0 = 0:
    //   m1 = 0.5            → 0.5 / (1 − 0.5)    = 1
    //   m2 = 0.25 + 1       → 1.25 / (1 − 0.25)  = 5/3
    //   m3 = 0.625 + 1.5    → 2.125 / (1 − 0.125) = 17/7
    // which is the weighted mean with weights α^(t−k): (0.25·1 + 0.5·2 + 1·3) / 1.75 = 17/7.
    const std::vector<double> s = debiasedEma({1, 2, 3}, 0.5);
    ASSERT_EQ(s.size(), 3u);
    EXPECT_DOUBLE_EQ(s[0], 1.0);
    EXPECT_DOUBLE_EQ(s[1], 5.0 / 3.0);
    EXPECT_DOUBLE_EQ(s[2], 17.0 / 7.0);
}

TEST(Smoothing, EmaStartsAtTheFirstValueNotAtZero) {
    // Without the 1 − α^t correction the first smoothed value would be (1 − α)·y1 = 0.1.
    const std::vector<double> s = debiasedEma({10, 10.5, 9.5}, 0.99);
    EXPECT_DOUBLE_EQ(s[0], 10.0);
    EXPECT_NEAR(s[1], (0.99 * 10 + 10.5) / 1.99, 1e-12);
}

TEST(Smoothing, EmaPassesGapsThroughAndDoesNotCountThem) {
    const std::vector<double> s = debiasedEma({1, kNaN, 2, HUGE_VAL, 3}, 0.5);
    EXPECT_DOUBLE_EQ(s[0], 1.0);
    EXPECT_TRUE(std::isnan(s[1]));
    EXPECT_DOUBLE_EQ(s[2], 5.0 / 3.0);
    EXPECT_TRUE(std::isinf(s[3]));
    EXPECT_DOUBLE_EQ(s[4], 17.0 / 7.0);
}

TEST(Smoothing, EmaOfAConstantIsTheConstant) {
    const std::vector<double> y(1000, 0.3);
    EXPECT_EQ(debiasedEma(y, 0.9), y); // exactly, as TensorBoard special-cases it
    EXPECT_EQ(debiasedEma({1, 2, 3}, 0.0), (std::vector<double>{1, 2, 3}));
}

TEST(Smoothing, MovingAveragesCentredAndTrailing) {
    const std::vector<double> y = {1, 2, 3, 4, 10};
    const std::vector<double> c = movingAverage(y, 3, true);
    EXPECT_DOUBLE_EQ(c[0], 1.5); // the window holds the points that exist
    EXPECT_DOUBLE_EQ(c[1], 2.0);
    EXPECT_DOUBLE_EQ(c[2], 3.0);
    EXPECT_DOUBLE_EQ(c[3], 17.0 / 3.0);
    EXPECT_DOUBLE_EQ(c[4], 7.0);
    const std::vector<double> t = movingAverage(y, 3, false);
    EXPECT_DOUBLE_EQ(t[0], 1.0);
    EXPECT_DOUBLE_EQ(t[1], 1.5);
    EXPECT_DOUBLE_EQ(t[2], 2.0);
    EXPECT_DOUBLE_EQ(t[3], 3.0);
    EXPECT_DOUBLE_EQ(t[4], 17.0 / 3.0);
    EXPECT_EQ(movingAverage(y, 1, true), y);
}

TEST(Smoothing, MovingAverageLeavesGapsOutOfEveryWindow) {
    const std::vector<double> m = movingAverage({1, kNaN, 3, 4}, 3, true);
    EXPECT_DOUBLE_EQ(m[0], 1.0);
    EXPECT_TRUE(std::isnan(m[1]));
    EXPECT_DOUBLE_EQ(m[2], 3.5);
    EXPECT_DOUBLE_EQ(m[3], 3.5);
}

TEST(Smoothing, MovingAverageKeepsSmallChangesOnALargeOffset) {
    // 10^6 values near 1e8 that differ by 1e-3: a plain running sum reaches 1e14, where a double
    // steps by 0.016, and the changes would be lost.
    std::vector<double> y(1000000);
    for (std::size_t i = 0; i < y.size(); ++i)
        y[i] = 1e8 + 1e-3 * double(i % 7);
    const std::vector<double> m = movingAverage(y, 7, false);
    for (std::size_t i : {std::size_t(500000), std::size_t(999999)}) {
        double direct = 0;
        for (std::size_t k = i - 6; k <= i; ++k)
            direct += y[k] - 1e8;
        EXPECT_NEAR(m[i] - 1e8, direct / 7, 1e-7) << i;
    }
}

TEST(Smoothing, ChecksAndNames) {
    EXPECT_FALSE(checkSmoother({Smoothing::Ema, 0.9, 20}));
    EXPECT_TRUE(checkSmoother({Smoothing::Ema, 1.0, 21}));
    EXPECT_TRUE(checkSmoother({Smoothing::CentredAverage, 0.6, 20}));
    EXPECT_FALSE(checkSmoother({Smoothing::TrailingAverage, 0.6, 20}));
    EXPECT_THROW(smooth({1, 2}, {Smoothing::CentredAverage, 0.6, 2}), std::invalid_argument);
    EXPECT_EQ(legendText({Smoothing::Ema, 0.9, 21}), "EMA 0.9, debiased");
    EXPECT_EQ(legendText({Smoothing::CentredAverage, 0.9, 21}),
              "moving average, 21 points, centred");
    EXPECT_EQ(legendText({Smoothing::TrailingAverage, 0.9, 5}),
              "moving average, 5 points, trailing");
    EXPECT_EQ(legendText({Smoothing::None, 0.9, 5}), "");
    EXPECT_EQ(smooth({1, 2, 3}, {Smoothing::None, 0.9, 5}), (std::vector<double>{1, 2, 3}));
}
