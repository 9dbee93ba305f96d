// SPDX-License-Identifier: MIT
#pragma once
// The UCI optical recognition of handwritten digits data (Alpaydin & Kaynak; 1797 images of 8×8
// pixels valued 0…16 and their digit), as scikit-learn ships it in digits.csv.gz and dimscope in
// resources/data/ (see the README there): one image per line, 64 pixels then the label, comma
// separated, gzip-compressed or plain.

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace dimscope::tasks {

struct DigitsData {
    Eigen::MatrixXf images;  ///< 64 × N, pixels scaled to [0, 1] (value / 16)
    std::vector<int> labels; ///< N digits 0…9
};

/// Reads `path` (gzip or plain text). nullopt on success; otherwise the message names the file,
/// the line (1-based) and the column (1-based field) of the first problem and what was expected.
std::optional<std::string> loadDigits(const std::string &path, DigitsData &out);

/// Where the shipped copy is looked for, in order: share/dimscope/data/digits.csv.gz beside an
/// installed binary (relocatable with cmake --install --prefix), the source tree's
/// resources/data/digits.csv.gz (build trees, tests), and under the configured install prefix.
std::vector<std::string> shippedDigitsPlaces();
/// The first of shippedDigitsPlaces() that is a file; "" when none is.
std::string shippedDigitsPath();

} // namespace dimscope::tasks
