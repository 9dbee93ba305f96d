// SPDX-License-Identifier: MIT
// The algebra of post 9590 against gradients.md §4.2 checks 1–5: finite differences, the two
// implementations, the SGD expansion, the random projection's expectation, the additive rank.
#include <cmath>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <gtest/gtest.h>

#include "lora/lora_math.h"
#include "support/reference_svd.h"

using namespace dimscope::lora;
namespace reference = dimscope::reference;

namespace {

Matrix gaussian(int rows, int cols, boost::random::mt19937_64 &engine, double sd = 1.0) {
    boost::random::normal_distribution<double> normal(0.0, sd);
    Matrix out(rows, cols);
    for (int j = 0; j < cols; ++j)
        for (int i = 0; i < rows; ++i)
            out(i, j) = normal(engine);
    return out;
}

/// L at W = W₀ + AB, evaluated from X and Y directly (not through the Gram matrix).
double directLoss(const Regression &task, const Matrix &a, const Matrix &b) {
    const Matrix r = task.x * (task.w0 + a * b) - task.y;
    return r.squaredNorm() / (2.0 * double(task.x.rows()));
}

} // namespace

TEST(LoraMath, TargetHasTheRequestedRankAndNorm) {
    const Regression task = makeRegression(32, 32, 256, 3, 2.5, 7);
    EXPECT_NEAR(task.target.norm(), 2.5, 1e-12);
    const Eigen::VectorXd s = reference::jacobiSingularValues(task.target);
    EXPECT_GT(s(2), 1e-3);
    EXPECT_LT(s(3), 1e-12);
    // The loss at the target is round-off, and lossOfDelta is the direct loss.
    EXPECT_LT(lossOfDelta(task, task.target), 1e-28);
    boost::random::mt19937_64 engine(1);
    const Matrix a = gaussian(32, 2, engine, 0.3), b = gaussian(2, 32, engine, 0.3);
    EXPECT_NEAR(lossOfDelta(task, a * b), directLoss(task, a, b), 1e-12 * directLoss(task, a, b));
}

TEST(LoraMath, FactorGradientsMatchFiniteDifferences) {
    // Check 1: central differences, h = 1e-6, max abs error < 1e-7.
    const Regression task = makeRegression(12, 10, 64, 2, 2.0, 3);
    boost::random::mt19937_64 engine(5);
    const Matrix a = gaussian(12, 3, engine, 0.5), b = gaussian(3, 10, engine, 0.5);
    const FactorGradients g = factorGradientsForm1(task, Matrix::Zero(12, 10), a, b);
    const double h = 1e-6;
    double worst = 0;
    for (int i = 0; i < a.rows(); ++i)
        for (int j = 0; j < a.cols(); ++j) {
            Matrix up = a, down = a;
            up(i, j) += h;
            down(i, j) -= h;
            const double fd = (directLoss(task, up, b) - directLoss(task, down, b)) / (2 * h);
            worst = std::max(worst, std::abs(fd - g.a(i, j)));
        }
    for (int i = 0; i < b.rows(); ++i)
        for (int j = 0; j < b.cols(); ++j) {
            Matrix up = b, down = b;
            up(i, j) += h;
            down(i, j) -= h;
            const double fd = (directLoss(task, a, up) - directLoss(task, a, down)) / (2 * h);
            worst = std::max(worst, std::abs(fd - g.b(i, j)));
        }
    EXPECT_LT(worst, 1e-7);
    EXPECT_GT(g.a.norm(), 1e-3); // a gradient worth checking
}

