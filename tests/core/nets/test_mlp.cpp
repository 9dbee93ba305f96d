// SPDX-License-Identifier: MIT
// The MLP engine: gradients against central finite differences (gradients.md §1.7.5), the
// chain-rule identity of §1.2 step 2, Jacobian products against explicit Jacobians, seeded
// determinism.
#include <gtest/gtest.h>

#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "nets/mlp.h"

namespace {

using namespace dimscope;
using namespace dimscope::mlp;
using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd gaussian(int rows, int cols, boost::random::mt19937_64 &engine) {
    boost::random::normal_distribution<double> normal;
    MatrixXd m(rows, cols);
    for (int c = 0; c < cols; ++c)
        for (int r = 0; r < rows; ++r)
            m(r, c) = normal(engine);
    return m;
}

Objective projection(int d, boost::random::mt19937_64 &engine) {
    Objective o;
    o.u = gaussian(d, 1, engine);
    return o;
}

double minAbsPreActivation(const Network &net, const MatrixXd &x) {
    double m = 1e300;
    MatrixXd h = x;
    for (const auto &layer : net.layers) {
        MatrixXd z = layer.weight * h;
        z.colwise() += layer.bias;
        m = std::min(m, z.cwiseAbs().minCoeff());
        h = forward(Network{{layer}}, h).h.back();
    }
    return m;
}

/// Max relative error of ∇ₓf and ∇_θf against central differences with step 1e-6.
void expectGradientsMatchFiniteDifferences(const Network &net, const Objective &objective,
                                           const VectorXd &x) {
    const ForwardPass pass = forward(net, x);
    const BackwardPass back = backward(net, pass, objectiveGradient(objective, pass.h.back()));
    const double h = 1e-6;
    const auto f = [&](const Network &n, const VectorXd &in) {
        return objectiveValue(objective, forward(n, in).h.back())(0);
    };
    VectorXd fdX(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        VectorXd p = x, m = x;
        p(i) += h;
        m(i) -= h;
        fdX(i) = (f(net, p) - f(net, m)) / (2 * h);
    }
    EXPECT_LT((fdX - back.gradInput.col(0)).norm(), 1e-6 * back.gradInput.col(0).norm() + 1e-10);

    const VectorXd theta = flattenParameters(net);
    VectorXd fdTheta(theta.size());
    Network probe = net;
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        VectorXd p = theta, m = theta;
        p(i) += h;
        m(i) -= h;
        assignParameters(probe, p);
        const double fp = f(probe, x);
        assignParameters(probe, m);
        fdTheta(i) = (fp - f(probe, x)) / (2 * h);
    }
    const VectorXd analytic = parameterGradient(pass, back, 0);
    EXPECT_LT((fdTheta - analytic).norm(), 1e-6 * analytic.norm() + 1e-10);
    // The closed form ‖∇_θf‖² = Σ ‖δ_k‖²(1 + ‖h[k]‖²) is the norm of that very vector.
    const GradientNorms norms = gradientNorms(net, pass, back, true);
    EXPECT_NEAR(norms.gradThetaSq(0), analytic.squaredNorm(), 1e-12 * analytic.squaredNorm());
}

TEST(Mlp, GradientsMatchCentralDifferencesForEveryActivation) {
    boost::random::mt19937_64 engine(7);
    for (const auto &name : enumNames<Activation>()) {
        SCOPED_TRACE(name);
        InitSpec spec;
        spec.widths = {3, 5, 4, 2};
        spec.activation = *enumFrom<Activation>(name);
        spec.outputActivation = spec.activation;
        Network net = randomNetwork(spec, engine);
        VectorXd x = gaussian(3, 1, engine);
        // Central differences straddling a ReLU kink are meaningless: redraw until far from one.
        while (minAbsPreActivation(net, x) < 1e-3)
            x = gaussian(3, 1, engine);
        expectGradientsMatchFiniteDifferences(net, projection(2, engine), x);
    }
}

