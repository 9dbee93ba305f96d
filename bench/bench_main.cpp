// SPDX-License-Identifier: MIT
// dimscope-bench <name> [args...]: prints figures for the speed goals named in the issues.
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "bench.h"

int main(int argc, char **argv) {
    using namespace dimscope::bench;
    const std::map<std::string, std::function<int(const Args &)>> benches = {
        {"angles", benchAngles},   {"cancel", benchCancel},         {"curves", benchCurves},
        {"hubness", benchHubness}, {"inequality", benchInequality}, {"labs", benchLabs},
        {"lora", benchLora},       {"pareto", benchPareto},         {"training", benchTraining},
    };
    if (argc < 2 || !benches.count(argv[1])) {
        std::fprintf(stderr, "usage: dimscope-bench <name> [args...]\nnames:");
        for (const auto &b : benches)
            std::fprintf(stderr, " %s", b.first.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    return benches.at(argv[1])(Args(argv + 2, argv + argc));
}
