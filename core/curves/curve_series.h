// SPDX-License-Identifier: MIT
#pragma once
// A curve as it is logged: every point (x, y) is kept, in increasing x. x is whatever the curve is
// plotted against (step, epoch, wall-clock seconds); y may be NaN or ±Inf, which draw as gaps (a
// diverged loss stays visible as the place the line stops). Only drawing reduces it (decimate.h).
//
// A value type: a training run appends to its own series on the computing thread and publishes
// copies in its snapshots; the GUI thread draws its copy. Not safe to share between threads.

#include <cstddef>
#include <vector>

#include "curves/decimate.h"

namespace dimscope::curves {

class CurveSeries {
public:
    CurveSeries() = default;
    /// Takes x and y as they are. Throws std::invalid_argument unless both have the same length
    /// and x is finite and non-decreasing.
    CurveSeries(std::vector<double> x, std::vector<double> y);

    /// Adds a point at the end. Throws std::invalid_argument when x is not finite or is less than
    /// the last x (equal x is allowed: a value logged twice at one step).
    void append(double x, double y);
    void reserve(std::size_t points);

    std::size_t size() const { return m_x.size(); }
    bool empty() const { return m_x.empty(); }
    const std::vector<double> &x() const { return m_x; }
    const std::vector<double> &y() const { return m_y; }

    /// The points to draw for `request` (decimate.h): about 4 per pixel column, every extreme kept.
    DecimatedCurve decimate(const DecimationRequest &request) const;

    /// Smallest and largest finite y (positive y only when `positiveOnly`, for a log y axis);
    /// false when there is none.
    bool yRange(double &lo, double &hi, bool positiveOnly = false) const;

private:
    std::vector<double> m_x, m_y;
};

} // namespace dimscope::curves
