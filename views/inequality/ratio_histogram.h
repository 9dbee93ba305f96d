// SPDX-License-Identifier: MIT
#pragma once
// The histogram of log10 R (R = LHS / RHS) on the ratio and stress plots: where the bound R = 1
// splits it, its median while a stress run streams, and how its bars and ticks are drawn (blue
// left of the bound, red right of it; no ticks under the off-scale bars). GUI thread only.

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include <QVector>

#include <qcustomplot.h>

#include "common/typeset_ticker.h"

namespace dimscope {
struct Histogram;
}

namespace dimscope::views {

/// Counts of a log10 R histogram with the samples that are R = 1 up to round-off (R ≤ 1 + 1e-12
/// but in the bin starting at log10 R = 0) moved into the bin just below 0, so every sample at or
/// right of 0 is a violation (R > kViolationThreshold). `violations` is the run's count.
struct BoundSplit {
    std::vector<std::int64_t> counts; ///< the histogram's, with the move done
    int zeroBin = -1;                 ///< first bin at or right of log10 R = 0 (-1: 0 not an edge)
    std::int64_t tight = 0;           ///< samples moved
};
BoundSplit splitAtBound(const Histogram &logRatio, std::int64_t violations);

/// Median R of a stress run in progress from its histogram: interpolated inside a bin, with the
/// tight samples (R = 1 up to round-off) taken as exactly 1 and the result never above maxRatio.
/// 0 when the median lies in the underflow (R = 0 or < 1e-8); nullopt when the histogram is empty.
std::optional<double> stressMedianEstimate(const Histogram &logRatio, std::int64_t violations,
                                           double maxRatio);

} // namespace dimscope::views

/// How InequalityPlots draws the histogram; no other view uses these.
namespace dimscope::views::inequality_detail {

/// Histogram bars of shares in percent, split at 0: left of it blue, right of it red. The callers
/// bin so that only violations (R > 1 + 1e-12) lie right of 0.
void setSplitBars(QCPBars *below, QCPBars *above, const QVector<double> &centers,
                  const QVector<double> &shares, double width);

/// x range around the populated bins, always showing the bound at 0 with some room on its right.
QCPRange histogramXRange(const QVector<double> &centers, const QVector<double> &shares,
                         double width);

/// The largest share (0 for none): sets the height of the y range.
double maxOf(const QVector<double> &v);

/// x ticks only over the histogram proper: the off-scale bars set apart at either side carry
/// their own labels, and a tick under them would read as a value of log10 R.
class GapTicker : public TypesetTicker<QCPAxisTicker> {
public:
    void setShown(double from, double to) {
        m_from = from;
        m_to = to;
    }

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override;

private:
    double m_from = -std::numeric_limits<double>::infinity();
    double m_to = std::numeric_limits<double>::infinity();
};

} // namespace dimscope::views::inequality_detail
