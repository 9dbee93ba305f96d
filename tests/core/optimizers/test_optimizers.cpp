// SPDX-License-Identifier: MIT
// The optimizers against known answers: EGDD's two steps from lingvo's egdd_test.py (gradients.md
// §2.4 check 1, both use_signs settings); Su's closed form for log ν (check 4) and the sign
// variant's per-coordinate Newton step (check 5, §2.2; in double, as computed there, and what
// float's range does to it); one step of each update rule by hand; EG±'s invariant θ⁺θ⁻ and its
// normalisation; EG's exponent clamp and the count of weights it drives to exactly 0.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "optimizers/optimizer.h"
#include "tasks/task.h"

namespace {

using namespace dimscope;
using namespace dimscope::optim;

ParamLayout vectorLayout(Eigen::Index n, const char *name = "theta") {
    ParamLayout layout;
    layout.add(name, 1, n);
    return layout;
}

Eigen::ArrayXf values(std::initializer_list<float> v) {
    Eigen::ArrayXf a(static_cast<Eigen::Index>(v.size()));
    Eigen::Index i = 0;
    for (float x : v)
        a(i++) = x;
    return a;
}

// §2.4 check 1: θ₀ = [0.5, 1.0], η = 0.1, μ = 0.9, β = 0.1, γ_p = 1e-2, γ_s = 1e-3; gradients
// [0.1, −0.5] then [−1.0, −1.5]. Expected values from lingvo's egdd_test.py, tolerance 1e-4.
struct EgddGolden {
    bool useSigns;
    float theta[2], momentum[2], gain[2], scale;
};

class EgddTwoSteps : public ::testing::TestWithParam<EgddGolden> {};

TEST_P(EgddTwoSteps, MatchLingvosGoldenValues) {
    const EgddGolden golden = GetParam();
    OptimizerSettings s;
    s.kind = OptimizerKind::Egdd;
    s.lr = 0.1;
    s.momentum = 0.9;
    s.egddBeta = 0.1;
    s.gainLr = 1e-2;
    s.scaleLr = 1e-3;
    s.useSigns = golden.useSigns;
    Eigen::ArrayXf theta = values({0.5f, 1.0f});
    const auto egdd = makeOptimizer(s, vectorLayout(2), theta);

    egdd->step(theta, values({0.1f, -0.5f}));
    const Eigen::ArrayXf &m = *egdd->state(StateVector::Momentum);
    const Eigen::ArrayXf &p = *egdd->state(StateVector::Gain);
    EXPECT_NEAR(theta(0), 0.49, 1e-6);
    EXPECT_NEAR(theta(1), 1.05, 1e-6);
    EXPECT_NEAR(m(0), 0.01, 1e-7);
    EXPECT_NEAR(m(1), -0.05, 1e-7);
    EXPECT_FLOAT_EQ(p(0), 1.0f);
    EXPECT_FLOAT_EQ(p(1), 1.0f);
    ASSERT_EQ(egdd->scales().size(), 1u);
    EXPECT_FLOAT_EQ(egdd->scales()[0], 1.0f);

    egdd->step(theta, values({-1.0f, -1.5f}));
    for (int i = 0; i < 2; ++i) {
        EXPECT_NEAR(theta(i), golden.theta[i], 1e-4) << i;
        EXPECT_NEAR(m(i), golden.momentum[i], 1e-4) << i;
        EXPECT_NEAR(p(i), golden.gain[i], 1e-4) << i;
    }
    EXPECT_NEAR(egdd->scales()[0], golden.scale, 1e-4);
    // The effective step is s·η·p.
    EXPECT_FLOAT_EQ(egdd->effectiveStep(1), egdd->scales()[0] * 0.1f * p(1));
}

INSTANTIATE_TEST_SUITE_P(
    Lingvo, EgddTwoSteps,
    ::testing::Values(
        EgddGolden{false, {0.5810f, 1.2463f}, {-0.0909f, -0.1961f}, {0.9990f, 1.0075f}, 1.0007f},
        EgddGolden{true, {0.5801f, 1.2466f}, {-0.0900f, -0.1965f}, {0.9900f, 1.0101f}, 1.0007f}),
    [](const auto &info) { return info.param.useSigns ? "UseSigns" : "RawGains"; });

TEST(Egdd, KeepsOneScalePerTensorAndClipsIt) {
    ParamLayout layout;
    layout.add("a", 1, 3);
    layout.add("b", 1, 2);
    OptimizerSettings s;
    s.kind = OptimizerKind::Egdd;
    s.lr = 0.1;
    s.scaleLr = 1.0; // large, so that the clip at s_max = 10 binds
    s.useDirections = false;
    Eigen::ArrayXf theta = Eigen::ArrayXf::Zero(5);
    const auto egdd = makeOptimizer(s, layout, theta);
    // Tensor a always sees the same gradient (aligned with its momentum): its scale grows until
    // the clip; tensor b alternates: its scale shrinks.
    for (int t = 0; t < 200; ++t) {
        Eigen::ArrayXf g(5);
        g << 1, 1, 1, (t % 2 ? 1.f : -1.f), (t % 2 ? 1.f : -1.f);
        egdd->step(theta, g);
    }
    ASSERT_EQ(egdd->scales().size(), 2u);
    EXPECT_FLOAT_EQ(egdd->scales()[0], 10.0f);
    EXPECT_LT(egdd->scales()[1], 1.0f);
    EXPECT_GE(egdd->scales()[1], 0.1f);
}

/// Gradients of ½ Σ a_i θ_i², a = (1, 10, 100): the quadratic task's.
tasks::TaskSettings quadraticSettings() {
    tasks::TaskSettings s;
    s.kind = tasks::TaskKind::Quadratic;
    return s;
}

struct QuadraticRun {
    std::unique_ptr<tasks::Task> task = tasks::makeTask(quadraticSettings(), 1);
    Eigen::ArrayXf theta = task->initialParameters(), grad;
};

TEST(MetaLr, RawGainsFollowSusClosedForm) {
    // §2.4 check 4: with raw updates and ν₀ = 1, log ν_t = γ Σ_k g_{k−1} ⊙ g_k, to rounding.
    QuadraticRun run;
    OptimizerSettings s;
    s.kind = OptimizerKind::MetaLr;
    s.metaVariant = MetaLrVariant::Raw;
    s.lr = 1e-3;
    s.gamma = 1e-4;
    s.nuMin = 1e-30;
    s.nuMax = 1e30;
    const auto opt = makeOptimizer(s, run.task->layout(), run.theta);
    Eigen::ArrayXd sum = Eigen::ArrayXd::Zero(3), previous = Eigen::ArrayXd::Zero(3);
    for (int t = 0; t < 1000; ++t) {
        run.task->lossAndGradient(run.theta, t, run.grad);
        const Eigen::ArrayXd g = run.grad.cast<double>();
        sum += previous * g;
        previous = g;
        opt->step(run.theta, run.grad);
    }
    const Eigen::ArrayXd logNu = opt->state(StateVector::Gain)->cast<double>().log();
    for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(logNu(i), s.gamma * sum(i), 1e-4 * (1.0 + std::abs(s.gamma * sum(i)))) << i;
        EXPECT_GT(std::abs(s.gamma * sum(i)), 1e-3) << "the check needs gains that moved: " << i;
    }
}

