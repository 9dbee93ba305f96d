// SPDX-License-Identifier: MIT
#pragma once
// Explorer "logit-kl" (issue 11; post 9039, gradients.md §5): which symmetric KL suits multi-label
// logits. For two logit vectors s and t it gives the sigmoid form and the softmax form class by
// class, both against a shift of every sᵢ by c (the softmax form does not move, the sigmoid form
// does), and the per-class term (σ(s) − σ(t))(s − t) over a grid of (s, t) for a contour plot.
// Beside them, the R-Drop toy of §5 (rdrop.h): validation F1 over training for α ∈ {0, 0.5, 2}
// over seeds. It depends on none of s, t and the shift, so its last result is kept and reused
// while the sliders move. Params → computeLogitKl → LogitKlResult.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "logit_kl/rdrop.h"

namespace dimscope::logit_kl {

inline constexpr int kMinClasses = 2, kMaxClasses = 20;
/// Largest |logit| a typed list may hold; the GUI's sliders span ±kSliderLogit.
inline constexpr double kMaxLogit = 20.0, kSliderLogit = 6.0;

struct LogitKlParams {
    std::vector<double> s{2.0, -1.0, 0.5}; ///< logits, 2…20 classes, each in ±20 (§5's example)
    std::vector<double> t{1.0, -2.0, 0.5}; ///< logits, as many as s
    double shift = 0.0;                    ///< c added to every sᵢ, −6…6
    int contourPoints = 121;               ///< grid points per axis of the contour, 11…401
    double contourRange = 6.0;             ///< the contour spans s, t ∈ ±range, 1…20
    int rdropSteps = 200;                  ///< R-Drop toy: Adam steps, 0 (no toy)…5000
    int rdropSeeds = 4;                    ///< its replicates, 1…16
    double dropout = 0.3;                  ///< its input dropout rate, 0…0.9
    int threads = 0;                       ///< worker threads of the toy, 0 = all cores
    std::uint64_t seed = 1;                ///< the toy's data, weights and dropout masks
};

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<LogitKlParams> &paramTable();

/// "2,-1,0.5" → {2, −1, 0.5}: 2…20 finite numbers in ±20 separated by commas, spaces or
/// semicolons; nullopt otherwise.
std::optional<std::vector<double>> parseLogits(const std::string &text);
/// The shortest text that reads back as the same doubles: {2, −1, 0.5} → "2,-1,0.5".
std::string printLogits(const std::vector<double> &values);

struct ShiftSweep {
    std::vector<double> c;       ///< shifts, −6…6
    std::vector<double> sigmoid; ///< D_sigmoid(s + c, t)
    std::vector<double> softmax; ///< D_softmax(s + c, t): flat
};

struct Contour {
    std::vector<double> axis; ///< the grid of s (x) and of t (y), increasing
    std::vector<double> values; ///< (σ(s) − σ(t))(s − t), row-major: values[j·n + i] at (sᵢ, tⱼ)
};

/// Nothing worth drawing before the result: the whole run takes well under a millisecond.
struct LogitKlSnapshot {};

struct LogitKlResult : RunOutcome {
    LogitKlParams params;
    std::vector<double> shiftedS;                       ///< s + c, what every value below uses
    double sigmoidKl = 0, softmaxKl = 0;                ///< at s + c
    double sigmoidKlUnshifted = 0;                      ///< at c = 0
    double softmaxKlUnshifted = 0;                      ///< at c = 0: equal to softmaxKl
    std::vector<double> perClassSigmoid;                ///< their sums are sigmoidKl
    std::vector<double> perClassSoftmax;                ///< and softmaxKl
    std::vector<double> probabilitiesS, probabilitiesT; ///< σ(sᵢ + c), σ(tᵢ)
    std::vector<double> softmaxS, softmaxT;             ///< softmax(s + c), softmax(t)
    ShiftSweep sweep;
    Contour contour;
    std::optional<RDropCurves> rdrop; ///< when rdropSteps > 0
};

/// Validates (explorer().validate), then computes. A stop request (polled per contour row) gives
/// Cancelled.
LogitKlResult computeLogitKl(const LogitKlParams &params,
                             const RunControl<LogitKlSnapshot> &control = {});

/// The `result` object (keys in docs/explorers/logit-kl.md).
nlohmann::json toJson(const LogitKlResult &result);

using LogitKlExplorer = Explorer<LogitKlParams, LogitKlSnapshot, LogitKlResult>;
const LogitKlExplorer &explorer();

} // namespace dimscope::logit_kl
