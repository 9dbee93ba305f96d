// SPDX-License-Identifier: MIT
#include "pareto/min_norm.h"

#include <cmath>
#include <limits>
#include <vector>

#include <Eigen/LU>

namespace dimscope::pareto {

namespace {
/// Frank–Wolfe stops once min_i ⟨g_i, ũ⟩ ≥ ‖ũ‖² − this · max_i ‖g_i‖²: the optimum to the
/// round-off of Mα (near a Pareto-stationary point ‖ũ‖² → 0 while M keeps its scale).
constexpr double kKktTolerance = 1e-13;
/// The softmax descent stops once no β moves by more than this in a step.
constexpr double kNegligibleStep = 1e-12;
} // namespace

double minNormLineSearch(double aa, double ab, double bb) {
    if (ab >= aa)
        return 1.0;
    if (ab >= bb)
        return 0.0;
    return (bb - ab) / (aa - 2 * ab + bb);
}

Eigen::VectorXd frankWolfeMinNorm(const Eigen::MatrixXd &gram, int iterations) {
    const Eigen::Index n = gram.rows();
    Eigen::VectorXd alpha = Eigen::VectorXd::Constant(n, 1.0 / double(n)), m(n);
    const double tolerance = kKktTolerance * gram.diagonal().maxCoeff();
    for (int k = 0; k < iterations; ++k) {
        m.noalias() = gram * alpha;
        Eigen::Index tau = 0;
        const double least = m.minCoeff(&tau), norm2 = alpha.dot(m);
        // min_i ⟨g_i, ũ⟩ ≥ ‖ũ‖² is the KKT condition: met (to round-off), nothing left to gain.
        if (least >= norm2 - tolerance)
            break;
        // a = g_τ, b = ũ(α): the step moves ũ toward the vertex the hull is least along.
        const double gamma = minNormLineSearch(gram(tau, tau), least, norm2);
        if (gamma <= 0)
            break;
        alpha *= 1 - gamma;
        alpha(tau) += gamma;
    }
    return alpha;
}

Eigen::VectorXd averagingMinNorm(const Eigen::MatrixXd &gram, int iterations) {
    const Eigen::Index n = gram.rows();
    Eigen::VectorXd alpha = Eigen::VectorXd::Constant(n, 1.0 / double(n)), m(n);
    for (int k = 1; k <= iterations; ++k) {
        m.noalias() = gram * alpha;
        Eigen::Index tau = 0;
        m.minCoeff(&tau);
        alpha *= double(k) / double(k + 1);
        alpha(tau) += 1.0 / double(k + 1);
    }
    return alpha;
}

Eigen::VectorXd softmaxMinNorm(const Eigen::MatrixXd &gram, double lr, int iterations,
                               Eigen::VectorXd &beta) {
    const Eigen::Index n = gram.rows();
    Eigen::VectorXd alpha(n), m(n);
    const auto softmax = [&] {
        alpha = (beta.array() - beta.maxCoeff()).exp();
        alpha /= alpha.sum();
    };
    for (int k = 0; k < iterations; ++k) {
        softmax();
        m.noalias() = gram * alpha;
        const double norm2 = alpha.dot(m);
        const Eigen::ArrayXd step = lr * alpha.array() * (m.array() - norm2);
        beta.array() -= step;
        // Warm-started along a path, β is often already at the optimum: stop once steps vanish.
        if (!beta.allFinite() || step.abs().maxCoeff() < kNegligibleStep)
            break;
    }
    softmax();
    return alpha;
}

Eigen::VectorXd mainAuxiliaryWeights(const Eigen::MatrixXd &gram) {
    const Eigen::Index aux = gram.rows() - 1;
    const Eigen::MatrixXd maa = gram.bottomRightCorner(aux, aux);
    const Eigen::VectorXd m0a = gram.col(0).tail(aux);
    const auto objective = [&](const Eigen::VectorXd &l) {
        return 0.5 * gram(0, 0) + l.dot(m0a) + 0.5 * l.dot(maa * l);
    };
    Eigen::VectorXd best = Eigen::VectorXd::Zero(aux);
    double bestValue = std::numeric_limits<double>::infinity();
    for (unsigned set = 0; set < (1u << aux); ++set) {
        std::vector<Eigen::Index> active;
        for (Eigen::Index i = 0; i < aux; ++i)
            if (set & (1u << i))
                active.push_back(i);
        Eigen::VectorXd lambda = Eigen::VectorXd::Zero(aux);
        if (!active.empty()) {
            const Eigen::Index s = Eigen::Index(active.size());
            Eigen::MatrixXd a(s, s);
            Eigen::VectorXd b(s);
            for (Eigen::Index i = 0; i < s; ++i) {
                b(i) = -m0a(active[i]);
                for (Eigen::Index j = 0; j < s; ++j)
                    a(i, j) = maa(active[i], active[j]);
            }
            const auto lu = a.fullPivLu();
            if (!lu.isInvertible())
                continue;
            const Eigen::VectorXd x = lu.solve(b);
            if ((x.array() < 0).any())
                continue;
            for (Eigen::Index i = 0; i < s; ++i)
                lambda(active[i]) = x(i);
        }
        const double value = objective(lambda);
        if (value < bestValue) {
            bestValue = value;
            best = lambda;
        }
    }
    Eigen::VectorXd weights(aux + 1);
    weights << 1.0, best;
    return weights;
}

double kktResidual(const Eigen::MatrixXd &gram, const Eigen::VectorXd &alpha) {
    const Eigen::VectorXd m = gram * alpha;
    return m.minCoeff() - alpha.dot(m);
}

} // namespace dimscope::pareto
