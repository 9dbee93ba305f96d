// SPDX-License-Identifier: MIT
// `dimscope export`: the same view and the same export code as the GUI's File menu, rendered
// offscreen, so a figure made from a script is the figure the user saw.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QFileInfo>

#include "cli.h"
#include "common/excerpt.h"
#include "common/explorer_view.h"
#include "common/export/colour_check.h"
#include "common/export/figure_export.h"
#include "common/view_settings.h"
#include "io/atomic_file.h"
#include "view_registry.h"

namespace dimscope::cli {

namespace {

std::optional<std::string> readNumber(const std::map<std::string, std::string> &options,
                                      const std::string &name, double &value) {
    const auto it = options.find(name);
    if (it == options.end())
        return std::nullopt;
    char *end = nullptr;
    errno = 0;
    const double v = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || errno != 0 || *end != '\0' || !std::isfinite(v))
        return "option --" + name + ": " + excerpt(it->second) + " is not a number";
    value = v;
    return std::nullopt;
}

/// An export writes up to four files: the figure, the CSV, and a sidecar beside each. Two of them
/// naming one file (after symbolic links), or one naming a folder or device, is a usage error found
/// before anything is computed: `--csv fig.png --out fig.png` used to overwrite the figure with
/// the CSV and exit 0.
/// --NAME on|off (--title: whether the figure keeps the plot's title, off for a paper's caption;
/// --distinct-strokes: dashes and markers for series that look alike in print).
std::optional<std::string> readOnOff(const std::map<std::string, std::string> &options,
                                     const std::string &name, bool &value) {
    const auto it = options.find(name);
    if (it == options.end())
        return std::nullopt;
    if (it->second == "on" || it->second == "true" || it->second == "yes")
        value = true;
    else if (it->second == "off" || it->second == "false" || it->second == "no")
        value = false;
    else
        return "option --" + name + ": " + excerpt(it->second) + "; expected on or off";
    return std::nullopt;
}

std::optional<std::string> collision(const std::map<std::string, std::string> &options) {
    std::vector<std::pair<std::string, std::string>> outputs = {
        {"--out", options.at("out")}, {"--out's sidecar", options.at("out") + ".json"}};
    if (options.count("csv")) {
        outputs.emplace_back("--csv", options.at("csv"));
        outputs.emplace_back("--csv's sidecar", options.at("csv") + ".json");
    }
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        if (auto reason = unwritableTarget(outputs[i].second))
            return outputs[i].first + " '" + outputs[i].second + "': " + *reason;
        for (std::size_t j = 0; j < i; ++j)
            if (sameWriteTarget(outputs[i].second, outputs[j].second))
                return outputs[i].first + " '" + outputs[i].second + "' is the same file as " +
                       outputs[j].first + " '" + outputs[j].second +
                       "'; give each output a name of its own";
    }
    return std::nullopt;
}

/// Options a figure's record gives when the command line does not: `--params fig.pdf.json` alone
/// makes the same figure again, its plot, size, font and dpi included.
std::optional<std::string> takeFigureSettings(const nlohmann::json &figure,
                                              std::map<std::string, std::string> &options) {
    if (!figure.is_object())
        return std::nullopt;
    static const std::pair<const char *, const char *> switches[] = {
        {"title", "title"}, {"distinct_strokes", "distinct-strokes"}};
    for (const auto &[key, option] : switches) {
        if (!figure.contains(key) || options.count(option))
            continue;
        if (!figure[key].is_boolean())
            return "--params: the figure's \"" + std::string(key) + "\" is " +
                   excerpt(figure[key].dump()) + "; expected true or false";
        options[option] = figure[key].get<bool>() ? "on" : "off";
    }
    static const std::pair<const char *, const char *> keys[] = {{"plot", "plot"},
                                                                 {"width_mm", "width-mm"},
                                                                 {"height_mm", "height-mm"},
                                                                 {"font_pt", "font-pt"},
                                                                 {"dpi", "dpi"}};
    for (const auto &[key, option] : keys) {
        if (!figure.contains(key) || options.count(option))
            continue;
        const nlohmann::json &value = figure[key];
        if (std::string(key) == "plot" ? !value.is_string() : !value.is_number())
            return "--params: the figure's \"" + std::string(key) + "\" is " +
                   excerpt(value.dump()) + "; expected " +
                   (std::string(key) == "plot" ? "a plot's name" : "a number");
        options[option] = value.is_string() ? value.get<std::string>() : value.dump();
    }
    return std::nullopt;
}

} // namespace

