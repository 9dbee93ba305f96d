// SPDX-License-Identifier: MIT
#pragma once
// How plots look on screen: light (the paper look), dark, or projector (large text, thick lines,
// full contrast), times a font zoom. Views draw in the paper look only; every plot styled by
// applyPlotStyle re-derives its screen look from that just before each replot, so graphs added
// by a later run are themed too. Exports always get the paper look (PaperLook), whatever the
// screen shows: a figure for a paper never comes out dark or with projector-thick lines.

#include <QString>

class QCustomPlot;

namespace dimscope::views {

enum class ThemeKind { Light, Dark, Projector };

struct ScreenTheme {
    ThemeKind kind = ThemeKind::Light;
    double zoom = 1.0; ///< font zoom on top of the theme's own scale, 0.5…3

    bool operator==(const ScreenTheme &o) const { return kind == o.kind && zoom == o.zoom; }
};

/// "light", "dark", "projector" (settings, tests) and back; unknown names give Light.
QString themeName(ThemeKind kind);
ThemeKind themeKindFromName(const QString &name);

const ScreenTheme &screenTheme();
/// Sets the theme for every plot and replots them all.
void setScreenTheme(const ScreenTheme &theme);

/// Brings `plot` to the current screen theme (or to the paper look while a PaperLook holds it).
/// Idempotent; remembers the paper look of everything it changes, and treats a pen, font or
/// colour the view set since as the new paper look.
void applyScreenTheme(QCustomPlot *plot);

/// Makes `plot` at least as tall as its title, outside legend and axes need to leave every axis
/// rect six lines of tick text, and a legend beside it its entries' height, worked out after each
/// on-screen replot (not in an export, whose size is the figure's). In the projector theme at 1280
/// × 720 a two-line title and a five-row legend left a plot's axis rect 50 px: the plot grows, and
/// the plot area scrolls instead.
void keepRoomForTheData(QCustomPlot *plot);

/// The line thickening of a figure whose text is `fontPt`: none up to 10 pt (papers), in
/// proportion above it (18 pt on a slide: 1.8, as the projector theme).
double paperPenScale(double fontPt);

/// Whether `plot` is drawn on a dark ground now (dark or projector theme, not under a PaperLook).
bool showsDarkGround(const QCustomPlot *plot);

/// While alive, `plot` is drawn in the paper look; afterwards in the screen theme again.
/// `penScale` thickens every line, as a slide-sized figure needs (paperPenScale).
class PaperLook {
public:
    explicit PaperLook(QCustomPlot *plot, double penScale = 1.0);
    ~PaperLook();
    PaperLook(const PaperLook &) = delete;
    PaperLook &operator=(const PaperLook &) = delete;

private:
    QCustomPlot *m_plot;
};

} // namespace dimscope::views
