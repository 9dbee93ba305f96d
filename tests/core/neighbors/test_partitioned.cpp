// SPDX-License-Identifier: MIT
// Partitioned search (k-means cells, nearby cells only): the exact graph when every cell is
// searched or the clusters are apart, the sample's recall as measureRecall counts it, the tuning,
// determinism, the time limit, cancellation, refused inputs, and the hubness explorer with it.
#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "hubness/hubness.h"
#include "neighbors/ann.h"
#include "neighbors/partitioned.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

Eigen::MatrixXd gaussianPoints(std::int64_t n, std::int64_t d, std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<double> normal;
    Eigen::MatrixXd x(n, d);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t t = 0; t < d; ++t)
            x(i, t) = normal(engine);
    return x;
}

/// `clusters` unit gaussians whose centres lie 100 apart: every point's neighbours share its
/// cluster.
Eigen::MatrixXd farClusters(std::int64_t n, std::int64_t d, int clusters, std::uint64_t seed) {
    Eigen::MatrixXd x = gaussianPoints(n, d, seed);
    for (std::int64_t i = 0; i < n; ++i)
        x(i, i % clusters) += 100.0;
    return x;
}

KnnGraph exactOf(const Eigen::MatrixXd &x, int k, Metric metric = Metric::Euclidean) {
    KnnOptions o;
    o.k = k;
    o.metric = metric;
    const KnnResult r = exactKnn(x, o);
    EXPECT_TRUE(r.ok()) << r.message;
    return r.graph;
}

} // namespace

TEST(Partitioned, EveryCellSearchedIsTheExactGraph) {
    const Eigen::MatrixXd x = gaussianPoints(3000, 24, 3);
    PartitionOptions o;
    o.k = 7;
    o.cells = 12;
    o.probes = 12;
    const PartitionResult r = partitionedKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    const KnnGraph exact = exactOf(x, 7);
    EXPECT_EQ(r.graph.indices, exact.indices);
    EXPECT_EQ(r.graph.distances, exact.distances);
    EXPECT_DOUBLE_EQ(r.recall, 1.0);
    EXPECT_DOUBLE_EQ(r.workShare, 1.0);
}

TEST(Partitioned, ClustersApartNeedOneProbeAndGiveTheExactGraph) {
    const Eigen::MatrixXd x = farClusters(4000, 32, 8, 4);
    PartitionOptions o;
    o.k = 10;
    o.cells = 8;
    o.targetRecall = 1.0;
    const PartitionResult r = partitionedKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.probes, 1);
    EXPECT_TRUE(r.targetMet);
    EXPECT_DOUBLE_EQ(r.recall, 1.0);
    EXPECT_NEAR(r.workShare, 1.0 / 8, 0.01); // eight cells of 500, each against itself
    const KnnGraph exact = exactOf(x, 10);
    EXPECT_EQ(r.graph.indices, exact.indices);
    EXPECT_EQ(r.graph.distances, exact.distances);
}

// A neighbour in a searched cell is found, so the recall counted from the cells equals the
// recall measureRecall finds in the graph for the same rows, and the whole graph's recall is
// close to it.
TEST(Partitioned, SampleRecallIsWhatMeasureRecallFinds) {
    const Eigen::MatrixXd x = gaussianPoints(4000, 32, 5);
    PartitionOptions o;
    o.k = 10;
    o.cells = 16;
    o.probes = 3;
    o.recallSample = 400;
    o.seed = 9;
    const PartitionResult r = partitionedKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_LT(r.recall, 0.95); // iid data: three of sixteen cells miss neighbours
    ASSERT_GT(r.recall, 0.3);
    EXPECT_DOUBLE_EQ(r.recall, measureRecall(x, r.graph, Metric::Euclidean, 400, 9));
    EXPECT_NEAR(measureRecall(x, r.graph, Metric::Euclidean, 4000, 1), r.recall, 0.05);
    EXPECT_GT(r.workShare, 0.0);
    EXPECT_LT(r.workShare, 1.0);
}

