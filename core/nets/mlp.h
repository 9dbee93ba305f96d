// SPDX-License-Identifier: MIT
#pragma once
// A tiny multilayer perceptron in double precision with manual, batched forward and backward passes
// and forward-mode Jacobian products (shared reference gradients.md §1.6, §8). Samples are columns:
// a batch of N inputs of dimension d is a d×N matrix.
//
// Indexing: level k = 0…L holds h[k] (h[0] = x is the reference's h^(1)); layer k = 0…L-1 maps
// h[k] to h[k+1]: z = W_k h[k] + b_k, h[k+1] = g_k(z), or h[k] + branchScale·g_k(z) for a residual
// layer. J_k = ∂h[k]/∂x, J_0 = I. All functions are pure; call them from any thread.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <boost/random/mersenne_twister.hpp>

#include "common/enum_names.h"

namespace dimscope::mlp {

enum class Activation { Tanh, Relu, LeakyRelu, Sigmoid, Softplus, Gelu, Identity };

/// The command-line and JSON names of Activation, in the enum's order (enum_names.h).
inline const std::vector<std::string> &namesOf(Activation) {
    static const std::vector<std::string> names = {"tanh",     "relu", "leaky-relu", "sigmoid",
                                                   "softplus", "gelu", "identity"};
    return names;
}

/// g(z) elementwise. leaky-relu has slope 0.01 below 0; gelu is the exact erf form.
Eigen::ArrayXXd activate(Activation a, const Eigen::ArrayXXd &z);
/// g'(z) elementwise. relu and leaky-relu use g'(0) = the left slope; every pass uses this one
/// convention, so δ and J agree (gradients.md §1.3).
Eigen::ArrayXXd derivative(Activation a, const Eigen::ArrayXXd &z);

struct Layer {
    Eigen::MatrixXd weight; ///< (out, in), as PyTorch's nn.Linear stores it
    Eigen::VectorXd bias;   ///< out
    Activation activation = Activation::Tanh;
    bool residual = false;    ///< h[k+1] = h[k] + branchScale·g(z); needs out == in
    double branchScale = 1.0; ///< fixed multiplier of the residual branch (used only when residual)

    int inputDim() const { return static_cast<int>(weight.cols()); }
    int outputDim() const { return static_cast<int>(weight.rows()); }
};

struct Network {
    std::vector<Layer> layers;

