// SPDX-License-Identifier: MIT
// The update-direction solvers against gradients.md §3.3 checks 1–4: the two-task normalised sum,
// the KKT property of the min-norm point, the slower averaging iteration, the solvers' agreement,
// and Su's counterexample to the MGDA paper's Appendix A.
#include <cmath>
#include <vector>

#include <Eigen/Eigenvalues>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <gtest/gtest.h>

#include "pareto/min_norm.h"

using namespace dimscope::pareto;

namespace {

/// n random gradients in R^d (columns), with the conflict g₁ ← g₁ − g₂ of check 3.
Eigen::MatrixXd conflictingGradients(int d, int n, std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<double> normal;
    Eigen::MatrixXd g(d, n);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < d; ++i)
            g(i, j) = normal(engine);
    g.col(0) -= g.col(1);
    return g;
}

Eigen::MatrixXd gramOf(const Eigen::MatrixXd &g) { return g.transpose() * g; }

} // namespace

TEST(MinNorm, TwoTaskNormalisedSumNeverConflicts) {
    // Check 1: ⟨gᵢ, g₁/‖g₁‖ + g₂/‖g₂‖⟩ ≥ 0 in 10⁵ draws in R¹⁰.
    boost::random::mt19937_64 engine(1);
    boost::random::normal_distribution<double> normal;
    int violations = 0;
    double smallest = 1e300;
    for (int k = 0; k < 100000; ++k) {
        Eigen::VectorXd g1(10), g2(10);
        for (int i = 0; i < 10; ++i) {
            g1(i) = normal(engine);
            g2(i) = normal(engine);
        }
        const Eigen::VectorXd u = g1 / g1.norm() + g2 / g2.norm();
        const double worst = std::min(g1.dot(u) / g1.norm(), g2.dot(u) / g2.norm());
        smallest = std::min(smallest, worst);
        violations += worst < -1e-12;
    }
    EXPECT_EQ(violations, 0);
    EXPECT_LT(smallest, 0.1); // some draws were close to opposite: the check had teeth
}

TEST(MinNorm, LineSearchIsTheMinimumOverTheSegment) {
    boost::random::mt19937_64 engine(2);
    boost::random::normal_distribution<double> normal;
    for (int k = 0; k < 200; ++k) {
        Eigen::Vector3d a, b;
        for (int i = 0; i < 3; ++i) {
            a(i) = normal(engine);
            b(i) = normal(engine) + (k % 3 == 0 ? 3 * a(i) : 0.0); // some with a·b ≥ a·a
        }
        const double gamma = minNormLineSearch(a.dot(a), a.dot(b), b.dot(b));
        ASSERT_GE(gamma, 0.0);
        ASSERT_LE(gamma, 1.0);
        const double best = (gamma * a + (1 - gamma) * b).squaredNorm();
        for (int i = 0; i <= 1000; ++i) {
            const double t = i / 1000.0;
            EXPECT_LE(best, (t * a + (1 - t) * b).squaredNorm() + 1e-12);
        }
    }
}

TEST(MinNorm, FrankWolfeMeetsTheKktCondition) {
    // Checks 2 and 3: min_i⟨gᵢ, u⟩ − ‖u‖² ≥ −1e-8 after 2000 iterations (n = 2, 3).
    for (int n : {2, 3}) {
        const Eigen::MatrixXd m = gramOf(conflictingGradients(50, n, 3));
        const Eigen::VectorXd alpha = frankWolfeMinNorm(m, 2000);
        EXPECT_NEAR(alpha.sum(), 1.0, 1e-12);
        EXPECT_GE(alpha.minCoeff(), 0.0);
        EXPECT_GE(kktResidual(m, alpha), -1e-8) << "n = " << n;
        // And the uniform start did not already satisfy it (the solver did the work).
        EXPECT_LT(kktResidual(m, Eigen::VectorXd::Constant(n, 1.0 / n)), -1e-3) << "n = " << n;
    }
    // n = 5: the reference reached 4e-8 in 2000 iterations; 20000 reach 1e-8 here.
    const Eigen::MatrixXd m5 = gramOf(conflictingGradients(50, 5, 3));
    EXPECT_GE(kktResidual(m5, frankWolfeMinNorm(m5, 2000)), -1e-6);
    EXPECT_GE(kktResidual(m5, frankWolfeMinNorm(m5, 20000)), -1e-8);
}

