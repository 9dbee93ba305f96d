// SPDX-License-Identifier: MIT
// Exact k-NN: the blocked GEMM / direct paths against a naive O(N²d) double reference, thread- and
// block-independence, tie-breaking, and every refusal.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "neighbors/knn.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

Eigen::MatrixXd gaussian(std::int64_t n, std::int64_t d, std::uint64_t seed, double offset = 0) {
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<double> normal;
    Eigen::MatrixXd x(n, d);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t t = 0; t < d; ++t)
            x(i, t) = normal(engine) + offset;
    return x;
}

struct Naive {
    std::vector<std::vector<std::pair<double, int>>> sorted; // per row, all others by distance
};

Naive naive(const Eigen::MatrixXd &x, Metric metric, double p) {
    Naive out;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        std::vector<std::pair<double, int>> row;
        for (Eigen::Index j = 0; j < x.rows(); ++j)
            if (j != i)
                row.emplace_back(pointDistance(x, i, j, metric, p), static_cast<int>(j));
        std::sort(row.begin(), row.end());
        out.sorted.push_back(row);
    }
    return out;
}

/// Same neighbour sets as the reference, except rows where the k-th and (k+1)-th distances are
/// within `tieTolerance` (relative) — float search against double reference. Returns rows checked.
int expectSameSets(const KnnGraph &g, const Naive &ref, double tieTolerance) {
    int checked = 0;
    for (std::int64_t i = 0; i < g.n; ++i) {
        const auto &row = ref.sorted[static_cast<std::size_t>(i)];
        const double kth = row[static_cast<std::size_t>(g.k - 1)].first;
        const double next = row[static_cast<std::size_t>(g.k)].first;
        if (next - kth <= tieTolerance * std::max(1.0, std::fabs(kth)))
            continue;
        std::set<int> expected, got;
        for (int s = 0; s < g.k; ++s) {
            expected.insert(row[static_cast<std::size_t>(s)].second);
            got.insert(g.index(i, s));
            EXPECT_NEAR(g.distance(i, s), row[static_cast<std::size_t>(s)].first,
                        1e-9 * std::max(1.0, row[static_cast<std::size_t>(s)].first) +
                            1e-4 * std::fabs(kth))
                << "row " << i << " rank " << s;
        }
        EXPECT_EQ(got, expected) << "row " << i;
        ++checked;
    }
    return checked;
}

} // namespace

class KnnMetrics : public ::testing::TestWithParam<std::tuple<Metric, double>> {};

TEST_P(KnnMetrics, MatchesNaiveReferenceAcrossBlocksAndThreads) {
    const auto [metric, p] = GetParam();
    const Eigen::MatrixXd x = gaussian(300, 17, 7, metric == Metric::Euclidean ? 50.0 : 0.0);
    const Naive ref = naive(x, metric, p);
    KnnOptions o;
    o.k = 7;
    o.metric = metric;
    o.p = p;
    o.blockSize = 64; // 5 blocks: diagonal, off-diagonal and a ragged last block
    const KnnResult one = [&] {
        o.threads = 1;
        return exactKnn(x, o);
    }();
    ASSERT_TRUE(one.ok()) << one.message;
    EXPECT_GT(expectSameSets(one.graph, ref, 1e-5), 290);
    for (int threads : {2, 3}) {
        for (int block : {64, 37, 1000}) {
            o.threads = threads;
            o.blockSize = block;
            const KnnResult other = exactKnn(x, o);
            ASSERT_TRUE(other.ok());
            EXPECT_EQ(other.graph.indices, one.graph.indices)
                << "threads " << threads << " block " << block;
            EXPECT_EQ(other.graph.distances, one.graph.distances);
        }
    }
    // Distances ascend along each row.
    for (std::int64_t i = 0; i < one.graph.n; ++i)
        for (int s = 1; s < o.k; ++s)
            EXPECT_LE(one.graph.distance(i, s - 1), one.graph.distance(i, s));
}

INSTANTIATE_TEST_SUITE_P(
    All, KnnMetrics,
    ::testing::Values(std::make_tuple(Metric::Euclidean, 2.0), std::make_tuple(Metric::Cosine, 2.0),
                      std::make_tuple(Metric::Manhattan, 1.0), std::make_tuple(Metric::Lp, 0.5),
                      std::make_tuple(Metric::Lp, 3.0), std::make_tuple(Metric::Lp, 2.0)));

TEST(Knn, HighDimensionalEuclideanMatchesNaive) {
    const Eigen::MatrixXd x = gaussian(500, 256, 3);
    KnnOptions o;
    o.k = 10;
    o.blockSize = 128;
    const KnnResult r = exactKnn(x, o);
    ASSERT_TRUE(r.ok());
    EXPECT_GT(expectSameSets(r.graph, naive(x, Metric::Euclidean, 2), 1e-5), 490);
}

