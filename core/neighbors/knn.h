// SPDX-License-Identifier: MIT
#pragma once
// Exact k-nearest neighbours of every point among the others (a self-join, self excluded), for the
// hubness explorer (geometry.md §3, §6). Euclidean and cosine go through blocked float GEMM, other
// Lp metrics through a blocked direct loop; never an N×N matrix in memory. Each block pair (I, J)
// with I ≤ J is computed once and serves the rows of both sides. Ties are broken by the smaller
// index, so the result is one well-defined set whatever the thread count or block order.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "common/enum_names.h"
#include "common/run_control.h"

namespace dimscope::hubness {

enum class Metric { Euclidean, Cosine, Manhattan, Lp };

/// The command-line and JSON names of Metric, in the enum's order (enum_names.h).
inline const std::vector<std::string> &namesOf(Metric) {
    static const std::vector<std::string> names = {"euclidean", "cosine", "manhattan", "lp"};
    return names;
}

struct KnnOptions {
    int k = 10; ///< neighbours per point, 1…N−1
    Metric metric = Metric::Euclidean;
    double p = 2.0;                     ///< exponent of Metric::Lp, > 0 (p < 1 allowed)
    int threads = 0;                    ///< 0 = all cores; the result does not depend on it
    std::uint64_t memoryLimitBytes = 0; ///< refuse above this; 0 = 80 % of available memory
    int blockSize = 0; ///< points per block, 0 = automatic (tests use small blocks)
};

/// The k nearest neighbours of each point. Row i lists i's neighbours by ascending distance
/// (equal distances: smaller index first). Distances are in the metric's own units: euclidean
/// ‖x−y‖, cosine 1 − cos(x, y), manhattan Σ|x−y|, lp (Σ|x−y|^p)^(1/p). The search runs in float
/// on a scaled copy of the points (scaled_points.h: any finite magnitude, 1e-300 or 1e300, gives
/// the neighbours of scale 1) and keeps a few more than k candidates per point; their distances
/// are recomputed in double, which decides the k. For euclidean and cosine a bound on the float
/// error proves, row by row, that the k nearest are among those candidates; a row it cannot prove
/// is searched again in double (KnnResult::rowsSearchedInDouble).
struct KnnGraph {
    std::int64_t n = 0;
    int k = 0;
    std::vector<std::int32_t> indices; ///< n·k, row-major
    std::vector<double> distances;     ///< n·k, row-major; empty when only indices are known
    std::int32_t index(std::int64_t i, int j) const {
        return indices[static_cast<std::size_t>(i * k + j)];
    }
    double distance(std::int64_t i, int j) const {
        return distances[static_cast<std::size_t>(i * k + j)];
    }
};

struct KnnResult : RunOutcome {
    KnnGraph graph;
    double seconds = 0;
    /// Rows whose k nearest the float search could not prove it had found (points far from the
    /// data's centre next to their neighbour distances, or more exact ties than it keeps), and
    /// that were searched again in double against every point. Euclidean and cosine only.
    std::int64_t rowsSearchedInDouble = 0;
};

/// Bytes the search needs beyond the caller's data (float and double copies, per-thread blocks,
/// the top-k lists, the block pairs and their schedule, the result).
std::uint64_t knnMemoryEstimate(std::int64_t n, std::int64_t d, int k, int threads, Metric metric);

/// nullopt when a search of `points` (n × d, a row per point) with these options can run; else
/// plain words: k ≥ N, d = 0, non-finite values, cosine on a zero vector, p ≤ 0, memory need too
/// large.
std::optional<std::string> checkKnn(const Eigen::Ref<const Eigen::MatrixXd> &points,
                                    const KnnOptions &options);

/// Exact k-NN of each row of `points` among the other rows. Runs on options.threads threads;
/// `stop` is polled between blocks (from several threads); `progress` (fraction 0…1) is called
/// only on the calling thread. Returns InvalidInput with checkKnn's message, or Cancelled.
KnnResult exactKnn(const Eigen::Ref<const Eigen::MatrixXd> &points, const KnnOptions &options,
                   const std::function<bool()> &stop = {},
                   const std::function<void(double)> &progress = {});

/// k-NN from a full distance matrix (n × n, diagonal ignored); for small cases and tests.
KnnGraph knnFromDistanceMatrix(const Eigen::Ref<const Eigen::MatrixXd> &distances, int k);

/// Exact distance between rows a and b of `points` in `metric` (units as in KnnGraph).
double pointDistance(const Eigen::Ref<const Eigen::MatrixXd> &points, std::int64_t a,
                     std::int64_t b, Metric metric, double p);

/// N_k: how often each point appears in the first `k` columns of the neighbour lists (k ≤ graph.k;
/// 0 = all). Σ N_k = n·k.
std::vector<std::int64_t> kOccurrence(const KnnGraph &graph, int k = 0);

} // namespace dimscope::hubness
