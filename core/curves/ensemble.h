// SPDX-License-Identifier: MIT
#pragma once
// Seed ensembles: R runs of one experiment aligned on the x values they logged, with their mean
// and a band whose definition the legend states. At each x only the runs that logged a finite
// value there count, so n (the seeds present) varies when runs differ in length or in the steps
// they log; the legend and the notes say so instead of averaging what is not there.
//
// Bands, with m the mean and s the sample standard deviation (n − 1 in the denominator) of the n
// values at x:
// - sd:   m ± s;
// - ci95: m ± t_{0.975, n−1} · s / √n, the 95 % confidence interval of the mean with Student's t
//         quantile (Boost.Math) for n − 1 degrees of freedom;
// - none and every-seed draw no band (every-seed draws each run instead).
// Where n < 2 there is no spread to show: the band is NaN there (a gap), never zero.

#include <cstdint>
#include <string>
#include <vector>

#include "common/enum_names.h"
#include "curves/curve_series.h"

namespace dimscope::curves {

enum class Band { Sd, Ci95, None, EverySeed };

inline const std::vector<std::string> &namesOf(Band) {
    static const std::vector<std::string> names = {"sd", "ci95", "none", "every-seed"};
    return names;
}

struct EnsembleCurve {
    Band band = Band::Sd;
    int runs = 0;                     ///< R, the runs given
    std::vector<double> x;            ///< every x at which some run has a finite y, increasing
    std::vector<int> n;               ///< runs with a finite y at x[i], 1…R
    std::vector<double> mean;         ///< mean of those values
    std::vector<double> sd;           ///< sample sd (n − 1); NaN where n < 2
    std::vector<double> lower, upper; ///< the band; NaN where n < 2; empty for none and every-seed
    int nMin = 0, nMax = 0;           ///< smallest and largest n over x; 0 when x is empty
    std::int64_t singleRunPoints = 0; ///< x values where only one run logged (no band there)
    std::int64_t repeatedPoints = 0;  ///< points logged again at an x their run already had

    /// Summarised in log y, for a log axis: mean is the geometric mean, the band is ×/÷ the
    /// geometric sd (or the 95 % CI of the mean log), sd is in natural-log units, and y ≤ 0 is
    /// absent. A mean − sd at or below 0 drew an arithmetic band down to the bottom of a log axis
    /// wherever the seeds spread.
    bool geometric = false;
    bool hasBand() const { return band == Band::Sd || band == Band::Ci95; }
};

/// Aligns `runs` on their x values (exact equality: logged steps) and summarises them. Within a
/// run, a value logged twice at one x counts once, the later one (a run resumed from a checkpoint
/// logs its steps again). Non-finite y are absent values. Pure function: any thread.
/// `geometric` summarises log y (EnsembleCurve::geometric).
EnsembleCurve ensemble(const std::vector<CurveSeries> &runs, Band band, bool geometric = false);
/// The same on runs held elsewhere (no copy of their points); no pointer may be null.
EnsembleCurve ensemble(const std::vector<const CurveSeries *> &runs, Band band,
                       bool geometric = false);

/// t_{0.975, dof}: the Student's t quantile of a two-sided 95 % interval, dof ≥ 1.
double tQuantile975(int degreesOfFreedom);

/// The legend of the mean line, stating the band and n: "mean ± 1 sd, n = 5 seeds",
/// "mean, 95 % CI, n = 5 seeds", "mean, n = 5 seeds" (none), "mean of every seed, n = 5 seeds"
/// (every-seed). Ragged runs give "n = 3–5 seeds"; one run gives "1 seed, no band". A geometric
/// summary says so: "geometric mean ×/÷ geometric sd, n = 5 seeds".
std::string bandLegend(const EnsembleCurve &e);

/// What a reader should know that the legend cannot say, in sentences; empty when nothing.
std::vector<std::string> ensembleNotes(const EnsembleCurve &e);

} // namespace dimscope::curves
