// SPDX-License-Identifier: MIT
#include "neighbors/recall_sample.h"

#include <algorithm>
#include <atomic>
#include <queue>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "common/parallel.h"

namespace dimscope::hubness {

std::vector<std::int64_t> sampleRows(std::int64_t n, std::int64_t size, std::uint64_t seed) {
    std::vector<std::int64_t> sample(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        sample[static_cast<std::size_t>(i)] = i;
    const std::int64_t s = std::min(size, n);
    if (s < n) {
        boost::random::mt19937_64 engine(seed);
        for (std::int64_t i = 0; i < s; ++i) {
            boost::random::uniform_int_distribution<std::int64_t> pick(i, n - 1);
            std::swap(sample[static_cast<std::size_t>(i)],
                      sample[static_cast<std::size_t>(pick(engine))]);
        }
        sample.resize(static_cast<std::size_t>(s));
        std::sort(sample.begin(), sample.end());
    }
    return sample;
}

std::vector<std::vector<std::int64_t>> exactNeighbourSets(const Eigen::MatrixXd &byPoint,
                                                          const std::vector<std::int64_t> &sample,
                                                          int k, bool euclidean, int threads,
                                                          const std::function<bool()> &stop) {
    const std::int64_t n = byPoint.cols(), d = byPoint.rows();
    const auto s = static_cast<std::int64_t>(sample.size());
    const Eigen::VectorXd norms = byPoint.colwise().squaredNorm().transpose();
    constexpr std::int64_t kRows = 32, kCols = 2048;
    const std::int64_t chunks = (s + kRows - 1) / kRows;
    std::vector<std::vector<std::int64_t>> exact(sample.size());
    std::atomic<bool> stopped{false};
    forEachChunk(
        chunks, threads,
        [&](std::int64_t c) {
            if (stop && stop()) {
                stopped = true;
                return;
            }
            const std::int64_t r0 = c * kRows, rows = std::min(kRows, s - r0);
            Eigen::MatrixXd queries(d, rows);
            for (std::int64_t r = 0; r < rows; ++r)
                queries.col(r) = byPoint.col(sample[static_cast<std::size_t>(r0 + r)]);
            // Per sampled row, a max-heap of its k best (value, index) so far.
            using Entry = std::pair<double, std::int64_t>;
            std::vector<std::priority_queue<Entry>> best(static_cast<std::size_t>(rows));
            Eigen::MatrixXd block;
            for (std::int64_t j0 = 0; j0 < n; j0 += kCols) {
                const std::int64_t cols = std::min(kCols, n - j0);
                block.noalias() = byPoint.middleCols(j0, cols).transpose() * queries;
                for (std::int64_t r = 0; r < rows; ++r) {
                    const std::int64_t i = sample[static_cast<std::size_t>(r0 + r)];
                    auto &heap = best[static_cast<std::size_t>(r)];
                    for (std::int64_t jj = 0; jj < cols; ++jj) {
                        const std::int64_t j = j0 + jj;
                        if (j == i)
                            continue;
                        const double v = euclidean ? norms(j) - 2.0 * block(jj, r) : -block(jj, r);
                        if (static_cast<int>(heap.size()) < k) {
                            heap.emplace(v, j);
                        } else if (Entry(v, j) < heap.top()) {
                            heap.pop();
                            heap.emplace(v, j);
                        }
                    }
                }
            }
            for (std::int64_t r = 0; r < rows; ++r) {
                auto &set = exact[static_cast<std::size_t>(r0 + r)];
                for (auto &heap = best[static_cast<std::size_t>(r)]; !heap.empty(); heap.pop())
                    set.push_back(heap.top().second);
                std::sort(set.begin(), set.end());
            }
        },
        stop);
    if (stopped || (stop && stop()))
        return {};
    return exact;
}

} // namespace dimscope::hubness