/// §2.2's setting: ½ Σ a_i θ_i² with a = (1, 10, 100), θ₀ = 1, η = 1e-3, ν clipped to
/// [1e-4, 1e4], 1000 steps of the sign variant with γ; T the parameters' type.
template <class T>
std::unique_ptr<BasicOptimizer<T>> runSignVariant(double gamma,
                                                  Eigen::Array<T, Eigen::Dynamic, 1> &theta) {
    OptimizerSettings s;
    s.kind = OptimizerKind::MetaLr;
    s.metaVariant = MetaLrVariant::Sign;
    s.lr = 1e-3;
    s.gamma = gamma;
    theta = Eigen::Array<T, Eigen::Dynamic, 1>::Ones(3);
    auto opt = makeOptimizer<T>(s, vectorLayout(3), theta);
    Eigen::Array<T, 3, 1> a(1, 10, 100);
    for (int t = 0; t < 1000; ++t) {
        const Eigen::Array<T, Eigen::Dynamic, 1> g = a * theta;
        opt->step(theta, g);
    }
    return opt;
}

class MetaLrSign : public ::testing::TestWithParam<double> {};

TEST_P(MetaLrSign, DrivesEveryCoordinateToANewtonStep) {
    // §2.4 check 5: after 1000 steps η ν_i a_i ∈ [0.9, 1.1] for every coordinate, each of which
    // has reached 0. In double, as the reference computed it: see the next test for float.
    Eigen::ArrayXd theta;
    const auto opt = runSignVariant<double>(GetParam(), theta);
    const double a[3] = {1, 10, 100};
    const Eigen::ArrayXd &nu = *opt->state(StateVector::Gain);
    for (int i = 0; i < 3; ++i) {
        EXPECT_NEAR(1e-3 * nu(i) * a[i], 1.0, 0.1) << "coordinate " << i;
        EXPECT_LT(std::abs(theta(i)), 1e-100) << "coordinate " << i;
        EXPECT_DOUBLE_EQ(opt->effectiveStep(i), 1e-3 * nu(i));
    }
}

