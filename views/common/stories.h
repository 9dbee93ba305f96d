// SPDX-License-Identifier: MIT
#pragma once
// Story presets: each explorer's phenomena told in steps ("n = 3 → 10 → 100 → 1000: watch the
// angles pile up at 90°"), from ":/stories/stories.json". A lesson steps through one in the
// presentation view, each step's caption under the plot.

#include <optional>
#include <string>
#include <vector>

#include <QString>
#include <nlohmann/json.hpp>

#include "common/explorer.h"
#include "common/param_spec.h"

namespace dimscope::views {

struct StoryStep {
    QString caption;
    ParamSet params;     ///< the explorer's defaults with the step's values over them
    nlohmann::json view; ///< view settings (common/view_settings.h), an object
};

struct Story {
    QString title;
    std::vector<StoryStep> steps;
};

/// The stories of `explorer`; none when it has none. A story whose step does not fit the
/// explorer's parameters is a defect of the shipped file: `problem` names it (tests check that
/// every story loads) and the story is left out.
std::vector<Story> storiesOf(const ExplorerInfo &explorer, std::string *problem = nullptr);

/// The explorers the stories file names (tests: every registered explorer has a story).
std::vector<std::string> explorersWithStories();

} // namespace dimscope::views