TEST(Knn, SelfExcludedAndDuplicatesTieBrokenByIndex) {
    // Points 0, 1, 2 coincide; 3 is far. With k = 2, 0's neighbours are 1 and 2, never itself.
    Eigen::MatrixXd x(5, 2);
    x << 1, 1, 1, 1, 1, 1, 9, 9, 20, 20;
    KnnOptions o;
    o.k = 2;
    const KnnResult r = exactKnn(x, o);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.graph.index(0, 0), 1);
    EXPECT_EQ(r.graph.index(0, 1), 2);
    EXPECT_EQ(r.graph.index(1, 0), 0);
    EXPECT_EQ(r.graph.index(1, 1), 2);
    EXPECT_EQ(r.graph.index(2, 0), 0);
    EXPECT_EQ(r.graph.index(2, 1), 1);
    EXPECT_EQ(r.graph.index(3, 0), 0); // equidistant from 0, 1, 2: smallest index first
    EXPECT_EQ(r.graph.index(3, 1), 1);
    EXPECT_DOUBLE_EQ(r.graph.distance(0, 0), 0.0);
    const auto occurrence = kOccurrence(r.graph);
    EXPECT_EQ(occurrence, (std::vector<std::int64_t>{4, 3, 2, 1, 0}));
}

TEST(Knn, OccurrenceSumsToNk) {
    const Eigen::MatrixXd x = gaussian(400, 30, 11);
    KnnOptions o;
    o.k = 9;
    const KnnResult r = exactKnn(x, o);
    ASSERT_TRUE(r.ok());
    const auto occurrence = kOccurrence(r.graph);
    std::int64_t sum = 0;
    for (auto v : occurrence)
        sum += v;
    EXPECT_EQ(sum, 400 * 9);
    std::int64_t sum5 = 0;
    for (auto v : kOccurrence(r.graph, 5))
        sum5 += v;
    EXPECT_EQ(sum5, 400 * 5);
}

TEST(Knn, DistanceMatrixPath) {
    Eigen::MatrixXd d(3, 3);
    d << 0, 2, 1, 2, 0, 3, 1, 3, 0;
    const KnnGraph g = knnFromDistanceMatrix(d, 1);
    EXPECT_EQ(g.indices, (std::vector<std::int32_t>{2, 0, 0}));
}

TEST(Knn, Refusals) {
    const Eigen::MatrixXd x = gaussian(10, 3, 1);
    KnnOptions o;
    o.k = 10;
    auto r = exactKnn(x, o);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("k = 10"), std::string::npos) << r.message;

    o.k = 3;
    r = exactKnn(Eigen::MatrixXd(10, 0), o);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("d = 0"), std::string::npos) << r.message;

    Eigen::MatrixXd zero = x;
    zero.row(4).setZero();
    o.metric = Metric::Cosine;
    r = exactKnn(zero, o);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("point 5 is the zero vector"), std::string::npos) << r.message;

    Eigen::MatrixXd nan = x;
    nan(2, 1) = std::nan("");
    o.metric = Metric::Euclidean;
    r = exactKnn(nan, o);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("point 3, coordinate 2"), std::string::npos) << r.message;

    o.metric = Metric::Lp;
    o.p = -1;
    EXPECT_EQ(exactKnn(x, o).termination, Termination::InvalidInput);

    o.metric = Metric::Euclidean;
    o.memoryLimitBytes = 1000;
    r = exactKnn(x, o);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("memory"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find(" MB"), std::string::npos) << r.message;
}

TEST(Knn, MemoryEstimateGrowsWithSize) {
    EXPECT_GT(knnMemoryEstimate(20000, 512, 10, 2, Metric::Euclidean), 20000ull * 512 * 4);
    EXPECT_LT(knnMemoryEstimate(20000, 512, 10, 2, Metric::Euclidean), 400ull * 1000 * 1000);
}

TEST(Knn, CancelStopsEarly) {
    const Eigen::MatrixXd x = gaussian(2000, 8, 1);
    KnnOptions o;
    o.k = 5;
    o.blockSize = 100;
    std::atomic<int> polls{0};
    const KnnResult r = exactKnn(x, o, [&] { return ++polls > 3; });
    EXPECT_EQ(r.termination, Termination::Cancelled);
}

