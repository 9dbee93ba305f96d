// SPDX-License-Identifier: MIT
#pragma once
// xoshiro256++ 1.0 (Blackman & Vigna, 2019, public domain reference at prng.di.unimi.it), wrapped
// as a Boost/std uniform random bit engine. Boost 1.74 has no xoshiro; mt19937_64 is ~2× slower per
// 64-bit word, and the angles explorer draws billions of normals, so the engine matters there.

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <boost/random/normal_distribution.hpp> // only for its verified ziggurat tables

namespace dimscope {

/// 64-bit engine with 256 bits of state; period 2^256 − 1. Same sequence on every platform.
/// Usable with every boost::random distribution (normal, uniform_01, beta, gamma...).
class Xoshiro256pp {
public:
    using result_type = std::uint64_t;

    /// Seeds the state from one 64-bit value with SplitMix64, as the reference recommends (it can
    /// never give the forbidden all-zero state).
    explicit Xoshiro256pp(std::uint64_t seed = 1) { this->seed(seed); }
    /// Sets the raw state (for reference-vector tests); must not be all zero.
    Xoshiro256pp(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3)
        : m_s0(s0), m_s1(s1), m_s2(s2), m_s3(s3) {}

    void seed(std::uint64_t seed) {
        const auto splitMix = [&seed] {
            seed += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            return z ^ (z >> 31);
        };
        m_s0 = splitMix();
        m_s1 = splitMix();
        m_s2 = splitMix();
        m_s3 = splitMix();
    }

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()() {
        const std::uint64_t result = rotl(m_s0 + m_s3, 23) + m_s0;
        const std::uint64_t t = m_s1 << 17;
        m_s2 ^= m_s0;
        m_s3 ^= m_s1;
        m_s1 ^= m_s2;
        m_s0 ^= m_s3;
        m_s2 ^= t;
        m_s3 = rotl(m_s3, 45);
        return result;
    }

    /// Uniform double in [0, 1) from the top 53 bits (cheaper than boost::uniform_01's generic
    /// path).
    double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

    bool operator==(const Xoshiro256pp &o) const {
        return m_s0 == o.m_s0 && m_s1 == o.m_s1 && m_s2 == o.m_s2 && m_s3 == o.m_s3;
    }
    bool operator!=(const Xoshiro256pp &o) const { return !(*this == o); }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    // Four scalars rather than an array: GCC 12 otherwise packs the update into a vector store
    // followed by scalar reloads, a store-forwarding stall that halved the normal-sampling rate.
    std::uint64_t m_s0, m_s1, m_s2, m_s3;
};

/// Uniform double in [0, 1) from the top 53 bits of one 64-bit word.
inline double uniformFromBits(std::uint64_t word) {
    return static_cast<double>(static_cast<std::int64_t>(word >> 11)) * 0x1.0p-53;
}

/// Standard normal N(0, 1) by the 128-layer ziggurat (Marsaglia & Tsang 2000) with Boost's
/// tables and Boost's exact wedge and tail tests, but one 64-bit word per sample on the fast path
/// (bit 0 sign, bits 1–7 layer, bits 11–63 the uniform) and the engine kept in registers.
/// Stateless; needs a 64-bit engine (Xoshiro256pp).
class FastNormal {
public:
    template <class Engine>
    double operator()(Engine &engine) const {
        static_assert(std::is_same_v<typename Engine::result_type, std::uint64_t>, "64-bit engine");
        const std::uint64_t word = engine();
        const int layer = static_cast<int>((word >> 1) & 0x7F);
        const double x = uniformFromBits(word) * tableX()[layer];
        if (x < tableX()[layer + 1])     // ~98.8 % of draws end here
            return x * kSigns[word & 1]; // a table, not `?:`: GCC emits a 50 % mispredicted branch
        // The slow path works on a copy: if the caller's engine had its address passed to an
        // out-of-line function, GCC would keep it in memory for the whole hot loop.
        Engine copy = engine;
        const double value = slowPath(copy, word);
        engine = copy;
        return value;
    }

private:
    static constexpr double kSigns[2] = {-1.0, 1.0};
    static const double *tableX() { return boost::random::detail::normal_table<double>::table_x; }
    static const double *tableY() { return boost::random::detail::normal_table<double>::table_y; }

    template <class Engine>
    [[gnu::noinline]] static double slowPath(Engine &engine, std::uint64_t word) {
        const double *tx = tableX();
        const double *ty = tableY();
        for (;; word = engine()) {
            const int layer = static_cast<int>((word >> 1) & 0x7F);
            const double sign = (word & 1) ? 1.0 : -1.0;
            const double x = uniformFromBits(word) * tx[layer];
            if (x < tx[layer + 1])
                return sign * x;
            if (layer == 0)
                return sign * tail(engine);
            // Wedge: Boost's bounds (tangent and chord), then the exact density test.
            const double y01 = uniformFromBits(engine());
            const double y = ty[layer] + y01 * (ty[layer + 1] - ty[layer]);
            const double chord = (tx[layer] - tx[layer + 1]) * y01 - (tx[layer] - x);
            const double tangent = y - (ty[layer] + (tx[layer] - x) * ty[layer] * tx[layer]);
            const bool convex = tx[layer] >= 1.0;
            const double aboveUpper = convex ? chord : tangent;
            const double aboveLower = convex ? tangent : chord;
            if (aboveUpper < 0 && (aboveLower < 0 || y < std::exp(-0.5 * x * x)))
                return sign * x;
        }
    }

    /// |Z| conditioned on |Z| > x₁ (Marsaglia's exponential rejection, as in Boost).
    template <class Engine>
    static double tail(Engine &engine) {
        const double start = tableX()[1];
        for (;;) {
            const double x = -std::log1p(-uniformFromBits(engine())) / start;
            const double y = -std::log1p(-uniformFromBits(engine()));
            if (2.0 * y > x * x)
                return x + start;
        }
    }
};

/// Gamma(shape, 1) for shape ≥ 1 by Marsaglia & Tsang (2000): one normal and one uniform per
/// try, acceptance > 95 %, and a squeeze that avoids the log in ~98 % of draws.
class FastGamma {
public:
    /// shape ≥ 1.
    explicit FastGamma(double shape) : m_d(shape - 1.0 / 3.0), m_c(1.0 / std::sqrt(9.0 * m_d)) {}

    template <class Engine>
    double operator()(Engine &engine) const {
        for (;;) {
            double z = 0, v = 0;
            do {
                z = m_normal(engine);
                v = 1.0 + m_c * z;
            } while (v <= 0.0);
            v = v * v * v;
            const double u = uniformFromBits(engine());
            const double z2 = z * z;
            if (u < 1.0 - 0.0331 * z2 * z2)
                return m_d * v;
            if (std::log(u) < 0.5 * z2 + m_d * (1.0 - v + std::log(v)))
                return m_d * v;
        }
    }

private:
    double m_d, m_c;
    FastNormal m_normal;
};

} // namespace dimscope
