// SPDX-License-Identifier: MIT
#pragma once
// Branch-free double-precision arctangents for hot loops. libm's atan2 is a call with
// data-dependent branches, so a loop over a chunk cannot be vectorised around it; these are inline
// rational approximations (Cephes atan.c, S. L. Moshier, 1984–2000) whose range reduction uses
// selects only, so GCC vectorises a loop of them. Error ≤ ~2 ulp of the result (tested against libm
// on dense grids and at the extremes). Pure functions, any thread.

#include <cmath>
#include <cstdint>
#include <cstring>

namespace dimscope {

namespace fastmath_detail {

/// π/4 in double: its last three mantissa bits are zero, so k·kPio4Hi is exact for k = 0…4.
constexpr double kPio4Hi = 0x1.921fb54442d18p-1;
constexpr double kPio4Lo = 0x1.1a62633145c07p-55; ///< π/4 − kPio4Hi

/// atan(r) − r on Cephes' reduced range |r| ≤ 0.66: r·z·P(z)/Q(z) with z = r² (Cephes'
/// coefficients; the tail is small, so its own rounding costs well under an ulp of atan).
inline double atanTail(double r) {
    const double z = r * r;
    const double p = (((-8.750608600031904122785E-1 * z - 1.615753718733365076637E1) * z -
                       7.500855792314704667340E1) *
                          z -
                      1.228866684490136173410E2) *
                         z -
                     6.485021904942025371773E1;
    const double q = ((((z + 2.485846490142306297962E1) * z + 1.650270098316988542046E2) * z +
                       4.328810604912902668951E2) *
                          z +
                      4.853903996359136964868E2) *
                         z +
                     1.945506571482613964425E2;
    return r * (z * p / q);
}

} // namespace fastmath_detail

/// c ? a : b on the bit patterns, so that both a and b are computed on every path: the building
/// block of branch-free loops that GCC vectorises (see fastAtan2Upper).
inline double pickBits(bool c, double a, double b) {
    std::uint64_t ua, ub;
    std::memcpy(&ua, &a, sizeof ua);
    std::memcpy(&ub, &b, sizeof ub);
    const std::uint64_t mask = std::uint64_t(0) - std::uint64_t(c);
    const std::uint64_t u = (ua & mask) | (ub & ~mask);
    double v;
    std::memcpy(&v, &u, sizeof v);
    return v;
}

/// atan2(y, x) for y ≥ 0 (NaN → NaN), in [0, π]: the angle of the point (x, y) from the +x axis.
/// Unlike π/2 − atan(x/y) it keeps full relative accuracy near 0 and full absolute accuracy near π.
/// (+0, ±0) gives 0; (∞, finite) gives π/2; (∞, ±∞) gives NaN.
inline double fastAtan2Upper(double y, double x) {
    using namespace fastmath_detail;
    // Written so that GCC vectorises a loop of it: every operation runs on every path, and
    // choices are bitwise selects (pickBits) rather than `?:`. With `?:`, GCC moves arithmetic into
    // the branch that uses it, and under the default -ftrapping-math it will not if-convert a
    // branch holding floating-point arithmetic, so the loop stays scalar.
    const double ax = std::fabs(x);
    const bool swap = y > ax; // work with lo/hi ≤ 1, then reflect about π/4
    const double lo = pickBits(swap, ax, y), hi = pickBits(swap, y, ax);
    const bool mid = lo > 0.66 * hi; // atan(lo/hi) = π/4 + atan((lo − hi)/(lo + hi))
    const double num = pickBits(mid, lo - hi, lo);
    const double den0 = pickBits(mid, lo + hi, hi);
    const double den = pickBits(den0 > 0, den0, 1.0); // the origin: 0/1 = 0
    const double r = num / den;                       // in (−0.21, 0.66]
    const double p = r + atanTail(r);
    // θ = k·π/4 ± p with k = 0…4, by case: atan(lo/hi) = mid·π/4 + p; the swap reflects it about
    // π/4 (k → 2 − k, sign flips), and x < 0 reflects about π/2 (k → 4 − k, sign flips).
    const bool neg = x < 0;
    const double k1 = pickBits(mid, 1.0, pickBits(swap, 2.0, 0.0));
    const double k = pickBits(neg, 4.0 - k1, k1);
    const double signedP = pickBits(neg != swap, -p, p);
    return k * kPio4Hi + (k * kPio4Lo + signedP);
}

/// atan(x) for every double: odd, ±0 → ±0, ±∞ → ±π/2, NaN → NaN.
inline double fastAtan(double x) { return std::copysign(fastAtan2Upper(std::fabs(x), 1.0), x); }

} // namespace dimscope
