// SPDX-License-Identifier: MIT
// Explorer "gan-prior": parameter descriptions, checks and the registry entry for GanPriorParams.
#include "hubness/gan_prior.h"

#include <algorithm>
#include <limits>
#include <new>
#include <sstream>

#include <nlohmann/json.hpp>

#include "neighbors/knn.h"

namespace dimscope::hubness::gan {

namespace {

const std::vector<std::string> kRuleNames = {"greater", "greater-or-equal"};

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
            ParamSpec::integer("z-dim", "Latent dimension",
                               "Coordinates of each latent z ~ N(0, I) (StyleGAN: 512)", 512, 2,
                               4096, true),
            ParamSpec::integer("batch", "Batch M",
                               "Latents drawn per round; hub values are counted within the batch",
                               10000, 100, 100000, true),
            ParamSpec::integer("k", "Neighbours k", "Size of each latent's neighbour list", 5, 1,
                               100),
            ParamSpec::integer("threshold", "Threshold t",
                               "Keep latents whose hub value passes t (at most the batch size)", 50,
                               0, 100000),
            ParamSpec::choice("rule", "Rule",
                              "greater: N_k > t (Su's code); greater-or-equal: N_k ≥ t (the "
                              "paper and its notebook)",
                              kRuleNames, "greater"),
            ParamSpec::flag("count-self", "Count self",
                            "Count each latent as its own neighbour, as the official notebook "
                            "does: hub value = N_(k−1) + 1",
                            false),
            ParamSpec::real("psi", "Truncation ψ",
                            "The truncation trick z ← ψz, shown for comparison (the paper's "
                            "Fig. 1: 0.7)",
                            0.7, 0.0, 1.0),
            ParamSpec::integer("rounds", "Rounds",
                               "Independent batches; acceptance and norms pool over them", 1, 1,
                               1000, true),
            ParamSpec::integer("bins", "Histogram bins", "Bins of the norm histograms", 60, 10,
                               1000),
            ParamSpec::integer("seed", "Seed", "Random seed; round r uses stream r of it", 1, 0,
                               9007199254740991LL),
            ParamSpec::integer("threads", "Threads",
                               "Worker threads (0 = all cores); results do not depend on it", 0, 0,
                               256),
        };
        for (auto &spec : s)
            spec.advanced = spec.name == "bins" || spec.name == "threads";
        return s;
    }();
    return specs;
}

GanPriorParams paramsFrom(const ParamSet &v) {
    GanPriorParams p;
    p.zDim = static_cast<int>(v.integer("z-dim"));
    p.batch = v.integer("batch");
    p.k = static_cast<int>(v.integer("k"));
    p.threshold = v.integer("threshold");
    p.rule =
        v.text("rule") == kRuleNames[1] ? ThresholdRule::GreaterOrEqual : ThresholdRule::Greater;
    p.countSelf = v.flag("count-self");
    p.psi = v.real("psi");
    p.rounds = static_cast<int>(v.integer("rounds"));
    p.bins = static_cast<int>(v.integer("bins"));
    p.seed = static_cast<std::uint64_t>(v.integer("seed"));
    p.threads = static_cast<int>(v.integer("threads"));
    return p;
}

std::optional<std::string> validateValues(const ParamSet &values) {
    const GanPriorParams p = paramsFrom(values);
    if (p.threshold > p.batch)
        return "threshold: " + std::to_string(p.threshold) +
               " is not allowed with batch = " + std::to_string(p.batch) + "; expected 0…batch";
    if (p.k >= p.batch)
        return "k: " + std::to_string(p.k) +
               " is not allowed with batch = " + std::to_string(p.batch) + "; expected k < batch";
    if (auto problem = validate(p))
        return problem;
    const auto latents = static_cast<std::uint64_t>(p.batch) * static_cast<std::uint64_t>(p.zDim);
    const std::uint64_t need =
        latents * 8u + knnMemoryEstimate(p.batch, p.zDim, p.k, p.threads, Metric::Euclidean);
    const std::uint64_t available = availableMemoryBytes();
    const std::uint64_t limit =
        available > 0 ? available / 10 * 8 : std::numeric_limits<std::uint64_t>::max();
    if (need > limit)
        return "batch: " + std::to_string(p.batch) + " latents of dimension " +
               std::to_string(p.zDim) + " need about " + bytesText(need) +
               " of memory, more than the " + bytesText(limit) +
               " available; use a smaller batch or latent dimension";
    return std::nullopt;
}

namespace {

/// toJson plus what the command line adds: E‖z‖, acceptance per 10 000, round 1's N_k histogram.
nlohmann::json extendedJson(const GanPriorParams &params, const GanPriorResult &r) {
    nlohmann::json j = toJson(r);
    j["expected_norm"] = expectedNorm(params.zDim);
    j["per_10000"] = 1.0e4 * static_cast<double>(r.accepted) / static_cast<double>(r.drawn);
    std::vector<std::int64_t> counts;
    for (const std::int64_t value : r.firstBatchOccurrence) {
        if (value >= static_cast<std::int64_t>(counts.size()))
            counts.resize(static_cast<std::size_t>(value) + 1, 0);
        ++counts[static_cast<std::size_t>(value)];
    }
    j["k_occurrence_histogram"] = counts;
    return j;
}

} // namespace

const ExplorerInfo &explorerInfo() {
    static const ExplorerInfo info = {
        "gan-prior",
        "GAN latents with the hub prior",
        "Keep only latents z ~ N(0, I) whose k-occurrence in their batch passes a threshold "
        "(Liang et al. 2022): acceptance, and the norms of accepted latents beside the truncation "
        "trick z ← ψz.",
        &paramSpecs,
        [](const ParamSet &values, const std::function<bool()> &shouldStop) {
            const auto problem = validateValues(values);
            const GanPriorParams params = problem ? GanPriorParams{} : paramsFrom(values);
            return jsonRunOf<GanPriorSnapshot>(
                problem, shouldStop, [&](const auto &control) { return computeGanPrior(params, control); },
                [&](const GanPriorResult &r) { return extendedJson(params, r); });
        },
    };
    return info;
}

} // namespace dimscope::hubness::gan
