// SPDX-License-Identifier: MIT
// Approximate neighbours (HNSW): recall against exact search, measureRecall's known answers,
// determinism, cancellation, refused inputs, and the hubness explorer with search = approximate.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "hubness/hubness.h"
#include "neighbors/ann.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

Eigen::MatrixXd gaussian(std::int64_t n, std::int64_t d, std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<double> normal;
    Eigen::MatrixXd x(n, d);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t t = 0; t < d; ++t)
            x(i, t) = normal(engine);
    return x;
}

KnnGraph exactGraph(const Eigen::MatrixXd &x, int k, Metric metric) {
    KnnOptions o;
    o.k = k;
    o.metric = metric;
    const KnnResult r = exactKnn(x, o);
    EXPECT_TRUE(r.ok()) << r.message;
    return r.graph;
}

/// Recall over all rows, computed directly from two graphs (an independent check of
/// measureRecall).
double overlap(const KnnGraph &approx, const KnnGraph &exact) {
    std::int64_t hits = 0;
    for (std::int64_t i = 0; i < exact.n; ++i) {
        std::vector<std::int32_t> truth(exact.indices.begin() + i * exact.k,
                                        exact.indices.begin() + (i + 1) * exact.k);
        std::sort(truth.begin(), truth.end());
        for (int s = 0; s < approx.k; ++s)
            hits += std::binary_search(truth.begin(), truth.end(), approx.index(i, s));
    }
    return static_cast<double>(hits) / static_cast<double>(exact.n * exact.k);
}

bool contains(const std::string &s, const std::string &part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST(Ann, RecallOnGaussianWithDefaults) {
    const Eigen::MatrixXd x = gaussian(5000, 50, 1);
    AnnOptions o; // defaults: M 16, efConstruction 100, efSearch max(100, 2k + 2)
    const AnnResult r = approximateKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.graph.n, 5000);
    ASSERT_EQ(r.graph.k, 10);
    const KnnGraph exact = exactGraph(x, 10, Metric::Euclidean);
    const double full = overlap(r.graph, exact);
    EXPECT_GE(full, 0.95);
    // measureRecall over every row is the same figure; a 1000-row sample is close to it.
    EXPECT_DOUBLE_EQ(measureRecall(x, r.graph, Metric::Euclidean, 5000, 7), full);
    EXPECT_NEAR(measureRecall(x, r.graph, Metric::Euclidean, 1000, 7), full, 0.02);
    // Self excluded, rows sorted by distance, distances in exactKnn's units (‖x − y‖).
    for (std::int64_t i = 0; i < 5000; i += 97)
        for (int s = 0; s < 10; ++s) {
            EXPECT_NE(r.graph.index(i, s), i);
            EXPECT_NEAR(r.graph.distance(i, s),
                        pointDistance(x, i, r.graph.index(i, s), Metric::Euclidean, 2), 1e-12);
            if (s > 0) {
                EXPECT_LE(r.graph.distance(i, s - 1), r.graph.distance(i, s));
            }
        }
}

TEST(Ann, CosineRecallAndUnits) {
    Eigen::MatrixXd x = gaussian(2000, 30, 2);
    x.col(0).array() += 2.0; // not centred, so cosine and euclidean neighbours differ
    AnnOptions o;
    o.metric = Metric::Cosine;
    const AnnResult r = approximateKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_GE(overlap(r.graph, exactGraph(x, 10, Metric::Cosine)), 0.95);
    EXPECT_GE(measureRecall(x, r.graph, Metric::Cosine, 500, 3), 0.95);
    EXPECT_NEAR(r.graph.distance(5, 0), pointDistance(x, 5, r.graph.index(5, 0), Metric::Cosine, 2),
                1e-12);
}

TEST(Ann, MeasureRecallIsOneForTheExactGraph) {
    const Eigen::MatrixXd x = gaussian(1500, 20, 3);
    for (const Metric m : {Metric::Euclidean, Metric::Cosine}) {
        const KnnGraph exact = exactGraph(x, 7, m);
        EXPECT_DOUBLE_EQ(measureRecall(x, exact, m, 1000, 1), 1.0);
        EXPECT_DOUBLE_EQ(measureRecall(x, exact, m, 100000, 1), 1.0); // capped at N
        // Row i given row i+1's neighbours: almost none of them are i's.
        KnnGraph wrong = exact;
        std::rotate(wrong.indices.begin(), wrong.indices.begin() + 7, wrong.indices.end());
        EXPECT_LT(measureRecall(x, wrong, m, 1000, 1), 0.1);
    }
    EXPECT_TRUE(
        std::isnan(measureRecall(x, exactGraph(x, 7, Metric::Euclidean), Metric::Euclidean, 0, 1)));
}

