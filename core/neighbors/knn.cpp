// SPDX-License-Identifier: MIT
#include "neighbors/knn.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <cblas.h>

#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "common/memory.h"
#include "common/parallel.h"
#include "neighbors/block_search.h"
#include "neighbors/float_proof.h"
#include "neighbors/pair_schedule.h"
#include "neighbors/scaled_points.h"
#include "neighbors/top_k.h"

namespace dimscope::hubness {

namespace {

constexpr int kRecordsAhead = 4; // columns ahead whose rows' lists are fetched (−9 % scan time)

/// Offers every pair of a bi × bj block to both sides: row i0+ii gets j0+jj and row j0+jj gets
/// i0+ii, with the ranking value v = rowBias[ii] + colBias[jj] + scale·block(ii, jj) (block
/// column-major, leading dimension bi). On a diagonal block only ii < jj. Most values fail both
/// rows' thresholds, so 16 (or 8) are tested at once and only the survivors are offered.
void scanBlock(const float *block, const float *rowBias, const float *colBias, float scale,
               std::int64_t i0, int bi, std::int64_t j0, int bj, bool diagonal, TopK &top) {
    float *thresholdI = &top.threshold[static_cast<std::size_t>(i0)];
    for (int jj = 0; jj < bj; ++jj) {
        const float *col = block + static_cast<std::ptrdiff_t>(jj) * bi;
        const std::int64_t j = j0 + jj;
        const auto jIndex = static_cast<std::int32_t>(j);
        const float cb = colBias[jj];
        const int end = diagonal ? jj : bi;
        float tj = top.threshold[static_cast<std::size_t>(j)];
        if (jj + kRecordsAhead < bj) { // row j's record is read on a survivor, mostly from memory
            __builtin_prefetch(top.valuesOf(j + kRecordsAhead));
            __builtin_prefetch(top.indicesOf(j + kRecordsAhead));
        }
        const auto offerToJ = [&](int ii, float v) {
            if (v <= tj) { // tj falls with every offer to row j
                top.offer(j, v, static_cast<std::int32_t>(i0 + ii));
                tj = top.threshold[static_cast<std::size_t>(j)];
            }
        };
        // The survivors of a vector go to the rows of block I (one lane each, so the vector's
        // test is final), then to row j (retested: row j's threshold falls as it is offered to).
        const auto offerSurvivors = [&](int ii, const float *values, unsigned toI, unsigned toJ) {
            for (; toI; toI &= toI - 1) {
                const int t = __builtin_ctz(toI);
                top.offer(i0 + ii + t, values[t], jIndex);
            }
            for (; toJ; toJ &= toJ - 1) {
                const int t = __builtin_ctz(toJ);
                offerToJ(ii + t, values[t]);
            }
        };
        int ii = 0;
#if defined(__AVX512F__)
        const __m512 vcb = _mm512_set1_ps(cb), vscale = _mm512_set1_ps(scale);
        for (; ii + 16 <= end; ii += 16) {
            const __m512 v = _mm512_fmadd_ps(_mm512_loadu_ps(col + ii), vscale,
                                             _mm512_add_ps(_mm512_loadu_ps(rowBias + ii), vcb));
            const unsigned toI =
                _mm512_cmp_ps_mask(v, _mm512_loadu_ps(thresholdI + ii), _CMP_LE_OQ);
            const unsigned toJ = _mm512_cmp_ps_mask(v, _mm512_set1_ps(tj), _CMP_LE_OQ);
            if (!(toI | toJ))
                continue;
            alignas(64) float values[16];
            _mm512_store_ps(values, v);
            offerSurvivors(ii, values, toI, toJ);
        }
#elif defined(__AVX2__) && defined(__FMA__)
        const __m256 vcb = _mm256_set1_ps(cb), vscale = _mm256_set1_ps(scale);
        for (; ii + 8 <= end; ii += 8) {
            const __m256 v = _mm256_fmadd_ps(_mm256_loadu_ps(col + ii), vscale,
                                             _mm256_add_ps(_mm256_loadu_ps(rowBias + ii), vcb));
            const auto toI = static_cast<unsigned>(
                _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_loadu_ps(thresholdI + ii), _CMP_LE_OQ)));
            const auto toJ = static_cast<unsigned>(
                _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_set1_ps(tj), _CMP_LE_OQ)));
            if (!(toI | toJ))
                continue;
            alignas(32) float values[8];
            _mm256_store_ps(values, v);
            offerSurvivors(ii, values, toI, toJ);
        }
