// SPDX-License-Identifier: MIT
#pragma once
// Tidy CSV of plotted series, one row per point: plot,series,kind,x,y, and y_low,y_high when a
// series carries a band. The same format as the figure export's CSV
// (views/common/export/figure_csv.cpp): RFC 4180 with CRLF line ends, a field quoted only when it
// holds a quote, comma or line end, numbers with 17 significant digits ("%.17g", so every double
// reads back exactly), NaN as "NaN" and infinities as "Inf"/"-Inf".
//
// Core code builds these rows from its own data, not from what a plot holds: a decimated curve's
// CSV still has every raw point.

#include <string>
#include <vector>

namespace dimscope::curves {

struct TidySeries {
    std::string plot;          ///< the plot's name, e.g. "curves"
    std::string series;        ///< the legend's name of the series
    std::string kind = "line"; ///< "line", "scatter", "bars" or "curve", as figure_csv writes
    std::vector<double> x, y;
    std::vector<double> yLow, yHigh; ///< empty, or one value per point: the band around y
};

/// "plot,series,kind,x,y" and ",y_low,y_high" when some series has a band.
std::vector<std::string> tidyColumns(const std::vector<TidySeries> &series);

/// The whole CSV text, header included. Throws std::invalid_argument when a series' arrays differ
/// in length. Rows of series without a band leave y_low and y_high empty.
std::string tidyCsv(const std::vector<TidySeries> &series);

/// Reads tidyCsv's text back (tests, and tools that check an export): consecutive rows with the
/// same plot, series and kind form one series. Throws std::invalid_argument naming the line.
std::vector<TidySeries> parseTidyCsv(const std::string &text);

} // namespace dimscope::curves
