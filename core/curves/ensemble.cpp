// SPDX-License-Identifier: MIT
#include "curves/ensemble.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include <boost/math/distributions/students_t.hpp>

#include "numerics/constants.h"

namespace dimscope::curves {

namespace {

std::string seeds(int n) { return std::to_string(n) + (n == 1 ? " seed" : " seeds"); }

std::string nText(const EnsembleCurve &e) {
    if (e.nMin == e.nMax)
        return "n = " + seeds(e.nMax);
    return "n = " + std::to_string(e.nMin) + "–" + seeds(e.nMax);
}

} // namespace

double tQuantile975(int dof) {
    if (dof < 1)
        throw std::invalid_argument("t quantile: degrees of freedom must be at least 1");
    const boost::math::students_t_distribution<double> t(dof);
    return boost::math::quantile(boost::math::complement(t, 0.025));
}

EnsembleCurve ensemble(const std::vector<CurveSeries> &runs, Band band, bool geometric) {
    std::vector<const CurveSeries *> pointers;
    for (const CurveSeries &run : runs)
        pointers.push_back(&run);
    return ensemble(pointers, band, geometric);
}

EnsembleCurve ensemble(const std::vector<const CurveSeries *> &runs, Band band, bool geometric) {
    EnsembleCurve e;
    e.band = band;
    e.geometric = geometric;
    e.runs = static_cast<int>(runs.size());
    // What is averaged: y, or log y (y ≤ 0 has none, and is absent like a non-finite y).
    const auto value = [geometric](double y) {
        if (!geometric)
            return y;
        return y > 0 ? std::log(y) : kNaN;
    };
    // The common grid: every x any run logged with a usable value.
    std::vector<double> grid;
    for (const CurveSeries *run : runs)
        for (std::size_t i = 0; i < run->size(); ++i)
            if (std::isfinite(value(run->y()[i])))
                grid.push_back(run->x()[i]);
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
    const std::size_t m = grid.size();

    // Welford's update, run after run: stable where the values are large and close together.
    std::vector<int> count(m, 0);
    std::vector<double> mean(m, 0.0), m2(m, 0.0);
    for (const CurveSeries *run : runs) {
        const auto &x = run->x();
        // The run's own values, or (geometric only) their logs: no copy on the arithmetic path.
        std::vector<double> logged;
        if (geometric) {
            logged.resize(run->size());
            std::transform(run->y().begin(), run->y().end(), logged.begin(), value);
        }
        const std::vector<double> &y = geometric ? logged : run->y();
        const std::size_t size = run->size();
        std::size_t g = 0;
        for (std::size_t i = 0; i < size; ++i) {
            if (!std::isfinite(y[i]))
                continue;
            // x is sorted within a run; a repeated x is superseded by its last finite value.
            if (i + 1 < size && x[i + 1] == x[i]) {
                std::size_t j = i + 1;
                while (j < size && x[j] == x[i] && !std::isfinite(y[j]))
                    ++j;
                if (j < size && x[j] == x[i]) {
                    ++e.repeatedPoints;
                    continue;
                }
            }
            while (grid[g] < x[i])
                ++g;
            const double delta = y[i] - mean[g];
            ++count[g];
            mean[g] += delta / count[g];
            m2[g] += delta * (y[i] - mean[g]);
        }
    }

    e.x = std::move(grid);
    e.n = count;
    e.mean = std::move(mean);
    e.sd.assign(m, kNaN);
    const bool banded = e.hasBand();
    if (banded) {
        e.lower.assign(m, kNaN);
        e.upper.assign(m, kNaN);
    }
    std::unordered_map<int, double> tCache;
    e.nMin = m ? std::numeric_limits<int>::max() : 0;
    for (std::size_t i = 0; i < m; ++i) {
        const int n = count[i];
        e.nMin = std::min(e.nMin, n);
        e.nMax = std::max(e.nMax, n);
        if (n < 2) {
            ++e.singleRunPoints;
            continue;
        }
        e.sd[i] = std::sqrt(m2[i] / (n - 1));
        if (!banded)
            continue;
        double half = e.sd[i];
        if (band == Band::Ci95) {
            auto it = tCache.find(n);
            if (it == tCache.end())
                it = tCache.emplace(n, tQuantile975(n - 1)).first;
            half = it->second * e.sd[i] / std::sqrt(static_cast<double>(n));
        }
        e.lower[i] = e.mean[i] - half;
        e.upper[i] = e.mean[i] + half;
    }
    if (geometric)
        for (std::vector<double> *column : {&e.mean, &e.lower, &e.upper})
            for (double &v : *column)
                v = std::exp(v); // NaN stays NaN
    return e;
}

std::string bandLegend(const EnsembleCurve &e) {
    if (e.nMax <= 1)
        return e.runs <= 1 ? "1 seed, no band" : "mean, n = 1 seed at every x, no band";
    const std::string mean = e.geometric ? "geometric mean" : "mean";
    switch (e.band) {
    case Band::Sd: return mean + (e.geometric ? " ×/÷ geometric sd, " : " ± 1 sd, ") + nText(e);
    case Band::Ci95: return mean + ", 95 % CI, " + nText(e);
    case Band::None: return mean + ", " + nText(e);
    case Band::EverySeed: return mean + " of every seed, " + nText(e);
    }
    return {};
}

std::vector<std::string> ensembleNotes(const EnsembleCurve &e) {
    std::vector<std::string> notes;
    if (e.runs > 1 && e.nMax <= 1)
        notes.push_back("the runs share no x value, so no two seeds can be averaged; plot them "
                        "against a logged step (x = step) to align them");
    else if (e.nMin != e.nMax)
        notes.push_back("the number of seeds varies with x, from " + std::to_string(e.nMin) +
                        " to " + std::to_string(e.nMax) +
                        ": the runs differ in length or in the steps they log");
    if (e.hasBand() && e.nMax > 1 && e.singleRunPoints > 0)
        notes.push_back("no band at " + std::to_string(e.singleRunPoints) +
                        " x values logged by one run only");
    if (e.repeatedPoints > 0)
        notes.push_back(std::to_string(e.repeatedPoints) +
                        " values were logged again at an x their run already had; the later "
                        "value is used");
    return notes;
}

} // namespace dimscope::curves
