// SPDX-License-Identifier: MIT
#include "view_registry.h"

#include "angles/angles_view.h"
#include "ball/ball_view.h"
#include "gan_prior/gan_prior_view.h"
#include "hubness/hubness_view.h"
#include "hubness_sweep/hubness_sweep_view.h"
#include "inequality/inequality_view.h"
#include "logit_kl/logit_kl_view.h"
#include "lora/lora_view.h"
#include "loss_scaling/loss_scaling_view.h"
#include "multitask/multitask_view.h"
#include "pareto/pareto_view.h"
#include "positions/positions_view.h"
#include "training/training_view.h"
#include "training_log/training_log_view.h"

namespace dimscope::views {

const std::vector<ViewEntry> &viewEntries() {
    // Adding an explorer: one line here and one in core/registry.cpp.
    static const std::vector<ViewEntry> list = {
        {"angles", [](QWidget *parent) -> ExplorerView * { return new AnglesView(parent); }},
        {"ball", [](QWidget *parent) -> ExplorerView * { return new BallView(parent); }},
        {"hubness-sweep",
         [](QWidget *parent) -> ExplorerView * { return new HubnessSweepView(parent); }},
        {"gan-prior", [](QWidget *parent) -> ExplorerView * { return new GanPriorView(parent); }},
        {"inequality",
         [](QWidget *parent) -> ExplorerView * { return new InequalityView(parent); }},
        {"hubness", [](QWidget *parent) -> ExplorerView * { return new HubnessView(parent); }},
        {"training", [](QWidget *parent) -> ExplorerView * { return new TrainingView(parent); }},
        {"training-log",
         [](QWidget *parent) -> ExplorerView * { return new TrainingLogView(parent); }},
        {"logit-kl", [](QWidget *parent) -> ExplorerView * { return new LogitKlView(parent); }},
        {"loss-scaling",
         [](QWidget *parent) -> ExplorerView * { return new LossScalingView(parent); }},
        {"positions", [](QWidget *parent) -> ExplorerView * { return new PositionsView(parent); }},
        {"pareto", [](QWidget *parent) -> ExplorerView * { return new ParetoView(parent); }},
        {"multitask", [](QWidget *parent) -> ExplorerView * { return new MultitaskView(parent); }},
        {"lora", [](QWidget *parent) -> ExplorerView * { return new LoraView(parent); }},
    };
    return list;
}

ExplorerView *createView(const std::string &name, QWidget *parent) {
    for (const auto &entry : viewEntries())
        if (entry.name == name)
            return entry.create(parent);
    return nullptr;
}

} // namespace dimscope::views
