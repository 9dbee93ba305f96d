// SPDX-License-Identifier: MIT
#include "cli.h"
#include "cli_progress.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common/excerpt.h"
#include "common/run_control.h"
#include "io/atomic_file.h"
#include "io/param_file.h"
#include "io/session.h"

namespace dimscope::cli {

bool isHeadlessVerb(const std::string &word) {
    return word == "list" || word == "compute" || word == "export" || word == "inspect" ||
           word == "bench" || word == "help" || word == "--help" || word == "-h" ||
           word == "--version" || word == "-v";
}

std::string usageText() {
    return "usage:\n"
           "  dimscope                      open the application\n"
           "  dimscope list [--json]        every explorer with its parameters\n"
           "  dimscope compute <explorer> [--<param> <value>]... [--params FILE] [--json FILE|-]\n"
           "           [--progress auto|on|off]\n"
           "  dimscope export <explorer> [--<param> <value>]... [--params FILE] --out "
           "FILE.pdf|.svg|.png\n"
           "           [--plot NAME] [--width-mm W] [--height-mm H] [--font-pt P] [--dpi D] [--csv "
           "FILE]\n"
           "           [--title on|off] [--distinct-strokes on|off] [--session FILE]\n"
           "  dimscope inspect FILE         the explorer, parameters and export settings a figure "
           "(.pdf,\n"
           "                                .svg, .png) or sidecar holds, as JSON\n"
           "  dimscope bench slider [--explorer NAME]   GUI responsiveness while a slider is "
           "dragged\n"
           "  dimscope compute|export <explorer> --help  this text and the explorer's parameters\n"
           "--params FILE reads parameters from a JSON file: a sidecar written by an export or "
           "the\n"
           "output of compute (its \"params\" object); later --<param> options override it. A "
           "sidecar\n"
           "also gives export its plot, size, font and dpi: `export E --params fig.pdf.json --out "
           "new.pdf`\n"
           "makes the same figure again.\n"
           "--distinct-strokes on gives series that would look alike in greyscale or to a "
           "colour-blind\n"
           "reader a dash, marker or hatching of their own; export notes such series either way.\n"
           "--session FILE takes the explorer's parameters and view settings from a session saved "
           "by\n"
           "File → Save session; --params and --<param> options given too override it.\n"
           "compute shows its progress on standard error when that is a terminal (--progress "
           "auto);\n"
           "Ctrl-C stops a run, which then writes nothing.\n"
           "Exit status: 0 success, 1 computation failed, 2 usage or parameter error.\n";
}

std::optional<std::string> parseCommand(const Args &args, const std::set<std::string> &verbOptions,
                                        ParsedCommand &out) {
    if (args.empty())
        return std::string("name an explorer; `dimscope list` shows them");
    out.explorer = findExplorer(args[0]);
    if (!out.explorer) {
        std::string known;
        for (const auto &e : explorers())
            known += (known.empty() ? "" : ", ") + e.name;
        return "unknown explorer " + excerpt(args[0]) + "; known: " + known;
    }
    out.params = ParamSet(out.explorer->specs());
    // --session, then --params, then explicit options: later ones override.
    // --session: this explorer's state in a saved session (parameters and view settings).
    for (std::size_t i = 1; i + 1 < args.size(); ++i) {
        if (args[i] != "--session")
            continue;
        Session session;
        if (auto error = readSession(args[i + 1], session))
            return error;
        const auto state = session.explorers.find(out.explorer->name);
        if (state == session.explorers.end())
            return "session '" + args[i + 1] + "' holds no state of explorer '" +
                   out.explorer->name + "'";
        out.params = state->second.params;
        out.view = state->second.view;
    }
    // --params next, so that explicit options given anywhere override the file.
    for (std::size_t i = 1; i + 1 < args.size(); ++i) {
        if (args[i] != "--params")
            continue;
        ParamFile file;
        if (auto error = readParamFile(args[i + 1], file))
            return error;
        if (auto error = applyParamFile(file, *out.explorer, out.params))
            return error;
        out.figure = file.figure;
    }
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string &word = args[i];
        if (word.rfind("--", 0) != 0 || word.size() < 3)
            return "unexpected argument " + excerpt(word) + "; options look like --name value";
        const std::string name = word.substr(2);
        const bool hasValue = i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0;
        if (name == "params" || name == "session") {
            if (!hasValue)
                return "option --" + name + " needs a file";
            ++i;
            continue;
        }
        if (verbOptions.count(name)) {
            if (!hasValue)
                return "option --" + name + " needs a value";
            out.options[name] = args[++i];
            continue;
        }
        const ParamSpec *spec = out.params.spec(name);
        if (!spec)
            return "explorer '" + out.explorer->name + "' has no parameter " + excerpt(name) +
                   "; `dimscope list` shows its parameters";
        if (spec->type == ParamType::Flag && !hasValue) {
            out.params.set(name, true); // bare --center means true
            continue;
        }
        if (!hasValue)
            return "parameter --" + name + " needs a value (" + spec->allowedText() + ")";
        if (auto error = out.params.parse(name, args[++i]))
            return *error;
    }
    return std::nullopt;
}

