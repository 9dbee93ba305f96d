// SPDX-License-Identifier: MIT
// Neighbour searches at extreme magnitudes (issue 13, defects 1 and 2): finite coordinates from
// 1e-300 to 1e300 give the neighbours and hubness of the same data at scale 1, never a crash (the
// float search used to overflow to NaN near 1e19–1e39 and read past a row's candidates) and never
// a silently different answer (squares underflowed to 0 near 1e-25).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "hubness/hubness.h"
#include "neighbors/ann.h"
#include "neighbors/knn.h"
#include "neighbors/scaled_points.h"

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

/// Distance in long double (range 1e±4932): a reference that cannot overflow at 1e300.
long double referenceDistance(const Eigen::MatrixXd &x, Eigen::Index a, Eigen::Index b,
                              Metric metric, double p) {
    long double sum = 0, dot = 0, na = 0, nb = 0;
    for (Eigen::Index t = 0; t < x.cols(); ++t) {
        const long double u = x(a, t), v = x(b, t), diff = std::fabs(u - v);
        switch (metric) {
        case Metric::Euclidean: sum += diff * diff; break;
        case Metric::Manhattan: sum += diff; break;
        case Metric::Lp: sum += std::pow(diff, static_cast<long double>(p)); break;
        case Metric::Cosine:
            dot += u * v;
            na += u * u;
            nb += v * v;
            break;
        }
    }
    switch (metric) {
    case Metric::Euclidean: return std::sqrt(sum);
    case Metric::Manhattan: return sum;
    case Metric::Lp: return std::pow(sum, 1.0L / static_cast<long double>(p));
    case Metric::Cosine: return 1.0L - dot / std::sqrt(na * nb);
    }
    return 0;
}

struct Case {
    Metric metric;
    double p;
    std::string name;
};

const std::vector<Case> kMetrics = {{Metric::Euclidean, 2.0, "euclidean"},
                                    {Metric::Cosine, 2.0, "cosine"},
                                    {Metric::Manhattan, 1.0, "manhattan"},
                                    {Metric::Lp, 3.0, "lp3"},
                                    {Metric::Lp, 0.5, "lp0.5"}};

const std::vector<double> kScales = {1e-300, 1e-200, 1e-100, 1e-39, 1e-30, 1e-25, 1e-20,
                                     1e19,   1e30,   1e39,   1e100, 1e200, 1e300};

} // namespace

TEST(KnnExtremes, SixPointsNear1e38DoNotCrashAndMatchALongDoubleReference) {
    // The six-line CSV: finite values between 1e30 and 1e39. float32 overflowed, the
    // distances became NaN, and a row kept fewer than k candidates.
    Eigen::MatrixXd x(6, 3);
    x << -1.3436424497803696e+38, 2.5506902648435267e+38, 7.60962445151613e+38,
        -6.515929730711699e+38, -9.38595876803753e+37, 8.93317042664318e+38,
        -4.3276706847228625e+38, 6.958328670726106e+38, -7.215400326192426e+38,
        -5.9115343541015046e+38, -9.01427457710056e+38, -2.232211199900175e+37,
        9.391491628393613e+38, 6.864838544925959e+38, -7.258526017206626e+38, 7.637009953677885e+38,
        5.528595767401055e+38, -2.3086654231011776e+38;
    for (const Case &c : kMetrics) {
        KnnOptions o;
        o.k = 2;
        o.metric = c.metric;
        o.p = c.p;
        const KnnResult r = exactKnn(x, o);
        ASSERT_TRUE(r.ok()) << c.name << ": " << r.message;
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            std::vector<std::pair<long double, int>> row;
            for (Eigen::Index j = 0; j < x.rows(); ++j)
                if (j != i)
                    row.emplace_back(referenceDistance(x, i, j, c.metric, c.p), int(j));
            std::sort(row.begin(), row.end());
            for (int s = 0; s < o.k; ++s) {
                EXPECT_EQ(r.graph.index(i, s), row[std::size_t(s)].second)
                    << c.name << " row " << i << " rank " << s;
                EXPECT_NEAR(r.graph.distance(i, s), double(row[std::size_t(s)].first),
                            1e-12 * double(row[std::size_t(s)].first) + 1e-15)
                    << c.name << " row " << i;
            }
        }
    }
}