TEST(Ann, SameSeedSameGraphAnyThreadCount) {
    const Eigen::MatrixXd x = gaussian(2000, 16, 4);
    AnnOptions o;
    o.efSearch = 20; // a loose search, so the graph's randomness shows in the results
    o.efConstruction = 20;
    o.threads = 1;
    const AnnResult a = approximateKnn(x, o);
    o.threads = 2;
    const AnnResult b = approximateKnn(x, o);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a.graph.indices, b.graph.indices);
    EXPECT_EQ(a.graph.distances, b.graph.distances);
    EXPECT_DOUBLE_EQ(measureRecall(x, a.graph, Metric::Euclidean, 300, 9),
                     measureRecall(x, b.graph, Metric::Euclidean, 300, 9));
    o.seed = 2;
    EXPECT_NE(approximateKnn(x, o).graph.indices, a.graph.indices);
}

TEST(Ann, CancelledInBuildAndInQuery) {
    const Eigen::MatrixXd x = gaussian(3000, 16, 5);
    AnnOptions o;
    EXPECT_EQ(approximateKnn(x, o, [] { return true; }).termination, Termination::Cancelled);
    // 3000 points are inserted in 6 chunks of 512, each preceded by a poll; later polls belong
    // to the query phase.
    for (const int allowed : {2, 8}) {
        std::atomic<int> calls{0};
        const AnnResult r = approximateKnn(x, o, [&] { return ++calls > allowed; });
        EXPECT_EQ(r.termination, Termination::Cancelled) << allowed;
        EXPECT_GT(calls.load(), allowed);
    }
    EXPECT_TRUE(std::isnan(measureRecall(x, exactGraph(x, 5, Metric::Euclidean), Metric::Euclidean,
                                         100, 1, 1, [] { return true; })));
}

TEST(Ann, RefusedInputs) {
    const Eigen::MatrixXd x = gaussian(50, 4, 6);
    AnnOptions o;
    o.metric = Metric::Manhattan;
    AnnResult r = approximateKnn(x, o);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_TRUE(contains(r.message, "approximate search supports euclidean and cosine"))
        << r.message;
    o.metric = Metric::Lp;
    o.p = 3;
    EXPECT_TRUE(contains(approximateKnn(x, o).message, "supports euclidean and cosine"));
    o.p = 2; // lp with p = 2 is euclidean
    EXPECT_TRUE(approximateKnn(x, o).ok());
    o = AnnOptions{};
    o.k = 50;
    r = approximateKnn(x, o);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_TRUE(contains(r.message, "k = 50")) << r.message;
    o.k = 49; // N − 1: every other point
    r = approximateKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_DOUBLE_EQ(measureRecall(x, r.graph, Metric::Euclidean, 50, 1), 1.0);
    o.k = 0;
    EXPECT_EQ(approximateKnn(x, o).termination, Termination::InvalidInput);
    o = AnnOptions{};
    o.m = 1;
    EXPECT_TRUE(contains(approximateKnn(x, o).message, "M = 1"));
    o = AnnOptions{};
    o.memoryLimitBytes = 1000;
    EXPECT_TRUE(contains(approximateKnn(x, o).message, "memory"));
    o = AnnOptions{};
    o.metric = Metric::Cosine;
    Eigen::MatrixXd zero = x;
    zero.row(3).setZero();
    EXPECT_TRUE(contains(approximateKnn(zero, o).message, "zero vector"));
    zero(3, 0) = std::nan("");
    EXPECT_TRUE(contains(approximateKnn(zero, o).message, "not finite"));
    EXPECT_EQ(effectiveEfSearch(AnnOptions{}), 100);
    o.k = 200;
    o.efSearch = 50;
    EXPECT_EQ(effectiveEfSearch(o), 201);
}

