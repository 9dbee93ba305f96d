// SPDX-License-Identifier: MIT
// A model folder: the input is its model.json; beside it lie two valid weight files (a 3×2 weight
// and a 3-long bias, float64) that a manifest may name, or misname.
#include "fuzz_support.h"
#include "io/npy.h"
#include "nets/model_folder.h"

namespace {

void writeWeights() {
    using namespace dimscope;
    NpyArray weight;
    weight.rows = 3;
    weight.cols = 2;
    weight.real = {0.5, -0.25, 1.0, 0.125, -1.5, 2.0};
    writeNpy(fuzz::scratchFolder() + "/w0.npy", weight);
    NpyArray bias;
    bias.rows = 3;
    bias.cols = 1;
    bias.real = {0.1, -0.2, 0.3};
    writeNpy(fuzz::scratchFolder() + "/b0.npy", bias);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    static const bool weightsWritten = (writeWeights(), true);
    (void)weightsWritten;
    fuzz::writeInput("model.json", fuzz::bytesOf(data, size));
    fuzz::refusesCleanly([&] { mlp::loadModelFolder(fuzz::scratchFolder()); });
    return 0;
}
