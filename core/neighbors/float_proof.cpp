// SPDX-License-Identifier: MIT
#include "neighbors/float_proof.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <thread>

#include "common/parallel.h"

namespace dimscope::hubness {

bool UnprovenSearch::run(const std::vector<std::int64_t> &rows, const std::vector<double> &reachOf,
                         int threads, const std::function<bool()> &stop,
                         const std::function<void(double)> &progress, KnnGraph &g) const {
    const Groups groups = identicalRows(rows);
    const auto count = static_cast<std::int64_t>(groups.representatives.size());
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
            if (!searchBatch(groups, first, size, reachOf, stop, g))
                stopped = true;
            const std::int64_t finished = done.fetch_add(1) + 1;
            if (progress && std::this_thread::get_id() == caller)
                progress(static_cast<double>(finished) / static_cast<double>(batches));
        },
        stop);
    return !stopped && !(stop && stop());
}

UnprovenSearch::Groups UnprovenSearch::identicalRows(const std::vector<std::int64_t> &rows) const {
    // Same bits, not equal values: −0 and 0 are two groups, which costs a search, never a wrong
    // answer. Sorting by a hash of the bits and then by the bits puts each group together.
    const Eigen::MatrixXd &x = scaled.byPoint;
    const auto bytes = static_cast<std::size_t>(x.rows()) * sizeof(double);
    const auto bitsOf = [&](std::int64_t i) { return static_cast<const void *>(x.col(i).data()); };
    std::vector<std::pair<std::uint64_t, std::int64_t>> keyed;
    keyed.reserve(rows.size());
    for (const std::int64_t i : rows) {
        std::uint64_t h = 14695981039346656037ull; // FNV-1a's constants, a 64-bit word a step
        for (Eigen::Index t = 0; t < x.rows(); ++t) {
            std::uint64_t word;
            std::memcpy(&word, &x(t, i), sizeof word);
            h = (h ^ word) * 1099511628211ull;
        }
        keyed.emplace_back(h, i);
    }
    std::sort(keyed.begin(), keyed.end(), [&](const auto &a, const auto &b) {
        if (a.first != b.first)
            return a.first < b.first;
        const int order = std::memcmp(bitsOf(a.second), bitsOf(b.second), bytes);
        return order != 0 ? order < 0 : a.second < b.second;
    });
    Groups groups;
    groups.representatives.reserve(keyed.size()); // 40 bytes a row in all, as knn.cpp counts
    groups.start.reserve(keyed.size() + 1);
    groups.members.reserve(keyed.size());
    for (std::size_t s = 0; s < keyed.size(); ++s) {
        const std::int64_t i = keyed[s].second;
        if (s == 0 || keyed[s].first != keyed[s - 1].first ||
            std::memcmp(bitsOf(i), bitsOf(keyed[s - 1].second), bytes) != 0) {
            groups.representatives.push_back(i);
            groups.start.push_back(static_cast<std::int64_t>(groups.members.size()));
        }
        groups.members.push_back(i);
    }
    groups.start.push_back(static_cast<std::int64_t>(groups.members.size()));
    return groups;
}

bool UnprovenSearch::searchBatch(const Groups &groups, std::int64_t first, std::int64_t size,
                                 const std::vector<double> &reachOf,
                                 const std::function<bool()> &stop, KnnGraph &g) const {
    const std::int64_t n = byPoint.cols();
    const std::int64_t *rows = &groups.representatives[static_cast<std::size_t>(first)];
    Eigen::MatrixXf queries(byPoint.rows(), size);
    for (std::int64_t r = 0; r < size; ++r)
        queries.col(r) = byPoint.col(rows[r]);
    std::vector<Candidates> best(static_cast<std::size_t>(size));
    // Most points fail every row's test by far: a comparison with a per-row cutoff skips them
    // before the per-pair error (20000 × 512 in groups of 5 duplicates: 3.4 s → 1.8 s).
    std::vector<double> cutoffs(static_cast<std::size_t>(size));
    std::vector<float> rowNorms(cutoffs.size(), 0.0f);
    for (std::int64_t r = 0; r < size; ++r) {
        cutoffs[static_cast<std::size_t>(r)] =
            floatError.cutoff(rows[r], reachOf[static_cast<std::size_t>(rows[r])]);
        if (!norms.empty())
            rowNorms[static_cast<std::size_t>(r)] = norms[static_cast<std::size_t>(rows[r])];
    }
    Eigen::MatrixXf products; // size × a chunk of points
    for (std::int64_t j0 = 0; j0 < n; j0 += kPoints) {
        if (stop && stop())
            return false;
        const std::int64_t width = std::min(kPoints, n - j0);
        products.noalias() = queries.transpose() * byPoint.middleCols(j0, width);
        for (std::int64_t j = j0; j < j0 + width; ++j) { // itself too: it is its group's member
            const float normJ = norms.empty() ? 0.0f : norms[static_cast<std::size_t>(j)];
            for (std::int64_t r = 0; r < size; ++r) {
                const float product = products(r, j - j0);
                const float v =
                    norms.empty()
                        ? std::fma(product, -1.0f, 1.0f)
                        : std::fma(product, -2.0f, rowNorms[static_cast<std::size_t>(r)] + normJ);
                if (v > cutoffs[static_cast<std::size_t>(r)])
                    continue;
                consider(rows[r], j, v, reachOf[static_cast<std::size_t>(rows[r])],
                         best[static_cast<std::size_t>(r)]);
            }
        }
    }
    for (std::int64_t r = 0; r < size; ++r)
        write(groups, first + r, best[static_cast<std::size_t>(r)], g);
    return true;
}

void UnprovenSearch::consider(std::int64_t i, std::int64_t j, float v, double reach,
                              Candidates &heap) const {
    if (v - floatError(i, j, v) > reach)
        return;
    const std::pair<double, std::int32_t> candidate{scaledDistance(scaled.byPoint, i, j, metric, p),
                                                    static_cast<std::int32_t>(j)};
    if (static_cast<int>(heap.size()) < k + 1) {
        heap.push_back(candidate);
        std::push_heap(heap.begin(), heap.end());
    } else if (candidate < heap.front()) {
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = candidate;
        std::push_heap(heap.begin(), heap.end());
    }
}

void UnprovenSearch::write(const Groups &groups, std::int64_t q, Candidates &heap,
                           KnnGraph &g) const {
    // The k + 1 nearest of the representative, itself among them when it is near enough: a
    // member's k nearest are those less the member itself (which the other members, at the same
    // distances, follow or precede by index). A true neighbour always passed the filter, so the
    // first k others are there.
    std::sort_heap(heap.begin(), heap.end()); // ascending
    for (std::int64_t m = groups.start[static_cast<std::size_t>(q)];
         m < groups.start[static_cast<std::size_t>(q) + 1]; ++m) {
        const std::int64_t i = groups.members[static_cast<std::size_t>(m)];
        const bool itself = std::any_of(
            heap.begin(), heap.end(), [&](const auto &candidate) { return candidate.second == i; });
        if (static_cast<int>(heap.size()) - itself < k) // never: k others always pass the filter
            continue;
        int s = 0;
        for (const auto &[distance, j] : heap) {
            if (j == i)
                continue;
            if (s == k)
                break;
            g.indices[static_cast<std::size_t>(i * k + s)] = j;
            g.distances[static_cast<std::size_t>(i * k + s)] =
                std::ldexp(distance, scaled.exponent);
            ++s;
        }
    }
}

} // namespace dimscope::hubness