INSTANTIATE_TEST_SUITE_P(Gammas, MetaLrSign, ::testing::Values(0.01, 0.05, 0.2));

TEST(MetaLr, InFloatTheGainsStallWhenThetaReachesTheSubnormalFloor) {
    // The same run in float: θ falls to float's least subnormal (1.4e-45, about e^{−103}) while
    // γ = 0.01 is still growing ν, at about step 700 (Σ η ν_k a ≈ 100 there). A step of less than
    // half that then rounds to no step at all, and θ = 0 gives sign(0) = 0: ν stops short of the
    // Newton step, at about half of it, for every coordinate.
    Eigen::ArrayXf theta;
    const auto opt = runSignVariant<float>(0.01, theta);
    const float a[3] = {1, 10, 100};
    for (int i = 0; i < 3; ++i) {
        EXPECT_LE(std::abs(theta(i)), std::numeric_limits<float>::denorm_min()) << i;
        const double step = 1e-3 * double((*opt->state(StateVector::Gain))(i)) * a[i];
        EXPECT_GT(step, 0.3) << i;
        EXPECT_LT(step, 0.7) << i;
    }
}

TEST(MetaLr, PlainGdIsFarFromTheOptimumWhereTheSignVariantArrives) {
    // §2.2's contrast: plain GD with η = 1e-3 leaves |θ_1| ≈ 0.05 after 3000 steps.
    QuadraticRun run;
    OptimizerSettings s;
    s.kind = OptimizerKind::Sgd;
    s.lr = 1e-3;
    const auto opt = makeOptimizer(s, run.task->layout(), run.theta);
    for (int t = 0; t < 3000; ++t) {
        run.task->lossAndGradient(run.theta, t, run.grad);
        opt->step(run.theta, run.grad);
    }
    EXPECT_NEAR(run.theta(0), std::pow(1.0 - 1e-3, 3000), 1e-4);
    EXPECT_GT(run.theta(0), 0.04);
}

TEST(FirstOrder, OneStepEachByHand) {
    const Eigen::ArrayXf g = values({0.5f, -2.0f, 0.0f});
    OptimizerSettings s;
    s.lr = 0.1;
    {
        s.kind = OptimizerKind::Sgd;
        Eigen::ArrayXf theta = values({1, 1, 1});
        const auto opt = makeOptimizer(s, vectorLayout(3), theta);
        opt->step(theta, g);
        EXPECT_TRUE(theta.isApprox(values({0.95f, 1.2f, 1.0f})));
        EXPECT_FLOAT_EQ(opt->effectiveStep(1), 0.1f);
    }
    {
        // PyTorch's momentum: b ← μb + g, θ ← θ − ηb.
        s.kind = OptimizerKind::Momentum;
        s.momentum = 0.9;
        Eigen::ArrayXf theta = values({1, 1, 1});
        const auto opt = makeOptimizer(s, vectorLayout(3), theta);
        opt->step(theta, g);
        opt->step(theta, g);
        EXPECT_TRUE(theta.isApprox(values({1 - 0.1f * 0.5f * 2.9f, 1 + 0.1f * 2 * 2.9f, 1})));
        EXPECT_TRUE(opt->state(StateVector::Momentum)->isApprox(1.9f * g));
    }
    {
        // Adam's first step is η·sign(g) (up to ε) whatever the gradient's size.
        s.kind = OptimizerKind::Adam;
        Eigen::ArrayXf theta = values({1, 1, 1});
        const auto opt = makeOptimizer(s, vectorLayout(3), theta);
        opt->step(theta, g);
        EXPECT_NEAR(theta(0), 0.9, 1e-6);
        EXPECT_NEAR(theta(1), 1.1, 1e-6);
        EXPECT_FLOAT_EQ(theta(2), 1.0f);
        EXPECT_NEAR(opt->effectiveStep(0), 0.1 / 0.5, 1e-5); // η/(√v̂ + ε), v̂ = g²
    }
}

