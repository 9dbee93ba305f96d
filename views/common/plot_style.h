// SPDX-License-Identifier: MIT
#pragma once
// One look for every plot: readable on a projector and in a paper. Colours are the Okabe–Ito
// palette (distinguishable with colour-vision deficiencies); theory curves are drawn dark and
// dashed, simulations in colour, so "theory beside simulation" reads at a glance.

#include <QColor>
#include <QPen>
#include <QString>

class QCheckBox;
class QCustomPlot;
class QCPGraph;
class QCPBars;
class QCPTextElement;
class QCPItemText;
class QCPColorMap;
class QCPColorScale;

namespace dimscope::views {

enum class SeriesRole { Simulation, Theory, Approximation, Reference, Highlight };

QColor paletteColor(int index);
/// The pen for a series of the given role (`index` picks the colour for simulations).
QPen rolePen(SeriesRole role, int index = 0);

/// Applies fonts, grid, margins, legend style and interactions. Call once after construction.
void applyPlotStyle(QCustomPlot *plot);
/// Adds (or updates) a title row above the axis rect.
QCPTextElement *setPlotTitle(QCustomPlot *plot, const QString &title);

/// A line graph styled for its role, added to the plot's legend under `name`.
QCPGraph *addLineGraph(QCustomPlot *plot, const QString &name, SeriesRole role, int index = 0);
/// Markers only (Monte Carlo points).
QCPGraph *addScatterGraph(QCustomPlot *plot, const QString &name, int index = 0);
/// Histogram bars (simulation colour, light fill, no gaps).
QCPBars *addHistogramBars(QCustomPlot *plot, const QString &name, int index = 0);

enum class LegendPlace { Above, Below, Right };
/// Moves the legend out of the axis rect into a row of its own just above or below it, entries
/// side by side: for plots whose data leave no free corner (histograms, bars).
/// `perRow` entries share a row (0: all of them), for legends whose entries are long.
/// Right: one column beside the axis rect, centred on its height, for long lists of short
/// entries (`perRow` is ignored).
void moveLegendOutside(QCustomPlot *plot, LegendPlace place, int perRow = 0);

/// Room above each axis rect for the upper half of its highest tick label, which sits centred
/// on the axis's end, and no more. QCustomPlot's minimum of 15 px left a line's height of empty
/// space between the plot and a legend or title above it. Depends on the tick font: called
/// before every replot (after the screen theme) and by an export.
void fitTopMargin(QCustomPlot *plot);

/// Lays the plot out again at once: ticks (as many on a bottom axis as have room for their
/// labels), margins and rects. For a change made after the
/// layout (in afterLayout), which one replot of an export does not come back to: a range set
/// there kept the ticks of the old one.
void layOutNow(QCustomPlot *plot);

/// Puts `label` (its x in plot coordinates) beside the vertical line at `x`: to its right, or,
/// when the line sits in the right 45 % of its axis, to its left, so that the text is never cut
/// off by the frame. Call after the axis range is set; the vertical alignment is kept.
void placeBesideVerticalLine(QCPItemText *label, double x);

/// A colour bar right of the axis rect, as tall as it, labelled `label`, that follows `map`'s
/// gradient and data range: a heat map without one cannot be read. Call after the map has its
/// gradient.
QCPColorScale *addColourScale(QCustomPlot *plot, QCPColorMap *map, const QString &label);

/// Switches each axis between linear and log-10 (with a log ticker), its mirror axis alike.
void setLogAxis(QCustomPlot *plot, bool logX, bool logY);

/// Puts `plot`'s step axis (x) on a log scale from `first` to `last`, for runs whose whole change
/// happens in their first few % of steps. A log axis cannot show step 0: points before step 1
/// are dropped, and a two-point reference line that starts there starts at step 1 instead.
/// Only for graphs drawn afresh on each toggle: the points are gone from them.
void useLogStepAxis(QCustomPlot *plot, double first, double last);
/// The "Log step axis" box of the views that use useLogStepAxis: ticked, saved in sessions as
/// log_steps; `toolTip` says which plots change early.
QCheckBox *makeLogStepBox(const QString &toolTip);

} // namespace dimscope::views