#endif
        for (; ii < end; ++ii) { // same arithmetic as the vector path: one fused multiply-add
            const float v = std::fma(col[ii], scale, rowBias[ii] + cb);
            offerSurvivors(ii, &v, v <= thresholdI[ii], v <= tj);
        }
    }
}

/// Manhattan Σ_t |x_t − y_t|, or the lp distance m·(Σ_t (|x_t − y_t|/m)^p)^(1/p) with m the largest
/// |x_t − y_t|, for a block, from `byDim` (n × d column-major: each dimension contiguous over
/// points, so the innermost loop runs over 64 neighbouring points and vectorises without reordering
/// a sum). Dividing by m keeps every power in [0, 1]: Σ|x − y|^p itself overflows float for p = 100
/// at differences of 3 and underflows to 0 at differences of 0.4, which left the nearest points
/// tied.
void directBlock(const Eigen::MatrixXf &byDim, std::int64_t i0, int bi, std::int64_t j0, int bj,
                 Metric metric, float p, float *out) {
    constexpr int kTile = 64;
    const std::int64_t d = byDim.cols();
    const std::int64_t n = byDim.rows();
    const float *base = byDim.data();
    float acc[kTile], largest[kTile], inverse[kTile];
    for (int jt = 0; jt < bj; jt += kTile) {
        const int w = std::min(kTile, bj - jt);
        for (int ii = 0; ii < bi; ++ii) {
            std::fill(acc, acc + kTile, 0.0f);
            if (metric == Metric::Manhattan) {
                for (std::int64_t t = 0; t < d; ++t) {
                    const float *column = base + t * n;
                    const float x = column[i0 + ii];
                    const float *y = column + j0 + jt;
                    for (int jj = 0; jj < w; ++jj)
                        acc[jj] += std::fabs(x - y[jj]);
                }
            } else {
                std::fill(largest, largest + kTile, 0.0f);
                for (std::int64_t t = 0; t < d; ++t) {
                    const float *column = base + t * n;
                    const float x = column[i0 + ii];
                    const float *y = column + j0 + jt;
                    for (int jj = 0; jj < w; ++jj)
                        largest[jj] = std::max(largest[jj], std::fabs(x - y[jj]));
                }
                for (int jj = 0; jj < w; ++jj) // one division per pair, not per coordinate
                    inverse[jj] = largest[jj] > 0 ? 1.0f / largest[jj] : 0.0f;
                for (std::int64_t t = 0; t < d; ++t) {
                    const float *column = base + t * n;
                    const float x = column[i0 + ii];
                    const float *y = column + j0 + jt;
                    for (int jj = 0; jj < w; ++jj)
                        acc[jj] += std::pow(std::fabs(x - y[jj]) * inverse[jj], p);
                }
                for (int jj = 0; jj < w; ++jj)
                    acc[jj] = largest[jj] * std::pow(acc[jj], 1.0f / p); // 0 for a point itself
            }
            for (int jj = 0; jj < w; ++jj)
                out[static_cast<std::ptrdiff_t>(jt + jj) * bi + ii] = acc[jj];
        }
    }
}

/// The refinement reads each candidate's column of the double copy: 4 KB at d = 512, almost
/// always from memory, since candidates are scattered over all n points. Asking for the columns
/// a few candidates ahead keeps several of those reads in flight; one at a time, the exact search
/// spent 6 % of its time waiting on them.
constexpr int kPrefetchAhead = 3;

void prefetchColumn(const Eigen::MatrixXd &byPoint, std::int64_t j) {
    const double *column = byPoint.col(j).data();
    constexpr std::int64_t kPerLine = 64 / sizeof(double);
    for (std::int64_t t = 0; t < byPoint.rows(); t += kPerLine)
        __builtin_prefetch(column + t);
}

