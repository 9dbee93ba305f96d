// SPDX-License-Identifier: MIT
// Exact k-NN + k-occurrence (issue 3 speed goal): euclidean, N = 20000, d = 512, k = 10, float32
// data. Reference on this machine: faiss IndexFlatL2 2.71 s (1 thread), 1.93 s (2 threads).
// Each thread count also prints the search's time as a ratio to the GEMM limit (issue 14): the
// symmetric half's N(N+1)d flops at this machine's sgemm peak, measured in the same run.
// Usage: dimscope-bench hubness [--n N] [--d D] [--k K] [--metric euclidean|cosine|manhattan]
//        [--threads T] [--block B] [--repeat R]
// Approximate (HNSW) case: dimscope-bench hubness --search approximate [--n 100000] [--d 128]
//        [--k 10] [--metric euclidean|cosine] [--threads T] [--m M] [--ef-construction E]
//        [--ef-search E] [--recall-sample S] [--target-recall R] [--max-query-seconds T]
//        [--fast-build on] [--data gaussian|mixture] [--validate on]: build, tuning and query
//        time, efSearch, recall@k on a sample, k-skewness; the exact search's time estimated from
//        a measured smaller run, or with --validate on run on all N (minutes at N = 10⁶) for the
//        recall over all points and the k-skewness error.
// Partitioned case: dimscope-bench hubness --search partitioned [--cells C] [--probes P]
//        [--target-recall R] [--max-query-seconds T] [--recall-sample S] [--data mixture]
//        [--validate on] and the size options above: cells, probes, recall@k on the sample,
//        share of the exact search's work, times, k-skewness (and its error with --validate on).
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include <cblas.h>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "bench.h"
#include "hubness/hubness.h"
#include "hubness/hubness_measures.h"
#include "neighbors/ann.h"
#include "neighbors/knn.h"
#include "neighbors/partitioned.h"

