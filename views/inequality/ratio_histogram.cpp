// SPDX-License-Identifier: MIT
#include "inequality/ratio_histogram.h"

#include <algorithm>
#include <cmath>

#include "common/histogram.h"

namespace dimscope::views {

BoundSplit splitAtBound(const Histogram &h, std::int64_t violations) {
    BoundSplit split;
    split.counts = h.counts;
    if (h.bins() < 2)
        return split;
    const double k = -h.lo / h.binWidth();
    const int zero = int(std::lround(k));
    if (zero < 1 || zero >= h.bins() || std::abs(k - zero) > 1e-6)
        return split;
    split.zeroBin = zero;
    // Every sample right of the zero bin is a violation (R ≥ 10^0.05 > 1 + 1e-12), so the
    // violations in the zero bin are what is left of the count; the rest of that bin is R = 1 up
    // to round-off (a width-1 net puts most of its inputs there).
    std::int64_t beyond = h.overflow;
    for (int i = zero + 1; i < h.bins(); ++i)
        beyond += h.counts[std::size_t(i)];
    const std::int64_t inZero = h.counts[std::size_t(zero)];
    const std::int64_t violating = std::clamp<std::int64_t>(violations - beyond, 0, inZero);
    split.tight = inZero - violating;
    split.counts[std::size_t(zero)] -= split.tight;
    split.counts[std::size_t(zero - 1)] += split.tight;
    return split;
}

std::optional<double> stressMedianEstimate(const Histogram &h, std::int64_t violations,
                                           double maxRatio) {
    const std::int64_t total = h.total();
    if (total == 0)
        return std::nullopt;
    const BoundSplit split = splitAtBound(h, violations);
    const double target = 0.5 * double(total);
    double cumulative = double(h.underflow);
    if (cumulative >= target)
        return 0.0;
    const auto atMost = [maxRatio](double r) { return std::min(r, maxRatio); };
    for (int i = 0; i < h.bins(); ++i) {
        double c = double(h.counts[std::size_t(i)]);
        if (i == split.zeroBin) {
            // The tight samples are R = 1 (a point, not spread over the bin).
            if (cumulative + double(split.tight) >= target)
                return atMost(1.0);
            cumulative += double(split.tight);
            c -= double(split.tight);
        }
        if (c > 0 && cumulative + c >= target)
            return atMost(std::pow(10.0, h.edge(i) + h.binWidth() * (target - cumulative) / c));
        cumulative += c;
    }
    return atMost(std::pow(10.0, h.hi)); // in the overflow
}

} // namespace dimscope::views

namespace dimscope::views::inequality_detail {

void setSplitBars(QCPBars *below, QCPBars *above, const QVector<double> &centers,
                  const QVector<double> &shares, double width) {
    QVector<double> kb, vb, ka, va;
    for (int i = 0; i < centers.size(); ++i) {
        if (centers[i] < 0) {
            kb << centers[i];
            vb << shares[i];
        } else {
            ka << centers[i];
            va << shares[i];
        }
    }
    for (auto *bars : {below, above}) {
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setWidth(width);
    }
    below->setData(kb, vb, true);
    above->setData(ka, va, true);
}

QCPRange histogramXRange(const QVector<double> &centers, const QVector<double> &shares,
                         double width) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int i = 0; i < centers.size(); ++i)
        if (shares[i] > 0) {
            lo = std::min(lo, centers[i] - width / 2);
            hi = std::max(hi, centers[i] + width / 2);
        }
    if (!std::isfinite(lo))
        return QCPRange(-3, 0.5);
    lo = std::min(lo, -0.5);
    hi = std::max(hi, 0.0);
    const double pad = 0.06 * (hi - lo);
    return QCPRange(lo - pad, hi + std::max(pad, 0.35));
}

double maxOf(const QVector<double> &v) {
    return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

QVector<double> GapTicker::createTickVector(double tickStep, const QCPRange &range) {
    QVector<double> ticks = QCPAxisTicker::createTickVector(tickStep, range);
    const double eps = 1e-9 * tickStep;
    ticks.erase(std::remove_if(ticks.begin(), ticks.end(),
                               [&](double t) { return t < m_from - eps || t > m_to + eps; }),
                ticks.end());
    return ticks;
}

} // namespace dimscope::views::inequality_detail
