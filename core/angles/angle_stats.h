// SPDX-License-Identifier: MIT
#pragma once
// Per-chunk statistics of the angles explorer (internal to angles.cpp): moments merged in chunk
// order, and the KS bucket counts shared by the chunks of one run. Deterministic by construction:
// neither depends on the thread count nor on which thread ran which chunk.

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "angles/angle_math.h"
#include "common/histogram.h"

namespace dimscope::angles::detail {

/// Count, mean and sum of squared deviations. Built two-pass per chunk and merged with Chan's
/// formula in chunk order, so the result is exact to rounding and independent of the thread count.
struct Moments {
    std::int64_t count = 0;
    double mean = 0, m2 = 0;

    static Moments of(const std::vector<double> &v) {
        Moments m;
        m.count = static_cast<std::int64_t>(v.size());
        if (v.empty())
            return m;
        double sum = 0;
        for (double x : v)
            sum += x;
        m.mean = sum / static_cast<double>(v.size());
        for (double x : v)
            m.m2 += (x - m.mean) * (x - m.mean);
        return m;
    }
    /// Moments of a and b together (equal sizes), two passes over both.
    static void ofPair(const std::vector<double> &a, const std::vector<double> &b, Moments &ma,
                       Moments &mb) {
        const std::size_t n = a.size();
        ma = Moments{};
        mb = Moments{};
        ma.count = mb.count = static_cast<std::int64_t>(n);
        if (n == 0)
            return;
        double sumA = 0, sumB = 0;
        laneSums<false>(a.data(), b.data(), n, 0.0, 0.0, sumA, sumB);
        ma.mean = sumA / static_cast<double>(n);
        mb.mean = sumB / static_cast<double>(n);
        laneSums<true>(a.data(), b.data(), n, ma.mean, mb.mean, ma.m2, mb.m2);
    }
    /// Σ(x − cx) and Σ(y − cy), or their squares, in eight fixed lanes (element i goes to lane
    /// i mod 8, lanes added in a fixed order): the same bits on every run, and GCC vectorises the
    /// lanes, where one running sum is a chain of dependent additions (4 cycles per element).
    template <bool Square>
    static void laneSums(const double *x, const double *y, std::size_t n, double cx, double cy,
                         double &sx, double &sy) {
        constexpr std::size_t kLanes = 8;
        double lx[kLanes] = {}, ly[kLanes] = {};
        const auto term = [](double d) { return Square ? d * d : d; };
        std::size_t i = 0;
        for (; i + kLanes <= n; i += kLanes)
            for (std::size_t j = 0; j < kLanes; ++j) {
                lx[j] += term(x[i + j] - cx);
                ly[j] += term(y[i + j] - cy);
            }
        for (std::size_t j = 0; i < n; ++i, ++j) {
            lx[j] += term(x[i] - cx);
            ly[j] += term(y[i] - cy);
        }
        sx = ((lx[0] + lx[1]) + (lx[2] + lx[3])) + ((lx[4] + lx[5]) + (lx[6] + lx[7]));
        sy = ((ly[0] + ly[1]) + (ly[2] + ly[3])) + ((ly[4] + ly[5]) + (ly[6] + ly[7]));
    }
    void merge(const Moments &o) {
        if (o.count == 0)
            return;
        const double n1 = static_cast<double>(count), n2 = static_cast<double>(o.count);
        const double delta = o.mean - mean;
        mean += delta * n2 / (n1 + n2);
        m2 += o.m2 + delta * delta * n1 * n2 / (n1 + n2);
        count += o.count;
    }
    double variance() const { return count > 1 ? m2 / static_cast<double>(count - 1) : 0.0; }
};

struct ChunkStats {
    Moments theta, cosine;
    std::int64_t nearOrthogonal = 0;
    Histogram histogram;
    bool finished = false;

    void merge(const ChunkStats &o) {
        theta.merge(o.theta);
        cosine.merge(o.cosine);
        nearOrthogonal += o.nearOrthogonal;
        histogram.merge(o.histogram);
    }
};

/// KS bucket counts, one array per concurrently running chunk rather than one per run: a chunk
/// leases a free array (or makes one), counts into it, and gives it back, so at most `threads`
/// arrays of kKsBuckets exist. Integer counts add exactly, so the merged total — and D — does not
/// depend on which chunk went to which array, nor on the thread count.
class KsCounts {
public:
    class Lease {
    public:
        explicit Lease(KsCounts &pool) : m_pool(pool), m_counts(pool.acquire()) {}
        ~Lease() { m_pool.release(m_counts); }
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        std::uint32_t *counts() { return m_counts->data(); }

    private:
        KsCounts &m_pool;
        std::vector<std::uint32_t> *m_counts;
    };

    /// The sum of every array; call when no lease is held.
    std::vector<std::uint32_t> total() const {
        std::vector<std::uint32_t> sum(kKsBuckets, 0);
        for (const auto &a : m_all)
            for (std::size_t b = 0; b < kKsBuckets; ++b)
                sum[b] += (*a)[b];
        return sum;
    }

private:
    std::vector<std::uint32_t> *acquire() {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (m_free.empty()) {
            m_all.push_back(std::make_unique<std::vector<std::uint32_t>>(kKsBuckets, 0));
            return m_all.back().get();
        }
        auto *counts = m_free.back();
        m_free.pop_back();
        return counts;
    }
    void release(std::vector<std::uint32_t> *counts) {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_free.push_back(counts);
    }

    std::mutex m_mutex;
    std::vector<std::unique_ptr<std::vector<std::uint32_t>>> m_all;
    std::vector<std::vector<std::uint32_t> *> m_free;
};

} // namespace dimscope::angles::detail
