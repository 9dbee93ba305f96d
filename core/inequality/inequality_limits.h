// SPDX-License-Identifier: MIT
#pragma once
// What an inequality run can take before it starts: the memory it needs (so that a run too large is
// refused with the figure and a size that fits, not ended by std::bad_alloc). Internal to the
// explorer (inequality.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

} // namespace dimscope::inequality
