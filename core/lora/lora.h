// SPDX-License-Identifier: MIT
#pragma once
// Explorer "lora" (issue 10; post 9590, gradients.md §4): LoRA as a projected optimizer on a
// matrix regression. Full SGD, LoRA (form (2)), its symmetric init, the resampled random
// projection and the additive variant, side by side: the loss against the step, the spectrum of
// W − W₀, the cosine between each rule's first-order update and the full gradient, and the
// factors' norms with the balance AᵀA − BBᵀ that gradient flow conserves.
// Params → computeLora → LoraResult (+ LoraSnapshot).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "lora/lora_run.h"

namespace dimscope::lora {

struct LoraParams {
    Method method = Method::Lora;
    int rank = 1;              ///< r, the factors' rank, 1…16
    int targetRank = 2;        ///< k, rank of Δ*, 1…128 (≤ size)
    double targetScale = 2.5;  ///< ‖Δ*‖_F, 0.01…100
    double lr = 0.1;           ///< η, 1e-6…10
    std::int64_t steps = 2000; ///< full-batch steps, 1…100000
    int size = 32;             ///< n = m, 4…128
    int batch = 256;           ///< rows of X, 8…4096
    ProjectionScale projectionScale = ProjectionScale::NPlusM;
    bool compare = true;       ///< also run every other method (losses only)
    std::int64_t logEvery = 0; ///< 1…10^5; 0 = about 200 logged points
    bool forgetting = false;   ///< the two-task forgetting toy (full, projection, lora)
    std::uint64_t seed = 1;
};

const ParamTable<LoraParams> &paramTable();
std::int64_t logInterval(const LoraParams &params);

/// Su's conjecture (post 9590), an open question: train on task 1, then on task 2, and measure
/// how much task 1's loss rises. One entry per method.
struct ForgettingRow {
    Method method = Method::Full;
    double task1Before = 0; ///< task 1's loss after training on task 1
    double task1After = 0;  ///< task 1's loss after then training on task 2
    double task2After = 0;  ///< task 2's loss at the end
};

struct LoraSnapshot {
    std::int64_t stepsDone = 0, stepsTotal = 0;
};

struct LoraResult : RunOutcome {
    LoraParams params;
    MethodRun run;                          ///< the chosen method, every series
    std::vector<MethodRun> comparison;      ///< every other method (compare): losses
    std::vector<double> targetSingular;     ///< σ of Δ*, descending
    double bestRankLoss = 0;                ///< the least loss of any rank-r W − W₀
    std::optional<double> bestAdditiveLoss; ///< the least loss the additive variant can reach
    std::vector<ForgettingRow> forgetting;
    double elapsedSeconds = 0;
};

LoraResult computeLora(const LoraParams &params, const RunControl<LoraSnapshot> &control = {});

/// The `result` object: "method", "steps", "loss", "singular_values", … (docs/explorers/lora.md).
nlohmann::json toJson(const LoraResult &result);

using LoraExplorer = Explorer<LoraParams, LoraSnapshot, LoraResult>;
const LoraExplorer &explorer();

} // namespace dimscope::lora
