// SPDX-License-Identifier: MIT
#include "hubness/hubness.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <exception>
#include <limits>
#include <numeric>

#include <Eigen/Eigenvalues>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <nlohmann/json.hpp>

#include "common/memory.h"
#include "hubness/neighbor_file.h"
#include "io/delimited.h"
#include "io/npy.h"
#include "io/user_file.h"
#include "neighbors/partitioned.h"
#include "neighbors/scaled_points.h"

namespace dimscope::hubness {

namespace {

bool approximateSupports(const HubnessParams &p) {
    return p.metric == Metric::Euclidean || p.metric == Metric::Cosine ||
           (p.metric == Metric::Lp && p.p == 2.0);
}

std::string extensionOf(const std::string &path) {
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
        return {};
    std::string ext = path.substr(dot);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext;
}

/// Top two principal-component scores. Covariance eigen-decomposition for moderate d, subspace
/// iteration beyond (d³ would dominate). Signs fixed so the largest loading is positive.
std::vector<std::array<double, 2>> pcaProjection(const Eigen::MatrixXd &points) {
    const Eigen::Index n = points.rows(), d = points.cols();
    const Eigen::RowVectorXd mean = points.colwise().mean();
    const Eigen::MatrixXd centred = points.rowwise() - mean;
    Eigen::MatrixXd basis = Eigen::MatrixXd::Zero(d, 2);
    if (d <= 1500) {
        const Eigen::MatrixXd cov = centred.transpose() * centred;
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
        for (int c = 0; c < std::min<Eigen::Index>(2, d); ++c)
            basis.col(c) = eig.eigenvectors().col(d - 1 - c);
    } else {
        for (Eigen::Index t = 0; t < d; ++t) {
            basis(t, 0) = 1.0 / std::sqrt(static_cast<double>(t + 1));
            basis(t, 1) = (t % 2 == 0 ? 1.0 : -1.0) / std::sqrt(static_cast<double>(t + 2));
        }
        for (int iter = 0; iter < 30; ++iter) {
            const Eigen::MatrixXd next = centred.transpose() * (centred * basis);
            basis = Eigen::HouseholderQR<Eigen::MatrixXd>(next).householderQ() *
                    Eigen::MatrixXd::Identity(d, 2);
        }
    }
    for (int c = 0; c < 2; ++c) {
        Eigen::Index at = 0;
        basis.col(c).cwiseAbs().maxCoeff(&at);
        if (basis(at, c) < 0)
            basis.col(c) = -basis.col(c);
    }
    const Eigen::MatrixXd scores = centred * basis;
    std::vector<std::array<double, 2>> out(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i)
        out[static_cast<std::size_t>(i)] = {scores(i, 0), scores(i, 1)};
    return out;
}

/// Publishes snapshots on the calling thread at most every interval (the last one always).
struct Reporter {
    const RunControl<HubnessSnapshot> &control;
    ProgressClock clock;
    explicit Reporter(const RunControl<HubnessSnapshot> &c)
        : control(c), clock(c.progressIntervalSeconds) {}
    void operator()(const std::string &stage, double fraction, bool force = false) {
        if (control.wantsProgress() && (force || clock.due()))
            control.onProgress(HubnessSnapshot{stage, fraction});
    }
};

HubnessResult invalid(HubnessResult r, Termination t, const std::string &message) {
    r.termination = t;
    r.message = message;
    return r;
}

/// Median N_k in equal-count bins of the distance to the mean (HubnessResult::meanDistanceTrend).
/// Here, off the GUI thread: sorting a million distances took 150 ms there.
std::vector<std::array<double, 2>> medianTrend(const std::vector<double> &distance,
                                               const std::vector<std::int64_t> &occurrence) {
    const std::size_t n = distance.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return distance[a] < distance[b]; });
    const std::size_t bins = std::clamp<std::size_t>(n / 60, 3, 30);
    std::vector<std::array<double, 2>> trend;
    std::vector<double> values;
    for (std::size_t b = 0; b < bins; ++b) {
        const std::size_t lo = b * n / bins, hi = (b + 1) * n / bins;
        if (hi <= lo)
            continue;
        values.clear();
        double sum = 0;
        for (std::size_t i = lo; i < hi; ++i) {
            values.push_back(static_cast<double>(occurrence[order[i]]));
            sum += distance[order[i]];
        }
        const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
        std::nth_element(values.begin(), mid, values.end());
        trend.push_back({sum / static_cast<double>(hi - lo), *mid});
    }
    return trend;
}

