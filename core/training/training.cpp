// SPDX-License-Identifier: MIT
// The training explorer's record: its parameter table, the checks that involve more than one
// field (or the data file), the settings handed to the task and the optimizer, and the curves'
// small helpers. The run is in training_run.cpp, the JSON in training_json.cpp.
#include "training/training.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <system_error>

#include "tasks/digits_data.h"

namespace dimscope::training {

namespace {

using tasks::TaskKind;
using Kind = optim::OptimizerKind;

/// Logged values (double) and fan entries (float) a run may hold, twice (the run's logs and a
/// snapshot's copy), before the checks refuse it.
constexpr double kLogBudgetBytes = double(std::int64_t(1) << 30);

std::string quoted(const std::string &name) { return "'" + name + "'"; }

std::optional<std::string> checkTraining(const TrainingParams &p) {
    if (optim::needsPositiveParameters(p.optimizer) && !tasks::startsPositive(p.task))
        return "parameter 'optimizer': " + quoted(nameOf(p.optimizer)) +
               " keeps every parameter positive and needs a task whose parameters start "
               "positive (quadratic, quadratic-2d, nnls); task " +
               quoted(nameOf(p.task)) + " has signed parameters: use 'eg-pm'";
    if (p.task == TaskKind::Shift && p.shiftStep >= p.steps)
        return "parameter 'shift-step': " + std::to_string(p.shiftStep) +
               " is not before the last step (" + std::to_string(p.steps) +
               " steps): the target would never change; expected 1…" + std::to_string(p.steps - 1);
    if (p.task == TaskKind::SparseRegression && p.relevant > p.dimension)
        return "parameter 'relevant': " + std::to_string(p.relevant) + " non-zeros do not fit in " +
               std::to_string(p.dimension) + " dimensions; expected 1…" +
               std::to_string(p.dimension);
    if (p.optimizer == Kind::MetaLr && !(p.nuMin < p.nuMax))
        return std::string("parameter 'nu-min': must be below nu-max");
    if (p.optimizer == Kind::Egdd) {
        if (p.initialGain < p.gainMin || p.initialGain > p.gainMax)
            return "parameter 'initial-gain': " + formatReal(p.initialGain) +
                   " is outside the gain clip; expected " + formatReal(p.gainMin) + "…" +
                   formatReal(p.gainMax);
        if (p.initialScale < p.scaleMin || p.initialScale > p.scaleMax)
            return "parameter 'initial-scale': " + formatReal(p.initialScale) +
                   " is outside the scale clip; expected " + formatReal(p.scaleMin) + "…" +
                   formatReal(p.scaleMax);
    }
    if (p.task == TaskKind::Digits) {
        std::error_code error;
        if (p.data.empty() && tasks::shippedDigitsPath().empty()) {
            std::string places;
            for (const std::string &place : tasks::shippedDigitsPlaces())
                places += (places.empty() ? "" : ", ") + place;
            return "parameter 'data': the shipped digits file is not installed (looked in " +
                   places + "); give a file";
        }
        if (!p.data.empty() && !std::filesystem::is_regular_file(p.data, error))
            return "parameter 'data': " + quoted(p.data) + " is not a readable file";
    }
    // Every logged value is kept (only the display decimates), so a long run with a short
    // interval is refused before it fills the memory.
    const double points = std::floor(double(p.steps) / double(logInterval(p))) + 2;
    const double perSeed = points * (24.0 * 8 + p.fanSize * 4.0);
    if (2 * perSeed * p.seeds > kLogBudgetBytes)
        return "parameter 'log-every': " + std::to_string(p.logEvery) + " logs " +
               formatReal(points) + " points per seed for " + std::to_string(p.seeds) +
               " seeds, more than 1 GiB of curves; log less often or use fewer seeds";
    return std::nullopt;
}

} // namespace

const ParamTable<TrainingParams> &paramTable() {
    using P = TrainingParams;
    static const auto table =
        ParamTable<P>()
            .choice("task", "Task",
                    "What to train: quadratic (a = 1, 10, 100), quadratic-2d (optimum outside the "
                    "positive orthant), nnls, sparse-regression, occam (1-D fits, §1.8), moons, "
                    "spirals, digits (UCI 8×8) or shift (the target changes mid-run).",
                    &P::task)
            .choice("optimizer", "Optimizer",
                    "sgd, momentum, adam, egu (θ > 0), eg-pm (EG±), reparam-gd (exact GD on "
                    "log θ), meta-lr (Su's per-coordinate gains) or egdd (lingvo's EGDD).",
                    &P::optimizer)
            .real("lr", "Learning rate η", "Step size of every optimizer.", &P::lr, 1e-9, 1e4)
            .logScale()
            .integer("steps", "Steps", "Optimizer steps of each seed replicate.", &P::steps, 1,
                     1000000)
            .logScale()
            .integer("seeds", "Seeds R",
                     "Independent replicates (data, initialisation and batches from stream r of "
                     "the seed), trained in parallel.",
                     &P::seeds, 1, 64)
            .integer("log-every", "Log every",
                     "Steps between logged points; 0 for about 500 points. Step 0 and the last "
                     "step are always logged, and every logged point is kept.",
                     &P::logEvery, 0, 1000000)
            .advanced()
            .integer("fan-size", "Fan coordinates",
                     "Parameters whose effective step is traced (a seeded sample, the same for "
                     "every seed).",
                     &P::fanSize, 0, 256)
            .advanced()
            .integer(
                "width", "Hidden width",
                "Units per hidden layer of the nets (two hidden layers); 0 for the task's own: "
                "occam 64, moons and spirals 32, digits 64, shift 32.",
                &P::width, 0, 1024)
            .onlyWhen("task", {"occam", "moons", "spirals", "digits", "shift"})
            .choice("activation", "Activation", "Activation of the nets' hidden layers.",
                    &P::activation)
            .onlyWhen("task", {"occam", "moons", "spirals", "digits", "shift"})
            .integer("batch-size", "Batch size",
                     "Samples per step for moons, spirals, digits and shift, drawn epoch by epoch; "
                     "0 (or at least the training set) for full batch.",
                     &P::batchSize, 0, 1000000)
            .onlyWhen("task", {"moons", "spirals", "digits", "shift"})
            .integer("points", "Training points",
                     "0 for the task's own: occam 12, moons and spirals 256, shift 128, "
                     "sparse-regression 40, nnls 30 rows.",
                     &P::points, 0, 1000000)
            .onlyWhen("task", {"occam", "moons", "spirals", "shift", "sparse-regression", "nnls"})
            .integer("dimension", "Dimension d", "Features of sparse-regression.", &P::dimension, 1,
                     10000)
            .onlyWhen("task", {"sparse-regression"})
            .integer("relevant", "Relevant features k",
                     "Non-zeros of sparse-regression's w* (values 1, −1, 0.5, cycling).",
                     &P::relevant, 1, 10000)
            .onlyWhen("task", {"sparse-regression"})
            .integer("classes", "Spiral arms", "Classes of the spirals task.", &P::classes, 2, 10)
            .onlyWhen("task", {"spirals"})
            .integer("shift-step", "Shift step",
                     "shift: the first step trained on the new target −sin 2x + 0.5.",
                     &P::shiftStep, 1, 1000000)
            .onlyWhen("task", {"shift"})
            .real("test-fraction", "Test share", "digits: share of the images held out (seeded).",
                  &P::testFraction, 0.05, 0.95)
            .advanced()
            .onlyWhen("task", {"digits"})
            .path("data", "Digits file",
                  "digits: a CSV or CSV.gz of 64 pixels (0…16) and the digit per line; empty for "
                  "the shipped UCI copy.",
                  &P::data)
            .advanced()
            .onlyWhen("task", {"digits"})
            .real("momentum", "Momentum μ", "momentum and egdd: decay of the momentum buffer.",
                  &P::momentum, 0.0, 0.999)
            .onlyWhen("optimizer", {"momentum", "egdd"})
            .real("beta1", "Adam β₁", "adam: decay of the first moment.", &P::beta1, 0.0, 0.999)
            .advanced()
            .onlyWhen("optimizer", {"adam"})
            .real("beta2", "Adam β₂", "adam: decay of the second moment.", &P::beta2, 0.0, 0.99999)
            .advanced()
            .onlyWhen("optimizer", {"adam"})
            .real("epsilon", "Adam ε", "adam: added to √v̂.", &P::epsilon, 1e-12, 1.0)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"adam"})
            .real("init-scale", "EG± init scale",
                  "eg-pm (unnormalised): θ⁺ and θ⁻ start at this plus the positive and negative "
                  "parts of θ₀; smaller starts give sparser solutions.",
                  &P::initScale, 1e-12, 10.0)
            .logScale()
            .onlyWhen("optimizer", {"eg-pm"})
            .real("total-weight", "EG± total weight U",
                  "eg-pm: 0 for the unnormalised EG±; U > 0 rescales θ⁺ + θ⁻ to sum to U over "
                  "each tensor or neuron after every step, with exponent η·U·g.",
                  &P::totalWeight, 0.0, 1e6)
            .onlyWhen("optimizer", {"eg-pm"})
            .choice("eg-normalise", "EG± normalised over",
                    "eg-pm with a total weight: rescale per tensor or per neuron (a weight's row "
                    "and its bias).",
                    &P::normalisation)
            .advanced()
            .onlyWhen("optimizer", {"eg-pm"})
            .real("exponent-clamp", "Exponent clamp",
                  "egu, eg-pm, reparam-gd: each step's exponent is clamped to ± this.",
                  &P::exponentClamp, 1.0, 80.0)
            .advanced()
            .onlyWhen("optimizer", {"egu", "eg-pm", "reparam-gd"})
            .choice("meta-variant", "Meta-lr variant",
                    "meta-lr: raw (exp(γ g_{t−1} g_t), as in the post) or sign (exp(γ sign(…))).",
                    &P::metaVariant)
            .onlyWhen("optimizer", {"meta-lr"})
            .real("gamma", "Meta-lr γ", "meta-lr: learning rate of the per-coordinate gains ν.",
                  &P::gamma, 0.0, 10.0)
            .onlyWhen("optimizer", {"meta-lr"})
            .real("nu-min", "Meta-lr ν min", "meta-lr: lower clip of the gains.", &P::nuMin, 1e-12,
                  1.0)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"meta-lr"})
            .real("nu-max", "Meta-lr ν max", "meta-lr: upper clip of the gains.", &P::nuMax, 1.0,
                  1e12)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"meta-lr"})
            .real("egdd-beta", "EGDD β", "egdd: decay of the gradient average ḡ.", &P::egddBeta,
                  0.0, 0.999)
            .advanced()
            .onlyWhen("optimizer", {"egdd"})
            .real("gain-lr", "EGDD γ_p", "egdd: learning rate of the per-coordinate gains p.",
                  &P::gainLr, 0.0, 1.0)
            .onlyWhen("optimizer", {"egdd"})
            .real("scale-lr", "EGDD γ_s", "egdd: learning rate of the scale s of each tensor.",
                  &P::scaleLr, 0.0, 1.0)
            .onlyWhen("optimizer", {"egdd"})
            .real("initial-gain", "EGDD p₀", "egdd: the gains' start.", &P::initialGain, 1e-6, 1e6)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"egdd"})
            .real("gain-min", "EGDD p min", "egdd: lower clip of the gains.", &P::gainMin, 1e-6,
                  1.0)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"egdd"})
            .real("gain-max", "EGDD p max", "egdd: upper clip of the gains.", &P::gainMax, 1.0, 1e6)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"egdd"})
            .real("initial-scale", "EGDD s₀", "egdd: the scale's start.", &P::initialScale, 1e-6,
                  1e6)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"egdd"})
            .real("scale-min", "EGDD s min", "egdd: lower clip of the scale.", &P::scaleMin, 1e-6,
                  1.0)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"egdd"})
            .real("scale-max", "EGDD s max", "egdd: upper clip of the scale.", &P::scaleMax, 1.0,
                  1e6)
            .logScale()
            .advanced()
            .onlyWhen("optimizer", {"egdd"})
            .flag("use-signs", "EGDD signs",
                  "egdd: update the gains from sign(g)·sign(ḡ) instead of g·ĝ.", &P::useSigns)
            .onlyWhen("optimizer", {"egdd"})
            .flag("use-directions", "EGDD directions",
                  "egdd: update the scale from the cosine of g and m instead of ⟨g, m⟩.",
                  &P::useDirections)
            .onlyWhen("optimizer", {"egdd"})
            .threads(&P::threads)
            .seed(&P::seed, "Random seed: replicate r draws its data, initialisation and batches "
                            "from stream r of it.");
    return table;
}

