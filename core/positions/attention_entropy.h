// SPDX-License-Identifier: MIT
#pragma once
// The entropy of softmax attention over random logits against the number of keys n (post 9444,
// gradients.md §6): logits zᵢ = q·kᵢ/√d with q, kᵢ ~ N(0, I_d), and the entropy of softmax(λz)
// with λ = 1 (plain) and λ = log_m n (log-n scaled attention, m the training length). Both use
// the same draws, so at n = m they agree exactly.
//
// Given q, the zᵢ are i.i.d. N(0, ‖q‖²/d) (k is rotation invariant), so a trial draws ‖q‖² as a
// sum of d squared normals and then zᵢ = ‖q‖/√d · ξᵢ: the same law as the d-dimensional dot
// products at 1/d of the cost. Each trial's keys for a shorter n are a prefix of its keys for the
// longest, so the curves are smooth in n.
//
// For Gaussian logits of variance σ², H(softmax(λz)) ≈ log n − λ²σ²/2 while λσ is well below
// √(2 log n) (the large-n limit; the finite-n bias is about −(e^{λ²σ²} − 1)/(2n)).

#include <cstdint>
#include <functional>
#include <vector>

namespace dimscope::positions {

struct EntropySettings {
    std::vector<int> lengths; ///< increasing, ≥ 1
    int trainLength = 64;     ///< m of log_m n
    int headDim = 64;         ///< d
    int trials = 400;
    int threads = 0;
    std::uint64_t seed = 1;
};

struct EntropyCurves {
    std::vector<int> lengths;
    std::vector<double> lambda;                       ///< log_m n
    std::vector<double> plain, logScaled;             ///< mean entropy over the trials, nats
    std::vector<double> plainSe, logScaledSe;         ///< standard error of those means
    std::vector<double> approxPlain, approxLogScaled; ///< log n − λ²/2 (σ² = E‖q‖²/d = 1)
};

/// Entropy of softmax(λ·z[0..n)), nats; stable for any finite z.
double softmaxEntropy(const double *z, int n, double lambda);

/// The lengths of the curves: about 4 per octave from 2 to maxLength, and m itself.
std::vector<int> entropyLengths(int maxLength, int trainLength);

/// The Monte Carlo curves; false when `stop` ended the run.
bool attentionEntropy(const EntropySettings &s, EntropyCurves &out,
                      const std::function<bool()> &stop);

} // namespace dimscope::positions
