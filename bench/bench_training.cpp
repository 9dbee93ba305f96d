// SPDX-License-Identifier: MIT
// dimscope-bench training: the speed goals of issue 9, on one thread.
//  1. Adam on a 784-256-256-10 tanh MLP, batch 128, softmax cross-entropy: milliseconds per step
//     (batch gathered from a 10000-image set, forward, backward, Adam). PyTorch 1.13 (Debian), one
//     thread, takes 2.3 ms; the goal is at most half that, 1.15 ms.
//  2. The Occam lab as `dimscope compute training --task occam --optimizer sgd --lr 0.1 --steps
//     20000 --seeds 1 --threads 1` runs it (computeTraining, logging included): the goal is over
//     20000 steps per second, about 1.07 s or less.
// dimscope-bench training [adam|occam] runs one of them.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "bench.h"
#include "common/run_control.h"
#include "nets/float_mlp.h"
#include "optimizers/optimizer.h"
#include "training/training.h"

namespace {

using namespace dimscope;

/// Wall time is noisy on shared cores: the best CPU time (std::clock; one thread) and the median
/// wall time of `reps` runs.
struct Timing {
    double cpu = 1e300, wall = 0;
};

template <class F>
Timing timeIt(int reps, F &&f) {
    std::vector<double> t;
    Timing out;
    for (int r = 0; r < reps; ++r) {
        const std::clock_t c0 = std::clock();
        const Stopwatch w;
        f();
        t.push_back(w.seconds());
        out.cpu = std::min(out.cpu, double(std::clock() - c0) / CLOCKS_PER_SEC);
    }
    std::sort(t.begin(), t.end());
    out.wall = t[t.size() / 2];
    return out;
}

void benchAdam() {
    constexpr int kImages = 10000, kBatch = 128, kSteps = 100;
    boost::random::mt19937_64 engine(1);
    boost::random::uniform_01<float> uniform;
    boost::random::uniform_int_distribution<int> digit(0, 9), pick(0, kImages - 1);
    Eigen::MatrixXf images(784, kImages);
    for (Eigen::Index i = 0; i < images.size(); ++i)
        images.data()[i] = uniform(engine);
    std::vector<int> labels(kImages);
    for (int &l : labels)
        l = digit(engine);

    mlp::FloatMlp net;
    net.widths = {784, 256, 256, 10};
    Eigen::ArrayXf theta = mlp::defaultInitialisation(net, engine);
    optim::OptimizerSettings settings;
    settings.kind = optim::OptimizerKind::Adam;
    settings.lr = 1e-3;
    const auto adam = optim::makeOptimizer(settings, net.layout(), theta);
    Eigen::ArrayXf grad(theta.size());
    Eigen::MatrixXf batch(784, kBatch);
    std::vector<int> batchLabels(kBatch);
    mlp::FloatWorkspace ws;
    mlp::FloatTargets targets;
    targets.loss = mlp::Loss::CrossEntropy;
    targets.classes = batchLabels.data();
    double loss = 0;
    const auto step = [&] {
        for (int k = 0; k < kBatch; ++k) {
            const int i = pick(engine);
            batch.col(k) = images.col(i);
            batchLabels[std::size_t(k)] = labels[std::size_t(i)];
        }
        loss = mlp::lossAndGradient(net, theta.data(), batch, targets, grad.data(), ws);
        adam->step(theta, grad);
    };
    step(); // sizes the workspace
    const Timing t = timeIt(9, [&] {
        for (int s = 0; s < kSteps; ++s)
            step();
    });
    // Its parts, each alone (best CPU time): where the step's time goes.
    const auto gather = [&] {
        for (int k = 0; k < kBatch; ++k) {
            const int i = pick(engine);
            batch.col(k) = images.col(i);
            batchLabels[std::size_t(k)] = labels[std::size_t(i)];
        }
    };
    const Timing tGather = timeIt(9, [&] {
        for (int s = 0; s < kSteps; ++s)
            gather();
    });
    const Timing tPasses = timeIt(9, [&] {
        for (int s = 0; s < kSteps; ++s)
            loss = mlp::lossAndGradient(net, theta.data(), batch, targets, grad.data(), ws);
    });
    const Timing tAdam = timeIt(9, [&] {
        for (int s = 0; s < kSteps; ++s)
            adam->step(theta, grad);
    });
    // The step's products: forward W·h for each layer, the weight gradients δ·hᵀ, and Wᵀδ for the
    // two upper layers (the input's gradient is not needed).
    const double flops =
        2.0 * kBatch * (2.0 * (784 * 256 + 256 * 256 + 256 * 10) + (256 * 256 + 256 * 10));
    std::printf("1. Adam, 784-256-256-10 tanh, batch 128, float32, one thread (%d steps x 9)\n",
                kSteps);
    std::printf("   %.3f ms/step cpu (best), %.3f ms/step wall (median); goal <= 1.15 ms "
                "(PyTorch 1.13: 2.3 ms); final loss %.3f\n",
                1e3 * t.cpu / kSteps, 1e3 * t.wall / kSteps, loss);
    std::printf("   parts alone (cpu, best): batch gather %.3f ms, forward + backward %.3f ms "
                "(its %.1f MFLOP of products at %.0f GFLOP/s), Adam %.3f ms\n",
                1e3 * tGather.cpu / kSteps, 1e3 * tPasses.cpu / kSteps, flops / 1e6,
                flops * kSteps / tPasses.cpu / 1e9, 1e3 * tAdam.cpu / kSteps);
}

/// The machine's state as this run found it: a 512³ sgemm on one thread (OpenBLAS, through
/// Eigen), whose figure a quiet core of this kind puts at about 184 GFLOP/s (STACK.md). On shared
/// cores every figure above moves with it.
void benchMachine() {
    const Eigen::MatrixXf a = Eigen::MatrixXf::Random(512, 512),
                          b = Eigen::MatrixXf::Random(512, 512);
    Eigen::MatrixXf c(512, 512);
    const Timing t = timeIt(9, [&] {
        for (int r = 0; r < 10; ++r)
            c.noalias() = a * b;
    });
    std::printf("0. this machine now: sgemm 512^3, one thread: %.0f GFLOP/s cpu (best), %.0f wall "
                "(median); a quiet core of this kind: about 184\n",
                10 * 2.0 * 512 * 512 * 512 / t.cpu / 1e9,
                10 * 2.0 * 512 * 512 * 512 / t.wall / 1e9);
}

void benchOccam(std::int64_t logEvery, const char *what) {
    training::TrainingParams p;
    p.task = tasks::TaskKind::Occam;
    p.optimizer = optim::OptimizerKind::Sgd;
    p.lr = 0.1;
    p.steps = 20000;
    p.seeds = 1;
    p.threads = 1;
    p.logEvery = logEvery;
    training::TrainingResult r;
    const Timing t = timeIt(5, [&] { r = training::computeTraining(p); });
    const training::Series *loss = r.curves.find("train_loss");
    std::printf("   %-34s %.3f s cpu (best), %.3f s wall (median), %.0f steps/s; %zu logged "
                "points, final train loss %.2e (%s)\n",
                what, t.cpu, t.wall, double(p.steps) / t.wall, r.curves.steps.size(),
                loss ? loss->perSeed[0].back() : 0.0, terminationName(r.termination));
}

} // namespace

int dimscope::bench::benchTraining(const Args &args) {
    // `adam` or `occam` runs one of the two; no argument runs both.
    const bool all = args.empty();
    Eigen::setNbThreads(1);
    benchMachine();
    if (all || args[0] == "adam")
        benchAdam();
    if (all || args[0] == "occam") {
        std::printf("2. Occam lab: computeTraining, task occam, sgd, lr 0.1, 20000 steps, 1 seed, "
                    "1 thread; goal <= 1.07 s\n");
        benchOccam(0, "logging at its default (every 40)");
        benchOccam(20000, "logging only the ends");
    }
    return 0;
}
