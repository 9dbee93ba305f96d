// SPDX-License-Identifier: MIT
// Known answers A1–A16 of the shared reference (geometry.md §5), plus stability at large n.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <gtest/gtest.h>

#include "angles/angle_math.h"
#include "numerics/constants.h"
#include "numerics/fast_math.h"
#include "numerics/fast_random.h"

using namespace dimscope::angles;
using dimscope::kPi;

namespace {
constexpr double kRel = 1e-8;
double deg(double d) { return d * kPi / 180.0; }
void expectRel(double actual, double expected, double rel = kRel) {
    EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << "expected " << expected;
}
} // namespace

TEST(AngleMath, A1toA7VarianceMatchesPostTable) {
    expectRel(exactVariance(3), kPi * kPi / 4 - 2); // A1
    expectRel(exactVariance(3), 0.4674011003);
    expectRel(exactVariance(10), 0.1106614779);  // A2
    expectRel(exactVariance(20), 0.0525831678);  // A3
    expectRel(exactVariance(50), 0.0204053316);  // A4
    expectRel(exactVariance(100), 0.0101006666); // A5
    expectRel(exactVariance(200), 0.0050250833); // A6
    // A7 is printed to 10 decimals (8 digits), coarser than 1e-8 relative: half a unit of the last
    // digit, and the series 1/n + 1/n² + 2/(3n³) (next term ~1e-15) at 1e-12.
    EXPECT_NEAR(exactVariance(1000), 0.0010010007, 0.5e-10); // A7
    expectRel(exactVariance(1000), 1e-3 + 1e-6 + 2.0 / 3.0 * 1e-9, 1e-12);
}

TEST(AngleMath, A8VarianceSmallNAndRecurrence) {
    expectRel(exactVariance(2), kPi * kPi / 12);
    expectRel(exactVariance(2), 0.8224670334);
    expectRel(exactVariance(4), 0.3224670334);
    expectRel(exactVariance(5), 0.2451788780);
    for (int n : {2, 7, 100, 99999}) // Var_{n+2} = Var_n − 2/n²
        expectRel(exactVariance(n + 2), exactVariance(n) - 2.0 / (double(n) * n), 1e-12);
}

TEST(AngleMath, A9NormalisationIsDensityAtRightAngle) {
    expectRel(normalisation(2), 0.3183098862);
    expectRel(normalisation(3), 0.5);
    expectRel(normalisation(10), 1.1641047266);
    expectRel(normalisation(100), 3.9594145850);
    expectRel(normalisation(1000), 12.6061981026);
    expectRel(density(1000, kPi / 2), 12.6061981026);
    for (int n : {2, 3, 11, 5000}) // C_{n+2} = C_n · n/(n−1)
        expectRel(normalisation(n + 2), normalisation(n) * n / (n - 1.0), 1e-12);
}

TEST(AngleMath, A10DensityIntegratesToOneByQuadrature) {
    for (int n : {2, 3, 4, 5, 10, 100, 1000, 100000}) {
        // Integrate over π/2 ± 40 sd (or [0, π]) where the density lives.
        const double half = std::min(kPi / 2, 40 * std::sqrt(exactVariance(n)));
        const double integral = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
            [n](double t) { return density(n, t); }, kPi / 2 - half, kPi / 2 + half, 15, 1e-13);
        expectRel(integral, 1.0);
    }
}

TEST(AngleMath, A11CdfAtSixtyDegrees) {
    expectRel(cdf(2, kPi / 3), 1.0 / 3);
    expectRel(cdf(3, kPi / 3), 0.25);
    expectRel(cdf(4, kPi / 3), 0.1955011095);
    expectRel(cdf(5, kPi / 3), 0.15625);
    expectRel(cdf(10, kPi / 3), 0.0586534015);
    expectRel(cdf(20, kPi / 3), 0.0104957523);
    EXPECT_NEAR(cdf(100, kPi / 3), 5.09e-8, 0.005e-8); // given to 3 digits
    // And the deep tail against quadrature of the density, to 1e-8 relative.
    const double tail = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        [](double t) { return density(100, t); }, 0.0, kPi / 3, 15, 1e-14);
    expectRel(cdf(100, kPi / 3), tail);
}

