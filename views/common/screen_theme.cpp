// SPDX-License-Identifier: MIT
#include "common/screen_theme.h"

#include <algorithm>
#include <limits>

#include <QApplication>
#include <QVariant>

#include <qcustomplot.h>

namespace dimscope::views {

namespace {

ScreenTheme &current() {
    static ScreenTheme theme;
    return theme;
}

/// Marks a plot an export is drawing: its replots use the paper look, with lines thickened by
/// this factor (0 or absent: not an export).
constexpr const char *kPaperProperty = "dimscope.paperLook";
/// The ground a plot is drawn on now: QCustomPlot keeps its background brush to itself.
constexpr const char *kGroundProperty = "dimscope.shown.background";
/// A plot's minimum size as its view set it, for the paper look's text.
constexpr const char *kPaperMinimumProperty = "dimscope.paper.minimumSize";
/// The height the plot's text leaves its axis rects room at (keepRoomForTheData), 0 for none.
constexpr const char *kRoomForDataProperty = "dimscope.roomForData.height";

/// Greys (axes, text, theory curves, grids, backgrounds) change with the theme; the palette's
/// colours keep their hue so a series is the same series in every theme.
bool isGrey(const QColor &c) { return c.hslSaturationF() < 0.2 || c.lightnessF() < 0.12; }

QColor themedColor(const QColor &paper, ThemeKind kind) {
    if (kind == ThemeKind::Light || !paper.isValid())
        return paper;
    QColor c = paper.toHsl();
    const double l = c.lightnessF();
    if (kind == ThemeKind::Dark) {
        // Lightness mirrored for greys (white paper → near-black, black ink → near-white);
        // colours lifted just enough to stand out on the dark ground.
        const double lightness = isGrey(c) ? 0.08 + 0.84 * (1.0 - l) : std::max(l, 0.6);
        c.setHslF(c.hslHueF(), c.hslSaturationF(), lightness, c.alphaF());
    } else {
        // Projector: grey ink darker (a washed-out grid vanishes under a projector's lamp);
        // paper-white grounds stay white.
        if (isGrey(c) && l < 0.97)
            c.setHslF(c.hslHueF(), c.hslSaturationF(), l * 0.7, c.alphaF());
    }
    return c.toRgb();
}

struct Look {
    ThemeKind kind;
    double fontScale;
    double penScale;
};

Look lookOf(const ScreenTheme &theme) {
    switch (theme.kind) {
    case ThemeKind::Light: return {ThemeKind::Light, theme.zoom, 1.0};
    case ThemeKind::Dark: return {ThemeKind::Dark, theme.zoom, 1.0};
    case ThemeKind::Projector: return {ThemeKind::Projector, 1.5 * theme.zoom, 1.8};
    }
    return {ThemeKind::Light, 1.0, 1.0};
}

QPen themedPen(QPen pen, const Look &look) {
    pen.setColor(themedColor(pen.color(), look.kind));
    if (look.penScale != 1.0 && pen.style() != Qt::NoPen)
        pen.setWidthF(std::max(1.0, pen.widthF()) * look.penScale);
    return pen;
}

QBrush themedBrush(QBrush brush, const Look &look) {
    if (brush.style() != Qt::NoBrush)
        brush.setColor(themedColor(brush.color(), look.kind));
    return brush;
}

QFont themedFont(QFont font, const Look &look) {
    if (look.fontScale != 1.0 && font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * look.fontScale);
    return font;
}

/// Sets one attribute of `owner` to `map(paper)`, where paper is the value the view last set:
/// what we set last is remembered, so a value that differs from it was set by the view since
/// and becomes the new paper value.
template <class T, class Get, class Set, class Map>
void themeAttribute(QObject *owner, const char *name, Get get, Set set, Map map) {
    const QByteArray paperKey = QByteArray("dimscope.paper.") + name;
    const QByteArray shownKey = QByteArray("dimscope.shown.") + name;
    const T now = get();
    const QVariant shown = owner->property(shownKey.constData());
    const bool ours = shown.isValid() && shown.value<T>() == now;
    const T paper = ours ? owner->property(paperKey.constData()).template value<T>() : now;
    const T themed = map(paper);
    if (ours && themed == now)
        return; // every replot after the first: nothing to change, nothing to record
    if (!ours)
        owner->setProperty(paperKey.constData(), QVariant::fromValue(paper));
    owner->setProperty(shownKey.constData(), QVariant::fromValue(themed));
    if (!(themed == now))
        set(themed);
}

#define DIMSCOPE_THEME(T, object, name, getter, setter, mapper)                                    \
    themeAttribute<T>(                                                                             \
        object, name, [&] { return object->getter(); }, [&](const T &v) { object->setter(v); },    \
        [&](const T &v) { return mapper(v, look); })

QColor colorMap(const QColor &c, const Look &look) { return themedColor(c, look.kind); }

void themeAxis(QCPAxis *axis, const Look &look) {
    DIMSCOPE_THEME(QPen, axis, "base", basePen, setBasePen, themedPen);
    DIMSCOPE_THEME(QPen, axis, "tick", tickPen, setTickPen, themedPen);
    DIMSCOPE_THEME(QPen, axis, "subtick", subTickPen, setSubTickPen, themedPen);
    DIMSCOPE_THEME(QColor, axis, "labelColor", labelColor, setLabelColor, colorMap);
    DIMSCOPE_THEME(QColor, axis, "tickLabelColor", tickLabelColor, setTickLabelColor, colorMap);
    DIMSCOPE_THEME(QFont, axis, "labelFont", labelFont, setLabelFont, themedFont);
    DIMSCOPE_THEME(QFont, axis, "tickLabelFont", tickLabelFont, setTickLabelFont, themedFont);
    QCPGrid *grid = axis->grid();
    // Grid lines stay thin in every theme: thick grids compete with the data.
    const Look thin{look.kind, look.fontScale, 1.0};
    themeAttribute<QPen>(
        grid, "grid", [&] { return grid->pen(); }, [&](const QPen &p) { grid->setPen(p); },
        [&](const QPen &p) { return themedPen(p, thin); });
    themeAttribute<QPen>(
        grid, "subgrid", [&] { return grid->subGridPen(); },
        [&](const QPen &p) { grid->setSubGridPen(p); },
        [&](const QPen &p) { return themedPen(p, thin); });
}

void themePlottable(QCPAbstractPlottable *plottable, const Look &look) {
    DIMSCOPE_THEME(QPen, plottable, "pen", pen, setPen, themedPen);
    DIMSCOPE_THEME(QBrush, plottable, "brush", brush, setBrush, themedBrush);
    if (auto *graph = qobject_cast<QCPGraph *>(plottable)) {
        QCPScatterStyle style = graph->scatterStyle();
        if (style.isNone())
            return;
        const auto setStyle = [&](auto change) {
            QCPScatterStyle s = graph->scatterStyle();
            change(s);
            graph->setScatterStyle(s);
        };
        themeAttribute<QPen>(
            graph, "scatterPen", [&] { return graph->scatterStyle().pen(); },
            [&](const QPen &p) { setStyle([&](QCPScatterStyle &s) { s.setPen(p); }); },
            [&](const QPen &p) { return themedPen(p, look); });
        themeAttribute<QBrush>(
            graph, "scatterBrush", [&] { return graph->scatterStyle().brush(); },
            [&](const QBrush &b) { setStyle([&](QCPScatterStyle &s) { s.setBrush(b); }); },
            [&](const QBrush &b) { return themedBrush(b, look); });
    }
}

void themeItem(QCPAbstractItem *item, const Look &look) {
    if (auto *text = qobject_cast<QCPItemText *>(item)) {
        DIMSCOPE_THEME(QColor, text, "color", color, setColor, colorMap);
        DIMSCOPE_THEME(QFont, text, "font", font, setFont, themedFont);
        DIMSCOPE_THEME(QPen, text, "pen", pen, setPen, themedPen);
        DIMSCOPE_THEME(QBrush, text, "brush", brush, setBrush, themedBrush);
    } else if (auto *line = qobject_cast<QCPItemLine *>(item)) {
        DIMSCOPE_THEME(QPen, line, "pen", pen, setPen, themedPen);
    } else if (auto *straight = qobject_cast<QCPItemStraightLine *>(item)) {
        DIMSCOPE_THEME(QPen, straight, "pen", pen, setPen, themedPen);
    } else if (auto *rect = qobject_cast<QCPItemRect *>(item)) {
        DIMSCOPE_THEME(QPen, rect, "pen", pen, setPen, themedPen);
        DIMSCOPE_THEME(QBrush, rect, "brush", brush, setBrush, themedBrush);
    }
}

void themeLayout(QCustomPlot *plot, const Look &look) {
    const QList<QCPLayoutElement *> elements = plot->plotLayout()->elements(true);
    for (QCPLayoutElement *element : elements) {
        if (!element)
            continue;
        if (auto *rect = qobject_cast<QCPAxisRect *>(element)) {
            for (QCPAxis *axis : rect->axes())
                themeAxis(axis, look);
        } else if (auto *scale = qobject_cast<QCPColorScale *>(element)) {
            if (scale->axis())
                themeAxis(scale->axis(), look);
        } else if (auto *legend = qobject_cast<QCPLegend *>(element)) {
            DIMSCOPE_THEME(QBrush, legend, "brush", brush, setBrush, themedBrush);
            DIMSCOPE_THEME(QPen, legend, "border", borderPen, setBorderPen, themedPen);
            // Line samples and their gap grow with the text: at the projector's size the
            // paper's 16 × 10 px samples were stubs at the top of each line, too short for a
            // dash to show.
            themeAttribute<QSize>(
                legend, "iconSize", [&] { return legend->iconSize(); },
                [&](const QSize &size) { legend->setIconSize(size); },
                [&](const QSize &size) {
                    return (QSizeF(size) * look.fontScale).toSize().expandedTo(QSize(8, 6));
                });
            themeAttribute<int>(
                legend, "iconTextPadding", [&] { return legend->iconTextPadding(); },
                [&](int padding) { legend->setIconTextPadding(padding); },
                [&](int padding) { return qRound(padding * look.fontScale); });
        } else if (auto *entry = qobject_cast<QCPAbstractLegendItem *>(element)) {
            DIMSCOPE_THEME(QColor, entry, "textColor", textColor, setTextColor, colorMap);
            DIMSCOPE_THEME(QFont, entry, "font", font, setFont, themedFont);
        } else if (auto *text = qobject_cast<QCPTextElement *>(element)) {
            DIMSCOPE_THEME(QColor, text, "textColor", textColor, setTextColor, colorMap);
            DIMSCOPE_THEME(QFont, text, "font", font, setFont, themedFont);
        }
    }
}

#undef DIMSCOPE_THEME

/// A plot's minimum size is set for the paper look's text. Larger text (the projector theme, a
/// font zoom) needs room in proportion, or titles, legends and tick labels crowd the plot's
/// inside away: the minimum grows with the text, and layouts that reflow (ReflowGrid) rearrange.
void themeMinimumSize(QCustomPlot *plot, const Look &look) {
    QVariant paper = plot->property(kPaperMinimumProperty);
    if (!paper.isValid()) {
        paper = plot->minimumSize();
        plot->setProperty(kPaperMinimumProperty, paper);
    }
    QSize wanted = paper.toSize() * std::max(1.0, look.fontScale);
    wanted.setHeight(std::max(wanted.height(), plot->property(kRoomForDataProperty).toInt()));
    if (plot->minimumSize() == wanted)
        return;
    plot->setMinimumSize(wanted);
    // A plot narrower than its new minimum is widened at once, but here, inside a replot
    // (beforeReplot), QCustomPlot does not take the new size: its viewport and buffer kept the
    // old width, and a black strip stood beside the plot until the next resize. Take it now.
    if (plot->viewport() != plot->rect())
        plot->setViewport(plot->rect());
}

void applyLook(QCustomPlot *plot, const Look &look) {
    // QCustomPlot keeps its background brush to itself; every plot's paper ground is white
    // (applyPlotStyle), so the themed one is derived from that.
    const QColor ground = themedColor(Qt::white, look.kind);
    if (plot->property(kGroundProperty).value<QColor>() != ground) {
        plot->setBackground(ground);
        plot->setProperty(kGroundProperty, ground);
    }
    themeLayout(plot, look);
    for (int i = 0; i < plot->plottableCount(); ++i)
        themePlottable(plot->plottable(i), look);
    for (int i = 0; i < plot->itemCount(); ++i)
        themeItem(plot->item(i), look);
}

} // namespace

QString themeName(ThemeKind kind) {
    switch (kind) {
    case ThemeKind::Light: return QStringLiteral("light");
    case ThemeKind::Dark: return QStringLiteral("dark");
    case ThemeKind::Projector: return QStringLiteral("projector");
    }
    return QStringLiteral("light");
}

ThemeKind themeKindFromName(const QString &name) {
    if (name == QLatin1String("dark"))
        return ThemeKind::Dark;
    if (name == QLatin1String("projector"))
        return ThemeKind::Projector;
    return ThemeKind::Light;
}

const ScreenTheme &screenTheme() { return current(); }

void setScreenTheme(const ScreenTheme &theme) {
    current() = theme;
    current().zoom = std::clamp(theme.zoom, 0.5, 3.0);
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget *widget : widgets)
        if (auto *plot = qobject_cast<QCustomPlot *>(widget))
            plot->replot(QCustomPlot::rpQueuedReplot);
}

