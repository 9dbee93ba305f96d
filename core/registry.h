// SPDX-License-Identifier: MIT
#pragma once
// The list of explorers as the command line and the tests see them: name, parameters, and a
// computation whose result is JSON. The GUI keeps its own registry of views (views/registry.h) that
// refers to these by name.

#include <functional>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/param_spec.h"
#include "common/run_control.h"

namespace dimscope {

/// Outcome of a headless run: the explorer's `result` object (documented in the README).
struct JsonRun : RunOutcome {
    nlohmann::json result;
};

struct ExplorerInfo {
    std::string name;     ///< command-line name: "angles"
    std::string title;    ///< "Angles between random vectors"
    std::string summary;  ///< one or two sentences for `dimscope list` and the GUI list tooltip
    const std::vector<ParamSpec> &(*specs)();
    /// Runs to completion (or until shouldStop returns true) on the calling thread.
    std::function<JsonRun(const ParamSet &, const std::function<bool()> &shouldStop)> computeJson;
};

/// The computeJson of one explorer, from its typed pieces: `problem` (a validation message) gives
/// InvalidInput without computing; otherwise compute(control) runs with shouldStop, running out of
/// memory becomes Failed, and a completed result goes through toJson.
template <class Snapshot, class Compute, class ToJson>
JsonRun jsonRunOf(const std::optional<std::string> &problem, const std::function<bool()> &shouldStop,
                  const Compute &compute, const ToJson &toJson) {
    JsonRun run;
    if (problem) {
        run.termination = Termination::InvalidInput;
        run.message = *problem;
        return run;
    }
    RunControl<Snapshot> control;
    control.shouldStop = shouldStop;
    try {
        const auto result = compute(control);
        run.termination = result.termination;
        run.message = result.message;
        if (result.ok())
            run.result = toJson(result);
    } catch (const std::bad_alloc &) {
        run.termination = Termination::Failed;
        run.message = "out of memory: the chosen sizes need more memory than is available";
    }
    return run;
}

/// Every explorer, in the order the GUI lists them.
const std::vector<ExplorerInfo> &explorers();
/// nullptr when no explorer has that name.
const ExplorerInfo *findExplorer(const std::string &name);

} // namespace dimscope
