// SPDX-License-Identifier: MIT
// The float training path against the double engine (nets/mlp.h): the same outputs and losses,
// and the batch gradient Σ_i ∇_θ ℓ_i / N of both losses from the double engine's backward pass, for
// tanh and relu nets of several shapes; the input slope against central differences.
#include <gtest/gtest.h>

#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "nets/float_mlp.h"

namespace {

using namespace dimscope;
using namespace dimscope::mlp;

Eigen::MatrixXf gaussian(int rows, int cols, boost::random::mt19937_64 &engine) {
    boost::random::normal_distribution<float> normal;
    Eigen::MatrixXf m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = normal(engine);
    return m;
}

/// The double engine's batch gradient, in the float path's layout (per layer W column-major,
/// then b), averaged over the batch.
Eigen::VectorXd doubleGradient(const FloatMlp &shape, const Eigen::ArrayXf &theta,
                               const Eigen::MatrixXf &x, const Objective &objective) {
    const Network net = toNetwork(shape, theta.data());
    const ForwardPass pass = forward(net, x.cast<double>());
    const BackwardPass back = backward(net, pass, objectiveGradient(objective, pass.h.back()));
    Eigen::VectorXd g = Eigen::VectorXd::Zero(theta.size());
    const auto n = double(x.cols());
    Eigen::Index pos = 0;
    for (std::size_t k = 0; k < net.layers.size(); ++k) {
        const Eigen::MatrixXd gw = back.delta[k] * pass.h[k].transpose() / n;
        g.segment(pos, gw.size()) = Eigen::Map<const Eigen::VectorXd>(gw.data(), gw.size());
        pos += gw.size();
        g.segment(pos, back.delta[k].rows()) = back.delta[k].rowwise().sum() / n;
        pos += back.delta[k].rows();
    }
    return g;
}

double relativeError(const Eigen::VectorXd &a, const Eigen::VectorXd &b) {
    return (a - b).norm() / b.norm();
}

struct Case {
    std::vector<int> widths;
    Activation hidden;
    Loss loss;
};

class FloatMlpAgainstDouble : public ::testing::TestWithParam<Case> {};

TEST_P(FloatMlpAgainstDouble, OutputsLossAndGradientAgree) {
    const Case c = GetParam();
    boost::random::mt19937_64 engine(7);
    FloatMlp shape;
    shape.widths = c.widths;
    shape.hidden = c.hidden;
    ASSERT_FALSE(shape.check());
    const Eigen::ArrayXf theta = defaultInitialisation(shape, engine);
    ASSERT_EQ(theta.size(), shape.parameterCount());
    const int n = 37;
    const Eigen::MatrixXf x = gaussian(shape.inputDim(), n, engine);
    Eigen::MatrixXf y = gaussian(shape.outputDim(), n, engine);
    std::vector<int> classes(n);
    for (int i = 0; i < n; ++i)
        classes[std::size_t(i)] = (i * 7) % shape.outputDim();

    Objective objective;
    FloatTargets targets;
    targets.loss = c.loss;
    if (c.loss == Loss::Mse) {
        objective.kind = Objective::Kind::Mse;
        objective.targets = y.cast<double>();
        targets.values = &y;
    } else {
        objective.kind = Objective::Kind::CrossEntropy;
        objective.classes = classes;
        targets.classes = classes.data();
    }
    FloatWorkspace ws;
    Eigen::ArrayXf grad(theta.size());
    const double loss = lossAndGradient(shape, theta.data(), x, targets, grad.data(), ws);

    const Network net = toNetwork(shape, theta.data());
    const ForwardPass pass = forward(net, x.cast<double>());
    const double expectedLoss = objectiveValue(objective, pass.h.back()).mean();
    EXPECT_NEAR(loss, expectedLoss, 1e-5 * std::abs(expectedLoss));
    FloatWorkspace other;
    const Eigen::MatrixXf &f = forward(shape, theta.data(), x, other);
    EXPECT_LT((f.cast<double>() - pass.h.back()).cwiseAbs().maxCoeff(), 1e-5);
    EXPECT_NEAR(lossOf(f, targets), expectedLoss, 1e-5 * std::abs(expectedLoss));

    const Eigen::VectorXd expected = doubleGradient(shape, theta, x, objective);
    EXPECT_LT(relativeError(grad.cast<double>().matrix(), expected), 1e-5);

    // The same workspace again, and a fresh one, give the same numbers.
    Eigen::ArrayXf again(theta.size());
    lossAndGradient(shape, theta.data(), x, targets, again.data(), ws);
    EXPECT_TRUE((again == grad).all());
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, FloatMlpAgainstDouble,
    ::testing::Values(Case{{1, 64, 64, 1}, Activation::Tanh, Loss::Mse},
                      Case{{2, 32, 32, 3}, Activation::Tanh, Loss::CrossEntropy},
                      Case{{5, 9, 4}, Activation::Relu, Loss::Mse},
                      Case{{64, 40, 40, 10}, Activation::Relu, Loss::CrossEntropy},
                      Case{{300, 70, 200, 10}, Activation::Tanh, Loss::CrossEntropy}));

TEST(FloatMlp, LayoutNamesEveryTensorInOrder) {
    FloatMlp shape;
    shape.widths = {3, 5, 2};
    const ParamLayout layout = shape.layout();
    ASSERT_EQ(layout.tensors.size(), 4u);
    EXPECT_EQ(layout.tensors[0].name, "W1");
    EXPECT_EQ(layout.tensors[0].rows, 5);
    EXPECT_EQ(layout.tensors[0].cols, 3);
    EXPECT_EQ(layout.tensors[0].bias, 1);
    EXPECT_TRUE(layout.tensors[1].isBias);
    EXPECT_EQ(layout.tensors[2].offset, 20);
    EXPECT_EQ(layout.size(), 5 * 3 + 5 + 2 * 5 + 2);
    EXPECT_EQ(layout.label(7), "W1[2,1]");
    EXPECT_EQ(layout.label(16), "b1[1]");
}

TEST(FloatMlp, InputSlopeMatchesDifferencesOfTheOutput) {
    boost::random::mt19937_64 engine(3);
    FloatMlp shape; // 1-64-64-1 tanh
    const Eigen::ArrayXf theta = defaultInitialisation(shape, engine);
    Eigen::MatrixXf x(1, 5);
    x << -0.9f, -0.3f, 0.0f, 0.4f, 0.8f;
    Eigen::MatrixXf value, slope;
    forwardWithInputSlope(shape, theta.data(), x, value, slope);
    const Network net = toNetwork(shape, theta.data());
    const double h = 1e-5;
    for (int i = 0; i < 5; ++i) {
        Eigen::MatrixXd p(1, 1), m(1, 1);
        p(0, 0) = double(x(0, i)) + h;
        m(0, 0) = double(x(0, i)) - h;
        const double fd =
            (forward(net, p).h.back()(0, 0) - forward(net, m).h.back()(0, 0)) / (2 * h);
        EXPECT_NEAR(slope(0, i), fd, 1e-4 * (1 + std::abs(fd)));
        EXPECT_NEAR(value(0, i), forward(net, x.col(i).cast<double>()).h.back()(0, 0), 1e-5);
    }
}

TEST(FloatMlp, RejectsWhatTheFloatEngineCannotRun) {
    FloatMlp shape;
    shape.widths = {4};
    EXPECT_TRUE(shape.check());
    shape.widths = {4, 0, 1};
    EXPECT_TRUE(shape.check());
    shape.widths = {4, 3, 1};
    shape.hidden = Activation::Gelu;
    EXPECT_TRUE(shape.check());
}

} // namespace
