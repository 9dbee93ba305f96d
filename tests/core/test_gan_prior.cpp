// SPDX-License-Identifier: MIT
// The GAN hubness prior in Z space: geometry.md §5 H5 and the semantics of its switches.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gan_prior.h"

using namespace dimscope;
using namespace dimscope::hubness;

TEST(GanPrior, H5AcceptanceNormsAndSpearmanZ512) {
    GanPriorParams p; // z_dim 512, batch 10000, k 5, s > 50
    const GanPriorResult r = computeGanPrior(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.drawn, 10000);
    // 160–185 accepted for one seed in the reference; the RNG stream differs here, so a slightly
    // wider band (the 3-seed spread of Su's code is 166–179).
    EXPECT_GE(r.accepted, 150);
    EXPECT_LE(r.accepted, 195);
    EXPECT_NEAR(r.meanNormAll, 22.61, 0.05);
    EXPECT_NEAR(r.meanNormAccepted, 20.9, 0.3);
    EXPECT_NEAR(r.spearmanNorm, -0.85, 0.05);
    EXPECT_GE(r.rounds[0].maxOccurrence, 250);
    EXPECT_GT(r.rounds[0].skewness, 5.0);
    EXPECT_NEAR(r.psiMatchingAccepted, 20.9 / 22.61, 0.015);
    EXPECT_EQ(r.normsAll.total(), 10000);
    EXPECT_EQ(r.normsAccepted.total(), r.accepted);
    EXPECT_EQ(nlohmann::json(toJson(r))["accepted"].get<std::int64_t>(), r.accepted);
}

TEST(GanPrior, H5Z128) {
    GanPriorParams p;
    p.zDim = 128;
    const GanPriorResult r = computeGanPrior(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_GE(r.accepted, 125);
    EXPECT_LE(r.accepted, 170);
}

TEST(GanPrior, RuleAndSelfCountingSemantics) {
    GanPriorParams p;
    p.zDim = 64;
    p.batch = 2000;
    p.threshold = 12;
    const GanPriorResult strict = computeGanPrior(p);
    p.rule = ThresholdRule::GreaterOrEqual;
    const GanPriorResult inclusive = computeGanPrior(p);
    ASSERT_TRUE(strict.ok() && inclusive.ok());
    std::int64_t atThreshold = 0;
    for (auto v : strict.firstBatchOccurrence)
        atThreshold += v == 12;
    EXPECT_EQ(inclusive.accepted, strict.accepted + atThreshold);
    // Self counted: every value is N_{k−1} + 1, so the minimum is 1 and the sum is n·k.
    p.countSelf = true;
    const GanPriorResult self = computeGanPrior(p);
    ASSERT_TRUE(self.ok());
    std::int64_t sum = 0, minimum = 1 << 30;
    for (auto v : self.firstBatchOccurrence) {
        sum += v;
        minimum = std::min(minimum, v);
    }
    EXPECT_EQ(sum, 2000 * 5);
    EXPECT_GE(minimum, 1);
}

TEST(GanPrior, RoundsAreSeededStreamsAndTruncationScalesNorms) {
    GanPriorParams p;
    p.zDim = 32;
    p.batch = 500;
    p.rounds = 3;
    p.threshold = 10;
    const GanPriorResult a = computeGanPrior(p);
    p.threads = 1;
    const GanPriorResult b = computeGanPrior(p);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a.drawn, 1500);
    EXPECT_EQ(toJson(a), toJson(b));
    EXPECT_NE(a.rounds[0].meanNormAll, a.rounds[1].meanNormAll);
    EXPECT_NEAR(a.meanNormTruncated, 0.7 * a.meanNormAll, 1e-12);
}

TEST(GanPrior, InvalidAndCancelled) {
    GanPriorParams p;
    p.k = 0;
    EXPECT_EQ(computeGanPrior(p).termination, Termination::InvalidInput);
    p = GanPriorParams{};
    p.batch = 50;
    EXPECT_EQ(computeGanPrior(p).termination, Termination::InvalidInput);
    p = GanPriorParams{};
    p.psi = 1.5;
    EXPECT_EQ(computeGanPrior(p).termination, Termination::InvalidInput);
    p = GanPriorParams{};
    RunControl<GanPriorSnapshot> control;
    control.shouldStop = [] {
        return true;
    };
    EXPECT_EQ(computeGanPrior(p, control).termination, Termination::Cancelled);
}
