// SPDX-License-Identifier: MIT
#pragma once
// The low-precision formats a gradient may be stored in (gradients.md §7): IEEE fp16 and bf16
// through Eigen's half and bfloat16, and the two fp8 formats of the OCP/NVIDIA definition written
// out here: E4M3 (bias 7, no infinity, largest 448) and E5M2 (bias 15, largest 57344). Every
// conversion rounds to nearest, ties to even; what happens past the largest finite value is
// reported as overflow whatever the format does there (inf, NaN or saturation).

#include <string>
#include <vector>

#include "common/enum_names.h"

namespace dimscope::loss_scaling {

enum class NumberFormat { Fp16, Bf16, Fp8E4M3, Fp8E5M2 };

inline const std::vector<std::string> &namesOf(NumberFormat) {
    static const std::vector<std::string> names = {"fp16", "bf16", "fp8-e4m3", "fp8-e5m2"};
    return names;
}

struct FormatLimits {
    int mantissaBits = 0;         ///< stored fraction bits
    int minNormalExponent = 0;    ///< e of the smallest normal 2^e
    double smallestSubnormal = 0; ///< 2^(e − mantissaBits)
    double smallestNormal = 0;    ///< 2^e
    double largest = 0;           ///< largest finite value
    bool hasInfinity = true;
};

FormatLimits limitsOf(NumberFormat format);

/// |x| rounded to the format's grid (nearest, ties to even) with no upper limit on the exponent:
/// a result above limitsOf(format).largest means the value overflows the format. fp16 and bf16
/// round through Eigen::half and Eigen::bfloat16 (an overflowing value comes back as +inf); fp8
/// by its definition.
double roundedMagnitude(NumberFormat format, float x);

/// The same by definition for any format described by its mantissa bits and smallest normal
/// exponent, on a double (exact for every float): the reference the Eigen conversions are tested
/// against.
double roundToGrid(double x, int mantissaBits, int minNormalExponent);

/// What became of one value stored in the format.
enum class Fate { Zero, Subnormal, Normal, Overflow };
Fate fateOf(NumberFormat format, float x);

} // namespace dimscope::loss_scaling
