// SPDX-License-Identifier: MIT
#pragma once
// The headless verbs of the dimscope binary. Exit status: 0 success, 2 usage or parameter error
// (message on stderr naming the parameter, the value and what is allowed), 1 computation failed.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/param_spec.h"
#include "registry.h"

namespace dimscope::cli {

enum ExitCode { Success = 0, ComputationFailed = 1, UsageError = 2 };

using Args = std::vector<std::string>;

/// True when argv[1] names a headless verb (so no window opens).
bool isHeadlessVerb(const std::string &word);

/// An explorer's parameters plus the verb's own options, parsed from `--name value` pairs.
struct ParsedCommand {
    const ExplorerInfo *explorer = nullptr;
    ParamSet params;
    std::map<std::string, std::string> options; ///< verb options given (name without "--")
    /// The figure settings of a `--params` sidecar (ParamFile::figure), or null.
    nlohmann::json figure;
    /// The view settings of a `--session` file's state of this explorer, or null.
    nlohmann::json view;
};

/// Parses `<explorer> [--param value]... [--params FILE] [--session FILE] [--option value]...`.
/// `verbOptions` are the verb's own option names. Returns a message on error.
std::optional<std::string> parseCommand(const Args &args, const std::set<std::string> &verbOptions,
                                        ParsedCommand &out);

/// `<verb> --help` (usage and the explorer names) or `<verb> <explorer> ... --help` (usage and that
/// explorer's parameters, as `dimscope list` prints them): prints to stdout and returns Success.
/// nullopt when no help was asked for, or the explorer is unknown (parseCommand then says so).
std::optional<int> runHelp(const std::string &verb, const Args &args);

int runList(const Args &args);
int runCompute(const Args &args);
/// Needs a QApplication (offscreen is fine).
int runExport(const Args &args);
/// `dimscope inspect FILE`: the record a figure (PDF, SVG, PNG), sidecar or parameter file holds,
/// as one JSON object on standard output.
int runInspect(const Args &args);
/// GUI responsiveness benchmarks (slider, draw); need a QApplication.
int runBench(const Args &args);
/// `bench draw`: the GUI thread's time for a hubness result of a million points (cli_bench_draw).
int runBenchDraw(const Args &args);

std::string usageText();

} // namespace dimscope::cli