void finishMeasures(HubnessResult &r, int k, double hubSize) {
    r.measures = hubnessMeasures(r.kOccurrence, k, r.n, hubSize);
    if (!r.distanceToMean.empty()) {
        const std::vector<double> occurrence(r.kOccurrence.begin(), r.kOccurrence.end());
        r.measures.spearmanMeanDistance = spearman(occurrence, r.distanceToMean);
    }
}

} // namespace

bool usesApproximateSearch(const HubnessParams &p) { return p.search == Search::Approximate; }

bool usesPartitionedSearch(const HubnessParams &p, std::int64_t n, std::int64_t d) {
    if (p.search == Search::Partitioned)
        return true;
    if (p.search != Search::Auto || !approximateSupports(p) || p.recallSample < 1 ||
        !p.neighbors.empty())
        return false;
    const double work = static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(d);
    return work > kAutoPartitionedWork;
}

const ParamTable<HubnessParams> &paramTable() {
    static const auto table =
        ParamTable<HubnessParams>()
            .choice("data", "Data", "Synthetic law of the points (when no file is given)",
                    &HubnessParams::data)
            .integer("n", "Points N", "Number of synthetic points", &HubnessParams::n, 3, 1000000)
            .logScale()
            .integer("d", "Dimension d", "Coordinates per synthetic point", &HubnessParams::d, 1,
                     100000)
            .logScale()
            .integer("clusters", "Clusters",
                     "Gaussian components of the mixture (centres ~ N(0, 9 I))",
                     &HubnessParams::clusters, 1, 1000)
            .onlyWhen("data", {"mixture"})
            .seed(&HubnessParams::seed, "Random seed: same seed, same points")
            .path("input", "Points file",
                  "Your own points: .npy (float32/float64, 2-D), .csv or .tsv; rows are points",
                  &HubnessParams::input)
            .path("neighbors", "Neighbour file",
                  "Precomputed N×k integer .npy of neighbour indices (e.g. from faiss)",
                  &HubnessParams::neighbors)
            .integer("k", "Neighbours k", "Size of each k-nearest-neighbour list (self excluded)",
                     &HubnessParams::k, 1, 10000)
            .logScale()
            .choice("metric", "Metric", "Distance between points", &HubnessParams::metric)
            .real("p", "Exponent p", "Exponent of the lp metric, (Σ|x−y|^p)^(1/p); p < 1 allowed",
                  &HubnessParams::p, 0.05, 100.0)
            .logScale()
            .onlyWhen("metric", {"lp"})
            .choice("reduction", "Hubness reduction",
                    "Secondary distance that re-ranks the neighbours (measures before and after)",
                    &HubnessParams::reduction)
            .integer("candidates", "Candidates", "Primary neighbours rescored by a reduction",
                     &HubnessParams::candidates, 1, 10000)
            .logScale()
            .advanced()
            .integer("reduction-k", "Reduction k",
                     "Neighbourhood of local scaling, NICDM, DisSimLocal and CSLS",
                     &HubnessParams::reductionK, 1, 1000)
            .advanced()
            .real("hub-size", "Hub size", "Hubs are points with Nₖ ≥ hub size · k",
                  &HubnessParams::hubSize, 1.0, 1000.0)
            .advanced()
            .flag("include-k-occurrence", "Include Nₖ", "Put the Nₖ array in the JSON result",
                  &HubnessParams::includeKOccurrence)
            .threads(&HubnessParams::threads)
            .choice("search", "Neighbour search",
                    "exact; approximate (HNSW graph, euclidean and cosine, recall measured on a "
                    "sample); partitioned (exact within k-means cells and their nearest cells, as "
                    "many cells as the target recall needs; euclidean and cosine; the same result "
                    "on every run); auto = partitioned where exact would take minutes (N²·d > "
                    "2e13, e.g. N > 400000 at d = 128), else exact",
                    &HubnessParams::search)
            .integer("recall-sample", "Recall sample",
                     "Points whose approximate neighbours are checked against exact search (0 = "
                     "do not measure recall)",
                     &HubnessParams::recallSample, 0, 1000000)
            .advanced()
            .real("target-recall", "Target recall",
                  "Approximate search: raise efSearch until the recall on the recall sample "
                  "reaches this (0 = keep efSearch and only measure the recall). Partitioned "
                  "search: search more cells until then (0 = 0.95)",
                  &HubnessParams::targetRecall, 0.0, 1.0)
            .advanced()
            .flag("fast-build", "Fast graph build",
                  "Approximate search: build the graph on every thread (faster; a few neighbour "
                  "lists differ from run to run) instead of one (the same result every run)",
                  &HubnessParams::fastBuild)
            .advanced();
    return table;
}

