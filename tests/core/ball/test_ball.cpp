// SPDX-License-Identifier: MIT
// Known answers for the "ball" explorer: geometry.md §5 B1–B3, C1, C2 and §4.1/§4.2 exact values.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ball/ball.h"
#include "numerics/constants.h"
#include "registry.h"

using namespace dimscope;
using namespace dimscope::ball;

namespace {

/// A run that does almost nothing in each part; tests switch on the part they check.
BallParams tinyParams() {
    BallParams p;
    p.maxDimension = 20;
    p.demoDimension = 3;
    p.demoPoints = 1000;
    p.contrastMaxDimension = 2;
    p.contrastDataPoints = 10;
    p.contrastQueries = 1;
    p.normDimension = 3;
    p.normSamples = 100;
    p.bins = 10;
    return p;
}

/// V_{2k}/2^{2k} = π^k / (k! 4^k), built as a product: independent of lgamma.
double evenCubeRatio(int k) {
    long double r = 1;
    for (int j = 1; j <= k; ++j)
        r *= static_cast<long double>(kPi) / (4.0L * j);
    return static_cast<double>(r);
}

void expectRelative(double actual, double expected, double tolerance) {
    EXPECT_NEAR(actual / expected, 1.0, tolerance)
        << "actual " << actual << ", expected " << expected;
}

} // namespace

TEST(BallMath, B1CubeRatioKnownValues) {
    expectRelative(cubeRatio(1), 1.0, 1e-12);
    expectRelative(cubeRatio(2), kPi / 4, 1e-8);
    expectRelative(cubeRatio(3), kPi / 6, 1e-8);
    expectRelative(cubeRatio(5), kPi * kPi / 60, 1e-8);
    expectRelative(cubeRatio(10), evenCubeRatio(5), 1e-8);
    expectRelative(cubeRatio(20), evenCubeRatio(10), 1e-8);
    expectRelative(cubeRatio(100), evenCubeRatio(50), 1e-8);
    // geometry.md §5 B1 as printed (10 and 7 significant digits).
    expectRelative(cubeRatio(2), 0.7853981634, 1e-9);
    expectRelative(cubeRatio(3), 0.5235987756, 1e-9);
    expectRelative(cubeRatio(5), 0.1644934067, 1e-9);
    expectRelative(cubeRatio(10), 0.0024903946, 2.5e-8); // 8 digits printed
    expectRelative(cubeRatio(20), 2.461137e-8, 5e-7);
    expectRelative(cubeRatio(100), 1.8681821e-70, 5e-7);
}

TEST(BallMath, LogCurvesDoNotUnderflowAtLargeN) {
    BallParams p = tinyParams();
    p.maxDimension = 1000;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.curves.dimension.size(), 1000u);
    // log10 ρ_1000 = 500 log10 π − log10 500! − 1000 log10 2, summed independently.
    double expected = 500 * std::log10(kPi) - 1000 * std::log10(2.0);
    for (int k = 1; k <= 500; ++k)
        expected -= std::log10(static_cast<double>(k));
    expectRelative(r.curves.log10CubeRatio.back(), expected, 1e-10);
    EXPECT_LT(r.curves.log10CubeRatio.back(), -1000); // far below the smallest double
    EXPECT_TRUE(std::isfinite(r.curves.log10Volume.back()));
    EXPECT_EQ(r.curves.cubeRatio.back(), 0.0);
    expectRelative(r.curves.cubeRatio[99], 1.8681821e-70, 5e-7);
    expectRelative(r.curves.log10Volume[4], std::log10(8 * kPi * kPi / 15), 1e-12);
}

TEST(BallMath, B2VolumeArgmaxIsFive) {
    EXPECT_EQ(volumeArgmax(100), 5);
    EXPECT_EQ(volumeArgmax(3), 3);
    expectRelative(ballVolume(5), 5.2637890139, 1e-9);
    expectRelative(ballVolume(5), 8 * kPi * kPi / 15, 1e-12);
    BallParams p = tinyParams();
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.curves.argmaxDimension, 5);
    expectRelative(r.curves.maxVolume, 5.2637890139, 1e-9);
}

