// SPDX-License-Identifier: MIT
#include "neighbors/partitioned.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "common/memory.h"
#include "common/parallel.h"
#include "neighbors/block_search.h"
#include "neighbors/recall_sample.h"
#include "neighbors/scaled_points.h"

namespace dimscope::hubness {

namespace {

constexpr int kMaxCells = 4096; // the cell-to-cell table stays at 16 MB
constexpr int kLloydIterations = 10;
constexpr std::int64_t kTrainingPointsPerCell = 128; // faiss trains on 39…256 per centroid
constexpr std::int64_t kRatePoints = 8192;           // the exact search timed for the time limit

bool partitionIsEuclidean(const PartitionOptions &o) {
    return o.metric == Metric::Euclidean || (o.metric == Metric::Lp && o.p == 2.0);
}

int cellsFor(const PartitionOptions &o, std::int64_t n) {
    const int wanted = o.cells > 0
                           ? o.cells
                           : static_cast<int>(std::lround(std::sqrt(static_cast<double>(n)) / 4.0));
    return static_cast<int>(
        std::clamp<std::int64_t>(wanted, 1, std::min<std::int64_t>(n, kMaxCells)));
}

/// For each column of `points` (d × m, float), the nearest of `centroids` (d × C) and the squared
/// distance to it; ties go to the smaller cell. Ranked by ‖c‖² − 2c·x through one product per
/// chunk of columns, on `threads` threads.
void nearestCentroids(const Eigen::MatrixXf &centroids, const Eigen::MatrixXd &points, int threads,
                      std::vector<std::int32_t> &cell) {
    const std::int64_t m = points.cols();
    const Eigen::VectorXf norms = centroids.colwise().squaredNorm().transpose();
    cell.assign(static_cast<std::size_t>(m), 0);
    constexpr std::int64_t kChunk = 4096;
    forEachChunk((m + kChunk - 1) / kChunk, threads, [&](std::int64_t c) {
        const std::int64_t c0 = c * kChunk, cols = std::min(kChunk, m - c0);
        const Eigen::MatrixXf x = points.middleCols(c0, cols).cast<float>();
        const Eigen::MatrixXf products = centroids.transpose() * x; // C × cols
        for (std::int64_t j = 0; j < cols; ++j) {
            Eigen::Index best = 0;
            (norms - 2.0f * products.col(j)).minCoeff(&best);
            cell[static_cast<std::size_t>(c0 + j)] = static_cast<std::int32_t>(best);
        }
    });
}

/// Lloyd's k-means on a seeded sample of the columns, started by k-means++ (D² sampling).
/// Centroids are averaged in double in column order, so the result does not depend on threads.
/// A cell that loses all its points keeps its centroid (it then stays empty or wins some back).
Eigen::MatrixXf kmeansCentroids(const Eigen::MatrixXd &byPoint, int cells, std::uint64_t seed,
                                int threads, const std::function<bool()> &stop) {
    const std::int64_t n = byPoint.cols(), d = byPoint.rows();
    const std::vector<std::int64_t> rows = sampleRows(n, kTrainingPointsPerCell * cells, seed);
    const auto s = static_cast<std::int64_t>(rows.size());
    Eigen::MatrixXd training(d, s);
    for (std::int64_t i = 0; i < s; ++i)
        training.col(i) = byPoint.col(rows[static_cast<std::size_t>(i)]);

    boost::random::mt19937_64 engine(seed ^ 0x6b6d65616e73ULL); // apart from the sample's stream
    Eigen::MatrixXf centroids(d, cells);
    Eigen::VectorXd nearest = Eigen::VectorXd::Constant(s, std::numeric_limits<double>::infinity());
    std::int64_t pick = boost::random::uniform_int_distribution<std::int64_t>(0, s - 1)(engine);
    for (int c = 0; c < cells; ++c) {
        centroids.col(c) = training.col(pick).cast<float>();
        if (c + 1 == cells || (stop && stop()))
            break;
        const Eigen::VectorXd chosen = training.col(pick);
        nearest =
            nearest.cwiseMin((training.colwise() - chosen).colwise().squaredNorm().transpose());
        const double total = nearest.sum();
        if (!(total > 0)) { // every point is a centroid already: repeat one
            pick = 0;
            continue;
        }
        double u = boost::random::uniform_real_distribution<double>(0.0, total)(engine);
        pick = s - 1;
        for (std::int64_t i = 0; i < s; ++i)
            if ((u -= nearest(i)) < 0) {
                pick = i;
                break;
            }
    }

    std::vector<std::int32_t> cell;
    for (int iteration = 0; iteration < kLloydIterations && !(stop && stop()); ++iteration) {
        nearestCentroids(centroids, training, threads, cell);
        Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(d, cells);
        std::vector<std::int64_t> counts(static_cast<std::size_t>(cells), 0);
        for (std::int64_t i = 0; i < s; ++i) {
            sums.col(cell[static_cast<std::size_t>(i)]) += training.col(i);
            ++counts[static_cast<std::size_t>(cell[static_cast<std::size_t>(i)])];
        }
        for (int c = 0; c < cells; ++c)
            if (counts[static_cast<std::size_t>(c)] > 0)
                centroids.col(c) =
                    (sums.col(c) / static_cast<double>(counts[static_cast<std::size_t>(c)]))
                        .cast<float>();
    }
    return centroids;
}

/// Which cells are searched against which: cell c against its `probes` nearest non-empty cells
/// by centroid distance (itself first), widened until they hold at least `minPoints` points, and
/// made symmetric (c meets c' when either chose the other). Row-major cells × cells.
std::vector<std::uint8_t> searchedCells(const std::vector<std::vector<std::int32_t>> &byDistance,
                                        const std::vector<std::int64_t> &sizes, int probes,
                                        std::int64_t minPoints) {
    const auto cells = static_cast<std::int64_t>(sizes.size());
    std::vector<std::uint8_t> meets(static_cast<std::size_t>(cells * cells), 0);
    for (std::int64_t c = 0; c < cells; ++c) {
        if (sizes[static_cast<std::size_t>(c)] == 0)
            continue;
        std::int64_t points = 0;
        int taken = 0;
        for (const std::int32_t other : byDistance[static_cast<std::size_t>(c)]) {
            if (taken >= probes && points >= minPoints)
                break;
            meets[static_cast<std::size_t>(c * cells + other)] = 1;
            meets[static_cast<std::size_t>(other * cells + c)] = 1;
            points += sizes[static_cast<std::size_t>(other)];
            ++taken;
        }
    }
    return meets;
}

} // namespace

std::uint64_t partitionMemoryEstimate(std::int64_t n, std::int64_t d, int k, int threads) {
    const auto un = static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0));
    const auto ud = static_cast<std::uint64_t>(std::max<std::int64_t>(d, 0));
    // The block search's need, the reordered double copy beside the scaled one, and the cell
    // table. The block pairs, a share of all pairs known only after clustering, are left out: a
    // tenth of all at 10⁶ points is about 6 MB, while all would grow with N² (6 GB at 10⁷).
    return blockSearchMemoryEstimate(n, d, k, threads, Metric::Euclidean, 0) + un * ud * 8 +
           un * 8 + static_cast<std::uint64_t>(kMaxCells) * kMaxCells;
}

