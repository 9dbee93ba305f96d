// SPDX-License-Identifier: MIT
// positions against gradients.md §6 and the issue: the L = 2048, N = 64, M = 512 example, the
// coverage of each scheme, the equal-mean laws, and the attention entropy: equal curves at n = m,
// the Gaussian approximation where it holds, an independent Monte Carlo with real d-dimensional
// dot products everywhere, and how much the log-scaled curve still grows.
#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "numerics/constants.h"
#include "positions/attention_entropy.h"
#include "positions/positions.h"

using namespace dimscope;
using namespace dimscope::positions;

namespace {

PositionsParams example(Scheme scheme) {
    PositionsParams p;
    p.scheme = scheme;
    p.trainLength = 64;
    p.maxLength = 2048;
    p.testLength = 512;
    p.samples = 1000;
    return p;
}

/// Entropy of softmax(λ q·kᵢ/√d) over n keys, averaged over `trials`, with q and every kᵢ drawn
/// in d dimensions: the explorer's sampling shortcut is not used here. Returns {mean, se}.
std::pair<double, double> directEntropy(int n, double lambda, int d, int trials,
                                        std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<double> normal;
    double sum = 0, sumSq = 0;
    std::vector<double> z(static_cast<std::size_t>(n)), q(static_cast<std::size_t>(d));
    for (int t = 0; t < trials; ++t) {
        for (double &v : q)
            v = normal(engine);
        for (double &zi : z) {
            double dot = 0;
            for (int i = 0; i < d; ++i)
                dot += q[std::size_t(i)] * normal(engine);
            zi = dot / std::sqrt(double(d));
        }
        const double h = softmaxEntropy(z.data(), n, lambda);
        sum += h;
        sumSq += h * h;
    }
    const double mean = sum / trials;
    return {mean, std::sqrt((sumSq / trials - mean * mean) / (trials - 1))};
}

} // namespace

TEST(Positions, TheExampleOfSection6) {
    const PositionsResult r = computePositions(example(Scheme::Random));
    ASSERT_TRUE(r.ok()) << r.message;
    // E[gap] of N sorted distinct ids of 0…L−1 is (L+1)/(N+1) = 2049/65 ≈ 31.5: "about 32".
    EXPECT_NEAR(r.chosen.meanSpacing, 2049.0 / 65.0, 0.3);
    EXPECT_EQ(r.chosen.testSpacing, 4.0); // 2048 / 512
    // 1000 samples of 64 ids out of 2048: every id below 512 is seen (a miss has odds 1e-14).
    EXPECT_EQ(r.chosen.coverage, 1.0);
    const nlohmann::json j = toJson(r);
    for (const char *key : {"coverage", "mean_spacing", "entropy"})
        EXPECT_TRUE(j.contains(key)) << key;
    for (const char *key : {"lengths", "plain", "log_scaled"})
        EXPECT_TRUE(j["entropy"].contains(key)) << key;
}

TEST(Positions, StandardPositionsSeeOnlyTheFirstN) {
    const PositionsResult r = computePositions(example(Scheme::Standard));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.chosen.coverage, 64.0 / 512.0);
    EXPECT_EQ(r.chosen.meanSpacing, 1.0);
    EXPECT_EQ(r.chosen.maxPosition, 63.0);
    EXPECT_EQ(r.idCounts[0], 1000);
    EXPECT_EQ(r.idCounts[63], 1000);
    EXPECT_EQ(r.idCounts[64], 0);
    // The middle RoPE frequencies turn through only part of the circle over 0…63 and further
    // over 0…511: most test angles fall in bins training never saw. The slowest hardly turn at
    // all (every angle in bin 0), the fastest wrap around many times.
    const auto &covered = r.chosen.angleTestCovered;
    ASSERT_EQ(covered.size(), 32u);
    const auto worst = std::min_element(covered.begin(), covered.end());
    EXPECT_LT(*worst, 0.2);
    EXPECT_GE(worst - covered.begin(), 8);
    EXPECT_LE(worst - covered.begin(), 24);
    EXPECT_EQ(covered.back(), 1.0);
    // j = 16 by hand: θ = 10000^(−1/2), bins of 2π/64.
    const double theta = 0.01;
    std::vector<bool> seen(64, false);
    const auto bin = [&](int p) {
        const double turns = p * theta / (2 * kPi);
        return std::min(63, int((turns - std::floor(turns)) * 64));
    };
    for (int p = 0; p < 64; ++p)
        seen[std::size_t(bin(p))] = true;
    int inSeen = 0;
    for (int p = 0; p < 512; ++p)
        inSeen += seen[std::size_t(bin(p))];
    EXPECT_DOUBLE_EQ(covered[16], inSeen / 512.0);
    // Random positions see the whole test range at every frequency.
    const SchemeCoverage &random = r.everyScheme[std::size_t(Scheme::Random)];
    for (double c : random.angleTestCovered)
        EXPECT_EQ(c, 1.0);
}

TEST(Positions, EqualMeanLengthsHaveMeanN) {
    for (LengthLaw law : {LengthLaw::Exponential, LengthLaw::Beta}) {
        PositionsParams p = example(Scheme::EqualMean);
        p.law = law;
        p.samples = 20000;
        const PositionsResult r = computePositions(p);
        ASSERT_TRUE(r.ok());
        // Mean gap n/(N − 1) with E[n] = N; sd of the mean of 20000 draws ≤ 64/√20000 ≈ 0.45 in
        // n, 0.007 in the gap.
        EXPECT_NEAR(r.chosen.meanSpacing, 64.0 / 63.0, 0.03) << nameOf(law);
        if (law == LengthLaw::Beta) {
            EXPECT_LE(r.chosen.maxPosition, 512.0);
        } else {
            EXPECT_GT(r.chosen.maxPosition, 4 * 64.0); // the exponential's tail
        }
    }
}