namespace {

/// Bytes a run on n × d synthetic points needs: the points and the PCA's centred copy (doubles),
/// its covariance, and the neighbour search's copies and buffers.
std::uint64_t syntheticMemoryEstimate(const HubnessParams &p, std::int64_t n, std::int64_t d) {
    const auto un = static_cast<std::uint64_t>(n), ud = static_cast<std::uint64_t>(d);
    const int k =
        p.reduction == Reduction::None
            ? p.k
            : static_cast<int>(std::min<std::int64_t>(std::max(p.candidates, p.k), n - 1));
    std::uint64_t bytes = 2 * un * ud * 8 + (d <= 1500 ? ud * ud * 8 : 0);
    if (usesPartitionedSearch(p, n, d))
        bytes += partitionMemoryEstimate(n, d, k, p.threads);
    else if (usesApproximateSearch(p))
        bytes += annMemoryEstimate(n, d, k, AnnOptions{}.m);
    else
        bytes += knnMemoryEstimate(n, d, k, p.threads, p.metric);
    return bytes;
}

/// "parameter 'n': 1000000 points of dimension 100000 need about 2.4 TB …; n ≤ 5000 would fit at
/// d = 100000, or d ≤ 500 at n = 1000000", or nullopt when the run fits.
std::optional<std::string> syntheticMemoryProblem(const HubnessParams &p) {
    const std::uint64_t need = syntheticMemoryEstimate(p, p.n, p.d);
    const std::uint64_t limit = defaultMemoryLimit();
    if (need <= limit)
        return std::nullopt;
    const std::int64_t minN = std::max<std::int64_t>(3, p.k + 1);
    const std::int64_t n = largestThatFits(
        minN, p.n, limit, [&](std::int64_t v) { return syntheticMemoryEstimate(p, v, p.d); });
    const std::int64_t d = largestThatFits(
        1, p.d, limit, [&](std::int64_t v) { return syntheticMemoryEstimate(p, p.n, v); });
    std::string fits;
    if (n >= minN)
        fits = "n ≤ " + std::to_string(n) + " would fit at d = " + std::to_string(p.d);
    if (d >= 1)
        fits += (fits.empty() ? "" : ", or ") + std::string("d ≤ ") + std::to_string(d) +
                " at n = " + std::to_string(p.n);
    if (fits.empty())
        fits = "use fewer points and a smaller dimension";
    return "parameter 'n': " + std::to_string(p.n) + " points of dimension " + std::to_string(p.d) +
           " need about " + bytesText(need) + " of memory, more than the " + bytesText(limit) +
           " available; " + fits;
}

/// What the table cannot check alone: the sources, k against n, what each search and reduction
/// supports, and the memory a run on synthetic data needs.
std::optional<std::string> checkHubness(const HubnessParams &p) {
    const bool synthetic = p.input.empty() && p.neighbors.empty();
    if (!p.input.empty() && !p.neighbors.empty())
        return std::string("parameters 'input' and 'neighbors': give either a points file or a "
                           "neighbour file, not both");
    if (synthetic && p.k >= p.n)
        return "parameter 'k': " + std::to_string(p.k) +
               " is not allowed with n = " + std::to_string(p.n) + "; expected k ≤ n − 1";
    if (p.search == Search::Approximate || p.search == Search::Partitioned) {
        const std::string search = nameOf(p.search);
        if (!p.neighbors.empty())
            return "parameter 'search': " + search +
                   " needs points; a neighbour file already holds the neighbours (set search to "
                   "exact)";
        if (!approximateSupports(p))
            return "parameter 'search': " + search + " search supports euclidean and cosine, not " +
                   nameOf(p.metric) + " (set search to exact)";
        if (p.search == Search::Partitioned && p.recallSample < 1)
            return std::string("parameter 'recall-sample': partitioned search chooses its cells "
                               "by the recall on this sample; expected at least 1");
    }
    if (p.reduction != Reduction::None) {
        if (!p.neighbors.empty())
            return std::string("parameter 'reduction': a hubness reduction needs distances; a "
                               "neighbour file holds only indices (set reduction to none)");
        if (p.candidates < p.k)
            return "parameter 'candidates': " + std::to_string(p.candidates) +
                   " is not allowed; expected at least k = " + std::to_string(p.k);
        if (p.reductionK > p.candidates)
            return "parameter 'reduction-k': " + std::to_string(p.reductionK) +
                   " is not allowed; expected 1…candidates (" + std::to_string(p.candidates) + ")";
        if (p.reduction == Reduction::DisSimLocal && p.metric != Metric::Euclidean)
            return std::string("parameter 'reduction': dsl (DisSimLocal) is defined for the "
                               "euclidean metric only");
    }
    if (synthetic)
        return syntheticMemoryProblem(p);
    return std::nullopt;
}

} // namespace

