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

const std::vector<std::string> kAxisNames = {"d", "k"};
const std::vector<std::string> kDataNames = {"gaussian", "uniform", "sphere", "mixture"};
const std::vector<std::string> kMetricNames = {"euclidean", "cosine", "manhattan", "lp"};
constexpr int kMaxListValues = 64;
constexpr int kMaxListValue = 100000;

template <class Enum>
Enum fromName(const std::vector<std::string> &names, const std::string &name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return static_cast<Enum>(it == names.end() ? 0 : it - names.begin());
}

std::string bytesText(std::uint64_t bytes) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    if (bytes >= 1000000000ull)
        s << static_cast<double>(bytes) / 1.0e9 << " GB";
    else
        s << static_cast<double>(bytes) / 1.0e6 << " MB";
    return s.str();
}

} // namespace

const std::vector<ParamSpec> &paramSpecs() {
    static const std::vector<ParamSpec> specs = [] {
        std::vector<ParamSpec> s = {
            ParamSpec::choice("axis", "Sweep over",
                              "d: the measures against the dimension at fixed k; k: against the "
                              "neighbourhood size at a fixed dimension",
                              kAxisNames, "d"),
            ParamSpec::choice("data", "Data", "Synthetic law of the points", kDataNames,
                              "gaussian"),
            ParamSpec::integer("n", "Points N", "Points per run", 2000, 3, 1000000, true),
            ParamSpec::text("dimensions", "Dimensions d",
                            "Axis d: the dimensions, integers separated by commas "
                            "(sorted for you)",
                            "2,3,5,10,20,50,100,200"),
            ParamSpec::integer("k", "Neighbours k", "Axis d: size of each neighbour list", 10, 1,
                               10000, true),
            ParamSpec::text("ks", "Values of k",
                            "Axis k: the neighbourhood sizes, integers separated by commas; one "
                            "search with the largest serves them all",
                            "1,2,5,10,20,50"),
            ParamSpec::integer("d", "Dimension d", "Axis k: coordinates per point", 100, 1, 100000,
                               true),
            ParamSpec::choice("metric", "Metric", "Distance between points", kMetricNames,
                              "euclidean"),
            ParamSpec::real("p", "Exponent p",
                            "Exponent of the lp metric, (Σ|x−y|^p)^(1/p); p < 1 allowed", 2.0, 0.05,
                            100.0, true),
            ParamSpec::integer("seeds", "Seeds per point",
                               "Independent data sets per point: the plots show their mean ± sd", 3,
                               1, 100),
            ParamSpec::integer("seed", "Seed",
                               "Random seed; run s of every point uses stream s of it", 1, 0,
                               9007199254740991LL),
            ParamSpec::integer("clusters", "Clusters",
                               "Gaussian components of the mixture (centres ~ N(0, 9 I))", 3, 1,
                               1000),
            ParamSpec::integer("threads", "Threads",
                               "Worker threads (0 = all cores); results do not depend on it", 0, 0,
                               256),
        };
        for (auto &spec : s)
            spec.advanced = spec.name == "clusters" || spec.name == "threads";
        return s;
    }();
    return specs;
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

SweepParams paramsFrom(const ParamSet &v) {
    SweepParams p;
    p.axis = fromName<SweepAxis>(kAxisNames, v.text("axis"));
    p.data = fromName<DataKind>(kDataNames, v.text("data"));
    p.n = v.integer("n");
    p.dimensions = parseValueList(v.text("dimensions")).value_or(std::vector<int>{});
    p.k = static_cast<int>(v.integer("k"));
    p.ks = parseValueList(v.text("ks")).value_or(std::vector<int>{});
    p.d = static_cast<int>(v.integer("d"));
    p.metric = fromName<Metric>(kMetricNames, v.text("metric"));
    p.p = v.real("p");
    p.seeds = static_cast<int>(v.integer("seeds"));
    p.seed = static_cast<std::uint64_t>(v.integer("seed"));
    p.clusters = static_cast<int>(v.integer("clusters"));
    p.threads = static_cast<int>(v.integer("threads"));
    return p;
}

std::optional<std::string> validateValues(const ParamSet &values) {
    for (const char *name : {"dimensions", "ks"})
        if (!parseValueList(values.text(name)))
            return std::string(name) + ": '" + values.text(name) + "' is not allowed; expected 1…" +
                   std::to_string(kMaxListValues) + " integers in 1…" +
                   std::to_string(kMaxListValue) + " separated by commas, e.g. 2,5,10,100";
    const SweepParams p = paramsFrom(values);
    const bool alongD = p.axis == SweepAxis::Dimension;
    if (alongD && p.k >= p.n)
        return "k: " + std::to_string(p.k) + " is not allowed with n = " + std::to_string(p.n) +
               "; expected 1…n−1";
    if (!alongD && p.ks.back() >= p.n)
        return "ks: " + std::to_string(p.ks.back()) +
               " is not allowed with n = " + std::to_string(p.n) + "; every k must lie in 1…n−1";
    if (auto problem = validate(p))
        return problem;
    // The largest run holds its points (doubles) and the neighbour search's buffers at once.
    const std::int64_t d = alongD ? p.dimensions.back() : p.d;
    const int k = alongD ? p.k : p.ks.back();
    const auto points = static_cast<std::uint64_t>(p.n) * static_cast<std::uint64_t>(d) * 8u;
    const std::uint64_t need = points + knnMemoryEstimate(p.n, d, k, p.threads, p.metric);
    const std::uint64_t available = availableMemoryBytes();
    const std::uint64_t limit =
        available > 0 ? available / 10 * 8 : std::numeric_limits<std::uint64_t>::max();
    if (need > limit)
        return "n: the largest run (N = " + std::to_string(p.n) + ", d = " + std::to_string(d) +
               ", k = " + std::to_string(k) + ") needs about " + bytesText(need) +
               " of memory, more than the " + bytesText(limit) +
               " available; use fewer points or smaller dimensions";
    return std::nullopt;
}

namespace {

/// toJson plus what the command line adds: the fixed sizes and the Poisson "no hubness" values.
nlohmann::json extendedJson(const SweepParams &params, const SweepResult &r) {
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

} // namespace

const ExplorerInfo &explorerInfo() {
    static const ExplorerInfo info = {
        "hubness-sweep",
        "Hubness against dimension",
        "k-skewness, Robin Hood, antihub share and Spearman(N_k, distance to the mean) against the "
        "dimension d or the neighbourhood size k, mean ± sd over seeds, beside the Poisson "
        "no-hubness baseline.",
        &paramSpecs,
        [](const ParamSet &values, const std::function<bool()> &shouldStop) {
            const auto problem = validateValues(values);
            const SweepParams params = problem ? SweepParams{} : paramsFrom(values);
            return jsonRunOf<SweepSnapshot>(
                problem, shouldStop, [&](const auto &control) { return computeSweep(params, control); },
                [&](const SweepResult &r) { return extendedJson(params, r); });
        },
    };
    return info;
}

} // namespace sweep

} // namespace dimscope::hubness
