// SPDX-License-Identifier: MIT
#pragma once
// Explorer "hubness": k-occurrence N_k, the hubness measures of scikit-hubness, and hubness
// reduction (post 9147; geometry.md §1.2–1.3, §3). Data: seeded synthetic points, the user's
// .npy / CSV / TSV file, or a precomputed N×k neighbour file. Params → computeHubness →
// HubnessResult (+ HubnessSnapshot).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "hubness/hubness_measures.h"
#include "hubness/hubness_reduction.h"
#include "neighbors/ann.h"
#include "neighbors/knn.h"

namespace dimscope::hubness {

enum class DataKind { Gaussian, Uniform, Sphere, Mixture };

inline const std::vector<std::string> &namesOf(DataKind) {
    static const std::vector<std::string> names = {"gaussian", "uniform", "sphere", "mixture"};
    return names;
}

/// How the neighbours are found. Approximate: HNSW. Partitioned: exact within k-means cells and
/// their nearest cells, as many as a target recall needs (neighbors/partitioned.h). Auto:
/// partitioned where the exact search stops being interactive (N·N·d > kAutoPartitionedWork)
/// and the metric allows it, else exact.
enum class Search { Exact, Approximate, Auto, Partitioned };

inline const std::vector<std::string> &namesOf(Search) {
    static const std::vector<std::string> names = {"exact", "approximate", "auto", "partitioned"};
    return names;
}

/// The N·N·d above which search = auto goes partitioned: 2e13, where the exact search takes about
/// 5 minutes on 2 cores (bench hubness: 1930 s at N = 10⁶, d = 128). Partitioned search takes a
/// tenth of that on the mixture at 10⁶ (recall 0.952 over all points in 217 s). Where the data
/// has no clusters to use, the target needs nearly every pair (iid gaussian, N = 10⁵, d = 128:
/// 92.6 % of them for recall 0.945, 24.0 s against the exact search's 21.8 s): auto then searches
/// exactly (kAutoExactAboveWorkShare), after the k-means and the sample that found it out. HNSW,
/// auto's choice before, did worse on both (731 s for recall 0.63 on the mixture at 10⁶; recall
/// 0.62 on iid data at 10⁵).
constexpr double kAutoPartitionedWork = 2e13;

/// Search = auto searches every pair exactly when the partitioned search would search more than
/// this share of them: near all the pairs, the cells cost more than they save (the iid case
/// above). PartitionOptions::exactAboveWorkShare.
constexpr double kAutoExactAboveWorkShare = 0.8;

/// The recall the partitioned search aims at when the parameters name none.
constexpr double kDefaultTargetRecall = 0.95;

/// Neighbour files whose lists take at most this (N · columns · 4 bytes: 6.7 million points at
/// k = 10) are also kept as lists, for the views' reverse-neighbour highlighting. Larger files are
/// streamed: one pass counts N_k, and the run keeps nothing else (neighbour_file.h).
constexpr std::uint64_t kNeighborListsMaxBytes = std::uint64_t(256) << 20;

struct HubnessParams {
    DataKind data = DataKind::Gaussian; ///< synthetic law (ignored when input or neighbors is set)
    std::int64_t n = 2000;              ///< points, 3…1000000 (synthetic data)
    int d = 100;                        ///< dimension, 1…100000 (synthetic data)
    int clusters = 3;                   ///< mixture components, 1…1000; centres ~ N(0, 9 I)
    std::uint64_t seed = 1;             ///< same seed, same points
    std::string input;                  ///< .npy / .csv / .tsv of points (rows), "" = synthetic
    std::string neighbors; ///< N×k integer .npy of neighbour indices, "" = compute them
    int k = 10;            ///< neighbours per point, 1…N−1
    Metric metric = Metric::Euclidean;
    double p = 2.0; ///< exponent of metric lp, 0.05…100 (p < 1 allowed)
    Reduction reduction = Reduction::None;
    int candidates = 100;            ///< primary neighbours rescored by a reduction, k…N−1
    int reductionK = 5;              ///< neighbourhood of ls, nicdm, dsl, csls, 1…candidates
    double hubSize = 2.0;            ///< hubs have N_k ≥ hubSize·k, 1…1000
    bool includeKOccurrence = false; ///< put the N_k array in the JSON result
    int threads = 0;                 ///< 0 = all cores; results do not depend on it
    /// exact (default), approximate (HNSW), partitioned (both euclidean and cosine only, not with
    /// a neighbour file) or auto (partitioned when N·N·d > kAutoPartitionedWork, the metric
    /// allows it and recallSample ≥ 1)
    Search search = Search::Exact;
    /// rows whose approximate neighbours are checked against exact search for the recall,
    /// 0…1000000 (0 = do not measure; capped at N); seeded by `seed`
    std::int64_t recallSample = 1000;
    /// approximate search: 0 = efSearch fixed (recall measured, not chosen); in (0, 1] raise
    /// efSearch until the recall on the recall sample reaches it (needs recallSample ≥ 1).
    /// Partitioned search: raise the cells searched until then; 0 means kDefaultTargetRecall.
    double targetRecall = 0;
    /// approximate search: build the graph on every thread (faster; neighbours vary slightly from
    /// run to run) instead of one (the same result every run)
    bool fastBuild = false;
    /// Not a parameter (tests and benchmarks set it): neighbour lists up to this many bytes are
    /// kept; 0 = stream every neighbour file.
    std::uint64_t neighborListsMaxBytes = kNeighborListsMaxBytes;
};

/// Whether a run with `params` uses approximate (HNSW) search.
bool usesApproximateSearch(const HubnessParams &params);
/// Whether a run on n × d points with `params` uses partitioned search (resolves auto).
bool usesPartitionedSearch(const HubnessParams &params, std::int64_t n, std::int64_t d);

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<HubnessParams> &paramTable();

/// The seeded synthetic points of `params` (n × d, a row per point).
Eigen::MatrixXd generatePoints(const HubnessParams &params);
/// Points from a .npy (float32/float64, 2-D), .csv or .tsv file, read up to dataFileLimit()
/// (common/memory.h). `read` receives the record of the bytes read. Throws DataFileError.
Eigen::MatrixXd loadPoints(const std::string &path, FileRead *read = nullptr);
/// Neighbour lists from an N×k integer .npy file (int32/int64; rows = points). Indices must lie in
/// 0…N−1 and be distinct within a row; when every row contains its own index (a self-search by
/// faiss and the like), that entry is dropped. A file with missing entries (-1) has no fixed-k
/// lists and is refused here; computeHubness reads it (neighbor_file.h). `read` receives the record
/// of the bytes read. Throws DataFileError.
KnnGraph loadNeighbors(const std::string &path, FileRead *read = nullptr);

/// Progressive state, published about every 50 ms.
struct HubnessSnapshot {
    std::string stage;   ///< "data", "neighbours", "reduction", "measures"
    double fraction = 0; ///< of the whole run, 0…1
};

struct HubnessResult : RunOutcome {
    HubnessParams params;
    std::int64_t n = 0, d = 0; ///< d = 0 for neighbour-file input
    int k = 0;
    std::vector<std::int64_t> kOccurrence; ///< N_k per point, input order (after the reduction)
    HubnessMeasures measures;              ///< of kOccurrence
    KnnGraph neighbors;                    ///< final k lists (reduced when a reduction is on)
    /// Without reduction: empty / nullopt. With one: N_k and measures of the primary k-NN.
    std::vector<std::int64_t> kOccurrenceBefore;
    std::optional<HubnessMeasures> before;
    std::vector<double> distanceToMean; ///< ‖x − mean‖ per point; empty for neighbour files
    /// (mean distance, median N_k) in equal-count bins of distanceToMean, nearest first: the trend
    /// through the overplotted cloud (3 to 30 bins of at least 60 points). Empty with
    /// distanceToMean.
    std::vector<std::array<double, 2>> meanDistanceTrend;
    std::vector<std::array<double, 2>>
        projection; ///< 2-D PCA scores per point; empty for files of neighbours
    double knnSeconds = 0, elapsedSeconds = 0;
    /// Exact search: rows whose neighbours float could not prove, searched again (knn.h).
    std::int64_t rowsSearchedInDouble = 0;
    bool approximate = false;     ///< the neighbours came from the approximate (HNSW) search
    bool partitioned = false;     ///< the neighbours came from the partitioned search
    std::optional<double> recall; ///< recall@k of that search on a sample; nullopt for exact
    int efSearch = 0;             ///< the efSearch the approximate search queried with
    int cells = 0, probes = 0;    ///< partitioned: k-means cells, cells searched per cell
    double workShare = 0;         ///< partitioned: its share of the exact search's work
    /// Search = auto planned the partitioned search, found that it would search `workShare` of
    /// the pairs (over kAutoExactAboveWorkShare), and searched all of them exactly instead.
    bool autoSearchedExactly = false;
    bool targetRecallMet = true; ///< false when targetRecall was set and not reached
    // Neighbour-file input only:
    std::int64_t missingNeighbors = 0; ///< -1 entries in the file
    std::int64_t shortRows = 0;        ///< points with fewer than k neighbours (-1 at the end)
    /// Why `neighbors` is empty although the file was read ("" when the lists were kept): the file
    /// was streamed, or rows miss neighbours. The measures come from N_k either way; what needs the
    /// lists (the views' reverse-neighbour highlighting) is not available.
    std::string listsDropped;
};

HubnessResult computeHubness(const HubnessParams &params,
                             const RunControl<HubnessSnapshot> &control = {});
/// The same run on points already in memory (n × d, a row per point); params.input/neighbors and
/// the synthetic fields are ignored.
HubnessResult computeHubnessOf(const Eigen::MatrixXd &points, const HubnessParams &params,
                               const RunControl<HubnessSnapshot> &control = {});

/// Poisson(k) probabilities P(N = 0…maxCount): the "no hubness" reference of the N_k histogram.
std::vector<double> poissonReference(double k, int maxCount);
/// Lorenz curve of N_k: n+1 points (share of points, share of occurrences), ascending N_k.
std::vector<std::array<double, 2>> lorenzCurve(const std::vector<std::int64_t> &occurrence);

/// The measures as JSON with the command-line keys (k_skewness … spearman_mean_distance).
nlohmann::json measuresToJson(const HubnessMeasures &measures);
/// The `result` object of `dimscope compute hubness`: the measures, n, d, k,
/// constant_k_occurrence, k_occurrence (with include-k-occurrence), `before` (with a reduction),
/// `search` ("exact" / "approximate") and `recall` (null unless approximate).
nlohmann::json toJson(const HubnessResult &result);

using HubnessExplorer = Explorer<HubnessParams, HubnessSnapshot, HubnessResult>;
/// The explorer's record (name "hubness"). Its checks cover the parameters; file contents are
/// checked when the run reads them.
const HubnessExplorer &explorer();

} // namespace dimscope::hubness