TEST(LoraMath, TheTwoImplementationsAgree) {
    // Check 1: forms (1) and (2) agree to 1e-12, also with the symmetric init's offset.
    const Regression task = makeRegression(32, 32, 256, 4, 2.5, 11);
    boost::random::mt19937_64 engine(2);
    const Matrix a = gaussian(32, 4, engine, 0.2), b = gaussian(4, 32, engine, 0.2);
    const Matrix offset = -gaussian(32, 4, engine, 0.2) * gaussian(4, 32, engine, 0.2);
    const FactorGradients one = factorGradientsForm1(task, offset, a, b);
    const FactorGradients two = factorGradientsForm2(task, task.x * offset, a, b);
    EXPECT_EQ(one.a.rows(), 32);
    EXPECT_EQ(one.a.cols(), 4);
    EXPECT_EQ(two.b.rows(), 4);
    EXPECT_LT((one.a - two.a).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_LT((one.b - two.b).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(LoraMath, SgdExpansionIdentityHolds) {
    // Check 2: A₁B₁ − A₀B₀ = −η(GBᵀB + AAᵀG) + η²GBᵀAᵀG.
    const Regression task = makeRegression(16, 20, 128, 2, 2.0, 4);
    boost::random::mt19937_64 engine(9);
    const Matrix a = gaussian(16, 3, engine, 0.4), b = gaussian(3, 20, engine, 0.4);
    const double eta = 0.07;
    const Matrix g = gradientOfDelta(task, a * b);
    const Matrix a1 = a - eta * g * b.transpose(), b1 = b - eta * a.transpose() * g;
    const Matrix exact = a1 * b1 - a * b;
    const Matrix expansion =
        -eta * loraFirstOrderUpdate(g, a, b) + eta * eta * g * b.transpose() * a.transpose() * g;
    EXPECT_LT((exact - expansion).cwiseAbs().maxCoeff(), 1e-14);
}

TEST(LoraMath, FirstStepFromZeroBLiesInTheColumnsOfA) {
    // Check 3: with B₀ = 0, ∂_A = 0 and ΔW = −ηA₀A₀ᵀG, rank ≤ r.
    const Regression task = makeRegression(24, 24, 128, 5, 2.0, 6);
    boost::random::mt19937_64 engine(3);
    const Matrix a = gaussian(24, 2, engine, 1.0 / std::sqrt(24.0)), b = Matrix::Zero(2, 24);
    const FactorGradients g = factorGradientsForm2(task, Matrix::Zero(128, 24), a, b);
    EXPECT_EQ(g.a.cwiseAbs().maxCoeff(), 0.0);
    const double eta = 0.1;
    const Matrix step = a * (b - eta * g.b) - a * b;
    const Matrix expected = -eta * a * a.transpose() * gradientOfDelta(task, Matrix::Zero(24, 24));
    EXPECT_LT((step - expected).cwiseAbs().maxCoeff(), 1e-14);
    const Eigen::VectorXd s = reference::jacobiSingularValues(step);
    EXPECT_GT(s(1), 1e-6);
    EXPECT_LT(s(2), 1e-14 * s(0));
}

TEST(LoraMath, RandomProjectionAveragesToTwiceTheGradient) {
    // Check 4: 2·10⁵ draws, ‖mean − 2G‖/‖2G‖ ≈ 3e-3 (Monte Carlo: 1/√draws scale).
    boost::random::mt19937_64 engine(12);
    const int n = 8, m = 6;
    const Matrix g = gaussian(n, m, engine);
    boost::random::normal_distribution<double> normal;
    Matrix sum = Matrix::Zero(n, m);
    const int draws = 200000;
    Eigen::VectorXd u(n);
    Eigen::RowVectorXd v(m);
    for (int k = 0; k < draws; ++k) {
        for (int i = 0; i < n; ++i)
            u(i) = normal(engine);
        for (int j = 0; j < m; ++j)
            v(j) = normal(engine);
        sum += g * v.transpose() * v + u * (u.transpose() * g);
    }
    const double error = (sum / draws - 2 * g).norm() / (2 * g).norm();
    EXPECT_LT(error, 1e-2);
    // And not G: the factor 2 is real.
    EXPECT_GT((sum / draws - g).norm() / g.norm(), 0.9);
}

TEST(LoraMath, AdditiveVariantHasRankTwo) {
    // Check 5: A1ᵀ + 1B has exactly two non-zero singular values.
    boost::random::mt19937_64 engine(8);
    const Matrix a = gaussian(32, 1, engine), b = gaussian(1, 32, engine);
    const Matrix delta = a * additiveRowTiling(1, 32) + additiveColumnTiling(32, 1) * b;
    const Eigen::VectorXd s = reference::jacobiSingularValues(delta);
    EXPECT_GT(s(1), 0.1);
    EXPECT_LT(s(2), 1e-13 * s(0));
    // r = 4 tiles: rank ≤ 2r = 8, and 8 for a generic draw.
    const Matrix a4 = gaussian(32, 4, engine), b4 = gaussian(4, 32, engine);
    const Matrix d4 = a4 * additiveRowTiling(4, 32) + additiveColumnTiling(32, 4) * b4;
    const Eigen::VectorXd s4 = reference::jacobiSingularValues(d4);
    EXPECT_GT(s4(6), 1e-3);
    EXPECT_LT(s4(8), 1e-12 * s4(0));
}

TEST(LoraMath, BestRankLossIsReachedByTheWeightedTruncation) {
    const Regression task = makeRegression(16, 16, 128, 16, 2.0, 5);
    EXPECT_NEAR(bestRankLoss(task, 16), 0.0, 1e-20);
    double previous = lossOfDelta(task, Matrix::Zero(16, 16));
    for (int r = 1; r <= 8; r *= 2) {
        const double best = bestRankLoss(task, r);
        EXPECT_LT(best, previous);
        // The plain truncated SVD of Δ* is a rank-r candidate: it cannot beat the optimum.
        const reference::ThinSvd svd = reference::jacobiThinSvd(task.target);
        const Matrix truncated =
            svd.u.leftCols(r) * svd.s.head(r).asDiagonal() * svd.v.leftCols(r).transpose();
        EXPECT_LE(best, lossOfDelta(task, truncated) + 1e-12);
        previous = best;
    }
}
