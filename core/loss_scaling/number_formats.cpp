// SPDX-License-Identifier: MIT
#include "loss_scaling/number_formats.h"

#include <cmath>
#include <limits>

#include <Eigen/Core>

namespace dimscope::loss_scaling {

FormatLimits limitsOf(NumberFormat format) {
    FormatLimits f;
    switch (format) {
    case NumberFormat::Fp16:
        f.mantissaBits = 10;
        f.minNormalExponent = -14;
        f.largest = 65504.0;
        break;
    case NumberFormat::Bf16:
        f.mantissaBits = 7;
        f.minNormalExponent = -126;
        f.largest = std::ldexp(2.0 - std::ldexp(1.0, -7), 127);
        break;
    case NumberFormat::Fp8E4M3:
        f.mantissaBits = 3;
        f.minNormalExponent = -6;
        f.largest = 448.0; // S.1111.111 is NaN, so 1.75·2⁸ is the top
        f.hasInfinity = false;
        break;
    case NumberFormat::Fp8E5M2:
        f.mantissaBits = 2;
        f.minNormalExponent = -14;
        f.largest = 57344.0; // 1.75·2¹⁵; exponent 11111 holds inf and NaN as in IEEE
        break;
    }
    f.smallestNormal = std::ldexp(1.0, f.minNormalExponent);
    f.smallestSubnormal = std::ldexp(1.0, f.minNormalExponent - f.mantissaBits);
    return f;
}

double roundToGrid(double x, int mantissaBits, int minNormalExponent) {
    const double a = std::fabs(x);
    if (a == 0 || !std::isfinite(a))
        return a;
    int e = 0;
    std::frexp(a, &e); // a = m·2^e, m in [0.5, 1): the leading bit is 2^(e−1)
    const int exponent = std::max(e - 1, minNormalExponent);
    const int quantumExponent = exponent - mantissaBits;
    // a / 2^q is exact (a power-of-two scaling of a double in range); nearbyint rounds to
    // nearest with ties to even in the default rounding mode.
    return std::ldexp(std::nearbyint(std::ldexp(a, -quantumExponent)), quantumExponent);
}

double roundedMagnitude(NumberFormat format, float x) {
    switch (format) {
    case NumberFormat::Fp16:
        return std::fabs(static_cast<double>(static_cast<float>(Eigen::half(x))));
    case NumberFormat::Bf16:
        return std::fabs(static_cast<double>(static_cast<float>(Eigen::bfloat16(x))));
    case NumberFormat::Fp8E4M3:
    case NumberFormat::Fp8E5M2: {
        const FormatLimits f = limitsOf(format);
        return roundToGrid(x, f.mantissaBits, f.minNormalExponent);
    }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

Fate fateOf(NumberFormat format, float x) {
    const FormatLimits f = limitsOf(format);
    const double r = roundedMagnitude(format, x);
    if (r == 0)
        return Fate::Zero;
    if (!(r <= f.largest)) // inf and NaN too
        return Fate::Overflow;
    return r < f.smallestNormal ? Fate::Subnormal : Fate::Normal;
}

} // namespace dimscope::loss_scaling
