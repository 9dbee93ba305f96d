// SPDX-License-Identifier: MIT
#pragma once
// Explorer "angles": the angle between two random vectors in n dimensions (post 7076;
// shared reference geometry.md §2). Params → computeAngles → AngleResult (+ AngleSnapshot).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/enum_names.h"
#include "common/explorer.h"
#include "common/histogram.h"
#include "common/run_control.h"

namespace dimscope::angles {

enum class Distribution { Gaussian, Sphere, Cube, UnitCube, ShiftedGaussian };
enum class Sampler { Vectors, Exact };
enum class Units { Degrees, Radians };

inline const std::vector<std::string> &namesOf(Distribution) {
    static const std::vector<std::string> names = {"gaussian", "sphere", "cube", "unit-cube",
                                                   "shifted-gaussian"};
    return names;
}
inline const std::vector<std::string> &namesOf(Sampler) {
    static const std::vector<std::string> names = {"vectors", "exact"};
    return names;
}
inline const std::vector<std::string> &namesOf(Units) {
    static const std::vector<std::string> names = {"degrees", "radians"};
    return names;
}

struct AngleParams {
    int dimension = 100;         ///< n, 2…100000
    std::int64_t pairs = 200000; ///< M, 1000…10^7 pairs (x, y)
    Distribution distribution = Distribution::Gaussian;
    double mu = 1.0;                    ///< coordinate mean of shifted-gaussian N(mu,1)^n, -10…10
    bool center = false;                ///< subtract the sample mean of each batch of vectors first
    Sampler sampler = Sampler::Vectors; ///< exact: the O(1) Beta law, isotropic laws only
    int bins = 80;                      ///< histogram bins, 10…2000
    Units units = Units::Degrees;       ///< units of every angle in the JSON result and the plots
    double deltaDegrees = 5.0;          ///< δ of P(|θ−90°| < δ), 0.01…89 degrees
    std::int64_t sweepPairs =
        20000;              ///< pairs per point of the n-sweep (variance and P plots), 0 = no sweep
    int threads = 0;        ///< worker threads, 0 = all cores; results do not depend on it
    std::uint64_t seed = 1; ///< same seed, same numbers
};

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<AngleParams> &paramTable();
/// True for laws whose angle follows the exact Beta law (gaussian, sphere, and any law with center
/// on those) — the ones with a closed-form density, variance and KS reference.
bool isIsotropic(Distribution d);
/// True when θ follows the exact Beta law for these parameters: isIsotropic(distribution), or
/// shifted-gaussian with mu = 0 or with center (centring removes the shift exactly). The exact
/// sampler, the closed forms and the KS distance are offered exactly then.
bool hasExactLaw(const AngleParams &params);

/// One point of the dimension sweep.
struct SweepPoint {
    int dimension = 0;
    std::int64_t pairs = 0;
    double mean = 0;                ///< radians
    double variance = 0;            ///< radians²
    double nearOrthogonalShare = 0; ///< share of pairs with |θ−π/2| < δ
};

/// Progressive state, published about every 50 ms while a run is under way.
struct AngleSnapshot {
    std::int64_t pairsDone = 0;
    std::int64_t pairsTotal = 0;
    Histogram histogram;           ///< θ in radians; counts so far
    double mean = 0, variance = 0; ///< radians, of the pairs so far
    std::vector<SweepPoint> sweep; ///< sweep points finished so far, in increasing n
};

struct AngleResult : RunOutcome {
    AngleParams params;
    std::int64_t pairsDone = 0;
    Histogram histogram;           ///< θ in radians
    double mean = 0, variance = 0; ///< radians, radians²
    double meanCos = 0, varianceCos = 0;
    std::optional<double> exactMean, exactVariance; ///< radians; isotropic laws only
    std::optional<double> ksDistance; ///< sup |F_emp − F_exact|; isotropic laws only
    double nearOrthogonalShare = 0;   ///< share of pairs with |θ−π/2| < δ
    std::vector<SweepPoint> sweep;    ///< increasing n, 2…dimension on a log grid
    double elapsedSeconds = 0;        ///< wall time of the run (not part of the JSON result)
};

/// Validates (explorer().validate), then runs. Invalid parameters give InvalidInput.
AngleResult computeAngles(const AngleParams &params, const RunControl<AngleSnapshot> &control = {});

/// The `result` object of `dimscope compute angles` (keys in docs/explorers/angles.md).
nlohmann::json toJson(const AngleResult &result);

using AnglesExplorer = Explorer<AngleParams, AngleSnapshot, AngleResult>;
/// The explorer's record: name, parameters, checks, compute, JSON.
const AnglesExplorer &explorer();

} // namespace dimscope::angles
