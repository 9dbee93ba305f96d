// SPDX-License-Identifier: MIT
#pragma once
// Memory estimates: what the machine has free, the share a run may take, and sizes in words, so
// that a run too large to fit is refused with the figure instead of dying half-way.

#include <cstdint>
#include <functional>
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
/// The largest v in lo…hi with need(v) ≤ limit, for a `need` that grows with v; lo − 1 when not
/// even lo fits. Every "does not fit in memory" message offers this figure.
std::int64_t largestThatFits(std::int64_t lo, std::int64_t hi, std::uint64_t limit,
                             const std::function<std::uint64_t(std::int64_t)> &need);

/// Asks the kernel to back [data, data + bytes) with 2 MB pages where it allows (Linux's
/// transparent huge pages in "madvise" mode, as Debian's kernel ships). Call it on a large buffer
/// before its first write: page faults on a fresh 80 MB copy of the data were a fifth of the time
/// it took to fill it. A hint only: nothing changes where it is refused.
void adviseHugePages(void *data, std::uint64_t bytes);

} // namespace dimscope
