// SPDX-License-Identifier: MIT
// The Pareto lab against gradients.md §3.3 check 5 (invariance to a task's offset and scale) and
// §3.4 (the closed-form Pareto curve, paths that end on it), through the explorer's compute.
#include <cmath>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pareto/min_norm.h"
#include "pareto/pareto.h"

using namespace dimscope;
using namespace dimscope::pareto;

namespace {

ParetoResult run(const ParetoParams &p) {
    const ParetoResult r = computePareto(p);
    EXPECT_EQ(r.termination, Termination::Completed) << r.message;
    return r;
}

Point unit(const Point &u) { return u / u.norm(); }

/// Distance from p to the polyline.
double distanceTo(const std::vector<Point> &curve, const Point &p) {
    double best = 1e300;
    for (std::size_t i = 0; i + 1 < curve.size(); ++i) {
        const Point a = curve[i], d = curve[i + 1] - a;
        const double t =
            d.squaredNorm() > 0 ? std::clamp((p - a).dot(d) / d.squaredNorm(), 0.0, 1.0) : 0.0;
        best = std::min(best, (a + t * d - p).norm());
    }
    return best;
}

std::vector<Method> allMethods() {
    std::vector<Method> out;
    for (std::size_t m = 0; m < namesOf(Method{}).size(); ++m)
        out.push_back(Method(m));
    return out;
}

} // namespace

TEST(Pareto, ParetoCurvePointsAreParetoStationary) {
    const std::vector<Quadratic> tasks = tasksOf(ParetoParams{});
    const std::vector<Point> curve = paretoCurve(tasks[0], tasks[1], 50);
    EXPECT_NEAR((curve.front() - tasks[1].centre).norm(), 0.0, 1e-12); // w = 0: task 2's minimum
    EXPECT_NEAR((curve.back() - tasks[0].centre).norm(), 0.0, 1e-12);
    for (const Point &p : curve) {
        const Point g1 = tasks[0].gradient(p), g2 = tasks[1].gradient(p);
        Eigen::Matrix2d m;
        m << g1.dot(g1), g1.dot(g2), g2.dot(g1), g2.dot(g2);
        const Eigen::VectorXd alpha = frankWolfeMinNorm(m, 5000);
        const double scale = std::max(1.0, std::max(g1.norm(), g2.norm()));
        EXPECT_LT(std::sqrt(std::max(0.0, alpha.dot(m * alpha))), 1e-6 * scale);
    }
}

TEST(Pareto, GradientBasedPathsEndOnTheParetoSet) {
    ParetoParams p;
    for (Method m : {Method::Mgda, Method::Averaging, Method::Softmax, Method::Equal,
                     Method::InitLoss, Method::Realtime, Method::GenMean, Method::MainAux}) {
        p.method = m;
        const ParetoResult r = run(p);
        EXPECT_EQ(r.chosen().divergedAt, -1) << nameOf(m);
        EXPECT_LT(distanceTo(r.paretoCurves[0], r.chosen().points.back()), 5e-3) << nameOf(m);
    }
    // The normalised sum keeps a step of η‖u‖ and rattles around the set, within a few η.
    p.method = Method::Normalized;
    EXPECT_LT(distanceTo(run(p).paretoCurves[0], run(p).chosen().points.back()), 4 * p.lr);
}

TEST(Pareto, AddingAConstantMovesOnlyTheLossWeightedDirections) {
    // Check 5: a constant added to L₁ leaves the gradient-normalised and MGDA directions and
    // changes the 1/sg(L) one.
    std::vector<Quadratic> tasks = tasksOf(ParetoParams{});
    const Point theta(0.3, -1.2);
    std::vector<Quadratic> shifted = tasks;
    shifted[0].offset += 5.0;
    MethodSettings s;
    s.solverIterations = 2000;
    for (Method m : allMethods()) {
        MethodState a = startState(tasks, theta), b = startState(shifted, theta);
        const Point u = unit(direction(m, tasks, theta, s, a).u);
        const Point v = unit(direction(m, shifted, theta, s, b).u);
        const double change = (u - v).norm();
        if (isGradientBased(m) || m == Method::Equal)
            EXPECT_LT(change, 1e-12) << nameOf(m);
        else
            EXPECT_GT(change, 1e-2) << nameOf(m);
    }
}

