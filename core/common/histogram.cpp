// SPDX-License-Identifier: MIT
#include "common/histogram.h"

#include <stdexcept>

namespace dimscope {

std::int64_t Histogram::total() const {
    std::int64_t t = underflow + overflow;
    for (auto c : counts)
        t += c;
    return t;
}

void Histogram::merge(const Histogram &other) {
    if (other.counts.size() != counts.size() || other.lo != lo || other.hi != hi)
        throw std::invalid_argument("Histogram::merge: ranges or bin counts differ");
    for (std::size_t i = 0; i < counts.size(); ++i)
        counts[i] += other.counts[i];
    underflow += other.underflow;
    overflow += other.overflow;
}

std::vector<double> Histogram::density() const {
    std::vector<double> d(counts.size(), 0.0);
    const auto n = total();
    if (n == 0)
        return d;
    const double scale = 1.0 / (static_cast<double>(n) * binWidth());
    for (std::size_t i = 0; i < counts.size(); ++i)
        d[i] = static_cast<double>(counts[i]) * scale;
    return d;
}

std::vector<double> Histogram::edges() const {
    std::vector<double> e(counts.size() + 1);
    for (int i = 0; i <= bins(); ++i)
        e[static_cast<std::size_t>(i)] = edge(i);
    return e;
}

} // namespace dimscope
