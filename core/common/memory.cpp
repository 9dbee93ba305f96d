// SPDX-License-Identifier: MIT
#include "common/memory.h"

#include <fstream>
#include <limits>
#include <sstream>

#include <sys/mman.h>
#include <unistd.h>

namespace dimscope {

std::uint64_t availableMemoryBytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t value = 0;
    std::string unit;
    while (meminfo >> key >> value >> unit)
        if (key == "MemAvailable:")
            return value * 1024;
    const long pages = sysconf(_SC_AVPHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && pageSize > 0)
        return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize);
    return 0;
}

std::uint64_t defaultMemoryLimit() {
    const std::uint64_t available = availableMemoryBytes();
    return available > 0 ? available / 10 * 8 : std::numeric_limits<std::uint64_t>::max();
}

std::string bytesText(std::uint64_t bytes) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    if (bytes >= 1000000000ull)
        s << static_cast<double>(bytes) / 1.0e9 << " GB";
    else
        s << static_cast<double>(bytes) / 1.0e6 << " MB";
    return s.str();
}

std::uint64_t dataFileLimit() {
    const std::uint64_t available = availableMemoryBytes();
    return available > 0 ? available / 4 : std::uint64_t(4) << 30;
}

std::int64_t largestThatFits(std::int64_t lo, std::int64_t hi, std::uint64_t limit,
                             const std::function<std::uint64_t(std::int64_t)> &need) {
    if (hi < lo || need(lo) > limit)
        return lo - 1;
    while (lo < hi) { // need(lo) fits; the answer lies in lo…hi
        const std::int64_t mid = lo + (hi - lo + 1) / 2;
        if (need(mid) <= limit)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

void adviseHugePages(void *data, std::uint64_t bytes) {
#if defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
    const auto begin = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1); // whole huge pages inside
    const std::uintptr_t last = (begin + bytes) & ~(kHuge - 1);
    if (last > first)
        madvise(reinterpret_cast<void *>(first), last - first, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

} // namespace dimscope