void applyScreenTheme(QCustomPlot *plot) {
    const double paperPens = plot->property(kPaperProperty).toDouble();
    if (paperPens > 0) { // an export: the widget's size is not the figure's, leave it
        applyLook(plot, Look{ThemeKind::Light, 1.0, paperPens});
        return;
    }
    applyLook(plot, lookOf(current()));
    themeMinimumSize(plot, lookOf(current()));
}

void keepRoomForTheData(QCustomPlot *plot) {
    // After the replot, not after the layout: legends and axis labels are fitted after the
    // layout (afterLayout), and lay the plot out again.
    QObject::connect(plot, &QCustomPlot::afterReplot, plot, [plot] {
        if (plot->property(kPaperProperty).toDouble() > 0 || plot->viewport() != plot->rect())
            return; // an export, laid out at the figure's size
        // The height at which the shortest axis rect would get its six lines: what the title,
        // legend and axes take stays the same as the plot grows, since it depends on the width.
        int shortfall = std::numeric_limits<int>::min();
        for (QCPAxisRect *rect : plot->axisRects()) {
            const QCPAxis *left = rect->axis(QCPAxis::atLeft);
            if (!rect->visible() || !rect->layout() || !left || !left->visible())
                continue; // a colour bar's own rect, say
            const int line = QFontMetrics(left->tickLabelFont()).height();
            shortfall = std::max(shortfall, 6 * line - rect->height());
        }
        if (shortfall == std::numeric_limits<int>::min())
            return;
        // A legend beside the axis rect (LegendPlace::Right) as tall as its entries. Only a
        // legend short of room counts: one that fits says nothing of the height needed, and
        // taken as "the height now" it ratcheted the plot up by the layout's spare pixels.
        if (const QCPLegend *legend = plot->legend; legend && legend->visible()) {
            const int legendShortfall =
                legend->minimumOuterSizeHint().height() - legend->outerRect().height();
            if (legendShortfall > 0)
                shortfall = std::max(shortfall, legendShortfall);
        }
        const int needed = std::max(0, plot->height() + shortfall);
        if (needed == plot->property(kRoomForDataProperty).toInt())
            return;
        plot->setProperty(kRoomForDataProperty, needed);
        themeMinimumSize(plot, lookOf(current()));
    });
}

double paperPenScale(double fontPt) { return std::max(1.0, fontPt / 10.0); }

bool showsDarkGround(const QCustomPlot *plot) {
    const QColor ground = plot->property(kGroundProperty).value<QColor>();
    return ground.isValid() && ground.lightness() < 128;
}

PaperLook::PaperLook(QCustomPlot *plot, double penScale) : m_plot(plot) {
    m_plot->setProperty(kPaperProperty, std::max(1.0, penScale));
    applyScreenTheme(m_plot);
}

PaperLook::~PaperLook() {
    m_plot->setProperty(kPaperProperty, 0.0);
    applyScreenTheme(m_plot);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace dimscope::views
