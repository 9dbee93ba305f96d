// SPDX-License-Identifier: MIT
#include "neighbors/float_proof.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

#include "common/parallel.h"

namespace dimscope::hubness {

bool UnprovenSearch::run(const std::vector<std::int64_t> &rows, const std::vector<double> &reachOf,
                         int threads, const std::function<bool()> &stop,
                         const std::function<void(double)> &progress, KnnGraph &g) const {
    const auto count = static_cast<std::int64_t>(rows.size());
    // At most kRows per batch, and at least one batch per thread.
    const std::int64_t perBatch =
        std::max<std::int64_t>(1, std::min(kRows, (count + threads - 1) / std::max(threads, 1)));
    const std::int64_t batches = (count + perBatch - 1) / perBatch;
    std::atomic<bool> stopped{false};
    std::atomic<std::int64_t> done{0};
    const auto caller = std::this_thread::get_id();
    forEachChunk(
        batches, threads,
        [&](std::int64_t b) {
            const std::int64_t first = b * perBatch, size = std::min(perBatch, count - first);
            if (!searchBatch(&rows[static_cast<std::size_t>(first)], size, reachOf, stop, g))
                stopped = true;
            const std::int64_t finished = done.fetch_add(1) + 1;
            if (progress && std::this_thread::get_id() == caller)
                progress(static_cast<double>(finished) / static_cast<double>(batches));
        },
        stop);
    return !stopped && !(stop && stop());
}

bool UnprovenSearch::searchBatch(const std::int64_t *rows, std::int64_t size,
                                 const std::vector<double> &reachOf,
                                 const std::function<bool()> &stop, KnnGraph &g) const {
    const std::int64_t n = byPoint.cols();
    Eigen::MatrixXf queries(byPoint.rows(), size);
    for (std::int64_t r = 0; r < size; ++r)
        queries.col(r) = byPoint.col(rows[r]);
    std::vector<std::vector<std::pair<double, std::int32_t>>> best(static_cast<std::size_t>(size));
    Eigen::MatrixXf products; // size × a chunk of points
    for (std::int64_t j0 = 0; j0 < n; j0 += kPoints) {
        if (stop && stop())
            return false;
        const std::int64_t width = std::min(kPoints, n - j0);
        products.noalias() = queries.transpose() * byPoint.middleCols(j0, width);
        for (std::int64_t j = j0; j < j0 + width; ++j)
            for (std::int64_t r = 0; r < size; ++r)
                if (j != rows[r])
                    consider(rows[r], j, products(r, j - j0),
                             reachOf[static_cast<std::size_t>(rows[r])],
                             best[static_cast<std::size_t>(r)]);
    }
    for (std::int64_t r = 0; r < size; ++r)
        write(rows[r], best[static_cast<std::size_t>(r)], g);
    return true;
}

void UnprovenSearch::consider(std::int64_t i, std::int64_t j, float product, double reach,
                              std::vector<std::pair<double, std::int32_t>> &heap) const {
    const float v =
        norms.empty()
            ? std::fma(product, -1.0f, 1.0f)
            : std::fma(product, -2.0f,
                       norms[static_cast<std::size_t>(i)] + norms[static_cast<std::size_t>(j)]);
    if (v - floatError(i, j, v) > reach)
        return;
    const std::pair<double, std::int32_t> candidate{scaledDistance(scaled.byPoint, i, j, metric, p),
                                                    static_cast<std::int32_t>(j)};
    if (static_cast<int>(heap.size()) < k) {
        heap.push_back(candidate);
        std::push_heap(heap.begin(), heap.end());
    } else if (candidate < heap.front()) {
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = candidate;
        std::push_heap(heap.begin(), heap.end());
    }
}

void UnprovenSearch::write(std::int64_t i, std::vector<std::pair<double, std::int32_t>> &heap,
                           KnnGraph &g) const {
    if (static_cast<int>(heap.size()) < k) // never: the row's first k candidates pass
        return;
    std::sort_heap(heap.begin(), heap.end()); // ascending: the first k
    for (int s = 0; s < k; ++s) {
        g.indices[static_cast<std::size_t>(i * k + s)] = heap[static_cast<std::size_t>(s)].second;
        g.distances[static_cast<std::size_t>(i * k + s)] =
            std::ldexp(heap[static_cast<std::size_t>(s)].first, scaled.exponent);
    }
}

} // namespace dimscope::hubness