TEST(Exponentiated, OneStepEachByHand) {
    const Eigen::ArrayXf g = values({0.5f, -2.0f, 0.0f});
    OptimizerSettings s;
    s.lr = 0.1;
    {
        s.kind = OptimizerKind::Egu;
        Eigen::ArrayXf theta = values({1, 2, 3});
        const auto opt = makeOptimizer(s, vectorLayout(3), theta);
        opt->step(theta, g);
        EXPECT_NEAR(theta(0), std::exp(-0.05), 1e-6);
        EXPECT_NEAR(theta(1), 2 * std::exp(0.2), 1e-5);
        EXPECT_FLOAT_EQ(theta(2), 3.0f);
        EXPECT_FLOAT_EQ(opt->effectiveStep(1), 0.1f * theta(1));
    }
    {
        // The exact reparametrised GD keeps the factor θ that EGU drops: θ ⊙ exp(−η θ ⊙ g).
        s.kind = OptimizerKind::ReparamGd;
        Eigen::ArrayXf theta = values({1, 2, 3});
        const auto opt = makeOptimizer(s, vectorLayout(3), theta);
        opt->step(theta, g);
        EXPECT_NEAR(theta(0), std::exp(-0.05), 1e-6);
        EXPECT_NEAR(theta(1), 2 * std::exp(0.4), 1e-5);
        EXPECT_FLOAT_EQ(opt->effectiveStep(1), 0.1f * theta(1) * theta(1));
    }
}

TEST(Exponentiated, NeedPositiveStarts) {
    OptimizerSettings s;
    s.kind = OptimizerKind::Egu;
    Eigen::ArrayXf theta = values({1, 0, 2});
    EXPECT_THROW(makeOptimizer(s, vectorLayout(3), theta), std::invalid_argument);
    s.kind = OptimizerKind::ReparamGd;
    EXPECT_THROW(makeOptimizer(s, vectorLayout(3), theta), std::invalid_argument);
}

TEST(Exponentiated, ClampTheExponentAndCountUnderflowsToZero) {
    // A gradient of 1 with η = 1000: each step's exponent is clamped to −30, so θ = e^{−30k}
    // after k steps; float reaches exactly 0 at the fourth (e^{−120} < the least subnormal), and
    // 0 is absorbing. The coordinates without gradient stay, and are not counted.
    OptimizerSettings s;
    s.kind = OptimizerKind::Egu;
    s.lr = 1000;
    Eigen::ArrayXf theta = Eigen::ArrayXf::Ones(8);
    const auto opt = makeOptimizer(s, vectorLayout(8), theta);
    Eigen::ArrayXf g = Eigen::ArrayXf::Zero(8);
    g.head(5).setOnes();
    opt->step(theta, g);
    EXPECT_NEAR(theta(0) / std::exp(-30.0f), 1.0, 1e-5);
    EXPECT_EQ(opt->underflowCount(), 0);
    for (int k = 1; k < 4; ++k)
        opt->step(theta, g);
    EXPECT_TRUE((theta.head(5) == 0.0f).all());
    EXPECT_TRUE((theta.tail(3) == 1.0f).all());
    EXPECT_EQ(opt->underflowCount(), 5);
    g = -g; // a gradient that would grow them cannot: 0 stays 0
    opt->step(theta, g);
    EXPECT_EQ(opt->underflowCount(), 5);
    EXPECT_TRUE((theta.head(5) == 0.0f).all());
}