namespace dimscope::bench {

namespace {

Eigen::MatrixXd gaussianFloat32(std::int64_t n, std::int64_t d, std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    boost::random::normal_distribution<float> normal;
    Eigen::MatrixXd points(n, d);
    for (std::int64_t c = 0; c < d; ++c)
        for (std::int64_t r = 0; r < n; ++r)
            points(r, c) = normal(engine);
    return points;
}

/// float32 data held as double, as a loaded embedding file: iid gaussian, or the explorer's own
/// mixture (10 clusters, centres ~ N(0, 9 I)).
Eigen::MatrixXd benchPoints(std::int64_t n, std::int64_t d, bool mixture) {
    if (!mixture)
        return gaussianFloat32(n, d, 1);
    hubness::HubnessParams data;
    data.n = n;
    data.d = static_cast<int>(d);
    data.data = hubness::DataKind::Mixture;
    data.clusters = 10;
    return hubness::generatePoints(data).cast<float>().cast<double>();
}

/// Runs the exact search on all of `points` and prints `found`'s recall over all N against it
/// and the k-skewness error; 1 when the exact search fails.
int validateAgainstExact(const Eigen::MatrixXd &points, const hubness::KnnGraph &found, int k,
                         hubness::Metric metric, int threads, double foundSkew) {
    using namespace dimscope::hubness;
    KnnOptions exactOptions;
    exactOptions.k = k;
    exactOptions.metric = metric;
    exactOptions.threads = threads;
    const KnnResult exact = exactKnn(points, exactOptions);
    if (!exact.ok()) {
        std::fprintf(stderr, "exact failed: %s\n", exact.message.c_str());
        return 1;
    }
    const std::int64_t n = found.n;
    const double exactSkew = hubnessMeasures(kOccurrence(exact.graph), k, n, 2.0).kSkewness;
    std::int64_t hits = 0;
    for (std::int64_t i = 0; i < n; ++i)
        for (int a = 0; a < k; ++a)
            for (int b = 0; b < k; ++b)
                hits += found.index(i, a) == exact.graph.index(i, b);
    std::printf("exact on all N: %.1f s wall; recall@%d over all N %.4f; k-skewness %.4f "
                "(approximate) vs %.4f (exact): error %.2f %%\n",
                exact.seconds, k,
                static_cast<double>(hits) / (static_cast<double>(n) * static_cast<double>(k)),
                foundSkew, exactSkew, 100.0 * (foundSkew - exactSkew) / exactSkew);
    return 0;
}

/// Partitioned exact search (k-means cells, nearby cells only) on gaussian or mixture data:
/// cells, probes, recall@k on the sample, share of exact's work, times, k-skewness; with
/// `validate` the exact search on all N and the errors against it.
int benchPartitioned(std::int64_t n, std::int64_t d, int k, hubness::Metric metric, int threads,
                     hubness::PartitionOptions options, bool mixture, bool validate) {
    using namespace dimscope::hubness;
    const Eigen::MatrixXd points = benchPoints(n, d, mixture);
    options.k = k;
    options.metric = metric;
    options.threads = threads;
    std::printf("partitioned k-NN (k-means cells): %s %s, N=%lld, d=%lld, k=%d, threads=%d, "
                "target recall %.3f%s\n",
                mixture ? "mixture" : "gaussian", nameOf(metric).c_str(), static_cast<long long>(n),
                static_cast<long long>(d), k, threads, options.targetRecall,
                options.maxSeconds > 0 ? " (time-limited)" : "");
    const std::clock_t cpu0 = std::clock();
    const PartitionResult found = partitionedKnn(points, options);
    const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    if (!found.ok()) {
        std::fprintf(stderr, "failed: %s\n", found.message.c_str());
        return 1;
    }
    const double skew = hubnessMeasures(kOccurrence(found.graph), k, n, 2.0).kSkewness;
    std::printf("cells %d  probes %d  work %.1f %% of exact  recall@%d %.4f (sample %lld, target "
                "%s)\nk-means %.2f s  tune %.2f s  search %.2f s  total %.2f s wall (%.2f s CPU)  "
                "k-skewness %.4f\n",
                found.cells, found.probes, 100.0 * found.workShare, k, found.recall,
                static_cast<long long>(std::min(options.recallSample, n)),
                found.targetMet ? "met" : "NOT met", found.clusterSeconds, found.tuneSeconds,
                found.searchSeconds, found.seconds, cpu, skew);
    return validate ? validateAgainstExact(points, found.graph, k, metric, threads, skew) : 0;
}

/// HNSW on gaussian or mixture data: build, query, recall on a sample; exact's time for the same
/// N, d extrapolated as N²·d from an exact run on N/4 points (same d, k, threads), or with
/// `validate` the exact search on all N points and the k-skewness error against it.
int benchApproximate(std::int64_t n, std::int64_t d, int k, hubness::Metric metric, int threads,
                     const hubness::AnnOptions &base, std::int64_t recallSample, bool mixture,
                     bool validate) {
    using namespace dimscope::hubness;
    const Eigen::MatrixXd points = benchPoints(n, d, mixture);
    AnnOptions options = base;
    options.k = k;
    options.metric = metric;
    options.threads = threads;
    options.recallSample = recallSample;
    std::printf("approximate k-NN (HNSW): %s %s, N=%lld, d=%lld, k=%d, M=%d, efConstruction=%d, "
                "efSearch=%d%s, query threads=%d (build: %d)\n",
                mixture ? "mixture" : "gaussian", nameOf(metric).c_str(), static_cast<long long>(n),
                static_cast<long long>(d), k, options.m, options.efConstruction,
                effectiveEfSearch(options), options.targetRecall > 0 ? " (tuned)" : "", threads,
                options.parallelBuild ? threads : 1);
    // Process CPU time besides wall time: on a shared machine the wall time includes waiting.
    const std::clock_t cpu0 = std::clock();
    const AnnResult ann = approximateKnn(points, options);
    const double cpu = static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC;
    if (!ann.ok()) {
        std::fprintf(stderr, "failed: %s\n", ann.message.c_str());
        return 1;
    }
    const double recall = ann.tunedRecall
                              ? *ann.tunedRecall
                              : measureRecall(points, ann.graph, metric, recallSample, 1, threads);
    std::printf("build %.2f s  tune %.2f s  query %.2f s  total %.2f s wall (%.2f s CPU)  "
                "efSearch %d  recall@%d %.4f (sample %lld%s)\n",
                ann.buildSeconds, ann.tuneSeconds, ann.querySeconds, ann.seconds, cpu, ann.efSearch,
                k, recall, static_cast<long long>(std::min(recallSample, n)),
                ann.tunedRecall ? (ann.targetMet ? ", target met" : ", target NOT met") : "");
    const double approxSkew = hubnessMeasures(kOccurrence(ann.graph), k, n, 2.0).kSkewness;
    if (validate)
        return validateAgainstExact(points, ann.graph, k, metric, threads, approxSkew);
    std::printf("k-skewness (approximate) %.4f\n", approxSkew);

    const std::int64_t small = std::max<std::int64_t>(std::min<std::int64_t>(n, 10000), n / 4);
    KnnOptions exactOptions;
    exactOptions.k = k;
    exactOptions.metric = metric;
    exactOptions.threads = threads;
    const std::clock_t exactCpu0 = std::clock();
    const KnnResult exact = exactKnn(points.topRows(small), exactOptions);
    const double exactCpu = static_cast<double>(std::clock() - exactCpu0) / CLOCKS_PER_SEC;
    if (!exact.ok()) {
        std::fprintf(stderr, "exact failed: %s\n", exact.message.c_str());
        return 1;
    }
    const double scale = static_cast<double>(n) * static_cast<double>(n) /
                         (static_cast<double>(small) * static_cast<double>(small));
    std::printf("exact on N=%lld: %.2f s wall, %.2f s CPU (%.3g N²d/s wall) -> estimated "
                "%.1f s wall for N=%lld\n",
                static_cast<long long>(small), exact.seconds, exactCpu,
                static_cast<double>(small) * static_cast<double>(small) * static_cast<double>(d) /
                    exact.seconds,
                exact.seconds * scale, static_cast<long long>(n));
    return 0;
}

/// The float32 GEMM peak on `threads` threads, in flop/s: each thread multiplies its own pair of
/// 4096 × 4096 matrices with OpenBLAS's sgemm (one BLAS thread each, as dimscope runs it), all at
/// once, best of 3. Running them together measures what the cores give when both are busy (shared
/// cache, memory bandwidth, the lower all-core clock), which is what the search meets.
double sgemmPeak(int threads) {
    constexpr int n = 4096;
    std::vector<std::vector<float>> a(static_cast<std::size_t>(threads)), c(a.size());
    for (auto &m : a)
        m.assign(static_cast<std::size_t>(n) * n, 0.5f);
    for (auto &m : c)
        m.assign(static_cast<std::size_t>(n) * n, 0.0f);
    double best = 1e300;
    for (int r = 0; r < 3; ++r) {
        const Stopwatch watch;
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                const float *m = a[static_cast<std::size_t>(t)].data();
                cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, n, n, n, 1.0f, m, n, m, n,
                            0.0f, c[static_cast<std::size_t>(t)].data(), n);
            });
        for (auto &worker : pool)
            worker.join();
        best = std::min(best, watch.seconds());
    }
    return 2.0 * n * n * static_cast<double>(n) * threads / best;
}

} // namespace