    int depth() const { return static_cast<int>(layers.size()); }
    int inputDim() const { return layers.empty() ? 0 : layers.front().inputDim(); }
    int outputDim() const { return layers.empty() ? 0 : layers.back().outputDim(); }
    /// d_0 … d_L.
    std::vector<int> widths() const;
    /// Number of parameters (weights and biases).
    std::int64_t parameterCount() const;
    /// nullopt if the layer shapes chain, biases match, residual layers are square and every value
    /// is finite; otherwise plain words naming the layer (1-based) and the problem.
    std::optional<std::string> check() const;
};

/// How randomNetwork draws a net: W_k ~ N(0, gain²/d_in), b_k ~ N(0, biasStd²).
struct InitSpec {
    std::vector<int> widths{4, 16, 16, 1};    ///< d_0 … d_L, each ≥ 1, at least two entries
    Activation activation = Activation::Tanh; ///< every hidden layer
    Activation outputActivation = Activation::Identity; ///< the last layer
    double gain = 1.0;
    double biasStd = 0.3;
    bool residual =
        false; ///< make every square hidden layer (d_in == d_out; not the first or last) residual
    /// Residual layers draw W ~ N(0, (gain·branchGain)²/d_in) and keep branchScale = 1: a small
    /// branch gain shrinks ‖W_k‖ while the skip carries the signal, which breaks step 2 of the
    /// derivation. This reading matches §1.3 at 1 and 0.3 (4-16-16-16-1: none, ≈2 %); at 0.1 it
    /// gives ≈75 %, not §1.3's 7 %, and no reading tried reproduces that. Scaling the branch
    /// output instead (branchScale) gives no violations at all for such nets
    /// (docs/explorers/inequality.md, "Residual layers").
    double branchGain = 1.0;
};

/// Draws a net from `engine` (weights layer by layer, row-major within a layer, then the bias).
Network randomNetwork(const InitSpec &spec, boost::random::mt19937_64 &engine);

/// Everything the backward pass and the Jacobian products need from one forward pass.
struct ForwardPass {
    std::vector<Eigen::MatrixXd> h;     ///< L+1 levels, h[k] is d_k × N
    std::vector<Eigen::MatrixXd> slope; ///< L layers: ∂h[k+1]/∂z as a diagonal, d_{k+1} × N
                                        ///< (g'(z), times branchScale on residual layers)
    int samples() const { return h.empty() ? 0 : static_cast<int>(h.front().cols()); }
};

ForwardPass forward(const Network &net, const Eigen::MatrixXd &x);

/// The scalar f of the output h[L] whose gradients are studied.
struct Objective {
    enum class Kind {
        Projection,   ///< f = uᵀ h[L]
        Sum,          ///< f = Σ_j h[L]_j
        Index,        ///< f = h[L]_index
        Mse,          ///< f = ½‖h[L] − y‖², y = targets.col(sample)
        CrossEntropy, ///< f = logsumexp(h[L]) − h[L]_c, c = classes[sample]
    };
    Kind kind = Kind::Projection;
    Eigen::VectorXd u;        ///< Projection
    int index = 0;            ///< Index, 0-based
    Eigen::MatrixXd targets;  ///< Mse: d_L × N
    std::vector<int> classes; ///< CrossEntropy: one class per sample, 0-based
};

/// nullopt if `objective` fits a net with `outputDim` outputs and a batch of `samples`.
std::optional<std::string> checkObjective(const Objective &objective, int outputDim, int samples);
/// f per sample.
Eigen::VectorXd objectiveValue(const Objective &objective, const Eigen::MatrixXd &output);
/// ∂f/∂h[L] per sample (d_L × N).
Eigen::MatrixXd objectiveGradient(const Objective &objective, const Eigen::MatrixXd &output);

struct BackwardPass {
    std::vector<Eigen::MatrixXd> delta; ///< L layers: δ_k = ∂f/∂z_k, d_{k+1} × N
    Eigen::MatrixXd gradInput;          ///< ∇ₓf, d_0 × N
};

/// Reverse mode from ∂f/∂h[L] (d_L × N). ∇_{W_k} f = δ_k h[k]ᵀ and ∇_{b_k} f = δ_k per sample.
BackwardPass backward(const Network &net, const ForwardPass &pass,
                      const Eigen::MatrixXd &outputGrad);

/// Per-sample ‖∇ₓf‖² and ‖∇_θf‖² = Σ_k ‖δ_k‖²(‖h[k]‖² + 1) (the "+1" only with biases).
struct GradientNorms {
    Eigen::VectorXd gradXSq, gradThetaSq;
};
GradientNorms gradientNorms(const Network &net, const ForwardPass &pass, const BackwardPass &back,
                            bool includeBiases = true);

/// Arithmetic of the fused gradientNorms: Double (the default; round-off ~1e-15) or Single (float
/// GEMMs, about twice as fast; relative error ~1e-6, for throughput only — the inequality's
/// identities need Double).
enum class Precision { Double, Single };

/// Per-sample ‖∇ₓf‖² and ‖∇_θf‖² straight from inputs x (d_0 × N), fused: the forward pass keeps
/// only the slopes and ‖h[k]‖², and when the first layer is plain and narrowing (d_1 < d_0),
/// ‖∇ₓf‖² = δ_0ᵀ(W_0W_0ᵀ)δ_0 replaces the d_0-wide product W_0ᵀδ_0. Same values as the three-step
/// route to round-off (Double). The net and objective must be valid.
GradientNorms gradientNorms(const Network &net, const Objective &objective,
                            const Eigen::MatrixXd &x, bool includeBiases = true,
                            Precision precision = Precision::Double);
/// The same in single precision for inputs that are already float (as a float32 tensor would be),
/// which saves converting x.
GradientNorms gradientNorms(const Network &net, const Objective &objective,
                            const Eigen::MatrixXf &x, bool includeBiases = true);

/// The single-precision fused norms for many batches of one net: the float weights and the first
/// layer's Gram factor depend on the weights only, so they are computed once, here, instead of at
/// every call. The net must outlive the plan and stay unchanged.
class FloatNormsPlan {
public:
    explicit FloatNormsPlan(const Network &net);
    FloatNormsPlan(Network &&) = delete; ///< the plan keeps a pointer to the net: no temporaries
    ~FloatNormsPlan();
    FloatNormsPlan(FloatNormsPlan &&) noexcept;
    FloatNormsPlan &operator=(FloatNormsPlan &&) noexcept;

    GradientNorms operator()(const Objective &objective, const Eigen::MatrixXf &x,
                             bool includeBiases = true) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Per-sample Jacobian products for the sample columns [first, first + V.cols()):
/// column i of the result is (∂h[to]/∂h[from]) v_i, from ≤ to.
Eigen::MatrixXd jvp(const Network &net, const ForwardPass &pass, int from, int to,
                    const Eigen::MatrixXd &v, int first = 0);
/// Column i is (∂h[to]/∂h[from])ᵀ v_i, from ≤ to.
Eigen::MatrixXd vjp(const Network &net, const ForwardPass &pass, int from, int to,
                    const Eigen::MatrixXd &v, int first = 0);

/// The explicit J_k = ∂h[k]/∂x (d_k × d_0) of one sample, by forward mode (tests, small nets).
std::vector<Eigen::MatrixXd> jacobians(const Network &net, const ForwardPass &pass, int sample);

/// All parameters in one vector: per layer, W row-major then b (finite-difference tests).
Eigen::VectorXd flattenParameters(const Network &net);
/// The inverse of flattenParameters, into a net of the same shapes.
void assignParameters(Network &net, const Eigen::VectorXd &theta);
/// ∇_θ f of one sample in the layout of flattenParameters.
Eigen::VectorXd parameterGradient(const ForwardPass &pass, const BackwardPass &back, int sample);

} // namespace dimscope::mlp