Metric effectiveMetric(const KnnOptions &o) {
    if (o.metric == Metric::Lp && o.p == 2.0)
        return Metric::Euclidean;
    if (o.metric == Metric::Lp && o.p == 1.0)
        return Metric::Manhattan;
    return o.metric;
}

int blockSizeFor(const KnnOptions &o, std::int64_t n) {
    const int b = o.blockSize > 0 ? o.blockSize : kBlockPoints;
    return static_cast<int>(std::min<std::int64_t>(b, n));
}

} // namespace

/// k and a few more, so that the double recomputation decides the k-th neighbour. Float rounds a
/// distance to ~1e-7 relative; without the margin two points nearly tied for the k-th place were
/// ranked by that rounding, and the same data at another scale (other roundings) could get
/// another neighbour.
int keptCandidates(int k, std::int64_t n) {
    return static_cast<int>(std::min<std::int64_t>(n - 1, k + std::max(4, k / 4)));
}

std::uint64_t blockSearchMemoryEstimate(std::int64_t n, std::int64_t d, int k, int threads,
                                        Metric metric, std::uint64_t pairCount) {
    if (threads <= 0)
        threads = defaultThreadCount();
    const auto un = static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0));
    const auto ud = static_cast<std::uint64_t>(std::max<std::int64_t>(d, 0));
    const auto uk = static_cast<std::uint64_t>(std::max(k, 0));
    const std::uint64_t b = std::min<std::uint64_t>(un, kBlockPoints);
    std::uint64_t bytes = un * ud * 4; // float copy for the search
    bytes += un * ud * 8;              // double copy (point-contiguous) for exact distances
    if (metric == Metric::Euclidean)
        bytes += un * 4;
    const auto kept = static_cast<std::uint64_t>(keptCandidates(static_cast<int>(uk), n));
    const std::uint64_t listEntries = (kept + 15) / 16 * 16; // TopK's record, whole cache lines
    bytes += un * listEntries * 8 + un * 4 + 64; // the candidate lists, one for all threads
    bytes += static_cast<std::uint64_t>(threads) * b * b * 4;    // each thread's block of values
    bytes += pairCount * 16 + PairSchedule::bytesFor(pairCount); // the pairs and their schedule
    bytes += un * uk * 12;                                       // result: indices and distances
    bytes += un * 25; // the float error bound's norms, each row's reach, proof and index
    bytes += un * 40; // the second search's groups of identical rows
    bytes += static_cast<std::uint64_t>(threads) * UnprovenSearch::bytesPerThread(un, ud, uk);
    return bytes;
}

std::uint64_t knnMemoryEstimate(std::int64_t n, std::int64_t d, int k, int threads, Metric metric) {
    const auto blocks = static_cast<std::uint64_t>(
        (std::max<std::int64_t>(n, 0) + kBlockPoints - 1) / kBlockPoints);
    return blockSearchMemoryEstimate(n, d, k, threads, metric, blocks * (blocks + 1) / 2);
}