tasks::TaskSettings taskSettings(const TrainingParams &p) {
    tasks::TaskSettings s;
    s.kind = p.task;
    s.width = p.width;
    s.activation = p.activation;
    s.batchSize = p.batchSize;
    s.points = p.points;
    s.dimension = p.dimension;
    s.relevant = p.relevant;
    s.classes = p.classes;
    s.shiftStep = p.shiftStep;
    s.testFraction = p.testFraction;
    s.dataPath = p.data;
    s.referenceLr = p.lr;
    s.referenceSteps = p.steps;
    return s;
}

optim::OptimizerSettings optimizerSettings(const TrainingParams &p) {
    optim::OptimizerSettings s;
    s.kind = p.optimizer;
    s.lr = p.lr;
    s.momentum = p.momentum;
    s.beta1 = p.beta1;
    s.beta2 = p.beta2;
    s.epsilon = p.epsilon;
    s.exponentClamp = p.exponentClamp;
    s.initScale = p.initScale;
    s.totalWeight = p.totalWeight;
    s.normalisation = p.normalisation;
    s.metaVariant = p.metaVariant;
    s.gamma = p.gamma;
    s.nuMin = p.nuMin;
    s.nuMax = p.nuMax;
    s.egddBeta = p.egddBeta;
    s.gainLr = p.gainLr;
    s.scaleLr = p.scaleLr;
    s.initialGain = p.initialGain;
    s.gainMin = p.gainMin;
    s.gainMax = p.gainMax;
    s.initialScale = p.initialScale;
    s.scaleMin = p.scaleMin;
    s.scaleMax = p.scaleMax;
    s.useSigns = p.useSigns;
    s.useDirections = p.useDirections;
    return s;
}

