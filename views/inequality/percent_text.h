// SPDX-License-Identifier: MIT
#pragma once
// Shares in percent as the inequality explorer writes them in plot titles; other numbers use
// common/number_text.h.

#include <QString>

namespace dimscope::views::inequality_detail {

/// "46", "4.6", "0.046": a share in percent with two or three significant digits (plot titles).
QString percentText(double share);

} // namespace dimscope::views::inequality_detail