Eigen::MatrixXd generatePoints(const HubnessParams &params) {
    boost::random::mt19937_64 engine(params.seed);
    boost::random::normal_distribution<double> normal;
    boost::random::uniform_01<double> uniform;
    const std::int64_t n = params.n, d = params.d;
    Eigen::MatrixXd points(n, d);
    Eigen::MatrixXd centres;
    if (params.data == DataKind::Mixture) {
        centres.resize(params.clusters, d);
        for (Eigen::Index c = 0; c < centres.rows(); ++c)
            for (std::int64_t t = 0; t < d; ++t)
                centres(c, t) = 3.0 * normal(engine);
    }
    Eigen::RowVectorXd row(d);
    for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t t = 0; t < d; ++t)
            row(t) = params.data == DataKind::Uniform ? uniform(engine) : normal(engine);
        if (params.data == DataKind::Sphere) {
            const double norm = row.norm();
            row = norm > 0 ? Eigen::RowVectorXd(row / norm) : Eigen::RowVectorXd::Unit(d, 0);
        } else if (params.data == DataKind::Mixture) {
            row += centres.row(i % params.clusters); // equal weights, point i in cluster i mod c
        }
        points.row(i) = row;
    }
    return points;
}

Eigen::MatrixXd loadPoints(const std::string &path, FileRead *read) {
    const std::string ext = extensionOf(path);
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    if (ext == ".npy") {
        const NpyArray a = readNpy(path, dataFileLimit(), false, {}, read);
        if (a.isInteger())
            throw DataFileError(
                path + ": the array holds " + npyTypeName(a.type) +
                " values; expected float32 or float64 coordinates (an integer array "
                "is a neighbour file: use --neighbors)");
        return Eigen::Map<const RowMajor>(a.real.data(), a.rows, a.cols);
    }
    if (ext == ".csv" || ext == ".tsv" || ext == ".tab" || ext == ".txt") {
        // Text takes ~20 bytes a number, the values 8: the text's bound is the data's, doubled.
        const DelimitedTable t = readDelimited(path, 2 * dataFileLimit(), read);
        return Eigen::Map<const RowMajor>(t.values.data(), t.rows, t.cols);
    }
    throw DataFileError(path + ": unknown file type " + excerpt(ext) +
                        "; expected .npy, .csv or .tsv");
}

KnnGraph loadNeighbors(const std::string &path, FileRead *read) {
    NeighborScanOptions options;
    options.keepListsUpTo = std::numeric_limits<std::uint64_t>::max();
    NeighborScan scan = scanNeighbors(path, options);
    if (!scan.listsDropped.empty())
        throw DataFileError(path + ": " + scan.listsDropped);
    if (read)
        *read = scan.read;
    return std::move(scan.graph);
}

