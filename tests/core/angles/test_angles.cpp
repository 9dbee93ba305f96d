// SPDX-License-Identifier: MIT
// The angles explorer end to end: Monte Carlo checks A17–A18, exact-law agreement (KS), determinism
// across repeats and thread counts, cancellation, validation, histogram and JSON shape.
#include <algorithm>
#include <atomic>
#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "angles/angle_math.h"
#include "angles/angle_sampler.h"
#include "angles/angles.h"
#include "numerics/constants.h"
#include "registry.h"

using namespace dimscope;
using namespace dimscope::angles;

namespace {

AngleParams quick(int n, std::int64_t pairs, Distribution d = Distribution::Gaussian) {
    AngleParams p;
    p.dimension = n;
    p.pairs = pairs;
    p.distribution = d;
    p.sweepPairs = 0;
    p.threads = 2;
    return p;
}

AngleResult run(const AngleParams &p) {
    AngleResult r = computeAngles(p);
    EXPECT_EQ(r.termination, Termination::Completed) << r.message;
    return r;
}

/// 99.9 % point of the KS statistic is ~1.95/√M; 2.2/√M leaves room for the +1/M bucket bound.
double ksLimit(std::int64_t m) { return 2.2 / std::sqrt(double(m)); }
} // namespace

TEST(Angles, A17GaussianVectorsAndExactSamplerAgree) {
    for (Sampler s : {Sampler::Vectors, Sampler::Exact}) {
        AngleParams p = quick(10, 200000);
        p.sampler = s;
        const AngleResult r = run(p);
        EXPECT_NEAR(r.mean, 1.5708, 0.002);
        EXPECT_NEAR(r.variance, 0.1107, 0.002);
        EXPECT_NEAR(r.varianceCos, 0.1, 0.002);
        ASSERT_TRUE(r.ksDistance.has_value());
        EXPECT_LT(*r.ksDistance, ksLimit(p.pairs));
        EXPECT_NEAR(r.nearOrthogonalShare, nearOrthogonalProbability(10, 5 * kPi / 180), 0.004);
    }
}

TEST(Angles, A18UnitCubeAndShiftedGaussianAreNotOrthogonal) {
    const AngleResult u100 = run(quick(100, 200000, Distribution::UnitCube));
    EXPECT_NEAR(u100.meanCos, 0.7508, 0.005);
    const AngleResult u1000 = run(quick(1000, 100000, Distribution::UnitCube));
    EXPECT_NEAR(u1000.meanCos, 0.7500, 0.005);
    EXPECT_NEAR(u1000.mean * 180 / kPi, 41.40, 0.01); // reference given to 0.01°
    EXPECT_FALSE(u1000.ksDistance.has_value());
    EXPECT_FALSE(u1000.exactVariance.has_value());
    AngleParams shifted = quick(1000, 50000, Distribution::ShiftedGaussian);
    shifted.mu = 1.0;
    EXPECT_NEAR(run(shifted).meanCos, 0.5001, 0.005);
}

TEST(Angles, A18SignSymmetricCubeHasCosVarianceOneOverN) {
    // n·Var(cos) → 1 exactly; tolerance 0.005 needs M ≳ 10^6 (sd of n·Var ≈ √(2/M)), so large n
    // uses fewer pairs and a 5-sd tolerance.
    const struct {
        int n;
        std::int64_t pairs;
        double tol;
    } cases[] = {{2, 2000000, 0.005},
                 {3, 2000000, 0.005},
                 {10, 2000000, 0.005},
                 {100, 300000, 0.013},
                 {1000, 50000, 0.032}};
    for (const auto &c : cases) {
        const AngleResult r = run(quick(c.n, c.pairs, Distribution::Cube));
        EXPECT_NEAR(c.n * r.varianceCos, 1.0, c.tol) << c.n;
        EXPECT_NEAR(r.meanCos, 0.0, 5 * std::sqrt(1.0 / c.n / c.pairs)) << c.n;
    }
}

TEST(Angles, CentringRestoresTheExactLaw) {
    // Separate x and y batches make centred isotropic (and centred shifted) vectors follow the
    // Beta law exactly, so the KS distance must be at noise level.
    for (Distribution d :
         {Distribution::Gaussian, Distribution::Sphere, Distribution::ShiftedGaussian}) {
        AngleParams p = quick(20, 100000, d);
        p.center = true;
        p.mu = 3.0;
        const AngleResult r = run(p);
        ASSERT_TRUE(r.ksDistance.has_value());
        EXPECT_LT(*r.ksDistance, ksLimit(p.pairs)) << static_cast<int>(d);
    }
    AngleParams u = quick(200, 20000, Distribution::UnitCube);
    u.center = true;
    EXPECT_NEAR(run(u).mean, kPi / 2, 0.01);
}

