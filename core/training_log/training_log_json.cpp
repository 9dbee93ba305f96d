// SPDX-License-Identifier: MIT
// The training-log result as JSON (`dimscope compute`) and as the tidy rows of its figure.
#include "training_log/training_log.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace dimscope::training_log {

namespace {

/// Numbers, with null where a value is not finite (a band where n < 2): JSON has no NaN, and null
/// compares equal to itself, so the same log gives the same JSON.
nlohmann::json numbers(const std::vector<double> &values) {
    nlohmann::json array = nlohmann::json::array();
    for (double v : values)
        array.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));
    return array;
}

nlohmann::json ensembleJson(const curves::EnsembleCurve &e) {
    return {{"x", numbers(e.x)},
            {"n", e.n},
            {"mean", numbers(e.mean)},
            {"sd", numbers(e.sd)},
            {"lower", e.hasBand() ? numbers(e.lower) : nlohmann::json(nullptr)},
            {"upper", e.hasBand() ? numbers(e.upper) : nlohmann::json(nullptr)},
            {"n_min", e.nMin},
            {"n_max", e.nMax},
            // true: mean is the geometric mean, the band ×/÷ exp(sd), sd in log units
            {"geometric", e.geometric}};
}

} // namespace

nlohmann::json toJson(const TrainingLogResult &r) {
    const bool smoothing = r.params.smoothing != curves::Smoothing::None;
    nlohmann::json j;
    j["example"] = r.example;
    j["files"] = nlohmann::json::array();
    for (const LogFileInfo &f : r.files)
        j["files"].push_back({{"path", f.path},
                              {"format", nameOf(f.format)},
                              {"rows", f.rows},
                              {"columns", f.columns},
                              {"metrics", f.metrics}});
    j["x_column"] = r.xColumn;
    j["y_column"] = r.yColumn;
    j["runs"] = nlohmann::json::array();
    for (const RunCurve &run : r.runs)
        j["runs"].push_back(
            {{"name", run.name},
             {"file", run.file},
             {"column", run.column},
             {"x", numbers(run.raw.x())},
             {"y", numbers(run.raw.y())},
             {"smoothed", smoothing ? numbers(run.smoothed) : nlohmann::json(nullptr)}});
    j["ensemble"] = ensembleJson(r.ensemble);
    j["smoothed_ensemble"] = smoothing ? ensembleJson(r.smoothedEnsemble) : nlohmann::json(nullptr);
    j["band"] = {{"kind", nameOf(r.params.band)}, {"legend", r.bandLegend}};
    j["smoothing"] = {{"kind", nameOf(r.params.smoothing)}, {"legend", r.smootherLegend}};
    j["notes"] = r.notes;
    return j;
}

std::vector<curves::TidySeries> tidySeries(const TrainingLogResult &r, const std::string &plot) {
    const bool smoothing = r.params.smoothing != curves::Smoothing::None;
    std::vector<curves::TidySeries> out;
    for (const RunCurve &run : r.runs) {
        out.push_back({plot, run.name, "line", run.raw.x(), run.raw.y(), {}, {}});
        if (smoothing)
            out.push_back({plot,
                           run.name + ", " + r.smootherLegend,
                           "line",
                           run.raw.x(),
                           run.smoothed,
                           {},
                           {}});
    }
    if (r.runs.size() < 2)
        return out; // one run is its own mean
    const auto mean = [&](const curves::EnsembleCurve &e, const std::string &name) {
        curves::TidySeries s{plot, name, "line", e.x, e.mean, {}, {}};
        if (e.hasBand()) {
            s.yLow = e.lower;
            s.yHigh = e.upper;
        }
        out.push_back(std::move(s));
    };
    mean(r.ensemble, r.bandLegend);
    if (smoothing)
        mean(r.smoothedEnsemble, r.bandLegend + ", " + r.smootherLegend);
    return out;
}

} // namespace dimscope::training_log
