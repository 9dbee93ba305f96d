// SPDX-License-Identifier: MIT
#include "neighbors/ann.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <sstream>
#include <thread>
#include <vector>

// hnswlib 0.6's searches prefetch the neighbour after the last one of a link list, reading one
// element past the list's allocation to compute the hint's address. Only a cache hint depends on
// it, but AddressSanitizer rightly reports the read. Under ASan the hint is dropped (its arguments
// are then never evaluated), which changes no result; elsewhere hnswlib keeps its prefetching.
#if defined(__SANITIZE_ADDRESS__)
#define DIMSCOPE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DIMSCOPE_ASAN 1
#endif
#endif
#ifdef DIMSCOPE_ASAN
#include <immintrin.h>
#undef _mm_prefetch
#define _mm_prefetch(address, hint) ((void)0)
#endif

// hnswlib lives in /usr/include, a system directory: its own warnings stay out of -Werror. It
// defines non-inline functions in its headers, so only this translation unit may include it.
#include <hnswlib/hnswlib.h>

#include "common/memory.h"
#include "common/parallel.h"
#include "neighbors/recall_sample.h"
#include "neighbors/scaled_points.h"

namespace dimscope::hubness {

namespace {

bool isEuclidean(const AnnOptions &o) {
    return o.metric == Metric::Euclidean || (o.metric == Metric::Lp && o.p == 2.0);
}

/// Rows of the scaled points as contiguous floats (unit vectors for cosine, so inner product =
/// cos; centred into [-1, 1] for euclidean, so no float overflows: scaled_points.h).
std::vector<float> floatRows(const Eigen::MatrixXd &byPoint) {
    const std::int64_t d = byPoint.rows(), n = byPoint.cols();
    std::vector<float> out(static_cast<std::size_t>(n * d));
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t t = 0; t < d; ++t)
            out[static_cast<std::size_t>(i * d + t)] = static_cast<float>(byPoint(t, i));
    return out;
}

Metric metricOf(bool euclidean) { return euclidean ? Metric::Euclidean : Metric::Cosine; }

/// Row i's k nearest among all other points by brute force, (distance, index) ascending, in the
/// scaled points' units.
void bruteForceRow(const Eigen::MatrixXd &byPoint, std::int64_t i, int k, bool euclidean,
                   std::vector<std::pair<double, std::int32_t>> &out) {
    out.clear();
    for (std::int64_t j = 0; j < byPoint.cols(); ++j)
        if (j != i)
            out.emplace_back(scaledDistance(byPoint, i, j, metricOf(euclidean), 2.0),
                             static_cast<std::int32_t>(j));
    std::partial_sort(out.begin(), out.begin() + k, out.end());
    out.resize(static_cast<std::size_t>(k));
}

/// How many of `found`'s first k indices are in `exact` (sorted).
std::int64_t hitsIn(const std::vector<std::int64_t> &exact,
                    const std::vector<std::pair<double, std::int32_t>> &found, int k) {
    std::int64_t hits = 0;
    for (int t = 0; t < k; ++t)
        hits += std::binary_search(
            exact.begin(), exact.end(),
            static_cast<std::int64_t>(found[static_cast<std::size_t>(t)].second));
    return hits;
}

} // namespace

int effectiveEfSearch(const AnnOptions &o) {
    const int automatic = std::max(100, 2 * o.k + 2);
    return std::max(o.efSearch > 0 ? o.efSearch : automatic, o.k + 1);
}

std::uint64_t annMemoryEstimate(std::int64_t n, std::int64_t d, int k, int m) {
    const auto un = static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0));
    const auto ud = static_cast<std::uint64_t>(std::max<std::int64_t>(d, 0));
    const auto uk = static_cast<std::uint64_t>(std::max(k, 0));
    const auto um = static_cast<std::uint64_t>(std::max(m, 0));
    std::uint64_t bytes = un * ud * 8; // double copy (point-contiguous) for exact distances
    bytes += un * ud * 4;              // float rows handed to hnswlib
    bytes += un * (ud * 4 + 2 * um * 4 + 4 + 8); // hnswlib level 0: vector, 2M links, count, label
    // Upper layers: a node reaches level l with probability M^−l, so ≈ 1/(M − 1) level lists of
    // M links per node; counted twice for slack.
    bytes += 2 * un * (um * 4 + 4) / std::max<std::uint64_t>(um - 1, 1);
    bytes += un * (40 + 4 + 64); // per-node mutex, level, label map entry
    bytes += un * uk * 12;       // result: indices and distances
    return bytes;
}

