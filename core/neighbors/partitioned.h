// SPDX-License-Identifier: MIT
#pragma once
// Partitioned exact search (an inverted-file index, as faiss's IVF-Flat, run as a self-join): the
// points are split into cells by k-means, and each cell is searched exactly, by the same blocked
// GEMM as exactKnn, against itself and its nearest cells (by centroid) only. A point's neighbours
// are exact whenever they lie in a searched cell, so the recall on a sample of rows is known
// without running the search: the share of the sample's exact neighbours that lie in searched
// cells. The number of cells searched per cell ("probes") is the fewest whose share meets the
// target recall. On clustered data the neighbours share a point's cell and a few probes reach a
// recall near 1 at a small share of the exact search's work; on iid data of high dimension
// neighbours scatter over many cells and the probes approach all of them.
//
// Deterministic: k-means is seeded and sums in a fixed order, the search is exactKnn's, so the
// same points and options give the same graph whatever the thread count.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <Eigen/Core>

#include "common/run_control.h"
#include "neighbors/knn.h"

namespace dimscope::hubness {

struct PartitionOptions {
    int k = 10;                        ///< neighbours per point, 1…N−1
    Metric metric = Metric::Euclidean; ///< euclidean or cosine (lp with p = 2 counts as euclidean)
    double p = 2.0;                    ///< exponent when metric is lp; only 2 is supported
    /// k-means cells, 0 = automatic: √N / 4 rounded (4000 points a cell at N = 10⁶), at least 1.
    int cells = 0;
    /// Cells each cell is searched against, itself included (1…cells), 0 = tuned: the fewest
    /// whose recall on the sample meets targetRecall.
    int probes = 0;
    double targetRecall = 0.95;         ///< with probes = 0, in (0, 1]
    std::int64_t recallSample = 1000;   ///< rows whose exact neighbours measure the recall, ≥ 1
    std::uint64_t seed = 1;             ///< k-means initialisation and the recall sample
    int threads = 0;                    ///< 0 = all cores; the result does not depend on it
    std::uint64_t memoryLimitBytes = 0; ///< refuse above this; 0 = 80 % of available memory
    /// With probes = 0: take the most probes whose search time, projected from a timed exact
    /// search of 8192 of the points, stays within this, when the target needs more (the result
    /// then says the target was not met); 0 = no limit.
    double maxSeconds = 0;
    /// With probes = 0: search every pair exactly (exactKnn) when the chosen probes would search
    /// more than this share of the pairs, and every pair fits maxSeconds (if set); 0 = never.
    /// Near all the pairs, the cells save nothing:
    /// iid gaussian at N = 10⁵, d = 128 needed 92.6 % of the work for recall 0.945, and took
    /// 24.0 s against the exact search's 21.8 s.
    double exactAboveWorkShare = 0;
};

struct PartitionResult : RunOutcome {
    KnnGraph graph;
    int cells = 0;  ///< k-means cells (empty ones included)
    int probes = 0; ///< cells each cell was searched against
    /// Recall@k on the sample at those probes: exactly what measureRecall reports for its rows.
    double recall = 0;
    bool targetMet = false; ///< with probes = 0: whether recall ≥ targetRecall
    /// The searched pairs' share of the exact search's work (N(N−1)/2 pairs).
    double workShare = 0;
    /// exactAboveWorkShare applied: the graph is exactKnn's (recall 1, every cell searched), and
    /// workShare is the share the chosen probes would have searched.
    bool searchedExactly = false;
    double clusterSeconds = 0; ///< k-means and the assignment of every point
    double tuneSeconds = 0;    ///< the sample's exact neighbours and the choice of probes
    double searchSeconds = 0;  ///< the blocked search of the chosen cell pairs
    double seconds = 0;        ///< the whole call
};

/// Bytes the partitioned search needs beyond the caller's data.
std::uint64_t partitionMemoryEstimate(std::int64_t n, std::int64_t d, int k, int threads);

/// nullopt when partitionedKnn can run on `points` with `options`; else plain words (as checkKnn,
/// plus the metric, cells, probes, target and sample ranges).
std::optional<std::string> checkPartitioned(const Eigen::Ref<const Eigen::MatrixXd> &points,
                                            const PartitionOptions &options);

/// k-NN of each row of `points` among the other rows, exact within the searched cells. `stop` is
/// polled between steps and block pairs; `progress` (0…1) is called on the calling thread only.
/// Returns InvalidInput with checkPartitioned's message, Cancelled, or Failed.
PartitionResult partitionedKnn(const Eigen::Ref<const Eigen::MatrixXd> &points,
                               const PartitionOptions &options,
                               const std::function<bool()> &stop = {},
                               const std::function<void(double)> &progress = {});

} // namespace dimscope::hubness
