// SPDX-License-Identifier: MIT
#include "multitask/multitask.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/parallel.h"
#include "multitask/two_head_net.h"
#include "numerics/constants.h"

namespace dimscope::multitask {

namespace {

std::optional<std::vector<Method>> parseMethods(const std::string &text) {
    std::vector<Method> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        const auto m = enumFrom<Method>(item);
        if (!m || std::find(out.begin(), out.end(), *m) != out.end())
            return std::nullopt;
        out.push_back(*m);
    }
    if (out.empty())
        return std::nullopt;
    return out;
}

std::string printMethods(const std::vector<Method> &methods) {
    std::string out;
    for (Method m : methods)
        out += (out.empty() ? "" : ",") + nameOf(m);
    return out;
}

/// One replicate of one method: Adam on Σ wᵢ∇Lᵢ, logging both losses and both weights.
struct Replicate {
    std::vector<double> loss1, loss2, weight1, weight2;
    int divergedAt = -1;
    bool cancelled = false;
};

Replicate train(const MultitaskParams &p, Method method, int replicate, const TwoHeadData &data,
                const std::function<bool()> &stop) {
    const TwoHeadNet net(p.width);
    Eigen::VectorXd theta = net.initialParameters(streamSeed(p.seed, std::uint64_t(replicate)));
    Eigen::VectorXd m = Eigen::VectorXd::Zero(net.size()), v = m;
    constexpr double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    pareto::MethodSettings settings;
    pareto::MethodState state;
    state.beta = Eigen::VectorXd::Zero(2);
    const std::int64_t every = logInterval(p);
    Replicate r;
    for (std::int64_t t = 0; t <= p.steps; ++t) {
        if (stop && stop()) {
            r.cancelled = true;
            return r;
        }
        const TwoHeadNet::Evaluation e = net.evaluate(theta, data);
        if (t == 0)
            state.initialLoss = e.loss;
        const Eigen::MatrixXd gram = e.gradient.transpose() * e.gradient;
        const Eigen::VectorXd w = pareto::taskWeights(method, e.loss, gram, settings, state);
        if (t % every == 0 || t == p.steps) {
            r.loss1.push_back(e.loss(0));
            r.loss2.push_back(e.loss(1));
            r.weight1.push_back(w(0));
            r.weight2.push_back(w(1));
            if (!e.loss.allFinite()) {
                r.divergedAt = int(t);
                return r;
            }
        }
        if (t == p.steps)
            break;
        const Eigen::VectorXd g = e.gradient * w;
        m = beta1 * m + (1 - beta1) * g;
        v = beta2 * v + (1 - beta2) * g.cwiseAbs2();
        const double c1 = 1 - std::pow(beta1, double(t + 1)),
                     c2 = 1 - std::pow(beta2, double(t + 1));
        theta.array() -= p.lr * (m.array() / c1) / ((v.array() / c2).sqrt() + epsilon);
    }
    return r;
}

/// Pads a diverged replicate's series with NaN to the common length.
void pad(std::vector<double> &series, std::size_t length) { series.resize(length, kNaN); }

nlohmann::json numberOrNull(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json ensembleJson(const std::vector<std::vector<double>> &perSeed) {
    nlohmann::json seeds = nlohmann::json::array(), mean = nlohmann::json::array();
    const std::size_t points = perSeed.empty() ? 0 : perSeed.front().size();
    for (const auto &s : perSeed) {
        nlohmann::json row = nlohmann::json::array();
        for (double v : s)
            row.push_back(numberOrNull(v));
        seeds.push_back(row);
    }
    for (std::size_t i = 0; i < points; ++i) {
        double sum = 0;
        int count = 0;
        for (const auto &s : perSeed)
            if (std::isfinite(s[i])) {
                sum += s[i];
                ++count;
            }
        mean.push_back(count ? nlohmann::json(sum / count) : nlohmann::json(nullptr));
    }
    return {{"mean", mean}, {"per_seed", seeds}};
}

} // namespace

const ParamTable<MultitaskParams> &paramTable() {
    static const auto table =
        ParamTable<MultitaskParams>()
            .list<std::vector<Method>>(
                "methods", "Methods",
                "Weighting methods to compare, comma-separated: equal, init-loss, realtime, "
                "genmean, normalized, mgda, averaging, softmax, main-aux.",
                &MultitaskParams::methods, parseMethods, printMethods,
                "method names separated by commas, each once")
            .integer("steps", "Steps", "Full-batch Adam steps.", &MultitaskParams::steps, 1, 100000)
            .logScale()
            .real("lr", "Learning rate", "Adam's step size.", &MultitaskParams::lr, 1e-6, 1.0)
            .logScale()
            .integer("width", "Trunk width", "Units of each of the two shared tanh layers.",
                     &MultitaskParams::width, 2, 256)
            .advanced()
            .integer("points", "Points", "Training points evenly spaced on [-π, π].",
                     &MultitaskParams::points, 8, 4096)
            .advanced()
            .real("scale2", "Scale of task 2", "y2 = scale·cos 2x (y1 = sin x).",
                  &MultitaskParams::scale2, 0.01, 10000.0)
            .logScale()
            .integer("seeds", "Seeds",
                     "Replicates per method (the same initialisations for every "
                     "method).",
                     &MultitaskParams::seeds, 1, 32)
            .integer("log-every", "Log every",
                     "Steps between logged points; 0 for about 100 points.",
                     &MultitaskParams::logEvery, 0, 100000)
            .advanced()
            .threads(&MultitaskParams::threads)
            .seed(&MultitaskParams::seed);
    return table;
}

std::int64_t logInterval(const MultitaskParams &p) {
    return p.logEvery > 0 ? p.logEvery : std::max<std::int64_t>(1, (p.steps + 99) / 100);
}

MultitaskResult computeMultitask(const MultitaskParams &params,
                                 const RunControl<MultitaskSnapshot> &control) {
    const Stopwatch watch;
    MultitaskResult result;
    result.params = params;
    if (rejectInvalid(explorer(), params, result))
        return result;
    try {
        const TwoHeadData data = makeData(params.points, params.scale2);
        const std::int64_t every = logInterval(params);
        for (std::int64_t t = 0; t < params.steps; t += every)
            result.steps.push_back(t);
        result.steps.push_back(params.steps);
        const std::size_t methods = params.methods.size(), seeds = std::size_t(params.seeds);
        std::vector<Replicate> runs(methods * seeds);
        const std::function<bool()> stop = [&control] { return control.stopRequested(); };
        forEachChunk(
            std::int64_t(runs.size()), params.threads,
            [&](std::int64_t i) {
                runs[std::size_t(i)] = train(params, params.methods[std::size_t(i) / seeds],
                                             int(std::size_t(i) % seeds), data, stop);
            },
            stop);
        const bool cancelled =
            control.stopRequested() ||
            std::any_of(runs.begin(), runs.end(), [](const Replicate &r) { return r.cancelled; });
        if (cancelled) {
            result.termination = Termination::Cancelled;
            result.message = "cancelled during training";
            return result;
        }
        for (std::size_t m = 0; m < methods; ++m) {
            MethodCurves c;
            c.method = params.methods[m];
            for (std::size_t s = 0; s < seeds; ++s) {
                Replicate &r = runs[m * seeds + s];
                for (auto *series : {&r.loss1, &r.loss2, &r.weight1, &r.weight2})
                    pad(*series, result.steps.size());
                c.loss1.push_back(r.loss1);
                c.loss2.push_back(r.loss2);
                c.weight1.push_back(r.weight1);
                c.weight2.push_back(r.weight2);
                c.divergedAt.push_back(r.divergedAt);
            }
            result.methods.push_back(std::move(c));
        }
        if (control.wantsProgress())
            control.onProgress({std::int64_t(runs.size()), std::int64_t(runs.size())});
    } catch (const std::bad_alloc &) {
        result.termination = Termination::Failed;
        result.message = "out of memory; use fewer points or a narrower trunk";
    }
    result.elapsedSeconds = watch.seconds();
    return result;
}

nlohmann::json toJson(const MultitaskResult &r) {
    nlohmann::json j;
    j["steps"] = r.steps;
    j["methods"] = nlohmann::json::object();
    for (const MethodCurves &c : r.methods)
        j["methods"][nameOf(c.method)] = {{"loss1", ensembleJson(c.loss1)},
                                          {"loss2", ensembleJson(c.loss2)},
                                          {"weight1", ensembleJson(c.weight1)},
                                          {"weight2", ensembleJson(c.weight2)},
                                          {"diverged_at_step", c.divergedAt}};
    return j;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const MultitaskSnapshot &s) {
    return countedProgress(s.runsDone, s.runsTotal, "runs");
}

} // namespace

const MultitaskExplorer &explorer() {
    static const MultitaskExplorer definition{
        "multitask",
        "Multi-task training curves",
        "A shared trunk with two heads, y1 = sin x and y2 = 100 cos 2x: each task's loss under "
        "each weighting method over seeds, and the weights MGDA chooses (posts 8870, 8896).",
        &paramTable,
        nullptr,
        &computeMultitask,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::multitask
