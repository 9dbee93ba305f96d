// SPDX-License-Identifier: MIT
// Seed ensembles: the mean, the sd band and the 95 % CI band against the t-quantile formula for
// known inputs, the geometric band of a log axis, ragged runs with n varying (and said so),
// repeated steps, legend texts.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "curves/ensemble.h"

using namespace dimscope::curves;

namespace {
// Student's t quantiles t_{0.975, dof} (R: qt(0.975, c(1, 4)); also in every table).
constexpr double kT1 = 12.706204736174698;
constexpr double kT4 = 2.7764451051977934;
} // namespace

TEST(Ensemble, TQuantilesAreStudents) {
    EXPECT_NEAR(tQuantile975(1), kT1, 1e-12);
    EXPECT_NEAR(tQuantile975(4), kT4, 1e-12);
    // Many degrees of freedom: the normal's z = 1.959963984540054 plus the first term of the
    // expansion in 1/ν, (z³ + z) / (4ν); the next is O(1/ν²).
    const double z = 1.959963984540054, nu = 1e6;
    EXPECT_NEAR(tQuantile975(1000000), z + (z * z * z + z) / (4 * nu), 1e-10);
    EXPECT_THROW(tQuantile975(0), std::invalid_argument);
}

TEST(Ensemble, Ci95IsTheTFormulaForTwoAndFiveSeeds) {
    // n = 2 at x = 0 (values 1 and 3), n = 5 at x = 1 (values 1…5).
    std::vector<CurveSeries> runs = {CurveSeries({0, 1}, {1, 1}), CurveSeries({0, 1}, {3, 2}),
                                     CurveSeries({1}, {3}), CurveSeries({1}, {4}),
                                     CurveSeries({1}, {5})};
    const EnsembleCurve e = ensemble(runs, Band::Ci95);
    ASSERT_EQ(e.x, (std::vector<double>{0, 1}));
    EXPECT_EQ(e.n, (std::vector<int>{2, 5}));
    EXPECT_DOUBLE_EQ(e.mean[0], 2.0);
    EXPECT_DOUBLE_EQ(e.sd[0], std::sqrt(2.0));
    const double half2 = kT1 * std::sqrt(2.0) / std::sqrt(2.0);
    EXPECT_NEAR(e.lower[0], 2.0 - half2, 1e-10);
    EXPECT_NEAR(e.upper[0], 2.0 + half2, 1e-10);
    EXPECT_DOUBLE_EQ(e.mean[1], 3.0);
    EXPECT_NEAR(e.sd[1], std::sqrt(2.5), 1e-14);
    const double half5 = kT4 * std::sqrt(2.5) / std::sqrt(5.0);
    EXPECT_NEAR(e.lower[1], 3.0 - half5, 1e-10);
    EXPECT_NEAR(e.upper[1], 3.0 + half5, 1e-10);
    EXPECT_EQ(bandLegend(e), "mean, 95 % CI, n = 2–5 seeds");
}

TEST(Ensemble, SdBandIsOneSampleSd) {
    std::vector<CurveSeries> runs;
    for (double v : {1.0, 2.0, 3.0, 4.0, 5.0})
        runs.emplace_back(std::vector<double>{0, 10}, std::vector<double>{v, 2 * v});
    const EnsembleCurve e = ensemble(runs, Band::Sd);
    EXPECT_NEAR(e.lower[0], 3 - std::sqrt(2.5), 1e-14);
    EXPECT_NEAR(e.upper[1], 6 + std::sqrt(10.0), 1e-14);
    EXPECT_EQ(bandLegend(e), "mean ± 1 sd, n = 5 seeds");
    EXPECT_TRUE(ensembleNotes(e).empty());
    EXPECT_EQ(bandLegend(ensemble(runs, Band::Ci95)), "mean, 95 % CI, n = 5 seeds");
    EXPECT_EQ(bandLegend(ensemble(runs, Band::None)), "mean, n = 5 seeds");
    EXPECT_TRUE(ensemble(runs, Band::None).lower.empty());
    EXPECT_EQ(bandLegend(ensemble(runs, Band::EverySeed)), "mean of every seed, n = 5 seeds");
}