TEST(Partitioned, TuningTakesTheFewestProbesThatMeetTheTarget) {
    const Eigen::MatrixXd x = gaussianPoints(4000, 32, 6);
    PartitionOptions o;
    o.k = 10;
    o.cells = 16;
    o.targetRecall = 0.9;
    const PartitionResult tuned = partitionedKnn(x, o);
    ASSERT_TRUE(tuned.ok()) << tuned.message;
    EXPECT_TRUE(tuned.targetMet);
    EXPECT_GE(tuned.recall, 0.9);
    ASSERT_GT(tuned.probes, 1);
    ASSERT_LT(tuned.probes, 16);
    o.probes = tuned.probes - 1; // one cell fewer falls short
    const PartitionResult fewer = partitionedKnn(x, o);
    ASSERT_TRUE(fewer.ok()) << fewer.message;
    EXPECT_LT(fewer.recall, 0.9);
    EXPECT_LT(fewer.workShare, tuned.workShare);
    o.probes = tuned.probes; // as given, the same graph
    const PartitionResult given = partitionedKnn(x, o);
    EXPECT_EQ(given.graph.indices, tuned.graph.indices);
}

TEST(Partitioned, SameGraphOnAnyThreadCount) {
    const Eigen::MatrixXd x = gaussianPoints(3000, 16, 7);
    PartitionOptions o;
    o.k = 5;
    o.threads = 1;
    const PartitionResult one = partitionedKnn(x, o);
    o.threads = 3;
    const PartitionResult three = partitionedKnn(x, o);
    ASSERT_TRUE(one.ok() && three.ok());
    EXPECT_EQ(one.probes, three.probes);
    EXPECT_EQ(one.graph.indices, three.graph.indices);
    EXPECT_EQ(one.graph.distances, three.graph.distances);
}

TEST(Partitioned, CosineOnClustersApart) {
    Eigen::MatrixXd x = farClusters(2000, 16, 4, 8);
    x *= 1e-150; // cosine ignores scale; the scaled copy keeps it from underflowing
    PartitionOptions o;
    o.k = 6;
    o.metric = Metric::Cosine;
    o.cells = 4;
    o.targetRecall = 1.0;
    const PartitionResult r = partitionedKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_DOUBLE_EQ(r.recall, 1.0);
    EXPECT_EQ(r.graph.indices, exactOf(x, 6, Metric::Cosine).indices);
}

TEST(Partitioned, TimeLimitKeepsTheFirstProbesAndSaysTheTargetIsMissed) {
    const Eigen::MatrixXd x = gaussianPoints(3000, 32, 10);
    PartitionOptions o;
    o.k = 10;
    o.cells = 16;
    o.targetRecall = 1.0;
    o.maxSeconds = 1e-9; // no step fits: the first one is kept
    const PartitionResult r = partitionedKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.probes, 1);
    EXPECT_FALSE(r.targetMet);
    EXPECT_LT(r.recall, 1.0);
}

TEST(Partitioned, SmallCellsAreWidenedToHoldEnoughCandidates) {
    // 400 cells of about 5 points with k = 20: each cell is searched against enough others to
    // hold k + 5 candidates, or the search would fail.
    const Eigen::MatrixXd x = gaussianPoints(2000, 8, 11);
    PartitionOptions o;
    o.k = 20;
    o.cells = 400;
    o.probes = 1;
    const PartitionResult r = partitionedKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.graph.n, 2000);
    EXPECT_DOUBLE_EQ(r.recall, measureRecall(x, r.graph, Metric::Euclidean, 1000, 1));
}

