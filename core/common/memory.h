// SPDX-License-Identifier: MIT
#pragma once
// Memory estimates: what the machine has free, the share a run may take, and sizes in words, so
// that a run too large to fit is refused with the figure instead of dying half-way.

#include <cstdint>
#include <string>

namespace dimscope {

/// MemAvailable from /proc/meminfo (or physical pages free), in bytes; 0 when unknown.
std::uint64_t availableMemoryBytes();
/// What a run may use when the caller sets no limit: 80 % of availableMemoryBytes(), or no limit
/// (the largest value) when that is unknown.
std::uint64_t defaultMemoryLimit();
/// "812.3 MB" below a gigabyte, "2.4 GB" from there (decimal units, one decimal).
std::string bytesText(std::uint64_t bytes);
/// The most a reader of a user's data file may take: a quarter of availableMemoryBytes() (the data
/// are copied for the computation), or 4 GiB when that is unknown.
std::uint64_t dataFileLimit();

} // namespace dimscope