TEST(BallMath, B3ShellFraction) {
    expectRelative(shellFraction(10, 0.1), 0.6513215599, 1e-9);
    expectRelative(shellFraction(100, 0.1), 0.9999734386, 1e-9);
    expectRelative(shellFraction(2, 0.1), 0.19, 1e-12);
    // Tiny ε: 1 − (1−ε)^n ≈ nε, where the naive formula loses every digit.
    expectRelative(shellFraction(3, 1e-12), 3e-12, 1e-9);
    BallParams p = tinyParams();
    p.epsilon = 0.1;
    p.maxDimension = 100;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    expectRelative(r.curves.shellFraction[9], 0.6513215599, 1e-9);
    expectRelative(r.curves.shellFraction[99], 0.9999734386, 1e-9);
}

TEST(BallMath, GaussianDistanceExactValues) {
    // geometry.md §4.1, printed to 7 significant digits (CV to 4 decimals).
    expectRelative(gaussianDistanceMean(2), 1.772454, 5e-7);
    expectRelative(gaussianDistanceMean(10), 4.361898, 5e-7);
    expectRelative(gaussianDistanceMean(100), 14.106825, 5e-8);
    expectRelative(gaussianDistanceMean(512), 31.984379, 5e-8);
    expectRelative(gaussianDistanceMean(2), std::sqrt(kPi), 1e-12); // 2Γ(3/2)/Γ(1) = √π
    EXPECT_NEAR(gaussianDistanceCv(2), 0.5227, 5e-5);
    EXPECT_NEAR(gaussianDistanceCv(10), 0.2262, 5e-5);
    EXPECT_NEAR(gaussianDistanceCv(100), 0.0708, 5e-5);
    // d = 2: Var = 4 − π, CV = √(4 − π)/√π.
    expectRelative(gaussianDistanceCv(2), std::sqrt(4 - kPi) / std::sqrt(kPi), 1e-10);
}

TEST(BallMath, C2CvApproachesAsymptote) {
    expectRelative(gaussianDistanceCvAsymptote(100), 0.070710678, 1e-8);
    expectRelative(gaussianDistanceCv(100), gaussianDistanceCvAsymptote(100), 1e-2);
    expectRelative(gaussianDistanceCv(10000), gaussianDistanceCvAsymptote(10000), 1e-4);
    double previousGap = 1;
    for (int d : {10, 100, 1000, 10000}) { // the gap to the asymptote shrinks monotonically
        const double gap = std::fabs(gaussianDistanceCv(d) / gaussianDistanceCvAsymptote(d) - 1);
        EXPECT_LT(gap, previousGap) << "d=" << d;
        previousGap = gap;
    }
}

TEST(BallMath, ChiMeanSdAndDensity) {
    // geometry.md §4.2.
    EXPECT_NEAR(chiMean(128), 11.2916, 5e-5);
    EXPECT_NEAR(chiSd(128), 0.7064, 5e-5);
    EXPECT_NEAR(chiMean(512), 22.6164, 5e-5);
    EXPECT_NEAR(chiSd(512), 0.7069, 5e-5);
    expectRelative(chiMean(1), std::sqrt(2 / kPi), 1e-12);
    expectRelative(chiSd(1), std::sqrt(1 - 2 / kPi), 1e-10);
    // n = 3 is the Maxwell density √(2/π) r² e^{−r²/2}.
    expectRelative(chiDensity(3, 1.5), std::sqrt(2 / kPi) * 2.25 * std::exp(-1.125), 1e-12);
    // Each density integrates to 1 and has the stated mean (trapezoid rule on a fine grid).
    for (double n : {1.0, 2.0, 10.0, 512.0, 100000.0}) {
        const double lo = std::max(0.0, chiMean(n) - 12 * chiSd(n)),
                     hi = chiMean(n) + 12 * chiSd(n);
        const int steps = 20000;
        const double h = (hi - lo) / steps;
        double mass = 0, first = 0;
        for (int i = 0; i <= steps; ++i) {
            const double r = lo + i * h, w = (i == 0 || i == steps) ? 0.5 : 1.0;
            const double f = chiDensity(n, r);
            mass += w * f * h;
            first += w * r * f * h;
        }
        EXPECT_NEAR(mass, 1.0, 1e-6) << "n=" << n;
        EXPECT_NEAR(first, chiMean(n), 1e-5 * chiMean(n)) << "n=" << n;
    }
}

