// SPDX-License-Identifier: MIT
// `dimscope export`: the same view and the same export code as the GUI's File menu, rendered
// offscreen, so a figure made from a script is the figure the user saw.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>

#include <QFileInfo>

#include "cli.h"
#include "common/explorer_view.h"
#include "common/export/figure_export.h"
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
        return "option --" + name + ": '" + it->second + "' is not a number";
    value = v;
    return std::nullopt;
}

} // namespace

int runExport(const Args &args) {
    if (const auto status = runHelp("export", args))
        return *status;
    ParsedCommand cmd;
    auto error =
        parseCommand(args, {"out", "plot", "width-mm", "height-mm", "font-pt", "dpi", "csv"}, cmd);
    views::FigureFormat format;
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
    if (!error) {
        if (auto problem = views::validate(format))
            error = problem->toStdString();
    }
    const QString out = QString::fromStdString(cmd.options["out"]);
    if (!error) {
        const QString suffix = QFileInfo(out).suffix().toLower();
        if (suffix != QLatin1String("pdf") && suffix != QLatin1String("svg") &&
            suffix != QLatin1String("png"))
            error = "--out '" + out.toStdString() + "': the name must end in .pdf, .svg or .png";
    }
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
            std::cerr << "dimscope export: explorer '" << cmd.explorer->name << "' has no plot '"
                      << wanted.toStdString()
                      << "'; plots: " << names.join(QStringLiteral(", ")).toStdString() << "\n";
            return UsageError;
        }
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
    if (auto problem = views::exportFigure(chosen.plot, out, format, provenance)) {
        std::cerr << "dimscope export: " << problem->toStdString() << "\n";
        return ComputationFailed;
    }
    if (cmd.options.count("csv")) {
        const QString csv = QString::fromStdString(cmd.options["csv"]);
        if (auto problem = views::exportCsv({{chosen.name, chosen.plot}}, csv, provenance)) {
            std::cerr << "dimscope export: " << problem->toStdString() << "\n";
            return ComputationFailed;
        }
    }
    return Success;
}

} // namespace dimscope::cli
