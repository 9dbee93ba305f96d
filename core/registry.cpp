// SPDX-License-Identifier: MIT
#include "registry.h"

#include <stdexcept>

#include "angles/angles.h"
#include "ball/ball.h"
#include "hubness/gan_prior.h"
#include "hubness/hubness.h"
#include "hubness/hubness_sweep.h"
#include "inequality/inequality.h"
#include "logit_kl/logit_kl.h"
#include "lora/lora.h"
#include "loss_scaling/loss_scaling.h"
#include "multitask/multitask.h"
#include "pareto/pareto.h"
#include "positions/positions.h"
#include "training/training.h"
#include "training_log/training_log.h"

namespace dimscope {

const std::vector<ExplorerInfo> &explorers() {
    // Adding an explorer: one line here, and one in views/view_registry.cpp for its view.
    static const std::vector<ExplorerInfo> list = {
        angles::explorer().info(),         // post 7076
        ball::explorer().info(),           // post 9147
        hubness::explorer().info(),        // post 9147
        hubness::sweep::explorer().info(), // post 9147
        hubness::gan::explorer().info(),   // post 9147, Liang et al. 2022
        inequality::explorer().info(),     // post 8796
        training::explorer().info(),       // posts 8968 and 8796 §1.8
        training_log::explorer().info(),   // your own training logs
        logit_kl::explorer().info(),       // post 9039
        loss_scaling::explorer().info(),   // post 9059
        positions::explorer().info(),      // post 9444
        pareto::explorer().info(),         // posts 8870, 8896, 8907
        multitask::explorer().info(),      // posts 8870, 8896: training curves
        lora::explorer().info(),           // post 9590
    };
    return list;
}

const ExplorerInfo *findExplorer(const std::string &name) {
    for (const auto &e : explorers())
        if (e.name == name)
            return &e;
    return nullptr;
}

const ExplorerInfo &registeredExplorer(const std::string &name) {
    if (const ExplorerInfo *e = findExplorer(name))
        return *e;
    throw std::logic_error("no explorer named '" + name + "' in core/registry.cpp");
}

} // namespace dimscope
