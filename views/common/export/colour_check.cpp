// SPDX-License-Identifier: MIT
#include "common/export/colour_check.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>

#include <qcustomplot.h>

#include "common/screen_theme.h"

namespace dimscope::views {

namespace {

using Rgb = std::array<double, 3>;
using Matrix = std::array<Rgb, 3>;

double toLinear(double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); }

double toEncoded(double v) {
    v = std::clamp(v, 0.0, 1.0);
    return v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
}

Rgb linearOf(const QColor &c) {
    const QColor rgb = c.toRgb();
    return {toLinear(rgb.redF()), toLinear(rgb.greenF()), toLinear(rgb.blueF())};
}

Rgb times(const Matrix &m, const Rgb &v) {
    Rgb out{};
    for (int i = 0; i < 3; ++i)
        out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
    return out;
}

// Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
// vision deficiency", severity 1.0, for linear RGB. Each row sums to 1: greys stay grey.
constexpr Matrix kProtanopia{{{0.152286, 1.052583, -0.204868},
                              {0.114503, 0.786281, 0.099216},
                              {-0.003882, -0.048116, 1.051998}}};
constexpr Matrix kDeuteranopia{{{0.367322, 0.860646, -0.227968},
                                {0.280085, 0.672501, 0.047413},
                                {-0.011820, 0.042940, 0.968881}}};
constexpr Matrix kTritanopia{{{1.255528, -0.076749, -0.178779},
                              {-0.078411, 0.930809, 0.147602},
                              {0.004733, 0.691367, 0.303900}}};

/// CIE luminance Y of linear sRGB (Rec. 709 primaries, D65).
double luminance(const Rgb &v) { return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }

Rgb simulateLinear(const Rgb &v, Vision vision) {
    switch (vision) {
    case Vision::Normal: return v;
    case Vision::Greyscale: {
        const double y = luminance(v);
        return {y, y, y};
    }
    case Vision::Protanopia: return times(kProtanopia, v);
    case Vision::Deuteranopia: return times(kDeuteranopia, v);
    case Vision::Tritanopia: return times(kTritanopia, v);
    }
    return v;
}

Rgb labOf(const QColor &c) {
    const Rgb v = linearOf(c);
    // sRGB (D65) to XYZ, normalised by the D65 white so that white is (1, 1, 1).
    const double x = (0.4124564 * v[0] + 0.3575761 * v[1] + 0.1804375 * v[2]) / 0.95047;
    const double y = 0.2126729 * v[0] + 0.7151522 * v[1] + 0.0721750 * v[2];
    const double z = (0.0193339 * v[0] + 0.1191920 * v[1] + 0.9503041 * v[2]) / 1.08883;
    const auto f = [](double t) {
        constexpr double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
        return t > e ? std::cbrt(t) : (k * t + 16) / 116;
    };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

/// `colour` as it shows on the white page: its alpha blended over white.
QColor overWhite(const QColor &colour) {
    const QColor c = colour.toRgb();
    const double a = c.alphaF();
    return QColor::fromRgbF(float(a * c.redF() + 1 - a), float(a * c.greenF() + 1 - a),
                            float(a * c.blueF() + 1 - a));
}

bool inLegend(QCustomPlot *plot, QCPAbstractPlottable *p) {
    return plot->legend && plot->legend->visible() && plot->legend->hasItemWithPlottable(p);
}

SeriesLook lookOf(QCPAbstractPlottable *p) {
    SeriesLook look;
    look.name = p->name();
    look.colour = p->pen().color();
    look.penStyle = int(p->pen().style());
    QCPScatterStyle markers;
    bool line = true;
    if (auto *graph = qobject_cast<QCPGraph *>(p)) {
        markers = graph->scatterStyle();
        line = graph->lineStyle() != QCPGraph::lsNone;
        look.fillStyle = int(graph->brush().style()); // a filled area tells it from a line
    } else if (auto *curve = qobject_cast<QCPCurve *>(p)) {
        markers = curve->scatterStyle();
        line = curve->lineStyle() != QCPCurve::lsNone;
    } else if (qobject_cast<QCPBars *>(p)) {
        look.colour = p->brush().style() == Qt::NoBrush ? p->pen().color() : p->brush().color();
        look.penStyle = int(Qt::SolidLine);
        look.markerShape = -1; // bars are told apart from lines by their shape
        look.fillStyle = int(p->brush().style());
        return look;
    }
    if (!line)
        look.penStyle = int(Qt::NoPen);
    if (!markers.isNone()) {
        look.markerShape = int(markers.shape());
        if (!line) // the markers carry the colour: their fill if they have one, else their outline
            look.colour = markers.brush().style() != Qt::NoBrush ? markers.brush().color()
                          : markers.isPenDefined()               ? markers.pen().color()
                                                                 : p->pen().color();
    }
    return look;
}

bool drawnAlike(const SeriesLook &a, const SeriesLook &b) {
    return a.penStyle == b.penStyle && a.markerShape == b.markerShape && a.fillStyle == b.fillStyle;
}

constexpr Vision kVisions[] = {Vision::Normal, Vision::Greyscale, Vision::Protanopia,
                               Vision::Deuteranopia, Vision::Tritanopia};

/// The first vision in which `a` and `b` are closer than kHardToTellApart, and how close.
std::optional<std::pair<Vision, double>> firstConfusingVision(const QColor &a, const QColor &b) {
    for (const Vision vision : kVisions) {
        const double d = deltaE(simulateVision(a, vision), simulateVision(b, vision));
        if (d < kHardToTellApart)
            return std::pair{vision, d};
    }
    return std::nullopt;
}

/// The series a reader matches to legend entries: visible, in the legend, not a colour map.
std::vector<QCPAbstractPlottable *> legendSeries(QCustomPlot *plot) {
    std::vector<QCPAbstractPlottable *> series;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *p = plot->plottable(i);
        if (p->visible() && inLegend(plot, p) && !qobject_cast<QCPColorMap *>(p))
            series.push_back(p);
    }
    return series;
}

} // namespace