std::optional<std::string> checkPartitioned(const Eigen::Ref<const Eigen::MatrixXd> &points,
                                            const PartitionOptions &o) {
    if (!(o.metric == Metric::Cosine || partitionIsEuclidean(o)))
        return std::string("partitioned search supports euclidean and cosine (lp only with p = 2)");
    KnnOptions knn;
    knn.k = o.k;
    knn.metric = o.metric;
    knn.p = o.p;
    knn.memoryLimitBytes = std::numeric_limits<std::uint64_t>::max(); // checked below
    if (auto problem = checkKnn(points, knn))
        return problem;
    if (o.cells < 0)
        return "cells = " + std::to_string(o.cells) +
               " is not allowed; expected 0 (automatic) or ≥ 1";
    if (o.probes < 0)
        return "probes = " + std::to_string(o.probes) +
               " is not allowed; expected 0 (tuned) or ≥ 1";
    if (o.probes == 0 && !(o.targetRecall > 0 && o.targetRecall <= 1))
        return "the target recall must lie in (0, 1] when the probes are tuned";
    if (o.recallSample < 1)
        return "the recall sample must hold at least 1 row";
    if (!(o.maxSeconds >= 0))
        return std::string("the time limit must be ≥ 0 seconds (0 = none)");
    const std::uint64_t need =
        partitionMemoryEstimate(points.rows(), points.cols(), o.k, o.threads);
    const std::uint64_t limit = o.memoryLimitBytes ? o.memoryLimitBytes : defaultMemoryLimit();
    if (need > limit)
        return "the partitioned search needs about " + bytesText(need) +
               " of memory for N = " + std::to_string(points.rows()) +
               ", d = " + std::to_string(points.cols()) + ", more than the " + bytesText(limit) +
               " available";
    return std::nullopt;
}

