// SPDX-License-Identifier: MIT
// The inequality explorer on a user's model and inputs at extreme magnitudes (issue 13, "Numbers"):
// a result where double can compute it, a refusal (invalid input, exit 2) where it cannot, never a
// silent wrong R. Two identity layers of weights ~1e-100 used to give R = 0 for every input (the
// squares of their gradients underflow), where R is 0.0532 at 1e-30 and 1e-20 alike; weights ~1e100
// overflowed and ended as a failed computation (exit 1).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include <unistd.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "inequality/inequality.h"
#include "nets/model_folder.h"

namespace {

namespace fs = std::filesystem;
using namespace dimscope;

class InequalityExtremes : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir =
            fs::temp_directory_path() / ("dimscope_ineq_extremes_" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    /// A 3-4-2 net (first layer `hidden`, then identity), weights and biases ~N(0, 1)·scale, and
    /// five inputs ~N(0, 1)·inputScale; returns the run on them.
    inequality::InequalityResult run(double scale, mlp::Activation hidden, double inputScale = 1) {
        boost::random::mt19937_64 engine(11);
        boost::random::normal_distribution<double> normal;
        mlp::Network net;
        const int widths[] = {3, 4, 2};
        for (int k = 0; k < 2; ++k) {
            mlp::Layer layer;
            layer.weight.resize(widths[k + 1], widths[k]);
            layer.bias.resize(widths[k + 1]);
            for (Eigen::Index i = 0; i < layer.weight.size(); ++i)
                layer.weight.data()[i] = normal(engine) * scale;
            for (Eigen::Index i = 0; i < layer.bias.size(); ++i)
                layer.bias(i) = normal(engine) * scale;
            layer.activation = k == 0 ? hidden : mlp::Activation::Identity;
            net.layers.push_back(layer);
        }
        const std::string folder = (m_dir / "model").string();
        fs::remove_all(folder);
        mlp::saveModelFolder(net, folder);
        NpyArray x;
        x.rows = 5;
        x.cols = 3;
        for (int i = 0; i < 15; ++i)
            x.real.push_back(normal(engine) * inputScale);
        writeNpy((m_dir / "x.npy").string(), x);
        inequality::InequalityParams p;
        p.model = folder;
        p.inputs = (m_dir / "x.npy").string();
        return inequality::computeInequality(p);
    }

    fs::path m_dir;
};

} // namespace

TEST_F(InequalityExtremes, SmallWeightsGiveTheirLimitOrARefusalNeverZero) {
    // Identity layers: as the weights shrink, R tends to a limit that depends on u alone.
    const auto limit = run(1e-20, mlp::Activation::Identity);
    ASSERT_TRUE(limit.ok()) << limit.message;
    ASSERT_GT(limit.ratio[0], 0);
    for (const double scale : {1e-30, 1e-50}) {
        const auto r = run(scale, mlp::Activation::Identity);
        ASSERT_TRUE(r.ok()) << scale << ": " << r.message;
        for (std::size_t i = 0; i < r.ratio.size(); ++i)
            EXPECT_NEAR(r.ratio[i], limit.ratio[i], 1e-9 * limit.ratio[i]) << scale;
    }
    for (const double scale : {1e-70, 1e-100, 1e-200, 1e-300}) {
        const auto r = run(scale, mlp::Activation::Identity);
        ASSERT_EQ(r.termination, Termination::InvalidInput)
            << scale << ": R = " << (r.ratio.empty() ? -1 : r.ratio[0]) << " " << r.message;
        EXPECT_NE(r.message.find("would fall below the smallest double"), std::string::npos)
            << r.message;
    }
}

TEST_F(InequalityExtremes, LargeWeightsAndInputsAreComputedOrRefusedAsInput) {
    // 1e30 is fine in double (the squares reach 1e120); saturated tanh has slopes of exactly 0.
    auto r = run(1e30, mlp::Activation::Identity);
    ASSERT_TRUE(r.ok()) << r.message;
    for (const double v : r.ratio)
        EXPECT_TRUE(std::isfinite(v) && v > 0) << v;
    r = run(1e30, mlp::Activation::Tanh);
    ASSERT_TRUE(r.ok()) << r.message;
    // Beyond, the gradients overflow: the user's numbers, so invalid input (exit 2), naming them.
    for (const double scale : {1e100, 1e200, 1e300}) {
        r = run(scale, mlp::Activation::Identity);
        EXPECT_EQ(r.termination, Termination::InvalidInput) << scale << ": " << r.message;
        EXPECT_NE(r.message.find("overflowed"), std::string::npos) << r.message;
    }
    // Inputs: 1e±30 compute; 1e200 overflows and is refused naming the inputs file.
    for (const double inputScale : {1e-30, 1e30}) {
        r = run(1, mlp::Activation::Tanh, inputScale);
        ASSERT_TRUE(r.ok()) << inputScale << ": " << r.message;
    }
    r = run(1, mlp::Activation::Identity, 1e200);
    EXPECT_EQ(r.termination, Termination::InvalidInput) << r.message;
    EXPECT_NE(r.message.find("x.npy"), std::string::npos) << r.message;
}