std::optional<std::string> checkAnn(const Eigen::Ref<const Eigen::MatrixXd> &points,
                                    const AnnOptions &o) {
    if (!isEuclidean(o) && o.metric != Metric::Cosine)
        return std::string("approximate search supports euclidean and cosine; metric ") +
               nameOf(o.metric) + " needs exact search";
    if (o.m < 2 || o.m > 200)
        return "M = " + std::to_string(o.m) + " is not allowed; expected 2…200";
    if (o.efConstruction < 1)
        return "efConstruction = " + std::to_string(o.efConstruction) + "; expected ≥ 1";
    if (o.efSearch < 0)
        return "efSearch = " + std::to_string(o.efSearch) + "; expected ≥ 0 (0 = automatic)";
    if (!(o.targetRecall >= 0 && o.targetRecall <= 1))
        return "target recall = " + std::to_string(o.targetRecall) +
               "; expected 0…1 (0 = a fixed efSearch)";
    if (o.targetRecall > 0 && o.recallSample < 1)
        return "a target recall needs a recall sample of at least 1 point";
    if (!(o.maxQuerySeconds >= 0))
        return "the query time limit must be ≥ 0 seconds (0 = none)";
    // The shared checks (sizes, k, finite values, zero vectors for cosine) without the exact
    // search's memory estimate; ours follows.
    KnnOptions shared;
    shared.k = o.k;
    shared.metric = isEuclidean(o) ? Metric::Euclidean : Metric::Cosine;
    shared.memoryLimitBytes = std::numeric_limits<std::uint64_t>::max();
    if (auto problem = checkKnn(points, shared))
        return problem;
    const std::int64_t n = points.rows(), d = points.cols();
    const std::uint64_t need = annMemoryEstimate(n, d, o.k, o.m);
    const std::uint64_t limit = o.memoryLimitBytes ? o.memoryLimitBytes : defaultMemoryLimit();
    if (need > limit) {
        const std::int64_t fits = largestThatFits(
            o.k + 1, n, limit, [&](std::int64_t m) { return annMemoryEstimate(m, d, o.k, o.m); });
        return "the approximate neighbour search needs about " + bytesText(need) +
               " of memory for N = " + std::to_string(n) + ", d = " + std::to_string(d) +
               ", more than the " + bytesText(limit) + " available; " +
               (fits > o.k ? "N ≤ " + std::to_string(fits) + " points would fit"
                           : std::string("use a smaller k")) +
               ", or use a precomputed neighbour file";
    }
    return std::nullopt;
}