HubnessResult computeHubnessOf(const Eigen::MatrixXd &data, const HubnessParams &params,
                               const RunControl<HubnessSnapshot> &control) {
    const Stopwatch watch;
    HubnessResult r;
    r.params = params;
    r.n = data.rows();
    r.d = data.cols();
    // Beyond 2^±100 the squares of the measures (distances to the mean, the PCA's covariance, a
    // reduction's distances) would overflow or underflow double. Such data are divided by a power
    // of two (exact; neighbours and measures do not change) and the results in data units are
    // multiplied back at the end. The neighbour searches scale for themselves (scaled_points.h).
    for (Eigen::Index i = 0; i < data.rows(); ++i)
        for (Eigen::Index t = 0; t < data.cols(); ++t)
            if (!std::isfinite(data(i, t)))
                return invalid(std::move(r), Termination::InvalidInput,
                               "point " + std::to_string(i + 1) + ", coordinate " +
                                   std::to_string(t + 1) +
                                   " is not finite; expected finite numbers");
    const int exponent = largestExponent(data);
    const bool rescale = exponent > 100 || exponent < -100;
    const Eigen::MatrixXd scaledCopy =
        rescale
            ? Eigen::MatrixXd(data.unaryExpr([&](double v) { return std::ldexp(v, -exponent); }))
            : Eigen::MatrixXd();
    const Eigen::MatrixXd &points = rescale ? scaledCopy : data;
    r.k = params.k;
    Reporter report(control);
    const bool reducing = params.reduction != Reduction::None;

    KnnOptions options;
    options.k =
        reducing ? static_cast<int>(std::min<std::int64_t>(params.candidates, r.n - 1)) : params.k;
    options.k = std::max(options.k, params.k);
    options.metric = params.metric;
    options.p = params.p;
    options.threads = params.threads;
    if (params.k >= r.n)
        return invalid(std::move(r), Termination::InvalidInput,
                       "k = " + std::to_string(params.k) + " is not allowed with N = " +
                           std::to_string(r.n) + " points; expected k ≤ N − 1");
    report("neighbours", 0.0, true);
    KnnResult knn;
    r.approximate = usesApproximateSearch(params);
    if (r.approximate) {
        AnnOptions ann;
        ann.k = options.k;
        ann.metric = params.metric;
        ann.p = params.p;
        ann.seed = params.seed;
        ann.threads = params.threads;
        ann.parallelBuild = params.fastBuild;
        ann.targetRecall = params.targetRecall;
        ann.recallSample = params.recallSample;
        AnnResult found = approximateKnn(points, ann, control.shouldStop,
                                         [&](double f) { report("neighbours", 0.05 + 0.75 * f); });
        if (!found.ok())
            return invalid(std::move(r), found.termination,
                           found.termination == Termination::Cancelled
                               ? found.message
                               : "search = approximate: " + found.message);
        r.efSearch = found.efSearch;
        if (found.tunedRecall) { // measured on the recall sample by the tuning itself
            r.recall = found.tunedRecall;
            r.targetRecallMet = found.targetMet;
        } else if (params.recallSample > 0) {
            // Recall of the graph as searched (k = candidates when a reduction re-ranks it).
            report("recall", 0.8, true);
            const double recall =
                measureRecall(points, found.graph, params.metric, params.recallSample, params.seed,
                              params.threads, control.shouldStop);
            if (control.stopRequested())
                return invalid(std::move(r), Termination::Cancelled, "cancelled");
            r.recall = recall;
        }
        knn.graph = std::move(found.graph);
        knn.seconds = found.seconds;
    } else if (usesPartitionedSearch(params, r.n, r.d)) {
        PartitionOptions partition;
        partition.k = options.k;
        partition.metric = params.metric;
        partition.p = params.p;
        partition.seed = params.seed;
        partition.threads = params.threads;
        partition.targetRecall =
            params.targetRecall > 0 ? params.targetRecall : kDefaultTargetRecall;
        partition.recallSample = params.recallSample;
        if (params.search == Search::Auto)
            partition.exactAboveWorkShare = kAutoExactAboveWorkShare;
        PartitionResult found =
            partitionedKnn(points, partition, control.shouldStop,
                           [&](double f) { report("neighbours", 0.05 + 0.8 * f); });
        if (!found.ok())
            return invalid(std::move(r), found.termination,
                           found.termination == Termination::Cancelled
                               ? found.message
                               : "search = partitioned: " + found.message);
        r.partitioned = !found.searchedExactly;
        r.autoSearchedExactly = found.searchedExactly;
        if (r.partitioned)
            r.recall = found.recall;
        r.targetRecallMet = found.targetMet;
        r.cells = found.cells;
        r.probes = found.probes;
        r.workShare = found.workShare;
        knn.graph = std::move(found.graph);
        knn.seconds = found.seconds;
    } else {
        knn = exactKnn(points, options, control.shouldStop,
                       [&](double f) { report("neighbours", 0.05 + 0.8 * f); });
        if (!knn.ok())
            return invalid(std::move(r), knn.termination, knn.message);
        r.rowsSearchedInDouble = knn.rowsSearchedInDouble;
    }
    r.knnSeconds = knn.seconds;

    if (reducing) {
        report("reduction", 0.85, true);
        r.kOccurrenceBefore = kOccurrence(knn.graph, params.k);
        r.before = hubnessMeasures(r.kOccurrenceBefore, params.k, r.n, params.hubSize);
        r.neighbors =
            reduceHubness(knn.graph, params.reduction, params.k, params.reductionK, &points);
    } else {
        r.neighbors = std::move(knn.graph);
    }
    if (control.stopRequested())
        return invalid(std::move(r), Termination::Cancelled, "cancelled");

    report("measures", 0.9, true);
    const Eigen::RowVectorXd mean = points.colwise().mean();
    r.distanceToMean.resize(static_cast<std::size_t>(r.n));
    for (std::int64_t i = 0; i < r.n; ++i)
        r.distanceToMean[static_cast<std::size_t>(i)] = (points.row(i) - mean).norm();
    r.kOccurrence = kOccurrence(r.neighbors);
    finishMeasures(r, params.k, params.hubSize);
    if (r.before) {
        const std::vector<double> occurrence(r.kOccurrenceBefore.begin(),
                                             r.kOccurrenceBefore.end());
        r.before->spearmanMeanDistance = spearman(occurrence, r.distanceToMean);
    }
    r.projection = pcaProjection(points);
    if (rescale) {
        const auto back = [&](double &v) { v = std::ldexp(v, exponent); };
        std::for_each(r.distanceToMean.begin(), r.distanceToMean.end(), back);
        if (params.metric != Metric::Cosine) // 1 − cos has no unit
            std::for_each(r.neighbors.distances.begin(), r.neighbors.distances.end(), back);
        for (auto &xy : r.projection)
            std::for_each(xy.begin(), xy.end(), back);
    }
    r.meanDistanceTrend = medianTrend(r.distanceToMean, r.kOccurrence);
    r.elapsedSeconds = watch.seconds();
    report("measures", 1.0, true);
    return r;
}