TEST(Knn, ProgressOnCallingThreadEndsAtOne) {
    const Eigen::MatrixXd x = gaussian(500, 8, 1);
    KnnOptions o;
    o.k = 5;
    o.blockSize = 50;
    double last = -1;
    const KnnResult r = exactKnn(x, o, {}, [&](double f) {
        EXPECT_GE(f, last);
        last = f;
    });
    ASSERT_TRUE(r.ok());
    EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(Knn, TwoFarClustersGetTheirExactNeighbours) {
    // Two clusters 2·10⁴ apart, each of unit spread: ‖a‖² + ‖b‖² − 2a·b cancels from 10⁸ down to
    // neighbour distances of ~100, below float's resolution there. The float search kept the
    // wrong 14 candidates: every row lost some of its 10 nearest, 3032 of 4000 in all, with no
    // message. The float error bound now finds such rows, and they are searched again in double.
    Eigen::MatrixXd x = gaussian(400, 64, 3);
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        x(i, 0) += i % 2 ? 1e4 : -1e4;
    KnnOptions o;
    o.k = 10;
    o.threads = 2;
    const KnnResult r = exactKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_GT(r.rowsSearchedInDouble, 300);
    // The second search reports its progress after the first's 95 % (on one thread, the calling
    // thread searches both batches of rows: a report between them), and can be cancelled.
    o.threads = 1;
    std::vector<double> reported;
    const KnnResult again = exactKnn(x, o, {}, [&](double f) { reported.push_back(f); });
    EXPECT_EQ(again.graph.indices, r.graph.indices);
    EXPECT_TRUE(std::is_sorted(reported.begin(), reported.end()));
    EXPECT_TRUE(
        std::any_of(reported.begin(), reported.end(), [](double f) { return f > 0.95 && f < 1; }));
    std::atomic<bool> secondSearch{false};
    const KnnResult cancelled = exactKnn(
        x, o, [&] { return secondSearch.load(); },
        [&](double f) { secondSearch = secondSearch || f > 0.95; });
    EXPECT_EQ(cancelled.termination, Termination::Cancelled);
    EXPECT_EQ(expectSameSets(r.graph, naive(x, Metric::Euclidean, 2), 1e-9), 400);
    for (std::int64_t i = 0; i < r.graph.n; ++i)
        for (int s = 1; s < o.k; ++s)
            EXPECT_LE(r.graph.distance(i, s - 1), r.graph.distance(i, s));
}

TEST(Knn, GroupsOfIdenticalPointsGetTheirNeighboursInIndexOrder) {
    // Identical points tie: in groups larger than the kept candidates (20) or with a group
    // astride the k-th place (5), no row is proven and every row is searched again, one search
    // per group of identical rows. Members are interleaved (point i is a copy of i mod groups),
    // so the order among ties is the index order, not the order of the data. The groups sit in
    // two far clusters, where the float search's own candidates are wrong: a row left with any
    // of them fails.
    for (const Metric metric : {Metric::Euclidean, Metric::Cosine})
        for (const int copies : {20, 5}) {
            const Eigen::Index n = 300, groups = n / copies;
            Eigen::MatrixXd base = gaussian(groups, 16, 5);
            for (Eigen::Index g = 0; g < groups; ++g)
                base(g, 0) += g % 2 ? 1e4 : -1e4;
            Eigen::MatrixXd x(n, 16);
            for (Eigen::Index i = 0; i < n; ++i)
                x.row(i) = base.row(i % groups);
            KnnOptions o;
            o.k = 10;
            o.metric = metric;
            o.threads = 2;
            const KnnResult r = exactKnn(x, o);
            ASSERT_TRUE(r.ok()) << r.message;
            EXPECT_GT(r.rowsSearchedInDouble, copies == 20 ? n - 1 : 0) << copies;
            const Naive ref = naive(x, metric, 2);
            for (Eigen::Index i = 0; i < n; ++i)
                for (int s = 0; s < o.k; ++s) {
                    const auto &[distance, index] =
                        ref.sorted[static_cast<std::size_t>(i)][static_cast<std::size_t>(s)];
                    ASSERT_EQ(r.graph.index(i, s), index)
                        << "copies " << copies << ", point " << i << ", place " << s;
                    EXPECT_NEAR(r.graph.distance(i, s), distance, 1e-9 * std::max(1.0, distance));
                }
        }
}

TEST(Knn, OrdinaryDataNeedsNoSecondSearch) {
    // Gaussian points: the bound proves almost every row from the kept candidates alone, also
    // with one point 50 times farther out (bounding by the largest norm of all left every row
    // unproven: 19 999 of 20 000 at d = 512).
    Eigen::MatrixXd x = gaussian(1000, 64, 9);
    KnnOptions o;
    o.k = 10;
    const KnnResult r = exactKnn(x, o);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_LT(r.rowsSearchedInDouble, 20);
    x.row(7) *= 50;
    const KnnResult outlier = exactKnn(x, o);
    ASSERT_TRUE(outlier.ok()) << outlier.message;
    EXPECT_LT(outlier.rowsSearchedInDouble, 20);
    EXPECT_EQ(expectSameSets(outlier.graph, naive(x, Metric::Euclidean, 2), 1e-9), 1000);
}