TEST(Partitioned, SearchesEveryPairWhenTheCellsWouldSearchMostOfThem) {
    // iid points: a recall of 0.9 needs most cells. Above the share given, the exact graph.
    const Eigen::MatrixXd x = gaussianPoints(3000, 24, 9);
    PartitionOptions o;
    o.k = 7;
    o.cells = 12;
    o.targetRecall = 0.9;
    const PartitionResult cells = partitionedKnn(x, o);
    ASSERT_TRUE(cells.ok()) << cells.message;
    EXPECT_FALSE(cells.searchedExactly);
    ASSERT_GT(cells.workShare, 0.3);
    ASSERT_LT(cells.workShare, 1.0);
    o.exactAboveWorkShare = 0.3;
    const PartitionResult every = partitionedKnn(x, o);
    ASSERT_TRUE(every.ok()) << every.message;
    EXPECT_TRUE(every.searchedExactly);
    EXPECT_DOUBLE_EQ(every.workShare, cells.workShare); // what the cells would have searched
    EXPECT_DOUBLE_EQ(every.recall, 1.0);
    EXPECT_TRUE(every.targetMet);
    const KnnGraph exact = exactOf(x, 7);
    EXPECT_EQ(every.graph.indices, exact.indices);
    EXPECT_EQ(every.graph.distances, exact.distances);
    // Below the share, the cells.
    o.exactAboveWorkShare = cells.workShare;
    const PartitionResult kept = partitionedKnn(x, o);
    EXPECT_FALSE(kept.searchedExactly);
    EXPECT_EQ(kept.graph.indices, cells.graph.indices);
    // Not past a time limit that every pair would exceed; within a generous one, yes.
    o.exactAboveWorkShare = 1e-9;
    o.maxSeconds = 1e-9;
    EXPECT_FALSE(partitionedKnn(x, o).searchedExactly);
    o.maxSeconds = 1e6;
    EXPECT_TRUE(partitionedKnn(x, o).searchedExactly);
}

TEST(Partitioned, CancelledAndRefused) {
    const Eigen::MatrixXd x = gaussianPoints(2000, 8, 12);
    PartitionOptions o;
    const PartitionResult stopped = partitionedKnn(x, o, [] { return true; });
    EXPECT_EQ(stopped.termination, Termination::Cancelled);

    const auto refused = [&](PartitionOptions bad, const std::string &words) {
        const PartitionResult r = partitionedKnn(x, bad);
        EXPECT_EQ(r.termination, Termination::InvalidInput);
        EXPECT_NE(r.message.find(words), std::string::npos) << r.message;
    };
    PartitionOptions bad = o;
    bad.metric = Metric::Manhattan;
    refused(bad, "euclidean and cosine");
    bad = o;
    bad.probes = -1;
    refused(bad, "probes = -1");
    bad = o;
    bad.targetRecall = 1.5;
    refused(bad, "target recall");
    bad = o;
    bad.k = 2000;
    refused(bad, "k = 2000");
    bad = o;
    bad.recallSample = 0;
    refused(bad, "recall sample");
    bad = o;
    bad.memoryLimitBytes = 1000;
    refused(bad, "memory");
}

TEST(Partitioned, HubnessExplorerWithPartitionedSearch) {
    HubnessParams p;
    p.data = DataKind::Mixture;
    p.clusters = 5;
    p.n = 5000;
    p.d = 64;
    p.k = 10;
    const HubnessResult exact = computeHubness(p);
    p.search = Search::Partitioned;
    const HubnessResult part = computeHubness(p);
    ASSERT_TRUE(exact.ok()) << exact.message;
    ASSERT_TRUE(part.ok()) << part.message;
    EXPECT_TRUE(part.partitioned);
    EXPECT_FALSE(part.approximate);
    ASSERT_TRUE(part.recall.has_value());
    EXPECT_GE(*part.recall, kDefaultTargetRecall);
    EXPECT_TRUE(part.targetRecallMet);
    EXPECT_NEAR(part.measures.kSkewness, exact.measures.kSkewness,
                0.02 * std::abs(exact.measures.kSkewness));
    const nlohmann::json j = toJson(part);
    EXPECT_EQ(j["search"], "partitioned");
    EXPECT_EQ(j["cells"], part.cells);
    EXPECT_EQ(j["probes"], part.probes);
    EXPECT_DOUBLE_EQ(j["recall"].get<double>(), *part.recall);
    EXPECT_LT(j["work_share"].get<double>(), 1.0);

    p.metric = Metric::Manhattan;
    const HubnessResult refused = computeHubness(p);
    EXPECT_EQ(refused.termination, Termination::InvalidInput);
    EXPECT_NE(refused.message.find("partitioned search supports euclidean and cosine"),
              std::string::npos)
        << refused.message;
}