std::optional<std::string> checkKnn(const Eigen::Ref<const Eigen::MatrixXd> &points,
                                    const KnnOptions &o) {
    const std::int64_t n = points.rows(), d = points.cols();
    if (n < 2)
        return "need at least 2 points; got " + std::to_string(n);
    if (d == 0)
        return "the points have 0 coordinates (d = 0); expected at least one column";
    if (n > std::numeric_limits<std::int32_t>::max())
        return "too many points (" + std::to_string(n) + "); at most 2147483647";
    if (o.k < 1 || o.k >= n)
        return "k = " + std::to_string(o.k) + " is not allowed with N = " + std::to_string(n) +
               " points; expected 1 ≤ k ≤ N − 1 = " + std::to_string(n - 1);
    if (o.metric == Metric::Lp && !(o.p > 0 && std::isfinite(o.p)))
        return "the Lp exponent p must be a finite number > 0";
    for (std::int64_t c = 0; c < d; ++c)
        for (std::int64_t r = 0; r < n; ++r)
            if (!std::isfinite(points(r, c)))
                return "point " + std::to_string(r + 1) + ", coordinate " + std::to_string(c + 1) +
                       " is not finite; expected finite numbers";
    if (o.metric == Metric::Cosine)
        for (std::int64_t r = 0; r < n; ++r)
            if (points.row(r).cwiseAbs().maxCoeff() == 0) // not ‖x‖² = 0: 1e-200 squared is 0
                return "point " + std::to_string(r + 1) +
                       " is the zero vector, whose cosine distance is undefined; remove it or "
                       "choose "
                       "another metric";
    const std::uint64_t need = knnMemoryEstimate(n, d, o.k, o.threads, effectiveMetric(o));
    const std::uint64_t limit = o.memoryLimitBytes ? o.memoryLimitBytes : defaultMemoryLimit();
    if (need > limit) {
        const Metric metric = effectiveMetric(o);
        const std::int64_t fits = largestThatFits(o.k + 1, n, limit, [&](std::int64_t m) {
            return knnMemoryEstimate(m, d, o.k, o.threads, metric);
        });
        return "the neighbour search needs about " + bytesText(need) +
               " of memory for N = " + std::to_string(n) + ", d = " + std::to_string(d) +
               ", k = " + std::to_string(o.k) + ", more than the " + bytesText(limit) +
               " available; " +
               (fits > o.k ? "N ≤ " + std::to_string(fits) + " points would fit"
                           : std::string("use a smaller k")) +
               ", or use a precomputed neighbour file";
    }
    return std::nullopt;
}

double pointDistance(const Eigen::Ref<const Eigen::MatrixXd> &points, std::int64_t a,
                     std::int64_t b, Metric metric, double p) {
    Eigen::MatrixXd pair(2, points.cols());
    pair.row(0) = points.row(a);
    pair.row(1) = points.row(b);
    const ScaledPoints scaled = scaledForSearch(pair, metric);
    return std::ldexp(scaledDistance(scaled.byPoint, 0, 1, metric, p), scaled.exponent);
}