TEST(AngleMath, A12MeanAbsCos) {
    expectRel(meanAbsCos(2), 0.6366197724);
    expectRel(meanAbsCos(3), 0.5);
    expectRel(meanAbsCos(5), 0.375);
    expectRel(meanAbsCos(10), 0.2586899400);
    expectRel(meanAbsCos(100), 0.0799881730);
    expectRel(meanAbsCos(1000), 0.025237634, 1e-7); // given to 8 digits
}

TEST(AngleMath, A13CosVarianceAndMean) {
    expectRel(varianceCos(7), 1.0 / 7);
    EXPECT_DOUBLE_EQ(exactMean(), kPi / 2);
    // Var cos = ∫ cos² p_n by quadrature, as an independent check of the density.
    for (int n : {3, 10, 100}) {
        const double v = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
            [n](double t) { return std::cos(t) * std::cos(t) * density(n, t); }, 0.0, kPi, 15,
            1e-13);
        expectRel(v, 1.0 / n);
    }
}

TEST(AngleMath, A14CentralIntervalInDegrees) {
    const auto check = [](int n, double lo, double hi) {
        EXPECT_NEAR(quantile(n, 0.025) * 180 / kPi, lo, 1e-3) << n;
        EXPECT_NEAR(quantile(n, 0.975) * 180 / kPi, hi, 1e-3) << n;
    };
    check(10, 52.982, 127.018);
    check(100, 78.722, 101.278);
    check(1000, 86.447, 93.553);
}

TEST(AngleMath, QuantileInvertsCdf) {
    for (int n : {2, 3, 10, 1000, 100000})
        for (double p : {1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999})
            expectRel(cdf(n, quantile(n, p)), p, 1e-10);
}

TEST(AngleMath, A15ProbabilityBetween80And100Degrees) {
    expectRel(cdf(3, deg(100)) - cdf(3, deg(80)), std::sin(deg(10)));
    EXPECT_NEAR(cdf(3, deg(100)) - cdf(3, deg(80)), 0.173648, 1e-6);
    EXPECT_NEAR(cdf(10, deg(100)) - cdf(10, deg(80)), 0.390385, 1e-6);
    EXPECT_NEAR(cdf(100, deg(100)) - cdf(100, deg(80)), 0.917549, 1e-6);
    expectRel(nearOrthogonalProbability(10, deg(10)), cdf(10, deg(100)) - cdf(10, deg(80)), 1e-12);
}

TEST(AngleMath, A16NearOrthogonalProbability) {
    EXPECT_NEAR(nearOrthogonalProbability(3, deg(5)), 0.0871557, 1e-7);
    expectRel(nearOrthogonalProbability(3, deg(5)), std::sin(deg(5))); // n = 3: cos θ ~ U[−1, 1]
    EXPECT_NEAR(nearOrthogonalProbability(10, deg(5)), 0.201129, 1e-6);
    EXPECT_NEAR(nearOrthogonalProbability(100, deg(5)), 0.613868, 1e-6);
    EXPECT_NEAR(nearOrthogonalProbability(1000, deg(5)), 0.994207, 1e-6);
    expectRel(nearOrthogonalProbability(2, deg(30)), 1.0 / 3); // θ ~ U[0, π]
    EXPECT_EQ(nearOrthogonalProbability(50, kPi / 2), 1.0);
    EXPECT_EQ(nearOrthogonalProbability(50, 0.0), 0.0);
}

TEST(AngleMath, LargeDimensionIsFiniteAndAsymptotic) {
    const int n = 100000;
    EXPECT_TRUE(std::isfinite(logNormalisation(n)));
    expectRel(normalisation(n), std::sqrt((n - 1.5) / (2 * kPi)), 1e-9); // Γ ratio asymptotics
    expectRel(exactVariance(n), 1.0 / n + 1.0 / (double(n) * n) + 2.0 / (3.0 * n * double(n) * n),
              1e-12);
    expectRel(cdf(n, kPi / 2), 0.5, 1e-12);
    EXPECT_GT(density(n, kPi / 2 + 0.01), 0.0);
    EXPECT_EQ(density(n, -0.1), 0.0);
}