namespace {

/// One explorer as `dimscope list` prints it: name, title, summary, then each parameter.
void printExplorer(std::ostream &out, const ExplorerInfo &e) {
    out << e.name << " — " << e.title << "\n  " << e.summary << "\n";
    for (const auto &s : e.specs()) {
        out << "  --" << s.name << " (" << s.typeName() << ", default " << s.defaultText() << "; "
            << s.allowedText() << ")\n      " << s.help << "\n";
        if (!s.appliesWhen.empty())
            out << "      (applies when " << s.appliesText() << ")\n";
    }
}

bool isHelp(const std::string &word) { return word == "--help" || word == "-h"; }

} // namespace

std::optional<int> runHelp(const std::string &verb, const Args &args) {
    if (!args.empty() && isHelp(args[0])) {
        std::cout << usageText() << "\nExplorers:";
        for (const auto &e : explorers())
            std::cout << " " << e.name;
        std::cout << "\n`dimscope " << verb
                  << " <explorer> --help` shows an explorer's parameters.\n";
        return Success;
    }
    // --help anywhere after the explorer (it is never an option's value); -h right after it.
    const bool asked = std::any_of(args.begin() + std::min<std::size_t>(args.size(), 1), args.end(),
                                   [](const std::string &w) { return w == "--help"; }) ||
                       (args.size() > 1 && args[1] == "-h");
    if (!asked)
        return std::nullopt;
    const ExplorerInfo *explorer = findExplorer(args[0]);
    if (!explorer)
        return std::nullopt; // parseCommand names the unknown explorer
    std::cout << usageText() << "\n";
    printExplorer(std::cout, *explorer);
    return Success;
}

int runList(const Args &args) {
    if (!args.empty() && isHelp(args[0])) {
        std::cout << usageText();
        return Success;
    }
    const bool json = !args.empty() && args[0] == "--json";
    if (!args.empty() && !json) {
        std::cerr << "dimscope list: unknown option " << excerpt(args[0]) << "\n";
        return UsageError;
    }
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &e : explorers()) {
            nlohmann::json params = nlohmann::json::array();
            for (const auto &s : e.specs())
                params.push_back(s.toJson());
            out.push_back(
                {{"name", e.name}, {"title", e.title}, {"summary", e.summary}, {"params", params}});
        }
        std::cout << out.dump(2) << "\n";
        return Success;
    }
    for (const auto &e : explorers()) {
        printExplorer(std::cout, e);
        std::cout << "\n";
    }
    return Success;
}

int runCompute(const Args &args) {
    if (const auto status = runHelp("compute", args))
        return *status;
    ParsedCommand cmd;
    if (auto error = parseCommand(args, {"json", "progress"}, cmd)) {
        std::cerr << "dimscope compute: " << *error << "\n";
        return UsageError;
    }
    const auto target = cmd.options.count("json") ? cmd.options["json"] : std::string("-");
    if (target != "-") { // before the computation, which may take long
        if (auto reason = unwritableTarget(target)) {
            std::cerr << "dimscope compute: --json '" << target << "': " << *reason
                      << " (--json - writes to standard output)\n";
            return UsageError;
        }
    }
    const std::string progress = cmd.options.count("progress") ? cmd.options["progress"] : "auto";
    if (progress != "auto" && progress != "on" && progress != "off") {
        std::cerr << "dimscope compute: --progress " << excerpt(progress)
                  << ": use auto (on a terminal), on or off\n";
        return UsageError;
    }
    const bool terminal = stderrIsTerminal();
    const bool showProgress = progress == "on" || (progress == "auto" && terminal);
    ProgressLine line(cmd.explorer->name, terminal);
    ExplorerInfo::ProgressSink sink;
    if (showProgress)
        sink = [&line](const ProgressNote &note) { line.show(note); };
    JsonRun run;
    double elapsed = 0;
    { // Ctrl-C stops the computation; during the write below it removes the temporary file
        const InterruptRequest interrupt;
        const Stopwatch clock;
        // A terminal line redraws often; a log gets a line every few seconds.
        run = cmd.explorer->computeJson(
            cmd.params, [&interrupt] { return interrupt.requested(); }, sink, terminal ? 0.2 : 2.0);
        elapsed = clock.seconds();
    }
    line.finish();
    if (run.termination == Termination::InvalidInput) {
        std::cerr << "dimscope compute " << cmd.explorer->name << ": " << run.message << "\n";
        return UsageError;
    }
    if (!run.ok()) {
        std::cerr << "dimscope compute " << cmd.explorer->name << ": "
                  << terminationName(run.termination) << ": " << run.message << "\n";
        return ComputationFailed;
    }
    nlohmann::json out = provenance(*cmd.explorer, cmd.params);
    out["result"] = run.result;
    out["elapsed_s"] = elapsed;
    // Replace invalid UTF-8 (a Latin-1 file name in a text parameter) instead of aborting.
    const std::string text =
        out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (target == "-") {
        std::cout << text;
        return Success;
    }
    if (auto error = writeFileAtomically(target, text)) {
        std::cerr << "dimscope compute: " << *error << "\n";
        return ComputationFailed;
    }
    return Success;
}

} // namespace dimscope::cli
