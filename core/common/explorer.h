// SPDX-License-Identifier: MIT
#pragma once
// One record per explorer: its name, title, summary, parameter table, the checks that involve
// more than one field, the computation, and its result as JSON. The command line's `compute`, the
// GUI's run and `export` are all made from it, so every path validates the same way:
// Explorer::validate, which compute functions also call first.
//
// ExplorerInfo is the same record with the types erased behind ParamSet and JSON: what the
// registry (registry.h), the command line, `list` and the contract tests see.

#include <functional>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/param_spec.h"
#include "common/param_table.h"
#include "common/run_control.h"

namespace dimscope {

/// Outcome of a headless run: the explorer's `result` object, which holds results only (the
/// parameters and timings belong to the envelope that `compute` writes around it).
struct JsonRun : RunOutcome {
    nlohmann::json result;
};

struct ExplorerInfo {
    std::string name;    ///< command-line name: "angles"
    std::string title;   ///< "Angles between random vectors"
    std::string summary; ///< one or two sentences for `dimscope list` and the GUI list tooltip
    std::function<const std::vector<ParamSpec> &()> specs;
    /// nullopt when `values` can run: the table's ranges, then the explorer's own checks.
    std::function<std::optional<std::string>(const ParamSet &)> validate;
    using ProgressSink = std::function<void(const ProgressNote &)>;
    /// Runs to completion (or until shouldStop returns true) on the calling thread. Invalid values
    /// give InvalidInput with validate's message; running out of memory gives Failed. `progress`,
    /// when given, hears from explorers that describe their progress, about every
    /// progressIntervalSeconds.
    std::function<JsonRun(const ParamSet &, const std::function<bool()> &shouldStop,
                          const ProgressSink &progress, double progressIntervalSeconds)>
        computeJsonReporting;
    JsonRun computeJson(const ParamSet &values, const std::function<bool()> &shouldStop,
                        const ProgressSink &progress = {},
                        double progressIntervalSeconds = 0.5) const {
        return computeJsonReporting(values, shouldStop, progress, progressIntervalSeconds);
    }
    /// Whether computeJson's `progress` will hear anything: false for explorers done in a blink.
    bool reportsProgress = false;
    /// values → Params → values. The identity for every ParamSet of the specs: a contract test
    /// holds each explorer to it, so no binding loses what a user typed.
    std::function<ParamSet(const ParamSet &)> roundTrip;
    /// The ParamSet of a default-constructed Params (the specs' defaults are read from it).
    std::function<ParamSet()> structDefaults;
};

template <class P, class S, class R>
struct Explorer {
    using Params = P;
    using Snapshot = S;
    using Result = R;

    std::string name, title, summary;
    const ParamTable<Params> &(*table)() = nullptr;
    /// Checks that involve more than one field, a file or the memory; nullptr when there are none.
    std::optional<std::string> (*checks)(const Params &) = nullptr;
    Result (*compute)(const Params &, const RunControl<Snapshot> &) = nullptr;
    nlohmann::json (*toJson)(const Result &) = nullptr;
    /// The snapshot in words, for the command line; nullptr for explorers done in a blink.
    ProgressNote (*describeProgress)(const Snapshot &) = nullptr;

    /// The one validation: every field in its range, then checks.
    std::optional<std::string> validate(const Params &params) const {
        if (auto error = table().check(params))
            return error;
        return checks ? checks(params) : std::nullopt;
    }

    /// The typed run behind computeJson: compute (which validates first), with running out of
    /// memory turned into Failed.
    Result run(const Params &params, const RunControl<Snapshot> &control) const {
        try {
            return compute(params, control);
        } catch (const std::bad_alloc &) {
            Result failed;
            failed.termination = Termination::Failed;
            failed.message = "out of memory: the chosen sizes need more memory than is available";
            return failed;
        }
    }

    ExplorerInfo info() const {
        ExplorerInfo e;
        e.name = name;
        e.title = title;
        e.summary = summary;
        const auto tableOf = table;
        e.specs = [tableOf]() -> const std::vector<ParamSpec> & { return tableOf().specs(); };
        e.validate = [this](const ParamSet &values) { return validate(table().read(values)); };
        e.reportsProgress = describeProgress != nullptr;
        e.computeJsonReporting =
            [this](const ParamSet &values, const std::function<bool()> &shouldStop,
                   const ExplorerInfo::ProgressSink &progress, double progressIntervalSeconds) {
                RunControl<Snapshot> control;
                control.shouldStop = shouldStop;
                if (progress && describeProgress) {
                    const auto describe = describeProgress;
                    control.onProgress = [describe, progress](const Snapshot &s) {
                        progress(describe(s));
                    };
                    control.progressIntervalSeconds = progressIntervalSeconds;
                }
                const Result result = run(table().read(values), control);
                JsonRun out;
                out.termination = result.termination;
                out.message = result.message;
                if (result.ok())
                    out.result = toJson(result);
                return out;
            };
        e.roundTrip = [tableOf](const ParamSet &values) {
            return tableOf().write(tableOf().read(values));
        };
        e.structDefaults = [tableOf] { return tableOf().write(Params{}); };
        return e;
    }
};

/// Starts a Result as InvalidInput with validate's message when `params` cannot run: the first
/// lines of every compute function.
///     AngleResult result;
///     if (rejectInvalid(explorer(), params, result)) return result;
template <class Definition, class Result>
bool rejectInvalid(const Definition &definition, const typename Definition::Params &params,
                   Result &result) {
    if (auto error = definition.validate(params)) {
        result.termination = Termination::InvalidInput;
        result.message = *error;
        return true;
    }
    return false;
}

} // namespace dimscope
