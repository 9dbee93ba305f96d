// SPDX-License-Identifier: MIT
#include "angles/angle_sampler.h"
#include "numerics/constants.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/parallel.h"
#include "numerics/fast_math.h"
#include "numerics/fast_random.h"

namespace dimscope::angles {

namespace {

constexpr std::int64_t kCoordinatesPerPoll = std::int64_t(1) << 20;

// Coordinate laws. Sphere draws Gaussian coordinates: the direction of a Gaussian vector is uniform
// on the sphere, and the angle ignores the length (centring normalises explicitly, see below).
struct GaussianDraw {
    FastNormal normal;
    double operator()(Xoshiro256pp &e) const { return normal(e); }
};
struct ShiftedDraw {
    FastNormal normal;
    double mu;
    double operator()(Xoshiro256pp &e) const { return mu + normal(e); }
};
struct CubeDraw { // U[−1, 1]
    double operator()(Xoshiro256pp &e) const { return 2.0 * uniformFromBits(e()) - 1.0; }
};
struct UnitCubeDraw { // U[0, 1]
    double operator()(Xoshiro256pp &e) const { return uniformFromBits(e()); }
};

double angleOf(double dot, double xx, double yy, double &cosine) {
    cosine = std::clamp(dot / std::sqrt(xx * yy), -1.0, 1.0); // NaN stays NaN: reported, not hidden
    return std::acos(cosine);
}

std::int64_t pollEvery(int n) { return std::max<std::int64_t>(1, kCoordinatesPerPoll / n); }

// The hot loop: generation fused with the three dot products, no n-dimensional storage. x and y use
// separate engines so their two dependency chains overlap in the CPU.
template <class Draw>
bool plainPairs(int n, const Draw &draw, std::uint64_t chunkSeed, std::int64_t count, double *theta,
                double *cosine, const std::function<bool()> &stop) {
    Xoshiro256pp ex(streamSeed(chunkSeed, 0)), ey(streamSeed(chunkSeed, 1));
    const std::int64_t poll = pollEvery(n);
    for (std::int64_t i = 0; i < count; ++i) {
        if (i % poll == poll - 1 && stop && stop())
            return false;
        double xx = 0, yy = 0, xy = 0;
        for (int k = 0; k < n; ++k) {
            const double x = draw(ex);
            const double y = draw(ey);
            xx += x * x;
            yy += y * y;
            xy += x * y;
        }
        theta[i] = angleOf(xy, xx, yy, cosine[i]);
    }
    return true;
}

// Centring: the x's of the chunk form one batch and the y's another; each batch's sample mean is
// subtracted. Two separate batches keep a centred x independent of its partner y (one shared batch
// would correlate them by −1/(B−1)), so centred Gaussian, sphere and shifted-Gaussian vectors
// follow the exact Beta law. Pass 1 sums the batch; pass 2 replays the same streams, so memory
// stays O(n).
template <class Draw>
bool centredPairs(int n, bool normalise, const Draw &draw, std::uint64_t chunkSeed,
                  std::int64_t count, double *theta, double *cosine,
                  const std::function<bool()> &stop) {
    const auto un = static_cast<std::size_t>(n);
    std::vector<double> meanX(un, 0.0), meanY(un, 0.0), x(un), y(un);
    const auto fill = [&](Xoshiro256pp &e, std::vector<double> &v) {
        double norm2 = 0;
        for (auto &c : v) {
            c = draw(e);
            norm2 += c * c;
        }
        if (normalise) {
            const double s = 1.0 / std::sqrt(norm2);
            for (auto &c : v)
                c *= s;
        }
    };
    const Xoshiro256pp startX(streamSeed(chunkSeed, 0)), startY(streamSeed(chunkSeed, 1));
    const std::int64_t poll = pollEvery(n);
    Xoshiro256pp ex = startX, ey = startY;
    for (std::int64_t i = 0; i < count; ++i) {
        if (i % poll == poll - 1 && stop && stop())
            return false;
        fill(ex, x);
        fill(ey, y);
        for (std::size_t k = 0; k < un; ++k) {
            meanX[k] += x[k];
            meanY[k] += y[k];
        }
    }
    for (std::size_t k = 0; k < un; ++k) {
        meanX[k] /= static_cast<double>(count);
        meanY[k] /= static_cast<double>(count);
    }
    ex = startX;
    ey = startY;
    for (std::int64_t i = 0; i < count; ++i) {
        if (i % poll == poll - 1 && stop && stop())
            return false;
        fill(ex, x);
        fill(ey, y);
        double xx = 0, yy = 0, xy = 0;
        for (std::size_t k = 0; k < un; ++k) {
            const double a = x[k] - meanX[k];
            const double b = y[k] - meanY[k];
            xx += a * a;
            yy += b * b;
            xy += a * b;
        }
        theta[i] = angleOf(xy, xx, yy, cosine[i]);
    }
    return true;
}

template <class Draw>
bool vectorPairs(const SamplerSetup &s, const Draw &draw, std::uint64_t chunkSeed,
                 std::int64_t count, double *theta, double *cosine,
                 const std::function<bool()> &stop) {
    if (s.center)
        return centredPairs(s.dimension, s.distribution == Distribution::Sphere, draw, chunkSeed,
                            count, theta, cosine, stop);
    return plainPairs(s.dimension, draw, chunkSeed, count, theta, cosine, stop);
}

// O(1) per pair (reference §2.2 (b)): cos θ = Z/√(Z² + Q), Q ~ χ²_{n−1} = 2·Gamma((n−1)/2).
// θ = atan2(√Q, Z) is well conditioned at both ends, unlike acos near ±1. libm's atan2 took a
// quarter of the run, so per block the draws (scalar: rejection loops; the square roots stay here
// because with errno semantics GCC will not vectorise sqrt) come first and a branch-free
// fastAtan2Upper pass that GCC vectorises follows.
void exactPairs(int n, std::uint64_t chunkSeed, std::int64_t count, double *theta, double *cosine) {
    Xoshiro256pp engine(streamSeed(chunkSeed, 0));
    if (n == 2) { // θ ~ U[0, π] exactly (and Gamma(½) is outside Marsaglia–Tsang's range)
        for (std::int64_t i = 0; i < count; ++i) {
            theta[i] = kPi * uniformFromBits(engine());
            cosine[i] = std::cos(theta[i]);
        }
        return;
    }
    const FastNormal normal;
    const FastGamma gamma(0.5 * (n - 1));
    constexpr std::int64_t kBlock = 256; // √Q scratch that stays in L1
    double rootQ[kBlock];
    for (std::int64_t start = 0; start < count; start += kBlock) {
        const std::int64_t size = std::min(kBlock, count - start);
        double *z = theta + start;
        for (std::int64_t i = 0; i < size; ++i) {
            const double zi = normal(engine);
            const double q = 2.0 * gamma(engine);
            z[i] = zi;
            rootQ[i] = std::sqrt(q);
            cosine[start + i] = zi / std::sqrt(zi * zi + q);
        }
        for (std::int64_t i = 0; i < size; ++i)
            z[i] = fastAtan2Upper(rootQ[i], z[i]);
    }
}

} // namespace

SamplerSetup samplerSetup(const AngleParams &p) {
    SamplerSetup s;
    s.dimension = p.dimension;
    s.distribution = p.distribution;
    s.mu = p.mu;
    s.center = p.center;
    s.sampler = p.sampler;
    return s;
}

std::int64_t chunkPairsTarget(const SamplerSetup &s) {
    if (s.sampler == Sampler::Exact)
        return 16384;
    if (s.center)
        return 1024;
    std::int64_t target = 4096;
    while (target > 16 && target * s.dimension > (std::int64_t(1) << 22))
        target /= 2;
    return target;
}

bool samplePairs(const SamplerSetup &s, std::uint64_t chunkSeed, std::int64_t count, double *theta,
                 double *cosine, const std::function<bool()> &stop) {
    if (s.sampler == Sampler::Exact) {
        exactPairs(s.dimension, chunkSeed, count, theta, cosine);
        return true;
    }
    switch (s.distribution) {
    case Distribution::Gaussian:
    case Distribution::Sphere:
        return vectorPairs(s, GaussianDraw{}, chunkSeed, count, theta, cosine, stop);
    case Distribution::ShiftedGaussian:
        return vectorPairs(s, ShiftedDraw{FastNormal{}, s.mu}, chunkSeed, count, theta, cosine,
                           stop);
    case Distribution::Cube:
        return vectorPairs(s, CubeDraw{}, chunkSeed, count, theta, cosine, stop);
    case Distribution::UnitCube:
        return vectorPairs(s, UnitCubeDraw{}, chunkSeed, count, theta, cosine, stop);
    }
    return true;
}

} // namespace dimscope::angles
