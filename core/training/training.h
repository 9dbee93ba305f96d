// SPDX-License-Identifier: MIT
#pragma once
// Explorer "training" (issue 9; gradients.md §1.8, §2): trains a task (tasks/task.h) with an
// optimizer (optimizers/optimizer.h) as R seed replicates on independent random streams, in
// parallel, and logs every point of the training curves — train and test loss, accuracy, gradient
// norms, the task's own metrics — with the optimizer's state beside them: a fan of per-coordinate
// effective steps, EGDD's scale per tensor, and the weights exponentiated updates underflowed to
// exactly 0. Params → computeTraining → TrainingResult (+ TrainingSnapshot about every 50 ms).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "optimizers/optimizer.h"
#include "tasks/task.h"

namespace dimscope::training {

struct TrainingParams {
    tasks::TaskKind task = tasks::TaskKind::Occam;
    optim::OptimizerKind optimizer = optim::OptimizerKind::Sgd;
    double lr = 0.1;           ///< η, the learning rate, 1e-9…1e4
    std::int64_t steps = 5000; ///< optimizer steps, 1…10^6
    int seeds = 4;             ///< R seed replicates, 1…64
    /// Log every this many steps, 1…10^6; 0 = about 500 logged points (steps / 500, rounded up).
    /// Step 0 and the last step are always logged.
    std::int64_t logEvery = 0;
    int fanSize = 64; ///< coordinates sampled (seeded) for the effective-step fan, 0…256

    // The task's own (tasks::TaskSettings says which task reads which)
    int width = 0; ///< hidden units per layer, 0…1024; 0 = the task's own
    tasks::HiddenActivation activation = tasks::HiddenActivation::Tanh;
    int batchSize = 0;             ///< samples per step, 0…10^6; 0 (or ≥ the set) = full batch
    int points = 0;                ///< training points, 0…10^6; 0 = the task's own
    int dimension = 100;           ///< sparse-regression's d, 1…10000
    int relevant = 3;              ///< sparse-regression's non-zeros, 1…10000 (≤ dimension)
    int classes = 3;               ///< spirals' arms, 2…10
    std::int64_t shiftStep = 3000; ///< shift: the first step on the new target, 1…10^6
    double testFraction = 0.2;     ///< digits: the held-out share, 0.05…0.95
    std::string data;              ///< digits: a CSV(.gz) file; "" = the shipped copy

    // The optimizer's own (optim::OptimizerSettings documents each)
    double momentum = 0.9;   ///< μ of momentum and EGDD, 0…0.999
    double beta1 = 0.9;      ///< Adam, 0…0.999
    double beta2 = 0.999;    ///< Adam, 0…0.99999
    double epsilon = 1e-8;   ///< Adam, 1e-12…1
    double initScale = 1e-3; ///< unnormalised EG±'s θ± start, 1e-12…10
    double totalWeight = 0;  ///< normalised EG±'s U, 0…10^6; 0 = unnormalised
    optim::EgNormalisation normalisation = optim::EgNormalisation::Neuron;
    double exponentClamp = 30; ///< largest |exponent| of a multiplicative step, 1…80
    optim::MetaLrVariant metaVariant = optim::MetaLrVariant::Sign;
    double gamma = 0.05;       ///< meta-lr's γ, 0…10
    double nuMin = 1e-4;       ///< meta-lr's gain clip, 1e-12…1
    double nuMax = 1e4;        ///< 1…1e12
    double egddBeta = 0.9;     ///< EGDD's β, 0…0.999
    double gainLr = 0.01;      ///< EGDD's γ_p, 0…1
    double scaleLr = 0.001;    ///< EGDD's γ_s, 0…1
    double initialGain = 1.0;  ///< EGDD's p₀, 1e-6…1e6
    double gainMin = 1e-2;     ///< 1e-6…1
    double gainMax = 1e2;      ///< 1…1e6
    double initialScale = 1.0; ///< EGDD's s₀, 1e-6…1e6
    double scaleMin = 0.1;     ///< 1e-6…1
    double scaleMax = 10.0;    ///< 1…1e6
    bool useSigns = true;      ///< EGDD
    bool useDirections = true; ///< EGDD