QString visionName(Vision vision) {
    switch (vision) {
    case Vision::Normal: return QStringLiteral("normal vision");
    case Vision::Greyscale: return QStringLiteral("greyscale");
    case Vision::Protanopia: return QStringLiteral("protanopia");
    case Vision::Deuteranopia: return QStringLiteral("deuteranopia");
    case Vision::Tritanopia: return QStringLiteral("tritanopia");
    }
    return {};
}

QColor simulateVision(const QColor &colour, Vision vision) {
    const Rgb v = simulateLinear(linearOf(colour), vision);
    return QColor::fromRgbF(float(toEncoded(v[0])), float(toEncoded(v[1])), float(toEncoded(v[2])));
}

double deltaE(const QColor &a, const QColor &b) {
    const Rgb p = labOf(a), q = labOf(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

bool confused(const SeriesLook &a, const SeriesLook &b) {
    return drawnAlike(a, b) && firstConfusingVision(a.colour, b.colour).has_value();
}

std::vector<Confusion> confusions(const std::vector<SeriesLook> &series) {
    std::vector<Confusion> found;
    for (std::size_t i = 0; i < series.size(); ++i)
        for (std::size_t j = i + 1; j < series.size(); ++j) {
            if (!drawnAlike(series[i], series[j]))
                continue;
            if (const auto vision = firstConfusingVision(series[i].colour, series[j].colour))
                found.push_back({series[i].name, series[j].name, vision->first, vision->second});
        }
    return found;
}

std::vector<SeriesLook> seriesLooks(QCustomPlot *plot) {
    std::vector<SeriesLook> looks;
    for (QCPAbstractPlottable *p : legendSeries(plot)) {
        SeriesLook look = lookOf(p);
        look.colour = overWhite(look.colour);
        looks.push_back(look);
    }
    return looks;
}

QStringList colourWarnings(QCustomPlot *plot, bool distinctStrokes) {
    QStringList warnings;
    const PaperLook paper(plot); // judged as printed, whatever theme the screen shows
    const DistinctStrokes strokes(plot, distinctStrokes);
    for (const Confusion &c : confusions(seriesLooks(plot)))
        warnings << QStringLiteral("'%1' and '%2' look alike in %3 (ΔE\u00a0%4)")
                        .arg(c.first, c.second, visionName(c.vision))
                        .arg(c.deltaE, 0, 'f', 1);
    return warnings;
}

struct DistinctStrokes::Saved {
    QCPAbstractPlottable *plottable;
    QPen pen;
    QBrush brush;
    QCPScatterStyle markers;
    int markerSkip;
};

namespace {

// The looks a series can take, in the order they are handed out: the plain ones first.
constexpr Qt::PenStyle kDashes[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine,
                                    Qt::DashDotDotLine};
constexpr QCPScatterStyle::ScatterShape kShapes[] = {
    QCPScatterStyle::ssCircle,           QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
    QCPScatterStyle::ssDiamond,          QCPScatterStyle::ssCross,  QCPScatterStyle::ssPlus,
    QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssStar,   QCPScatterStyle::ssCrossSquare};
constexpr Qt::BrushStyle kHatches[] = {Qt::SolidPattern,     Qt::BDiagPattern, Qt::FDiagPattern,
                                       Qt::DiagCrossPattern, Qt::HorPattern,   Qt::VerPattern,
                                       Qt::CrossPattern,     Qt::Dense5Pattern};

/// Every look a series of `current`'s kind can take.
std::vector<SeriesLook> candidatesFor(const SeriesLook &current) {
    std::vector<SeriesLook> candidates;
    SeriesLook look = current;
    if (current.markerShape < 0) { // bars
        for (const Qt::BrushStyle hatch : kHatches) {
            look.fillStyle = int(hatch);
            candidates.push_back(look);
        }
    } else if (current.penStyle == int(Qt::NoPen)) { // markers only
        for (const auto shape : kShapes) {
            look.markerShape = int(shape);
            candidates.push_back(look);
        }
    } else {
        // Lines: markers along the line first, keeping its dash, which a plot may already use
        // for a meaning of its own ("dashed: gradient-based"); then the other dashes.
        std::vector<int> dashes{current.penStyle};
        for (const Qt::PenStyle dash : kDashes)
            if (int(dash) != current.penStyle)
                dashes.push_back(int(dash));
        std::vector<int> shapes{current.markerShape};
        for (const auto shape : kShapes)
            if (int(shape) != current.markerShape)
                shapes.push_back(int(shape));
        for (const int dash : dashes)
            for (const int shape : shapes) {
                look.penStyle = dash;
                look.markerShape = shape;
                candidates.push_back(look);
            }
    }
    return candidates;
}

void applyLook(QCPAbstractPlottable *p, const SeriesLook &look) {
    if (auto *bars = qobject_cast<QCPBars *>(p)) {
        QBrush brush = bars->brush();
        QColor colour = brush.color();
        if (look.fillStyle != int(Qt::SolidPattern))
            colour.setAlpha(255); // hatching lines are thin: in full colour
        brush.setColor(colour);
        brush.setStyle(Qt::BrushStyle(look.fillStyle));
        bars->setBrush(brush);
        return;
    }
    auto *graph = qobject_cast<QCPGraph *>(p);
    auto *curve = qobject_cast<QCPCurve *>(p);
    if (!graph && !curve)
        return;
    QCPScatterStyle markers = graph ? graph->scatterStyle() : curve->scatterStyle();
    if (look.penStyle != int(Qt::NoPen)) {
        QPen pen = p->pen();
        pen.setStyle(Qt::PenStyle(look.penStyle));
        p->setPen(pen);
        if (look.markerShape != 0 && markers.isNone()) { // markers added to a line: about 12
            markers = QCPScatterStyle(QCPScatterStyle::ssCircle, pen.color(), Qt::white, 5);
            const int skip = std::max(0, p->interface1D()->dataCount() / 12 - 1);
            if (graph)
                graph->setScatterSkip(skip);
            else
                curve->setScatterSkip(skip);
        }
    }
    if (look.markerShape > 0) {
        markers.setShape(QCPScatterStyle::ScatterShape(look.markerShape));
        if (graph)
            graph->setScatterStyle(markers);
        else
            curve->setScatterStyle(markers);
    }
}

} // namespace

DistinctStrokes::DistinctStrokes(QCustomPlot *plot, bool on) {
    if (!on)
        return;
    const std::vector<QCPAbstractPlottable *> series = legendSeries(plot);
    std::vector<SeriesLook> looks;
    for (QCPAbstractPlottable *p : series) {
        SeriesLook look = lookOf(p);
        look.colour = overWhite(look.colour);
        const auto isConfused = [&](const SeriesLook &candidate) {
            for (const SeriesLook &earlier : looks)
                if (confused(candidate, earlier))
                    return true;
            return false;
        };
        if (isConfused(look)) {
            // The first look no earlier series has: told apart from each of them whatever the
            // colours. When all are taken, the series keeps its own (and the check says so).
            for (const SeriesLook &candidate : candidatesFor(look)) {
                bool taken = false;
                for (const SeriesLook &earlier : looks)
                    taken = taken || drawnAlike(candidate, earlier);
                if (taken)
                    continue;
                auto *graph = qobject_cast<QCPGraph *>(p);
                auto *curve = qobject_cast<QCPCurve *>(p);
                m_saved.push_back({p, p->pen(), p->brush(),
                                   graph   ? graph->scatterStyle()
                                   : curve ? curve->scatterStyle()
                                           : QCPScatterStyle(),
                                   graph   ? graph->scatterSkip()
                                   : curve ? curve->scatterSkip()
                                           : 0});
                applyLook(p, candidate);
                look = candidate;
                break;
            }
        }
        looks.push_back(look);
    }
}

DistinctStrokes::~DistinctStrokes() {
    for (const Saved &saved : m_saved) {
        saved.plottable->setPen(saved.pen);
        saved.plottable->setBrush(saved.brush);
        if (auto *graph = qobject_cast<QCPGraph *>(saved.plottable)) {
            graph->setScatterStyle(saved.markers);
            graph->setScatterSkip(saved.markerSkip);
        } else if (auto *curve = qobject_cast<QCPCurve *>(saved.plottable)) {
            curve->setScatterStyle(saved.markers);
            curve->setScatterSkip(saved.markerSkip);
        }
    }
}

} // namespace dimscope::views