TEST(BallMath, WilsonInterval) {
    // Standard Wilson 95 % values (z = 1.959964).
    const Interval none = wilsonInterval(0, 10);
    EXPECT_EQ(none.low, 0.0);
    EXPECT_NEAR(none.high, 0.2775328, 1e-6);
    const Interval half = wilsonInterval(5, 10);
    EXPECT_NEAR(half.low, 0.2365931, 1e-6);
    EXPECT_NEAR(half.high, 0.7634069, 1e-6);
    const Interval all = wilsonInterval(10, 10);
    EXPECT_NEAR(all.low, 1 - 0.2775328, 1e-6);
    EXPECT_EQ(all.high, 1.0);
}

TEST(BallMath, ContrastGrid) {
    EXPECT_EQ(contrastDimensions(10000),
              (std::vector<int>{2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}));
    EXPECT_EQ(contrastDimensions(2), (std::vector<int>{2}));
    EXPECT_EQ(contrastDimensions(300), (std::vector<int>{2, 3, 5, 10, 20, 50, 100, 200, 300}));
}

TEST(BallRejection, AcceptanceWithinWilsonIntervalForN2to5) {
    BallParams p = tinyParams();
    p.demoDimension = 5;
    p.demoPoints = 2000000;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.rejection.perDimension.size(), 5u);
    for (int n : {2, 3, 5}) {
        const Acceptance &a = r.rejection.perDimension[static_cast<std::size_t>(n - 1)];
        EXPECT_EQ(a.dimension, n);
        EXPECT_EQ(a.samples, 2000000);
        expectRelative(a.exact, cubeRatio(n), 1e-15);
        EXPECT_LE(a.wilson.low, a.exact) << "n=" << n << " rate " << a.rate;
        EXPECT_GE(a.wilson.high, a.exact) << "n=" << n << " rate " << a.rate;
        EXPECT_LT(a.wilson.high - a.wilson.low, 0.002); // the interval is tight, not vacuous
    }
    EXPECT_EQ(r.rejection.perDimension[0].accepted,
              2000000); // every point of [−1,1] is in the 1-ball
    EXPECT_EQ(r.rejection.main.accepted, r.rejection.perDimension[4].accepted);
    // The trace ends at the full count with the final rate.
    ASSERT_FALSE(r.rejection.trace.empty());
    EXPECT_EQ(r.rejection.trace.back().samples, 2000000);
    EXPECT_DOUBLE_EQ(r.rejection.trace.back().rate, r.rejection.main.rate);
}

TEST(BallRejection, CollapseAtHighDimension) {
    BallParams p = tinyParams();
    p.demoDimension = 40; // ρ_40 ≈ 3.6e−21: nothing is accepted
    p.demoPoints = 1000000;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.rejection.main.accepted, 0);
    EXPECT_EQ(r.rejection.main.wilson.low, 0.0);
    EXPECT_LT(r.rejection.main.wilson.high, 4e-6);
    ASSERT_EQ(r.rejection.perDimension.size(), 20u);
    // Acceptance falls with n (strictly while there are accepted points).
    for (std::size_t k = 1; k < 12; ++k)
        EXPECT_LT(r.rejection.perDimension[k].accepted, r.rejection.perDimension[k - 1].accepted);
    const Acceptance &ten = r.rejection.perDimension[9];
    EXPECT_LE(ten.wilson.low, ten.exact);
    EXPECT_GE(ten.wilson.high, ten.exact);
}