TEST(MinNorm, AveragingIterationIsSlowerButGetsThere) {
    // Check 3: γ = 1/(k+1) reaches about −2e-3 after 2·10⁴ iterations (O(1/k)).
    const Eigen::MatrixXd m = gramOf(conflictingGradients(50, 3, 3));
    const double early = kktResidual(m, averagingMinNorm(m, 2000));
    const double late = kktResidual(m, averagingMinNorm(m, 20000));
    EXPECT_LT(late, -1e-6); // still visibly short of the optimum …
    EXPECT_GT(late, -1e-2); // … but close
    EXPECT_GT(late, early); // and closing in
    const Eigen::VectorXd fw = frankWolfeMinNorm(m, 2000);
    EXPECT_LT((averagingMinNorm(m, 20000) - fw).cwiseAbs().maxCoeff(), 1e-2);
}

TEST(MinNorm, SoftmaxDescentFindsTheSameWeights) {
    // Check 3: all solvers give the same α; softmax-GD converges at a step below 1/λ_max(M).
    const Eigen::MatrixXd m = gramOf(conflictingGradients(50, 3, 3));
    const double lambdaMax = m.selfadjointView<Eigen::Lower>().eigenvalues().maxCoeff();
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(3);
    const Eigen::VectorXd soft = softmaxMinNorm(m, 1.0 / lambdaMax, 200000, beta);
    const Eigen::VectorXd fw = frankWolfeMinNorm(m, 2000);
    // A weight that is 0 at the optimum is only approached by softmax (β → −∞): compare u.
    EXPECT_LT((soft - fw).cwiseAbs().maxCoeff(), 1e-3);
    EXPECT_NEAR(soft.dot(m * soft), fw.dot(m * fw), 1e-4 * fw.dot(m * fw));
}

TEST(MinNorm, MainAuxiliaryIsAProjectionForOneAuxiliary) {
    // One auxiliary: λ = relu(−⟨g₀, g₁⟩)/‖g₁‖².
    boost::random::mt19937_64 engine(4);
    boost::random::normal_distribution<double> normal;
    int conflicts = 0;
    for (int k = 0; k < 200; ++k) {
        Eigen::MatrixXd g(5, 2);
        for (int j = 0; j < 2; ++j)
            for (int i = 0; i < 5; ++i)
                g(i, j) = normal(engine);
        const Eigen::VectorXd w = mainAuxiliaryWeights(gramOf(g));
        const double expected = std::max(0.0, -g.col(0).dot(g.col(1))) / g.col(1).squaredNorm();
        EXPECT_EQ(w(0), 1.0);
        EXPECT_NEAR(w(1), expected, 1e-12);
        conflicts += expected > 0;
    }
    EXPECT_GT(conflicts, 20);
    EXPECT_LT(conflicts, 180);
    // Two auxiliaries: the result is optimal among λ ≥ 0 (KKT: the gradient is ≥ 0, = 0 where
    // λ > 0).
    for (int k = 0; k < 50; ++k) {
        Eigen::MatrixXd g(4, 3);
        for (int j = 0; j < 3; ++j)
            for (int i = 0; i < 4; ++i)
                g(i, j) = normal(engine);
        const Eigen::VectorXd w = mainAuxiliaryWeights(gramOf(g));
        const Eigen::VectorXd u = g * w;
        for (int i = 1; i < 3; ++i) {
            EXPECT_GE(w(i), 0.0);
            const double slope = g.col(i).dot(u);
            EXPECT_GE(slope, -1e-10);
            if (w(i) > 0) {
                EXPECT_NEAR(slope, 0.0, 1e-10);
            }
        }
    }
}

TEST(MinNorm, SuCounterexampleToTheMgdaAppendix) {
    // Check 4: x = (1, −2), y = (1, 1), M = diag(3, 1): xᵀy = −1 but xᵀMy = 1, so "xᵀy ≥ 0 ⟺
    // xᵀMy ≥ 0 for positive-definite M" is false.
    const Eigen::Vector2d x(1, -2), y(1, 1);
    const Eigen::Matrix2d m = Eigen::Vector2d(3, 1).asDiagonal();
    EXPECT_EQ(x.dot(y), -1.0);
    EXPECT_EQ(x.dot(m * y), 1.0);
    EXPECT_GT(m.selfadjointView<Eigen::Lower>().eigenvalues().minCoeff(), 0.0);
}
