// SPDX-License-Identifier: MIT
#pragma once
// Explorer "ball": the collapsing ball (post 9147; shared reference geometry.md §1.1, §4.1, §4.2).
// Params → computeBall → BallResult (+ BallSnapshot). Four parts, computed in this order:
//  1. exact curves V_n, V_n/2^n, shell share 1−(1−ε)^n for n = 1…max-dimension (instant);
//  2. rejection sampling "uniform in [−1,1]^n, keep if ‖x‖ ≤ 1" with Wilson intervals;
//  3. norm histogram of N(0, I_n) vectors against the exact chi density;
//  4. relative contrast (Dmax−Dmin)/Dmin and Gaussian distance CV on a log grid of d (the slow
//  part).
// The exact formulas the view draws as theory curves, and the part-1 curves themselves
// (VolumeCurves, volumeCurves()), are in ball_math.h, included here.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "ball/ball_math.h"
#include "common/explorer.h"
#include "common/histogram.h"
#include "common/run_control.h"

namespace dimscope::ball {

struct BallParams {
    int maxDimension = 100;             ///< exact curves for n = 1…maxDimension, 1…10000
    double epsilon = 0.1;               ///< relative shell thickness ε, 0.0001…0.9999
    int demoDimension = 10;             ///< n of the rejection demo, 1…1000
    std::int64_t demoPoints = 10000000; ///< cube points drawn by the demo, 1000…10^9
    int contrastMaxDimension = 10000;   ///< last d of the grid 2, 3, 5, 10, 20, 50, …, 2…10000
    int contrastDataPoints = 1000;      ///< data points per d and law, 10…5000
    int contrastQueries = 200;          ///< queries per d and law (same law, independent), 1…1000
    int normDimension = 512;            ///< n of the norm histogram, 1…100000
    std::int64_t normSamples = 100000;  ///< vectors z ~ N(0, I_n) drawn, 100…10^7
    int bins = 80;                      ///< norm histogram bins, 10…2000
    int threads = 0;                    ///< worker threads, 0…256, 0 = all cores (same numbers)
    std::uint64_t seed = 1;             ///< 0…2^53−1; same seed, same numbers
};

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<BallParams> &paramTable();

/// Acceptance of the rejection demo at one dimension.
struct Acceptance {
    int dimension = 0;         ///< n
    std::int64_t samples = 0;  ///< cube points drawn
    std::int64_t accepted = 0; ///< of which ‖x‖ ≤ 1
    double rate = 0;           ///< accepted / samples (0 before any sample)
    Interval wilson;           ///< 95 % Wilson interval of the rate
    double exact = 0;          ///< ρ_n = V_n / 2^n
};

/// One point of the running-acceptance trace (after a prefix of whole chunks, in chunk order).
struct TracePoint {
    std::int64_t samples = 0;
    double rate = 0;
    Interval wilson;
};

/// Part 2: the rejection demo. perDimension uses the first k coordinates of each point as a point
/// of [−1,1]^k, so one stream gives every k = 1…min(demoDimension, 20) (rates are correlated
/// across k, each one is exact on its own).
struct RejectionDemo {
    std::int64_t samplesTotal = 0;        ///< demoPoints
    Acceptance main;                      ///< at demoDimension, all finished chunks so far
    std::vector<Acceptance> perDimension; ///< n = 1…min(demoDimension, 20)
    std::vector<TracePoint> trace;        ///< running rate, increasing samples (one per chunk)
};

/// Part 3: norms of z ~ N(0, I_n).
struct NormStudy {
    int dimension = 0;             ///< n
    std::int64_t samplesTotal = 0; ///< normSamples
    std::int64_t samples = 0;      ///< drawn so far
    Histogram histogram;           ///< ‖z‖, range exactMean ± 7·exactSd (clipped at 0)
    double mean = 0, sd = 0;       ///< sample mean and sd of ‖z‖
    double exactMean = 0;          ///< √2 Γ((n+1)/2)/Γ(n/2)
    double exactSd = 0;            ///< √(n − exactMean²)
    double sqrtN = 0;              ///< √n, the naive radius
    std::vector<double> chiDensityAtCenters; ///< exact density at histogram bin centres
};

/// Part 4: one dimension of the relative-contrast study (both laws finished).
struct ContrastPoint {
    int dimension = 0;           ///< d
    double uniformMedianRc = 0;  ///< median over queries of (Dmax−Dmin)/Dmin, U[0,1]^d
    double gaussianMedianRc = 0; ///< same for N(0, I_d)
    double gaussianMeanDistance = 0; ///< Monte Carlo E‖x−y‖ over all query–data pairs, N(0, I_d)
    double gaussianDistanceCv = 0; ///< Monte Carlo sd/mean of those distances
    double exactMeanDistance = 0;  ///< 2Γ((d+1)/2)/Γ(d/2)
    double exactDistanceCv = 0;    ///< exact CV
    double asymptoteCv = 0;        ///< 1/√(2d)
};

enum class Stage { Curves, Rejection, Norms, Contrast, Done };

/// Progressive state, published about every 50 ms from the thread that called computeBall.
struct BallSnapshot {
    Stage stage = Stage::Curves;
    double progress = 0;                 ///< rough share of the work done, 0…1
    VolumeCurves curves;                 ///< complete from the first snapshot on
    RejectionDemo rejection;             ///< chunks finished so far
    NormStudy norms;                     ///< chunks finished so far
    std::vector<ContrastPoint> contrast; ///< finished dimensions, increasing d
};

struct BallResult : RunOutcome {
    BallParams params;
    VolumeCurves curves;
    RejectionDemo rejection;
    NormStudy norms;
    std::vector<ContrastPoint> contrast; ///< increasing d (partial if cancelled)
    double elapsedSeconds = 0;
};

/// Runs all four parts on the calling thread plus up to params.threads − 1 workers. Invalid params
/// → InvalidInput (message names the field); stop requested → Cancelled with what had finished;
/// any exception → Failed with its message.
BallResult computeBall(const BallParams &params, const RunControl<BallSnapshot> &control = {});

/// The `result` object of `dimscope compute ball` (keys documented in docs/explorers/ball.md).
nlohmann::json toJson(const BallResult &result);

using BallExplorer = Explorer<BallParams, BallSnapshot, BallResult>;
/// The explorer's record: name, parameters, checks, compute, JSON.
const BallExplorer &explorer();

} // namespace dimscope::ball
