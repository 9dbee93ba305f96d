// SPDX-License-Identifier: MIT
#include "curves/curve_series.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace dimscope::curves {

CurveSeries::CurveSeries(std::vector<double> x, std::vector<double> y)
    : m_x(std::move(x)), m_y(std::move(y)) {
    if (m_x.size() != m_y.size())
        throw std::invalid_argument("curve: " + std::to_string(m_x.size()) + " x values but " +
                                    std::to_string(m_y.size()) + " y values");
    for (std::size_t i = 0; i < m_x.size(); ++i)
        if (!std::isfinite(m_x[i]) || (i > 0 && m_x[i] < m_x[i - 1]))
            throw std::invalid_argument("curve: x must be finite and non-decreasing (point " +
                                        std::to_string(i) + ")");
}

void CurveSeries::append(double x, double y) {
    if (!std::isfinite(x) || (!m_x.empty() && x < m_x.back()))
        throw std::invalid_argument("curve: x must be finite and non-decreasing");
    m_x.push_back(x);
    m_y.push_back(y);
}

void CurveSeries::reserve(std::size_t points) {
    m_x.reserve(points);
    m_y.reserve(points);
}

DecimatedCurve CurveSeries::decimate(const DecimationRequest &request) const {
    return curves::decimate(m_x.data(), m_y.data(), m_x.size(), request);
}

bool CurveSeries::yRange(double &lo, double &hi, bool positiveOnly) const {
    bool any = false;
    for (double v : m_y) {
        if (!std::isfinite(v) || (positiveOnly && !(v > 0)))
            continue;
        lo = any ? std::min(lo, v) : v;
        hi = any ? std::max(hi, v) : v;
        any = true;
    }
    return any;
}

} // namespace dimscope::curves