TEST(Pareto, ScalingATaskMovesOnlyTheUnnormalisedDirections) {
    // Check 5: L₁ × 100 leaves the 1/L, normalised and geometric-mean directions and changes
    // equal weights.
    const std::vector<Quadratic> tasks = tasksOf(ParetoParams{});
    std::vector<Quadratic> scaled = tasks;
    scaled[0].scale *= 100;
    scaled[0].offset *= 100;
    const Point theta(0.3, -1.2);
    MethodSettings s;
    s.gamma = 0.0; // the generalised mean at γ = 0 is the geometric mean
    for (Method m :
         {Method::Realtime, Method::InitLoss, Method::Normalized, Method::GenMean, Method::Equal}) {
        MethodState a = startState(tasks, theta), b = startState(scaled, theta);
        const Point u = unit(direction(m, tasks, theta, s, a).u);
        const Point v = unit(direction(m, scaled, theta, s, b).u);
        if (m == Method::Equal)
            EXPECT_GT((u - v).norm(), 1e-2);
        else
            EXPECT_LT((u - v).norm(), 1e-12) << nameOf(m);
    }
}

TEST(Pareto, MovingAnOffsetBendsOnlyTheLossWeightedPaths) {
    // The lab's lesson, on whole paths.
    ParetoParams p;
    const ParetoResult before = run(p);
    p.offset1 = 20;
    const ParetoResult after = run(p);
    for (std::size_t m = 0; m < before.paths.size(); ++m) {
        const Point a = before.paths[m].points.back(), b = after.paths[m].points.back();
        const Method method = Method(m);
        if (isGradientBased(method) || method == Method::Equal)
            EXPECT_EQ((a - b).norm(), 0.0) << nameOf(method);
        else
            EXPECT_GT((a - b).norm(), 1e-2) << nameOf(method);
    }
}

TEST(Pareto, TwoTaskNormalisedDirectionNeverConflictsInThePlane) {
    // Check 1 through the lab's own direction(): random tasks and points.
    boost::random::mt19937_64 engine(6);
    boost::random::uniform_real_distribution<double> centre(-3, 3), curvature(0.05, 50);
    int violations = 0;
    for (int k = 0; k < 100000; ++k) {
        std::vector<Quadratic> tasks(2);
        for (Quadratic &q : tasks) {
            q.centre = Point(centre(engine), centre(engine));
            q.curvature = Point(curvature(engine), curvature(engine));
        }
        const Point theta(centre(engine), centre(engine));
        MethodState state = startState(tasks, theta);
        const Point u = direction(Method::Normalized, tasks, theta, {}, state).u;
        for (const Quadratic &q : tasks) {
            const Point g = q.gradient(theta);
            violations += g.dot(u) < -1e-12 * g.norm() * u.norm();
        }
    }
    EXPECT_EQ(violations, 0);
}

TEST(Pareto, ArrowPanelShowsTheMinNormPoint) {
    ParetoParams p;
    p.thirdTask = true;
    p.arrowStep = 10;
    const ParetoResult r = run(p);
    const ArrowPanel &a = r.arrows;
    EXPECT_EQ(a.step, 10);
    EXPECT_EQ(a.gradients.size(), 3u);
    EXPECT_NEAR(a.minNormWeights.sum(), 1.0, 1e-12);
    for (const Point &g : a.gradients) // KKT: ⟨gᵢ, u*⟩ ≥ ‖u*‖²
        EXPECT_GE(g.dot(a.minNorm) - a.minNorm.squaredNorm(), -1e-8);
    EXPECT_EQ(r.paretoCurves.size(), 3u);
    EXPECT_FALSE(r.paretoInterior.empty());
    p.arrowStep = 100000; // past the end: the last point
    EXPECT_EQ(run(p).arrows.step, p.steps);
}

TEST(Pareto, JsonHasTheDocumentedKeys) {
    ParetoParams p;
    p.method = Method::Averaging;
    const nlohmann::json j = toJson(run(p));
    EXPECT_EQ(j["method"], "averaging");
    ASSERT_EQ(j["final_point"].size(), 2u);
    EXPECT_EQ(j["path"].size(), std::size_t(p.steps) + 1);
    EXPECT_EQ(j["weights"].size(), 2u);
    EXPECT_NEAR(j["weights"][0].get<double>() + j["weights"][1].get<double>(), 1.0, 1e-12);
    EXPECT_EQ(j["paths"].size(), 9u);
    for (const char *key : {"pareto_set", "arrows", "task_losses", "weight_history"})
        EXPECT_TRUE(j.contains(key)) << key;
}
