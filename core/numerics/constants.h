// SPDX-License-Identifier: MIT
#pragma once
// Mathematical constants, defined once (std::numbers is C++20).

namespace dimscope {

inline constexpr double kPi = 3.14159265358979323846;

} // namespace dimscope