TEST(AngleMath, LaplaceApproximation) {
    expectRel(laplaceDensity(102, kPi / 2), std::sqrt(100 / (2 * kPi)));
    EXPECT_TRUE(std::isnan(laplaceDensity(2, 1.0)));
    // The post's approximation approaches the exact density at the mode as n grows.
    EXPECT_LT(std::fabs(laplaceDensity(1000, kPi / 2) / density(1000, kPi / 2) - 1), 2e-3);
}

TEST(AngleMath, CdfTableMatchesCdf) {
    for (int n : {2, 3, 10, 1000, 100000}) {
        const CdfTable table(n);
        const double sd = std::sqrt(exactVariance(n));
        for (int i = 0; i <= 2000; ++i) {
            const double t = kPi / 2 + sd * (-8.0 + 16.0 * i / 2000.0);
            if (t < 0 || t > kPi)
                continue;
            EXPECT_NEAR(table(t), cdf(n, t), 1e-9) << n << " " << t;
        }
    }
}

TEST(AngleMath, KsBucketsBoundTheExactStatistic) {
    // A hand-made sample whose exact KS distance is known: M points at F⁻¹((i − ½)/M) give 1/(2M).
    const int n = 10, m = 1000;
    std::vector<double> theta;
    for (int i = 1; i <= m; ++i)
        theta.push_back(quantile(n, (i - 0.5) / m));
    const double d = ksDistanceExact(theta, n);
    EXPECT_GE(d, 0.5 / m - 1e-9);
    EXPECT_LE(d, 0.5 / m + 1.0 / kKsBuckets + 1e-9);
    // All mass at π/2 (F = ½): D = ½ exactly up to the 1/M bucket width.
    const double half = ksDistanceExact(std::vector<double>(m, kPi / 2), n);
    EXPECT_NEAR(half, 0.5, 1.0 / m + 1e-9);
}

TEST(AngleMath, KsFromCountsIsWithinOneBucketAboveTheSortedStatistic) {
    // Random angles from a slightly wrong law (n = 12 against n = 10), so D is well above zero.
    dimscope::Xoshiro256pp engine(3);
    std::vector<double> theta;
    for (int i = 0; i < 5000; ++i)
        theta.push_back(quantile(12, engine.uniform01()));
    std::vector<double> u;
    for (double t : theta)
        u.push_back(cdf(10, t));
    std::sort(u.begin(), u.end());
    double exact = 0;
    const double m = double(u.size());
    for (std::size_t i = 0; i < u.size(); ++i)
        exact = std::max({exact, (double(i) + 1) / m - u[i], u[i] - double(i) / m});
    const double d = ksDistanceExact(theta, 10);
    EXPECT_GT(exact, 0.01);
    EXPECT_GE(d, exact - 1e-9); // CdfTable's error is < 1e-9
    EXPECT_LE(d, exact + 1.0 / kKsBuckets + 1e-9);
}

TEST(AngleMath, KsFromCountsByHand) {
    // Four buckets, M = 4, all samples in bucket 1 (u in [¼, ½)): F_emp jumps from 0 to 1 there,
    // so D = max(1 − ¼, ½ − 0) = ¾ as an upper bound; the exact D lies in [¾ − ¼, ¾].
    EXPECT_DOUBLE_EQ(ksFromCounts({0, 4, 0, 0}), 0.75);
    EXPECT_DOUBLE_EQ(ksFromCounts({1, 1, 1, 1}), 0.25);
    EXPECT_EQ(ksFromCounts({0, 0, 0, 0}), 0.0);
    EXPECT_EQ(ksBucket(0.0, 4), 0u);
    EXPECT_EQ(ksBucket(0.25, 4), 1u);
    EXPECT_EQ(ksBucket(1.0, 4), 3u); // F = 1 joins the last bucket
    EXPECT_EQ(ksBucket(-0.5, 4), 0u);
    EXPECT_EQ(ksBucket(std::nan(""), 4), 0u);
}

