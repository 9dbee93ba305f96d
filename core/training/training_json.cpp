// SPDX-License-Identifier: MIT
// The training explorer's `result` object (keys in docs/explorers/training.md). Results only: the
// wall times of the logged points stay out, as every timing does.
#include <cmath>

#include <nlohmann/json.hpp>

#include "training/training.h"

namespace dimscope::training {

namespace {

using nlohmann::json;

/// NaN and ±inf are not JSON numbers: null stands for a value that was not finite.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json numbers(const std::vector<double> &values) {
    json a = json::array();
    for (double v : values)
        a.push_back(number(v));
    return a;
}

json seriesJson(const Series &s) {
    json perSeed = json::array();
    for (const auto &seed : s.perSeed)
        perSeed.push_back(numbers(seed));
    return {{"mean", numbers(s.mean())}, {"per_seed", std::move(perSeed)}};
}

json curveJson(const tasks::CurvePicture &c) {
    return {{"x", numbers(c.x)},
            {"fit", numbers(c.fit)},
            {"truth", numbers(c.truth)},
            {"data_x", numbers(c.dataX)},
            {"data_y", numbers(c.dataY)}};
}

json surfaceJson(const tasks::SurfacePicture &s) {
    json confidence = json::array();
    for (float v : s.confidence)
        confidence.push_back(number(v));
    return {{"columns", s.columns},
            {"rows", s.rows},
            {"x_min", s.xMin},
            {"x_max", s.xMax},
            {"y_min", s.yMin},
            {"y_max", s.yMax},
            {"classes", s.classes},
            {"predicted", s.predicted},
            {"confidence", confidence},
            {"points_x", numbers(s.pointsX)},
            {"points_y", numbers(s.pointsY)},
            {"labels", s.labels}};
}

json contourJson(const tasks::ContourPicture &c) {
    json references = json::object();
    for (const auto &p : c.references)
        references[p.name] = {{"x", numbers(p.x)}, {"y", numbers(p.y)}};
    return {{"x", numbers(c.x)},
            {"y", numbers(c.y)},
            {"loss", numbers(c.loss)},
            {"optimum", {c.optimum[0], c.optimum[1]}},
            {"constrained_optimum", {c.constrained[0], c.constrained[1]}},
            {"references", std::move(references)}};
}

/// The pictures of every seed, under the key of their kind.
void picturesJson(const std::vector<tasks::TaskPicture> &pictures, json &j) {
    json curves = json::array(), weights = json::array(), surfaces = json::array();
    for (const auto &p : pictures) {
        if (p.curve)
            curves.push_back(curveJson(*p.curve));
        if (p.weights)
            weights.push_back(
                {{"learned", numbers(p.weights->learned)}, {"truth", numbers(p.weights->truth)}});
        if (p.surface)
            surfaces.push_back(surfaceJson(*p.surface));
    }
    if (!curves.empty())
        j["curve"] = {{"per_seed", std::move(curves)}};
    if (!weights.empty())
        j["weights"] = {{"per_seed", std::move(weights)}};
    if (!surfaces.empty())
        j["surface"] = {{"per_seed", std::move(surfaces)}};
    // The quadratic-2d's contours and reference paths draw nothing random: seed 0's stand for all.
    if (!pictures.empty() && pictures.front().contour)
        j["contour"] = contourJson(*pictures.front().contour);
}

} // namespace

nlohmann::json toJson(const TrainingResult &r) {
    json j;
    j["steps"] = r.curves.steps;
    j["steps_per_epoch"] = r.stepsPerEpoch;
    for (const Series &s : r.curves.series) {
        if (s.group.empty())
            j[s.key] = seriesJson(s);
        else
            j[s.group][s.key] = seriesJson(s);
    }
    json fan = json::array();
    for (const auto &seed : r.curves.fan.perSeed) {
        json coordinates = json::array();
        for (const auto &trace : seed) {
            json values = json::array();
            for (float v : trace)
                values.push_back(number(v));
            coordinates.push_back(std::move(values));
        }
        fan.push_back(std::move(coordinates));
    }
    j["effective_step"] = {{"coordinates", r.curves.fan.coordinates},
                           {"labels", r.curves.fan.labels},
                           {"per_seed", std::move(fan)}};
    if (!r.curves.path.empty())
        j["path"] = {{"per_seed", r.curves.path}};
    picturesJson(r.pictures, j);
    return j;
}

} // namespace dimscope::training
