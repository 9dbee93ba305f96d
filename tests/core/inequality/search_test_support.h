// SPDX-License-Identifier: MIT
#pragma once
// The search setting the adversarial-search and certificate tests share.

#include <string>

#include "inequality/inequality.h"

namespace dimscope::inequality::testing {

/// A 4-16-16-1 tanh net, 10 inputs, 200 search steps over the input (or the input and weights).
inline InequalityParams searchParams(bool weights, Norm norm = Norm::Spectral) {
    InequalityParams p;
    p.widths = "4,16,16,1";
    p.activation = mlp::Activation::Tanh;
    p.samples = 10;
    p.norm = norm;
    p.searchSteps = 200;
    p.searchOver = weights ? SearchOver::InputAndWeights : SearchOver::Input;
    p.seed = 7;
    return p;
}

/// The same search on a 4-8-8-3 net with the objective `output` (u, sum, index:K, mse:K, ce:K).
inline InequalityParams lossParams(const std::string &output, bool weights) {
    InequalityParams p = searchParams(weights);
    p.widths = "4,8,8,3";
    p.output = output;
    p.seed = 5;
    return p;
}

} // namespace dimscope::inequality::testing
