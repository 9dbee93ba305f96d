// SPDX-License-Identifier: MIT
// The R-Drop toy of gradients.md §5: the multi-label cross-entropy and its gradient, micro-F1 on
// known counts, and training that learns, depends on α, and gives the same curves whatever the
// thread count.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "logit_kl/logit_kl.h"
#include "logit_kl/rdrop.h"

using namespace dimscope;
using namespace dimscope::logit_kl;

TEST(RDrop, MultiLabelCrossEntropyAndItsGradient) {
    const double s[4] = {1.5, -2.0, 0.3, 40.0};
    const int y[4] = {1, 0, 0, 1};
    double grad[4];
    const double loss = multiLabelCrossEntropy(s, y, 4, grad);
    // log(1 + e^−2 + e^0.3) + log(1 + e^−1.5 + e^−40), written out.
    const double expected = std::log(1 + std::exp(-2.0) + std::exp(0.3)) +
                            std::log(1 + std::exp(-1.5) + std::exp(-40.0));
    EXPECT_NEAR(loss, expected, 1e-13);
    for (int k = 0; k < 4; ++k) {
        double up[4], down[4], scratch[4];
        std::copy(s, s + 4, up);
        std::copy(s, s + 4, down);
        up[k] += 1e-6;
        down[k] -= 1e-6;
        const double fd = (multiLabelCrossEntropy(up, y, 4, scratch) -
                           multiLabelCrossEntropy(down, y, 4, scratch)) /
                          2e-6;
        EXPECT_NEAR(grad[k], fd, 1e-8) << "class " << k;
    }
    // Huge logits do not overflow.
    const double big[2] = {800.0, -800.0};
    const int wrong[2] = {0, 1};
    EXPECT_NEAR(multiLabelCrossEntropy(big, wrong, 2, grad), 1600.0, 1e-9);
}

TEST(RDrop, MicroF1OfKnownCounts) {
    // tp = 2, fp = 1, fn = 1: F1 = 2·2 / (4 + 1 + 1).
    EXPECT_DOUBLE_EQ(microF1({1, 1, 1, -1, -1}, {1, 1, 0, 1, 0}), 4.0 / 6.0);
    EXPECT_EQ(microF1({-1, -1}, {1, 0}), 0.0);
}

TEST(RDrop, TrainingLearnsAndIsThreadIndependent) {
    RDropSettings s;
    s.seeds = 2;
    s.steps = 120;
    s.threads = 1;
    RDropCurves one, three;
    ASSERT_TRUE(trainRDrop(s, one, {}));
    s.threads = 3;
    ASSERT_TRUE(trainRDrop(s, three, {}));
    EXPECT_TRUE(one == three);
    ASSERT_EQ(one.f1.size(), 3u);
    for (std::size_t a = 0; a < 3; ++a)
        for (const auto &run : one.f1[a]) {
            EXPECT_EQ(run.size(), one.steps.size());
            EXPECT_GT(run.back(), 0.7);         // a linear model fits these labels well
            EXPECT_GT(run.back(), run.front()); // and training helped
        }
    EXPECT_NE(one.f1[0], one.f1[2]); // α changes the training
    s.seed = 2;
    RDropCurves other;
    ASSERT_TRUE(trainRDrop(s, other, {}));
    EXPECT_FALSE(other == one);
}

TEST(RDrop, TheExplorerCarriesTheToyAndKeepsItWhileSlidersMove) {
    LogitKlParams p;
    p.rdropSteps = 60;
    p.rdropSeeds = 2;
    const LogitKlResult first = computeLogitKl(p);
    ASSERT_TRUE(first.ok()) << first.message;
    ASSERT_TRUE(first.rdrop);
    p.s = {0.0, 1.0, 2.0};
    p.shift = 1.0;
    const LogitKlResult moved = computeLogitKl(p);
    ASSERT_TRUE(moved.rdrop);
    EXPECT_TRUE(*moved.rdrop == *first.rdrop);
    const nlohmann::json j = toJson(moved)["rdrop"];
    for (const char *alpha : {"0", "0.5", "2"})
        EXPECT_EQ(j["f1"][alpha]["per_seed"].size(), 2u) << alpha;
    p.rdropSteps = 0;
    EXPECT_FALSE(computeLogitKl(p).rdrop);
    EXPECT_FALSE(toJson(computeLogitKl(p)).contains("rdrop"));
}
