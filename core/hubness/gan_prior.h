// SPDX-License-Identifier: MIT
#pragma once
// The hubness prior for GAN sampling (post 9147 §提升采样; Liang et al. 2022; geometry.md §1.4):
// draw batches of latents z ~ N(0, I_zDim), keep those whose k-occurrence within their batch
// passes a threshold, and compare with the truncation trick z ← ψz. No GAN needed: everything
// happens in Z space.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/histogram.h"
#include "common/run_control.h"

namespace dimscope::hubness {

enum class ThresholdRule {
    Greater,       ///< N_k > t (Su's reference code)
    GreaterOrEqual ///< N_k ≥ t (the paper's text and official notebook)
};

inline const std::vector<std::string> &namesOf(ThresholdRule) {
    static const std::vector<std::string> names = {"greater", "greater-or-equal"};
    return names;
}

struct GanPriorParams {
    int zDim = 512; ///< latent dimension, 2…4096
    std::int64_t batch =
        10000; ///< latents per round (hub values are computed within a batch), 100…100000
    int k = 5; ///< neighbours, 1…100
    std::int64_t threshold = 50; ///< t, 0…batch
    ThresholdRule rule = ThresholdRule::Greater;
    /// Count each latent as its own neighbour, as the official notebook does (skhubness
    /// kneighbors_graph with the query set passed explicitly): value = N_{k−1} + 1.
    bool countSelf = false;
    int rounds = 1;         ///< independent batches, 1…1000
    double psi = 0.7;       ///< truncation ψ for the comparison, 0…1
    int bins = 60;          ///< norm histograms, 10…1000
    std::uint64_t seed = 1; ///< round r uses stream r of this seed
    int threads = 0;        ///< 0 = all cores; results do not depend on it
};

struct GanPriorRound {
    std::int64_t accepted = 0;
    std::int64_t maxOccurrence = 0;
    double skewness = 0;                          ///< population skewness of the hub values
    double spearmanNorm = 0;                      ///< Spearman(hub value, ‖z‖) within the batch
    double meanNormAll = 0, meanNormAccepted = 0; ///< meanNormAccepted = 0 when none accepted
};

struct GanPriorSnapshot {
    int roundsDone = 0;
    std::int64_t drawn = 0, accepted = 0;
    int roundsTotal = 0;
};

struct GanPriorResult : RunOutcome {
    GanPriorParams params;
    std::int64_t drawn = 0, accepted = 0;
    double acceptanceShare = 0; ///< accepted / drawn
    double meanNormAll = 0, sdNormAll = 0;
    double meanNormAccepted = 0, sdNormAccepted = 0; ///< 0 when none accepted
    double meanNormTruncated = 0; ///< ψ · meanNormAll: where the truncation trick puts latents
    double psiMatchingAccepted =
        0;                   ///< meanNormAccepted / meanNormAll: the ψ with the same mean norm
    double spearmanNorm = 0; ///< mean over rounds of Spearman(hub value, ‖z‖)
    Histogram normsAll, normsAccepted,
        normsTruncated; ///< ‖z‖ of all, accepted and ψ-scaled latents
    std::vector<std::int64_t> firstBatchOccurrence; ///< hub values of round 1 (for its histogram)
    std::vector<double> firstBatchNorms; ///< ‖z‖ of round 1, same order (hub value against norm)
    std::vector<GanPriorRound> rounds;
    double elapsedSeconds = 0;
};

/// Validates (gan::explorer().validate), then runs.
GanPriorResult computeGanPrior(const GanPriorParams &params,
                               const RunControl<GanPriorSnapshot> &control = {});

/// JSON: accepted, drawn, acceptance_share, mean_norm_all, mean_norm_accepted, sd_norm_all,
/// sd_norm_accepted, mean_norm_truncated, psi_matching_accepted, spearman_norm, rounds[...].
nlohmann::json toJson(const GanPriorResult &result);

/// E‖z‖ for z ~ N(0, I_n): √2 Γ((n+1)/2) / Γ(n/2) (the mean of the χ_n law), n ≥ 1.
double expectedNorm(int n);
/// Density of ‖z‖ (the χ_n law) at r ≥ 0: r^(n−1) e^(−r²/2) / (2^(n/2−1) Γ(n/2)).
double chiDensity(int n, double r);

/// Explorer "gan-prior".
namespace gan {

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<GanPriorParams> &paramTable();

using GanPriorExplorer = Explorer<GanPriorParams, GanPriorSnapshot, GanPriorResult>;
/// The explorer's record (name "gan-prior"). Its checks include the memory a batch needs. Its
/// JSON is toJson() plus expected_norm (E‖z‖), per_10000 (accepted per 10 000 latents) and
/// k_occurrence_histogram of round 1.
const GanPriorExplorer &explorer();

} // namespace gan

} // namespace dimscope::hubness
