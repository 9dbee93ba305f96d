// SPDX-License-Identifier: MIT
#pragma once
// Smaller sizes for the explorers whose default run takes seconds, for tests that run every
// explorer several times (the core and view contracts). The sanitizer builds
// run them 5–20× slower: at the defaults, these four took most of the ASan and TSan stages' test
// time. Each stays large enough that every one of 3 threads gets work; the defaults themselves
// are checked for validity by the core contract.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/param_table.h"
#include "registry.h"

namespace dimscope::test_support {

inline const std::map<std::string, std::vector<std::pair<std::string, ParamValue>>> &quickSizes() {
    static const std::map<std::string, std::vector<std::pair<std::string, ParamValue>>> sizes = {
        {"training", {{"steps", std::int64_t(500)}}},
        {"multitask", {{"steps", std::int64_t(125)}}},
        {"ball",
         {{"demo-points", std::int64_t(1000000)},
          {"contrast-max-dimension", std::int64_t(1000)},
          {"norm-samples", std::int64_t(20000)}}},
        {"gan-prior", {{"batch", std::int64_t(3000)}}},
    };
    return sizes;
}

/// The explorer's defaults at its quick sizes. `unknown` receives the table's names that the
/// explorer refuses, so that a renamed parameter fails the test instead of silently running at
/// the defaults.
inline ParamSet quickParams(const ExplorerInfo &explorer, std::vector<std::string> &unknown) {
    ParamSet values(explorer.specs());
    const auto sizes = quickSizes().find(explorer.name);
    if (sizes != quickSizes().end())
        for (const auto &[name, value] : sizes->second)
            if (values.set(name, value))
                unknown.push_back(name);
    return values;
}

} // namespace dimscope::test_support