int benchHubness(const Args &args) {
    using namespace dimscope::hubness;
    std::int64_t n = 0, d = 0, recallSample = 1000; // 0: the mode's default
    int k = 10, onlyThreads = 0, block = 0, repeat = 3;
    bool approximate = false, partitioned = false, mixture = false, validate = false;
    AnnOptions ann;
    PartitionOptions partition;
    Metric metric = Metric::Euclidean;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        const std::string &key = args[i], &value = args[i + 1];
        if (key == "--search") {
            approximate = value == "approximate";
            partitioned = value == "partitioned";
        } else if (key == "--cells")
            partition.cells = std::atoi(value.c_str());
        else if (key == "--probes")
            partition.probes = std::atoi(value.c_str());
        else if (key == "--m")
            ann.m = std::atoi(value.c_str());
        else if (key == "--ef-construction")
            ann.efConstruction = std::atoi(value.c_str());
        else if (key == "--ef-search")
            ann.efSearch = std::atoi(value.c_str());
        else if (key == "--recall-sample")
            recallSample = std::atoll(value.c_str());
        else if (key == "--target-recall")
            ann.targetRecall = partition.targetRecall = std::atof(value.c_str());
        else if (key == "--max-query-seconds")
            ann.maxQuerySeconds = partition.maxSeconds = std::atof(value.c_str());
        else if (key == "--fast-build")
            ann.parallelBuild = value == "on";
        else if (key == "--data")
            mixture = value == "mixture";
        else if (key == "--validate")
            validate = value == "on";
        else if (key == "--n")
            n = std::atoll(value.c_str());
        else if (key == "--d")
            d = std::atoll(value.c_str());
        else if (key == "--k")
            k = std::atoi(value.c_str());
        else if (key == "--threads")
            onlyThreads = std::atoi(value.c_str());
        else if (key == "--block")
            block = std::atoi(value.c_str());
        else if (key == "--repeat")
            repeat = std::atoi(value.c_str());
        else if (key == "--metric")
            metric = value == "cosine"      ? Metric::Cosine
                     : value == "manhattan" ? Metric::Manhattan
                                            : Metric::Euclidean;
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    if (n <= 0)
        n = approximate || partitioned ? 100000 : 20000;
    if (d <= 0)
        d = approximate || partitioned ? 128 : 512;
    if (partitioned) {
        partition.recallSample = recallSample;
        return benchPartitioned(n, d, k, metric, onlyThreads > 0 ? onlyThreads : 2, partition,
                                mixture, validate);
    }
    if (approximate)
        return benchApproximate(n, d, k, metric, onlyThreads > 0 ? onlyThreads : 2, ann,
                                recallSample, mixture, validate);
    // float32 data, as a user's embedding file would hold, held as double like a loaded file.
    const Eigen::MatrixXd points = gaussianFloat32(n, d, 1);

    // The search computes the upper triangle of the N×N distance matrix once: N(N+1)/2 · 2d flops.
    const double flops =
        static_cast<double>(n) * static_cast<double>(n + 1) * static_cast<double>(d);
    std::printf("exact k-NN + k-occurrence: %s, N=%lld, d=%lld, k=%d, float32 search\n",
                nameOf(metric).c_str(), static_cast<long long>(n), static_cast<long long>(d), k);
    std::printf(
        "faiss IndexFlatL2 on this machine (issue 3): 2.71 s (1 thread), 1.93 s (2 threads)\n");
    for (int threads = 1; threads <= 2; ++threads) {
        if (onlyThreads > 0 && threads != onlyThreads)
            continue;
        double best = 1e300, first = 0;
        std::int64_t maxOccurrence = 0, rowsInDouble = 0;
        for (int r = 0; r < repeat; ++r) {
            KnnOptions options;
            options.k = k;
            options.metric = metric;
            options.threads = threads;
            options.blockSize = block;
            const Stopwatch watch;
            const KnnResult result = exactKnn(points, options);
            const std::vector<std::int64_t> occurrence = kOccurrence(result.graph);
            const double seconds = watch.seconds();
            if (!result.ok()) {
                std::fprintf(stderr, "failed: %s\n", result.message.c_str());
                return 1;
            }
            best = std::min(best, seconds);
            first = r == 0 ? seconds : first;
            maxOccurrence = *std::max_element(occurrence.begin(), occurrence.end());
            rowsInDouble = result.rowsSearchedInDouble;
        }
        // "Full-equivalent" counts the 2·N²·d flops a non-symmetric search (faiss) performs.
        const double full =
            2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(d);
        std::printf("threads=%d  best of %d: %.3f s  %.1f GFLOP/s computed (symmetric half), "
                    "%.1f GFLOP/s full-equivalent  max N_k=%lld\n",
                    threads, repeat, best, flops / best / 1e9, full / best / 1e9,
                    static_cast<long long>(maxOccurrence));
        // The limit: the symmetric half's flops at this machine's GEMM peak, measured now.
        if (metric != Metric::Manhattan) {
            const double peak = sgemmPeak(threads);
            const double limit = flops / peak;
            std::printf("  GEMM limit on %d thread%s: sgemm 4096² peak %.1f GFLOP/s -> %.3f s; "
                        "this search took %.2f× the limit\n",
                        threads, threads == 1 ? "" : "s", peak / 1e9, limit, best / limit);
        }
        // The first run also pays for memory the process has not used before.
        std::printf("  first run %.3f s; rows the float bound could not prove, searched again in "
                    "double: %lld\n",
                    first, static_cast<long long>(rowsInDouble));
    }
    return 0;
}

} // namespace dimscope::bench
