// SPDX-License-Identifier: MIT
// loss-scaling: the shares of zero, subnormal and overflowed entries on hand-made gradients, the
// command line's keys, gradients from a .npy file and its errors, the Adam check of §7, and the
// dynamic scaler's rule.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "io/npy.h"
#include "loss_scaling/deep_net.h"
#include "loss_scaling/loss_scaling.h"

using namespace dimscope;
using namespace dimscope::loss_scaling;

namespace {

double p2(int e) { return std::ldexp(1.0, e); }

std::string tempPath(const std::string &name) {
    return (std::filesystem::temp_directory_path() /
            ("dimscope_loss_scaling_" + std::to_string(::getpid()) + "_" + name))
        .string();
}

std::string writeVector(const std::string &name, const std::vector<double> &values) {
    NpyArray a;
    a.type = NpyType::Float32;
    a.rows = static_cast<std::int64_t>(values.size());
    a.cols = 1;
    a.real = values;
    const std::string path = tempPath(name);
    writeNpy(path, a);
    return path;
}

} // namespace

TEST(LossScaling, SharesOfHandMadeGradients) {
    // fp16 at S = 1: 2⁻²⁶ vanishes, 2⁻²⁰ is subnormal, 1 is normal, 70000 overflows; 0 is not
    // counted.
    const std::vector<float> g = {float(p2(-26)), float(p2(-20)), 1.0f, 70000.0f, 0.0f};
    FateShares s = countFates(NumberFormat::Fp16, g, 1.0f);
    EXPECT_EQ(s.nonzero, 4);
    EXPECT_EQ(s.zero, 1);
    EXPECT_EQ(s.subnormal, 1);
    EXPECT_EQ(s.overflow, 1);
    EXPECT_DOUBLE_EQ(s.zeroFraction(), 0.25);
    // S = 2¹⁰ lifts 2⁻²⁶ to a subnormal and 2⁻²⁰ to a normal; 1024 is fine, 70000·1024 is not.
    s = countFates(NumberFormat::Fp16, g, 1024.0f);
    EXPECT_EQ(s.zero, 0);
    EXPECT_EQ(s.subnormal, 1);
    EXPECT_EQ(s.overflow, 1);
    // bf16 has fp32's range: nothing vanishes or overflows.
    s = countFates(NumberFormat::Bf16, g, 1024.0f);
    EXPECT_EQ(s.zero + s.subnormal + s.overflow, 0);
    // E4M3: 448 is the top, 1 is fine, 70000 overflows, 2⁻²⁰ and 2⁻²⁶ vanish.
    s = countFates(NumberFormat::Fp8E4M3, g, 1.0f);
    EXPECT_EQ(s.zero, 2);
    EXPECT_EQ(s.overflow, 1);
}