TEST(Angles, KsIsSmallForTheRightLawAndLargeForAWrongN) {
    SamplerSetup s;
    s.dimension = 10;
    s.sampler = Sampler::Exact;
    std::vector<double> theta(200000), cosine(200000);
    ASSERT_TRUE(samplePairs(s, 5, 200000, theta.data(), cosine.data(), {}));
    EXPECT_LT(ksDistanceExact(theta, 10), ksLimit(200000));
    // Neighbouring dimensions differ by ~0.02–0.04 in KS distance: far beyond the 0.005 noise
    // limit.
    EXPECT_GT(ksDistanceExact(theta, 12), 3 * ksLimit(200000));
    EXPECT_GT(ksDistanceExact(theta, 8), 3 * ksLimit(200000));
}

TEST(Angles, ExactSamplerLargeRunMatchesClosedForms) {
    AngleParams p = quick(1000, 2000000);
    p.sampler = Sampler::Exact;
    const AngleResult r = run(p);
    const double sdVar = exactVariance(1000) * std::sqrt(2.0 / p.pairs);
    EXPECT_NEAR(r.variance, exactVariance(1000), 5 * sdVar);
    EXPECT_NEAR(r.mean, kPi / 2, 5 * std::sqrt(exactVariance(1000) / p.pairs));
    EXPECT_LT(*r.ksDistance, ksLimit(p.pairs));
    EXPECT_EQ(r.pairsDone, p.pairs);
}

TEST(Angles, IdenticalAcrossRepeatsAndThreadCounts) {
    for (Sampler s : {Sampler::Vectors, Sampler::Exact}) {
        AngleParams p = quick(64, 30000);
        p.sampler = s;
        p.sweepPairs = 500;
        p.threads = 1;
        const nlohmann::json one = toJson(run(p));
        EXPECT_EQ(toJson(run(p)), one);
        p.threads = 2;
        EXPECT_EQ(toJson(run(p)), one);
        p.threads = 5;
        EXPECT_EQ(toJson(run(p)), one);
        p.seed = 2;
        EXPECT_NE(toJson(run(p)), one);
    }
}

TEST(Angles, StopRequestGivesCancelled) {
    AngleParams p = quick(1000, 10000000);
    std::atomic<int> calls{0};
    RunControl<AngleSnapshot> control;
    control.shouldStop = [&] { return ++calls > 20; };
    const AngleResult r = computeAngles(p, control);
    EXPECT_EQ(r.termination, Termination::Cancelled);
    EXPECT_LT(r.pairsDone, p.pairs);
    control.shouldStop = [] { return true; };
    EXPECT_EQ(computeAngles(quick(10, 1000), control).termination, Termination::Cancelled);
}

TEST(Angles, ProgressSnapshotsArriveAndGrow) {
    AngleParams p = quick(200, 200000);
    p.sweepPairs = 1000;
    RunControl<AngleSnapshot> control;
    control.progressIntervalSeconds = 0.0;
    std::vector<std::int64_t> done;
    std::size_t sweepSeen = 0;
    control.onProgress = [&](const AngleSnapshot &s) {
        done.push_back(s.pairsDone);
        sweepSeen = s.sweep.size();
        EXPECT_LE(s.pairsDone, s.pairsTotal);
    };
    const AngleResult r = computeAngles(p, control);
    ASSERT_GE(done.size(), 3u);
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
    EXPECT_EQ(sweepSeen, r.sweep.size());
}

TEST(Angles, EveryInvalidFieldIsNamed) {
    const auto expectInvalid = [](AngleParams p, const std::string &field) {
        const auto message = explorer().validate(p);
        ASSERT_TRUE(message.has_value()) << field;
        EXPECT_NE(message->find(field), std::string::npos) << *message;
        const AngleResult r = computeAngles(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput);
        EXPECT_NE(r.message.find(field), std::string::npos);
    };
    AngleParams p;
    EXPECT_FALSE(explorer().validate(p).has_value());
    p = {};
    p.dimension = 1;
    expectInvalid(p, "dimension");
    p = {};
    p.dimension = 100001;
    expectInvalid(p, "dimension");
    p = {};
    p.pairs = 999;
    expectInvalid(p, "pairs");
    p = {};
    p.pairs = 10000001;
    expectInvalid(p, "pairs");
    p = {};
    p.distribution = static_cast<Distribution>(9);
    expectInvalid(p, "distribution");
    p = {};
    p.mu = 11;
    expectInvalid(p, "mu");
    p = {};
    p.mu = std::nan("");
    expectInvalid(p, "mu");
    p = {};
    p.sampler = static_cast<Sampler>(7);
    expectInvalid(p, "sampler");
    p = {};
    p.bins = 9;
    expectInvalid(p, "bins");
    p = {};
    p.bins = 2001;
    expectInvalid(p, "bins");
    p = {};
    p.units = static_cast<Units>(3);
    expectInvalid(p, "units");
    p = {};
    p.deltaDegrees = 0;
    expectInvalid(p, "delta");
    p = {};
    p.deltaDegrees = 90;
    expectInvalid(p, "delta");
    p = {};
    p.sweepPairs = -1;
    expectInvalid(p, "sweep-pairs");
    p = {};
    p.sweepPairs = 50;
    expectInvalid(p, "sweep-pairs");
    p = {};
    p.threads = -1;
    expectInvalid(p, "threads");
    p = {};
    p.seed = ~std::uint64_t(0);
    expectInvalid(p, "seed");
    p = {};
    p.sampler = Sampler::Exact;
    p.distribution = Distribution::Cube;
    expectInvalid(p, "sampler");
    p = {};
    p.sampler = Sampler::Exact;
    p.distribution = Distribution::ShiftedGaussian;
    expectInvalid(p, "sampler");
    p.center = true; // centred shifted Gaussian vectors are isotropic: allowed
    EXPECT_FALSE(explorer().validate(p).has_value());
}

