// SPDX-License-Identifier: MIT
#pragma once
// Numbers as the inequality explorer writes them in titles, labels and readouts.

#include <cstdint>

#include <QString>

namespace dimscope::views {

/// "2 000 000": thousands grouped with a narrow space.
QString groupedNumber(std::int64_t v);
/// Compact number for readouts and labels: 0.0312, 1.2e-05.
QString shortNumber(double v, int precision = 3);

} // namespace dimscope::views

namespace dimscope::views::inequality_detail {

/// "46", "4.6", "0.046": a share in percent with two or three significant digits (plot titles).
QString percentText(double share);

} // namespace dimscope::views::inequality_detail