KnnResult searchBlockPairs(const ScaledPoints &scaled, Metric metric, double pExponent, int k,
                           int threads, const std::vector<PointBlock> &blocks,
                           const std::vector<std::pair<std::int64_t, std::int64_t>> &pairs,
                           const std::vector<std::int32_t> &originalIndex,
                           const std::function<bool()> &stop,
                           const std::function<void(double)> &progress, bool proveRows) {
    KnnResult result;
    const Eigen::MatrixXd &exact = scaled.byPoint; // d × n
    const std::int64_t n = exact.cols();
    const int kept = keptCandidates(k, n);
    const auto p = static_cast<float>(pExponent);
    // Row i of the search is point original(i) of the caller.
    const auto original = [&](std::int64_t i) {
        return originalIndex.empty() ? static_cast<std::int32_t>(i)
                                     : originalIndex[static_cast<std::size_t>(i)];
    };

    // The float data of the search. Every |coordinate| ≤ 1 there, so no float below overflows.
    Eigen::MatrixXf byPoint; // d × n, GEMM metrics
    Eigen::MatrixXf byDim;   // n × d, direct metrics
    std::vector<float> norms;
    if (metric == Metric::Euclidean || metric == Metric::Cosine) {
        byPoint.resize(exact.rows(), n);
        adviseHugePages(byPoint.data(), static_cast<std::uint64_t>(byPoint.size()) * sizeof(float));
        if (metric == Metric::Euclidean)
            norms.resize(static_cast<std::size_t>(n));
        constexpr std::int64_t kChunk = 4096;
        forEachChunk((n + kChunk - 1) / kChunk, threads, [&](std::int64_t c) {
            for (std::int64_t i = c * kChunk; i < std::min(n, (c + 1) * kChunk); ++i) {
                byPoint.col(i) = exact.col(i).cast<float>();
                if (!norms.empty())
                    norms[static_cast<std::size_t>(i)] = byPoint.col(i).squaredNorm(); // in cache
            }
        });
    } else {
        byDim = exact.transpose().cast<float>();
    }

    int blockSize = 1;
    for (const PointBlock &b : blocks)
        blockSize = std::max(blockSize, b.size);
    const auto pairCount = static_cast<std::int64_t>(pairs.size());
    const int workers = static_cast<int>(std::clamp<std::int64_t>(pairCount, 1, threads));

    // One candidate list for all threads: the schedule keeps them on pairs that share no block
    // (pair_schedule.h says why).
    TopK top(n, kept);
    PairSchedule schedule(pairs, static_cast<std::int64_t>(blocks.size()), workers);
    const std::vector<float> zeros(static_cast<std::size_t>(blockSize), 0.0f);
    const std::vector<float> ones(static_cast<std::size_t>(blockSize), 1.0f);
    std::atomic<std::int64_t> donePairs{0};
    std::atomic<bool> stopped{false};
    const auto caller = std::this_thread::get_id();
    ProgressClock clock(0.05);

    forEachChunk(
        workers, workers,
        [&](std::int64_t) {
            std::vector<float> buffer(static_cast<std::size_t>(blockSize) *
                                      static_cast<std::size_t>(blockSize));
            std::int64_t q = -1;
            for (;;) {
                if (stop && stop()) {
                    stopped = true;
                    return;
                }
                q = schedule.next(q);
                if (q < 0)
                    return;
                const PairSchedule::Release release{schedule, q};
                const PointBlock &blockI =
                    blocks[static_cast<std::size_t>(pairs[static_cast<std::size_t>(q)].first)];
                const PointBlock &blockJ =
                    blocks[static_cast<std::size_t>(pairs[static_cast<std::size_t>(q)].second)];
                const std::int64_t i0 = blockI.start, j0 = blockJ.start;
                const int bi = blockI.size, bj = blockJ.size;
                Eigen::Map<Eigen::MatrixXf> block(buffer.data(), bi, bj);
                if (metric == Metric::Euclidean || metric == Metric::Cosine) {
                    if (i0 == j0) // scanBlock reads only the upper triangle: half the flops
                        cblas_ssyrk(CblasColMajor, CblasUpper, CblasTrans, bi,
                                    static_cast<int>(byPoint.rows()), 1.0f, byPoint.col(i0).data(),
                                    static_cast<int>(byPoint.rows()), 0.0f, buffer.data(), bi);
                    else
                        block.noalias() =
                            byPoint.middleCols(i0, bi).transpose() * byPoint.middleCols(j0, bj);
                    if (metric == Metric::Euclidean) // ‖a‖² + ‖b‖² − 2a·b
                        scanBlock(buffer.data(), &norms[static_cast<std::size_t>(i0)],
                                  &norms[static_cast<std::size_t>(j0)], -2.0f, i0, bi, j0, bj,
                                  i0 == j0, top);
                    else // 1 − cos
                        scanBlock(buffer.data(), ones.data(), zeros.data(), -1.0f, i0, bi, j0, bj,
                                  i0 == j0, top);
                } else {
                    directBlock(byDim, i0, bi, j0, bj, metric, p, buffer.data());
                    scanBlock(buffer.data(), zeros.data(), zeros.data(), 1.0f, i0, bi, j0, bj,
                              i0 == j0, top);
                }
                const std::int64_t done = donePairs.fetch_add(1) + 1;
                if (progress && std::this_thread::get_id() == caller && clock.due())
                    progress(0.95 * static_cast<double>(done) / static_cast<double>(pairCount));
            }
        },
        stop);
    if (stopped || (stop && stop())) {
        result.termination = Termination::Cancelled;
        result.message = "cancelled";
        return result;
    }

    // Each row's list holds the `kept` smallest of its candidates under the total order; recompute
    // those distances in double and keep the k smallest, ties by the caller's index. Every row
    // holds `kept` candidates when it met at least that many others; should a row ever hold fewer,
    // the run fails instead of reading past them.
    KnnGraph &g = result.graph;
    g.n = n;
    g.k = k;
    g.indices.resize(static_cast<std::size_t>(n * k));
    g.distances.resize(static_cast<std::size_t>(n * k));
    const FloatError floatError(metric, exact.rows(), norms);
    const bool certify = proveRows && floatError.bounded() && kept < n - 1;
    // Per row, the largest exact value its first k candidates can have, and whether the kept
    // candidates are proven to hold its k nearest.
    std::vector<double> reachOf(certify ? static_cast<std::size_t>(n) : 0);
    std::vector<char> unprovenRow(certify ? static_cast<std::size_t>(n) : 0, 0);
    const std::int64_t rowChunk = 1024;
    std::atomic<std::int64_t> shortRow{-1};
    std::atomic<bool> overflow{false};
    forEachChunk((n + rowChunk - 1) / rowChunk, threads, [&](std::int64_t c) {
        std::vector<std::pair<float, std::int32_t>> cand;
        std::vector<std::int32_t> refineList;
        std::vector<std::pair<double, std::int32_t>> refined;
        for (std::int64_t i = c * rowChunk; i < std::min(n, (c + 1) * rowChunk); ++i) {
            cand.clear();
            for (int e = 0; e < kept; ++e)
                if (top.indicesOf(i)[e] != TopK::kEmpty)
                    cand.emplace_back(top.valuesOf(i)[e], top.indicesOf(i)[e]);
            if (static_cast<std::int64_t>(cand.size()) < kept) {
                shortRow = original(i);
                return;
            }
            std::partial_sort(cand.begin(), cand.begin() + kept, cand.end());
            // The first k always; one of the others only when its float value, less its error,
            // may still reach the largest a first-k distance can have (float value plus error):
            // beyond that, k candidates are provably nearer.
            refineList.clear();
            double reach = -std::numeric_limits<double>::infinity();
            for (int s = 0; s < kept; ++s) {
                const auto [v, j] = cand[static_cast<std::size_t>(s)];
                const double error = floatError(i, j, v);
                if (s < k)
                    reach = std::max(reach, v + error);
                if (s < k || v - error <= reach)
                    refineList.push_back(j);
            }
            // Every candidate not kept has a float value ≥ the last kept one's; when even that,
            // less the error of any partner within reach, is within reach, the k nearest are not
            // proven to be among the kept (far-off clusters, many exact ties).
            const float lastKept = cand[static_cast<std::size_t>(kept - 1)].first;
            if (certify) {
                reachOf[static_cast<std::size_t>(i)] = reach;
                unprovenRow[static_cast<std::size_t>(i)] =
                    !(lastKept - floatError.anyPartnerOf(i, lastKept, reach) > reach);
            }
            const auto count = static_cast<int>(refineList.size());
            for (int s = 0; s < std::min(count, kPrefetchAhead); ++s)
                prefetchColumn(exact, refineList[static_cast<std::size_t>(s)]);
            refined.clear();
            for (int s = 0; s < count; ++s) {
                if (s + kPrefetchAhead < count)
                    prefetchColumn(exact, refineList[static_cast<std::size_t>(s + kPrefetchAhead)]);
                const std::int32_t j = refineList[static_cast<std::size_t>(s)];
                refined.emplace_back(scaledDistance(exact, i, j, metric, pExponent), original(j));
            }
            std::sort(refined.begin(), refined.end());
            const std::int64_t row = original(i);
            for (int s = 0; s < k; ++s) {
                // Back to the data's units; beyond the largest double only when the data are.
                const double dist =
                    std::ldexp(refined[static_cast<std::size_t>(s)].first, scaled.exponent);
                overflow = overflow || !std::isfinite(dist);
                g.indices[static_cast<std::size_t>(row * k + s)] =
                    refined[static_cast<std::size_t>(s)].second;
                g.distances[static_cast<std::size_t>(row * k + s)] = dist;
            }
        }
    });
    if (shortRow >= 0) {
        result = KnnResult{};
        result.termination = Termination::Failed;
        result.message = "the neighbour search found fewer than " + std::to_string(kept) +
                         " candidates for point " + std::to_string(shortRow + 1);
        return result;
    }
    if (certify) {
        std::vector<std::int64_t> unproven;
        for (std::int64_t i = 0; i < n; ++i)
            if (unprovenRow[static_cast<std::size_t>(i)])
                unproven.push_back(i);
        if (!unproven.empty()) {
            const UnprovenSearch again{scaled, byPoint, norms, floatError, metric, pExponent, k};
            const auto againProgress = [&](double f) {
                if (progress)
                    progress(0.95 + 0.05 * f);
            };
            if (!again.run(unproven, reachOf, threads, stop, againProgress, g)) {
                result = KnnResult{};
                result.termination = Termination::Cancelled;
                result.message = "cancelled";
                return result;
            }
            result.rowsSearchedInDouble = static_cast<std::int64_t>(unproven.size());
        }
    }
    if (overflow) {
        result = KnnResult{};
        result.termination = Termination::InvalidInput;
        result.message = "distances between the points exceed the largest double (about 1.8e308); "
                         "divide the data by a constant (neighbours do not change)";
        return result;
    }
    return result;
}

