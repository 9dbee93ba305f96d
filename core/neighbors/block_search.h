// SPDX-License-Identifier: MIT
#pragma once
// The engine shared by the exact and the partitioned neighbour searches: the k nearest of every
// point among the points it meets in a list of block pairs. Each pair (I, J) is computed once,
// by one float GEMM (or a direct loop for manhattan and lp), and serves the rows of both blocks;
// a few more than k candidates per row are kept and their distances recomputed in double, which
// decides the k (knn.h). The exact search pairs every block with every other; the partitioned one
// only the blocks of nearby cells.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "neighbors/knn.h"
#include "neighbors/scaled_points.h"

namespace dimscope::hubness {

/// Points per block (unless a caller asks for another size): one block's float values, 1 MB,
/// stay in cache for the scan that follows its GEMM.
constexpr int kBlockPoints = 512;

/// Consecutive columns [start, start + size) of the scaled points, searched as one block.
struct PointBlock {
    std::int64_t start = 0;
    int size = 0;
};

/// The k nearest of each column of `scaled` among the columns it meets in `pairs` (indices into
/// `blocks`; blocks do not overlap, a pair (a, b) has blocks[a].start ≤ blocks[b].start, and (a, a)
/// pairs a block with itself, self excluded). `metric` is euclidean, cosine, manhattan or lp with
/// exponent `p`. Column i is point originalIndex[i] of the caller (identity when empty): the graph
/// comes back in the caller's order, with ties broken by the caller's smaller index. Every row
/// must meet at least min(n − 1, k + max(4, k/4)) others, or the run fails with a message. Runs on
/// `threads` threads; `stop` is polled between pairs; `progress` (0…0.95) is called on the calling
/// thread only. Seconds are left to the caller.
///
/// With `proveRows` (euclidean and cosine, every pair searched, identity order: the exact
/// search), a row whose k nearest the float values cannot prove to be among its kept candidates
/// (float_proof.h) is searched again, exactly (KnnResult::rowsSearchedInDouble).
KnnResult searchBlockPairs(const ScaledPoints &scaled, Metric metric, double p, int k, int threads,
                           const std::vector<PointBlock> &blocks,
                           const std::vector<std::pair<std::int64_t, std::int64_t>> &pairs,
                           const std::vector<std::int32_t> &originalIndex,
                           const std::function<bool()> &stop,
                           const std::function<void(double)> &progress, bool proveRows = false);

/// Bytes searchBlockPairs needs beyond the caller's data for `pairCount` pairs of blocks of at
/// most kBlockPoints (knnMemoryEstimate with the pairs of a partitioned search).
std::uint64_t blockSearchMemoryEstimate(std::int64_t n, std::int64_t d, int k, int threads,
                                        Metric metric, std::uint64_t pairCount);

/// Candidates the float search keeps per row (k and a few more), at most n − 1.
int keptCandidates(int k, std::int64_t n);

} // namespace dimscope::hubness
