// SPDX-License-Identifier: MIT
// Hubness measures: geometry.md §5 H1 (scikit-hubness test case, 10 decimals), H2 (Σ N_k = N·k),
// H3 (one band per law, N = 10000, k = 5) and H4 (N = 2000, k = 10).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "hubness/hubness.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

Eigen::MatrixXd squareform(const std::vector<double> &condensed, int n) {
    Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
    std::size_t at = 0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            d(i, j) = d(j, i) = condensed[at++];
    return d;
}

HubnessMeasures measuresOf(DataKind kind, std::int64_t n, int d, int k, Metric metric,
                           std::uint64_t seed, std::vector<std::int64_t> *occurrenceOut = nullptr) {
    HubnessParams p;
    p.data = kind;
    p.n = n;
    p.d = d;
    p.k = k;
    p.metric = metric;
    p.seed = seed;
    const HubnessResult r = computeHubness(p);
    EXPECT_TRUE(r.ok()) << r.message;
    if (occurrenceOut)
        *occurrenceOut = r.kOccurrence;
    return r.measures;
}

} // namespace

TEST(HubnessMeasures, H1ScikitHubnessReference) {
    const Eigen::MatrixXd dist = squareform({.2, .1, .8, .4, .3, .5, .7, 1., .6, .9}, 5);
    const KnnGraph g = knnFromDistanceMatrix(dist, 2);
    EXPECT_EQ(g.indices, (std::vector<std::int32_t>{2, 1, 0, 2, 0, 1, 1, 0, 0, 2}));
    const std::vector<std::int64_t> occurrence = kOccurrence(g);
    ASSERT_EQ(occurrence, (std::vector<std::int64_t>{4, 3, 3, 0, 0}));
    const HubnessMeasures m = hubnessMeasures(occurrence, 2);
    EXPECT_NEAR(m.kSkewness, -0.2561204163, 1e-10);
    EXPECT_NEAR(m.kSkewnessTruncnorm, 0.8257428356, 1e-10);
    EXPECT_NEAR(m.robinhood, 0.4, 1e-10);
    EXPECT_NEAR(m.gini, 0.44, 1e-10);
    EXPECT_NEAR(m.atkinson, 0.4028718708, 1e-10);
    EXPECT_NEAR(m.antihubOccurrence, 0.4, 1e-10);
    EXPECT_NEAR(m.hubOccurrence, 0.4, 1e-10);
    EXPECT_NEAR(m.groupieRatio, 0.4, 1e-10);
    EXPECT_EQ(m.maxKOccurrence, 4);
    EXPECT_EQ(m.hubCount, 1);
    EXPECT_EQ(m.antihubCount, 2);
    EXPECT_FALSE(m.constantOccurrence);
}

TEST(HubnessMeasures, GiniPairwiseFormulaAgreesWithSortedFormula) {
    const std::vector<std::int64_t> o = {0, 7, 2, 2, 9, 0, 1, 3, 5, 1};
    double pairwise = 0, sum = 0;
    for (auto a : o) {
        sum += static_cast<double>(a);
        for (auto b : o)
            pairwise += std::fabs(static_cast<double>(a - b));
    }
    EXPECT_NEAR(hubnessMeasures(o, 3).gini, pairwise / (2.0 * static_cast<double>(o.size()) * sum),
                1e-14);
}

TEST(HubnessMeasures, ConstantOccurrenceFlaggedNotNaN) {
    const HubnessMeasures m = hubnessMeasures({3, 3, 3, 3}, 3);
    EXPECT_TRUE(m.constantOccurrence);
    EXPECT_EQ(m.kSkewness, 0.0);
    EXPECT_EQ(m.kSkewnessTruncnorm, 0.0);
    EXPECT_EQ(m.robinhood, 0.0);
    EXPECT_EQ(m.gini, 0.0);
    EXPECT_NEAR(m.atkinson, 0.0, 1e-15);
    EXPECT_FALSE(std::isnan(m.hubOccurrence));
}

TEST(HubnessMeasures, SpearmanWithTiesAndConstants) {
    EXPECT_NEAR(*spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0, 1e-15);
    EXPECT_NEAR(*spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0, 1e-15);
    // scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505138
    EXPECT_NEAR(*spearman({1, 2, 2, 3}, {1, 3, 2, 4}), 0.9486832980505138, 1e-12);
    EXPECT_FALSE(spearman({1, 1, 1}, {1, 2, 3}).has_value());
}

TEST(HubnessMeasures, H2OccurrenceSumsToNk) {
    std::vector<std::int64_t> occurrence;
    measuresOf(DataKind::Mixture, 1500, 40, 7, Metric::Euclidean, 5, &occurrence);
    EXPECT_EQ(std::accumulate(occurrence.begin(), occurrence.end(), std::int64_t{0}), 1500 * 7);
}

TEST(HubnessMeasures, H3UniformAndNormalBands) {
    // N = 10000, k = 5, one seed (geometry.md §5 H3).
    const auto u20 = measuresOf(DataKind::Uniform, 10000, 20, 5, Metric::Euclidean, 1);
    EXPECT_GE(u20.kSkewness, 1.45);
    EXPECT_LE(u20.kSkewness, 1.60);
    EXPECT_GE(u20.robinhood, 0.29);
    EXPECT_LE(u20.robinhood, 0.31);
    const auto n20 = measuresOf(DataKind::Gaussian, 10000, 20, 5, Metric::Euclidean, 1);
    EXPECT_GE(n20.kSkewness, 1.9);
    EXPECT_LE(n20.kSkewness, 2.4);
    EXPECT_GE(n20.robinhood, 0.39);
    EXPECT_LE(n20.robinhood, 0.41);
    EXPECT_LT(measuresOf(DataKind::Uniform, 10000, 3, 5, Metric::Euclidean, 1).kSkewness, 0.3);
    EXPECT_LT(measuresOf(DataKind::Gaussian, 10000, 3, 5, Metric::Euclidean, 1).kSkewness, 0.3);
}

TEST(HubnessMeasures, H3CosineOnNormalDataHasNoHubs) {
    const auto m = measuresOf(DataKind::Gaussian, 10000, 100, 5, Metric::Cosine, 1);
    EXPECT_GE(m.kSkewness, 0.3);
    EXPECT_LE(m.kSkewness, 0.6);
    EXPECT_GE(m.robinhood, 0.16);
    EXPECT_LE(m.robinhood, 0.19);
}

TEST(HubnessMeasures, H4CheapBands) {
    // N = 2000, k = 10, L2; bands are the 5-seed mean ± 3 spreads (one seed here).
    const auto u20 = measuresOf(DataKind::Uniform, 2000, 20, 10, Metric::Euclidean, 1);
    EXPECT_NEAR(u20.kSkewness, 1.85, 0.27);
    EXPECT_NEAR(u20.robinhood, 0.285, 0.02);
    const auto n20 = measuresOf(DataKind::Gaussian, 2000, 20, 10, Metric::Euclidean, 1);
    EXPECT_NEAR(n20.kSkewness, 2.5, 1.0);
    EXPECT_NEAR(n20.robinhood, 0.395, 0.02);
    const auto n100 = measuresOf(DataKind::Gaussian, 2000, 100, 10, Metric::Euclidean, 1);
    EXPECT_NEAR(n100.robinhood, 0.540, 0.03);
    EXPECT_NEAR(n100.antihubOccurrence, 0.199, 0.027);
    ASSERT_TRUE(n100.spearmanMeanDistance.has_value());
    EXPECT_LT(*n100.spearmanMeanDistance, -0.7); // hubs lie near the mean
}
