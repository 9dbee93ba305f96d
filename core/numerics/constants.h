// SPDX-License-Identifier: MIT
#pragma once
// Mathematical constants, defined once (std::numbers is C++20).

#include <limits>

namespace dimscope {

inline constexpr double kPi = 3.14159265358979323846;
/// A gap in a curve (plots break the line there) or a value not computed.
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace dimscope
