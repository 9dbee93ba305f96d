// SPDX-License-Identifier: MIT
// Neighbour lists: an N×k integer .npy of indices, checked for range, self-loops and duplicates.
#include "fuzz_support.h"
#include "hubness/hubness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    const std::string path = fuzz::writeInput("neighbors.npy", fuzz::bytesOf(data, size));
    fuzz::refusesCleanly([&] { hubness::loadNeighbors(path); });
    return 0;
}
