// SPDX-License-Identifier: MIT
// Points for hubness: CSV or TSV text (or .npy, by extension), through the reader the explorer
// uses.
#include "fuzz_support.h"
#include "hubness/hubness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    // The first byte picks the extension, so one corpus reaches the CSV, TSV and .npy paths.
    static const char *const names[] = {"points.csv", "points.tsv", "points.npy"};
    if (size == 0)
        return 0;
    const std::string path =
        fuzz::writeInput(names[data[0] % 3], fuzz::bytesOf(data + 1, size - 1));
    fuzz::refusesCleanly([&] { hubness::loadPoints(path); });
    return 0;
}
