// SPDX-License-Identifier: MIT
#pragma once
// Hubness measures of a k-occurrence vector, exactly as scikit-hubness v0.21.2 codes them
// (geometry.md §3.2), plus the Spearman correlation of N_k with the distance to the data mean
// (Radovanović 2010, Fig. 3).

#include <cstdint>
#include <optional>
#include <vector>

namespace dimscope::hubness {

/// Every measure of §3.2. Ranges are for the usual case mean(N_k) = k > 0.
struct HubnessMeasures {
    double kSkewness = 0; ///< m3 / m2^1.5, population moments (scipy.stats.skew); 0 when constant
    double kSkewnessTruncnorm = 0; ///< E[Z³ | Z > a], a = −mean/sd (ddof = 1); 0 when constant
    double robinhood = 0;          ///< ½ Σ|N_k − mean| / Σ N_k, 0…1
    double gini = 0;               ///< Σ_i Σ_j |N_i − N_j| / (2 n Σ N_k), 0…1
    double atkinson = 0;           ///< ε = 0.5: 1 − (mean √N_k)² / mean N_k, 0…1
    double antihubOccurrence = 0;  ///< share of points with N_k = 0, 0…1
    double hubOccurrence = 0;      ///< Σ_{N_k ≥ hubSize·k} N_k / (k · queries), 0…1
    double groupieRatio = 0;       ///< max N_k / (k · queries), 0…1
    std::int64_t maxKOccurrence = 0;
    std::int64_t hubCount = 0;       ///< points with N_k ≥ hubSize·k
    std::int64_t antihubCount = 0;   ///< points with N_k = 0
    bool constantOccurrence = false; ///< every N_k equal: skewness undefined, reported as 0
    /// Spearman ρ of N_k with ‖x − mean‖, −1…1 (hubs near the mean: negative). Absent without
    /// vectors (neighbour-file input) or when either side is constant.
    std::optional<double> spearmanMeanDistance;
};

/// The measures of `occurrence` (length n, Σ = k · queries). `queries` = 0 means n (self-join).
/// hubSize as in skhubness (default 2: hubs have N_k ≥ 2k).
HubnessMeasures hubnessMeasures(const std::vector<std::int64_t> &occurrence, int k,
                                std::int64_t queries = 0, double hubSize = 2.0);

/// Spearman rank correlation with average ranks for ties; nullopt when either side is constant or
/// the lengths differ or are < 2.
std::optional<double> spearman(const std::vector<double> &a, const std::vector<double> &b);

/// Population skewness m3 / m2^1.5 (nullopt when m2 = 0).
std::optional<double> populationSkewness(const std::vector<double> &values);

} // namespace dimscope::hubness