std::int64_t logInterval(const TrainingParams &p) {
    if (p.logEvery > 0)
        return p.logEvery;
    constexpr std::int64_t kAutoPoints = 500;
    return std::max<std::int64_t>(1, (p.steps + kAutoPoints - 1) / kAutoPoints);
}

std::vector<double> Series::mean() const {
    std::vector<double> m;
    if (perSeed.empty())
        return m;
    m.assign(perSeed.front().size(), 0.0);
    for (const auto &seed : perSeed)
        for (std::size_t i = 0; i < m.size() && i < seed.size(); ++i)
            m[i] += seed[i];
    for (double &v : m)
        v /= double(perSeed.size());
    return m;
}

const Series *TrainingCurves::find(const std::string &key, const std::string &group) const {
    for (const Series &s : series)
        if (s.key == key && s.group == group)
            return &s;
    return nullptr;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const TrainingSnapshot &s) {
    return countedProgress(s.stepsDone, s.stepsTotal, "steps");
}

} // namespace

const TrainingExplorer &explorer() {
    static const TrainingExplorer definition{
        "training",
        "Training lab: optimizers and curves",
        "Train small models with SGD, momentum, Adam, exponentiated gradient (EGU, EG±), Su's "
        "meta-learned learning rates or EGDD, over seed replicates, and watch the curves and each "
        "optimizer's state.",
        &paramTable,
        &checkTraining,
        &computeTraining,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::training