int runExport(const Args &args) {
    if (const auto status = runHelp("export", args))
        return *status;
    ParsedCommand cmd;
    auto error = parseCommand(args,
                              {"out", "plot", "width-mm", "height-mm", "font-pt", "dpi", "csv",
                               "title", "distinct-strokes"},
                              cmd);
    views::FigureFormat format;
    if (!error)
        error = takeFigureSettings(cmd.figure, cmd.options);
    if (!error && !cmd.options.count("out"))
        error = "--out FILE is required (.pdf, .svg or .png)";
    if (!error)
        error = readNumber(cmd.options, "width-mm", format.widthMm);
    if (!error)
        error = readNumber(cmd.options, "height-mm", format.heightMm);
    if (!error)
        error = readNumber(cmd.options, "font-pt", format.fontPt);
    if (!error)
        error = readNumber(cmd.options, "dpi", format.dpi);
    if (!error)
        error = readOnOff(cmd.options, "title", format.title);
    if (!error)
        error = readOnOff(cmd.options, "distinct-strokes", format.distinctStrokes);
    if (!error) {
        if (auto problem = views::validate(format))
            error = problem->toStdString();
    }
    const QString out = QString::fromStdString(cmd.options["out"]);
    if (!error) {
        const QString suffix = QFileInfo(out).suffix().toLower();
        if (suffix != QLatin1String("pdf") && suffix != QLatin1String("svg") &&
            suffix != QLatin1String("png"))
            error =
                "--out " + excerpt(out.toStdString()) + ": the name must end in .pdf, .svg or .png";
    }
    if (!error)
        error = collision(cmd.options);
    if (error) {
        std::cerr << "dimscope export: " << *error << "\n";
        return UsageError;
    }

    std::unique_ptr<views::ExplorerView> view(views::createView(cmd.explorer->name));
    if (!view) {
        std::cerr << "dimscope export: explorer '" << cmd.explorer->name
                  << "' has no plots to export\n";
        return UsageError;
    }
    const auto plots = view->plots();
    views::PlotEntry chosen = plots.value(0);
    if (cmd.options.count("plot")) {
        const QString wanted = QString::fromStdString(cmd.options["plot"]);
        QStringList names;
        chosen = {};
        for (const auto &p : plots) {
            names << p.name;
            if (p.name == wanted)
                chosen = p;
        }
        if (!chosen.plot) {
            std::cerr << "dimscope export: explorer '" << cmd.explorer->name << "' has no plot "
                      << excerpt(wanted.toStdString())
                      << "; plots: " << names.join(QStringLiteral(", ")).toStdString() << "\n";
            return UsageError;
        }
    }

    if (!cmd.view.is_null()) { // a session's view settings: log axes, smoothing, …
        if (auto problem = views::checkViewSettings(view.get(), cmd.view)) {
            std::cerr << "dimscope export: --session: " << *problem << "\n";
            return UsageError;
        }
        views::applyViewSettings(view.get(), cmd.view);
    }
    const RunOutcome outcome = view->runBlocking(cmd.params);
    if (outcome.termination == Termination::InvalidInput) {
        std::cerr << "dimscope export " << cmd.explorer->name << ": " << outcome.message << "\n";
        return UsageError;
    }
    if (!outcome.ok()) {
        std::cerr << "dimscope export " << cmd.explorer->name << ": "
                  << terminationName(outcome.termination) << ": " << outcome.message << "\n";
        return ComputationFailed;
    }
    QJsonObject provenance = view->provenance();
    provenance.insert(QStringLiteral("plot"), chosen.name);
    // The figure, the CSV and their sidecars are prepared, then written together: all of them, or
    // none (a failed --csv used to leave a new figure beside the old CSV, and exit 1).
    std::vector<views::ExportFile> files;
    auto problem = views::prepareFigure(chosen.plot, out, format, provenance, files);
    if (!problem && cmd.options.count("csv"))
        problem = views::prepareCsv({{chosen.name, chosen.plot}},
                                    QString::fromStdString(cmd.options["csv"]), provenance, files);
    if (!problem)
        problem = views::writeExport(files);
    if (problem) {
        std::cerr << "dimscope export: " << problem->toStdString() << "\n";
        return ComputationFailed;
    }
    // Written as asked; series a reader who prints it in grey or sees colours differently could
    // not tell apart are noted, with the option that helps.
    const QStringList warnings = views::colourWarnings(chosen.plot, format.distinctStrokes);
    for (const QString &warning : warnings)
        std::cerr << "dimscope export: note: " << warning.toStdString() << "\n";
    if (!warnings.isEmpty() && !format.distinctStrokes)
        std::cerr << "dimscope export: note: --distinct-strokes on gives each of them a dash, "
                     "marker or hatching of its own\n";
    return Success;
}

} // namespace dimscope::cli
