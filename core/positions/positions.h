// SPDX-License-Identifier: MIT
#pragma once
// Explorer "positions" (issue 11; post 9444, gradients.md §6): length extrapolation without
// training. For a scheme of training positions (position_schemes.h) it counts which position ids
// and which RoPE angles 1000 training samples show a model, against the test range 0…M−1, and
// gives the entropy of softmax attention over random logits against the sequence length, with
// and without the log_m n factor (attention_entropy.h). Params → computePositions → result.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "positions/attention_entropy.h"
#include "positions/position_schemes.h"

namespace dimscope::positions {

struct PositionsParams {
    Scheme scheme = Scheme::Random;
    LengthLaw law = LengthLaw::Exponential; ///< equal-mean's law of n
    int trainLength = 64;                   ///< N, 2…4096
    int maxLength = 2048;                   ///< L, 2…65536 (random's id range), ≥ N
    int testLength = 512;                   ///< M, 2…65536, ≥ N
    int samples = 1000;                     ///< training samples, 1…100000
    double betaA = 1.0;                     ///< equal-mean Beta's a, 0.1…100
    int headDim = 64;                       ///< d, 2…512, even
    double ropeBase = 10000;                ///< RoPE's base, 10…10^7
    int angleBins = 64;                     ///< angle bins per frequency, 8…720
    int entropyTrials = 200;                ///< draws of (q, keys) per length, 10…100000
    int threads = 0;
    std::uint64_t seed = 1;
};

const ParamTable<PositionsParams> &paramTable();

/// What one scheme's training samples cover.
struct SchemeCoverage {
    Scheme scheme = Scheme::Standard;
    double coverage = 0;                  ///< share of the ids 0…M−1 seen at least once
    double meanSpacing = 0;               ///< mean gap between consecutive training positions
    double testSpacing = 1;               ///< the test positions' gap: L/M for random, 1 otherwise
    double maxPosition = 0;               ///< the largest training position seen
    std::vector<double> angleTestCovered; ///< per frequency: share of test angles in a seen bin
    std::vector<double> angleTrainSeen;   ///< per frequency: share of the bins seen in training
};

struct PositionsSnapshot {};

struct PositionsResult : RunOutcome {
    PositionsParams params;
    SchemeCoverage chosen;
    std::vector<SchemeCoverage> everyScheme; ///< standard, random, equal-mean
    std::vector<std::int64_t> idCounts; ///< the chosen scheme: positions per id, 0…max(L,M)−1
    std::vector<double> frequencies;    ///< θⱼ
    AngleTally trainAngles;             ///< the chosen scheme's angle counts
    EntropyCurves entropy;
};

PositionsResult computePositions(const PositionsParams &params,
                                 const RunControl<PositionsSnapshot> &control = {});

/// The `result` object (keys in docs/explorers/positions.md).
nlohmann::json toJson(const PositionsResult &result);

using PositionsExplorer = Explorer<PositionsParams, PositionsSnapshot, PositionsResult>;
const PositionsExplorer &explorer();

} // namespace dimscope::positions