PartitionResult partitionedKnn(const Eigen::Ref<const Eigen::MatrixXd> &points,
                               const PartitionOptions &options, const std::function<bool()> &stop,
                               const std::function<void(double)> &progress) {
    const Stopwatch watch;
    PartitionResult result;
    const auto cancelled = [&] {
        PartitionResult r;
        r.termination = Termination::Cancelled;
        r.message = "cancelled";
        return r;
    };
    if (const auto problem = checkPartitioned(points, options)) {
        result.termination = Termination::InvalidInput;
        result.message = *problem;
        return result;
    }
    const std::int64_t n = points.rows(), d = points.cols();
    const int k = options.k;
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    const bool euclidean = partitionIsEuclidean(options);
    const Metric metric = euclidean ? Metric::Euclidean : Metric::Cosine;
    const auto report = [&](double fraction) {
        if (progress)
            progress(fraction);
    };

    // Cells: k-means on a sample, then every point to its nearest centroid.
    ScaledPoints scaled = scaledForSearch(points, metric, threads);
    const int cells = cellsFor(options, n);
    const Eigen::MatrixXf centroids =
        kmeansCentroids(scaled.byPoint, cells, options.seed, threads, stop);
    if (stop && stop())
        return cancelled();
    std::vector<std::int32_t> cellOf;
    nearestCentroids(centroids, scaled.byPoint, threads, cellOf);
    std::vector<std::int64_t> sizes(static_cast<std::size_t>(cells), 0);
    for (const std::int32_t c : cellOf)
        ++sizes[static_cast<std::size_t>(c)];
    result.cells = cells;
    result.clusterSeconds = watch.seconds();
    report(0.05);

    // The yardstick: the sample's exact neighbours, before the points are reordered.
    const std::vector<std::int64_t> sample = sampleRows(n, options.recallSample, options.seed);
    const auto exact = exactNeighbourSets(scaled.byPoint, sample, k, euclidean, threads, stop);
    if (exact.empty())
        return cancelled();

    // Each cell's cells by centroid distance, itself first (ties: the smaller cell).
    const Eigen::VectorXf centroidNorms = centroids.colwise().squaredNorm().transpose();
    const Eigen::MatrixXf centroidProducts = centroids.transpose() * centroids;
    std::vector<std::vector<std::int32_t>> byDistance(static_cast<std::size_t>(cells));
    for (int c = 0; c < cells; ++c) {
        auto &order = byDistance[static_cast<std::size_t>(c)];
        for (int other = 0; other < cells; ++other)
            if (sizes[static_cast<std::size_t>(other)] > 0 && other != c)
                order.push_back(other);
        const auto distance = [&](std::int32_t other) {
            return centroidNorms(other) - 2.0f * centroidProducts(c, other);
        };
        std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
            return distance(a) < distance(b) || (distance(a) == distance(b) && a < b);
        });
        order.insert(order.begin(), c);
    }
    const int nonEmpty = static_cast<int>(
        std::count_if(sizes.begin(), sizes.end(), [](std::int64_t s) { return s > 0; }));
    const std::int64_t minPoints = keptCandidates(k, n) + 1;

    // Probes: as given, or the fewest whose sample recall meets the target. A neighbour in a
    // searched cell is found (it is among the k nearest of all, so of those searched), hence
    // the sample's recall is counted, not estimated.
    const auto recallOf = [&](const std::vector<std::uint8_t> &meets) {
        std::int64_t hits = 0;
        for (std::size_t r = 0; r < sample.size(); ++r) {
            const std::int64_t from = cellOf[static_cast<std::size_t>(sample[r])];
            for (const std::int64_t j : exact[r])
                hits += meets[static_cast<std::size_t>(from * cells +
                                                       cellOf[static_cast<std::size_t>(j)])];
        }
        return static_cast<double>(hits) /
               static_cast<double>(sample.size() * static_cast<std::size_t>(k));
    };
    const auto pairWork = [&](const std::vector<std::uint8_t> &meets) {
        double work = 0;
        for (std::int64_t a = 0; a < cells; ++a)
            for (std::int64_t b = a; b < cells; ++b)
                if (meets[static_cast<std::size_t>(a * cells + b)]) {
                    const auto sa = static_cast<double>(sizes[static_cast<std::size_t>(a)]);
                    const auto sb = static_cast<double>(sizes[static_cast<std::size_t>(b)]);
                    work += a == b ? sa * (sa - 1) / 2 : sa * sb;
                }
        return work;
    };
    // Pairs per second, for the time limit: measured by the exact search of the first
    // kRatePoints points, which runs the same blocked products, scan and refinement.
    double pairsPerSecond = 0;
    if (options.probes == 0 && options.maxSeconds > 0) {
        const std::int64_t m = std::min<std::int64_t>(n, kRatePoints);
        KnnOptions rate;
        rate.k = static_cast<int>(std::min<std::int64_t>(k, m - 1));
        rate.metric = metric;
        rate.threads = threads;
        const KnnResult timed = exactKnn(points.topRows(m), rate, stop);
        if (!timed.ok())
            return cancelled();
        pairsPerSecond =
            static_cast<double>(m) * static_cast<double>(m - 1) / 2 / std::max(timed.seconds, 1e-9);
    }
    const auto secondsOf = [&](const std::vector<std::uint8_t> &meets) {
        return pairWork(meets) / std::max(pairsPerSecond, 1e-300);
    };
    const auto choose = [&](int probes) {
        result.probes = probes;
        return searchedCells(byDistance, sizes, probes, minPoints);
    };
    std::vector<std::uint8_t> meets;
    if (options.probes > 0) {
        meets = choose(std::min(options.probes, cells));
    } else {
        // The fewest probes whose recall meets the target. Each probes searches a superset of
        // the cells of fewer, so the recall and the work grow with it: bisect. All the cells
        // give recall 1.
        int low = 1, high = nonEmpty;
        while (low < high) {
            const int mid = low + (high - low) / 2;
            if (recallOf(searchedCells(byDistance, sizes, mid, minPoints)) >= options.targetRecall)
                high = mid;
            else
                low = mid + 1;
        }
        // Over the time limit: the most probes within it (at least 1).
        if (options.maxSeconds > 0 &&
            secondsOf(searchedCells(byDistance, sizes, low, minPoints)) > options.maxSeconds) {
            int fits = 1, over = low;
            while (over - fits > 1) {
                const int mid = fits + (over - fits) / 2;
                if (secondsOf(searchedCells(byDistance, sizes, mid, minPoints)) <=
                    options.maxSeconds)
                    fits = mid;
                else
                    over = mid;
            }
            low = fits;
        }
        meets = choose(low);
    }
    result.recall = recallOf(meets);
    result.targetMet = result.recall >= options.targetRecall;
    const double allPairs = static_cast<double>(n) * static_cast<double>(n - 1) / 2;
    result.workShare = pairWork(meets) / allPairs;
    result.tuneSeconds = watch.seconds() - result.clusterSeconds;
    report(0.1);
    // The search's graph and times into the result, or its failure.
    const auto finish = [&](KnnResult found, const Stopwatch &search) {
        if (found.termination == Termination::Cancelled)
            return cancelled();
        if (!found.ok()) {
            result.termination = found.termination;
            result.message = found.message;
            return std::move(result);
        }
        result.graph = std::move(found.graph);
        result.searchSeconds = search.seconds();
        result.seconds = watch.seconds();
        report(1.0);
        return std::move(result); // the caller returns it at once
    };
    // Every pair instead, unless a time limit is set and every pair would exceed it.
    const bool everyPairFits = options.maxSeconds <= 0 ||
                               allPairs / std::max(pairsPerSecond, 1e-300) <= options.maxSeconds;
    if (options.probes == 0 && options.exactAboveWorkShare > 0 &&
        result.workShare > options.exactAboveWorkShare && everyPairFits) {
        scaled = ScaledPoints{}; // exactKnn makes its own
        KnnOptions every;
        every.k = k;
        every.metric = metric;
        every.threads = threads;
        every.memoryLimitBytes = std::numeric_limits<std::uint64_t>::max(); // checked above
        result.searchedExactly = true;
        result.probes = nonEmpty;
        result.recall = 1.0;
        result.targetMet = true;
        const Stopwatch search;
        return finish(exactKnn(points, every, stop, [&](double f) { report(0.1 + 0.9 * f); }),
                      search);
    }

    // Reorder the points cell by cell (stable), so each cell is a run of columns.
    std::vector<std::int64_t> cellStart(static_cast<std::size_t>(cells) + 1, 0);
    for (int c = 0; c < cells; ++c)
        cellStart[static_cast<std::size_t>(c) + 1] =
            cellStart[static_cast<std::size_t>(c)] + sizes[static_cast<std::size_t>(c)];
    std::vector<std::int32_t> original(static_cast<std::size_t>(n));
    {
        std::vector<std::int64_t> next(cellStart.begin(), cellStart.end() - 1);
        for (std::int64_t i = 0; i < n; ++i)
            original[static_cast<std::size_t>(
                next[static_cast<std::size_t>(cellOf[static_cast<std::size_t>(i)])]++)] =
                static_cast<std::int32_t>(i);
        Eigen::MatrixXd reordered(d, n);
        for (std::int64_t i = 0; i < n; ++i)
            reordered.col(i) = scaled.byPoint.col(original[static_cast<std::size_t>(i)]);
        scaled.byPoint = std::move(reordered);
    }

    // Blocks of at most kBlockPoints within each cell, and every block pair of two cells that meet.
    std::vector<PointBlock> blocks;
    std::vector<std::int64_t> firstBlock(static_cast<std::size_t>(cells) + 1, 0);
    for (int c = 0; c < cells; ++c) {
        const std::int64_t end = cellStart[static_cast<std::size_t>(c) + 1];
        for (std::int64_t start = cellStart[static_cast<std::size_t>(c)]; start < end;
             start += kBlockPoints)
            blocks.push_back(
                {start, static_cast<int>(std::min<std::int64_t>(kBlockPoints, end - start))});
        firstBlock[static_cast<std::size_t>(c) + 1] = static_cast<std::int64_t>(blocks.size());
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    for (std::int64_t a = 0; a < cells; ++a)
        for (std::int64_t b = a; b < cells; ++b) {
            if (!meets[static_cast<std::size_t>(a * cells + b)])
                continue;
            for (std::int64_t x = firstBlock[static_cast<std::size_t>(a)];
                 x < firstBlock[static_cast<std::size_t>(a) + 1]; ++x)
                for (std::int64_t y = a == b ? x : firstBlock[static_cast<std::size_t>(b)];
                     y < firstBlock[static_cast<std::size_t>(b) + 1]; ++y)
                    pairs.emplace_back(x, y);
        }

    const Stopwatch search;
    return finish(searchBlockPairs(scaled, metric, 2.0, k, threads, blocks, pairs, original, stop,
                                   [&](double f) { report(0.1 + 0.9 * f); }),
                  search);
}

} // namespace dimscope::hubness