KnnResult exactKnn(const Eigen::Ref<const Eigen::MatrixXd> &points, const KnnOptions &options,
                   const std::function<bool()> &stop, const std::function<void(double)> &progress) {
    const Stopwatch watch;
    if (const auto problem = checkKnn(points, options)) {
        KnnResult result;
        result.termination = Termination::InvalidInput;
        result.message = *problem;
        return result;
    }
    const std::int64_t n = points.rows();
    const Metric metric = effectiveMetric(options);
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    // The scaled double copy: exact distances at the end, and the float search's data
    // (scaled_points.h says why).
    const ScaledPoints scaled = scaledForSearch(points, metric, threads);

    // Equal blocks, and every pair of them once.
    const int blockSize = blockSizeFor(options, n);
    std::vector<PointBlock> blocks;
    for (std::int64_t start = 0; start < n; start += blockSize)
        blocks.push_back({start, static_cast<int>(std::min<std::int64_t>(blockSize, n - start))});
    const auto blockCount = static_cast<std::int64_t>(blocks.size());
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
    pairs.reserve(static_cast<std::size_t>(blockCount * (blockCount + 1) / 2));
    for (std::int64_t bi = 0; bi < blockCount; ++bi)
        for (std::int64_t bj = bi; bj < blockCount; ++bj)
            pairs.emplace_back(bi, bj);

    KnnResult result = searchBlockPairs(scaled, metric, options.p, options.k, threads, blocks,
                                        pairs, {}, stop, progress, true);
    if (!result.ok())
        return result;
    if (progress)
        progress(1.0);
    result.seconds = watch.seconds();
    return result;
}