TEST(Mlp, GradientsMatchCentralDifferencesForEveryObjectiveAndResidual) {
    boost::random::mt19937_64 engine(11);
    InitSpec spec;
    spec.widths = {4, 6, 6, 3};
    spec.residual = true;
    spec.branchGain = 0.4;
    Network net = randomNetwork(spec, engine);
    net.layers[1].branchScale = 0.6;
    ASSERT_TRUE(net.layers[1].residual);
    ASSERT_FALSE(net.layers[0].residual);
    const VectorXd x = gaussian(4, 1, engine);
    Objective o;
    o.kind = Objective::Kind::Sum;
    expectGradientsMatchFiniteDifferences(net, o, x);
    o.kind = Objective::Kind::Index;
    o.index = 2;
    expectGradientsMatchFiniteDifferences(net, o, x);
    o.kind = Objective::Kind::Mse;
    o.targets = gaussian(3, 1, engine);
    expectGradientsMatchFiniteDifferences(net, o, x);
    o.kind = Objective::Kind::CrossEntropy;
    o.classes = {1};
    expectGradientsMatchFiniteDifferences(net, o, x);
}

TEST(Mlp, ChainRuleThroughEveryLayerToRoundOff) {
    // §1.2 step 2: ∇ₓf = J_kᵀ W_kᵀ δ_k for every k (plain nets). Reference max 6e-14.
    boost::random::mt19937_64 engine(3);
    double worst = 0;
    for (const auto &name : enumNames<Activation>()) {
        InitSpec spec;
        spec.widths = {5, 8, 7, 6, 2};
        spec.activation = *enumFrom<Activation>(name);
        for (int rep = 0; rep < 20; ++rep) {
            const Network net = randomNetwork(spec, engine);
            const MatrixXd x = gaussian(5, 4, engine);
            const ForwardPass pass = forward(net, x);
            const BackwardPass back =
                backward(net, pass, objectiveGradient(projection(2, engine), pass.h.back()));
            for (int i = 0; i < 4; ++i) {
                const auto j = jacobians(net, pass, i);
                const VectorXd gx = back.gradInput.col(i);
                if (gx.norm() == 0)
                    continue;
                for (int k = 0; k < net.depth(); ++k) {
                    const VectorXd viaLayer = j[std::size_t(k)].transpose() *
                                              (net.layers[std::size_t(k)].weight.transpose() *
                                               back.delta[std::size_t(k)].col(i));
                    worst = std::max(worst, (viaLayer - gx).norm() / gx.norm());
                }
            }
        }
    }
    EXPECT_LT(worst, 1e-12);
}

TEST(Mlp, BatchedJacobianProductsMatchExplicitJacobians) {
    boost::random::mt19937_64 engine(5);
    InitSpec spec;
    spec.widths = {3, 6, 6, 4};
    spec.residual = true;
    spec.branchGain = 0.7;
    Network net = randomNetwork(spec, engine);
    net.layers[1].branchScale = 1.3;
    const MatrixXd x = gaussian(3, 5, engine);
    const ForwardPass pass = forward(net, x);
    const MatrixXd v = gaussian(3, 5, engine), w = gaussian(6, 5, engine);
    const MatrixXd jv = jvp(net, pass, 0, 2, v);
    const MatrixXd jtw = vjp(net, pass, 0, 2, w);
    for (int i = 0; i < 5; ++i) {
        const MatrixXd j2 = jacobians(net, pass, i)[2];
        EXPECT_LT((j2 * v.col(i) - jv.col(i)).norm(), 1e-13 * (1 + jv.col(i).norm()));
        EXPECT_LT((j2.transpose() * w.col(i) - jtw.col(i)).norm(), 1e-13 * (1 + jtw.col(i).norm()));
    }
    // A column offset selects the matching samples.
    const MatrixXd tail = jvp(net, pass, 0, 3, v.rightCols(2), 3);
    EXPECT_LT((tail - jvp(net, pass, 0, 3, v).rightCols(2)).norm(), 1e-14);
}

TEST(Mlp, BatchedForwardEqualsPerSample) {
    boost::random::mt19937_64 engine(9);
    const Network net = randomNetwork(InitSpec{}, engine);
    const MatrixXd x = gaussian(4, 7, engine);
    const MatrixXd out = forward(net, x).h.back();
    for (int i = 0; i < 7; ++i)
        EXPECT_LT((forward(net, x.col(i)).h.back() - out.col(i)).norm(), 1e-14);
}

