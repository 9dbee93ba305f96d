// SPDX-License-Identifier: MIT
#pragma once
// The readout rows of the hubness explorer: every measure with a short verdict or its
// "no hubness" value beside it, and in the tooltip what it means and its range, because the
// first question about a hubness number is "is this high?".

#include <QList>

#include "common/explorer_view.h"

namespace dimscope::hubness {
struct HubnessResult;
}

namespace dimscope::views {

/// The values a measure takes when N_k follows Poisson(k): points without any hubness.
struct PoissonBaseline {
    double skewness = 0, robinhood = 0, gini = 0, atkinson = 0, antihubShare = 0, hubOccurrence = 0;
};
PoissonBaseline poissonBaseline(int k, double hubSize);

/// Rows for a finished run; "before → after" when a reduction is set.
QList<Readout> hubnessReadouts(const hubness::HubnessResult &result);

} // namespace dimscope::views
