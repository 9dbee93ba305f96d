// SPDX-License-Identifier: MIT
// Exact k-NN + k-occurrence (issue 3 speed goal): euclidean, N = 20000, d = 512, k = 10, float32
// data. Reference on this machine: faiss IndexFlatL2 2.71 s (1 thread), 1.93 s (2 threads).
// Usage: dimscope-bench hubness [--n N] [--d D] [--k K] [--metric euclidean|cosine|manhattan]
//        [--threads T] [--block B] [--repeat R]
#include <cstdio>
#include <cstdlib>
#include <string>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "bench.h"
#include "knn.h"

namespace dimscope::bench {

int benchHubness(const Args &args) {
    using namespace dimscope::hubness;
    std::int64_t n = 20000, d = 512;
    int k = 10, onlyThreads = 0, block = 0, repeat = 3;
    Metric metric = Metric::Euclidean;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        const std::string &key = args[i], &value = args[i + 1];
        if (key == "--n")
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
    // float32 data, as a user's embedding file would hold, held as double like a loaded file.
    boost::random::mt19937_64 engine(1);
    boost::random::normal_distribution<float> normal;
    Eigen::MatrixXd points(n, d);
    for (std::int64_t c = 0; c < d; ++c)
        for (std::int64_t r = 0; r < n; ++r)
            points(r, c) = normal(engine);

    // The search computes the upper triangle of the N×N distance matrix once: N(N+1)/2 · 2d flops.
    const double flops =
        static_cast<double>(n) * static_cast<double>(n + 1) * static_cast<double>(d);
    std::printf("exact k-NN + k-occurrence: %s, N=%lld, d=%lld, k=%d, float32 search\n",
                metricName(metric), static_cast<long long>(n), static_cast<long long>(d), k);
    std::printf(
        "faiss IndexFlatL2 on this machine (issue 3): 2.71 s (1 thread), 1.93 s (2 threads)\n");
    for (int threads = 1; threads <= 2; ++threads) {
        if (onlyThreads > 0 && threads != onlyThreads)
            continue;
        double best = 1e300;
        std::int64_t maxOccurrence = 0;
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
            maxOccurrence = *std::max_element(occurrence.begin(), occurrence.end());
        }
        // "Full-equivalent" counts the 2·N²·d flops a non-symmetric search (faiss) performs.
        const double full =
            2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(d);
        std::printf("threads=%d  best of %d: %.3f s  %.1f GFLOP/s computed (symmetric half), "
                    "%.1f GFLOP/s full-equivalent  max N_k=%lld\n",
                    threads, repeat, best, flops / best / 1e9, full / best / 1e9,
                    static_cast<long long>(maxOccurrence));
    }
    return 0;
}

} // namespace dimscope::bench