TEST(Mlp, SameSeedSameNetwork) {
    InitSpec spec;
    spec.widths = {4, 16, 16, 1};
    boost::random::mt19937_64 a(42), b(42), c(43);
    EXPECT_EQ(flattenParameters(randomNetwork(spec, a)), flattenParameters(randomNetwork(spec, b)));
    boost::random::mt19937_64 a2(42);
    EXPECT_NE(flattenParameters(randomNetwork(spec, a2)),
              flattenParameters(randomNetwork(spec, c)));
}

TEST(Mlp, InitialisationScale) {
    // W ~ N(0, gain²/d_in): the sample variance of a 400×400 layer is within 2 % of gain²/400.
    boost::random::mt19937_64 engine(1);
    InitSpec spec;
    spec.widths = {400, 400};
    spec.gain = 2.0;
    spec.biasStd = 0.5;
    const Network net = randomNetwork(spec, engine);
    const double var = net.layers[0].weight.squaredNorm() / 160000.0;
    EXPECT_NEAR(var, 4.0 / 400.0, 0.02 * 4.0 / 400.0);
    EXPECT_NEAR(net.layers[0].bias.squaredNorm() / 400.0, 0.25, 0.05);
}

TEST(Mlp, BranchGainScalesOnlyTheResidualWeights) {
    // The reading of "branch gain": square layers get the skip and W ~ N(0,
    // (gain·branchGain)²/d_in); the branch output keeps branchScale = 1, and biases and non-square
    // layers are drawn as without it.
    InitSpec spec;
    spec.widths = {4, 16, 16, 16, 1};
    spec.gain = 1.5;
    spec.residual = true;
    boost::random::mt19937_64 a(7), b(7);
    const Network plain = randomNetwork(spec, a);
    spec.branchGain = 0.1;
    const Network small = randomNetwork(spec, b);
    ASSERT_EQ(small.depth(), 4);
    for (int k = 0; k < 4; ++k) {
        const Layer &p = plain.layers[std::size_t(k)], &s = small.layers[std::size_t(k)];
        const bool square = k == 1 || k == 2;
        EXPECT_EQ(s.residual, square) << k;
        EXPECT_EQ(s.branchScale, 1.0) << k;
        EXPECT_EQ(s.bias, p.bias) << k;
        EXPECT_LT((s.weight - (square ? 0.1 : 1.0) * p.weight).norm(), 1e-15 * p.weight.norm())
            << k;
    }
}

TEST(Mlp, SkipsGoAroundHiddenLayersOnly) {
    // 3-3-3-3-3: every layer is square, but the first reads x and the last writes the output.
    InitSpec spec;
    spec.widths = {3, 3, 3, 3, 3};
    spec.residual = true;
    boost::random::mt19937_64 engine(3);
    const Network net = randomNetwork(spec, engine);
    ASSERT_EQ(net.depth(), 4);
    EXPECT_FALSE(net.layers[0].residual);
    EXPECT_TRUE(net.layers[1].residual);
    EXPECT_TRUE(net.layers[2].residual);
    EXPECT_FALSE(net.layers[3].residual);
}

TEST(Mlp, CheckNamesTheBrokenLayer) {
    boost::random::mt19937_64 engine(1);
    Network net = randomNetwork(InitSpec{}, engine);
    EXPECT_FALSE(net.check());
    Network broken = net;
    broken.layers[1].weight.resize(16, 5);
    broken.layers[1].weight.setZero();
    ASSERT_TRUE(broken.check());
    EXPECT_NE(broken.check()->find("layer 2"), std::string::npos);
    broken = net;
    broken.layers[2].bias(0) = std::nan("");
    ASSERT_TRUE(broken.check());
    EXPECT_NE(broken.check()->find("layer 3"), std::string::npos);
    broken = net;
    broken.layers[0].residual = true;
    EXPECT_TRUE(broken.check());
}

