// SPDX-License-Identifier: MIT
// Neighbour lists: an N×k integer .npy of indices, checked for range, self-loops, duplicates and
// -1 (missing) only at a row's end; read whole (loadNeighbors) and streamed through a memory map
// (scanNeighbors) in chunks of 64 bytes, so rows straddle chunk boundaries.
#include "fuzz_support.h"
#include "hubness/hubness.h"
#include "hubness/neighbor_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    const std::string path = fuzz::writeInput("neighbors.npy", fuzz::bytesOf(data, size));
    fuzz::refusesCleanly([&] { hubness::loadNeighbors(path); });
    fuzz::refusesCleanly([&] {
        hubness::NeighborScanOptions options;
        options.chunkBytes = 64;
        options.keepListsUpTo = 1 << 20;
        const hubness::NeighborScan scan = hubness::scanNeighbors(path, options);
        // Every counted slot belongs to a row: the counts cannot exceed N · k.
        std::uint64_t total = 0;
        for (const std::uint32_t c : scan.counts)
            total += c;
        if (total > std::uint64_t(scan.n) * std::uint64_t(scan.k))
            std::abort();
    });
    return 0;
}
