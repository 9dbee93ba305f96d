// SPDX-License-Identifier: MIT
#pragma once
// Will a reader tell the series apart? A figure is printed in greyscale, or read by one man in
// twelve with a colour vision deficiency. Each pair of series drawn alike (same pen style, same
// marker) is compared as such a reader sees their colours: simulated in linear RGB (Machado,
// Oliveira & Fernandes 2009, severity 1; greyscale as CIE luminance), then measured in CIELAB.

#include <QColor>
#include <QString>
#include <QStringList>

#include <vector>

class QCustomPlot;
class QCPAbstractPlottable;

namespace dimscope::views {

enum class Vision { Normal, Greyscale, Protanopia, Deuteranopia, Tritanopia };

/// "normal vision", "greyscale", "protanopia", …
QString visionName(Vision vision);

/// How `colour` looks in `vision` (alpha dropped).
QColor simulateVision(const QColor &colour, Vision vision);

/// CIE 1976 ΔE*ab between two sRGB colours (D65 white).
double deltaE(const QColor &a, const QColor &b);

/// Below this ΔE two thin lines or small markers are hard to tell apart. (2.3 is the
/// just-noticeable difference between two large patches side by side; a reader matching a line to
/// its legend entry across the figure needs several times that.)
constexpr double kHardToTellApart = 10.0;

/// What a series of a plot looks like, as far as telling it from another goes.
struct SeriesLook {
    QString name;
    QColor colour;
    int penStyle = 1;    ///< Qt::PenStyle of its line; Qt::NoPen when only markers are drawn
    int markerShape = 0; ///< QCPScatterStyle::ScatterShape; 0 when no markers are drawn
    int fillStyle = 0;   ///< Qt::BrushStyle of bars or a filled area; 0 for none
};

struct Confusion {
    QString first;
    QString second;
    Vision vision;
    double deltaE;
};

/// Every pair of `series` drawn alike whose colours are closer than kHardToTellApart in some
/// vision, each pair reported once (in the first vision, in enum order, that confuses it).
std::vector<Confusion> confusions(const std::vector<SeriesLook> &series);

/// The series of `plot` a reader has to tell apart: visible graphs, curves and bars with a
/// legend entry.
std::vector<SeriesLook> seriesLooks(QCustomPlot *plot);

/// Whether two series of these looks would be confused: drawn alike, and with colours closer
/// than kHardToTellApart in some vision.
bool confused(const SeriesLook &a, const SeriesLook &b);

/// One sentence per confusion in `plot` in its paper look (as exported, with DistinctStrokes when
/// `distinctStrokes`), e.g. "'hubs' and 'anti-hubs' look alike in greyscale (ΔE 4.2)"; empty
/// when every pair can be told apart.
QStringList colourWarnings(QCustomPlot *plot, bool distinctStrokes = false);

/// While it lives (and when `on`), each series of `plot` that would be confused with an earlier
/// one gets a look of its own that needs no colour: markers along a line (then another dash),
/// a marker shape for markers, a hatching for bars. Series told apart keep their look.
/// The destructor restores every pen, brush and marker.
class DistinctStrokes {
public:
    DistinctStrokes(QCustomPlot *plot, bool on);
    ~DistinctStrokes();
    DistinctStrokes(const DistinctStrokes &) = delete;
    DistinctStrokes &operator=(const DistinctStrokes &) = delete;

private:
    struct Saved;
    std::vector<Saved> m_saved;
};

} // namespace dimscope::views
