// SPDX-License-Identifier: MIT
#pragma once
// Explorer "pareto" (issue 10; posts 8870, 8896, 8907, gradients.md §3): two or three quadratic
// tasks in the plane, their Pareto set, and the paths of nine weighting methods from one start.
// Moving an offset bends the loss-weighted paths and leaves the gradient-based ones still; scaling
// a task changes equal weights and leaves the normalised ones. Deterministic (no seed), and fast
// enough at its defaults to redraw while a slider is dragged. Params → computePareto →
// ParetoResult.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "pareto/pareto_tasks.h"

namespace dimscope::pareto {

struct ParetoParams {
    Method method = Method::Mgda; ///< the method reported (final_point, path, weights)
    // Task 1 (the main task of main-aux): §3.4's defaults. Offsets of 1, an irreducible loss: with
    // 0, 1/L weights blow up as a path nears a task's own minimum (Σ log Lᵢ has no minimum).
    double centre1x = -1, centre1y = 0, curvature1x = 1, curvature1y = 4, scale1 = 1, offset1 = 1;
    // Task 2: ten times the scale of task 1
    double centre2x = 1, centre2y = 0, curvature2x = 4, curvature2y = 1, scale2 = 10, offset2 = 1;
    bool thirdTask = false;
    double centre3x = 0, centre3y = 1.5, curvature3x = 1, curvature3y = 1, scale3 = 1, offset3 = 1;
    double startX = 0, startY = -2; ///< θ₀
    double lr = 0.05;               ///< η, 1e-5…1
    int steps = 500;                ///< 1…100000
    double gamma = 0.5;             ///< the generalised mean's γ, −5…5
    int solverIterations = 100;     ///< Frank–Wolfe, averaging and softmax iterations, 1…100000
    double softmaxLr = 1.0;         ///< the softmax's β step over max ‖gᵢ‖², 1e-4…100
    int arrowStep = 0; ///< the step of the chosen path the arrow panel shows, 0…100000 (clamped)
};

const ParamTable<ParetoParams> &paramTable();
std::vector<Quadratic> tasksOf(const ParetoParams &params);

/// Every task gradient at one point, the min-norm point of their hull and the normalised sum.
struct ArrowPanel {
    int step = 0;
    Point point = Point::Zero();
    std::vector<Point> gradients;
    Eigen::VectorXd minNormWeights; ///< α* (Frank–Wolfe, run to convergence)
    Point minNorm = Point::Zero();  ///< u* = Σ α*ᵢgᵢ
    Point normalizedSum = Point::Zero();
};

struct ParetoSnapshot {
    int methodsDone = 0;
};

struct ParetoResult : RunOutcome {
    ParetoParams params;
    std::vector<Path> paths;                      ///< one per method, in the enum's order
    std::vector<std::vector<Point>> paretoCurves; ///< two tasks: one; three: each pair's edge
    std::vector<Point> paretoInterior; ///< three tasks: minimisers of Σ wᵢLᵢ on a simplex grid
    ArrowPanel arrows;
    std::vector<std::vector<double>> taskLosses; ///< [task][step] along the chosen path
    double elapsedSeconds = 0;

    const Path &chosen() const { return paths[std::size_t(params.method)]; }
};

ParetoResult computePareto(const ParetoParams &params,
                           const RunControl<ParetoSnapshot> &control = {});

/// The `result` object: "method", "final_point", "path", "weights", "paths", … (docs).
nlohmann::json toJson(const ParetoResult &result);

using ParetoExplorer = Explorer<ParetoParams, ParetoSnapshot, ParetoResult>;
const ParetoExplorer &explorer();

} // namespace dimscope::pareto
