// SPDX-License-Identifier: MIT
#pragma once
// The algebra of post 9590 (gradients.md §4.1) on the matrix-regression task of §4.2 check 6:
// Y = X(W₀ + Δ*), L(W) = ‖XW − Y‖²_F / (2b), a sum over outputs and a mean over the batch.
// Plain functions of Eigen matrices, so the tests can hold each formula to its check.

#include <cstdint>

#include <Eigen/Core>

namespace dimscope::lora {

using Matrix = Eigen::MatrixXd;

/// One fixed batch and its target: everything a run of any method needs.
struct Regression {
    Matrix x;       ///< X, b × n, N(0, 1)
    Matrix w0;      ///< W₀, n × m, N(0, 1/n), frozen
    Matrix target;  ///< Δ*, n × m, rank k, ‖Δ*‖_F = the target scale
    Matrix y;       ///< Y = X(W₀ + Δ*), b × m
    Matrix gram;    ///< S = XᵀX / b, n × n: G = S(W − W₀ − Δ*) and L = ½ tr(DᵀSD)
    Matrix xTarget; ///< XΔ*, b × m: the residual of form (2) without forming W
};

/// Draws the task: X, W₀, then U (n × k), V (k × m) ~ N(0, 1), Δ* = UV rescaled to ‖Δ*‖_F =
/// `scale`. Deterministic in `seed`.
Regression makeRegression(int n, int m, int batch, int targetRank, double scale,
                          std::uint64_t seed);

/// L for W = W₀ + delta, from D = delta − Δ* (no cancellation against Y as the loss nears 0).
double lossOfDelta(const Regression &task, const Matrix &delta);
/// G = ∂L/∂W at W = W₀ + delta.
Matrix gradientOfDelta(const Regression &task, const Matrix &delta);

/// ∂L/∂A and ∂L/∂B of W = W₀ + offset + AB.
struct FactorGradients {
    Matrix a, b;
};
/// Implementation (1): forms the full n × m gradient G, then GBᵀ and AᵀG.
FactorGradients factorGradientsForm1(const Regression &task, const Matrix &offset, const Matrix &a,
                                     const Matrix &b);
/// Implementation (2): Z = XA, residual R = (XW₀ + XOffset + ZB − Y) / b, then Xᵀ(RBᵀ) and ZᵀR;
/// only b × r intermediates beside the residual. `xOffset` is X·offset (b × m) precomputed.
FactorGradients factorGradientsForm2(const Regression &task, const Matrix &xOffset, const Matrix &a,
                                     const Matrix &b);

/// LoRA's first-order replacement of G: GBᵀB + AAᵀG.
Matrix loraFirstOrderUpdate(const Matrix &g, const Matrix &a, const Matrix &b);

/// The additive variant's tiling matrices for r | n, r | m: P = I_r ⊗ 1_{1×m/r} (r × m) and
/// Q = I_r ⊗ 1_{n/r×1} (n × r), so ΔW = AP + QB with A n × r and B r × m.
Matrix additiveRowTiling(int r, int m);
Matrix additiveColumnTiling(int n, int r);

/// cos∠(P, Q) in the Frobenius inner product; 0 when either is 0.
double frobeniusCosine(const Matrix &p, const Matrix &q);

/// The least loss a rank-r ΔW can reach: with S = LLᵀ, ½ Σ_{i>r} σᵢ(LᵀΔ*)², the rank-r plateau of
/// LoRA when it finds the best rank-r update.
double bestRankLoss(const Regression &task, int rank);
/// The least loss over ΔW = AP + QB (the additive variant's reachable set), by least squares.
double bestAdditiveLoss(const Regression &task, int rank);

} // namespace dimscope::lora
