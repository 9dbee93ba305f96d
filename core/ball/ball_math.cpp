// SPDX-License-Identifier: MIT
#include "ball/ball_math.h"
#include "numerics/constants.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <Eigen/Dense>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

namespace dimscope::ball {

namespace {
constexpr double kLn2 = 0.69314718055994530942;

/// Uniform in [−1/2, 1/2) from the top 53 bits (the same numbers on every platform).
double uniformCentred(boost::random::mt19937_64 &engine) {
    return static_cast<double>(engine() >> 11) * 0x1.0p-53 - 0.5;
}
} // namespace

double logBallVolume(int n) {
    // lgamma keeps every n finite; V_n itself underflows in double well before n = 1000.
    const double half = 0.5 * n;
    return half * std::log(kPi) - std::lgamma(half + 1.0);
}

double ballVolume(int n) { return std::exp(logBallVolume(n)); }

double logCubeRatio(int n) { return logBallVolume(n) - n * kLn2; }

double cubeRatio(int n) { return std::exp(logCubeRatio(n)); }

double shellFraction(int n, double epsilon) {
    if (epsilon >= 1.0)
        return n > 0 ? 1.0 : 0.0;
    // 1 − (1−ε)^n = −expm1(n·log1p(−ε)): no cancellation when ε·n is tiny.
    return -std::expm1(n * std::log1p(-epsilon));
}

int volumeArgmax(int maxDimension) {
    int best = 1;
    for (int n = 2; n <= maxDimension; ++n)
        if (logBallVolume(n) > logBallVolume(best))
            best = n;
    return best;
}

VolumeCurves volumeCurves(int maxDimension, double epsilon) {
    constexpr double kLn10 = 2.30258509299404568402;
    VolumeCurves c;
    c.epsilon = epsilon;
    for (int n = 1; n <= maxDimension; ++n) {
        const double logV = logBallVolume(n), logRho = logCubeRatio(n);
        c.dimension.push_back(n);
        c.volume.push_back(std::exp(logV));
        c.log10Volume.push_back(logV / kLn10);
        c.cubeRatio.push_back(std::exp(logRho));
        c.log10CubeRatio.push_back(logRho / kLn10);
        c.shellFraction.push_back(shellFraction(n, epsilon));
    }
    c.argmaxDimension = volumeArgmax(maxDimension);
    c.maxVolume = ballVolume(c.argmaxDimension);
    return c;
}

double chiMean(double n) {
    // tgamma_delta_ratio(a, 1/2) = Γ(a)/Γ(a+1/2) to full precision, where exp(lgamma − lgamma)
    // would lose digits for large n (both lgamma values are large and nearly equal).
    return std::sqrt(2.0) / boost::math::tgamma_delta_ratio(0.5 * n, 0.5);
}

double chiSd(double n) {
    const double mean = chiMean(n);
    return std::sqrt(std::max(0.0, n - mean * mean));
}

double chiDensity(double n, double r) {
    if (r < 0)
        return 0.0;
    if (r == 0)
        return n < 1.0 ? INFINITY : (n == 1.0 ? std::sqrt(2.0 / kPi) : 0.0);
    const double logDensity =
        (n - 1.0) * std::log(r) - 0.5 * r * r - (0.5 * n - 1.0) * kLn2 - std::lgamma(0.5 * n);
    return std::exp(logDensity);
}

double gaussianDistanceMean(int d) { return std::sqrt(2.0) * chiMean(d); }

double gaussianDistanceCv(int d) { return chiSd(d) / chiMean(d); }

double gaussianDistanceCvAsymptote(int d) { return 1.0 / std::sqrt(2.0 * d); }

Interval wilsonInterval(std::int64_t successes, std::int64_t trials, double z) {
    if (trials <= 0)
        return {0.0, 1.0};
    const double n = static_cast<double>(trials);
    const double p = static_cast<double>(successes) / n;
    const double z2n = z * z / n;
    const double centre = (p + 0.5 * z2n) / (1.0 + z2n);
    const double half = z / (1.0 + z2n) * std::sqrt(p * (1.0 - p) / n + 0.25 * z2n / n);
    // At 0 or all successes the bound is exactly 0 or 1; rounding would leave 4e−22 or 1 − 1e−16.
    return {successes <= 0 ? 0.0 : std::max(0.0, centre - half),
            successes >= trials ? 1.0 : std::min(1.0, centre + half)};
}

std::vector<int> contrastDimensions(int maxDimension) {
    std::vector<int> grid;
    for (long long decade = 1; decade <= maxDimension; decade *= 10)
        for (long long m : {1LL, 2LL, 3LL, 5LL}) {
            const long long d = m * decade;
            // 3 is on the grid only in the first decade (geometry.md §4.1 table uses d = 3).
            if (d < 2 || d > maxDimension || (m == 3 && decade > 1))
                continue;
            grid.push_back(static_cast<int>(d));
        }
    if (grid.empty() || grid.back() != maxDimension)
        grid.push_back(maxDimension);
    return grid;
}

Moments Moments::combine(const Moments &a, const Moments &b) {
    if (a.count == 0)
        return b;
    if (b.count == 0)
        return a;
    Moments c;
    c.count = a.count + b.count;
    const double na = static_cast<double>(a.count), nb = static_cast<double>(b.count);
    const double delta = b.mean - a.mean;
    c.mean = a.mean + delta * nb / (na + nb);
    c.m2 = a.m2 + b.m2 + delta * delta * na * nb / (na + nb);
    return c;
}

double medianInPlace(std::vector<double> &values) {
    if (values.empty())
        throw std::invalid_argument("median of an empty set");
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    const double upper = *mid;
    if (values.size() % 2 == 1)
        return upper;
    const double lower = *std::max_element(values.begin(), mid);
    return 0.5 * (lower + upper);
}

// The d coordinates are generated in column blocks and the query–data Gram matrix and squared norms
// are accumulated block by block, so memory stays at a few MB even for d = 10000 while the work is
// still Eigen GEMM. Uniform points are centred (u − 1/2): distances are unchanged and the
// cancellation in ‖q‖² + ‖x‖² − 2q·x is smaller. Doubles, not floats: at d = 2 the nearest
// neighbour is ~1e−3 away and float cancellation would move Dmin, hence RC, by several per cent.
std::optional<ContrastSample> sampleContrast(Law law, int d, int nData, int nQuery,
                                             std::uint64_t seed, const std::function<bool()> &stop,
                                             const std::function<void()> &afterBlock) {
    constexpr int kBlock = 256;
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<double> normal;
    Eigen::MatrixXd data(nData, kBlock), queries(nQuery, kBlock);
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(nQuery, nData);
    Eigen::VectorXd dataNorm2 = Eigen::VectorXd::Zero(nData),
                    queryNorm2 = Eigen::VectorXd::Zero(nQuery);
    const auto fill = [&](Eigen::MatrixXd &m, int width) {
        for (int j = 0; j < width; ++j)
            for (Eigen::Index i = 0; i < m.rows(); ++i)
                m(i, j) = law == Law::Uniform ? uniformCentred(engine) : normal(engine);
    };
    for (int c0 = 0; c0 < d; c0 += kBlock) {
        if (stop && stop())
            return std::nullopt;
        const int width = std::min(kBlock, d - c0);
        fill(data, width);
        fill(queries, width);
        const auto x = data.leftCols(width);
        const auto q = queries.leftCols(width);
        dataNorm2 += x.rowwise().squaredNorm();
        queryNorm2 += q.rowwise().squaredNorm();
        gram.noalias() += q * x.transpose();
        if (afterBlock)
            afterBlock();
    }
    std::vector<double> rc(static_cast<std::size_t>(nQuery));
    Moments distances;
    for (int i = 0; i < nQuery; ++i) {
        double dMin = std::numeric_limits<double>::infinity(), dMax = 0;
        Moments row;
        for (int j = 0; j < nData; ++j) {
            const double dist =
                std::sqrt(std::max(0.0, queryNorm2(i) + dataNorm2(j) - 2.0 * gram(i, j)));
            dMin = std::min(dMin, dist);
            dMax = std::max(dMax, dist);
            row.add(dist);
        }
        if (!(dMin > 0) || !std::isfinite(dMax))
            throw std::runtime_error("relative contrast undefined at d=" + std::to_string(d) +
                                     ": a query has distance 0 to a data point");
        rc[static_cast<std::size_t>(i)] = (dMax - dMin) / dMin;
        distances = Moments::combine(distances, row);
    }
    ContrastSample out;
    out.medianRc = medianInPlace(rc);
    out.meanDistance = distances.mean;
    out.distanceCv = std::sqrt(distances.sampleVariance()) / distances.mean;
    if (!std::isfinite(out.medianRc) || !std::isfinite(out.distanceCv))
        throw std::runtime_error("relative contrast diverged at d=" + std::to_string(d));
    return out;
}

} // namespace dimscope::ball