TEST(KnnExtremes, HubnessIsTheSameAtEveryScale) {
    // 400 × 10 Gaussian points: k-skewness was 1.29 from scale 1e-20 to 1, then 6.08 at 1e-25, 5.65
    // at 1e19, a crash at 1e39 (euclidean); manhattan 2.30 at 1e39 and a crash at 1e200.
    const Eigen::MatrixXd x = gaussian(400, 10, 1);
    for (const Case &c : kMetrics) {
        HubnessParams params;
        params.k = 10;
        params.metric = c.metric;
        params.p = c.p;
        params.threads = 2;
        const HubnessResult one = computeHubnessOf(x, params);
        ASSERT_TRUE(one.ok()) << c.name << ": " << one.message;
        for (const double scale : kScales) {
            const Eigen::MatrixXd scaled = x * scale;
            const HubnessResult r = computeHubnessOf(scaled, params);
            ASSERT_TRUE(r.ok()) << c.name << " at " << scale << ": " << r.message;
            EXPECT_EQ(r.kOccurrence, one.kOccurrence) << c.name << " at " << scale;
            EXPECT_NEAR(r.measures.kSkewness, one.measures.kSkewness, 1e-12)
                << c.name << " at " << scale;
            ASSERT_TRUE(r.measures.spearmanMeanDistance.has_value());
            EXPECT_NEAR(*r.measures.spearmanMeanDistance, *one.measures.spearmanMeanDistance, 1e-9)
                << c.name << " at " << scale;
            // Distances come back in the data's units (cosine has none).
            const double unit = c.metric == Metric::Cosine ? 1.0 : scale;
            EXPECT_NEAR(r.neighbors.distance(0, 0) / unit, one.neighbors.distance(0, 0),
                        1e-9 * one.neighbors.distance(0, 0))
                << c.name << " at " << scale;
        }
    }
}

TEST(KnnExtremes, ReductionsAreTheSameAtEveryScale) {
    const Eigen::MatrixXd x = gaussian(300, 12, 5);
    for (const Reduction reduction :
         {Reduction::MpGaussian, Reduction::MpEmpiric, Reduction::LocalScaling, Reduction::Nicdm,
          Reduction::DisSimLocal, Reduction::Csls}) {
        HubnessParams params;
        params.k = 5;
        params.reduction = reduction;
        params.candidates = 40;
        const HubnessResult one = computeHubnessOf(x, params);
        ASSERT_TRUE(one.ok()) << nameOf(reduction) << ": " << one.message;
        for (const double scale : {1e-300, 1e-160, 1e160, 1e300}) {
            const HubnessResult r = computeHubnessOf(x * scale, params);
            ASSERT_TRUE(r.ok()) << nameOf(reduction) << " at " << scale << ": " << r.message;
            EXPECT_EQ(r.kOccurrence, one.kOccurrence) << nameOf(reduction) << " at " << scale;
            EXPECT_EQ(r.kOccurrenceBefore, one.kOccurrenceBefore) << scale;
        }
    }
}

TEST(KnnExtremes, ApproximateSearchIsTheSameAtPowerOfTwoScalesAndCloseAtOthers) {
    // A power-of-two scale is exact, so the HNSW graph is built from the same floats.
    const Eigen::MatrixXd x = gaussian(600, 8, 3);
    for (const Metric metric : {Metric::Euclidean, Metric::Cosine}) {
        AnnOptions o;
        o.k = 5;
        o.metric = metric;
        o.threads = 2;
        const AnnResult one = approximateKnn(x, o);
        ASSERT_TRUE(one.ok()) << one.message;
        for (const int e : {-1000, -120, 120, 1000}) {
            const AnnResult r = approximateKnn(x * std::ldexp(1.0, e), o);
            ASSERT_TRUE(r.ok()) << "2^" << e << ": " << r.message;
            EXPECT_EQ(r.graph.indices, one.graph.indices) << "2^" << e;
        }
        for (const double scale : {1e-200, 1e-30, 1e39, 1e200}) {
            const AnnResult r = approximateKnn(x * scale, o);
            ASSERT_TRUE(r.ok()) << scale << ": " << r.message;
            EXPECT_GT(measureRecall(x * scale, r.graph, metric, 600, 1), 0.95) << scale;
        }
    }
}