AnnResult approximateKnn(const Eigen::Ref<const Eigen::MatrixXd> &points, const AnnOptions &options,
                         const std::function<bool()> &stop,
                         const std::function<void(double)> &progress) {
    const Stopwatch watch;
    AnnResult result;
    if (const auto problem = checkAnn(points, options)) {
        result.termination = Termination::InvalidInput;
        result.message = *problem;
        return result;
    }
    const auto cancelled = [&] {
        result.termination = Termination::Cancelled;
        result.message = "cancelled";
        return std::move(result);
    };
    const std::int64_t n = points.rows(), d = points.cols();
    const int k = options.k;
    const bool euclidean = isEuclidean(options);
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    try {
        // d × n, scaled so that nothing overflows (scaled_points.h); exact distances at the end.
        const ScaledPoints scaled = scaledForSearch(points, metricOf(euclidean), threads);
        const Eigen::MatrixXd &byPoint = scaled.byPoint;
        const std::vector<float> rows = floatRows(byPoint);
        const float *data = rows.data();
        const auto row = [&](std::int64_t i) { return data + i * d; };

        // hnswlib's L2Space ranks by squared L2; InnerProductSpace by 1 − a·b (= 1 − cos here).
        std::unique_ptr<hnswlib::SpaceInterface<float>> space;
        if (euclidean)
            space = std::make_unique<hnswlib::L2Space>(static_cast<std::size_t>(d));
        else
            space = std::make_unique<hnswlib::InnerProductSpace>(static_cast<std::size_t>(d));
        hnswlib::HierarchicalNSW<float> index(
            space.get(), static_cast<std::size_t>(n), static_cast<std::size_t>(options.m),
            static_cast<std::size_t>(std::max(options.efConstruction, options.m)),
            static_cast<std::size_t>(options.seed));

        // Build: one thread in index order (deterministic, see ann.h), or every thread (fast);
        // stop polled every chunk of insertions.
        constexpr std::int64_t kBuildChunk = 512;
        ProgressClock clock(0.05);
        const auto caller = std::this_thread::get_id();
        if (options.parallelBuild && threads > 1) {
            // hnswlib needs an entry point before concurrent inserts find one.
            index.addPoint(row(0), 0);
            const std::int64_t chunks = (n - 1 + kBuildChunk - 1) / kBuildChunk;
            std::atomic<std::int64_t> built{0};
            forEachChunk(
                chunks, threads,
                [&](std::int64_t c) {
                    const std::int64_t first = 1 + c * kBuildChunk;
                    for (std::int64_t i = first; i < std::min(n, first + kBuildChunk); ++i)
                        index.addPoint(row(i), static_cast<hnswlib::labeltype>(i));
                    const std::int64_t done = built.fetch_add(1) + 1;
                    if (progress && std::this_thread::get_id() == caller && clock.due())
                        progress(0.7 * static_cast<double>(done) / static_cast<double>(chunks));
                },
                stop);
            if ((stop && stop()) || built.load() < chunks)
                return cancelled();
        } else {
            for (std::int64_t c0 = 0; c0 < n; c0 += kBuildChunk) {
                if (stop && stop())
                    return cancelled();
                for (std::int64_t i = c0; i < std::min(n, c0 + kBuildChunk); ++i)
                    index.addPoint(row(i), static_cast<hnswlib::labeltype>(i));
                if (progress && clock.due())
                    progress(0.7 * static_cast<double>(std::min(n, c0 + kBuildChunk)) /
                             static_cast<double>(n));
            }
        }
        result.buildSeconds = watch.seconds();

        // Query: each point asks for k + 1 (itself is normally the first hit), drops itself and
        // keeps the k nearest after recomputing their distances in double (ties: smaller index).
        const auto nearest = [&](std::int64_t i,
                                 std::vector<std::pair<double, std::int32_t>> &found) {
            auto heap = index.searchKnn(row(i), static_cast<std::size_t>(k + 1));
            found.clear();
            for (; !heap.empty(); heap.pop()) {
                const auto j = static_cast<std::int64_t>(heap.top().second);
                if (j != i)
                    found.emplace_back(scaledDistance(byPoint, i, j, metricOf(euclidean), 2.0),
                                       static_cast<std::int32_t>(j));
            }
            if (static_cast<int>(found.size()) < k)
                bruteForceRow(byPoint, i, k, euclidean, found); // unreachable part
            std::partial_sort(found.begin(), found.begin() + k, found.end());
        };

        // The efSearch: as given, or tuned on a sample until its recall meets the target.
        int ef = effectiveEfSearch(options);
        if (options.targetRecall > 0) {
            const Stopwatch tuneWatch;
            const std::vector<std::int64_t> sample =
                sampleRows(n, options.recallSample, options.seed);
            const auto exact = exactNeighbourSets(byPoint, sample, k, euclidean, threads, stop);
            if (exact.empty())
                return cancelled();
            const auto s = static_cast<std::int64_t>(sample.size());
            const int cap = std::max(ef, kMaxTunedEfSearch);
            for (;;) {
                index.setEf(static_cast<std::size_t>(ef));
                const Stopwatch sampleWatch;
                std::vector<std::int64_t> hits(sample.size(), 0);
                forEachChunk(
                    s, threads,
                    [&](std::int64_t r) {
                        std::vector<std::pair<double, std::int32_t>> found;
                        nearest(sample[static_cast<std::size_t>(r)], found);
                        hits[static_cast<std::size_t>(r)] =
                            hitsIn(exact[static_cast<std::size_t>(r)], found, k);
                    },
                    stop);
                if (stop && stop())
                    return cancelled();
                std::int64_t total = 0;
                for (const auto h : hits)
                    total += h;
                result.tunedRecall =
                    static_cast<double>(total) / (static_cast<double>(s) * static_cast<double>(k));
                result.targetMet = *result.tunedRecall >= options.targetRecall;
                // All N queries at twice this efSearch take about twice the sample's time × N/s.
                const double nextQuerySeconds =
                    2 * sampleWatch.seconds() * static_cast<double>(n) / static_cast<double>(s);
                if (result.targetMet || ef >= cap ||
                    (options.maxQuerySeconds > 0 && nextQuerySeconds > options.maxQuerySeconds))
                    break;
                ef = std::min(cap, 2 * ef);
            }
            result.tuneSeconds = tuneWatch.seconds();
        }
        result.efSearch = ef;
        index.setEf(static_cast<std::size_t>(ef));
        const double queryStart = watch.seconds();
        KnnGraph &g = result.graph;
        g.n = n;
        g.k = k;
        g.indices.resize(static_cast<std::size_t>(n * k));
        g.distances.resize(static_cast<std::size_t>(n * k));
        constexpr std::int64_t kQueryChunk = 256;
        const std::int64_t chunks = (n + kQueryChunk - 1) / kQueryChunk;
        std::atomic<std::int64_t> doneChunks{0};
        std::atomic<bool> stopped{false}, overflow{false};
        forEachChunk(
            chunks, threads,
            [&](std::int64_t c) {
                if (stop && stop()) {
                    stopped = true;
                    return;
                }
                std::vector<std::pair<double, std::int32_t>> found;
                for (std::int64_t i = c * kQueryChunk; i < std::min(n, (c + 1) * kQueryChunk);
                     ++i) {
                    nearest(i, found);
                    for (int s = 0; s < k; ++s) {
                        const double dist =
                            std::ldexp(found[static_cast<std::size_t>(s)].first, scaled.exponent);
                        overflow = overflow || !std::isfinite(dist);
                        g.indices[static_cast<std::size_t>(i * k + s)] =
                            found[static_cast<std::size_t>(s)].second;
                        g.distances[static_cast<std::size_t>(i * k + s)] = dist;
                    }
                }
                const std::int64_t done = doneChunks.fetch_add(1) + 1;
                if (progress && std::this_thread::get_id() == caller && clock.due())
                    progress(0.75 + 0.25 * static_cast<double>(done) / static_cast<double>(chunks));
            },
            stop);
        if (stopped || doneChunks.load() < chunks)
            return cancelled();
        if (overflow) {
            result = AnnResult{};
            result.termination = Termination::InvalidInput;
            result.message = "distances between the points exceed the largest double (about "
                             "1.8e308); divide the data by a constant (neighbours do not change)";
            return result;
        }
        result.querySeconds = watch.seconds() - queryStart;
    } catch (const std::bad_alloc &) {
        result = AnnResult{};
        result.termination = Termination::Failed;
        result.message = "out of memory while building the approximate neighbour graph";
        return result;
    } catch (const std::exception &e) {
        result = AnnResult{};
        result.termination = Termination::Failed;
        result.message = std::string("approximate neighbour search failed: ") + e.what();
        return result;
    }
    if (progress)
        progress(1.0);
    result.seconds = watch.seconds();
    return result;
}

