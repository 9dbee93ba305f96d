// SPDX-License-Identifier: MIT
#pragma once
// Smoothing that does not lie: each smoother keeps the x of every point (one output per input),
// passes gaps through as gaps, and names itself for the legend, so a reader knows what the line
// is. The raw data stay in the series; a view draws them faded behind the smoothed line.
//
// - ema: TensorBoard's debiased exponential moving average. With weight α and t the number of
//   finite points so far, m_t = α m_{t−1} + (1 − α) y_t from m_0 = 0, shown as m_t / (1 − α^t):
//   the division removes the pull towards 0 that a zero start gives the first points. Like
//   TensorBoard's, it counts points, not x: unevenly logged steps weigh the same.
// - centred-average / trailing-average: the mean of a window of `window` points around (centred,
//   window odd) or ending at (trailing) each point. Near the ends the window holds the points that
//   exist, fewer than `window`.

#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.h"

namespace dimscope::curves {

enum class Smoothing { None, Ema, CentredAverage, TrailingAverage };

inline const std::vector<std::string> &namesOf(Smoothing) {
    static const std::vector<std::string> names = {"none", "ema", "centred-average",
                                                   "trailing-average"};
    return names;
}

/// The largest EMA weight: at α = 1 the average never moves from its start.
inline constexpr double kMaxEmaWeight = 0.999;
/// The widest moving-average window, in points.
inline constexpr int kMaxWindow = 100001;

struct Smoother {
    Smoothing kind = Smoothing::None;
    double emaWeight = 0.6; ///< α of ema, 0…0.999 (TensorBoard's slider and default)
    int window = 21;        ///< points in a moving-average window, 1…100001; odd when centred
};

/// nullopt when `s` can run; otherwise what is wrong, in words (an even centred window, a weight
/// outside 0…0.999, a window outside 1…100001).
std::optional<std::string> checkSmoother(const Smoother &s);

/// The smoothed y, one value per input value (x is unchanged). Non-finite inputs stay where they
/// are (gaps) and are left out of every average. Throws std::invalid_argument when checkSmoother
/// refuses `s`. Pure function: any thread.
std::vector<double> smooth(const std::vector<double> &y, const Smoother &s);

/// TensorBoard's debiased EMA with weight α in 0…0.999 (see above).
std::vector<double> debiasedEma(const std::vector<double> &y, double weight);

/// Moving average over `window` points, centred (window odd) or trailing.
std::vector<double> movingAverage(const std::vector<double> &y, int window, bool centred);

/// The legend's name of the smoother: "EMA 0.9, debiased", "moving average, 21 points, centred",
/// "moving average, 21 points, trailing", "" for none.
std::string legendText(const Smoother &s);

} // namespace dimscope::curves
