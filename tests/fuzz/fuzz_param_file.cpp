// SPDX-License-Identifier: MIT
// Parameter files (Save parameters, export sidecars, compute outputs): read once, then applied to
// every registered explorer, as `--params` and Open parameters do.
#include "fuzz_support.h"
#include "io/param_file.h"
#include "registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    const std::string path = fuzz::writeInput("params.json", fuzz::bytesOf(data, size));
    ParamFile file;
    if (const auto error = readParamFile(path, file)) {
        if (error->size() > fuzz::kLongestMessage)
            std::abort();
        return 0;
    }
    for (const ExplorerInfo &explorer : explorers()) {
        ParamSet values(explorer.specs());
        if (const auto error = applyParamFile(file, explorer, values))
            if (error->size() > fuzz::kLongestMessage)
                std::abort();
    }
    return 0;
}
