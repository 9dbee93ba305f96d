// SPDX-License-Identifier: MIT
#include "lora/lora.h"

#include <algorithm>
#include <cmath>
#include <new>

#include <nlohmann/json.hpp>

#include "common/parallel.h"

namespace dimscope::lora {

namespace {

/// Streams of one seed: the task, the factors' init, the projection's draws, the forgetting toy.
enum Stream : std::uint64_t { TaskStream, InitStream, DrawStream, SecondTaskStream };

/// The additive variant's best loss is a least-squares solve over r(n+m) parameters: offered up
/// to this many (a 1024² solve takes a fraction of a second).
constexpr int kAdditiveTheoryParameters = 1024;

std::optional<std::string> checkLora(const LoraParams &p) {
    if (p.rank > p.size)
        return "parameter 'rank': " + std::to_string(p.rank) + " exceeds the size " +
               std::to_string(p.size) + "; expected a rank of at most n";
    if (p.targetRank > p.size)
        return "parameter 'target-rank': " + std::to_string(p.targetRank) + " exceeds the size " +
               std::to_string(p.size) + "; expected at most n";
    if (p.method == Method::Additive && p.size % p.rank != 0)
        return "parameter 'rank': the additive variant tiles n = " + std::to_string(p.size) +
               " into r blocks, so r must divide n; " + std::to_string(p.rank) + " does not";
    return std::nullopt;
}

RunSettings settingsFor(const LoraParams &p, Method method, bool spectrum) {
    RunSettings s;
    s.method = method;
    s.rank = p.rank;
    s.lr = p.lr;
    s.steps = p.steps;
    s.logEvery = logInterval(p);
    s.projectionScale = p.projectionScale;
    s.spectrum = spectrum;
    s.initSeed = streamSeed(p.seed, InitStream);
    s.drawSeed = streamSeed(p.seed, DrawStream);
    return s;
}

/// The methods the comparison runs beside the chosen one; the additive variant only where its
/// tiling exists.
std::vector<Method> comparedMethods(const LoraParams &p) {
    std::vector<Method> out;
    for (Method m :
         {Method::Full, Method::Lora, Method::LoraSymmetric, Method::Projection, Method::Additive})
        if (m != p.method && (m != Method::Additive || p.size % p.rank == 0))
            out.push_back(m);
    return out;
}

nlohmann::json numberOrNull(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}
nlohmann::json numbers(const std::vector<double> &v) {
    nlohmann::json out = nlohmann::json::array();
    for (double x : v)
        out.push_back(numberOrNull(x));
    return out;
}

} // namespace

const ParamTable<LoraParams> &paramTable() {
    static const auto table =
        ParamTable<LoraParams>()
            .choice("method", "Method",
                    "full: plain gradient descent on W. lora: W = W0 + AB with B0 = 0 "
                    "(gradients by the efficient form (2)). lora-symmetric: W = W0 - A0B0 + AB, "
                    "both factors random. projection: fresh random u, v every step, "
                    "W -= lr'(Gv'v + uu'G). additive: W = W0 + A1' + 1B (rank <= 2r).",
                    &LoraParams::method)
            .integer("rank", "Rank r", "Rank of the factors A (n x r) and B (r x m).",
                     &LoraParams::rank, 1, 16)
            .integer("target-rank", "Target rank k", "Rank of the update Delta* to be learned.",
                     &LoraParams::targetRank, 1, 128)
            .real("target-scale", "Target scale", "Frobenius norm of Delta*.",
                  &LoraParams::targetScale, 0.01, 100.0)
            .logScale()
            .real("lr", "Learning rate",
                  "Step size of every method (the projection rescales "
                  "it as 'projection-scale' says).",
                  &LoraParams::lr, 1e-6, 10.0)
            .logScale()
            .integer("steps", "Steps", "Full-batch gradient steps.", &LoraParams::steps, 1, 100000)
            .logScale()
            .integer("size", "Size n = m", "Rows and columns of W.", &LoraParams::size, 4, 128)
            .advanced()
            .integer("batch", "Batch rows", "Rows of the one fixed batch X ~ N(0, 1).",
                     &LoraParams::batch, 8, 4096)
            .advanced()
            .choice("projection-scale", "Projection step",
                    "The random projection's step: n-plus-m uses lr/(r(n+m)) (stable), half "
                    "uses lr/(2r) (matches SGD in expectation), none uses lr (diverges).",
                    &LoraParams::projectionScale)
            .flag("compare", "Compare methods",
                  "Also run every other method with the same settings (their losses).",
                  &LoraParams::compare)
            .integer("log-every", "Log every",
                     "Steps between logged points; 0 for about 200 points.", &LoraParams::logEvery,
                     0, 100000)
            .advanced()
            .flag("forgetting", "Forgetting toy",
                  "Fit task 1 by full GD, then train on task 2 with full, projection and LoRA, "
                  "and measure how much task 1's loss rises (Su's open question).",
                  &LoraParams::forgetting)
            .seed(&LoraParams::seed);
    return table;
}

std::int64_t logInterval(const LoraParams &p) {
    if (p.logEvery > 0)
        return p.logEvery;
    return std::max<std::int64_t>(1, (p.steps + 199) / 200);
}

namespace {

std::vector<ForgettingRow> forgettingToy(const LoraParams &p, const Regression &task1,
                                         const std::function<bool()> &stop, bool &cancelled) {
    const int n = p.size;
    // Task 1 fitted by full GD: the "pretrained" weights W₁ = W₀ + Δ₁.
    const MethodRun first = runMethod(task1, settingsFor(p, Method::Full, false), stop);
    if (first.cancelled) {
        cancelled = true;
        return {};
    }
    // Task 2: its own batch and target, the same W₀; its problem is posed around W₁.
    Regression task2 = makeRegression(n, n, p.batch, p.targetRank, p.targetScale,
                                      streamSeed(p.seed, SecondTaskStream));
    const Matrix trueW2 = task1.w0 + task2.target;
    task2.w0 = task1.w0 + first.delta;
    task2.target = trueW2 - task2.w0;
    task2.y = task2.x * trueW2;
    task2.xTarget = task2.x * task2.target;
    std::vector<ForgettingRow> rows;
    for (Method m : {Method::Full, Method::Projection, Method::Lora}) {
        const MethodRun second = runMethod(task2, settingsFor(p, m, false), stop);
        if (second.cancelled) {
            cancelled = true;
            return {};
        }
        ForgettingRow row;
        row.method = m;
        row.task1Before = lossOfDelta(task1, first.delta);
        row.task1After = lossOfDelta(task1, first.delta + second.delta);
        row.task2After = second.loss.back();
        rows.push_back(row);
    }
    return rows;
}

} // namespace

LoraResult computeLora(const LoraParams &params, const RunControl<LoraSnapshot> &control) {
    const Stopwatch watch;
    LoraResult result;
    result.params = params;
    if (rejectInvalid(explorer(), params, result))
        return result;
    const std::function<bool()> stop = [&control] { return control.stopRequested(); };
    const auto cancel = [&](const char *where) {
        result.termination = Termination::Cancelled;
        result.message = std::string("cancelled during ") + where;
        result.elapsedSeconds = watch.seconds();
        return result;
    };
    try {
        const Regression task =
            makeRegression(params.size, params.size, params.batch, params.targetRank,
                           params.targetScale, streamSeed(params.seed, TaskStream));
        const std::vector<Method> others =
            params.compare ? comparedMethods(params) : std::vector<Method>{};
        const std::int64_t runs = 1 + std::int64_t(others.size()) + (params.forgetting ? 4 : 0);
        LoraSnapshot snapshot;
        snapshot.stepsTotal = runs * params.steps;
        ProgressClock clock(control.progressIntervalSeconds);
        std::int64_t before = 0;
        const auto onStep = [&](std::int64_t step) {
            if (control.wantsProgress() && clock.due()) {
                snapshot.stepsDone = before + step;
                control.onProgress(snapshot);
            }
        };
        result.run = runMethod(task, settingsFor(params, params.method, true), stop, onStep);
        if (result.run.cancelled)
            return cancel(nameOf(params.method).c_str());
        for (Method m : others) {
            before += params.steps;
            result.comparison.push_back(
                runMethod(task, settingsFor(params, m, false), stop, onStep));
            if (result.comparison.back().cancelled)
                return cancel(nameOf(m).c_str());
        }
        result.targetSingular = singularValues(task.target);
        result.bestRankLoss = bestRankLoss(task, params.rank);
        if (params.size % params.rank == 0 &&
            params.rank * 2 * params.size <= kAdditiveTheoryParameters)
            result.bestAdditiveLoss = bestAdditiveLoss(task, params.rank);
        if (params.forgetting) {
            bool cancelled = false;
            result.forgetting = forgettingToy(params, task, stop, cancelled);
            if (cancelled)
                return cancel("the forgetting toy");
        }
        if (control.wantsProgress()) {
            snapshot.stepsDone = snapshot.stepsTotal;
            control.onProgress(snapshot);
        }
    } catch (const std::bad_alloc &) {
        result.termination = Termination::Failed;
        result.message = "out of memory; use a smaller size or batch";
    }
    result.elapsedSeconds = watch.seconds();
    return result;
}

nlohmann::json toJson(const LoraResult &r) {
    nlohmann::json j;
    const MethodRun &run = r.run;
    j["method"] = nameOf(run.method);
    j["steps"] = run.steps;
    j["loss"] = numbers(run.loss);
    j["singular_values"] = numbers(run.singularValues);
    j["diverged_at_step"] =
        run.divergedAt >= 0 ? nlohmann::json(run.divergedAt) : nlohmann::json(nullptr);
    j["cosine"] = numbers(run.cosine);
    j["norm_a"] = numbers(run.normA);
    j["norm_b"] = numbers(run.normB);
    j["balance"] = numbers(run.balance);
    j["spectrum"] = nlohmann::json::array();
    for (const auto &s : run.spectrum)
        j["spectrum"].push_back(numbers(s));
    j["target_singular_values"] = numbers(r.targetSingular);
    j["best_rank_loss"] = r.bestRankLoss;
    j["best_additive_loss"] =
        r.bestAdditiveLoss ? nlohmann::json(*r.bestAdditiveLoss) : nlohmann::json(nullptr);
    j["comparison"] = nlohmann::json::object();
    for (const MethodRun &other : r.comparison)
        j["comparison"][nameOf(other.method)] = {
            {"steps", other.steps},
            {"loss", numbers(other.loss)},
            {"diverged_at_step",
             other.divergedAt >= 0 ? nlohmann::json(other.divergedAt) : nlohmann::json(nullptr)}};
    j["forgetting"] = nlohmann::json::array();
    for (const ForgettingRow &row : r.forgetting)
        j["forgetting"].push_back({{"method", nameOf(row.method)},
                                   {"task1_before", numberOrNull(row.task1Before)},
                                   {"task1_after", numberOrNull(row.task1After)},
                                   {"task2_after", numberOrNull(row.task2After)}});
    return j;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const LoraSnapshot &s) {
    return countedProgress(s.stepsDone, s.stepsTotal, "steps");
}

} // namespace

const LoraExplorer &explorer() {
    static const LoraExplorer definition{
        "lora",
        "LoRA as a projected optimizer",
        "Post 9590: LoRA replaces the gradient G by GBᵀB + AAᵀG. Compare full GD, LoRA, its "
        "symmetric init, the resampled random projection and the additive variant on a matrix "
        "regression: rank-limited plateaus, spectra and cosines.",
        &paramTable,
        &checkLora,
        &computeLora,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::lora
