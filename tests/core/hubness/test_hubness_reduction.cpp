// SPDX-License-Identifier: MIT
// Hubness reduction: each secondary distance against a hand computation on a small graph, the
// re-ranking, and the effect on real hubness (measures fall).
#include <gtest/gtest.h>

#include <cmath>

#include "hubness/hubness.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

/// 4 points on a line at 0, 1, 3, 7; candidates = all 3 others.
struct LineFixture {
    Eigen::MatrixXd points;
    KnnGraph graph;
    LineFixture() : points(4, 1) {
        points << 0, 1, 3, 7;
        KnnOptions o;
        o.k = 3;
        const KnnResult r = exactKnn(points, o);
        graph = r.graph;
    }
    double d(int a, int b) const { return std::fabs(points(a, 0) - points(b, 0)); }
    int slot(int x, int y) const {
        for (int s = 0; s < graph.k; ++s)
            if (graph.index(x, s) == y)
                return s;
        return -1;
    }
};

double sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

} // namespace

TEST(HubnessReduction, CandidateGraphOfTheFixture) {
    const LineFixture f;
    EXPECT_EQ(f.graph.indices, (std::vector<std::int32_t>{1, 2, 3, 0, 2, 3, 1, 0, 3, 2, 1, 0}));
    EXPECT_EQ(f.graph.distances, (std::vector<double>{1, 3, 7, 1, 2, 6, 2, 3, 4, 4, 6, 7}));
}

TEST(HubnessReduction, MutualProximityGaussianByHand) {
    const LineFixture f;
    const auto s = secondaryDistances(f.graph, Reduction::MpGaussian, 5);
    // Point 0: distances {1,3,7}: μ = 11/3, σ² = ((1−μ)² + (3−μ)² + (7−μ)²)/3. Point 1: {1,2,6}.
    const double mu0 = 11.0 / 3, mu1 = 3.0;
    const double sd0 =
        std::sqrt((std::pow(1 - mu0, 2) + std::pow(3 - mu0, 2) + std::pow(7 - mu0, 2)) / 3);
    const double sd1 = std::sqrt((4.0 + 1.0 + 9.0) / 3);
    EXPECT_NEAR(s[0], 1.0 - sf((1 - mu0) / sd0) * sf((1 - mu1) / sd1), 1e-14);
    // Symmetric: MP(1, 0) is the same number.
    EXPECT_NEAR(s[static_cast<std::size_t>(3 + f.slot(1, 0))], s[0], 1e-14);
}

TEST(HubnessReduction, MutualProximityEmpiricByHand) {
    const LineFixture f;
    const auto s = secondaryDistances(f.graph, Reduction::MpEmpiric, 5);
    // x = 0, y = 1 (d = 1): z ∈ C(0) = {1, 2, 3}. d_0z > 1 for z = 2, 3; d_1z > 1 for z = 2 (2), 3
    // (6). Shared = 2 of c = 3 → 1 − 2/3.
    EXPECT_NEAR(s[0], 1.0 - 2.0 / 3.0, 1e-14);
    // x = 0, y = 3 (d = 7): no z with d_0z > 7 → 1.
    EXPECT_NEAR(s[2], 1.0, 1e-14);
    // x = 2, y = 1 (d = 2): z ∈ {1, 0, 3}; d_2z > 2: z = 0 (3), 3 (4); d_1z: 0 → 1 (no), 3 → 6
    // (yes).
    EXPECT_NEAR(s[6], 1.0 - 1.0 / 3.0, 1e-14);
}

TEST(HubnessReduction, LocalScalingNicdmCslsByHand) {
    const LineFixture f;
    // localK = 2: σ (distance to 2nd NN): 0 → 3, 1 → 2, 2 → 3, 3 → 6. μ (mean of 2 NN):
    // 2, 1.5, 2.5, 5.
    const auto ls = secondaryDistances(f.graph, Reduction::LocalScaling, 2);
    EXPECT_NEAR(ls[0], 1.0 - std::exp(-1.0 / (3.0 * 2.0)), 1e-14);  // (0, 1)
    EXPECT_NEAR(ls[2], 1.0 - std::exp(-49.0 / (3.0 * 6.0)), 1e-14); // (0, 3)
    const auto nicdm = secondaryDistances(f.graph, Reduction::Nicdm, 2);
    EXPECT_NEAR(nicdm[0], 1.0 / std::sqrt(2.0 * 1.5), 1e-14);
    EXPECT_NEAR(nicdm[9], 4.0 / std::sqrt(5.0 * 2.5), 1e-14); // (3, 2)
    const auto csls = secondaryDistances(f.graph, Reduction::Csls, 2);
    EXPECT_NEAR(csls[0], 2.0 * 1.0 - 2.0 - 1.5, 1e-14);
    EXPECT_NEAR(csls[9], 2.0 * 4.0 - 5.0 - 2.5, 1e-14);
}

TEST(HubnessReduction, DisSimLocalByHand) {
    const LineFixture f;
    // localK = 2: centroids c(0) = (1+3)/2 = 2, c(1) = (0+3)/2 = 1.5, c(2) = (1+0)/2 = 0.5,
    // c(3) = (3+1)/2 = 2. Spreads ‖x−c‖²: 4, 0.25, 6.25, 25.
    const auto dsl = secondaryDistances(f.graph, Reduction::DisSimLocal, 2, &f.points);
    // Raw: (0,1) 1 − 4 − 0.25 = −3.25; the minimum over all pairs is (3,2)/(2,3): 16 − 25 − 6.25 =
    // −15.25.
    EXPECT_NEAR(dsl[0], -3.25 + 15.25, 1e-12);
    EXPECT_NEAR(dsl[9], 0.0, 1e-12);
}

TEST(HubnessReduction, RerankKeepsBestSecondary) {
    const LineFixture f;
    const std::vector<double> secondary = {3, 2, 1, 0, 0, 5, 9, 9, 9, 1, 2, 3};
    const KnnGraph g = rerank(f.graph, secondary, 2);
    // Row 0: secondaries 3 (1), 2 (2), 1 (3) → 3, 2. Row 1: 0 (0), 0 (2) tie → primary distance 1 <
    // 2 → 0, 2.
    EXPECT_EQ(g.indices, (std::vector<std::int32_t>{3, 2, 0, 2, 1, 0, 2, 1}));
    EXPECT_EQ(g.distances[0], 1.0);
}

TEST(HubnessReduction, NamesRoundTrip) {
    for (const auto &name : enumNames<Reduction>())
        EXPECT_EQ(nameOf(*enumFrom<Reduction>(name)), name);
    EXPECT_FALSE(enumFrom<Reduction>("bogus").has_value());
}

TEST(HubnessReduction, EveryMethodReducesHubnessOnGaussianData) {
    HubnessParams p;
    p.n = 2000;
    p.d = 100;
    p.k = 10;
    p.candidates = 50;
    for (const auto &name : enumNames<Reduction>()) {
        if (name == "none")
            continue;
        p.reduction = *enumFrom<Reduction>(name);
        const HubnessResult r = computeHubness(p);
        ASSERT_TRUE(r.ok()) << r.message;
        ASSERT_TRUE(r.before.has_value());
        EXPECT_LT(r.measures.kSkewness, r.before->kSkewness) << name;
        EXPECT_LT(r.measures.robinhood, r.before->robinhood) << name;
        std::int64_t sum = 0;
        for (auto v : r.kOccurrence)
            sum += v;
        EXPECT_EQ(sum, 2000 * 10);
    }
}
