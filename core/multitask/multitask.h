// SPDX-License-Identifier: MIT
#pragma once
// Explorer "multitask" (issue 10; gradients.md §3.4 "training curves"): a shared trunk with two
// heads, y₁ = sin x and y₂ = 100 cos 2x (a scale mismatch), trained with Adam on the weighted
// gradient Σ wᵢ∇Lᵢ of each weighting method of the Pareto lab, over seed replicates: each task's
// loss against the step per method, and the weights each method chooses (MGDA's α(t)).
// Params → computeMultitask → MultitaskResult (+ MultitaskSnapshot).

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "pareto/pareto_tasks.h"

namespace dimscope::multitask {

using pareto::Method;

struct MultitaskParams {
    std::vector<Method> methods = {Method::Equal, Method::Realtime, Method::Normalized,
                                   Method::Mgda}; ///< the weightings compared, each once
    std::int64_t steps = 500;                     ///< full-batch Adam steps, 1…100000
    double lr = 0.01;                             ///< Adam's step, 1e-6…1
    int width = 32;                               ///< trunk width, 2…256
    int points = 256;                             ///< samples on [−π, π], 8…4096
    double scale2 = 100;                          ///< y₂ = scale2·cos 2x, 0.01…10000
    int seeds = 3;                                ///< replicates per method, 1…32
    std::int64_t logEvery = 0;                    ///< 1…10^5; 0 = about 100 logged points
    int threads = 0;                              ///< 0 = all cores; results do not depend on it
    std::uint64_t seed = 1; ///< replicate r starts from streamSeed(seed, r), the same per method
};

const ParamTable<MultitaskParams> &paramTable();
std::int64_t logInterval(const MultitaskParams &params);

/// One method's curves over the replicates: [seed][logged point].
struct MethodCurves {
    Method method = Method::Equal;
    std::vector<std::vector<double>> loss1, loss2, weight1, weight2;
    std::vector<int> divergedAt; ///< per seed, the logged step with a non-finite loss, or −1
};

struct MultitaskSnapshot {
    std::int64_t runsDone = 0, runsTotal = 0;
};

struct MultitaskResult : RunOutcome {
    MultitaskParams params;
    std::vector<std::int64_t> steps; ///< the logged steps
    std::vector<MethodCurves> methods;
    double elapsedSeconds = 0;
};

MultitaskResult computeMultitask(const MultitaskParams &params,
                                 const RunControl<MultitaskSnapshot> &control = {});

/// The `result` object: "steps", then per method {"loss1", "loss2", "weight1", "weight2"}, each
/// {"mean", "per_seed"} as the training explorer writes its series.
nlohmann::json toJson(const MultitaskResult &result);

using MultitaskExplorer = Explorer<MultitaskParams, MultitaskSnapshot, MultitaskResult>;
const MultitaskExplorer &explorer();

} // namespace dimscope::multitask
