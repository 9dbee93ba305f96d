// SPDX-License-Identifier: MIT
// The training tasks: every task's gradient against central finite differences; the full-batch
// loss of a step equals the evaluation's; seeds; the known answers of each task (sparse
// regression's test error at 0 and at w*, the Occam metrics of a constant function and the
// inequality (1.1) between two of them, the quadratic-2d reference paths, the shift's targets);
// mini-batches that cover an epoch exactly once.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "tasks/task.h"

namespace {

using namespace dimscope;
using namespace dimscope::tasks;

TaskSettings settingsFor(TaskKind kind) {
    TaskSettings s;
    s.kind = kind;
    if (kind == TaskKind::Digits || kind == TaskKind::Spirals)
        s.width = 16; // fewer parameters to difference
    return s;
}

/// θ₀, moved off special points (sparse-regression starts at 0, where its gradient is simple).
Eigen::ArrayXf probePoint(const Task &task, std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<float> normal(0.0f, 0.1f);
    Eigen::ArrayXf theta = task.initialParameters();
    for (Eigen::Index i = 0; i < theta.size(); ++i)
        theta(i) += normal(engine);
    return theta;
}

class TaskGradient : public ::testing::TestWithParam<TaskKind> {};

TEST_P(TaskGradient, AgreesWithCentralDifferences) {
    TaskSettings s = settingsFor(GetParam());
    auto task = makeTask(s, 5);
    Eigen::ArrayXf theta = probePoint(*task, 11);
    // The shift is checked after its step too, on the new target.
    const std::vector<std::int64_t> steps = GetParam() == TaskKind::Shift
                                                ? std::vector<std::int64_t>{0, s.shiftStep}
                                                : std::vector<std::int64_t>{0};
    for (std::int64_t step : steps) {
        Eigen::ArrayXf grad;
        const double loss = task->lossAndGradient(theta, step, grad);
        ASSERT_EQ(grad.size(), theta.size());
        EXPECT_NEAR(loss, task->evaluate(theta, step).trainLoss, 1e-6 * (1 + loss));
        // Every coordinate of small models; 80 of the others, the largest gradients among them.
        std::vector<Eigen::Index> coords(static_cast<std::size_t>(theta.size()));
        std::iota(coords.begin(), coords.end(), 0);
        if (coords.size() > 80) {
            std::partial_sort(
                coords.begin(), coords.begin() + 40, coords.end(),
                [&](auto a, auto b) { return std::abs(grad(a)) > std::abs(grad(b)); });
            std::vector<Eigen::Index> pick(coords.begin(), coords.begin() + 40);
            for (std::size_t k = 40; k < coords.size() && pick.size() < 80; k += coords.size() / 40)
                pick.push_back(coords[k]);
            coords = pick;
        }
        const double scale = grad.abs().maxCoeff();
        ASSERT_GT(scale, 0.0);
        Eigen::ArrayXf scratch;
        for (Eigen::Index i : coords) {
            Eigen::ArrayXf plus = theta, minus = theta;
            const float h = 3e-3f * std::max(1.0f, std::abs(theta(i)));
            plus(i) += h;
            minus(i) -= h;
            const double fd = (task->lossAndGradient(plus, step, scratch) -
                               task->lossAndGradient(minus, step, scratch)) /
                              double(plus(i) - minus(i));
            EXPECT_NEAR(grad(i), fd, 1e-3 * scale + 1e-6)
                << nameOf(GetParam()) << " step " << step << ", " << task->layout().label(i);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(EveryTask, TaskGradient,
                         ::testing::Values(TaskKind::Quadratic, TaskKind::Quadratic2d,
                                           TaskKind::Nnls, TaskKind::SparseRegression,
                                           TaskKind::Occam, TaskKind::Moons, TaskKind::Spirals,
                                           TaskKind::Digits, TaskKind::Shift),
                         [](const auto &info) {
                             std::string name = nameOf(info.param);
                             name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                             return name;
                         });

TEST(Tasks, TheSameSeedMakesTheSameTaskAndAnotherSeedAnother) {
    for (TaskKind kind : {TaskKind::Nnls, TaskKind::SparseRegression, TaskKind::Occam,
                          TaskKind::Moons, TaskKind::Spirals, TaskKind::Digits, TaskKind::Shift}) {
        const TaskSettings s = settingsFor(kind);
        auto a = makeTask(s, 3), b = makeTask(s, 3), c = makeTask(s, 4);
        Eigen::ArrayXf ga, gb, gc;
        const Eigen::ArrayXf theta = probePoint(*a, 1);
        EXPECT_EQ(a->lossAndGradient(theta, 0, ga), b->lossAndGradient(theta, 0, gb))
            << nameOf(kind);
        EXPECT_TRUE((ga == gb).all()) << nameOf(kind);
        EXPECT_TRUE((a->initialParameters() == b->initialParameters()).all()) << nameOf(kind);
        EXPECT_NE(a->lossAndGradient(theta, 0, ga), c->lossAndGradient(theta, 0, gc))
            << nameOf(kind);
    }
}

TEST(SparseRegression, TruthTestErrorAndStart) {
    // §2.4 check 3's setting: d = 100, n = 40, w* = (1, −1, 0.5) on three coordinates, w₀ = 0.
    // The test error is MSE/2 on fresh x ~ N(0, I): ½‖w − w*‖² in expectation, so 1.125 at 0
    // (± 0.05 sd for 1000 points) and 0 at w*.
    auto task = makeTask(settingsFor(TaskKind::SparseRegression), 9);
    ASSERT_EQ(task->layout().size(), 100);
    EXPECT_TRUE((task->initialParameters() == 0.0f).all());
    const TaskPicture p = task->picture(task->initialParameters(), 0);
    ASSERT_TRUE(p.weights);
    std::vector<double> nonZero;
    for (double v : p.weights->truth)
        if (v != 0.0)
            nonZero.push_back(v);
    std::sort(nonZero.begin(), nonZero.end());
    EXPECT_EQ(nonZero, (std::vector<double>{-1.0, 0.5, 1.0}));
    EXPECT_NEAR(task->evaluate(task->initialParameters(), 0).testLoss, 1.125, 0.2);
    Eigen::ArrayXf truth(100);
    for (int i = 0; i < 100; ++i)
        truth(i) = float(p.weights->truth[std::size_t(i)]);
    const Evaluation atTruth = task->evaluate(truth, 0);
    EXPECT_LT(atTruth.testLoss, 1e-10);
    EXPECT_LT(atTruth.trainLoss, 1e-10);
}

TEST(Nnls, ShapeAndStart) {
    auto task = makeTask(settingsFor(TaskKind::Nnls), 2);
    EXPECT_EQ(task->layout().size(), 20);
    EXPECT_TRUE((task->initialParameters() == 1.0f).all());
    EXPECT_FALSE(task->hasTestSet());
}

TEST(Occam, TheMetricsOfAConstantFunction) {
    // With the output layer's weights at 0 the net is the constant b3: arc length 2 over [−1, 1],
    // no Dirichlet energy, no input gradient (so the inequality's left side is 0), and a test
    // error of mean ½(b3 − sin 2.5x)² over the grid.
    auto task = makeTask(settingsFor(TaskKind::Occam), 1);
    const ParamLayout &layout = task->layout();
    Eigen::ArrayXf theta = task->initialParameters();
    const TensorBlock &w3 = layout.tensors[4], &b3 = layout.tensors[5];
    ASSERT_EQ(w3.name, "W3");
    theta.segment(w3.offset, w3.size()).setZero();
    theta(b3.offset) = 0.25f;
    const Evaluation e = task->evaluate(theta, 0);
    ASSERT_EQ(task->metricNames(), (std::vector<std::string>{"arc_length", "dirichlet_energy",
                                                             "grad_theta_sq", "inequality_lhs"}));
    EXPECT_NEAR(e.metrics[0], 2.0, 1e-9);
    EXPECT_EQ(e.metrics[1], 0.0);
    EXPECT_EQ(e.metrics[3], 0.0);
    double test = 0;
    for (int i = 0; i < 256; ++i) {
        const double x = -1.0 + 2.0 * i / 255;
        test += 0.5 * std::pow(0.25 - std::sin(2.5 * float(x)), 2);
    }
    EXPECT_NEAR(e.testLoss, test / 256, 1e-6);
    const TaskPicture p = task->picture(theta, 0);
    ASSERT_TRUE(p.curve);
    ASSERT_EQ(p.curve->dataX.size(), 12u);
    EXPECT_FLOAT_EQ(p.curve->dataX.front(), -1.0f);
    EXPECT_FLOAT_EQ(p.curve->dataX.back(), 1.0f);
    EXPECT_NEAR(p.curve->dataX[1] - p.curve->dataX[0], 2.0 / 11, 1e-6);
    for (double f : p.curve->fit)
        EXPECT_FLOAT_EQ(float(f), 0.25f);
}

TEST(Occam, MetricsKeepTheirInequalities) {
    // For the net at its initialisation: arc length ≥ the chord over [−1, 1], ∫f′² ≥ (f(1) −
    // f(−1))²/2 (Cauchy–Schwarz), and (1.1): the left side ≤ ‖∇_θℓ‖², sample by sample, so also
    // on average.
    for (std::uint64_t seed : {1, 2, 3}) {
        auto task = makeTask(settingsFor(TaskKind::Occam), seed);
        const Eigen::ArrayXf theta = task->initialParameters();
        const Evaluation e = task->evaluate(theta, 0);
        const TaskPicture p = task->picture(theta, 0);
        const double rise = p.curve->fit.back() - p.curve->fit.front();
        EXPECT_GE(e.metrics[0], std::sqrt(4.0 + rise * rise) - 1e-9);
        EXPECT_GE(e.metrics[1], rise * rise / 2 - 1e-9);
        EXPECT_GT(e.metrics[3], 0.0);
        EXPECT_LE(e.metrics[3], e.metrics[2]);
    }
}

TEST(Quadratic2d, ReferencePathsOfSection2_5) {
    // A = diag(1, 10), c = (1, −0.5), θ₀ = (1, 1), η = 0.05, 500 steps: GD reaches c, projected
    // GD the constrained optimum (1, 0); EGD and the reparametrised GD approach the axis θ₂ = 0
    // and never cross it.
    auto task = makeTask(settingsFor(TaskKind::Quadratic2d), 1);
    const TaskPicture p = task->picture(task->initialParameters(), 0);
    ASSERT_TRUE(p.contour);
    const ContourPicture &c = *p.contour;
    EXPECT_EQ(c.constrained[0], 1.0);
    EXPECT_EQ(c.constrained[1], 0.0);
    ASSERT_EQ(c.references.size(), 4u);
    for (const auto &path : c.references) {
        ASSERT_EQ(path.x.size(), 501u) << path.name;
        EXPECT_EQ(path.x.front(), 1.0);
        EXPECT_EQ(path.y.front(), 1.0);
        EXPECT_NEAR(path.x.back(), 1.0, 1e-6) << path.name;
        if (path.name == "gd") {
            EXPECT_NEAR(path.y.back(), -0.5, 1e-9);
        } else if (path.name == "projected-gd") {
            EXPECT_EQ(path.y.back(), 0.0);
        } else if (path.name == "egd") {
            // θ₂ ← θ₂ exp(−η·10(θ₂ + 0.5)): at least e^{−0.25} per step near the axis.
            EXPECT_LT(path.y.back(), std::exp(-0.25 * 400)) << path.name;
            EXPECT_GT(*std::min_element(path.y.begin(), path.y.end()), 0.0) << path.name;
        } else {
            // The reparametrised step η θ₂ · θ₂ g₂ ≈ 5η θ₂² near the axis: an algebraic approach,
            // θ₂(t) ≈ 1/(5η t) = 0.008 at t = 500, far slower than EGD's.
            EXPECT_NEAR(path.y.back(), 1.0 / (5 * 0.05 * 500), 0.15 * 0.008) << path.name;
            EXPECT_TRUE(std::is_sorted(path.y.rbegin(), path.y.rend())) << path.name;
            EXPECT_GT(path.y.back(), 0.0) << path.name;
        }
    }
    // Contours: the grid holds the loss ½(θ−c)ᵀA(θ−c).
    const std::size_t i = 17, j = 40;
    const double x = c.x[i], y = c.y[j];
    EXPECT_NEAR(c.loss[j * c.x.size() + i], 0.5 * ((x - 1) * (x - 1) + 10 * (y + 0.5) * (y + 0.5)),
                1e-12);
}

TEST(Shift, TheTargetChangesAtTheShiftStep) {
    TaskSettings s = settingsFor(TaskKind::Shift);
    s.shiftStep = 100;
    auto task = makeTask(s, 1);
    const Eigen::ArrayXf theta = task->initialParameters();
    const TaskPicture before = task->picture(theta, 99), after = task->picture(theta, 100);
    for (std::size_t k = 0; k < before.curve->x.size(); k += 37) {
        const double x = before.curve->x[k];
        EXPECT_NEAR(before.curve->truth[k], std::sin(2 * x), 1e-6);
        EXPECT_NEAR(after.curve->truth[k], -std::sin(2 * x) + 0.5, 1e-6);
    }
    Eigen::ArrayXf g;
    EXPECT_NE(task->lossAndGradient(theta, 99, g), task->lossAndGradient(theta, 100, g));
}

TEST(Classifiers, DataPicturesAndChance) {
    for (TaskKind kind : {TaskKind::Moons, TaskKind::Spirals}) {
        auto task = makeTask(settingsFor(kind), 6);
        EXPECT_TRUE(task->classifies());
        const TaskPicture p = task->picture(task->initialParameters(), 0);
        ASSERT_TRUE(p.surface);
        const int classes = kind == TaskKind::Moons ? 2 : 3;
        EXPECT_EQ(p.surface->classes, classes);
        EXPECT_EQ(p.surface->predicted.size(), 64u * 64u);
        EXPECT_EQ(p.surface->pointsX.size(), 256u);
        for (int c = 0; c < classes; ++c) {
            const auto n = std::count(p.surface->labels.begin(), p.surface->labels.end(), c);
            EXPECT_NEAR(double(n), 256.0 / classes, 1.0);
        }
        for (float v : p.surface->confidence) {
            ASSERT_GE(v, 1.0f / classes - 1e-6f);
            ASSERT_LE(v, 1.0f);
        }
        const Evaluation e = task->evaluate(task->initialParameters(), 0);
        EXPECT_GE(e.accuracy, 0.0);
        EXPECT_LE(e.accuracy, 1.0);
        // An untrained net's cross-entropy is about log C.
        EXPECT_NEAR(e.trainLoss, std::log(double(classes)), 0.5);
    }
}

TEST(Batches, OneEpochOfBatchesCoversTheTrainingSetOnce) {
    // 256 moons in batches of 32: 8 steps an epoch, each sample in exactly one batch, so the
    // mean of the 8 batch gradients (at a fixed θ) is the full-batch gradient.
    TaskSettings s = settingsFor(TaskKind::Moons);
    auto full = makeTask(s, 8);
    s.batchSize = 32;
    auto batched = makeTask(s, 8);
    EXPECT_EQ(batched->stepsPerEpoch(), 8.0);
    const Eigen::ArrayXf theta = full->initialParameters();
    Eigen::ArrayXf g, sum = Eigen::ArrayXf::Zero(theta.size()), fullGrad;
    double loss = 0;
    for (int step = 0; step < 8; ++step) {
        loss += batched->lossAndGradient(theta, step, g);
        sum += g;
    }
    const double fullLoss = full->lossAndGradient(theta, 0, fullGrad);
    EXPECT_NEAR(loss / 8, fullLoss, 1e-6);
    EXPECT_LT(((sum / 8) - fullGrad).abs().maxCoeff(), 1e-6 * (1 + fullGrad.abs().maxCoeff()));
    // The next epoch is another shuffle: its first batch differs from the first epoch's.
    Eigen::ArrayXf first, ninth;
    auto again = makeTask(s, 8);
    again->lossAndGradient(theta, 0, first);
    for (int step = 1; step < 9; ++step)
        again->lossAndGradient(theta, step, ninth);
    EXPECT_FALSE((first == ninth).all());
}

} // namespace
