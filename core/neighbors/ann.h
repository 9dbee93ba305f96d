// SPDX-License-Identifier: MIT
#pragma once
// Approximate k-nearest neighbours for large N (issue 3): an HNSW graph (hnswlib's
// HierarchicalNSW, Debian's libhnswlib-dev) over the points, then every point queried against it.
// Same KnnGraph as exactKnn (self excluded, k neighbours, distances recomputed in double in the
// metric's own units), so everything downstream — k-occurrence, measures, reductions — is shared.
// Recall against exact search is measured on a seeded sample of rows (measureRecall).
//
// Determinism: the graph depends on insertion order and on the random levels drawn from
// hnswlib's level generator (seeded with AnnOptions::seed). A multi-threaded build is NOT
// deterministic: concurrent inserts see each other's half-built neighbourhoods in whatever order
// the scheduler gives, and in hnswlib 0.6.2 they even share the level generator without a lock
// (addPoint → getRandomLevel). So by default the graph is built on one thread, in index order, and
// only the queries (read-only, each one deterministic given the graph) run in parallel. Same
// points, same options → the same graph, whatever the thread count. AnnOptions::parallelBuild
// trades that for speed: inserts on every thread, a graph that differs from run to run (the
// levels' engine is then shared without a lock, which only changes which levels are drawn).
//
// Recall: AnnOptions::targetRecall tunes efSearch on a sample until the recall@k measured there
// meets the target (or a cap or time limit stops it); the result says which efSearch and recall.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <Eigen/Core>

#include "common/run_control.h"
#include "neighbors/knn.h"

namespace dimscope::hubness {

struct AnnOptions {
    int k = 10;                        ///< neighbours per point, 1…N−1
    Metric metric = Metric::Euclidean; ///< euclidean or cosine (lp with p = 2 counts as euclidean)
    double p = 2.0;                    ///< exponent when metric is lp; only 2 is supported
    /// HNSW links per node and layer (2M on the bottom layer), 2…200. 16 is hnswlib's default and
    /// the usual choice for d in the tens to hundreds.
    int m = 16;
    /// Candidate list while building, ≥ 1 (raised to M). 100: recall within ~0.5 % of the usual
    /// 200 on the gaussian data of the tests at half the build time.
    int efConstruction = 100;
    /// Candidate list per query, 0 = automatic: max(100, 2k + 2). Always raised to k + 1. Larger
    /// is slower and more accurate; 100 gives recall@10 0.99 on gaussian N = 5000, d = 50, but
    /// iid gaussian data of high dimension is HNSW's hard case: at d = 128, recall@10 is 0.85 for
    /// N = 20000 (0.97 with efSearch 400, 3.8× the query time) and 0.62 for N = 100000.
    int efSearch = 0;
    std::uint64_t seed = 1;             ///< hnswlib's random_seed (levels of the graph)
    int threads = 0;                    ///< query threads, 0 = all cores; the build uses one
    std::uint64_t memoryLimitBytes = 0; ///< refuse above this; 0 = 80 % of available memory
    /// Build the graph on `threads` threads: about that many times faster, but concurrent
    /// inserts see each other's half-built neighbourhoods in the scheduler's order, so the graph,
    /// and with it a few neighbour lists, differ from run to run (see the top of this file).
    bool parallelBuild = false;
    /// 0: query with efSearch as given. In (0, 1]: starting there, double efSearch (up to
    /// kMaxTunedEfSearch) until the recall@k on `recallSample` seeded rows (seed `seed`, exact
    /// neighbours by brute force) reaches it; AnnResult says what was reached.
    double targetRecall = 0;
    std::int64_t recallSample = 1000; ///< rows of that check, ≥ 1 (capped at N)
    /// With targetRecall: stop raising efSearch where the next step's projected query time for
    /// all N points (measured on the sample) would exceed this; 0 = no limit.
    double maxQuerySeconds = 0;
};

/// The largest efSearch the recall tuning tries: beyond it HNSW approaches a scan of the graph.
constexpr int kMaxTunedEfSearch = 4096;

struct AnnResult : RunOutcome {
    KnnGraph graph;
    double buildSeconds = 0; ///< inserting the points into the graph (one thread)
    double querySeconds = 0; ///< querying every point and recomputing its distances
    double seconds = 0;      ///< the whole call
    int efSearch = 0;        ///< the efSearch the points were queried with
    /// With AnnOptions::targetRecall: the recall@k measured on the sample at that efSearch (the
    /// same figure measureRecall gives for the same rows), whether it met the target, and the
    /// seconds the tuning took (the exact neighbours of the sample and its queries).
    std::optional<double> tunedRecall;
    bool targetMet = false;
    double tuneSeconds = 0;
};

/// The efSearch actually used for `options` (automatic value resolved, at least k + 1).
int effectiveEfSearch(const AnnOptions &options);

/// Bytes the approximate search needs beyond the caller's data (float and double copies, the
/// graph with its links and locks, the result).
std::uint64_t annMemoryEstimate(std::int64_t n, std::int64_t d, int k, int m);

/// nullopt when approximateKnn can run on `points` (n × d, a row per point) with `options`; else
/// plain words: an unsupported metric ("approximate search supports euclidean and cosine"),
/// k ≥ N, d = 0, non-finite values, cosine on a zero vector, M or ef out of range, memory.
std::optional<std::string> checkAnn(const Eigen::Ref<const Eigen::MatrixXd> &points,
                                    const AnnOptions &options);

/// Approximate k-NN of each row of `points` among the other rows via HNSW. The build runs on the
/// calling thread, the queries on options.threads threads in chunks; `stop` is polled between
/// chunks of insertions and of queries (from several threads); `progress` (fraction 0…1) is
/// called only on the calling thread. Returns InvalidInput with checkAnn's message, Cancelled,
/// or Failed (hnswlib error, out of memory).
AnnResult approximateKnn(const Eigen::Ref<const Eigen::MatrixXd> &points, const AnnOptions &options,
                         const std::function<bool()> &stop = {},
                         const std::function<void(double)> &progress = {});

/// Recall@k of `graph` (k = graph.k) against exact search: for min(sampleSize, n) rows drawn
/// without replacement with `seed` (all rows when sampleSize ≥ n), the share of their k listed
/// neighbours that are among their exact k nearest (brute force in double over all points for
/// just those rows, ties by the smaller index, as exactKnn). 1 for an exact graph. `metric`
/// must be the one the graph was searched with (euclidean or cosine; lp p = 2 as euclidean).
/// Runs on `threads` threads (0 = all cores); returns NaN when `stop` fires (polled per chunk of
/// sampled rows) or when sampleSize ≤ 0.
double measureRecall(const Eigen::Ref<const Eigen::MatrixXd> &points, const KnnGraph &graph,
                     Metric metric, std::int64_t sampleSize, std::uint64_t seed, int threads = 0,
                     const std::function<bool()> &stop = {});

} // namespace dimscope::hubness