namespace {
/// Distance in units in the last place between two doubles of the same sign.
double ulpsApart(double a, double b) {
    return std::fabs(a - b) / std::max(std::numeric_limits<double>::denorm_min(),
                                       std::nextafter(std::fabs(b), INFINITY) - std::fabs(b));
}
} // namespace

TEST(FastMath, AtanMatchesLibmOnADenseGrid) {
    double worstUlps = 0, worstAbs = 0;
    for (int i = -400000; i <= 400000; ++i) {
        const double x =
            std::sinh(i * 1e-4); // ±1.5e17, dense near 0 and around the 0.66 and 2.41 seams
        const double a = dimscope::fastAtan(x), ref = std::atan(x);
        worstAbs = std::max(worstAbs, std::fabs(a - ref));
        worstUlps = std::max(worstUlps, ulpsApart(a, ref));
    }
    for (double x :
         {0.66, std::nextafter(0.66, 1.0), 2.414213562373095, 2.4142135623730954, 1.0, 1e-300})
        worstUlps = std::max(worstUlps, ulpsApart(dimscope::fastAtan(x), std::atan(x)));
    EXPECT_LE(worstAbs, 4e-16);
    EXPECT_LE(worstUlps, 2.0);
}

TEST(FastMath, AtanExtremes) {
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(dimscope::fastAtan(inf), std::atan(inf));
    EXPECT_EQ(dimscope::fastAtan(-inf), std::atan(-inf));
    EXPECT_EQ(dimscope::fastAtan(0.0), 0.0);
    EXPECT_TRUE(std::signbit(dimscope::fastAtan(-0.0)));
    EXPECT_EQ(dimscope::fastAtan(1e-310), 1e-310); // subnormal: atan x = x
    EXPECT_NEAR(dimscope::fastAtan(1e300), kPi / 2, 2.3e-16);
    EXPECT_TRUE(std::isnan(dimscope::fastAtan(std::nan(""))));
}

TEST(FastMath, Atan2UpperMatchesLibmInEveryOctant) {
    dimscope::Xoshiro256pp engine(9);
    double worstUlps = 0, worstAbs = 0;
    for (int i = 0; i < 2000000; ++i) {
        // Magnitudes over 2^±60 and both signs of x: every octant, ratios from 1e-36 to 1e36.
        const double y = std::ldexp(engine.uniform01(), int(engine() % 120) - 60);
        const double x = std::ldexp(engine.uniform01() - 0.5, int(engine() % 120) - 60);
        const double a = dimscope::fastAtan2Upper(y, x), ref = std::atan2(y, x);
        worstAbs = std::max(worstAbs, std::fabs(a - ref));
        worstUlps = std::max(worstUlps, ulpsApart(a, ref));
    }
    EXPECT_LE(worstAbs, 4.5e-16); // one ulp of angles in [2, π]
    EXPECT_LE(worstUlps, 2.0);    // relative accuracy also near 0 (x > 0, y ≪ x)
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(dimscope::fastAtan2Upper(0.0, 0.0), 0.0);
    EXPECT_EQ(dimscope::fastAtan2Upper(0.0, 1.0), 0.0);
    EXPECT_DOUBLE_EQ(dimscope::fastAtan2Upper(0.0, -1.0), kPi);
    EXPECT_DOUBLE_EQ(dimscope::fastAtan2Upper(1.0, 0.0), kPi / 2);
    EXPECT_DOUBLE_EQ(dimscope::fastAtan2Upper(inf, 3.0), kPi / 2);
    EXPECT_DOUBLE_EQ(dimscope::fastAtan2Upper(1.0, 1.0), kPi / 4);
    EXPECT_DOUBLE_EQ(dimscope::fastAtan2Upper(1.0, -1.0), 3 * kPi / 4);
    EXPECT_EQ(dimscope::fastAtan2Upper(1e-300, 1.0), 1e-300);
    EXPECT_TRUE(std::isnan(dimscope::fastAtan2Upper(std::nan(""), 1.0)));
}
