// SPDX-License-Identifier: MIT
#include "explorer_registry.h"

#include "angles.h"
#include "ball.h"
#include "gan_prior.h"
#include "hubness.h"
#include "hubness_sweep.h"
#include "inequality.h"

namespace dimscope {

const std::vector<ExplorerInfo> &explorers() {
    // Adding an explorer: one line here and one in views/registry.cpp.
    static const std::vector<ExplorerInfo> list = {
        angles::explorerInfo(),
        ball::explorerInfo(),
        hubness::explorerInfo(),
        hubness::sweep::explorerInfo(),
        hubness::gan::explorerInfo(),
        inequality::explorerInfo(),
    };
    return list;
}

const ExplorerInfo *findExplorer(const std::string &name) {
    for (const auto &e : explorers())
        if (e.name == name)
            return &e;
    return nullptr;
}

} // namespace dimscope
