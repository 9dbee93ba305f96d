// SPDX-License-Identifier: MIT
#pragma once
// Training the tiny deep net (deep_net.h) with Adam in fp32 and with its backward pass stored in
// a low-precision format, under a loss scaler (gradients.md §7):
//   none     S = 1;
//   fixed    S = the chosen scale;
//   dynamic  PyTorch GradScaler's rule: S starts at init_scale (2¹⁶), a step whose gradients hold
//            an inf or NaN is skipped and halves S (backoff_factor 0.5), and every growth_interval
//            (2000) clean steps in a row double it (growth_factor 2).
// Without the dynamic scaler nothing skips a step: an overflowed gradient reaches Adam and the
// run's loss stops being finite, which the trace shows as the place its curve ends. Gradients are
// unscaled (÷ S) in fp32 before Adam, as GradScaler.step does. Seeds train in parallel, each on
// its own streams; the results do not depend on the thread count.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/enum_names.h"
#include "loss_scaling/deep_net.h"
#include "loss_scaling/number_formats.h"

namespace dimscope::loss_scaling {

enum class ScalerKind { None, Fixed, Dynamic };

inline const std::vector<std::string> &namesOf(ScalerKind) {
    static const std::vector<std::string> names = {"none", "fixed", "dynamic"};
    return names;
}

struct ScalerSettings {
    DeepNetShape shape;
    NumberFormat format = NumberFormat::Fp16;
    ScalerKind scaler = ScalerKind::Dynamic;
    double fixedScale = 1024;
    double initialScale = 65536; ///< GradScaler's init_scale
    std::int64_t growthInterval = 2000;
    std::int64_t steps = 1000;
    int seeds = 4;
    double lr = 1e-3, epsilon = 1e-8; ///< Adam (β₁ 0.9, β₂ 0.999)
    int threads = 0;
    std::uint64_t seed = 1;
};

/// Everything logged, [seed][logged point]. A loss that stopped being finite is NaN from there on.
struct TrainingTrace {
    std::vector<std::int64_t> steps;
    std::vector<std::vector<double>> fp32Loss; ///< the same net and data in fp32, no scaling
    std::vector<std::vector<double>> loss;     ///< in the format, with the scaler
    std::vector<std::vector<double>> scale;    ///< S used at that step
    std::vector<std::vector<double>> skipped;  ///< steps skipped so far
    std::vector<std::int64_t> skippedTotal;    ///< per seed, over the whole run
};

/// The logging interval for `steps`: about 300 points.
std::int64_t logIntervalFor(std::int64_t steps);

/// Trains; onBlock(trace so far, steps done) runs on the calling thread after every block of
/// steps. Returns false when `stop` ended it early.
bool trainWithScaler(const ScalerSettings &settings, TrainingTrace &trace,
                     const std::function<bool()> &stop,
                     const std::function<void(const TrainingTrace &, std::int64_t)> &onBlock);

/// The Adam check of §7: `steps` Adam steps on the tiny net with the loss multiplied by k and ε,
/// against the loss itself and ε/k (the same updates but for rounding), and against the loss
/// itself and ε (not the same when ε is comparable to √v̂).
struct AdamScaleCheck {
    double k = 1, epsilon = 1e-8;
    int steps = 0;
    double movement = 0;         ///< max |θ_end − θ_start| of the scaled run
    double scaledVsEpsOverK = 0; ///< max |θ difference|: loss·k, ε  vs  loss, ε/k
    double scaledVsPlain = 0;    ///< max |θ difference|: loss·k, ε  vs  loss, ε
};

AdamScaleCheck adamScaleCheck(const DeepNetShape &shape, double k, double epsilon, double lr,
                              int steps, std::uint64_t seed);

} // namespace dimscope::loss_scaling
