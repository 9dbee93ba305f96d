// SPDX-License-Identifier: MIT
#pragma once
// A fixed-range histogram with uniform bins, shared by the explorers.

#include <cstdint>
#include <vector>

namespace dimscope {

struct Histogram {
    double lo = 0, hi = 1;            ///< range [lo, hi)
    std::vector<std::int64_t> counts; ///< one per bin
    std::int64_t underflow = 0, overflow = 0;

    Histogram() = default;
    Histogram(double lo, double hi, int bins)
        : lo(lo), hi(hi), counts(static_cast<std::size_t>(bins), 0) {}

    int bins() const { return static_cast<int>(counts.size()); }
    double binWidth() const { return (hi - lo) / bins(); }
    double edge(int i) const { return lo + (hi - lo) * i / bins(); }
    double center(int i) const { return lo + (hi - lo) * (i + 0.5) / bins(); }
    std::int64_t total() const; ///< in-range + under/overflow

    void add(double x) {
        if (!(x >= lo)) {
            ++underflow;
            return;
        } // NaN counts as underflow: never silently dropped
        const auto i = static_cast<std::int64_t>((x - lo) / (hi - lo) * bins());
        if (i >= bins()) {
            ++overflow;
            return;
        }
        ++counts[static_cast<std::size_t>(i)];
    }
    /// Adds another histogram with the same range and bins.
    void merge(const Histogram &other);
    /// counts / (total · binWidth): integrates to the in-range share of the samples.
    std::vector<double> density() const;
    /// bins()+1 edges.
    std::vector<double> edges() const;
};

} // namespace dimscope
