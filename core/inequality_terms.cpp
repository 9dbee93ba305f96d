// SPDX-License-Identifier: MIT
#include "inequality_terms.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <Eigen/Eigenvalues>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

namespace dimscope::inequality {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

/// Doubles a chunk of explicit Jacobians or Lanczos vectors may hold (64 MB).
constexpr Eigen::Index kChunkBudget = Eigen::Index(1) << 23;

double normOfIdentity(int d, Norm norm) {
    switch (norm) {
    case Norm::Spectral: return 1.0;
    case Norm::Frobenius: return std::sqrt(double(d));
    case Norm::MaxAbs: return 1.0;
    case Norm::Rms: return 1.0 / std::sqrt(double(d));
    }
    return 1.0;
}

/// Largest eigenvalue of a PSD operator per column, by plain Lanczos for `cols` independent
/// operators applied together (apply maps size × cols to size × cols). No reorthogonalisation is
/// needed for the top eigenvalue: in floating point, lost orthogonality only adds spurious copies
/// of converged Ritz values, and every Ritz value stays within round-off of [λ_min, λ_max]
/// (Paige 1980). Ritz values grow monotonically to λ_max; a column stops when its top value
/// changes by < tol (relative) over 5 steps, or on breakdown (an invariant subspace: exact).
VectorXd lanczosTop(Eigen::Index size, Eigen::Index cols, const std::function<MatrixXd(const MatrixXd &)> &apply,
                    double tol) {
    // A fixed pseudo-random start: deterministic, and almost surely not orthogonal to the top vector.
    boost::random::mt19937_64 engine(0x5eed);
    boost::random::normal_distribution<double> normal;
    VectorXd start(size);
    for (Eigen::Index i = 0; i < size; ++i)
        start(i) = normal(engine);
    start.normalize();

    MatrixXd q = start.replicate(1, cols), qPrev = MatrixXd::Zero(size, cols);
    VectorXd bPrev = VectorXd::Zero(cols);
    std::vector<VectorXd> alpha, beta;
    VectorXd theta = VectorXd::Zero(cols), thetaOld = VectorXd::Constant(cols, -1.0);
    std::vector<bool> done(std::size_t(cols), false);
    const Eigen::Index maxSteps = 3 * size + 20;
    for (Eigen::Index m = 0; m < maxSteps; ++m) {
        MatrixXd w = apply(q);
        const VectorXd a = q.cwiseProduct(w).colwise().sum().transpose();
        w -= q * a.asDiagonal() + qPrev * bPrev.asDiagonal();
        // One local correction against q keeps the recurrence accurate at no real cost.
        const VectorXd fix = q.cwiseProduct(w).colwise().sum().transpose();
        w -= q * fix.asDiagonal();
        const VectorXd b = w.colwise().norm().transpose();
        alpha.push_back(a + fix);
        beta.push_back(b);
        const bool last = m + 1 == maxSteps;
        if (last || (m >= 9 && m % 5 == 4)) {
            bool all = true;
            for (Eigen::Index c = 0; c < cols; ++c) {
                if (done[std::size_t(c)])
                    continue;
                VectorXd diag(m + 1), sub(std::max<Eigen::Index>(m, 1));
                for (Eigen::Index j = 0; j <= m; ++j)
                    diag(j) = alpha[std::size_t(j)](c);
                for (Eigen::Index j = 0; j < m; ++j)
                    sub(j) = beta[std::size_t(j)](c);
                Eigen::SelfAdjointEigenSolver<MatrixXd> solver;
                solver.computeFromTridiagonal(diag, sub.head(m), Eigen::EigenvaluesOnly);
                const double top = solver.eigenvalues().maxCoeff();
                theta(c) = top;
                const bool invariant = b(c) <= 1e-14 * std::max(std::abs(top), 1e-300);
                if (invariant || std::abs(top - thetaOld(c)) <= tol * std::abs(top))
                    done[std::size_t(c)] = true;
                thetaOld(c) = top;
                all = all && done[std::size_t(c)];
            }
            if (all)
                break;
        }
        qPrev = std::move(q);
        const VectorXd inverse = b.unaryExpr([](double v) { return v > 0 ? 1.0 / v : 0.0; });
        q = w * inverse.asDiagonal();
        bPrev = b;
    }
    return theta.cwiseMax(0.0);
}

/// Norms of J_k for every sample by explicit Jacobians, built from the smaller side: d_0 forward
/// products (columns of J) or d_k reverse products (rows of J).
/// J_k J_kᵀ per sample from W₀W₀ᵀ (see lanczosNorms): row j of J_k is (S₀ ⊙ P_kᵀe_j)ᵀ W₀ with
/// P_k = ∂h[k]/∂h[1], so Gram(a, b) = (S₀ ⊙ P_kᵀe_a)ᵀ (W₀W₀ᵀ) (S₀ ⊙ P_kᵀe_b), never touching d₀.
Eigen::RowVectorXd gramNorms(const mlp::Network &net, const mlp::ForwardPass &pass, int k, Norm norm,
                             const MatrixXd &firstGram) {
    const Eigen::Index d1 = firstGram.rows(), dk = pass.h[std::size_t(k)].rows(), n = pass.samples();
    Eigen::RowVectorXd out(n);
    const Eigen::Index chunk = std::clamp<Eigen::Index>(kChunkBudget / std::max<Eigen::Index>(2 * dk * d1, 1), 1, n);
    std::vector<MatrixXd> w(static_cast<std::size_t>(dk)), gw(static_cast<std::size_t>(dk));
    MatrixXd gram(dk, dk);
    for (Eigen::Index first = 0; first < n; first += chunk) {
        const Eigen::Index c = std::min(chunk, n - first);
        for (Eigen::Index j = 0; j < dk; ++j) {
            MatrixXd e = MatrixXd::Zero(dk, c);
            e.row(j).setOnes();
            w[std::size_t(j)] = mlp::vjp(net, pass, 1, k, e, int(first)).cwiseProduct(pass.slope[0].middleCols(first, c));
            gw[std::size_t(j)] = firstGram * w[std::size_t(j)];
        }
        for (Eigen::Index i = 0; i < c; ++i) {
            for (Eigen::Index a = 0; a < dk; ++a)
                for (Eigen::Index b = 0; b <= a; ++b)
                    gram(a, b) = gram(b, a) = w[std::size_t(a)].col(i).dot(gw[std::size_t(b)].col(i));
            if (norm == Norm::Frobenius) {
                out(first + i) = std::sqrt(std::max(gram.trace(), 0.0));
            } else {
                Eigen::SelfAdjointEigenSolver<MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
                out(first + i) = std::sqrt(std::max(solver.eigenvalues().maxCoeff(), 0.0));
            }
        }
    }
    return out;
}

Eigen::RowVectorXd explicitNorms(const mlp::Network &net, const mlp::ForwardPass &pass, int k, Norm norm) {
    const Eigen::Index d0 = net.inputDim(), dk = pass.h[std::size_t(k)].rows(), n = pass.samples();
    Eigen::RowVectorXd out(n);
    const bool byColumns = d0 <= dk;
    const Eigen::Index basis = byColumns ? d0 : dk;
    const Eigen::Index chunk = std::clamp<Eigen::Index>(kChunkBudget / std::max<Eigen::Index>(d0 * dk, 1), 1, n);
    std::vector<MatrixXd> parts(static_cast<std::size_t>(basis));
    MatrixXd jac(dk, d0);
    for (Eigen::Index first = 0; first < n; first += chunk) {
        const Eigen::Index c = std::min(chunk, n - first);
        for (Eigen::Index j = 0; j < basis; ++j) {
            MatrixXd e = MatrixXd::Zero(basis, c);
            e.row(j).setOnes();
            parts[std::size_t(j)] = byColumns ? mlp::jvp(net, pass, 0, k, e, int(first))
                                              : mlp::vjp(net, pass, 0, k, e, int(first));
        }
        for (Eigen::Index i = 0; i < c; ++i) {
            for (Eigen::Index j = 0; j < basis; ++j) {
                if (byColumns)
                    jac.col(j) = parts[std::size_t(j)].col(i);
                else
                    jac.row(j) = parts[std::size_t(j)].col(i).transpose();
            }
            out(first + i) = matrixNorm(jac, norm);
        }
    }
    return out;
}

/// Spectral norms of J_k for every sample by Lanczos on the Gram operator of the smaller side.
/// When J_k J_kᵀ is the small side and the first layer is plain and narrowing, J_1 J_1ᵀ =
/// S W_0 W_0ᵀ S is applied with W_0 W_0ᵀ formed once, so the wide first layer is never touched.
Eigen::RowVectorXd lanczosNorms(const mlp::Network &net, const mlp::ForwardPass &pass, int k, double tol,
                                const MatrixXd *firstGram) {
    const Eigen::Index d0 = net.inputDim(), dk = pass.h[std::size_t(k)].rows(), n = pass.samples();
    Eigen::RowVectorXd out(n);
    const bool outputSide = dk <= d0;
    const Eigen::Index size = outputSide ? dk : d0;
    const Eigen::Index chunk = std::clamp<Eigen::Index>(kChunkBudget / (8 * size), 1, n);
    for (Eigen::Index first = 0; first < n; first += chunk) {
        const Eigen::Index c = std::min(chunk, n - first);
        const int f = int(first);
        std::function<MatrixXd(const MatrixXd &)> apply;
        if (outputSide && firstGram) {
            const auto s0 = pass.slope[0].middleCols(first, c);
            apply = [&, s0](const MatrixXd &v) {
                const MatrixXd w = mlp::vjp(net, pass, 1, k, v, f).cwiseProduct(s0);
                return mlp::jvp(net, pass, 1, k, ((*firstGram) * w).cwiseProduct(s0), f);
            };
        } else if (outputSide) {
            apply = [&](const MatrixXd &v) {
                return mlp::jvp(net, pass, 0, k, mlp::vjp(net, pass, 0, k, v, f), f);
            };
        } else {
            apply = [&](const MatrixXd &v) {
                return mlp::vjp(net, pass, 0, k, mlp::jvp(net, pass, 0, k, v, f), f);
            };
        }
        out.segment(first, c) = lanczosTop(size, c, apply, tol).cwiseSqrt().transpose();
    }
    return out;
}

} // namespace