HubnessResult computeHubness(const HubnessParams &params,
                             const RunControl<HubnessSnapshot> &control) {
    const Stopwatch watch;
    HubnessResult r;
    r.params = params;
    if (const auto problem = explorer().validate(params))
        return invalid(std::move(r), Termination::InvalidInput, *problem);
    try {
        if (!params.neighbors.empty()) {
            Reporter report(control);
            report("neighbours", 0.0, true);
            NeighborScanOptions options;
            options.k = params.k;
            options.keepListsUpTo = params.neighborListsMaxBytes;
            options.stop = control.shouldStop;
            options.progress = [&](double f) { report("neighbours", 0.9 * f); };
            NeighborScan scan = scanNeighbors(params.neighbors, options);
            if (scan.cancelled)
                return invalid(std::move(r), Termination::Cancelled, "cancelled");
            scan.read.param = "neighbors";
            r.filesRead.push_back(scan.read);
            r.n = scan.n;
            r.k = params.k;
            r.missingNeighbors = scan.missing;
            r.shortRows = scan.shortRows;
            report("measures", 0.9, true);
            if (scan.graph.n > 0) {
                // Kept lists: N_k from them, as before streaming existed (a test checks that the
                // counts of the pass give the same).
                scan.counts = std::vector<std::uint32_t>();
                r.kOccurrence = kOccurrence(scan.graph, params.k);
                r.neighbors = std::move(scan.graph);
            } else {
                r.listsDropped = scan.listsDropped;
                r.kOccurrence.assign(scan.counts.begin(), scan.counts.end());
                scan.counts = std::vector<std::uint32_t>();
            }
            finishMeasures(r, params.k, params.hubSize);
            r.elapsedSeconds = watch.seconds();
            report("measures", 1.0, true);
            return r;
        }
        Reporter report(control);
        report("data", 0.0, true);
        FileRead read;
        const Eigen::MatrixXd points =
            params.input.empty() ? generatePoints(params) : loadPoints(params.input, &read);
        if (control.stopRequested())
            return invalid(std::move(r), Termination::Cancelled, "cancelled");
        HubnessResult out = computeHubnessOf(points, params, control);
        if (!params.input.empty()) {
            read.param = "input";
            out.filesRead.push_back(read);
        }
        out.elapsedSeconds = watch.seconds();
        return out;
    } catch (const DataFileError &e) {
        return invalid(std::move(r), Termination::InvalidInput, e.what());
    } catch (const std::bad_alloc &) {
        // The checks estimate every run's memory first; this is for what they cannot see (other
        // programs taking memory meanwhile).
        return invalid(std::move(r), Termination::Failed,
                       "out of memory: the memory available (" + bytesText(availableMemoryBytes()) +
                           ") was not enough; use fewer points or a smaller dimension");
    } catch (const std::exception &e) {
        return invalid(std::move(r), Termination::Failed, e.what());
    }
}