TEST(BallNorms, HistogramMatchesChi) {
    BallParams p = tinyParams();
    p.normDimension = 128;
    p.normSamples = 40000;
    p.bins = 40;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    const NormStudy &s = r.norms;
    EXPECT_EQ(s.samples, 40000);
    EXPECT_EQ(s.histogram.total(), 40000);
    EXPECT_NEAR(s.sqrtN, std::sqrt(128.0), 1e-12);
    EXPECT_NEAR(s.exactMean, 11.2916, 5e-5);
    EXPECT_NEAR(s.mean, s.exactMean, 0.02); // sd of the mean ≈ 0.0035
    EXPECT_NEAR(s.sd, s.exactSd, 0.02);     // sd of the sd ≈ 0.0025
    ASSERT_EQ(s.chiDensityAtCenters.size(), 40u);
    const std::vector<double> density = s.histogram.density();
    double maxGap = 0;
    for (std::size_t b = 0; b < density.size(); ++b)
        maxGap = std::max(maxGap, std::fabs(density[b] - s.chiDensityAtCenters[b]));
    EXPECT_LT(maxGap, 0.03); // peak density ≈ 0.56; a bin holds ≈ 2000 points near the peak
}

TEST(BallContrast, C1MediansMatchTable) {
    BallParams p = tinyParams();
    p.contrastMaxDimension = 1000; // grid 2 … 1000; d = 10000 is left to the default run
    p.contrastDataPoints = 1000;
    p.contrastQueries = 200;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.contrast.size(), 10u);
    struct Row {
        int d;
        double uniform, normal;
    };
    // geometry.md §4.1 table (1000 data points, 200 queries, median RC).
    for (const Row &row : {Row{10, 2.78, 2.96}, Row{20, 1.38, 1.51}, Row{50, 0.682, 0.786},
                           Row{100, 0.425, 0.489}, Row{1000, 0.117, 0.134}}) {
        const auto it =
            std::find_if(r.contrast.begin(), r.contrast.end(),
                         [&](const ContrastPoint &pt) { return pt.dimension == row.d; });
        ASSERT_NE(it, r.contrast.end()) << "d=" << row.d;
        EXPECT_NEAR(it->uniformMedianRc / row.uniform, 1.0, 0.10) << "uniform d=" << row.d;
        EXPECT_NEAR(it->gaussianMedianRc / row.normal, 1.0, 0.10) << "gaussian d=" << row.d;
    }
    for (std::size_t i = 1; i < r.contrast.size(); ++i) { // increasing d, falling contrast
        EXPECT_GT(r.contrast[i].dimension, r.contrast[i - 1].dimension);
        EXPECT_LT(r.contrast[i].uniformMedianRc, r.contrast[i - 1].uniformMedianRc);
    }
}

TEST(BallContrast, C2MonteCarloDistanceCv) {
    BallParams p = tinyParams();
    p.contrastMaxDimension = 1000;
    p.contrastDataPoints = 1000;
    p.contrastQueries = 200;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    for (const ContrastPoint &pt : r.contrast) {
        if (pt.dimension < 10)
            continue;
        SCOPED_TRACE("d=" + std::to_string(pt.dimension));
        expectRelative(pt.exactMeanDistance, gaussianDistanceMean(pt.dimension), 1e-15);
        // Query-to-query spread of the mean distance dominates: ≈1 % sd at d = 10, less above.
        EXPECT_NEAR(pt.gaussianMeanDistance / pt.exactMeanDistance, 1.0, 0.04);
        EXPECT_NEAR(pt.gaussianDistanceCv / pt.exactDistanceCv, 1.0, 0.08);
        EXPECT_NEAR(pt.asymptoteCv, 1 / std::sqrt(2.0 * pt.dimension), 1e-15);
    }
    const ContrastPoint &d100 = r.contrast[6];
    ASSERT_EQ(d100.dimension, 100);
    EXPECT_NEAR(d100.gaussianDistanceCv, 0.0708, 0.0708 * 0.08);
}