KnnGraph knnFromDistanceMatrix(const Eigen::Ref<const Eigen::MatrixXd> &distances, int k) {
    const std::int64_t n = distances.rows();
    KnnGraph g;
    g.n = n;
    g.k = k;
    std::vector<std::pair<double, std::int32_t>> row;
    for (std::int64_t i = 0; i < n; ++i) {
        row.clear();
        for (std::int64_t j = 0; j < n; ++j)
            if (j != i)
                row.emplace_back(distances(i, j), static_cast<std::int32_t>(j));
        std::partial_sort(row.begin(), row.begin() + k, row.end());
        for (int s = 0; s < k; ++s) {
            g.indices.push_back(row[static_cast<std::size_t>(s)].second);
            g.distances.push_back(row[static_cast<std::size_t>(s)].first);
        }
    }
    return g;
}

std::vector<std::int64_t> kOccurrence(const KnnGraph &graph, int k) {
    if (k <= 0 || k > graph.k)
        k = graph.k;
    std::vector<std::int64_t> counts(static_cast<std::size_t>(graph.n), 0);
    for (std::int64_t i = 0; i < graph.n; ++i)
        for (int s = 0; s < k; ++s)
            ++counts[static_cast<std::size_t>(graph.index(i, s))];
    return counts;
}

} // namespace dimscope::hubness
