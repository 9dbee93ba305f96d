// SPDX-License-Identifier: MIT
#pragma once
// Numerics of the "ball" explorer: exact formulas (geometry.md §1.1, §4.1, §4.2) for the
// computation and for the view's theory curves, and the relative-contrast sampler. All functions
// are thread-safe and callable from any thread.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace dimscope::ball {

/// ln V_n, V_n = π^{n/2} / Γ(n/2 + 1) the volume of the unit n-ball; n ≥ 0. Never underflows.
double logBallVolume(int n);
/// V_n itself; subnormal from n = 436 and 0 from n = 453: use logBallVolume there.
double ballVolume(int n);
/// ln ρ_n, ρ_n = V_n / 2^n the share of the cube [−1,1]^n taken by its inscribed ball; n ≥ 0.
double logCubeRatio(int n);
/// ρ_n = V_n / 2^n, the acceptance probability of "uniform in the cube, keep if ‖x‖ ≤ 1";
/// subnormal from n = 326 and 0 from n = 339: use logCubeRatio there.
double cubeRatio(int n);
/// Share of the unit n-ball's volume in the outer shell 1−ε ≤ r ≤ 1: 1 − (1−ε)^n.
/// n ≥ 0, ε in [0, 1]. Accurate for tiny ε (uses log1p / expm1).
double shellFraction(int n, double epsilon);
/// The n in 1…maxDimension where V_n is largest (5 for maxDimension ≥ 5).
int volumeArgmax(int maxDimension);

/// Part 1 of the explorer: exact curves, index i ↔ n = i + 1. Linear values underflow to 0 for
/// large n; the log10 columns never do.
struct VolumeCurves {
    std::vector<int> dimension;         ///< n = 1…maxDimension
    std::vector<double> volume;         ///< V_n
    std::vector<double> log10Volume;    ///< log10 V_n
    std::vector<double> cubeRatio;      ///< ρ_n = V_n / 2^n
    std::vector<double> log10CubeRatio; ///< log10 ρ_n
    std::vector<double> shellFraction;  ///< 1 − (1−ε)^n
    double epsilon = 0.1;
    int argmaxDimension = 0; ///< n of the largest V_n (5 when maxDimension ≥ 5)
    double maxVolume = 0;    ///< V at argmaxDimension
};

/// The curves for n = 1…maxDimension (≥ 1) and shell thickness ε in [0, 1].
VolumeCurves volumeCurves(int maxDimension, double epsilon);

/// E‖z‖ for z ~ N(0, I_n): √2 Γ((n+1)/2) / Γ(n/2) (chi mean); n ≥ 1 (real n allowed).
double chiMean(double n);
/// Standard deviation of ‖z‖, √(n − E‖z‖²) (→ 1/√2 as n grows); n ≥ 1.
double chiSd(double n);
/// Density of ‖z‖ at r ≥ 0 (chi distribution with n degrees of freedom), computed in log space so
/// that n up to 10^6 works; 0 for r ≤ 0 when n > 1.
double chiDensity(double n, double r);

/// E‖x − y‖ for x, y ~ N(0, I_d) independent: 2 Γ((d+1)/2) / Γ(d/2) (= √2 · chiMean(d)).
double gaussianDistanceMean(int d);
/// Coefficient of variation sd/mean of ‖x − y‖ for x, y ~ N(0, I_d) (= chiSd(d) / chiMean(d)).
double gaussianDistanceCv(int d);
/// The large-d asymptote of gaussianDistanceCv: 1/√(2d).
double gaussianDistanceCvAsymptote(int d);

/// A closed interval [low, high] of probabilities.
struct Interval {
    double low = 0, high = 1;
};
/// Wilson score interval for `successes` out of `trials` (trials ≥ 1); z = 1.96 gives 95 %.
/// Stays inside [0, 1] and is non-empty when successes is 0 or trials — unlike the Wald interval.
Interval wilsonInterval(std::int64_t successes, std::int64_t trials, double z = 1.959963984540054);

/// The relative-contrast dimension grid: 2, 3, 5, 10, 20, 50, … (a 1-2-5 log grid plus 3) up to
/// maxDimension, with maxDimension itself appended when it is not on the grid; maxDimension ≥ 2.
std::vector<int> contrastDimensions(int maxDimension);

/// Count, mean and M2 = Σ(x − mean)² of a sample; merged with Chan et al.'s update, which is exact
/// in any split and reproducible when the merge order is fixed.
struct Moments {
    std::int64_t count = 0;
    double mean = 0, m2 = 0;
    void add(double x) { *this = combine(*this, Moments{1, x, 0.0}); }
    double sampleVariance() const { return count > 1 ? m2 / static_cast<double>(count - 1) : 0.0; }
    static Moments combine(const Moments &a, const Moments &b);
};

/// The two laws of the relative-contrast study: i.i.d. U[0,1] or N(0,1) coordinates.
enum class Law { Uniform, Gaussian };

/// One (law, d) cell of the relative-contrast study.
struct ContrastSample {
    double medianRc = 0;     ///< median over queries of (Dmax − Dmin)/Dmin over the data points
    double meanDistance = 0; ///< mean of all query–data distances
    double distanceCv = 0;   ///< their sd / mean
};

/// Draws `dataPoints` data points and `queries` independent queries of the law in d dimensions
/// from an mt19937_64 seeded with `seed`, and measures L2 distances with Eigen GEMM in column
/// blocks of 256 coordinates (memory O((dataPoints + queries) · 256 + dataPoints · queries)).
/// `stop` is polled and `afterBlock` called after each block (both may be empty); returns nullopt
/// when stopped. Throws std::runtime_error if a distance is 0 or a value is not finite.
std::optional<ContrastSample> sampleContrast(Law law, int d, int dataPoints, int queries,
                                             std::uint64_t seed,
                                             const std::function<bool()> &stop = {},
                                             const std::function<void()> &afterBlock = {});

/// Median of `values` (mean of the two middle ones for an even count); reorders them.
double medianInPlace(std::vector<double> &values);

} // namespace dimscope::ball