TEST(KnnExtremes, DistancesBeyondTheLargestDoubleAreRefusedNotInfinite) {
    // Finite points whose distance is not: 1.5e308 apart in every one of 4 coordinates.
    Eigen::MatrixXd x(3, 4);
    x.row(0).setConstant(1.5e308);
    x.row(1).setConstant(-1.5e308);
    x.row(2).setConstant(1.4e308);
    KnnOptions o;
    o.k = 2;
    const KnnResult r = exactKnn(x, o);
    ASSERT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("exceed the largest double"), std::string::npos) << r.message;
    // Cosine is unitless: the same points are fine.
    o.metric = Metric::Cosine;
    EXPECT_TRUE(exactKnn(x, o).ok());
}

TEST(KnnExtremes, TinyCosinePointsAreNotZeroVectors) {
    // ‖x‖² of 1e-200 underflows to 0: such a point used to be refused as "the zero vector".
    const Eigen::MatrixXd x = gaussian(50, 4, 9) * 1e-200;
    KnnOptions o;
    o.k = 3;
    o.metric = Metric::Cosine;
    EXPECT_TRUE(exactKnn(x, o).ok());
    EXPECT_NEAR(pointDistance(x, 0, 1, Metric::Cosine, 2.0),
                pointDistance(x * 1e200, 0, 1, Metric::Cosine, 2.0), 1e-12);
}

// The euclidean refinement sums plain squares, and falls back to the scaled sum only where some
// square may have underflowed. Two points 1e-200 apart among points about 1 apart: squared, that
// gap is 0 in double, yet it is their distance.
TEST(KnnExtremes, APairFarCloserThanTheSpreadKeepsItsDistance) {
    Eigen::MatrixXd x = gaussian(20, 3, 4);
    x.col(2).setZero(); // centring keeps a column of zeros and one 1e-200 exact
    x.row(1) = x.row(0);
    x(1, 2) = 1e-200;
    KnnOptions options;
    options.k = 1;
    const KnnResult result = exactKnn(x, options);
    ASSERT_TRUE(result.ok()) << result.message;
    EXPECT_EQ(result.graph.index(0, 0), 1);
    EXPECT_EQ(result.graph.index(1, 0), 0);
    EXPECT_NEAR(result.graph.distance(0, 0) / 1e-200, 1.0, 1e-12);
}

// The scaled copy is made in chunks of points on the search's threads: every bit the same at any
// thread count, and equal to the plain recipe (transpose, into [-1, 1], centre, into [-1, 1]).
TEST(ScaledPoints, SameBitsAtAnyThreadCountAndTheRecipe) {
    const Eigen::MatrixXd x =
        gaussian(9000, 5, 31) * 1e30 + Eigen::MatrixXd::Constant(9000, 5, 3e30);
    const ScaledPoints one = scaledForSearch(x, Metric::Euclidean, 1);
    for (const int threads : {2, 3}) {
        const ScaledPoints many = scaledForSearch(x, Metric::Euclidean, threads);
        EXPECT_EQ(many.exponent, one.exponent);
        EXPECT_TRUE(many.byPoint == one.byPoint) << threads << " threads";
    }
    Eigen::MatrixXd recipe = x.transpose();
    const int e1 = largestExponent(recipe);
    recipe *= std::ldexp(1.0, -e1);
    const Eigen::VectorXd mean = recipe.rowwise().mean();
    recipe.colwise() -= mean;
    const int e2 = largestExponent(recipe);
    recipe *= std::ldexp(1.0, -e2);
    EXPECT_EQ(one.exponent, e1 + e2);
    EXPECT_LT((one.byPoint - recipe).cwiseAbs().maxCoeff(), 1e-14);
    EXPECT_LE(one.byPoint.cwiseAbs().maxCoeff(), 1.0);
    const ScaledPoints cosine = scaledForSearch(x, Metric::Cosine, 3);
    EXPECT_TRUE(cosine.byPoint == scaledForSearch(x, Metric::Cosine, 1).byPoint);
    EXPECT_NEAR(cosine.byPoint.col(17).norm(), 1.0, 1e-15);
}
