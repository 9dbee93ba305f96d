// SPDX-License-Identifier: MIT
#include "common/curves/ensemble_layer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QRegularExpression>

#include <qcustomplot.h>

#include "common/curves/decimated_graph.h"
#include "common/plot_style.h"

namespace dimscope::views {

namespace {

/// The colour at `alpha` (0…255): raw points and bands behind the lines in front.
QColor faded(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

void setSeries(QCPGraph *graph, curves::CurveSeries series) {
    DecimatedGraph::of(graph)->setSeries(std::move(series));
}

/// A series of the ensemble's x and one of its columns (mean, lower, upper).
curves::CurveSeries columnOf(const curves::EnsembleCurve &e, const std::vector<double> &y) {
    return curves::CurveSeries(e.x, y);
}

bool extend(const curves::CurveSeries &s, double &lo, double &hi, bool positiveOnly) {
    double a = 0, b = 0;
    if (!s.yRange(a, b, positiveOnly))
        return false;
    lo = std::min(lo, a);
    hi = std::max(hi, b);
    return true;
}

} // namespace

EnsembleScale ensembleScaleOf(const QCustomPlot *plot) {
    return plot->yAxis->scaleType() == QCPAxis::stLogarithmic ? EnsembleScale::Log
                                                              : EnsembleScale::Linear;
}

EnsembleLayerData ensembleData(const QString &name, const std::vector<std::vector<double>> &x,
                               const std::vector<std::vector<double>> &y, curves::Band band,
                               const curves::Smoother &smoother, EnsembleScale scale) {
    EnsembleLayerData data;
    data.name = name;
    const bool smoothing = smoother.kind != curves::Smoothing::None;
    for (std::size_t r = 0; r < y.size(); ++r) {
        const std::vector<double> &xr = x.size() == 1 ? x.front() : x.at(r);
        const std::size_t n = std::min(xr.size(), y[r].size());
        std::vector<double> xs(xr.begin(), xr.begin() + static_cast<std::ptrdiff_t>(n));
        std::vector<double> ys(y[r].begin(), y[r].begin() + static_cast<std::ptrdiff_t>(n));
        data.runNames.push_back(QStringLiteral("seed %1").arg(r + 1));
        if (smoothing)
            data.smoothed.emplace_back(xs, curves::smooth(ys, smoother));
        data.raw.emplace_back(std::move(xs), std::move(ys));
    }
    data.ensemble =
        curves::ensemble(smoothing ? data.smoothed : data.raw, band, scale == EnsembleScale::Log);
    data.legend = QString::fromStdString(curves::bandLegend(data.ensemble));
    if (smoothing)
        data.legend += QStringLiteral("; ") + QString::fromStdString(curves::legendText(smoother));
    return data;
}

EnsembleLayer::EnsembleLayer(QCustomPlot *plot, QColor colour) : m_plot(plot), m_colour(colour) {}

EnsembleLayer::~EnsembleLayer() { removeGraphs(); }

QCPGraph *EnsembleLayer::newGraph() {
    QCPGraph *g = m_plot->addGraph();
    g->removeFromLegend();
    g->setAdaptiveSampling(false); // DecimatedGraph already hands over what fits the pixels
    return g;
}

void EnsembleLayer::removeGraphs() {
    for (QCPGraph *g : m_raw)
        m_plot->removeGraph(g);
    for (QCPGraph *g : m_front)
        m_plot->removeGraph(g);
    if (m_upper)
        m_plot->removeGraph(m_upper);
    if (m_lower)
        m_plot->removeGraph(m_lower);
    m_raw.clear();
    m_front.clear();
    m_lower = m_upper = nullptr;
}

void EnsembleLayer::clear() { removeGraphs(); }

void EnsembleLayer::setRawVisible(bool visible) {
    m_rawVisible = visible;
    for (QCPGraph *g : m_raw)
        g->setVisible(visible);
}

void EnsembleLayer::show(const EnsembleLayerData &data) {
    removeGraphs();
    const bool smoothed = !data.smoothed.empty();
    const curves::EnsembleCurve &e = data.ensemble;
    const bool eachRunInFront = e.band == curves::Band::EverySeed || data.raw.size() == 1;
    // Behind, faded: every run's raw points, unless they are the curves in front. So a mean and
    // its band never hide the runs they summarise, and the CSV export holds every logged point.
    // Every graph is named, also those kept out of the legend: the CSV export labels its rows so.
    const auto runName = [&data](std::size_t i) {
        return i < data.runNames.size() ? data.runNames[i] : QStringLiteral("run %1").arg(i + 1);
    };
    if (smoothed || !eachRunInFront) {
        for (std::size_t i = 0; i < data.raw.size(); ++i) {
            const curves::CurveSeries &run = data.raw[i];
            QCPGraph *g = newGraph();
            g->setName(data.name + QStringLiteral(", ") + runName(i) + QStringLiteral(", raw"));
            g->setPen(QPen(faded(m_colour, 70), 1.0));
            g->setVisible(m_rawVisible);
            setSeries(g, run);
            m_raw.push_back(g);
        }
    }
    const std::vector<curves::CurveSeries> &shown = smoothed ? data.smoothed : data.raw;
    if (eachRunInFront) {
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const curves::CurveSeries &run = shown[i];
            QCPGraph *g = newGraph();
            g->setName(data.name + QStringLiteral(", ") + runName(i));
            g->setPen(QPen(m_colour, 1.5));
            setSeries(g, run);
            m_front.push_back(g);
        }
    } else {
        if (e.hasBand()) {
            m_lower = newGraph();
            m_upper = newGraph();
            m_lower->setName(data.name + QStringLiteral(", band low"));
            m_upper->setName(data.name + QStringLiteral(", band high"));
            m_lower->setPen(Qt::NoPen);
            m_upper->setPen(Qt::NoPen);
            m_upper->setBrush(faded(m_colour, 60));
            m_upper->setChannelFillGraph(m_lower);
            setSeries(m_lower, columnOf(e, e.lower));
            setSeries(m_upper, columnOf(e, e.upper));
        }
        QCPGraph *mean = newGraph();
        mean->setName(data.name + QStringLiteral(", mean"));
        mean->setPen(QPen(m_colour, 2.0));
        setSeries(mean, columnOf(e, e.mean));
        m_front.push_back(mean);
    }
    if (!m_front.empty()) {
        // The legend entry names the band and the smoother; with a line per seed the first
        // carries it for all. (CSV rows take this name too.)
        QCPGraph *named = m_front.front();
        named->setName(data.legend.isEmpty() ? data.name
                                             : data.name + QStringLiteral(": ") + data.legend);
        named->addToLegend();
    }
}

QString takeLegendBand(EnsembleLayerData &data) {
    QString band;
    std::swap(band, data.legend);
    // A wrapped title must not break "n = 4" or "± 1 sd" apart.
    band.replace(QStringLiteral(" = "), QStringLiteral("\u00A0=\u00A0"));
    band.replace(QStringLiteral("± 1 sd"), QStringLiteral("±\u00A01\u00A0sd"));
    // Word joiners: "×/÷" broke after its slash.
    band.replace(QStringLiteral("×/÷ geometric sd"),
                 QStringLiteral("×\u2060/\u2060÷\u00A0geometric\u00A0sd"));
    band.replace(QRegularExpression(QStringLiteral("(\\d) (\\w)")), QStringLiteral("\\1\u00A0\\2"));
    return band;
}

bool EnsembleLayer::yRange(double &lo, double &hi, bool positiveOnly) const {
    lo = std::numeric_limits<double>::infinity();
    hi = -lo;
    bool any = false;
    const auto add = [&](QCPGraph *g) {
        if (g && g->visible())
            any |= extend(DecimatedGraph::of(g)->series(), lo, hi, positiveOnly);
    };
    for (QCPGraph *g : m_raw)
        add(g);
    for (QCPGraph *g : m_front)
        add(g);
    add(m_lower);
    add(m_upper);
    return any;
}

bool EnsembleLayer::xRange(double &lo, double &hi) const {
    lo = std::numeric_limits<double>::infinity();
    hi = -lo;
    for (const std::vector<QCPGraph *> *group : {&m_raw, &m_front})
        for (QCPGraph *g : *group) {
            const curves::CurveSeries &s = DecimatedGraph::of(g)->series();
            if (s.empty())
                continue;
            lo = std::min(lo, s.x().front());
            hi = std::max(hi, s.x().back());
        }
    return lo <= hi;
}

void frameOnLayers(QCustomPlot *plot, const std::vector<const EnsembleLayer *> &layers) {
    const bool logX = plot->xAxis->scaleType() == QCPAxis::stLogarithmic;
    const bool logY = plot->yAxis->scaleType() == QCPAxis::stLogarithmic;
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const EnsembleLayer *layer : layers) {
        double a = 0, b = 0;
        if (layer->xRange(a, b)) {
            x0 = std::min(x0, a);
            x1 = std::max(x1, b);
        }
        if (layer->yRange(a, b, logY)) {
            y0 = std::min(y0, a);
            y1 = std::max(y1, b);
        }
    }
    if (logX && x0 <= 0) // step 0 has no place on a log axis: start at 1, or just below the end
        x0 = x1 > 1 ? 1 : x1 * 1e-3;
    if (x1 > x0)
        plot->xAxis->setRange(x0, x1);
    if (y1 >= y0) {
        if (logY) { // at least two decades, so a flat curve still gets readable ticks
            const double centre = std::sqrt(y0 * y1), half = 10.0;
            plot->yAxis->setRange(std::min(y0 / 1.3, centre / half),
                                  std::max(y1 * 1.3, centre * half));
        } else { // a flat curve still gets a range QCustomPlot accepts
            const double pad = y1 > y0 ? 0.05 * (y1 - y0) : std::max(0.05 * std::abs(y0), 1e-9);
            plot->yAxis->setRange(y0 - pad, y1 + pad);
        }
    }
}

} // namespace dimscope::views