const char *normName(Norm norm) {
    switch (norm) {
    case Norm::Spectral: return "spectral";
    case Norm::Frobenius: return "frobenius";
    case Norm::MaxAbs: return "max-abs";
    case Norm::Rms: return "rms";
    }
    return "?";
}

std::optional<Norm> parseNorm(const std::string &name) {
    for (Norm n : {Norm::Spectral, Norm::Frobenius, Norm::MaxAbs, Norm::Rms})
        if (name == normName(n))
            return n;
    return std::nullopt;
}

double matrixNorm(const MatrixXd &m, Norm norm) {
    if (m.size() == 0)
        return 0.0;
    switch (norm) {
    case Norm::Spectral: {
        if (m.rows() == 1 || m.cols() == 1)
            return m.norm();
        const MatrixXd gram = m.rows() <= m.cols() ? MatrixXd(m * m.transpose()) : MatrixXd(m.transpose() * m);
        Eigen::SelfAdjointEigenSolver<MatrixXd> solver(gram, Eigen::EigenvaluesOnly);
        return std::sqrt(std::max(solver.eigenvalues().maxCoeff(), 0.0));
    }
    case Norm::Frobenius: return m.norm();
    case Norm::MaxAbs: return m.cwiseAbs().maxCoeff();
    case Norm::Rms: return m.norm() / std::sqrt(double(m.size()));
    }
    return 0.0;
}

