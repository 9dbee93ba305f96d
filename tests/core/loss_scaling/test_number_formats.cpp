// SPDX-License-Identifier: MIT
// The formats of gradients.md §7 and the issue: limits, round to nearest even at every boundary,
// the fp8 formats exhaustively against their definition, and Eigen's half and bfloat16 against
// the same rounding written out.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "loss_scaling/number_formats.h"

using namespace dimscope::loss_scaling;

namespace {

double p2(int e) { return std::ldexp(1.0, e); }

/// Every finite non-negative value of an fp8 format, decoded from its bits by definition:
/// exponent field E, fraction F: (E == 0 ? F/2^m · 2^(1−bias) : (1 + F/2^m) · 2^(E−bias)).
std::vector<double> fp8Values(int exponentBits, int mantissaBits, bool e4m3) {
    const int bias = (1 << (exponentBits - 1)) - 1;
    std::vector<double> out;
    for (int code = 0; code < (1 << (exponentBits + mantissaBits)); ++code) {
        const int e = code >> mantissaBits, f = code & ((1 << mantissaBits) - 1);
        const int allOnes = (1 << exponentBits) - 1;
        if (e4m3 && e == allOnes && f == (1 << mantissaBits) - 1)
            continue; // E4M3's only NaN; the rest of its top binade is finite
        if (!e4m3 && e == allOnes)
            continue; // E5M2: inf and NaN, as in IEEE
        const double frac = double(f) / (1 << mantissaBits);
        out.push_back(e == 0 ? frac * p2(1 - bias) : (1 + frac) * p2(e - bias));
    }
    return out;
}

float bitsToFloat(std::uint32_t bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

} // namespace

TEST(NumberFormats, LimitsOfEachFormat) {
    const FormatLimits h = limitsOf(NumberFormat::Fp16);
    EXPECT_EQ(h.smallestSubnormal, p2(-24));
    EXPECT_EQ(h.smallestNormal, p2(-14));
    EXPECT_EQ(h.largest, 65504.0);
    const FormatLimits b = limitsOf(NumberFormat::Bf16);
    EXPECT_EQ(b.smallestSubnormal, p2(-133));
    EXPECT_EQ(b.smallestNormal, p2(-126));
    EXPECT_EQ(b.largest, double(bitsToFloat(0x7F7F0000u))); // bf16 0x7F7F: (2 − 2⁻⁷)·2¹²⁷
    const FormatLimits e4 = limitsOf(NumberFormat::Fp8E4M3);
    EXPECT_EQ(e4.largest, 448.0);
    EXPECT_EQ(e4.smallestNormal, p2(-6));
    EXPECT_EQ(e4.smallestSubnormal, p2(-9));
    EXPECT_FALSE(e4.hasInfinity);
    const FormatLimits e5 = limitsOf(NumberFormat::Fp8E5M2);
    EXPECT_EQ(e5.largest, 57344.0);
    EXPECT_EQ(e5.smallestNormal, p2(-14));
    EXPECT_EQ(e5.smallestSubnormal, p2(-16));
}

TEST(NumberFormats, Fp8ValuesAreExactlyTheDecodedCodes) {
    for (NumberFormat format : {NumberFormat::Fp8E4M3, NumberFormat::Fp8E5M2}) {
        const bool e4m3 = format == NumberFormat::Fp8E4M3;
        const std::vector<double> values = e4m3 ? fp8Values(4, 3, true) : fp8Values(5, 2, false);
        EXPECT_EQ(values.size(), e4m3 ? 127u : 124u);
        const FormatLimits f = limitsOf(format);
        double largest = 0;
        for (double v : values) {
            // Every code's value is on the grid: it rounds to itself.
            EXPECT_EQ(roundedMagnitude(format, float(v)), v) << v;
            largest = std::max(largest, v);
        }
        EXPECT_EQ(largest, f.largest);
        // Between consecutive values: the midpoint goes to the one with an even last bit (the
        // even code), anything off the midpoint to the nearer one.
        std::set<double> sorted(values.begin(), values.end());
        std::vector<double> v(sorted.begin(), sorted.end());
        for (std::size_t i = 0; i + 1 < v.size(); ++i) {
            const double lo = v[i], hi = v[i + 1], mid = 0.5 * (lo + hi);
            const double below = std::nextafter(mid, lo), above = std::nextafter(mid, hi);
            EXPECT_EQ(roundToGrid(below, f.mantissaBits, f.minNormalExponent), lo);
            EXPECT_EQ(roundToGrid(above, f.mantissaBits, f.minNormalExponent), hi);
            // The even neighbour: its index among the codes is even (codes are consecutive).
            const double even = (i % 2 == 0) ? lo : hi;
            EXPECT_EQ(roundToGrid(mid, f.mantissaBits, f.minNormalExponent), even)
                << lo << " | " << hi;
        }
    }
}

TEST(NumberFormats, Fp8BoundaryValues) {
    const auto e4 = [](double x) { return roundedMagnitude(NumberFormat::Fp8E4M3, float(x)); };
    const auto e5 = [](double x) { return roundedMagnitude(NumberFormat::Fp8E5M2, float(x)); };
    EXPECT_EQ(e4(448), 448);
    EXPECT_EQ(e4(464), 448); // halfway to 480: 448 = 1.110b·2⁸ is the even one
    EXPECT_EQ(e4(465), 480); // past it: 480 > 448 overflows (its code is NaN)
    EXPECT_EQ(fateOf(NumberFormat::Fp8E4M3, 465.0f), Fate::Overflow);
    EXPECT_EQ(fateOf(NumberFormat::Fp8E4M3, 464.0f), Fate::Normal);
    EXPECT_EQ(e4(p2(-10)), 0); // half the smallest subnormal ties to 0
    EXPECT_EQ(e4(p2(-10) * 1.0001), p2(-9));
    EXPECT_EQ(e4(3 * p2(-10)), 2 * p2(-9)); // 1.5 quanta ties to 2
    EXPECT_EQ(fateOf(NumberFormat::Fp8E4M3, float(p2(-7))), Fate::Subnormal);
    EXPECT_EQ(fateOf(NumberFormat::Fp8E4M3, float(p2(-6))), Fate::Normal);
    EXPECT_EQ(e5(57344), 57344);
    EXPECT_EQ(e5(61440), 65536); // halfway: 57344 = 1.11b·2¹⁵ is odd, so up: inf
    EXPECT_EQ(fateOf(NumberFormat::Fp8E5M2, 61440.0f), Fate::Overflow);
    EXPECT_EQ(fateOf(NumberFormat::Fp8E5M2, 61439.0f), Fate::Normal);
    EXPECT_EQ(e5(p2(-17)), 0);
    EXPECT_EQ(e5(p2(-16)), p2(-16));
    EXPECT_EQ(fateOf(NumberFormat::Fp8E5M2, float(p2(-15))), Fate::Subnormal);
}

TEST(NumberFormats, Fp16AndBf16BoundaryValues) {
    const auto h = [](double x) { return roundedMagnitude(NumberFormat::Fp16, float(x)); };
    EXPECT_EQ(h(65504), 65504);
    EXPECT_EQ(h(65519), 65504);
    EXPECT_TRUE(std::isinf(h(65520))); // the tie goes up to 2¹⁶: inf
    EXPECT_EQ(h(p2(-24)), p2(-24));
    EXPECT_EQ(h(p2(-25)), 0); // half the smallest subnormal ties to 0
    EXPECT_EQ(h(p2(-25) * 1.5), p2(-24));
    EXPECT_EQ(fateOf(NumberFormat::Fp16, float(p2(-15))), Fate::Subnormal);
    EXPECT_EQ(fateOf(NumberFormat::Fp16, float(p2(-14))), Fate::Normal);
    // Just below the smallest normal rounds up into it: normal, not subnormal.
    EXPECT_EQ(fateOf(NumberFormat::Fp16, float(p2(-14) - p2(-26))), Fate::Normal);
    EXPECT_EQ(fateOf(NumberFormat::Fp16, 1e-8f), Fate::Zero);
    const auto b = [](double x) { return roundedMagnitude(NumberFormat::Bf16, float(x)); };
    EXPECT_EQ(b(1 + p2(-8)), 1);              // tie, 1 is even
    EXPECT_EQ(b(1 + 3 * p2(-8)), 1 + p2(-6)); // tie, up to the even one
    EXPECT_EQ(fateOf(NumberFormat::Bf16, 1e-8f), Fate::Normal);
    EXPECT_EQ(fateOf(NumberFormat::Bf16, 70000.0f), Fate::Normal);
}

TEST(NumberFormats, EigenHalfAndBfloat16AreTheDefinitionsRounding) {
    // Random floats over the exponents that matter, and exact ties made by construction.
    boost::random::mt19937_64 engine(11);
    boost::random::uniform_int_distribution<std::uint32_t> bits(0, 0x7F7FFFFFu);
    int checked = 0;
    for (int i = 0; i < 300000; ++i) {
        const float x = bitsToFloat(bits(engine));
        const double hd = roundToGrid(x, 10, -14);
        const double hi = roundedMagnitude(NumberFormat::Fp16, x);
        if (hd > 65504) {
            EXPECT_TRUE(std::isinf(hi)) << x;
        } else {
            EXPECT_EQ(hi, hd) << x;
        }
        const double bd = roundToGrid(x, 7, -126);
        const double bi = roundedMagnitude(NumberFormat::Bf16, x);
        if (bd > limitsOf(NumberFormat::Bf16).largest) {
            EXPECT_TRUE(std::isinf(bi)) << x; // rounds past the top: Eigen says inf
        } else {
            EXPECT_EQ(bi, bd) << x;
        }
        ++checked;
    }
    for (int e = -26; e <= 15; ++e)
        for (int m = 0; m < 64; ++m) {
            // x = (k + ½)·quantum for fp16's quantum at exponent e: an exact tie.
            const double quantum = p2(std::max(e, -14) - 10);
            const double x = (std::floor(p2(e) / quantum) + m + 0.5) * quantum;
            EXPECT_EQ(roundedMagnitude(NumberFormat::Fp16, float(x)), roundToGrid(x, 10, -14)) << x;
        }
    EXPECT_EQ(checked, 300000);
}
