// SPDX-License-Identifier: MIT
#pragma once
// A user's MLP on disk: a folder with model.json
//   {"format": "dimscope-mlp/1",
//    "layers": [{"weight": "W1.npy", "bias": "b1.npy", "activation": "tanh",
//                "residual": false, "branch_scale": 1.0}, ...]}
// ("residual" and "branch_scale" optional; a residual layer computes h + branch_scale·g(Wh + b)).
// Each weight is a 2-D (out, in) .npy array as PyTorch's nn.Linear stores it; each bias has `out`
// values, shaped (out,) as nn.Linear stores it, (out, 1) or (1, out). Inputs are an N × d .npy
// file. Files from users are untrusted: every problem throws DataFileError naming the file.

#include <string>

#include <Eigen/Core>

#include "io/npy.h"
#include "nets/mlp.h"

namespace dimscope::mlp {

/// Loads and checks the model in `folder`. Throws DataFileError (from npy.h) on any problem: the
/// message starts with the file's path and says what was expected.
Network loadModelFolder(const std::string &folder);

/// Reads an N × d .npy file of inputs as a d × N matrix (samples are columns). If inputDim > 0 the
/// file must have that many columns. Throws DataFileError naming the file.
Eigen::MatrixXd loadInputs(const std::string &path, int inputDim = 0);

/// Writes `net` as a model folder (model.json + W<k>.npy + b<k>.npy, float64) — for tests and for
/// exporting a certificate's net. Throws DataFileError on I/O failure.
void saveModelFolder(const Network &net, const std::string &folder);

} // namespace dimscope::mlp