double ratioOf(double lhs, double rhs) {
    if (lhs == 0.0)
        return 0.0;
    if (rhs == 0.0)
        return std::numeric_limits<double>::infinity();
    return lhs / rhs;
}

MatrixXd jacobianNorms(const mlp::Network &net, const mlp::ForwardPass &pass, const TermOptions &options) {
    const int depth = net.depth();
    const Eigen::Index n = pass.samples();
    const int d0 = net.inputDim();
    MatrixXd norms(depth, n);
    norms.row(0).setConstant(normOfIdentity(d0, options.norm));
    // W₀W₀ᵀ serves every level whose small side is the output side when the first layer is plain
    // and narrows the input (784 → 256): it replaces two passes through the widest GEMM.
    const mlp::Layer &firstLayer = net.layers.front();
    const bool narrowingFirst = !firstLayer.residual && firstLayer.outputDim() < d0;
    MatrixXd firstGram;
    for (int k = 1; k < depth; ++k) {
        const int dk = int(pass.h[std::size_t(k)].rows());
        const bool useGram = narrowingFirst && dk < d0 && options.norm != Norm::MaxAbs && options.norm != Norm::Rms;
        if (useGram && firstGram.size() == 0)
            firstGram = firstLayer.weight * firstLayer.weight.transpose();
        if (options.norm != Norm::Spectral || std::min(dk, d0) <= options.exactSide) {
            // The Gram route costs d_k products of size d_1 instead of d_k passes down to d_0.
            norms.row(k) = useGram && dk <= firstLayer.outputDim() ? gramNorms(net, pass, k, options.norm, firstGram)
                                                                   : explicitNorms(net, pass, k, options.norm);
            continue;
        }
        norms.row(k) = lanczosNorms(net, pass, k, options.lanczosTolerance, useGram ? &firstGram : nullptr);
    }
    return norms;
}

