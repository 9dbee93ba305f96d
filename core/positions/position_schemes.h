// SPDX-License-Identifier: MIT
#pragma once
// The training positions of post 9444 (gradients.md §6) for a sequence of N tokens:
//   standard    0, 1, …, N−1;
//   random      sort(permutation(L)[:N]): N distinct sorted ids below the largest length L
//               (Ruoss et al.);
//   equal-mean  linspace(0, 1, N)·n, with n drawn with mean N from the exponential law or from
//               M·Beta(a, b) with mean N/M (Su's 等均值随机位置): float positions, for functional
//               encodings such as RoPE.
// And what a model trained on them has seen: which integer ids, and which RoPE angles p·θⱼ mod 2π
// (θⱼ = base^(−2j/d)).

#include <cstdint>
#include <string>
#include <vector>

#include "common/enum_names.h"
#include "numerics/fast_random.h"

namespace dimscope::positions {

enum class Scheme { Standard, Random, EqualMean };
enum class LengthLaw { Exponential, Beta };

inline const std::vector<std::string> &namesOf(Scheme) {
    static const std::vector<std::string> names = {"standard", "random", "equal-mean"};
    return names;
}
inline const std::vector<std::string> &namesOf(LengthLaw) {
    static const std::vector<std::string> names = {"exponential", "beta"};
    return names;
}

struct SchemeSettings {
    Scheme scheme = Scheme::Random;
    LengthLaw law = LengthLaw::Exponential;
    int trainLength = 64; ///< N
    int maxLength = 2048; ///< L
    int testLength = 512; ///< M
    double betaA = 1.0;   ///< a of M·Beta(a, b); b = a(M − N)/N gives the mean N
};

/// One training sample's positions, increasing.
std::vector<double> samplePositions(const SchemeSettings &s, Xoshiro256pp &engine);

/// RoPE's frequencies θⱼ = base^(−2j/d), j = 0…d/2−1.
std::vector<double> ropeFrequencies(int headDim, double base);

/// Counts of training positions: ids[k] = positions that round to id k (k < ids.size(); the
/// positions beyond are not counted), and every gap between consecutive positions.
struct PositionTally {
    std::vector<std::int64_t> ids;
    double gapSum = 0;
    std::int64_t gaps = 0;
    double meanSpacing() const { return gaps ? gapSum / double(gaps) : 0.0; }
};

/// RoPE angles seen: counts[j][b] of p·θⱼ/2π mod 1 in bin b of `bins`.
struct AngleTally {
    int bins = 64;
    std::vector<std::vector<std::int64_t>> counts;
};

void tallyPositions(const std::vector<double> &positions, PositionTally &ids);
void tallyAngles(const std::vector<double> &positions, const std::vector<double> &frequencies,
                 AngleTally &angles);

/// The angle bin of position p for frequency θ: floor(frac(p·θ/2π)·bins).
int angleBin(double p, double theta, int bins);

} // namespace dimscope::positions