TEST(BallRun, SeededDeterminismAcrossRepeatsAndThreads) {
    BallParams p = tinyParams();
    p.demoDimension = 7;
    p.demoPoints = 300000;
    p.normDimension = 64;
    p.normSamples = 20000;
    p.contrastMaxDimension = 100;
    p.contrastDataPoints = 200;
    p.contrastQueries = 50;
    p.threads = 1;
    const BallResult one = computeBall(p);
    const BallResult oneAgain = computeBall(p);
    p.threads = 2;
    const BallResult two = computeBall(p);
    ASSERT_TRUE(one.ok() && oneAgain.ok() && two.ok());
    for (const BallResult *other : {&oneAgain, &two}) {
        EXPECT_EQ(other->rejection.main.accepted, one.rejection.main.accepted);
        for (std::size_t k = 0; k < one.rejection.perDimension.size(); ++k)
            EXPECT_EQ(other->rejection.perDimension[k].accepted,
                      one.rejection.perDimension[k].accepted);
        ASSERT_EQ(other->rejection.trace.size(), one.rejection.trace.size());
        for (std::size_t k = 0; k < one.rejection.trace.size(); ++k)
            EXPECT_EQ(other->rejection.trace[k].rate, one.rejection.trace[k].rate);
        EXPECT_EQ(other->norms.histogram.counts, one.norms.histogram.counts);
        EXPECT_EQ(other->norms.mean, one.norms.mean);
        EXPECT_EQ(other->norms.sd, one.norms.sd);
        ASSERT_EQ(other->contrast.size(), one.contrast.size());
        for (std::size_t i = 0; i < one.contrast.size(); ++i) {
            EXPECT_EQ(other->contrast[i].uniformMedianRc, one.contrast[i].uniformMedianRc);
            EXPECT_EQ(other->contrast[i].gaussianMedianRc, one.contrast[i].gaussianMedianRc);
            EXPECT_EQ(other->contrast[i].gaussianDistanceCv, one.contrast[i].gaussianDistanceCv);
        }
    }
    p.seed = 2; // and a different seed gives different numbers
    const BallResult otherSeed = computeBall(p);
    EXPECT_NE(otherSeed.rejection.main.accepted, one.rejection.main.accepted);
    EXPECT_NE(otherSeed.contrast.back().gaussianMedianRc, one.contrast.back().gaussianMedianRc);
}

TEST(BallRun, StopBeforeStartIsCancelled) {
    RunControl<BallSnapshot> control;
    control.shouldStop = [] { return true; };
    const BallResult r = computeBall(BallParams{}, control);
    EXPECT_EQ(r.termination, Termination::Cancelled);
    EXPECT_FALSE(r.message.empty());
    EXPECT_EQ(r.rejection.main.samples, 0);
    EXPECT_TRUE(r.contrast.empty());
}

TEST(BallRun, StopDuringContrastIsCancelledWithPartialResult) {
    // The default contrast sweep (up to d = 10000, seconds of work); stop once the first contrast
    // point has streamed in. The demo and norm parts are shrunk only to keep the test short.
    BallParams p;
    p.demoPoints = 100000;
    p.normSamples = 2000;
    std::atomic<bool> stop{false};
    int snapshots = 0;
    RunControl<BallSnapshot> control;
    control.progressIntervalSeconds = 0.0;
    control.shouldStop = [&] { return stop.load(); };
    control.onProgress = [&](const BallSnapshot &s) {
        ++snapshots;
        EXPECT_EQ(s.curves.dimension.size(), 100u); // the exact curves come with every snapshot
        EXPECT_GE(s.progress, 0.0);
        EXPECT_LE(s.progress, 1.0);
        if (!s.contrast.empty())
            stop = true;
    };
    const BallResult r = computeBall(p, control);
    EXPECT_EQ(r.termination, Termination::Cancelled);
    EXPECT_GT(snapshots, 0);
    EXPECT_EQ(r.rejection.main.samples, p.demoPoints); // finished parts are kept
    EXPECT_EQ(r.norms.samples, p.normSamples);
    EXPECT_FALSE(r.contrast.empty());
    EXPECT_LT(r.contrast.size(), contrastDimensions(10000).size());
}

