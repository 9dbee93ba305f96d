// SPDX-License-Identifier: MIT
#pragma once
// The Pareto lab's two pictures: the parameter plane (every task's contours, the Pareto set, every
// method's path) and the gradient plane at one point of the chosen path (each task gradient,
// their convex hull, the min-norm point u*, the normalised sum).

#include <QColor>

#include "pareto/pareto.h"

class QCustomPlot;

namespace dimscope::views {

/// The colour of task i's contours and gradient: three greys-with-a-hue of their own (a method's
/// colour is in method_colour.h).
QColor taskColour(int task);

/// Keeps equal units on both axes of a plot drawn by drawLandscape or drawArrowPanel when its
/// size changes. Call once per plot.
void keepEqualAspect(QCustomPlot *plot);

void drawLandscape(QCustomPlot *plot, const pareto::ParetoResult &result);
void drawArrowPanel(QCustomPlot *plot, const pareto::ParetoResult &result);

} // namespace dimscope::views
