// SPDX-License-Identifier: MIT
// gradients.md §2.4 checks 2 and 3 run through the training explorer, as a user would run them:
// EGU on non-negative least squares stays positive and meets the optimality (KKT) conditions of
// the constrained problem; on sparse regression EG± beats GD by far, and the smaller its start,
// the sparser and better its solution. And §2.5's distribution-shift experiment: EGDD's scale
// rises after the shift and its loss recovers faster than fixed-step momentum's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "common/parallel.h"
#include "training/training.h"

namespace {

using namespace dimscope;
using namespace dimscope::training;
using tasks::TaskKind;
using Kind = optim::OptimizerKind;

TrainingResult run(const TrainingParams &p) {
    TrainingResult r = computeTraining(p);
    EXPECT_EQ(r.termination, Termination::Completed) << r.message;
    return r;
}

/// The quadratic L(θ) = ½θᵀHθ − cᵀθ + const of a least-squares task, read off its gradient
/// (affine in θ): c = −∇L(0), column i of H = ∇L(e_i) + c.
struct Quadratic {
    Eigen::MatrixXd h;
    Eigen::VectorXd c;
};

Quadratic quadraticOf(tasks::Task &task) {
    const Eigen::Index n = task.layout().size();
    Eigen::ArrayXf theta = Eigen::ArrayXf::Zero(n), g;
    Quadratic q;
    task.lossAndGradient(theta, 0, g);
    q.c = -g.cast<double>().matrix();
    q.h.resize(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        theta.setZero();
        theta(i) = 1;
        task.lossAndGradient(theta, 0, g);
        q.h.col(i) = g.cast<double>().matrix() + q.c;
    }
    q.h = 0.5 * (q.h + q.h.transpose()).eval();
    return q;
}

/// The minimiser over θ ≥ 0 by projected gradient descent in double, run to convergence: the
/// reference EGU is compared with (§2.4 check 2).
Eigen::VectorXd projectedGradientSolution(const Quadratic &q) {
    const double step = 1.0 / q.h.selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff();
    Eigen::VectorXd theta = Eigen::VectorXd::Ones(q.c.size());
    for (int k = 0; k < 2000000; ++k) {
        const Eigen::VectorXd next = (theta - step * (q.h * theta - q.c)).cwiseMax(0.0);
        const double change = (next - theta).norm();
        theta = next;
        if (change < 1e-15)
            break;
    }
    return theta;
}

TEST(Section2_4, Check2EguOnNnlsStaysPositiveAndMeetsKkt) {
    // A 30 × 20 and b i.i.d. N(0, 1), L = (1/2m)‖Aθ − b‖², θ₀ = 1, η = 0.01, 20000 steps.
    TrainingParams p;
    p.task = TaskKind::Nnls;
    p.optimizer = Kind::Egu;
    p.lr = 0.01;
    p.steps = 20000;
    p.seeds = 3;
    p.logEvery = 1;
    const TrainingResult r = run(p);
    for (int seed = 0; seed < p.seeds; ++seed) {
        // Never exactly 0, at any step.
        for (double zeros : r.curves.find("underflow_count")->perSeed[std::size_t(seed)])
            ASSERT_EQ(zeros, 0.0) << "seed " << seed;
        const std::vector<double> &learned = r.pictures[std::size_t(seed)].weights->learned;
        Eigen::VectorXd theta = Eigen::Map<const Eigen::VectorXd>(learned.data(), 20);
        EXPECT_GT(theta.minCoeff(), 0.0) << "seed " << seed;

        auto task = tasks::makeTask(taskSettings(p), streamSeed(p.seed, std::uint64_t(seed)));
        const Quadratic q = quadraticOf(*task);
        const Eigen::VectorXd reference = projectedGradientSolution(q);
        const auto active = (reference.array() == 0.0).count();
        EXPECT_GE(active, 3) << "seed " << seed << ": the constraint binds somewhere";
        // KKT at EGU's answer: min(θ_i, g_i) = 0 for every i (g_i = 0 where θ_i > 0, g_i ≥ 0
        // where θ_i = 0). The tail is slow, θ_i → 0 only geometrically: §2.4 measured a residual
        // of 1.4e-2 on its draw.
        const Eigen::VectorXd g = q.h * theta - q.c;
        const double kkt = theta.cwiseMin(g).cwiseAbs().maxCoeff();
        EXPECT_LT(kkt, 2e-2) << "seed " << seed;
        std::printf("seed %d: KKT residual %.2g, |theta - projected GD| %.2g, %ld bound\n", seed,
                    kkt, (theta - reference).norm(), long(active));
        // §2.4: ‖Δθ‖ = 4e-3 and losses within 4e-5 on its draw; the slow tail varies by draw.
        EXPECT_LT((theta - reference).norm(), 5e-2) << "seed " << seed;
        const auto loss = [&](const Eigen::VectorXd &t) {
            return 0.5 * t.dot(q.h * t) - q.c.dot(t);
        };
        EXPECT_NEAR(loss(theta), loss(reference), 1e-4) << "seed " << seed;
    }
}

double finalTestError(const TrainingParams &p) {
    const TrainingResult r = run(p);
    return r.curves.find("test_loss")->mean().back();
}

/// Σ |w_i| over the coordinates where w* = 0, averaged over the seeds.
double irrelevantMass(const TrainingParams &p) {
    const TrainingResult r = run(p);
    double mass = 0;
    for (const auto &picture : r.pictures)
        for (std::size_t i = 0; i < picture.weights->truth.size(); ++i)
            if (picture.weights->truth[i] == 0.0)
                mass += std::abs(picture.weights->learned[i]);
    return mass / double(r.pictures.size());
}

TEST(Section2_4, Check3EgPmRecoversSparseWeightsWhereGdCannot) {
    // d = 100, n = 40, w* = (1, −1, 0.5) on three coordinates, noiseless, lr 0.05, 20000 steps;
    // test error = MSE/2 on 1000 fresh points. §2.4 computed (one draw): GD 0.80, EGU± from 0.1
    // 0.68, from 1e-3 1.8e-2, from 1e-6 1.8e-4; normalised with U = ‖w*‖₁ = 2.5 2.2e-5, U = 5 0.19.
    TrainingParams p;
    p.task = TaskKind::SparseRegression;
    p.lr = 0.05;
    p.steps = 20000;
    p.seeds = 4;
    p.optimizer = Kind::Sgd;
    const double gd = finalTestError(p);
    p.optimizer = Kind::EgPm;
    double eg[3];
    double mass[3];
    const double inits[3] = {0.1, 1e-3, 1e-6};
    for (int k = 0; k < 3; ++k) {
        p.initScale = inits[k];
        eg[k] = finalTestError(p);
        mass[k] = irrelevantMass(p);
    }
    p.totalWeight = 2.5;
    const double normalisedRight = finalTestError(p);
    p.totalWeight = 5;
    const double normalisedWide = finalTestError(p);

    EXPECT_GT(gd, 0.4) << "the minimum-norm interpolant spreads w* over all 100 coordinates";
    EXPECT_LT(eg[0], gd);
    EXPECT_LT(eg[1], eg[0]);
    EXPECT_LT(eg[2], eg[1]);
    EXPECT_LT(eg[1], 0.1 * gd) << "EG± ≫ GD when few features matter";
    EXPECT_LT(eg[2], 1e-2 * gd);
    EXPECT_LT(mass[1], mass[0]) << "smaller start, sparser solution";
    EXPECT_LT(mass[2], mass[1]) << "smaller start, sparser solution";
    EXPECT_LT(normalisedRight, 1e-2 * gd) << "U = ‖w*‖₁ fits w* exactly in its ℓ1 ball";
    EXPECT_LT(normalisedRight, normalisedWide);
    std::printf("test error: GD %.3g; EG± from 0.1 %.3g, 1e-3 %.3g, 1e-6 %.3g; normalised U = 2.5 "
                "%.3g, U = 5 %.3g\n",
                gd, eg[0], eg[1], eg[2], normalisedRight, normalisedWide);
}

TEST(Section2_5, EgddRecoversFromAShiftFasterThanMomentumInMostSeeds) {
    // The target swaps from sin 2x to −sin 2x + 0.5 at step 3000 of 6000; η = 0.0005, μ = 0.9 for
    // both. EGDD's gains and scales grow its steps up to 1000-fold during the quiet first half
    // (lingvo's clips), so after the shift a seed now and then blows up instead of recovering: a
    // chaotic outcome that rounding can flip. Hence seed by seed: most seeds must recover, each
    // judged against momentum on the same data.
    TrainingParams p;
    p.task = TaskKind::Shift;
    p.shiftStep = 3000;
    p.steps = 6000;
    p.lr = 0.0005;
    p.seeds = 1;
    p.logEvery = 250;
    p.fanSize = 0;
    int recovered = 0, scaleRose = 0;
    const int seeds = 8;
    for (int seed = 1; seed <= seeds; ++seed) {
        p.seed = std::uint64_t(seed);
        p.optimizer = Kind::Momentum;
        const TrainingResult momentum = run(p);
        p.optimizer = Kind::Egdd;
        const TrainingResult egdd = computeTraining(p);
        if (!egdd.ok())
            continue; // diverged after the shift: not a recovery
        const auto at = [](const TrainingResult &r, std::int64_t step, const Series &s) {
            const auto i = std::find(r.curves.steps.begin(), r.curves.steps.end(), step) -
                           r.curves.steps.begin();
            return s.perSeed[0][std::size_t(i)];
        };
        const Series &m = *momentum.curves.find("train_loss"), &e = *egdd.curves.find("train_loss");
        // Momentum does not recover within 500 steps at this η: the comparison is not empty.
        EXPECT_GT(at(momentum, 3500, m), 0.05) << "seed " << seed;
        if (at(egdd, 3500, e) < 0.01 * at(momentum, 3500, m))
            ++recovered;
        const Series &scale = *egdd.curves.find("W2", "egdd_scale");
        if (at(egdd, 3500, scale) > at(egdd, 3000, scale))
            ++scaleRose;
    }
    EXPECT_GE(recovered, 5) << "of " << seeds << " seeds"; // 7 on the machine that wrote this
    EXPECT_GE(scaleRose, 5) << "of " << seeds << " seeds";
}

} // namespace