BatchTerms evaluateBatch(const mlp::Network &net, const mlp::Objective &objective, const MatrixXd &x,
                         const TermOptions &options) {
    const mlp::ForwardPass pass = mlp::forward(net, x);
    const mlp::BackwardPass back = mlp::backward(net, pass, mlp::objectiveGradient(objective, pass.h.back()));
    const mlp::GradientNorms g = mlp::gradientNorms(net, pass, back, options.includeBiases);
    const int depth = net.depth();
    const Eigen::Index n = x.cols();

    BatchTerms t;
    t.gradXSq = g.gradXSq;
    t.gradThetaSq = g.gradThetaSq;
    t.rhs = g.gradThetaSq;
    t.weightNorm.resize(depth);
    for (int k = 0; k < depth; ++k)
        t.weightNorm(k) = matrixNorm(net.layers[std::size_t(k)].weight, options.norm);
    t.jacobianNorm = jacobianNorms(net, pass, options);
    t.layerLhs.resize(depth, n);
    t.layerRhs.resize(depth, n);
    const double one = options.includeBiases ? 1.0 : 0.0;
    for (int k = 0; k < depth; ++k) {
        const auto hSq = pass.h[std::size_t(k)].colwise().squaredNorm();
        const auto deltaSq = back.delta[std::size_t(k)].colwise().squaredNorm();
        for (Eigen::Index i = 0; i < n; ++i) {
            // §1.3: with ∇ₓf = 0 the term is 0 whatever the denominator (dead ReLUs give 0/0).
            const double num = g.gradXSq(i) * (1.0 + hSq(i));
            const double den = t.weightNorm(k) * t.weightNorm(k) * t.jacobianNorm(k, i) * t.jacobianNorm(k, i);
            t.layerLhs(k, i) = num == 0.0 ? 0.0 : den == 0.0 ? std::numeric_limits<double>::infinity() : num / den;
            t.layerRhs(k, i) = deltaSq(i) * (hSq(i) + one);
        }
    }
    t.lhs = t.layerLhs.colwise().sum().transpose();
    t.ratio.resize(n);
    for (Eigen::Index i = 0; i < n; ++i)
        t.ratio(i) = ratioOf(t.lhs(i), t.rhs(i));
    return t;
}

} // namespace dimscope::inequality