TEST(Ann, HubnessExplorerApproximateIsCloseToExact) {
    HubnessParams p;
    p.n = 4000;
    p.d = 40;
    p.k = 10;
    p.includeKOccurrence = true;
    const HubnessResult exact = computeHubness(p);
    p.search = Search::Approximate;
    const HubnessResult approx = computeHubness(p);
    ASSERT_TRUE(exact.ok()) << exact.message;
    ASSERT_TRUE(approx.ok()) << approx.message;
    EXPECT_FALSE(exact.approximate);
    EXPECT_FALSE(exact.recall.has_value());
    EXPECT_TRUE(approx.approximate);
    ASSERT_TRUE(approx.recall.has_value());
    EXPECT_GE(*approx.recall, 0.95);
    EXPECT_LE(*approx.recall, 1.0);
    EXPECT_NEAR(approx.measures.robinhood, exact.measures.robinhood, 0.02);
    EXPECT_NEAR(approx.measures.gini, exact.measures.gini, 0.02);
    EXPECT_NEAR(approx.measures.kSkewness, exact.measures.kSkewness, 0.15);
    const nlohmann::json j = toJson(approx);
    EXPECT_EQ(j["search"], "approximate");
    EXPECT_DOUBLE_EQ(j["recall"].get<double>(), *approx.recall);
    EXPECT_EQ(toJson(exact)["search"], "exact");
    EXPECT_TRUE(toJson(exact)["recall"].is_null());

    // With a reduction the candidates come from the approximate graph too.
    p.reduction = Reduction::MpEmpiric;
    p.candidates = 30;
    p.recallSample = 0; // not measured: recall stays null
    const HubnessResult reduced = computeHubness(p);
    ASSERT_TRUE(reduced.ok()) << reduced.message;
    EXPECT_TRUE(reduced.approximate);
    EXPECT_FALSE(reduced.recall.has_value());
    ASSERT_TRUE(reduced.before.has_value());
    EXPECT_NEAR(reduced.before->robinhood, exact.measures.robinhood, 0.02);
}

// A target recall doubles efSearch from a deliberately small start until the sample's recall
// meets it; the figure reported is what measureRecall gives for the same rows, and the whole
// graph's recall agrees with it.
TEST(Ann, TargetRecallRaisesEfSearchUntilMet) {
    const Eigen::MatrixXd x = gaussian(3000, 48, 21);
    AnnOptions o;
    o.k = 10;
    o.m = 4; // a sparse graph: efSearch 11 finds well under 0.95
    o.efSearch = 11;
    o.threads = 2;
    const AnnResult fixed = approximateKnn(x, o);
    ASSERT_TRUE(fixed.ok()) << fixed.message;
    EXPECT_EQ(fixed.efSearch, 11);
    EXPECT_FALSE(fixed.tunedRecall);
    const double fixedRecall = measureRecall(x, fixed.graph, Metric::Euclidean, 300, 5);
    ASSERT_LT(fixedRecall, 0.9);

    o.targetRecall = 0.95;
    o.recallSample = 300;
    o.seed = 5;
    const AnnResult tuned = approximateKnn(x, o);
    ASSERT_TRUE(tuned.ok()) << tuned.message;
    ASSERT_TRUE(tuned.tunedRecall);
    EXPECT_TRUE(tuned.targetMet);
    EXPECT_GE(*tuned.tunedRecall, 0.95);
    EXPECT_GT(tuned.efSearch, 11);
    EXPECT_EQ(tuned.efSearch % 11, 0); // 11 doubled
    EXPECT_LT(tuned.efSearch / 2, kMaxTunedEfSearch);
    EXPECT_DOUBLE_EQ(*tuned.tunedRecall, measureRecall(x, tuned.graph, Metric::Euclidean, 300, 5));
    EXPECT_NEAR(overlap(tuned.graph, exactGraph(x, 10, Metric::Euclidean)), *tuned.tunedRecall,
                0.03);
}

// A target out of reach within the query-time limit stops at once and says so.
TEST(Ann, TargetRecallOutOfReachIsReportedNotMet) {
    const Eigen::MatrixXd x = gaussian(2000, 48, 22);
    AnnOptions o;
    o.k = 10;
    o.m = 4;
    o.efSearch = 11;
    o.targetRecall = 1.0;
    o.recallSample = 200;
    o.maxQuerySeconds = 1e-9;
    const AnnResult r = approximateKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_TRUE(r.tunedRecall);
    EXPECT_FALSE(r.targetMet);
    EXPECT_LT(*r.tunedRecall, 1.0);
    EXPECT_EQ(r.efSearch, 11);

    o.targetRecall = 1.5;
    EXPECT_TRUE(contains(approximateKnn(x, o).message, "target recall"));
    o.targetRecall = 0.9;
    o.recallSample = 0;
    EXPECT_TRUE(contains(approximateKnn(x, o).message, "recall sample"));
}

// The parallel build finishes with a recall close to the one-thread build's.
TEST(Ann, ParallelBuildKeepsTheRecall) {
    const Eigen::MatrixXd x = gaussian(4000, 16, 23);
    const KnnGraph exact = exactGraph(x, 10, Metric::Euclidean);
    AnnOptions o;
    o.k = 10;
    o.threads = 3;
    const AnnResult serial = approximateKnn(x, o);
    o.parallelBuild = true;
    const AnnResult parallel = approximateKnn(x, o);
    ASSERT_TRUE(serial.ok() && parallel.ok()) << serial.message << parallel.message;
    EXPECT_GT(overlap(parallel.graph, exact), 0.97);
    EXPECT_NEAR(overlap(parallel.graph, exact), overlap(serial.graph, exact), 0.01);
}
