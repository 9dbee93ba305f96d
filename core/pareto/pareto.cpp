// SPDX-License-Identifier: MIT
#include "pareto/pareto.h"

#include <algorithm>
#include <cmath>
#include <new>

#include <nlohmann/json.hpp>

#include "pareto/min_norm.h"

namespace dimscope::pareto {

namespace {

/// Points of each closed-form Pareto curve; levels of the three-task simplex grid.
constexpr int kCurvePoints = 400;
constexpr int kSimplexLevels = 24;
/// Frank–Wolfe iterations for the arrow panel's u*: to convergence, not the lab's setting.
constexpr int kArrowIterations = 5000;

nlohmann::json pointJson(const Point &p) { return nlohmann::json::array({p.x(), p.y()}); }
nlohmann::json pointsJson(const std::vector<Point> &points) {
    nlohmann::json out = nlohmann::json::array();
    for (const Point &p : points)
        out.push_back(pointJson(p));
    return out;
}
nlohmann::json vectorJson(const Eigen::VectorXd &v) {
    return nlohmann::json(std::vector<double>(v.data(), v.data() + v.size()));
}

ArrowPanel arrowsAt(const std::vector<Quadratic> &tasks, const Path &path, int step) {
    ArrowPanel a;
    a.step = std::clamp(step, 0, int(path.points.size()) - 1);
    a.point = path.points[std::size_t(a.step)];
    const Eigen::Index n = Eigen::Index(tasks.size());
    Eigen::MatrixXd gram(n, n);
    for (const Quadratic &t : tasks)
        a.gradients.push_back(t.gradient(a.point));
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            gram(i, j) = a.gradients[std::size_t(i)].dot(a.gradients[std::size_t(j)]);
    a.minNormWeights = frankWolfeMinNorm(gram, kArrowIterations);
    for (Eigen::Index i = 0; i < n; ++i) {
        const Point &g = a.gradients[std::size_t(i)];
        a.minNorm += a.minNormWeights(i) * g;
        if (g.norm() > 0)
            a.normalizedSum += g / g.norm();
    }
    return a;
}

} // namespace

std::vector<Quadratic> tasksOf(const ParetoParams &p) {
    std::vector<Quadratic> tasks;
    const auto add = [&tasks](double cx, double cy, double ax, double ay, double s, double k) {
        Quadratic q;
        q.centre = Point(cx, cy);
        q.curvature = Point(ax, ay);
        q.scale = s;
        q.offset = k;
        tasks.push_back(q);
    };
    add(p.centre1x, p.centre1y, p.curvature1x, p.curvature1y, p.scale1, p.offset1);
    add(p.centre2x, p.centre2y, p.curvature2x, p.curvature2y, p.scale2, p.offset2);
    if (p.thirdTask)
        add(p.centre3x, p.centre3y, p.curvature3x, p.curvature3y, p.scale3, p.offset3);
    return tasks;
}

namespace {

ParamTable<ParetoParams> buildTable() {
    using P = ParetoParams;
    auto table = ParamTable<P>().choice(
        "method", "Method",
        "The method whose path, final point and weights are reported: equal, init-loss "
        "(1/L(θ0)), realtime (1/sg(L), the geometric mean), genmean (γ), normalized "
        "(1/‖g‖), mgda (Frank–Wolfe), averaging (Su's iteration), softmax, main-aux "
        "(task 1 main).",
        &P::method);
    const auto task = [&table](int i, double P::*cx, double P::*cy, double P::*ax, double P::*ay,
                               double P::*s, double P::*k) {
        const std::string n = std::to_string(i);
        table
            .real("offset" + n, "Offset k" + n, "Constant added to task " + n + "'s loss.", k, 0.0,
                  100.0)
            .real("scale" + n, "Scale s" + n, "Factor multiplying task " + n + "'s quadratic.", s,
                  0.001, 1000.0)
            .logScale()
            .real("centre" + n + "-x", "Centre " + n + " x", "Task " + n + "'s minimiser, x.", cx,
                  -5.0, 5.0)
            .advanced()
            .real("centre" + n + "-y", "Centre " + n + " y", "Task " + n + "'s minimiser, y.", cy,
                  -5.0, 5.0)
            .advanced()
            .real("curvature" + n + "-x", "Curvature " + n + " x",
                  "Task " + n + "'s Hessian along x, before the scale.", ax, 0.01, 100.0)
            .logScale()
            .advanced()
            .real("curvature" + n + "-y", "Curvature " + n + " y",
                  "Task " + n + "'s Hessian along y, before the scale.", ay, 0.01, 100.0)
            .logScale()
            .advanced();
    };
    task(1, &P::centre1x, &P::centre1y, &P::curvature1x, &P::curvature1y, &P::scale1, &P::offset1);
    task(2, &P::centre2x, &P::centre2y, &P::curvature2x, &P::curvature2y, &P::scale2, &P::offset2);
    table.flag("third-task", "Third task", "Add task 3.", &P::thirdTask);
    task(3, &P::centre3x, &P::centre3y, &P::curvature3x, &P::curvature3y, &P::scale3, &P::offset3);
    table.real("start-x", "Start x", "θ0, x.", &P::startX, -5.0, 5.0)
        .real("start-y", "Start y", "θ0, y.", &P::startY, -5.0, 5.0)
        .real("lr", "Learning rate", "η of θ ← θ − ηu.", &P::lr, 1e-5, 1.0)
        .logScale()
        .integer("steps", "Steps", "Steps of every path.", &P::steps, 1, 100000)
        .logScale()
        .real("gamma", "γ (genmean)",
              "The generalised mean's exponent: 1 arithmetic, 0 "
              "geometric, large max, very negative min.",
              &P::gamma, -5.0, 5.0)
        .integer("solver-iterations", "Solver iterations",
                 "Iterations of Frank–Wolfe, the averaging iteration and the softmax descent per "
                 "step.",
                 &P::solverIterations, 1, 100000)
        .logScale()
        .advanced()
        .real("softmax-lr", "Softmax step",
              "The softmax's β step, in units of 1/max‖g_i‖² (so it does not depend on the "
              "tasks' scale).",
              &P::softmaxLr, 1e-4, 100.0)
        .logScale()
        .advanced()
        .integer("arrow-step", "Arrow panel at step",
                 "Step of the chosen path where the arrow panel shows the gradients (past the "
                 "path's end: its last point).",
                 &P::arrowStep, 0, 100000);
    return table;
}

} // namespace

const ParamTable<ParetoParams> &paramTable() {
    static const ParamTable<ParetoParams> table = buildTable();
    return table;
}

ParetoResult computePareto(const ParetoParams &params, const RunControl<ParetoSnapshot> &control) {
    const Stopwatch watch;
    ParetoResult result;
    result.params = params;
    if (rejectInvalid(explorer(), params, result))
        return result;
    try {
        const std::vector<Quadratic> tasks = tasksOf(params);
        MethodSettings settings;
        settings.gamma = params.gamma;
        settings.solverIterations = params.solverIterations;
        settings.softmaxLr = params.softmaxLr;
        const Point start(params.startX, params.startY);
        ParetoSnapshot snapshot;
        for (std::size_t m = 0; m < namesOf(Method{}).size(); ++m) {
            if (control.stopRequested()) {
                result.termination = Termination::Cancelled;
                result.message = "cancelled after " + std::to_string(m) + " of the paths";
                return result;
            }
            result.paths.push_back(
                trajectory(Method(m), tasks, start, params.lr, params.steps, settings));
            snapshot.methodsDone = int(m) + 1;
        }
        if (tasks.size() == 2) {
            result.paretoCurves.push_back(paretoCurve(tasks[0], tasks[1], kCurvePoints));
        } else {
            for (std::size_t i = 0; i < tasks.size(); ++i)
                for (std::size_t j = i + 1; j < tasks.size(); ++j)
                    result.paretoCurves.push_back(paretoCurve(tasks[i], tasks[j], kCurvePoints));
            for (int a = 1; a < kSimplexLevels; ++a)
                for (int b = 1; a + b < kSimplexLevels; ++b) {
                    const Eigen::Vector3d w(a, b, kSimplexLevels - a - b);
                    result.paretoInterior.push_back(
                        weightedMinimiser(tasks, w / double(kSimplexLevels)));
                }
        }
        const Path &chosen = result.chosen();
        result.arrows = arrowsAt(tasks, chosen, params.arrowStep);
        for (const Quadratic &t : tasks) {
            std::vector<double> losses;
            losses.reserve(chosen.points.size());
            for (const Point &p : chosen.points)
                losses.push_back(t.loss(p));
            result.taskLosses.push_back(std::move(losses));
        }
        if (control.wantsProgress())
            control.onProgress(snapshot);
    } catch (const std::bad_alloc &) {
        result.termination = Termination::Failed;
        result.message = "out of memory; use fewer steps";
    }
    result.elapsedSeconds = watch.seconds();
    return result;
}

nlohmann::json toJson(const ParetoResult &r) {
    const auto pathJson = [](const Path &p) {
        nlohmann::json j;
        j["final_point"] = pointJson(p.points.back());
        j["path"] = pointsJson(p.points);
        j["weights"] = p.weights.empty() ? nlohmann::json::array() : vectorJson(p.weights.back());
        j["diverged_at_step"] =
            p.divergedAt >= 0 ? nlohmann::json(p.divergedAt) : nlohmann::json(nullptr);
        return j;
    };
    nlohmann::json j = pathJson(r.chosen());
    j["method"] = nameOf(r.params.method);
    nlohmann::json history = nlohmann::json::array();
    for (const Eigen::VectorXd &w : r.chosen().weights)
        history.push_back(vectorJson(w));
    j["weight_history"] = history;
    j["task_losses"] = r.taskLosses;
    j["paths"] = nlohmann::json::object();
    for (const Path &p : r.paths)
        j["paths"][nameOf(p.method)] = pathJson(p);
    j["pareto_set"] = nlohmann::json::array();
    for (const auto &curve : r.paretoCurves)
        j["pareto_set"].push_back(pointsJson(curve));
    j["pareto_interior"] = pointsJson(r.paretoInterior);
    const ArrowPanel &a = r.arrows;
    j["arrows"] = {{"step", a.step},
                   {"point", pointJson(a.point)},
                   {"gradients", pointsJson(a.gradients)},
                   {"min_norm_weights", vectorJson(a.minNormWeights)},
                   {"min_norm_point", pointJson(a.minNorm)},
                   {"normalized_sum", pointJson(a.normalizedSum)}};
    return j;
}

const ParetoExplorer &explorer() {
    static const ParetoExplorer definition{
        "pareto",
        "Multi-task weighting on a Pareto front",
        "Posts 8870, 8896, 8907: two or three quadratic tasks, their Pareto set, and the paths "
        "of nine ways to weight them. Move an offset: the loss-weighted paths bend, the "
        "gradient-based ones stay.",
        &paramTable,
        nullptr,
        &computePareto,
        &toJson,
    };
    return definition;
}

} // namespace dimscope::pareto