TEST(BallRun, ExceptionBecomesFailedWithMessage) {
    BallParams p = tinyParams();
    RunControl<BallSnapshot> control;
    control.progressIntervalSeconds = 0.0;
    control.onProgress = [](const BallSnapshot &) { throw std::runtime_error("viewer broke"); };
    const BallResult r = computeBall(p, control);
    EXPECT_EQ(r.termination, Termination::Failed);
    EXPECT_EQ(r.message, "viewer broke");
}

TEST(BallRun, SnapshotsStreamContrastInIncreasingD) {
    BallParams p = tinyParams();
    p.contrastMaxDimension = 500;
    p.contrastDataPoints = 300;
    // One thread: only the calling thread publishes, and with two a busy machine let the other
    // one finish every dimension between two of its snapshots (growths 0 in one run of 100).
    p.threads = 1;
    RunControl<BallSnapshot> control;
    control.progressIntervalSeconds = 0.0;
    std::size_t lastCount = 0;
    int growths = 0;
    control.onProgress = [&](const BallSnapshot &s) {
        for (std::size_t i = 1; i < s.contrast.size(); ++i)
            EXPECT_GT(s.contrast[i].dimension, s.contrast[i - 1].dimension);
        EXPECT_GE(s.contrast.size(), lastCount);
        growths += s.contrast.size() > lastCount ? 1 : 0;
        lastCount = s.contrast.size();
    };
    const BallResult r = computeBall(p, control);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_GT(growths, 1); // points arrive one dimension at a time, not all at the end
}

TEST(BallParams, EachInvalidFieldIsNamed) {
    struct Case {
        const char *field;
        void (*breakIt)(BallParams &);
    };
    const Case cases[] = {
        {"max-dimension", [](BallParams &p) { p.maxDimension = 0; }},
        {"epsilon", [](BallParams &p) { p.epsilon = 1.0; }},
        {"epsilon", [](BallParams &p) { p.epsilon = std::nan(""); }},
        {"demo-dimension", [](BallParams &p) { p.demoDimension = 1001; }},
        {"demo-points", [](BallParams &p) { p.demoPoints = 10; }},
        {"contrast-max-dimension", [](BallParams &p) { p.contrastMaxDimension = 1; }},
        {"contrast-data-points", [](BallParams &p) { p.contrastDataPoints = 5; }},
        {"contrast-queries", [](BallParams &p) { p.contrastQueries = 0; }},
        {"norm-dimension", [](BallParams &p) { p.normDimension = 0; }},
        {"norm-samples", [](BallParams &p) { p.normSamples = 99; }},
        {"bins", [](BallParams &p) { p.bins = 9; }},
        {"threads", [](BallParams &p) { p.threads = -1; }},
        {"seed", [](BallParams &p) { p.seed = ~std::uint64_t{0}; }},
    };
    for (const Case &c : cases) {
        BallParams p;
        c.breakIt(p);
        const auto error = explorer().validate(p);
        ASSERT_TRUE(error.has_value()) << c.field;
        EXPECT_EQ(error->rfind("parameter '" + std::string(c.field) + "'", 0), 0u) << *error;
        const BallResult r = computeBall(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput) << c.field;
        EXPECT_NE(r.message.find(c.field), std::string::npos) << r.message;
    }
    EXPECT_FALSE(explorer().validate(BallParams{}).has_value());
}

