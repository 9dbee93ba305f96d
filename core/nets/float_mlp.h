// SPDX-License-Identifier: MIT
#pragma once
// The single-precision training path of the MLP: forward and backward passes for a batch, with
// the parameters in one flat float vector (nets/param_layout.h: W1, b1, W2, b2, …, each weight
// d_out × d_in column-major) and the loss's gradient written into a vector of the same layout.
// Samples are columns, as in the double engine (nets/mlp.h), which keeps its own double checks;
// this path exists because training needs float GEMMs to be fast (issue 9's speed goals).
//
// A FloatWorkspace holds every buffer of a pass, so that once it has seen a batch size, a training
// step allocates nothing: small nets (1-64-64-1 on 12 points) take microseconds per step, and a
// heap allocation would be a visible share of that. Functions are pure apart from the workspace;
// use one workspace per thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <boost/random/mersenne_twister.hpp>

#include "nets/mlp.h"
#include "nets/param_layout.h"

namespace dimscope::mlp {

/// The loss of a batch, averaged over its N samples.
enum class Loss {
    Mse,          ///< L = (1/2N) Σ_i ‖f(x_i) − y_i‖²  ("MSE/2")
    CrossEntropy, ///< L = (1/N) Σ_i [logsumexp f(x_i) − f(x_i)_{c_i}] (softmax cross-entropy)
};

/// The shape of a fully connected net. Its parameters live outside, in a flat vector laid out as
/// layout() says.
struct FloatMlp {
    std::vector<int> widths{1, 64, 64, 1};    ///< d_0 … d_L, each 1…65536, at least two
    Activation hidden = Activation::Tanh;     ///< every hidden layer: tanh, relu or identity
    Activation output = Activation::Identity; ///< the last layer: identity (values or logits)

    int depth() const { return static_cast<int>(widths.size()) - 1; }
    int inputDim() const { return widths.front(); }
    int outputDim() const { return widths.back(); }
    /// W1 (d_1 × d_0), b1 (d_1), W2, b2, …: the flat vector's tensors.
    ParamLayout layout() const;
    Eigen::Index parameterCount() const { return layout().size(); }
    /// nullopt when the widths and activations are supported; otherwise plain words.
    std::optional<std::string> check() const;
};

/// PyTorch's default initialisation of nn.Linear: every weight and bias of layer k uniform in
/// ±1/√d_in, drawn tensor by tensor in layout order (column-major within a tensor).
Eigen::ArrayXf defaultInitialisation(const FloatMlp &net, boost::random::mt19937_64 &engine);

/// Every buffer of a forward and backward pass. Reusing one for the same batch size allocates
/// nothing; a new batch size resizes once. Not shared between threads.
struct FloatWorkspace {
    std::vector<Eigen::MatrixXf> h;     ///< levels 1…L: h[k] is d_k × N (h[0] unused: the input)
    std::vector<Eigen::MatrixXf> delta; ///< layer k: ∂L/∂z_k, d_{k+1} × N
    Eigen::RowVectorXf columnMax, columnSum; ///< softmax scratch, N
};

/// The targets of a batch: values (Mse, d_L × N) or classes (CrossEntropy, N entries in
/// 0…d_L−1).
struct FloatTargets {
    Loss loss = Loss::Mse;
    const Eigen::MatrixXf *values = nullptr;
    const int *classes = nullptr;
};

/// The outputs f(x) (d_L × N) for inputs x (d_0 × N); a reference into the workspace, valid until
/// its next use.
const Eigen::MatrixXf &forward(const FloatMlp &net, const float *theta, const Eigen::MatrixXf &x,
                               FloatWorkspace &ws);

/// The mean loss of outputs f (d_L × N) against the targets, accumulated in double.
double lossOf(const Eigen::MatrixXf &outputs, const FloatTargets &targets);

/// Share of columns whose largest output is the target class (first index on ties).
double accuracyOf(const Eigen::MatrixXf &outputs, const int *classes);

/// The mean loss of the batch x (d_0 × N) and its gradient with respect to theta, written into
/// grad (same layout, every entry overwritten). theta and grad hold parameterCount() floats.
double lossAndGradient(const FloatMlp &net, const float *theta, const Eigen::MatrixXf &x,
                       const FloatTargets &targets, float *grad, FloatWorkspace &ws);

/// For a net with one input: f(x) and df/dx at the points x (1 × N), by forward mode. Both are
/// d_L × N.
void forwardWithInputSlope(const FloatMlp &net, const float *theta, const Eigen::MatrixXf &x,
                           Eigen::MatrixXf &value, Eigen::MatrixXf &slope);

/// The same net in the double engine (nets/mlp.h), for the inequality's terms and for checks.
Network toNetwork(const FloatMlp &net, const float *theta);

} // namespace dimscope::mlp