double measureRecall(const Eigen::Ref<const Eigen::MatrixXd> &points, const KnnGraph &graph,
                     Metric metric, std::int64_t sampleSize, std::uint64_t seed, int threads,
                     const std::function<bool()> &stop) {
    const std::int64_t n = points.rows();
    const int k = graph.k;
    if (sampleSize <= 0 || n < 2 || graph.n != n || k < 1 || k >= n)
        return std::numeric_limits<double>::quiet_NaN();
    const bool euclidean = metric != Metric::Cosine;
    const std::vector<std::int64_t> sample = sampleRows(n, sampleSize, seed);
    const Eigen::MatrixXd byPoint =
        scaledForSearch(points, euclidean ? Metric::Euclidean : Metric::Cosine, threads)
            .byPoint; // d × n
    const auto exact = exactNeighbourSets(byPoint, sample, k, euclidean, threads, stop);
    if (exact.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::int64_t found = 0;
    for (std::size_t r = 0; r < sample.size(); ++r)
        for (int t = 0; t < k; ++t)
            found += std::binary_search(exact[r].begin(), exact[r].end(),
                                        static_cast<std::int64_t>(graph.index(sample[r], t)));
    return static_cast<double>(found) /
           (static_cast<double>(sample.size()) * static_cast<double>(k));
}

} // namespace dimscope::hubness
