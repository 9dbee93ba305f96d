// SPDX-License-Identifier: MIT
#pragma once
// The update-direction solvers of 《多任务学习漫谈(二)》 (post 8896, gradients.md §3.2), written on
// the Gram matrix M_ij = ⟨g_i, g_j⟩ of the task gradients so they never touch parameter-sized
// vectors: ⟨g_i, ũ(α)⟩ = (Mα)_i and ‖ũ(α)‖² = αᵀMα for ũ(α) = Σ αᵢgᵢ.

#include <Eigen/Core>

namespace dimscope::pareto {

/// γ ∈ [0, 1] minimising ‖γa + (1 − γ)b‖², from aa = a·a, ab = a·b, bb = b·b: 1 if a·b ≥ a·a,
/// 0 if a·b ≥ b·b, else (b − a)·b / ‖a − b‖² ("the height of a triangle").
double minNormLineSearch(double aa, double ab, double bb);

/// MGDA's min-norm point of the convex hull: Frank–Wolfe from the uniform α with the closed-form
/// line search, at most `iterations` steps (it stops early at an exact optimum). α in the simplex.
Eigen::VectorXd frankWolfeMinNorm(const Eigen::MatrixXd &gram, int iterations);

/// Su's averaging iteration: α ← (kα + e_τ)/(k + 1), τ = argmin_i (Mα)_i, k = 1, 2, …: Frank–Wolfe
/// with γ = 1/(k + 1), O(1/k).
Eigen::VectorXd averagingMinNorm(const Eigen::MatrixXd &gram, int iterations);

/// The unconstrained form: α = softmax(β), gradient descent on ½αᵀMα in β with step `lr`,
/// ∂/∂β_j = α_j((Mα)_j − αᵀMα). `beta` is the start and receives the end (a warm start).
Eigen::VectorXd softmaxMinNorm(const Eigen::MatrixXd &gram, double lr, int iterations,
                               Eigen::VectorXd &beta);

/// Main task 0 plus auxiliaries (post 8907): λ ≥ 0 minimising ½‖g₀ + Σ λᵢgᵢ‖², by trying every
/// active set (fine for a handful of auxiliaries). Returns (1, λ₁, …).
Eigen::VectorXd mainAuxiliaryWeights(const Eigen::MatrixXd &gram);

/// min_i ⟨g_i, u⟩ − ‖u‖² for u = ũ(α): ≥ 0 at the min-norm point (its KKT condition).
double kktResidual(const Eigen::MatrixXd &gram, const Eigen::VectorXd &alpha);

} // namespace dimscope::pareto