TEST(Ensemble, GeometricBandIsTheSdOfLogYAndStaysAboveZero) {
    // Losses 0.1, 1, 10 at one step: log10 spread ±1 decade. The arithmetic band reaches below 0
    // (3.7 − 5.5), which a log axis cannot show; the geometric one is 1 ×/÷ e^sd, sd = ln 10.
    std::vector<CurveSeries> runs;
    for (double v : {0.1, 1.0, 10.0})
        runs.emplace_back(std::vector<double>{0, 1}, std::vector<double>{v, -v});
    const EnsembleCurve arithmetic = ensemble(runs, Band::Sd);
    EXPECT_LT(arithmetic.lower[0], 0.0);
    const EnsembleCurve e = ensemble(runs, Band::Sd, true);
    EXPECT_TRUE(e.geometric);
    // y ≤ 0 is absent on the log scale: only x = 0 is left.
    ASSERT_EQ(e.x, (std::vector<double>{0}));
    EXPECT_NEAR(e.mean[0], 1.0, 1e-12);
    EXPECT_NEAR(e.sd[0], std::log(10.0), 1e-12);
    EXPECT_NEAR(e.lower[0], 0.1, 1e-12);
    EXPECT_NEAR(e.upper[0], 10.0, 1e-12);
    EXPECT_EQ(bandLegend(e), "geometric mean ×/÷ geometric sd, n = 3 seeds");
    EXPECT_EQ(bandLegend(ensemble(runs, Band::Ci95, true)), "geometric mean, 95 % CI, n = 3 seeds");
}

TEST(Ensemble, RaggedRunsCountOnlyTheSeedsPresentAndSaySo) {
    // A: x = 0…9, B: x = 0…4 (stopped early), C: even x only, one value not finite.
    std::vector<double> xa, ya, xb, yb, xc, yc;
    for (int i = 0; i < 10; ++i) {
        xa.push_back(i);
        ya.push_back(10 + i);
        if (i < 5) {
            xb.push_back(i);
            yb.push_back(20 + i);
        }
        if (i % 2 == 0) {
            xc.push_back(i);
            yc.push_back(i == 2 ? NAN : 30 + i);
        }
    }
    const EnsembleCurve e =
        ensemble({CurveSeries(xa, ya), CurveSeries(xb, yb), CurveSeries(xc, yc)}, Band::Sd);
    ASSERT_EQ(e.x.size(), 10u);
    EXPECT_EQ(e.n, (std::vector<int>{3, 2, 2, 2, 3, 1, 2, 1, 2, 1}));
    EXPECT_DOUBLE_EQ(e.mean[2], (12.0 + 22.0) / 2); // C's NaN is absent, not zero
    EXPECT_DOUBLE_EQ(e.mean[5], 15.0);
    EXPECT_TRUE(std::isnan(e.lower[5])); // one seed: no band, not a zero-width one
    EXPECT_TRUE(std::isnan(e.sd[5]));
    EXPECT_EQ(e.nMin, 1);
    EXPECT_EQ(e.nMax, 3);
    EXPECT_EQ(e.singleRunPoints, 3);
    EXPECT_EQ(bandLegend(e), "mean ± 1 sd, n = 1–3 seeds");
    const auto notes = ensembleNotes(e);
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_NE(notes[0].find("varies with x, from 1 to 3"), std::string::npos);
    EXPECT_NE(notes[1].find("no band at 3 x values"), std::string::npos);
}

TEST(Ensemble, AValueLoggedTwiceAtOneStepCountsOnceTheLaterOne) {
    const EnsembleCurve e = ensemble(
        {CurveSeries({0, 1, 1, 2}, {1, 5, 7, 3}), CurveSeries({0, 1, 2}, {1, 9, 3})}, Band::Sd);
    EXPECT_EQ(e.n, (std::vector<int>{2, 2, 2}));
    EXPECT_DOUBLE_EQ(e.mean[1], 8.0);
    EXPECT_EQ(e.repeatedPoints, 1);
    EXPECT_NE(ensembleNotes(e).back().find("later value is used"), std::string::npos);
}

TEST(Ensemble, RunsThatShareNoXCannotBeAveraged) {
    const EnsembleCurve e =
        ensemble({CurveSeries({1.5, 2.5}, {1, 2}), CurveSeries({1.7, 2.7}, {1, 2})}, Band::Ci95);
    EXPECT_EQ(e.nMax, 1);
    EXPECT_EQ(bandLegend(e), "mean, n = 1 seed at every x, no band");
    EXPECT_NE(ensembleNotes(e)[0].find("share no x value"), std::string::npos);
    EXPECT_EQ(bandLegend(ensemble({CurveSeries({1}, {1})}, Band::Sd)), "1 seed, no band");
}

TEST(Ensemble, StableForLargeCloseValues) {
    // Welford: values 1e9 + {0, 1, 2} have sd 1 exactly; the textbook Σy² − n·m² loses it.
    const EnsembleCurve e = ensemble(
        {CurveSeries({0}, {1e9}), CurveSeries({0}, {1e9 + 1}), CurveSeries({0}, {1e9 + 2})},
        Band::Sd);
    EXPECT_DOUBLE_EQ(e.sd[0], 1.0);
}
