// SPDX-License-Identifier: MIT
// Explorer "gan-prior": parameter descriptions, checks and the registry entry for GanPriorParams.
#include "hubness/gan_prior.h"

#include <algorithm>
#include <limits>
#include <new>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/memory.h"
#include "neighbors/knn.h"

namespace dimscope::hubness::gan {

namespace {

/// What the table cannot check alone: sizes against the batch, and the memory a batch needs.
std::optional<std::string> checkGanPrior(const GanPriorParams &p) {
    if (p.threshold > p.batch)
        return "parameter 'threshold': " + std::to_string(p.threshold) +
               " is not allowed with batch = " + std::to_string(p.batch) + "; expected 0…batch";
    if (p.k >= p.batch)
        return "parameter 'k': " + std::to_string(p.k) +
               " is not allowed with batch = " + std::to_string(p.batch) + "; expected k < batch";
    const auto needOf = [&](std::int64_t batch) {
        const auto latents = static_cast<std::uint64_t>(batch) * static_cast<std::uint64_t>(p.zDim);
        return latents * 8u + knnMemoryEstimate(batch, p.zDim, p.k, p.threads, Metric::Euclidean);
    };
    const std::uint64_t need = needOf(p.batch);
    const std::uint64_t limit = defaultMemoryLimit();
    if (need > limit) {
        const std::int64_t fits = largestThatFits(p.k + 1, p.batch, limit, needOf);
        return "parameter 'batch': " + std::to_string(p.batch) + " latents of dimension " +
               std::to_string(p.zDim) + " need about " + bytesText(need) +
               " of memory, more than the " + bytesText(limit) + " available; " +
               (fits > p.k ? "batch ≤ " + std::to_string(fits) + " would fit"
                           : std::string("use a smaller latent dimension"));
    }
    return std::nullopt;
}

} // namespace

const ParamTable<GanPriorParams> &paramTable() {
    static const auto table =
        ParamTable<GanPriorParams>()
            .integer("z-dim", "Latent dimension",
                     "Coordinates of each latent z ~ N(0, I) (StyleGAN: 512)",
                     &GanPriorParams::zDim, 2, 4096)
            .logScale()
            .integer("batch", "Batch M",
                     "Latents drawn per round; hub values are counted within the batch",
                     &GanPriorParams::batch, 100, 100000)
            .logScale()
            .integer("k", "Neighbours k", "Size of each latent's neighbour list",
                     &GanPriorParams::k, 1, 100)
            .integer("threshold", "Threshold t",
                     "Keep latents whose hub value passes t (at most the batch size)",
                     &GanPriorParams::threshold, 0, 100000)
            .choice("rule", "Rule",
                    "greater: Nₖ > t (Su's code); greater-or-equal: Nₖ ≥ t (the paper and its "
                    "notebook)",
                    &GanPriorParams::rule)
            .flag("count-self", "Count self",
                  "Count each latent as its own neighbour, as the official notebook does: hub "
                  "value = N_(k−1) + 1",
                  &GanPriorParams::countSelf)
            .real("psi", "Truncation ψ",
                  "The truncation trick z ← ψz, shown for comparison (the paper's Fig. 1: 0.7)",
                  &GanPriorParams::psi, 0.0, 1.0)
            .integer("rounds", "Rounds", "Independent batches; acceptance and norms pool over them",
                     &GanPriorParams::rounds, 1, 1000)
            .logScale()
            .integer("bins", "Histogram bins", "Bins of the norm histograms", &GanPriorParams::bins,
                     10, 1000)
            .advanced()
            .seed(&GanPriorParams::seed, "Random seed; round r uses stream r of it")
            .threads(&GanPriorParams::threads);
    return table;
}

namespace {

/// toJson plus what the command line adds: E‖z‖, acceptance per 10 000, round 1's N_k histogram.
nlohmann::json resultJson(const GanPriorResult &r) {
    const GanPriorParams &params = r.params;
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

/// What the command line shows while it waits.
ProgressNote describeProgress(const GanPriorSnapshot &s) {
    return countedProgress(s.roundsDone, s.roundsTotal, "rounds");
}

} // namespace

const GanPriorExplorer &explorer() {
    static const GanPriorExplorer definition{
        "gan-prior",
        "GAN latents with the hub prior",
        "Keep only latents z ~ N(0, I) whose k-occurrence in their batch passes a threshold "
        "(Liang et al. 2022): acceptance, and the norms of accepted latents beside the truncation "
        "trick z ← ψz.",
        &paramTable,
        &checkGanPrior,
        &computeGanPrior,
        &resultJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::hubness::gan
