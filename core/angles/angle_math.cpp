// SPDX-License-Identifier: MIT
#include "angles/angle_math.h"
#include "numerics/constants.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

namespace dimscope::angles {

namespace {

double shapeOf(int n) { return 0.5 * (n - 1); }

} // namespace

double logNormalisation(int n) {
    // C_n = 1 / (√π · Γ(a)/Γ(a + ½)), a = (n−1)/2. tgamma_delta_ratio evaluates the ratio directly;
    // the lgamma difference it replaces loses ~6 digits at n = 10^5 (two terms of size 5·10^5).
    const double ratio = boost::math::tgamma_delta_ratio(shapeOf(n), 0.5);
    return -0.5 * std::log(kPi) - std::log(ratio);
}

double normalisation(int n) { return std::exp(logNormalisation(n)); }

double density(int n, double theta) {
    if (!(theta >= 0.0 && theta <= kPi))
        return 0.0;
    if (n == 2)
        return 1.0 / kPi;
    const double s = std::sin(theta);
    if (s <= 0.0)
        return 0.0;
    return std::exp(logNormalisation(n) + (n - 2) * std::log(s));
}

double cdf(int n, double t) {
    if (!(t > 0.0))
        return 0.0;
    if (t >= kPi)
        return 1.0;
    const double a = shapeOf(n);
    // (1 − cos t)/2 = sin²(t/2) without cancellation; past π/2 use the mirror image so the upper
    // tail keeps its relative accuracy too.
    if (t <= 0.5 * kPi) {
        const double s = std::sin(0.5 * t);
        return boost::math::ibeta(a, a, s * s);
    }
    const double c = std::cos(0.5 * t);
    return boost::math::ibetac(a, a, c * c);
}

double quantile(int n, double p) {
    if (!(p > 0.0))
        return 0.0;
    if (p >= 1.0)
        return kPi;
    if (p > 0.5)
        return kPi - quantile(n, 1.0 - p);
    const double a = shapeOf(n);
    const double x = boost::math::ibeta_inv(a, a, p); // x = sin²(t/2)
    return 2.0 * std::asin(std::sqrt(x));
}

double exactMean() { return 0.5 * kPi; }

double exactVariance(int n) { return 0.5 * boost::math::trigamma(0.5 * n); }

double meanAbsCos(int n) {
    // Γ(n/2) / Γ(n/2 + ½) / √π, as a direct ratio (no lgamma cancellation at large n).
    return boost::math::tgamma_delta_ratio(0.5 * n, 0.5) / std::sqrt(kPi);
}

double varianceCos(int n) { return 1.0 / n; }

double nearOrthogonalProbability(int n, double delta) {
    if (!(delta > 0.0))
        return 0.0;
    if (delta >= 0.5 * kPi)
        return 1.0;
    // (1 − sin δ)/2 = sin²(π/4 − δ/2): no cancellation when δ is close to 90°.
    const double s = std::sin(0.25 * kPi - 0.5 * delta);
    return 1.0 - 2.0 * boost::math::ibeta(shapeOf(n), shapeOf(n), s * s);
}

double laplaceDensity(int n, double theta) {
    if (n <= 2)
        return std::numeric_limits<double>::quiet_NaN();
    const double variance = 1.0 / (n - 2);
    const double z = theta - 0.5 * kPi;
    return std::exp(-0.5 * z * z / variance) / std::sqrt(2.0 * kPi * variance);
}

namespace {
constexpr int kCdfCells = 4096;
}

CdfTable::CdfTable(int n)
    : CdfTable(n, std::max(0.0, 0.5 * kPi - 12 * std::sqrt(exactVariance(n))),
               std::min(kPi, 0.5 * kPi + 12 * std::sqrt(exactVariance(n)))) {}

CdfTable::CdfTable(int n, double lo, double hi)
    : m_lo(lo), m_h((hi - lo) / kCdfCells), m_invH(1.0 / m_h) {
    std::vector<double> value, slope;
    for (int i = 0; i <= kCdfCells; ++i) {
        const double t = lo + m_h * i;
        value.push_back(cdf(n, t));
        slope.push_back(density(n, t) * m_h); // dF/ds in cell units
    }
    // Hermite basis (2s³−3s²+1, s³−2s²+s, −2s³+3s², s³−s²) regrouped by powers of s.
    m_coef.resize(4 * std::size_t(kCdfCells));
    for (std::size_t i = 0; i < std::size_t(kCdfCells); ++i) {
        const double v0 = value[i], v1 = value[i + 1], d0 = slope[i], d1 = slope[i + 1];
        double *c = &m_coef[4 * i];
        c[0] = v0;
        c[1] = d0;
        c[2] = 3 * (v1 - v0) - 2 * d0 - d1;
        c[3] = 2 * (v0 - v1) + d0 + d1;
    }
    m_coef.push_back(value.back()); // F at the last node, for t exactly at hi
}

double CdfTable::operator()(double t) const {
    const double x = (t - m_lo) * m_invH;
    if (!(x >= 0.0))
        return 0.0; // below the grid, or NaN
    if (x >= kCdfCells)
        return x == kCdfCells ? m_coef.back() : 1.0;
    const auto i = static_cast<std::size_t>(x);
    const double s = x - static_cast<double>(i);
    const double *c = &m_coef[4 * i];
    return c[0] + s * (c[1] + s * (c[2] + s * c[3]));
}

std::uint32_t ksBucket(double u, std::size_t buckets) {
    const double top = static_cast<double>(buckets) - 1;
    const double b = std::floor(u * static_cast<double>(buckets));
    return static_cast<std::uint32_t>(b >= 0.0 ? (b <= top ? b : top) : 0.0); // NaN → 0
}

void CdfTable::buckets(const double *t, std::uint32_t *bucket, std::size_t count,
                       std::size_t buckets) const {
    for (std::size_t i = 0; i < count; ++i)
        bucket[i] = ksBucket((*this)(t[i]), buckets);
}

double ksFromCounts(const std::vector<std::uint32_t> &counts) {
    const std::size_t buckets = counts.size();
    std::uint64_t m = 0;
    for (auto c : counts)
        m += c;
    if (m == 0 || buckets == 0)
        return 0.0;
    // On bucket b, F_emp runs from below/M to above/M while F runs from b/B to (b+1)/B.
    const double invM = 1.0 / static_cast<double>(m), invB = 1.0 / static_cast<double>(buckets);
    double d = 0;
    std::uint64_t below = 0;
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::uint64_t above = below + counts[b];
        d = std::max({d, static_cast<double>(above) * invM - static_cast<double>(b) * invB,
                      static_cast<double>(b + 1) * invB - static_cast<double>(below) * invM});
        below = above;
    }
    return d;
}

double ksDistanceExact(const std::vector<double> &theta, int n) {
    if (theta.empty())
        return 0.0;
    const CdfTable table(n);
    std::vector<std::uint32_t> counts(kKsBuckets, 0);
    for (double t : theta)
        ++counts[ksBucket(table(t), kKsBuckets)];
    return ksFromCounts(counts);
}

} // namespace dimscope::angles
