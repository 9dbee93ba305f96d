// SPDX-License-Identifier: MIT
// A training step of the float engine allocates nothing once its workspace has seen the batch
// size (float_mlp.h promises it: a small net's step takes microseconds, and an allocation would be
// a visible share), nor does a task's step, full batch or mini-batch. This executable counts
// glibc's malloc calls by defining malloc over __libc_malloc; Eigen allocates through it, which
// the first test shows.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>

#include "nets/float_mlp.h"
#include "optimizers/optimizer.h"
#include "tasks/task.h"

// Under a sanitizer, malloc is the sanitizer's: replacing it breaks ASan's start-up, so there
// the counting is compiled out and the tests skip (the release and debug builds run them).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DIMSCOPE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define DIMSCOPE_SANITIZED 1
#endif
#endif

namespace {
std::atomic<long> g_mallocs{0};
std::atomic<bool> g_counting{false};
} // namespace

#ifdef DIMSCOPE_SANITIZED
#define SKIP_UNDER_SANITIZER() GTEST_SKIP() << "a sanitizer owns malloc"
#else
#define SKIP_UNDER_SANITIZER() (void)0
extern "C" void *__libc_malloc(std::size_t size) noexcept;
extern "C" void *malloc(std::size_t size) noexcept {
    if (g_counting.load(std::memory_order_relaxed))
        g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}
#endif

namespace {

using namespace dimscope;
using namespace dimscope::mlp;

/// Mallocs made by f.
template <class F>
long mallocsOf(F &&f) {
    g_mallocs = 0;
    g_counting = true;
    f();
    g_counting = false;
    return g_mallocs.load();
}

TEST(Allocations, TheCounterSeesEigensAllocations) {
    SKIP_UNDER_SANITIZER();
    EXPECT_GE(mallocsOf([] {
                  Eigen::MatrixXf m(64, 64);
                  m.setZero();
                  EXPECT_EQ(m.sum(), 0.0f);
              }),
              1);
}

class StepAllocations : public ::testing::TestWithParam<std::vector<int>> {};

TEST_P(StepAllocations, NoneOnceTheWorkspaceHasSeenTheBatch) {
    SKIP_UNDER_SANITIZER();
    boost::random::mt19937_64 engine(1);
    FloatMlp net;
    net.widths = GetParam();
    Eigen::ArrayXf theta = defaultInitialisation(net, engine);
    Eigen::ArrayXf grad(theta.size());
    const int n = net.inputDim() == 1 ? 12 : 128;
    const Eigen::MatrixXf x = Eigen::MatrixXf::Random(net.inputDim(), n);
    const Eigen::MatrixXf y = Eigen::MatrixXf::Random(net.outputDim(), n);
    std::vector<int> classes(static_cast<std::size_t>(n), 1);
    FloatTargets targets;
    targets.loss = net.outputDim() == 1 ? Loss::Mse : Loss::CrossEntropy;
    targets.values = &y;
    targets.classes = classes.data();
    FloatWorkspace ws;
    optim::OptimizerSettings settings;
    settings.kind = optim::OptimizerKind::Adam;
    const auto adam = optim::makeOptimizer(settings, net.layout(), theta);
    const auto step = [&] {
        lossAndGradient(net, theta.data(), x, targets, grad.data(), ws);
        adam->step(theta, grad);
    };
    EXPECT_GT(mallocsOf(step), 0) << "the first step sizes the workspace";
    EXPECT_EQ(mallocsOf([&] {
                  for (int k = 0; k < 10; ++k)
                      step();
              }),
              0);
}

INSTANTIATE_TEST_SUITE_P(Nets, StepAllocations,
                         ::testing::Values(std::vector<int>{1, 64, 64, 1},
                                           std::vector<int>{784, 256, 256, 10}));

TEST(StepAllocations, NoneInATasksSteps) {
    SKIP_UNDER_SANITIZER();
    for (const auto kind : {tasks::TaskKind::Occam, tasks::TaskKind::Moons}) {
        tasks::TaskSettings s;
        s.kind = kind;
        s.batchSize = kind == tasks::TaskKind::Moons ? 32 : 0;
        auto task = tasks::makeTask(s, 1);
        Eigen::ArrayXf theta = task->initialParameters(), grad;
        optim::OptimizerSettings settings;
        const auto sgd = optim::makeOptimizer(settings, task->layout(), theta);
        std::int64_t step = 0;
        const auto train = [&] {
            task->lossAndGradient(theta, step++, grad);
            sgd->step(theta, grad);
        };
        mallocsOf(train);
        EXPECT_EQ(mallocsOf([&] {
                      for (int k = 0; k < 20; ++k) // over two epochs of moons' batches
                          train();
                  }),
                  0)
            << nameOf(kind);
    }
}

} // namespace
