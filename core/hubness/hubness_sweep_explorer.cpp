// SPDX-License-Identifier: MIT
// Explorer "hubness-sweep": parameter descriptions, checks and the registry entry for SweepParams,
// and the Poisson "no hubness" references the sweep plots are read against.
#include "hubness/hubness_sweep.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/memory.h"
#include "neighbors/knn.h"

namespace dimscope::hubness {

double poissonSkewness(int k) { return 1.0 / std::sqrt(static_cast<double>(k)); }

double poissonRobinHood(int k) {
    // Mean absolute deviation of Poisson(k) is 2 e^−k k^(k+1) / k!; Robin Hood divides by 2k.
    const double kk = static_cast<double>(k);
    return std::exp(-kk + kk * std::log(kk) - std::lgamma(kk + 1.0));
}

double poissonAntihubShare(int k) { return std::exp(-static_cast<double>(k)); }

namespace sweep {

namespace {

constexpr int kMaxListValues = 64;
constexpr int kMaxListValue = 100000;

std::string printList(const std::vector<int> &values) {
    std::string text;
    for (int v : values)
        text += (text.empty() ? "" : ",") + std::to_string(v);
    return text;
}

bool increasingPositive(const std::vector<int> &v) {
    if (v.empty() || v.front() < 1)
        return false;
    return std::adjacent_find(v.begin(), v.end(), [](int a, int b) { return a >= b; }) == v.end();
}

} // namespace

const ParamTable<SweepParams> &paramTable() {
    const std::string listForm = "1…" + std::to_string(kMaxListValues) + " integers in 1…" +
                                 std::to_string(kMaxListValue) +
                                 " separated by commas, e.g. 2,5,10,100";
    static const auto table =
        ParamTable<SweepParams>()
            .choice("axis", "Sweep over",
                    "d: the measures against the dimension at fixed k; k: against the "
                    "neighbourhood size at a fixed dimension",
                    &SweepParams::axis)
            .choice("data", "Data", "Synthetic law of the points", &SweepParams::data)
            .integer("n", "Points N", "Points per run", &SweepParams::n, 3, 1000000)
            .logScale()
            .list<std::vector<int>>("dimensions", "Dimensions d",
                                    "Axis d: the dimensions, integers separated by commas "
                                    "(sorted for you)",
                                    &SweepParams::dimensions, parseValueList, printList, listForm)
            .onlyWhen("axis", {"d"})
            .integer("k", "Neighbours k", "Axis d: size of each neighbour list", &SweepParams::k, 1,
                     10000)
            .logScale()
            .onlyWhen("axis", {"d"})
            .list<std::vector<int>>("ks", "Values of k",
                                    "Axis k: the neighbourhood sizes, integers separated by "
                                    "commas; one search with the largest serves them all",
                                    &SweepParams::ks, parseValueList, printList, listForm)
            .onlyWhen("axis", {"k"})
            .integer("d", "Dimension d", "Axis k: coordinates per point", &SweepParams::d, 1,
                     100000)
            .logScale()
            .onlyWhen("axis", {"k"})
            .choice("metric", "Metric", "Distance between points", &SweepParams::metric)
            .real("p", "Exponent p", "Exponent of the lp metric, (Σ|x−y|^p)^(1/p); p < 1 allowed",
                  &SweepParams::p, 0.05, 100.0)
            .logScale()
            .onlyWhen("metric", {"lp"})
            .integer("seeds", "Seeds per point",
                     "Independent data sets per point: the plots show their mean ± sd",
                     &SweepParams::seeds, 1, 100)
            .seed(&SweepParams::seed, "Random seed; run s of every point uses stream s of it")
            .integer("clusters", "Clusters",
                     "Gaussian components of the mixture (centres ~ N(0, 9 I))",
                     &SweepParams::clusters, 1, 1000)
            .advanced()
            .onlyWhen("data", {"mixture"})
            .threads(&SweepParams::threads);
    return table;
}

std::optional<std::vector<int>> parseValueList(const std::string &text) {
    std::vector<int> out;
    std::size_t i = 0;
    const auto isSeparator = [](char c) { return c == ',' || c == ' ' || c == '\t' || c == ';'; };
    while (i < text.size()) {
        if (isSeparator(text[i])) {
            ++i;
            continue;
        }
        long long value = 0;
        std::size_t digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 10) {
            value = value * 10 + (text[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || (i < text.size() && !isSeparator(text[i])))
            return std::nullopt;
        if (value < 1 || value > kMaxListValue)
            return std::nullopt;
        out.push_back(static_cast<int>(value));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.empty() || out.size() > static_cast<std::size_t>(kMaxListValues))
        return std::nullopt;
    return out;
}

namespace {

/// What the table cannot check alone: every k below n, lists in increasing order (a Params built
/// in code may hold any list), and the memory the largest run needs.
std::optional<std::string> checkSweep(const SweepParams &p) {
    const bool alongD = p.axis == SweepAxis::Dimension;
    if (!increasingPositive(p.dimensions) || !increasingPositive(p.ks))
        return std::string("parameters 'dimensions' and 'ks': the values must increase");
    if (alongD && p.k >= p.n)
        return "parameter 'k': " + std::to_string(p.k) +
               " is not allowed with n = " + std::to_string(p.n) + "; expected 1…n−1";
    if (!alongD && p.ks.back() >= p.n)
        return "parameter 'ks': " + std::to_string(p.ks.back()) +
               " is not allowed with n = " + std::to_string(p.n) + "; every k must lie in 1…n−1";
    // The largest run holds its points (doubles) and the neighbour search's buffers at once.
    const std::int64_t d = alongD ? p.dimensions.back() : p.d;
    const int k = alongD ? p.k : p.ks.back();
    const auto needOf = [&](std::int64_t n, std::int64_t dim) {
        const auto points = static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(dim) * 8u;
        return points + knnMemoryEstimate(n, dim, k, p.threads, p.metric);
    };
    const std::uint64_t need = needOf(p.n, d);
    const std::uint64_t limit = defaultMemoryLimit();
    if (need > limit) {
        const std::int64_t n =
            largestThatFits(k + 1, p.n, limit, [&](std::int64_t v) { return needOf(v, d); });
        return "parameter 'n': the largest run (N = " + std::to_string(p.n) +
               ", d = " + std::to_string(d) + ", k = " + std::to_string(k) + ") needs about " +
               bytesText(need) + " of memory, more than the " + bytesText(limit) + " available; " +
               (n > k ? "n ≤ " + std::to_string(n) + " would fit at d = " + std::to_string(d)
                      : std::string("use smaller dimensions"));
    }
    return std::nullopt;
}

/// toJson plus what the command line adds: the fixed sizes and the Poisson "no hubness" values.
nlohmann::json resultJson(const SweepResult &r) {
    const SweepParams &params = r.params;
    nlohmann::json j = toJson(r);
    const bool alongD = params.axis == SweepAxis::Dimension;
    j["n"] = params.n;
    j[alongD ? "k" : "d"] = alongD ? params.k : params.d;
    j["seeds"] = params.seeds;
    for (auto &point : j["points"]) {
        const int k = alongD ? params.k : point["value"].get<int>();
        point["poisson_skewness"] = poissonSkewness(k);
        point["poisson_robinhood"] = poissonRobinHood(k);
        point["poisson_antihub_occurrence"] = poissonAntihubShare(k);
    }
    return j;
}

/// What the command line shows while it waits.
ProgressNote describeProgress(const SweepSnapshot &s) {
    return countedProgress(static_cast<std::int64_t>(s.points.size()), s.pointsTotal, "points");
}

} // namespace

const SweepExplorer &explorer() {
    static const SweepExplorer definition{
        "hubness-sweep",
        "Hubness against dimension",
        "k-skewness, Robin Hood, antihub share and Spearman(Nₖ, distance to the mean) against "
        "the dimension d or the neighbourhood size k, mean ± sd over seeds, beside the Poisson "
        "no-hubness baseline.",
        &paramTable,
        &checkSweep,
        &computeSweep,
        &resultJson,
        &describeProgress,
    };
    return definition;
}

} // namespace sweep

} // namespace dimscope::hubness