TEST(LossScaling, DefaultRunHasTheCommandLineKeys) {
    const LossScalingResult r = computeLossScaling(LossScalingParams{});
    ASSERT_TRUE(r.ok()) << r.message;
    const nlohmann::json j = toJson(r);
    for (const char *key : {"zero_fraction", "subnormal_fraction", "overflow_fraction", "histogram",
                            "formats", "scale_sweep", "adam_check"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_FALSE(j.contains("train_loss")); // no training asked for
    // The tiny net's gradients are tiny: at S = 1 a good share is lost in fp16, none in bf16.
    EXPECT_GT(r.shares.zeroFraction() + r.shares.subnormalFraction(), 0.5);
    EXPECT_EQ(r.everyFormat[std::size_t(NumberFormat::Bf16)].zero, 0);
    // The histogram holds every non-zero entry.
    std::int64_t total = 0;
    for (std::int64_t c : r.histogram)
        total += c;
    EXPECT_EQ(total, r.shares.nonzero);
    EXPECT_EQ(r.entries, layoutOf(DeepNetShape{}).size());
}

TEST(LossScaling, LargerScalesLoseFewerAndOverflowMore) {
    const LossScalingResult r = computeLossScaling(LossScalingParams{});
    ASSERT_EQ(r.sweep.size(), 25u);
    for (std::size_t k = 1; k < r.sweep.size(); ++k) {
        EXPECT_LE(r.sweep[k].zero, r.sweep[k - 1].zero) << "2^" << k;
        EXPECT_GE(r.sweep[k].overflow, r.sweep[k - 1].overflow) << "2^" << k;
    }
    EXPECT_GT(r.sweep.front().zero, r.sweep.back().zero);
    // The sweep at S = 1 is the run's own shares (every entry enters it here).
    EXPECT_EQ(r.sweepStride, 1);
    EXPECT_EQ(r.sweep.front().zero, r.shares.zero);
}

TEST(LossScaling, ReadsYourGradientsFromNpy) {
    const std::string path = writeVector("g.npy", {p2(-30), p2(-20), 0.5, 1e6, 0.0});
    LossScalingParams p;
    p.gradients = path;
    p.scale = 1.0;
    const LossScalingResult r = computeLossScaling(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.entries, 5);
    EXPECT_EQ(r.shares.nonzero, 4);
    EXPECT_DOUBLE_EQ(r.shares.zeroFraction(), 0.25);
    EXPECT_DOUBLE_EQ(r.shares.subnormalFraction(), 0.25);
    EXPECT_DOUBLE_EQ(r.shares.overflowFraction(), 0.25);
    EXPECT_EQ(r.histogramLo, -30);
    // The file is kept between runs (the scale slider), and read again once it changes.
    p.scale = 1024;
    EXPECT_EQ(computeLossScaling(p).entries, 5);
    writeVector("g.npy", {1.0, 2.0, 3.0});
    EXPECT_EQ(computeLossScaling(p).entries, 3);
    std::filesystem::remove(path);
}

TEST(LossScaling, ABadFileIsRefusedByName) {
    const std::string path = tempPath("bad.npy");
    std::ofstream(path) << "not a numpy file";
    LossScalingParams p;
    p.gradients = path;
    const LossScalingResult r = computeLossScaling(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find(path), std::string::npos) << r.message;
    std::filesystem::remove(path);
    p.gradients = tempPath("missing.npy");
    const LossScalingResult missing = computeLossScaling(p);
    EXPECT_EQ(missing.termination, Termination::InvalidInput);
    EXPECT_NE(missing.message.find("missing.npy"), std::string::npos) << missing.message;
}

TEST(LossScaling, AdamWithLossTimesKIsAdamWithEpsilonOverK) {
    DeepNetShape shape;
    const AdamScaleCheck c = adamScaleCheck(shape, 4096, 1e-8, 1e-3, 20, 3);
    ASSERT_GT(c.movement, 1e-4);
    // Equal but for float rounding of the two routes.
    EXPECT_LT(c.scaledVsEpsOverK, 1e-4 * c.movement) << c.scaledVsEpsOverK;
    // With the plain ε, the tiny gradients of the deep layers feel ε: a visible difference.
    EXPECT_GT(c.scaledVsPlain, 100 * c.scaledVsEpsOverK);
}

TEST(LossScaling, DynamicScalerSkipsHalvesAndGrows) {
    ScalerSettings s;
    s.shape.gain = 1.5; // large gradients: S = 2²⁴ overflows fp16
    s.format = NumberFormat::Fp16;
    s.scaler = ScalerKind::Dynamic;
    s.initialScale = p2(24);
    s.growthInterval = 50;
    s.steps = 300;
    s.seeds = 2;
    TrainingTrace t;
    ASSERT_TRUE(trainWithScaler(s, t, {}, {}));
    ASSERT_EQ(t.skippedTotal.size(), 2u);
    for (std::size_t r = 0; r < 2; ++r) {
        EXPECT_GT(t.skippedTotal[r], 0);
        const auto &scale = t.scale[r];
        // Every logged S is a power of two below the start, and each skip halved it.
        for (double v : scale) {
            int e = 0;
            EXPECT_EQ(std::frexp(v, &e), 0.5) << v;
            EXPECT_LE(v, p2(24));
        }
        EXPECT_LT(scale.back(), p2(24));
        // The losses stay finite: skipped steps never reach the weights.
        for (double l : t.loss[r])
            EXPECT_TRUE(std::isfinite(l));
    }
    // Growth: with nothing to overflow, S doubles every interval.
    s.shape.gain = 0.5;
    s.initialScale = 1;
    s.steps = 201;
    s.seeds = 1;
    ASSERT_TRUE(trainWithScaler(s, t, {}, {}));
    EXPECT_EQ(t.skippedTotal[0], 0);
    EXPECT_EQ(t.scale[0].back(), 16.0); // steps 0…200: doubled after 50, 100, 150 and 200 clean
}

TEST(LossScaling, Fp16WithoutScalingTrainsWorseAndAFixedScaleRecoversFp32) {
    // 12 layers at gain 0.2: about 98 % of the initial gradient entries round to 0 in fp16 at
    // S = 1. Adam still trains the layers whose gradients survive, and the surviving gradients
    // grow as it does, so the damage is a slower, worse fit rather than a stall.
    ScalerSettings s;
    s.shape.gain = 0.2;
    s.shape.depth = 12;
    s.steps = 1000;
    s.seeds = 2;
    s.scaler = ScalerKind::None;
    TrainingTrace none, fixed;
    ASSERT_TRUE(trainWithScaler(s, none, {}, {}));
    s.scaler = ScalerKind::Fixed;
    s.fixedScale = p2(16);
    ASSERT_TRUE(trainWithScaler(s, fixed, {}, {}));
    // Adam's loss oscillates from step to step, by 3× and more late in these runs, and where it
    // stands at the last step depends on the build's rounding (-O3 with FMA against -O1). So
    // each run is judged by its mean over the last tenth of the logged points.
    const auto tailMean = [](const std::vector<double> &loss) {
        const std::size_t from = loss.size() * 9 / 10;
        double sum = 0;
        for (std::size_t i = from; i < loss.size(); ++i)
            sum += loss[i];
        return sum / double(loss.size() - from);
    };
    double fp32 = 0, unscaled = 0, scaled = 0;
    for (std::size_t r = 0; r < 2; ++r) {
        fp32 += tailMean(none.fp32Loss[r]) / 2;
        unscaled += tailMean(none.loss[r]) / 2;
        scaled += tailMean(fixed.loss[r]) / 2;
    }
    EXPECT_GT(unscaled, 2 * scaled);
    EXPECT_LT(scaled, 2 * fp32);
    EXPECT_GT(scaled, 0.5 * fp32);
    // The fp32 runs do not depend on the scaler.
    EXPECT_EQ(none.fp32Loss, fixed.fp32Loss);
    EXPECT_EQ(none.skippedTotal, (std::vector<std::int64_t>{0, 0}));
}