    int threads = 0;        ///< worker threads, 0 = all cores; results do not depend on it
    std::uint64_t seed = 1; ///< replicate r draws from streamSeed(seed, r)
};

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<TrainingParams> &paramTable();

/// The settings the task and the optimizer receive.
tasks::TaskSettings taskSettings(const TrainingParams &params);
optim::OptimizerSettings optimizerSettings(const TrainingParams &params);

/// The logging interval logEvery resolves to.
std::int64_t logInterval(const TrainingParams &params);

/// One logged quantity over the logged steps.
struct Series {
    std::string key;   ///< JSON key, snake_case: "train_loss", …; a tensor name within a group
    std::string group; ///< "" at the top level; "egdd_scale" for EGDD's scale, one per tensor
    std::vector<std::vector<double>> perSeed; ///< [seed][logged point]
    /// The mean over seeds at every logged point.
    std::vector<double> mean() const;
};

/// Effective steps (optim::Optimizer::effectiveStep) of a seeded sample of coordinates, the same
/// coordinates for every seed.
struct EffectiveStepFan {
    std::vector<Eigen::Index> coordinates; ///< indices into the flat parameters, increasing
    std::vector<std::string> labels;       ///< "W2[3,17]"
    std::vector<std::vector<std::vector<float>>> perSeed; ///< [seed][coordinate][logged point]
};

struct TrainingCurves {
    std::vector<std::int64_t> steps; ///< the logged step numbers (0, k, 2k, …, last)
    /// train_loss; test_loss (tasks with a test set); accuracy, train_accuracy (classifiers);
    /// gradient_norm (‖∇L‖ of the step's batch); the task's metrics (occam: arc_length,
    /// dirichlet_energy, grad_theta_sq, inequality_lhs); underflow_count (egu, eg-pm, reparam-gd);
    /// egdd_scale/<tensor> (egdd).
    std::vector<Series> series;
    EffectiveStepFan fan;
    /// θ at every logged point for tasks of at most 3 parameters (the quadratics):
    /// [seed][logged point][coordinate].
    std::vector<std::vector<std::vector<double>>> path;
    /// Seconds since the run began at every logged point, [seed][logged point]: for a wall-time
    /// axis. A timing, so not in toJson.
    std::vector<std::vector<double>> wallSeconds;

    const Series *find(const std::string &key, const std::string &group = {}) const;
};

/// Published about every 50 ms: everything logged so far, and each seed's model now.
struct TrainingSnapshot {
    std::int64_t stepsDone = 0, stepsTotal = 0;
    double stepsPerEpoch = 1.0; ///< as TrainingResult's: an epoch axis while the run goes on
    TrainingCurves curves;
    std::vector<tasks::TaskPicture> pictures; ///< per seed, at stepsDone
};

struct TrainingResult : RunOutcome {
    TrainingParams params;
    std::int64_t stepsDone = 0;
    double stepsPerEpoch = 1.0; ///< for an epoch axis: steps per pass over the training set
    TrainingCurves curves;      ///< also filled (up to the failure) when a seed diverged
    std::vector<tasks::TaskPicture> pictures; ///< per seed, after the last step
    double elapsedSeconds = 0; ///< wall time of the run (not part of the JSON result)
};

/// Validates (explorer().validate), then trains. Invalid parameters (or a malformed data file)
/// give InvalidInput; a seed whose training loss stops being finite gives Failed, "diverged at
/// step n"; a stop request (polled at every step) gives Cancelled.
TrainingResult computeTraining(const TrainingParams &params,
                               const RunControl<TrainingSnapshot> &control = {});

/// The `result` object: "steps", then per series {"mean", "per_seed"} (train_loss, test_loss,
/// accuracy, …), "egdd_scale", "effective_step", "path", "curve", "weights", "surface",
/// "contour" where they apply, "steps_per_epoch".
nlohmann::json toJson(const TrainingResult &result);

using TrainingExplorer = Explorer<TrainingParams, TrainingSnapshot, TrainingResult>;
/// The explorer's record: name, parameters, checks, compute, JSON.
const TrainingExplorer &explorer();

} // namespace dimscope::training
