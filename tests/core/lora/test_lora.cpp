// SPDX-License-Identifier: MIT
// The lora explorer against gradients.md §4.2 check 6: n = m = 32, b = 256, lr = 0.1, 2000
// full-batch steps. Plateau values depend on the draw of Δ* (the reference quotes its own draw),
// so each plateau is held to the least loss this draw allows, computed independently:
// bestRankLoss (Eckart–Young in the metric of XᵀX/b) and bestAdditiveLoss (least squares).
#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lora/lora.h"

using namespace dimscope;
using namespace dimscope::lora;

namespace {

LoraParams check6(Method method, int rank, int targetRank) {
    LoraParams p;
    p.method = method;
    p.rank = rank;
    p.targetRank = targetRank;
    p.targetScale = 2.5;
    p.lr = 0.1;
    p.steps = 2000;
    p.compare = false;
    return p;
}

LoraResult run(const LoraParams &p) {
    const LoraResult r = computeLora(p);
    EXPECT_EQ(r.termination, Termination::Completed) << r.message;
    return r;
}

double finalLoss(const LoraResult &r) { return r.run.loss.back(); }

} // namespace

TEST(Lora, RankTwoTargetIsFittedByFullGdAndByLoraOfRankTwo) {
    const LoraResult full = run(check6(Method::Full, 1, 2));
    EXPECT_LT(finalLoss(full), 1e-24);
    EXPECT_GT(full.run.loss.front(), 1.0); // it started far away
    const LoraResult lora2 = run(check6(Method::Lora, 2, 2));
    EXPECT_LT(finalLoss(lora2), 1e-20);
}

TEST(Lora, RankOneLoraPlateausAtTheBestRankOneResidual) {
    const LoraResult r = run(check6(Method::Lora, 1, 2));
    ASSERT_GT(r.bestRankLoss, 0.1);
    EXPECT_NEAR(finalLoss(r), r.bestRankLoss, 0.05 * r.bestRankLoss);
    // The update it found has rank 1.
    EXPECT_LT(r.run.singularValues[1], 1e-10 * r.run.singularValues[0]);
}

TEST(Lora, AdditiveRankOnePlateausAtItsReachableBest) {
    // Its update G ↦ GPᵀP + QQᵀG has eigenvalues up to n + m = 64, so lr = 0.1 diverges (next
    // test); lr = 0.01 is inside the stable range 2 / ((n + m) λ_max(XᵀX/b)).
    LoraParams p = check6(Method::Additive, 1, 2);
    p.lr = 0.01;
    const LoraResult r = run(p);
    ASSERT_TRUE(r.bestAdditiveLoss.has_value());
    ASSERT_GT(*r.bestAdditiveLoss, 0.1);
    EXPECT_NEAR(finalLoss(r), *r.bestAdditiveLoss, 0.05 * *r.bestAdditiveLoss);
    // Rank 2 from r = 1.
    EXPECT_GT(r.run.singularValues[1], 1e-3);
    EXPECT_LT(r.run.singularValues[2], 1e-10 * r.run.singularValues[0]);
}

TEST(Lora, AdditiveRankOneDivergesAtTheReferenceStep) {
    // The reference quotes a plateau of 3.16 at lr = 0.1; here lr = 0.1 leaves the stable range.
    const LoraResult r = run(check6(Method::Additive, 1, 2));
    EXPECT_GE(r.run.divergedAt, 0);
}

TEST(Lora, FullRankTargetGivesOnePlateauPerRank) {
    double previous = 1e300;
    for (int rank : {1, 2, 4, 8}) {
        const LoraResult r = run(check6(Method::Lora, rank, 32));
        EXPECT_NEAR(finalLoss(r), r.bestRankLoss, 0.05 * r.bestRankLoss) << "r = " << rank;
        EXPECT_LT(finalLoss(r), previous) << "r = " << rank;
        previous = finalLoss(r);
    }
}

TEST(Lora, ScaledRandomProjectionConvergesSlowlyAndUnscaledDiverges) {
    for (int targetRank : {2, 32}) {
        const LoraResult r = run(check6(Method::Projection, 1, targetRank));
        EXPECT_EQ(r.run.divergedAt, -1);
        // Reference: 3e-4 to 6e-4 after 2000 steps, from a start near 3.
        EXPECT_LT(finalLoss(r), 2e-3) << "k = " << targetRank;
        EXPECT_GT(finalLoss(r), 1e-5) << "k = " << targetRank;
    }
    LoraParams unscaled = check6(Method::Projection, 1, 2);
    unscaled.projectionScale = ProjectionScale::None;
    const LoraResult r = run(unscaled);
    EXPECT_GE(r.run.divergedAt, 0);
}

TEST(Lora, LoraDivergesWhenTheTargetIsLarge) {
    // §4.2: LoRA's effective step grows with ‖A‖² + ‖B‖²; at ‖Δ*‖ ≈ 15 lr = 0.1 diverges.
    LoraParams p = check6(Method::Lora, 2, 2);
    p.targetScale = 15;
    EXPECT_GE(run(p).run.divergedAt, 0);
    p.targetScale = 2.5;
    EXPECT_EQ(run(p).run.divergedAt, -1);
}

TEST(Lora, BalanceIsNearlyConservedAtASmallStep) {
    // AᵀA − BBᵀ is conserved by gradient flow; a small step keeps it within O(η) drift.
    LoraParams p = check6(Method::Lora, 2, 2);
    p.lr = 0.01;
    const LoraResult r = run(p);
    const double first = r.run.balance.front(), last = r.run.balance.back();
    EXPECT_NEAR(last, first, 0.05 * first);
    EXPECT_GT(r.run.normB.back(), 0.5); // B grew from 0 all the same
}

TEST(Lora, CosineOfFullGdIsOneAndOfLoraBelowOne) {
    const LoraResult full = run(check6(Method::Full, 1, 2));
    for (double c : full.run.cosine)
        EXPECT_NEAR(c, 1.0, 1e-12);
    const LoraResult lora = run(check6(Method::Lora, 1, 32));
    EXPECT_LT(lora.run.cosine.front(), 0.9);
    EXPECT_GT(lora.run.cosine.front(), 0.0);
}

TEST(Lora, JsonHasTheDocumentedKeys) {
    LoraParams p = check6(Method::Lora, 1, 2);
    p.steps = 200;
    p.compare = true;
    p.forgetting = true;
    const LoraResult r = run(p);
    const nlohmann::json j = toJson(r);
    for (const char *key : {"method", "steps", "loss", "singular_values", "cosine", "norm_a",
                            "norm_b", "balance", "spectrum", "target_singular_values",
                            "best_rank_loss", "comparison", "forgetting", "diverged_at_step"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["steps"].size(), j["loss"].size());
    EXPECT_EQ(j["steps"].back(), 200);
    EXPECT_EQ(j["singular_values"].size(), 32u);
    EXPECT_GE(j["singular_values"][0].get<double>(), j["singular_values"][1].get<double>());
    EXPECT_EQ(j["comparison"].size(), 4u);
    EXPECT_EQ(j["forgetting"].size(), 3u);
}

TEST(Lora, ChecksRefuseImpossibleCombinations) {
    LoraParams p;
    p.method = Method::Additive;
    p.rank = 3; // does not divide 32
    EXPECT_EQ(computeLora(p).termination, Termination::InvalidInput);
    p = LoraParams{};
    p.size = 8;
    p.targetRank = 9;
    const LoraResult r = computeLora(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("target-rank"), std::string::npos);
}
