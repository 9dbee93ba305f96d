// SPDX-License-Identifier: MIT
#pragma once
// The terms of the input- vs parameter-gradient inequality (1.1) of gradients.md §1 for a batch:
//   ‖∇ₓf‖² Σ_k (1 + ‖h[k]‖²) / (‖W_k‖² ‖J_k‖²)  ≤  ‖∇_θf‖²,
// per sample, with the norms of W_k and J_k chosen by the caller. Pure functions; any thread.

#include <functional>
#include <optional>
#include <string>

#include <Eigen/Core>

#include "nets/mlp.h"

namespace dimscope::inequality {

/// The norm used for ‖W_k‖ and ‖J_k‖. Spectral and Frobenius make (1.1) true; max-abs (largest
/// |entry|) and RMS (Frobenius / √size) are smaller than spectral and make it false (§1.3).
enum class Norm { Spectral, Frobenius, MaxAbs, Rms };

/// The command-line and JSON names of Norm, in the enum's order (enum_names.h).
inline const std::vector<std::string> &namesOf(Norm) {
    static const std::vector<std::string> names = {"spectral", "frobenius", "max-abs", "rms"};
    return names;
}

/// Spectral norms of matrices whose smaller side is at most this are exact (a dense eigen-solve of
/// the Gram matrix, ~10 ms at 256 × 784); larger ones use spectralNormLanczos.
constexpr Eigen::Index kDenseSpectralSide = 256;

/// ‖m‖ in `norm`. The spectral norm is the largest eigenvalue of the Gram matrix on the smaller
/// side: dense up to kDenseSpectralSide, otherwise spectralNormLanczos (relative error < 1e-13,
/// from above).
double matrixNorm(const Eigen::MatrixXd &m, Norm norm);

/// ‖m‖₂ by Lanczos on m mᵀ with full reorthogonalisation, from a fixed pseudo-random start, run
/// until the residual bound of the top Ritz pair (θ, y), ‖m mᵀy − θy‖ ≤ r, is r ≤ 1e-13·θ; returns
/// √(θ + r). Some eigenvalue of m mᵀ lies in [θ − r, θ + r], so the result does not undershoot the
/// norm it converged to and is within 5e-14 (relative) of it. nullopt as soon as shouldStop (polled
/// every step) returns true. Any size; for tests and large weight matrices (matrixNorm picks it).
std::optional<double> spectralNormLanczos(const Eigen::MatrixXd &m,
                                          const std::function<bool()> &shouldStop = {});

/// R counts as a violation above this.
constexpr double kViolationThreshold = 1.0 + 1e-12;

/// LHS / RHS with the conventions of §1.3: 0/0 = 0 (zero gradients are no violation), x/0 = +inf.
double ratioOf(double lhs, double rhs);

struct TermOptions {
    Norm norm = Norm::Spectral;
    /// Count the bias gradients in ‖∇_θf‖². The left side keeps its "1 +" either way, so turning
    /// this off shows the failure of §1.3 (the valid bias-free form would drop the "1 +").
    bool includeBiases = true;
    /// Spectral norms of J_k whose smaller side is at most this are exact (Gram eigenvalues);
    /// larger ones use batched Lanczos (see lanczosTolerance).
    int exactSide = 48;
    /// Lanczos stops when the top Ritz value of σ² changes by less than this (relative) over 5
    /// steps.
    double lanczosTolerance = 1e-11;
};

/// Per-sample terms for a batch of N inputs through a net of depth L.
struct BatchTerms {
    Eigen::VectorXd gradXSq;      ///< ‖∇ₓf‖², N
    Eigen::VectorXd gradThetaSq;  ///< ‖∇_θf‖² (with or without biases), N
    Eigen::VectorXd lhs, rhs;     ///< the two sides of (1.1), N (rhs == gradThetaSq)
    Eigen::VectorXd ratio;        ///< R = lhs / rhs, N
    Eigen::VectorXd weightNorm;   ///< ‖W_k‖, L
    Eigen::MatrixXd jacobianNorm; ///< ‖J_k‖, L × N (row 0 is ‖I‖)
    Eigen::MatrixXd layerLhs;     ///< layer k's term of the left side, L × N
    Eigen::MatrixXd layerRhs; ///< ‖∇_{W_k}f‖²_F + ‖∇_{b_k}f‖² (no bias part when excluded), L × N
    /// evaluateBatch's shouldStop returned true: the run was abandoned and nothing above is filled
    /// in.
    bool stopped = false;
};

/// ‖J_k‖ for k = 0…L−1 and every sample (L × N).
Eigen::MatrixXd jacobianNorms(const mlp::Network &net, const mlp::ForwardPass &pass,
                              const TermOptions &options);

/// Everything of (1.1) for inputs x (d_0 × N). The net and objective must be valid (check()).
/// shouldStop (may be empty; called from this thread) is polled between layers and at every step of
/// the iterative norms, so a wide net stops within one step (milliseconds at width 4096, one
/// sample); when it returns true the result has only `stopped` set.
BatchTerms evaluateBatch(const mlp::Network &net, const mlp::Objective &objective,
                         const Eigen::MatrixXd &x, const TermOptions &options,
                         const std::function<bool()> &shouldStop = {});

} // namespace dimscope::inequality
