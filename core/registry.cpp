// SPDX-License-Identifier: MIT
#include "registry.h"

#include "angles/angles.h"
#include "ball/ball.h"
#include "hubness/gan_prior.h"
#include "hubness/hubness.h"
#include "hubness/hubness_sweep.h"
#include "inequality/inequality.h"

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
