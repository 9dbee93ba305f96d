// SPDX-License-Identifier: MIT
#pragma once
// Explorer "loss-scaling" (issue 11; post 9059, gradients.md §7): will your gradients survive
// fp16, bf16 or fp8? Gradients g — of a tiny deep tanh net (deep_net.h) or from your own .npy
// file — are multiplied by the loss scale S and stored in the format; the run counts the entries
// that become 0, subnormal or overflow, gives the log₂ histogram of |g·S| beside the format's
// limits, and the same shares for every S = 2⁰…2²⁴. With train-steps > 0 it also trains the tiny
// net over seeds in fp32 and in the simulated format with no scaling, a fixed scale or PyTorch
// GradScaler's dynamic scaler (scaler_training.h). Params → computeLossScaling → result.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/enum_names.h"
#include "common/explorer.h"
#include "common/run_control.h"
#include "loss_scaling/number_formats.h"
#include "loss_scaling/scaler_training.h"

namespace dimscope::loss_scaling {

struct LossScalingParams {
    std::string gradients; ///< a .npy of gradients; "" = the tiny deep net's
    NumberFormat format = NumberFormat::Fp16;
    double scale = 1.0;          ///< S, the factor itself, 1…2²⁴
    int depth = 8;               ///< tanh layers of the tiny net, 1…32
    int width = 32;              ///< its width, 2…256
    double initGain = 0.3;       ///< W ~ N(0, gain²/d_in), 0.01…2
    int samples = 64;            ///< its regression batch, 1…4096
    int binsPerOctave = 2;       ///< histogram bins per factor 2, 1…16
    std::int64_t trainSteps = 0; ///< 0 = no training; 1…100000
    ScalerKind scaler = ScalerKind::Dynamic;
    int seeds = 4;                      ///< training replicates, 1…32
    double lr = 1e-3;                   ///< Adam's learning rate, 1e-6…1
    double epsilon = 1e-8;              ///< Adam's ε, 1e-12…1
    std::int64_t growthInterval = 2000; ///< dynamic scaler: clean steps before doubling, 1…10^6
    double initialScale = 65536.0; ///< dynamic scaler's first S, 1…2²⁴ (GradScaler: 2¹⁶)
    int threads = 0;               ///< worker threads, 0 = all cores
    std::uint64_t seed = 1;        ///< the tiny net's weights and data
};

const ParamTable<LossScalingParams> &paramTable();

/// Shares of the non-zero entries of g·S that the format stores as 0, as a subnormal, or above
/// its largest finite value. Exact zeros of g stay zero in any format and are not counted.
struct FateShares {
    std::int64_t nonzero = 0;
    std::int64_t zero = 0, subnormal = 0, overflow = 0;
    double zeroFraction() const { return nonzero ? double(zero) / double(nonzero) : 0.0; }
    double subnormalFraction() const { return nonzero ? double(subnormal) / double(nonzero) : 0.0; }
    double overflowFraction() const { return nonzero ? double(overflow) / double(nonzero) : 0.0; }
};

/// Counts what the format makes of g·S, with g·S computed in float32 (g is first stored as
/// float32, as a framework's gradient is).
FateShares countFates(NumberFormat format, const std::vector<float> &g, float scale,
                      std::size_t stride = 1);

struct LossScalingSnapshot {
    TrainingTrace training; ///< what the training has logged so far
    std::int64_t stepsDone = 0, stepsTotal = 0;
};

struct LossScalingResult : RunOutcome {
    LossScalingParams params;
    std::int64_t entries = 0;
    FateShares shares;                     ///< at S, in the chosen format
    std::vector<FateShares> everyFormat;   ///< at S, in the order of NumberFormat
    double histogramLo = 0;                ///< log₂ of the first edge
    std::vector<std::int64_t> histogram;   ///< of log₂|g·S|, non-zero entries
    std::vector<int> sweepLog2Scale;       ///< 0…24
    std::vector<FateShares> sweep;         ///< chosen format at S = 2^k
    std::int64_t sweepStride = 1;          ///< every this many entries enter the sweep
    double minAbs = 0, maxAbs = 0;         ///< over the non-zero |g| (unscaled)
    std::optional<TrainingTrace> training; ///< when trainSteps > 0
    AdamScaleCheck adamCheck;
};

LossScalingResult computeLossScaling(const LossScalingParams &params,
                                     const RunControl<LossScalingSnapshot> &control = {});

/// The `result` object (keys in docs/explorers/loss-scaling.md).
nlohmann::json toJson(const LossScalingResult &result);

using LossScalingExplorer = Explorer<LossScalingParams, LossScalingSnapshot, LossScalingResult>;
const LossScalingExplorer &explorer();

} // namespace dimscope::loss_scaling
