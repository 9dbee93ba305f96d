// SPDX-License-Identifier: MIT
// Training logs: Lightning, TensorBoard, W&B and plain CSV, told apart by their headers.
#include "fuzz_support.h"
#include "training_log/log_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    // The first byte picks the metric asked for: the default, a named one, or one that is absent.
    static const char *const metrics[] = {"", "loss", "val_loss", "train/loss"};
    if (size == 0)
        return 0;
    training_log::LogSelection selection;
    selection.y = metrics[data[0] % 4];
    const std::string path = fuzz::writeInput("metrics.csv", fuzz::bytesOf(data + 1, size - 1));
    fuzz::refusesCleanly([&] { training_log::readTrainingLog(path, selection); });
    return 0;
}