TEST(BallParams, SpecsMatchDefaultsAndParse) {
    const auto &specs = paramTable().specs();
    std::set<std::string> names;
    for (const ParamSpec &s : specs) {
        EXPECT_TRUE(names.insert(s.name).second) << s.name;
        EXPECT_EQ(s.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string::npos)
            << s.name;
        EXPECT_FALSE(s.help.empty()) << s.name;
    }
    EXPECT_EQ(names.size(), 12u);
    ParamSet set(specs);
    const BallParams d = paramTable().read(set), expected;
    EXPECT_EQ(d.maxDimension, expected.maxDimension);
    EXPECT_EQ(d.epsilon, expected.epsilon);
    EXPECT_EQ(d.demoPoints, expected.demoPoints);
    EXPECT_EQ(d.contrastMaxDimension, expected.contrastMaxDimension);
    EXPECT_EQ(d.normSamples, expected.normSamples);
    EXPECT_EQ(d.seed, expected.seed);
    ASSERT_FALSE(set.parse("demo-dimension", "17"));
    ASSERT_FALSE(set.parse("epsilon", "0.25"));
    EXPECT_EQ(paramTable().read(set).demoDimension, 17);
    EXPECT_EQ(paramTable().read(set).epsilon, 0.25);
    EXPECT_TRUE(set.parse("epsilon", "1.5").has_value()); // the spec refuses what validate refuses
}

TEST(BallJson, KeysAndValues) {
    BallParams p = tinyParams();
    p.contrastMaxDimension = 10;
    const BallResult r = computeBall(p);
    ASSERT_TRUE(r.ok()) << r.message;
    const nlohmann::json j = toJson(r);
    // Results only: how the run ended, its time and its parameters belong to the envelope.
    for (const char *key : {"termination", "message", "elapsed_seconds", "params"})
        EXPECT_FALSE(j.contains(key)) << key;
    EXPECT_EQ(j.at("volume").at("argmax_dimension"), 5);
    EXPECT_EQ(j.at("volume").at("dimension").size(), 20u);
    EXPECT_DOUBLE_EQ(j.at("volume").at("cube_ratio")[1].get<double>(), kPi / 4);
    EXPECT_EQ(j.at("rejection").at("main").at("dimension"), 3);
    EXPECT_TRUE(j.at("rejection").at("main").at("wilson").contains("low"));
    EXPECT_EQ(j.at("rejection").at("per_dimension").size(), 3u);
    EXPECT_EQ(j.at("norms").at("histogram").at("counts").size(), 10u);
    EXPECT_EQ(j.at("norms").at("chi_density_at_centers").size(), 10u);
    ASSERT_EQ(j.at("contrast").at("points").size(), 4u);
    EXPECT_EQ(j.at("contrast").at("points")[3].at("dimension"), 10);
    EXPECT_TRUE(j.at("contrast").at("points")[3].contains("gaussian_distance_cv"));
    EXPECT_NO_THROW((void)j.dump());
}

TEST(BallJson, RegistryEntryRuns) {
    const ExplorerInfo &info = registeredExplorer(explorer().name);
    EXPECT_EQ(info.name, "ball");
    ParamSet set(info.specs());
    for (const auto &[name, value] : {std::pair<const char *, const char *>{"demo-points", "1000"},
                                      {"contrast-max-dimension", "5"},
                                      {"contrast-data-points", "20"},
                                      {"norm-samples", "100"},
                                      {"norm-dimension", "4"}})
        ASSERT_FALSE(set.parse(name, value));
    const JsonRun run = info.computeJson(set, [] { return false; });
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.result.at("contrast").at("points").size(), 3u);
    const JsonRun stopped = info.computeJson(set, [] { return true; });
    EXPECT_EQ(stopped.termination, Termination::Cancelled);
}
