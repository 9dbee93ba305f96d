// SPDX-License-Identifier: MIT
#pragma once
// Hubness sweeps (issue 3): the measures against the dimension d (synthetic data) or against k,
// with mean and spread over seeds, published point by point as they complete.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "hubness/hubness.h"

namespace dimscope::hubness {

enum class SweepAxis { Dimension, K };

inline const std::vector<std::string> &namesOf(SweepAxis) {
    static const std::vector<std::string> names = {"d", "k"};
    return names;
}

struct SweepParams {
    SweepAxis axis = SweepAxis::Dimension;
    DataKind data = DataKind::Gaussian;
    std::int64_t n = 2000;                                         ///< points per run, 3…1000000
    int clusters = 3;                                              ///< mixture components
    std::vector<int> dimensions = {2, 3, 5, 10, 20, 50, 100, 200}; ///< axis d: increasing
    int k = 10;                                                    ///< axis d: fixed k
    std::vector<int> ks = {1, 2, 5, 10, 20, 50};                   ///< axis k: values, increasing
    int d = 100;                                                   ///< axis k: fixed dimension
    Metric metric = Metric::Euclidean;
    double p = 2.0;
    int seeds = 3; ///< runs per point, 1…100 (seed stream s of `seed`)
    std::uint64_t seed = 1;
    int threads = 0;
};

/// Mean and sample standard deviation (0 for one seed) over the seeds.
struct SweepStat {
    double mean = 0, sd = 0;
};

struct SweepPoint {
    int value = 0; ///< d or k
    SweepStat kSkewness, robinhood, gini, antihubOccurrence, hubOccurrence, maxKOccurrence,
        spearmanMeanDistance;
};

/// Points finished so far, in increasing value.
struct SweepSnapshot {
    std::vector<SweepPoint> points;
    int pointsTotal = 0;
};

struct SweepResult : RunOutcome {
    SweepParams params;
    std::vector<SweepPoint> points;
    double elapsedSeconds = 0;
};

/// Validates (sweep::explorer().validate), then runs. Axis k computes one neighbour search per
/// seed with the largest k and reads every smaller k from its first columns.
SweepResult computeSweep(const SweepParams &params, const RunControl<SweepSnapshot> &control = {});

/// {"axis": "d"|"k", "points": [{"value", "k_skewness": {"mean", "sd"}, ...}]}.
nlohmann::json toJson(const SweepResult &result);

/// "No hubness" references: the measures of N_k ~ Poisson(k), the in-degree of a random k-out
/// graph (geometry.md §3.1). Skewness 1/√k; Robin Hood = mean |N − k| / 2k = e^−k k^k / k!
/// (integer k); antihub share P(N = 0) = e^−k. k ≥ 1.
double poissonSkewness(int k);
double poissonRobinHood(int k);
double poissonAntihubShare(int k);

/// Explorer "hubness-sweep".
namespace sweep {

/// The parameter table (form, command line, `list`, range checks). Static storage. The lists
/// `dimensions` and `ks` are text: integers separated by commas or spaces ("2,5,10,100").
const ParamTable<SweepParams> &paramTable();
/// "3, 20,100" → {3, 20, 100}, sorted and without repeats; nullopt unless the text holds 1…64
/// integers in 1…100000 separated by commas or spaces.
std::optional<std::vector<int>> parseValueList(const std::string &text);

using SweepExplorer = Explorer<SweepParams, SweepSnapshot, SweepResult>;
/// The explorer's record (name "hubness-sweep"). Its checks include the memory the largest run
/// needs. Its JSON is toJson() plus n, k or d, seeds and, per point, the Poisson references
/// poisson_skewness, poisson_robinhood, poisson_antihub_occurrence.
const SweepExplorer &explorer();

} // namespace sweep

} // namespace dimscope::hubness
