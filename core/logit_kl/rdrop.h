// SPDX-License-Identifier: MIT
#pragma once
// The R-Drop toy of gradients.md §5: a multi-label linear classifier s = W·dropout(x) + b on
// synthetic data, trained with the multi-label cross-entropy of post 7359,
//   log(1 + Σ_{neg} e^{sᵢ}) + log(1 + Σ_{pos} e^{−sⱼ}),
// averaged over two dropout passes s and t, plus α·D(s, t) with GlobalPointer's sigmoid form
// (logit_kl_math.h). A class is predicted when its logit is above 0. The validation micro-F1 is
// logged over training for α ∈ {0, 0.5, 2}, each over seeds.
//
// Data: x ~ N(0, I_d) (d = 20), five labels yₖ = 1[uₖ·x + cₖ + 0.5·ε > 0] with u drawn once per
// seed (only the first 8 features matter) and offsets cₖ that make the labels from common to
// rare; 1000 samples, 800 to train and 200 to validate. Full-batch Adam (lr 0.05) with a fresh
// pair of dropout masks every step.

#include <cstdint>
#include <functional>
#include <vector>

namespace dimscope::logit_kl {

struct RDropSettings {
    std::vector<double> alphas{0.0, 0.5, 2.0};
    int seeds = 4;
    int steps = 300;
    double dropout = 0.3;
    int threads = 0;
    std::uint64_t seed = 1;
};

struct RDropCurves {
    std::vector<double> alphas;
    std::vector<std::int64_t> steps;                  ///< logged steps
    std::vector<std::vector<std::vector<double>>> f1; ///< [alpha][seed][logged point]
    std::vector<double> finalF1;                      ///< [alpha] mean over seeds at the end
    bool operator==(const RDropCurves &o) const {
        return alphas == o.alphas && steps == o.steps && f1 == o.f1;
    }
};

/// GlobalPointer's multi-label cross-entropy log(1 + Σ_{neg} e^{sᵢ}) + log(1 + Σ_{pos} e^{−sⱼ})
/// of one sample's logits (yₖ = 1 for a positive class); grad receives ∂/∂sₖ. Stable for any
/// finite s.
double multiLabelCrossEntropy(const double *s, const int *y, int classes, double *grad);

/// Micro-F1 of predictions (logit > 0) against labels, both samples × classes, row-major.
double microF1(const std::vector<double> &logits, const std::vector<int> &labels);

/// Trains every (α, seed) pair, in parallel; false when `stop` ended it.
bool trainRDrop(const RDropSettings &settings, RDropCurves &out, const std::function<bool()> &stop);

} // namespace dimscope::logit_kl
