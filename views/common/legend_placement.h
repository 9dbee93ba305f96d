// SPDX-License-Identifier: MIT
#pragma once
// A legend inside the axis rect goes to the corner where it hides the least: after every layout
// (on screen, and in an export at its own size and font), the four corners are scored by the
// data points and labels each would cover, and the legend takes the best, the corner the view
// chose winning ties. A fixed corner hid the curves a reader needs (the entropy curves of
// positions, the α = 2 run of R-Drop) as soon as the size or the data changed.

class QCustomPlot;

namespace dimscope::views {

/// Installs the placement on `plot` (applyPlotStyle does it for every plot). Legends moved out of
/// the axis rect (moveLegendOutside) and plots with a colour map are left alone.
void keepLegendClearOfData(QCustomPlot *plot);

} // namespace dimscope::views