TEST(EgPm, UnnormalisedKeepsThetaPlusTimesThetaMinus) {
    // θ⁺ ← θ⁺e^{−ηg}, θ⁻ ← θ⁻e^{ηg}: their product is invariant, init² from θ₀ = 0.
    OptimizerSettings s;
    s.kind = OptimizerKind::EgPm;
    s.lr = 0.5;
    s.initScale = 1e-3;
    Eigen::ArrayXf theta = Eigen::ArrayXf::Zero(4);
    const auto opt = makeOptimizer(s, vectorLayout(4), theta);
    EXPECT_TRUE((theta == 0.0f).all());
    const Eigen::ArrayXf g = values({1.0f, -3.0f, 0.25f, 0.0f});
    for (int t = 0; t < 10; ++t)
        opt->step(theta, g);
    const Eigen::ArrayXf &plus = *opt->state(StateVector::Plus),
                         &minus = *opt->state(StateVector::Minus);
    for (int i = 0; i < 4; ++i)
        EXPECT_NEAR(plus(i) * minus(i) / 1e-6f, 1.0, 1e-4) << i;
    EXPECT_TRUE(theta.isApprox(plus - minus));
    EXPECT_NEAR(theta(1), 1e-3 * (std::exp(15.0) - std::exp(-15.0)), 1e-4 * theta(1));
    EXPECT_FLOAT_EQ(opt->effectiveStep(2), 0.5f * (plus(2) + minus(2)));
}

TEST(EgPm, BootstrapsFromASignedStart) {
    OptimizerSettings s;
    s.kind = OptimizerKind::EgPm;
    s.initScale = 0.01;
    Eigen::ArrayXf theta = values({0.5f, -0.25f, 0.0f});
    const auto opt = makeOptimizer(s, vectorLayout(3), theta);
    EXPECT_TRUE(theta.isApprox(values({0.5f, -0.25f, 0.0f})));
    EXPECT_TRUE(opt->state(StateVector::Plus)->isApprox(values({0.51f, 0.01f, 0.01f})));
}

TEST(EgPm, NormalisedSumsToTheTotalWeightPerTensorOrPerNeuron) {
    // A 2-neuron layer of 3 inputs with its bias, then a vector tensor.
    ParamLayout layout;
    const int w = layout.add("W1", 2, 3);
    layout.tensors[std::size_t(w)].bias = layout.add("b1", 2, 1, true);
    layout.add("v", 1, 4);
    Eigen::ArrayXf g(12);
    g << 0.3f, -0.1f, 0.2f, 0.5f, -0.4f, 0.0f, 1.0f, -1.0f, 0.7f, 0.1f, -0.2f, 0.3f;
    for (EgNormalisation per : {EgNormalisation::Tensor, EgNormalisation::Neuron}) {
        OptimizerSettings s;
        s.kind = OptimizerKind::EgPm;
        s.lr = 0.2;
        s.totalWeight = 2.5;
        s.normalisation = per;
        Eigen::ArrayXf theta = Eigen::ArrayXf::Zero(12);
        const auto opt = makeOptimizer(s, layout, theta);
        for (int t = 0; t < 5; ++t)
            opt->step(theta, g);
        const Eigen::ArrayXf total =
            *opt->state(StateVector::Plus) + *opt->state(StateVector::Minus);
        if (per == EgNormalisation::Tensor) {
            EXPECT_NEAR(total.segment(0, 6).sum(), 2.5, 1e-5);
            EXPECT_NEAR(total.segment(6, 2).sum(), 2.5, 1e-5);
        } else {
            // Neuron r: W1's row r (entries r, r + 2, r + 4) and b1[r].
            for (int r = 0; r < 2; ++r)
                EXPECT_NEAR(total(r) + total(r + 2) + total(r + 4) + total(6 + r), 2.5, 1e-5);
        }
        EXPECT_NEAR(total.segment(8, 4).sum(), 2.5, 1e-5); // the vector is one neuron either way
        // The exponent is η·U·g: the effective step carries U.
        EXPECT_FLOAT_EQ(opt->effectiveStep(9), 0.2f * 2.5f * total(9));
    }
}

} // namespace
