// SPDX-License-Identifier: MIT
#pragma once
// The tiny deep net of gradients.md §7 whose gradients are small enough to vanish in fp16: tanh
// layers of one width with a small initialisation (W ~ N(0, gain²/d_in), b = 0), a linear output
// and the loss ½·mean‖f(x) − y‖² on a fixed regression batch (x ~ N(0, I), y = sin(x₁) + x₂/2).
//
// Its backward pass can imitate a low-precision backward: the loss gradient is multiplied by the
// loss scale S, and every back-propagated δ and every parameter gradient is stored in the format
// (rounded, with overflow giving inf) — as a mixed-precision run stores fp16 activations'
// gradients while the master weights stay fp32. The forward pass stays fp32: what the issue
// studies is the gradients. Pure functions apart from their outputs; any thread.

#include <cstdint>
#include <optional>

#include <Eigen/Core>

#include "loss_scaling/number_formats.h"
#include "nets/param_layout.h"

namespace dimscope::loss_scaling {

struct DeepNetShape {
    int input = 8;     ///< d_0
    int width = 32;    ///< every hidden layer
    int depth = 8;     ///< tanh layers
    double gain = 0.3; ///< W ~ N(0, gain²/d_in)
    int samples = 64;  ///< batch size of the fixed regression set
};

ParamLayout layoutOf(const DeepNetShape &shape);

struct DeepNetData {
    Eigen::MatrixXf x; ///< d_0 × N
    Eigen::RowVectorXf y;
};

/// The initial parameters and the batch, both drawn from `seed`.
Eigen::ArrayXf initialParameters(const DeepNetShape &shape, std::uint64_t seed);
DeepNetData regressionData(const DeepNetShape &shape, std::uint64_t seed);

/// The loss at theta; grad receives ∂(S·loss)/∂θ, each value as the format stores it when
/// `format` is set (NaN never arises from finite inputs; an overflow is +inf or −inf), in plain
/// float when it is nullopt.
double lossAndScaledGradient(const DeepNetShape &shape, const Eigen::ArrayXf &theta,
                             const DeepNetData &data, float scale,
                             const std::optional<NumberFormat> &format, Eigen::ArrayXf &grad);

} // namespace dimscope::loss_scaling
