// SPDX-License-Identifier: MIT
#pragma once
// Where legends go, worked out again after every layout (on screen, and in an export at its own
// size and font).
// - Inside the axis rect: the four corners are scored by the data points and labels each would
//   cover, and the legend takes the best, the corner the view chose winning ties. A fixed corner
//   hid the curves a reader needs (the entropy curves of positions, the α = 2 run of R-Drop) as
//   soon as the size or the data changed.
// - Outside it: as many entries per row as fit. A one-column export of a legend laid out for
//   the screen cut "L2 contours" to "L2 contou".

#include <Qt>

class QCustomPlot;

namespace dimscope::views {

/// Installs the placement on `plot` (applyPlotStyle does it for every plot). Legends moved out of
/// the axis rect (moveLegendOutside) and plots with a colour map are left alone.
void keepLegendClearOfData(QCustomPlot *plot);

/// Puts the legend inside the axis rect at `corner` and makes that the corner the placement
/// prefers. (Setting the inset's alignment alone is taken for a new preference only when it
/// differs from where the placement last put the legend.)
void setLegendCorner(QCustomPlot *plot, Qt::Alignment corner);

/// For a legend moved out of the axis rect (moveLegendOutside does it): as many entries per row
/// as fit the plot's width after every layout, up to the number the view asked for.
void keepOutsideLegendWhole(QCustomPlot *plot);

} // namespace dimscope::views
