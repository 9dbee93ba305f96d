// SPDX-License-Identifier: MIT
#pragma once
// Curves drawn exactly under another say so in their legend entry: "realtime (under mgda)".
// Three multitask weightings at 1, Pareto's g₁ under u*: the legend listed a curve the reader
// could not find, and took its absence for a missing result.

class QCustomPlot;

namespace dimscope::views {

/// Installs the check on `plot` (applyPlotStyle does it for every plot): after every layout, on
/// screen and in an export at its own size, a line graph in the legend whose visible samples lie,
/// for at least 90 % of them, within a pixel of a solid line drawn over it (and in the legend) gets
/// " (under NAME)" after its name, NAME being the topmost such line's. The note goes again when the
/// curves part, and a name the view sets later is taken as the new name.
void noteCurvesHiddenUnderOthers(QCustomPlot *plot);

} // namespace dimscope::views