TEST(Mlp, ActivationNamesRoundTrip) {
    for (const auto &name : enumNames<Activation>())
        EXPECT_EQ(nameOf(*enumFrom<Activation>(name)), name);
    EXPECT_FALSE(enumFrom<Activation>("swish"));
}

} // namespace

namespace {

// The fused gradientNorms (forward keeping only slopes and ‖h‖², Gram route for a narrowing first
// layer) equals forward + backward + gradientNorms to round-off; the float path to ~1e-5.
TEST(Mlp, FusedGradientNormsMatchThreeStepRoute) {
    boost::random::mt19937_64 engine(31);
    for (const auto &name : enumNames<Activation>())
        for (const std::vector<int> &widths :
             {std::vector<int>{40, 12, 12, 3}, std::vector<int>{3, 9, 9, 2}}) {
            InitSpec spec;
            spec.widths = widths;
            spec.activation = *enumFrom<Activation>(name);
            spec.residual = widths[0] == 3;
            spec.branchGain = 0.5;
            const Network net = randomNetwork(spec, engine);
            const MatrixXd x = gaussian(widths[0], 6, engine);
            const Objective o = projection(widths.back(), engine);
            const ForwardPass pass = forward(net, x);
            const BackwardPass back = backward(net, pass, objectiveGradient(o, pass.h.back()));
            for (bool biases : {true, false}) {
                const GradientNorms ref = gradientNorms(net, pass, back, biases);
                const GradientNorms d = gradientNorms(net, o, x, biases);
                const GradientNorms f = gradientNorms(net, o, x, biases, Precision::Single);
                for (int i = 0; i < 6; ++i) {
                    EXPECT_NEAR(d.gradXSq(i), ref.gradXSq(i), 1e-12 * ref.gradXSq(i) + 1e-300);
                    EXPECT_NEAR(d.gradThetaSq(i), ref.gradThetaSq(i),
                                1e-12 * ref.gradThetaSq(i) + 1e-300);
                    EXPECT_NEAR(f.gradXSq(i), ref.gradXSq(i), 1e-4 * ref.gradXSq(i) + 1e-12)
                        << name;
                    EXPECT_NEAR(f.gradThetaSq(i), ref.gradThetaSq(i),
                                1e-4 * ref.gradThetaSq(i) + 1e-12)
                        << name;
                }
                // A plan made once gives what a call from scratch gives, bit for bit.
                const GradientNorms planned = FloatNormsPlan(net)(o, x.cast<float>(), biases);
                EXPECT_EQ(planned.gradXSq, f.gradXSq) << name;
                EXPECT_EQ(planned.gradThetaSq, f.gradThetaSq) << name;
            }
        }
}

// A narrowing first layer of rank 2: W_0W_0ᵀ is singular, Cholesky fails, the Gram form is used.
TEST(Mlp, FusedGradientNormsWithASingularFirstLayer) {
    boost::random::mt19937_64 engine(5);
    InitSpec spec;
    spec.widths = {20, 6, 4, 1};
    Network net = randomNetwork(spec, engine);
    const MatrixXd basis = gaussian(2, 20, engine);
    net.layers[0].weight = gaussian(6, 2, engine) * basis;
    const MatrixXd x = gaussian(20, 5, engine);
    const Objective o = projection(1, engine);
    const ForwardPass pass = forward(net, x);
    const BackwardPass back = backward(net, pass, objectiveGradient(o, pass.h.back()));
    const GradientNorms ref = gradientNorms(net, pass, back, true);
    const GradientNorms d = gradientNorms(net, o, x);
    const GradientNorms f = FloatNormsPlan(net)(o, x.cast<float>());
    for (int i = 0; i < 5; ++i) {
        EXPECT_NEAR(d.gradXSq(i), ref.gradXSq(i), 1e-10 * ref.gradXSq(i));
        EXPECT_NEAR(f.gradXSq(i), ref.gradXSq(i), 1e-4 * ref.gradXSq(i));
        EXPECT_NEAR(f.gradThetaSq(i), ref.gradThetaSq(i), 1e-4 * ref.gradThetaSq(i));
    }
}

} // namespace