TEST(Positions, RandomPositionsAreDistinctSortedAndInRange) {
    SchemeSettings s;
    s.scheme = Scheme::Random;
    s.trainLength = 40;
    s.maxLength = 50;
    Xoshiro256pp engine(5);
    std::vector<int> counts(50, 0);
    for (int i = 0; i < 20000; ++i) {
        const auto p = samplePositions(s, engine);
        ASSERT_EQ(p.size(), 40u);
        for (std::size_t k = 1; k < p.size(); ++k)
            ASSERT_LT(p[k - 1], p[k]);
        ASSERT_GE(p.front(), 0);
        ASSERT_LT(p.back(), 50);
        for (double v : p)
            ++counts[std::size_t(v)];
    }
    // Uniform: each id appears with probability 40/50 = 0.8 per sample (sd of the count ≈ 57).
    for (int c : counts)
        EXPECT_NEAR(c, 16000, 300);
}

TEST(Positions, EntropyCurvesAgreeExactlyAtTheTrainingLength) {
    const PositionsResult r = computePositions(example(Scheme::Random));
    const EntropyCurves &e = r.entropy;
    bool found = false;
    for (std::size_t i = 0; i < e.lengths.size(); ++i) {
        if (e.lengths[i] == 64) {
            EXPECT_EQ(e.plain[i], e.logScaled[i]);
            EXPECT_EQ(e.lambda[i], 1.0);
            found = true;
        } else {
            EXPECT_NE(e.plain[i], e.logScaled[i]) << "n = " << e.lengths[i];
        }
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(e.lengths.back(), 512);
}

TEST(Positions, EntropyFollowsTheGaussianApproximationWhereItHolds) {
    PositionsParams p = example(Scheme::Standard);
    p.entropyTrials = 4000;
    const PositionsResult r = computePositions(p);
    const EntropyCurves &e = r.entropy;
    int tested = 0;
    for (std::size_t i = 0; i < e.lengths.size(); ++i) {
        const double n = e.lengths[i], logN = std::log(n);
        for (int scaled = 0; scaled < 2; ++scaled) {
            const double lambda = scaled ? e.lambda[i] : 1.0;
            // Where λσ (σ = 1) is well below √(2 log n), and n is large enough for the finite-n
            // bias −(e^{λ²} − 1)/(2n) to be small.
            if (!(lambda * lambda < 0.5 * logN && n >= 64))
                continue;
            const double mc = scaled ? e.logScaled[i] : e.plain[i];
            const double se = scaled ? e.logScaledSe[i] : e.plainSe[i];
            const double approx = logN - 0.5 * lambda * lambda;
            const double bias = (std::exp(lambda * lambda) - 1) / (2 * n);
            EXPECT_NEAR(mc, approx, bias + 4 * se + 0.01)
                << "n = " << n << (scaled ? " scaled" : " plain");
            ++tested;
        }
    }
    EXPECT_GE(tested, 8);
}

TEST(Positions, EntropyMatchesAnIndependentMonteCarloEverywhere) {
    PositionsParams p = example(Scheme::Standard);
    p.entropyTrials = 3000;
    const PositionsResult r = computePositions(p);
    const EntropyCurves &e = r.entropy;
    for (std::size_t i = 0; i < e.lengths.size(); i += 3) {
        const int n = e.lengths[i];
        for (int scaled = 0; scaled < 2; ++scaled) {
            const double lambda = scaled ? e.lambda[i] : 1.0;
            const auto [mean, se] = directEntropy(n, lambda, 64, 600, 100 + i);
            const double ours = scaled ? e.logScaled[i] : e.plain[i];
            const double ourSe = scaled ? e.logScaledSe[i] : e.plainSe[i];
            EXPECT_NEAR(ours, mean, 4.5 * std::hypot(se, ourSe))
                << "n = " << n << (scaled ? " scaled" : " plain");
        }
    }
}

TEST(Positions, LogScaledEntropyGrowsMoreSlowlyButIsNotFlat) {
    const PositionsResult r = computePositions(example(Scheme::Random));
    const nlohmann::json j = toJson(r)["entropy"];
    const double plain = j["plain_growth"], scaled = j["log_scaled_growth"];
    // From n = 64 to 512: plain ≈ log 8 = 2.08; scaled ≈ log 8 − (1.5² − 1)/2 = 1.45.
    EXPECT_NEAR(plain, std::log(8.0), 0.1);
    EXPECT_NEAR(scaled, std::log(8.0) - 0.625, 0.1);
    EXPECT_LT(scaled, plain);
    EXPECT_GT(scaled, 1.0);
}

TEST(Positions, RefusesLengthsThatCannotWork) {
    PositionsParams p = example(Scheme::Random);
    p.maxLength = 32;
    EXPECT_EQ(computePositions(p).termination, Termination::InvalidInput);
    p = example(Scheme::Random);
    p.testLength = 32;
    EXPECT_EQ(computePositions(p).termination, Termination::InvalidInput);
    p = example(Scheme::Random);
    p.headDim = 63;
    const PositionsResult r = computePositions(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("even"), std::string::npos);
}
