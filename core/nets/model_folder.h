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
#include <vector>

#include <Eigen/Core>

#include "io/npy.h"
#include "nets/mlp.h"

namespace dimscope::mlp {

/// Loads and checks the model in `folder`. Throws DataFileError (from npy.h) on any problem: the
/// message starts with the file's path and says what was expected. model.json may name only files
/// inside the folder: relative names without "..", which stay inside once symbolic links are
/// resolved (docs/explorers/inequality.md). `read`, when given, receives a record of each file
/// read (model.json, then every weight and bias), with the SHA-256 of the bytes read.
Network loadModelFolder(const std::string &folder, std::vector<FileRead> *read = nullptr);

/// Reads an N × d .npy file of inputs as a d × N matrix (samples are columns). If inputDim > 0 the
/// file must have that many columns. Throws DataFileError naming the file. `read`, when given,
/// receives the record of the bytes read.
Eigen::MatrixXd loadInputs(const std::string &path, int inputDim = 0, FileRead *read = nullptr);

/// Writes `net` as a model folder (model.json + W<k>.npy + b<k>.npy, float64) — for tests and for
/// exporting a certificate's net. Throws DataFileError on I/O failure.
void saveModelFolder(const Network &net, const std::string &folder);

} // namespace dimscope::mlp
