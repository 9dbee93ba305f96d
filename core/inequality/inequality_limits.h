// SPDX-License-Identifier: MIT
#pragma once
// What an inequality run can take before it starts: the memory it needs (so that a run too large is
// refused with the figure and a size that fits, not ended by std::bad_alloc) and whether a user's
// net can be evaluated in double at all (weights so small that its gradients underflow to 0).
// Internal to the explorer (inequality.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nets/mlp.h"

namespace dimscope::inequality {

/// Bytes a run of `nets` nets of these widths, `perNet` inputs each, on `threads` threads (0 = all
/// cores) needs.
std::uint64_t inequalityMemoryEstimate(const std::vector<int> &widths, std::int64_t perNet,
                                       std::int64_t nets, int threads);

/// "<what> through widths 4096,4096,1 need about 1.1 TB of memory, more than the 12.5 GB
/// available; <fitName> ≤ 9000 would fit", or nullopt when the run fits.
std::optional<std::string> inequalityMemoryProblem(const std::vector<int> &widths,
                                                   std::int64_t perNet, std::int64_t nets,
                                                   int threads, const std::string &what,
                                                   const std::string &fitName);

/// Why `net` (read from `source`) cannot be evaluated in double: its gradients would underflow to
/// 0. nullopt when it can.
std::optional<std::string> underflowProblem(const mlp::Network &net, const std::string &source);

} // namespace dimscope::inequality
