// SPDX-License-Identifier: MIT
#pragma once
// The yardstick of every approximate search: a seeded sample of rows and their exact neighbours,
// found by brute force. The recall of a search on those rows is the share of their listed
// neighbours that are exact ones.

#include <cstdint>
#include <functional>
#include <vector>

#include <Eigen/Core>

namespace dimscope::hubness {

/// min(size, n) rows of 0…n−1 drawn without replacement with `seed` (a partial Fisher–Yates
/// shuffle), ascending: the order is irrelevant to a recall, and ascending rows read memory
/// friendlier.
std::vector<std::int64_t> sampleRows(std::int64_t n, std::int64_t size, std::uint64_t seed);

/// The exact k nearest of each sampled row among all columns of `byPoint` (a ScaledPoints copy,
/// d × n), as ascending indices per row; ties by the smaller index, as exactKnn. Brute force in
/// double: a chunk of sampled rows against a block of all points through one matrix product,
/// ranked by ‖a‖² + ‖b‖² − 2a·b (euclidean) or −a·b (cosine) of the scaled points
/// (scaled_points.h: nothing overflows, and centring keeps the expansion from cancelling). Runs on
/// `threads` threads; empty when `stop` fires.
std::vector<std::vector<std::int64_t>> exactNeighbourSets(const Eigen::MatrixXd &byPoint,
                                                          const std::vector<std::int64_t> &sample,
                                                          int k, bool euclidean, int threads,
                                                          const std::function<bool()> &stop);

} // namespace dimscope::hubness