TEST(Angles, HistogramIntegratesToOneAndCoversTheSamples) {
    for (Distribution d :
         {Distribution::Gaussian, Distribution::UnitCube, Distribution::ShiftedGaussian}) {
        AngleParams p = quick(50, 100000, d);
        p.bins = 200;
        const AngleResult r = run(p);
        const auto density = r.histogram.density();
        double integral = 0;
        for (double v : density)
            integral += v * r.histogram.binWidth();
        const double outside =
            double(r.histogram.underflow + r.histogram.overflow) / double(r.pairsDone);
        EXPECT_NEAR(integral + outside, 1.0, 1e-12);
        EXPECT_LT(outside, 1e-3);
        EXPECT_EQ(r.histogram.total(), r.pairsDone);
        EXPECT_GE(r.histogram.lo, 0.0);
        EXPECT_LE(r.histogram.hi, kPi);
    }
}

TEST(Angles, SweepCoversTwoToNAndCapsVectorWork) {
    AngleParams p = quick(100000, 1000);
    p.sweepPairs = 2100; // capped to 2000 at n = 100000 (n·pairs ≤ 2e8); ~3.5e8 coordinates in all
    const AngleResult r = run(p);
    ASSERT_GE(r.sweep.size(), 10u);
    EXPECT_EQ(r.sweep.front().dimension, 2);
    EXPECT_EQ(r.sweep.back().dimension, 100000);
    for (std::size_t i = 0; i < r.sweep.size(); ++i) {
        const SweepPoint &s = r.sweep[i];
        if (i > 0) {
            EXPECT_GT(s.dimension, r.sweep[i - 1].dimension);
        }
        EXPECT_LE(s.dimension * s.pairs, 200000000);
        EXPECT_EQ(s.pairs, std::min<std::int64_t>(2100, 200000000 / s.dimension));
        EXPECT_NEAR(s.variance / exactVariance(s.dimension), 1.0, 6 * std::sqrt(2.0 / s.pairs))
            << s.dimension;
    }
}

TEST(Angles, JsonKeysAndUnits) {
    AngleParams p = quick(30, 20000);
    p.sweepPairs = 200;
    AngleResult r = run(p);
    nlohmann::json j = toJson(r);
    for (const char *key : {"mean", "variance", "exact_mean", "exact_variance", "ks_distance",
                            "mean_cos", "variance_cos", "near_orthogonal_share",
                            "exact_near_orthogonal_share", "pairs", "units", "histogram", "sweep"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["units"], "degrees");
    EXPECT_NEAR(j["mean"].get<double>(), 90.0, 1.0);
    EXPECT_NEAR(j["exact_mean"].get<double>(), 90.0, 1e-12);
    EXPECT_EQ(j["histogram"]["edges"].size(), j["histogram"]["density"].size() + 1);
    EXPECT_TRUE(j["sweep"][0].contains("exact_variance"));
    r.params.units = Units::Radians;
    j = toJson(r);
    EXPECT_NEAR(j["exact_mean"].get<double>(), kPi / 2, 1e-15);
    EXPECT_NEAR(j["exact_variance"].get<double>(), exactVariance(30), 1e-15);
    r = run(quick(30, 2000, Distribution::Cube));
    j = toJson(r);
    EXPECT_TRUE(j["ks_distance"].is_null());
    EXPECT_TRUE(j["exact_variance"].is_null());
    EXPECT_TRUE(j["exact_near_orthogonal_share"].is_null());
}

TEST(Angles, RegistryEntryComputesJson) {
    const ExplorerInfo &info = registeredExplorer(explorer().name);
    EXPECT_EQ(info.name, "angles");
    EXPECT_EQ(info.title, "Angles between random vectors");
    ParamSet set(info.specs());
    ASSERT_FALSE(set.parse("pairs", "1e4"));
    ASSERT_FALSE(set.parse("sweep-pairs", "0"));
    JsonRun ok = info.computeJson(set, {});
    EXPECT_EQ(ok.termination, Termination::Completed) << ok.message;
    EXPECT_EQ(ok.result["pairs"], 10000);
    ASSERT_FALSE(set.parse("sampler", "exact"));
    ASSERT_FALSE(set.parse("distribution", "unit-cube"));
    JsonRun bad = info.computeJson(set, {});
    EXPECT_EQ(bad.termination, Termination::InvalidInput);
    EXPECT_NE(bad.message.find("sampler"), std::string::npos);
    EXPECT_EQ(paramTable().read(ParamSet(paramTable().specs())).dimension, AngleParams{}.dimension);
}
