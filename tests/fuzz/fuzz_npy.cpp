// SPDX-License-Identifier: MIT
// .npy files (points, neighbour lists, weights, gradients): every version, dtype and shape header.
#include "fuzz_support.h"
#include "io/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    const std::string path = fuzz::writeInput("input.npy", fuzz::bytesOf(data, size));
    // A bound well above any corpus file but small enough that a shape claiming more is refused.
    fuzz::refusesCleanly([&] { readNpy(path, std::uint64_t(1) << 24, true); });
    return 0;
}