std::vector<double> poissonReference(double k, int maxCount) {
    std::vector<double> pmf(static_cast<std::size_t>(std::max(maxCount, 0) + 1));
    for (int i = 0; i <= maxCount; ++i)
        pmf[static_cast<std::size_t>(i)] = std::exp(i * std::log(k) - k - std::lgamma(i + 1.0));
    return pmf;
}

std::vector<std::array<double, 2>> lorenzCurve(const std::vector<std::int64_t> &occurrence) {
    std::vector<std::int64_t> sorted = occurrence;
    std::sort(sorted.begin(), sorted.end());
    double total = 0;
    for (auto v : sorted)
        total += static_cast<double>(v);
    std::vector<std::array<double, 2>> curve = {{0.0, 0.0}};
    double running = 0;
    const double n = static_cast<double>(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        running += static_cast<double>(sorted[i]);
        curve.push_back({static_cast<double>(i + 1) / n, total > 0 ? running / total : 0.0});
    }
    return curve;
}

nlohmann::json measuresToJson(const HubnessMeasures &m) {
    nlohmann::json j;
    j["k_skewness"] = m.kSkewness;
    j["k_skewness_truncnorm"] = m.kSkewnessTruncnorm;
    j["robinhood"] = m.robinhood;
    j["gini"] = m.gini;
    j["atkinson"] = m.atkinson;
    j["antihub_occurrence"] = m.antihubOccurrence;
    j["hub_occurrence"] = m.hubOccurrence;
    j["groupie_ratio"] = m.groupieRatio;
    j["max_k_occurrence"] = m.maxKOccurrence;
    j["spearman_mean_distance"] =
        m.spearmanMeanDistance ? nlohmann::json(*m.spearmanMeanDistance) : nlohmann::json();
    j["constant_k_occurrence"] = m.constantOccurrence;
    return j;
}

nlohmann::json toJson(const HubnessResult &r) {
    nlohmann::json j = measuresToJson(r.measures);
    j["n"] = r.n;
    j["d"] = r.d;
    j["k"] = r.k;
    j["search"] = r.approximate ? "approximate" : r.partitioned ? "partitioned" : "exact";
    j["recall"] = r.recall ? nlohmann::json(*r.recall) : nlohmann::json();
    if (r.approximate) {
        j["ef_search"] = r.efSearch;
        j["target_recall_met"] = r.targetRecallMet;
    }
    if (r.partitioned) {
        j["cells"] = r.cells;
        j["probes"] = r.probes;
        j["work_share"] = r.workShare;
        j["target_recall_met"] = r.targetRecallMet;
    }
    if (r.rowsSearchedInDouble > 0)
        j["rows_searched_again_in_double"] = r.rowsSearchedInDouble;
    if (r.autoSearchedExactly) { // what the partitioned search would have searched
        j["auto_searched_exactly"] = true;
        j["cells"] = r.cells;
        j["work_share"] = r.workShare;
    }
    if (!r.params.neighbors.empty()) {
        j["missing_neighbors"] = r.missingNeighbors;
        j["short_rows"] = r.shortRows;
        j["neighbor_lists"] = r.listsDropped.empty();
        j["neighbor_lists_note"] =
            r.listsDropped.empty() ? nlohmann::json() : nlohmann::json(r.listsDropped);
    }
    if (r.params.includeKOccurrence)
        j["k_occurrence"] = r.kOccurrence;
    if (r.before) {
        j["before"] = measuresToJson(*r.before);
        if (r.params.includeKOccurrence)
            j["before"]["k_occurrence"] = r.kOccurrenceBefore;
    }
    return j;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const HubnessSnapshot &s) { return {s.fraction, s.stage}; }

} // namespace

const HubnessExplorer &explorer() {
    static const HubnessExplorer definition{
        "hubness",
        "Hubness: hubs in k-nearest-neighbour graphs",
        "How often each point is among the others' k nearest neighbours (Nₖ): hubs appear as the "
        "dimension grows, near the data mean. Measures of scikit-hubness and hubness reduction.",
        &paramTable,
        &checkHubness,
        &computeHubness,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::hubness
