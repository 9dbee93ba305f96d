// SPDX-License-Identifier: MIT
#include "ball/ball_plots.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>

#include <QLocale>

#include <qcustomplot.h>

#include "ball/ball.h"
#include "common/legend_placement.h"
#include "common/plot_style.h"

namespace dimscope::views {

using namespace dimscope::ball;

namespace {

/// Labels a linear axis that holds log10 values as powers of ten. V_n is 0 in double from n = 453
/// and the curves go to n = 10000 (V ≈ 10^−13 800), beyond what a QCustomPlot log axis can hold.
class DecadeTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange &range) override {
        // Whole decades only: 1, 2, 5, 10, 20, 50, … aiming at the tick count.
        const double exact = range.size() / std::max(1, tickCount());
        double step = 1;
        for (double magnitude = 1;; magnitude *= 10)
            for (double m : {1.0, 2.0, 5.0})
                if ((step = m * magnitude) >= exact)
                    return step;
    }
    int getSubTickCount(double tickStep) override {
        // One sub tick per decade (or per ten decades) so that each mark still sits on a power.
        const auto step = static_cast<long long>(std::llround(tickStep));
        if (step <= 1)
            return 0;
        long long magnitude = 1;
        while (magnitude * 10 <= step)
            magnitude *= 10;
        const long long mantissa = step / magnitude;
        return mantissa == 1 ? (step >= 10 ? 9 : 0) : static_cast<int>(mantissa - 1);
    }
    QString getTickLabel(double tick, const QLocale &, QChar, int) override {
        return QStringLiteral("10") + superscript(std::llround(tick));
    }
};

QCustomPlot *makePlot(const QString &xLabel, const QString &yLabel) {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(320, 220);
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(yLabel);
    return plot;
}

/// Shows `graph` in the legend only while it has something to show.
void legendIfData(QCPGraph *graph) {
    if (graph->data()->isEmpty())
        graph->removeFromLegend();
    else
        graph->addToLegend();
}

QCPItemText *addLabel(QCustomPlot *plot, Qt::Alignment alignment) {
    auto *label = new QCPItemText(plot);
    label->setPositionAlignment(alignment);
    label->setFont(plot->font());
    label->setColor(rolePen(SeriesRole::Highlight).color().darker(120));
    label->setPadding(QMargins(4, 2, 4, 2));
    label->setClipToAxisRect(true);
    return label;
}

QCPGraph *addMarker(QCustomPlot *plot, QCPScatterStyle::ScatterShape shape) {
    QCPGraph *g = plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    const QColor red = rolePen(SeriesRole::Highlight).color();
    g->setScatterStyle(QCPScatterStyle(shape, red, red, 8));
    g->removeFromLegend();
    return g;
}

/// n = 1, 2, …, 20 one by one, then about 200 points per decade up to `last`.
QVector<double> integerGrid(int first, int last) {
    QVector<double> grid;
    for (int n = first; n <= last; n = std::max(n + 1, static_cast<int>(n * 1.012)))
        grid << n;
    if (grid.isEmpty() || grid.back() != last)
        grid << last;
    return grid;
}

template <class Values>
std::pair<double, double> logRangeOf(const Values &values) {
    double lo = 1e300, hi = 0;
    for (double v : values)
        if (v > 0) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    return {lo, hi};
}

} // namespace

QString powerText(double naturalLog, int precision) {
    const double log10Value = naturalLog / std::log(10.0);
    if (log10Value >= -4 && log10Value < 6)
        return numberText(std::exp(naturalLog), precision);
    double exponent = std::floor(log10Value);
    double mantissa = std::pow(10.0, log10Value - exponent);
    if (numberText(mantissa, precision) == QLatin1String("10")) {
        mantissa /= 10; // 9.9996 rounds to 10: write 1 × 10^(k+1) instead
        exponent += 1;
    }
    return timesTenTo(numberText(mantissa, precision), static_cast<long long>(exponent));
}

BallPlots::BallPlots() {
    // Volume: both curves from the log10 columns on a decade-labelled axis.
    m_volume = makePlot(tr("dimension n"), tr("volume (log scale)"));
    m_volumeCurve = addLineGraph(m_volume, tr("Vₙ, volume of the ball"), SeriesRole::Theory);
    m_volumeCurve->setPen(QPen(QColor(20, 20, 20), 1.8, Qt::DashLine));
    m_ratioCurve = addLineGraph(m_volume, tr("Vₙ/2ⁿ, its share of the cube"), SeriesRole::Theory);
    m_acceptance = addScatterGraph(m_volume, tr("rejection demo (95 % CI)"));
    m_acceptanceErrors = new QCPErrorBars(m_volume->xAxis, m_volume->yAxis);
    m_acceptanceErrors->removeFromLegend();
    m_acceptanceErrors->setDataPlottable(m_acceptance);
    m_acceptanceErrors->setPen(QPen(paletteColor(0), 1.2));
    m_acceptanceErrors->setWhiskerWidth(6);
    m_acceptanceBound = addScatterGraph(m_volume, tr("none kept: 95 % bound"));
    m_acceptanceBound->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangleInverted,
                                                       paletteColor(0), QColor(Qt::white), 7));
    m_argmaxPoint = addMarker(m_volume, QCPScatterStyle::ssDisc);
    m_argmaxPoint->setName(tr("largest Vₙ"));
    m_argmaxLabel = addLabel(m_volume, Qt::AlignLeft | Qt::AlignBottom);
    m_volume->yAxis->setTicker(QSharedPointer<DecadeTicker>::create());
    m_volume->yAxis2->setTicker(m_volume->yAxis->ticker());
    m_volumeLabel = addLabel(m_volume, Qt::AlignLeft | Qt::AlignBottom);
    m_ratioLabel = addLabel(m_volume, Qt::AlignRight | Qt::AlignTop);
    m_volumeLabel->setText(tr("Vₙ, the ball"));
    m_ratioLabel->setText(tr("Vₙ/2ⁿ, ball ÷ cube"));
    for (QCPItemText *label : {m_volumeLabel, m_ratioLabel}) {
        label->setColor(QColor(20, 20, 20));
        label->setPadding(QMargins(6, 4, 6, 4));
    }
    setLegendCorner(m_volume, Qt::AlignBottom | Qt::AlignLeft);

    // Shell share: sigmoids in log n; the chosen ε dark, two other ε as grey references.
    m_shell = makePlot(tr("dimension n"), tr("share of the ball's volume (%)"));
    m_shellCurve = addLineGraph(m_shell, QString(), SeriesRole::Theory);
    for (int i = 0; i < 2; ++i) {
        m_shellReferences << addLineGraph(m_shell, QString(), SeriesRole::Reference);
        m_shellReferences.back()->setPen(
            QPen(QColor(110, 110, 110), 1.4, i == 0 ? Qt::DotLine : Qt::DashDotLine));
    }
    m_shellPoint = addMarker(m_shell, QCPScatterStyle::ssDisc);
    m_shellPoint->setName(tr("demo dimension"));
    m_shellLabel = addLabel(m_shell, Qt::AlignRight | Qt::AlignBottom);
    setLogAxis(m_shell, true, false);
    m_shell->yAxis->setRange(0, 104);
    moveLegendOutside(m_shell, LegendPlace::Below);

    // Rejection demo: running rate with its Wilson band against the exact ρ_n.
    m_rejection = makePlot(tr("cube points drawn"), tr("share of points inside the ball"));
    m_bandLow = m_rejection->addGraph();
    m_bandLow->setName(tr("95 % Wilson interval, lower end")); // names the CSV column
    m_bandLow->removeFromLegend();
    m_bandHigh = m_rejection->addGraph();
    m_bandHigh->setName(tr("95 % Wilson interval"));
    QColor band = paletteColor(0);
    band.setAlpha(55);
    for (QCPGraph *g : {m_bandLow, m_bandHigh})
        g->setPen(QPen(band.darker(110), 0.8));
    m_bandHigh->setBrush(band);
    m_bandHigh->setChannelFillGraph(m_bandLow);
    m_runningRate = addLineGraph(m_rejection, tr("measured"), SeriesRole::Simulation);
    m_exactRate = addLineGraph(m_rejection, QString(), SeriesRole::Theory);
    setLogAxis(m_rejection, true, false);
    m_rejection->yAxis->setNumberFormat(QStringLiteral("gb"));
    m_rejection->yAxis->setNumberPrecision(4);

    // Relative contrast, both laws, log–log.
    m_contrast = makePlot(tr("dimension d"), tr("median (Dmax − Dmin) / Dmin"));
    m_uniformRc = addScatterGraph(m_contrast, tr("uniform in [0, 1]ᵈ"), 0);
    m_gaussianRc = addScatterGraph(m_contrast, tr("Gaussian N(0, I)"), 1);
    for (QCPGraph *g : {m_uniformRc, m_gaussianRc}) {
        g->setLineStyle(QCPGraph::lsLine);
        g->setPen(QPen(g->pen().color(), 1.0));
    }
    m_rcGuide = addLineGraph(m_contrast, tr("slope of 1/√d"), SeriesRole::Reference);
    setLogAxis(m_contrast, true, true);

    // Gaussian pair-distance CV: Monte Carlo against the exact law and its asymptote.
    m_distanceCv = makePlot(tr("dimension d"), tr("CV of ‖x − y‖ (sd / mean)"));
    m_exactCv = addLineGraph(m_distanceCv, tr("exact"), SeriesRole::Theory);
    m_asymptoteCv = addLineGraph(m_distanceCv, tr("1/√(2d)"), SeriesRole::Approximation);
    m_measuredCv = addScatterGraph(m_distanceCv, tr("Monte Carlo"), 1);
    setLogAxis(m_distanceCv, true, true);
    setLegendCorner(m_distanceCv, Qt::AlignBottom | Qt::AlignLeft);

    // Norms of Gaussian vectors against the chi density, √n and E‖z‖.
    m_norms = makePlot(tr("length ‖z‖"), tr("probability density"));
    m_normBars = addHistogramBars(m_norms, tr("Monte Carlo"));
    m_chiDensity = addLineGraph(m_norms, QString(), SeriesRole::Theory);
    m_sqrtNLine = addLineGraph(m_norms, QString(), SeriesRole::Highlight);
    m_meanLine = addLineGraph(m_norms, QString(), SeriesRole::Theory);
    m_meanLine->setPen(QPen(QColor(20, 20, 20), 1.6, Qt::DashLine));
    moveLegendOutside(m_norms, LegendPlace::Below);
    m_norms->legend->setWrap(2);
    m_norms->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
}

QList<PlotEntry> BallPlots::entries() const {
    return {{QStringLiteral("volume"), tr("Volume of the ball, share of the cube"), m_volume},
            {QStringLiteral("shell"), tr("Share of the volume in the outer shell"), m_shell},
            {QStringLiteral("rejection"), tr("Rejection sampling demo"), m_rejection},
            {QStringLiteral("contrast"), tr("Relative contrast against d"), m_contrast},
            {QStringLiteral("distance-cv"), tr("CV of Gaussian pair distances"), m_distanceCv},
            {QStringLiteral("norms"), tr("Histogram of ‖z‖"), m_norms}};
}

void BallPlots::prepare(const BallParams &params) {
    prepareVolume(params);
    prepareShell(params);
    prepareRejection(params);
    prepareContrast(params);
    prepareNorms(params);
    for (const PlotEntry &e : entries())
        e.plot->replot(QCustomPlot::rpQueuedReplot);
}

void BallPlots::prepareVolume(const BallParams &params) {
    const VolumeCurves curves = volumeCurves(params.maxDimension, params.epsilon);
    QVector<double> n, logV, logRatio;
    for (std::size_t i = 0; i < curves.dimension.size(); ++i) {
        n << curves.dimension[i];
        logV << curves.log10Volume[i];
        logRatio << curves.log10CubeRatio[i];
    }
    m_volumeCurve->setData(n, logV, true);
    m_ratioCurve->setData(n, logRatio, true);
    m_acceptance->data()->clear();
    m_acceptanceErrors->data()->clear();
    m_acceptanceBound->data()->clear();
    legendIfData(m_acceptanceBound);

    const int nMax = std::max(params.maxDimension, std::min(params.demoDimension, 20));
    const double bottom = std::min(logRatio.back(), std::log10(cubeRatio(std::min(nMax, 20))));
    const double top = std::log10(curves.maxVolume);
    const double span = std::max(4.0, top - bottom);
    // Few n: no room for curve labels, so the legend names the curves and needs the space below.
    const bool direct = params.maxDimension >= 12;
    m_volume->yAxis->setRange(bottom - (direct ? 0.05 : 0.6) * span, top + 0.14 * span);
    m_volume->xAxis->setRange(0, nMax + std::max(1.0, 0.02 * nMax));
    m_argmaxPoint->setData({double(curves.argmaxDimension)}, {top});
    // Curve labels where the curves are well apart (the curves fall to the right, so above-right
    // of V_n and below-left of V_n/2^n is empty); for a few n only, the legend names them.
    const int at = static_cast<int>(0.55 * params.maxDimension);
    for (QCPItemText *label : {m_volumeLabel, m_ratioLabel})
        label->setVisible(direct);
    if (direct) {
        m_volumeLabel->position->setCoords(at, logV[at - 1]);
        m_ratioLabel->position->setCoords(at, logRatio[at - 1]);
        m_volumeCurve->removeFromLegend();
        m_ratioCurve->removeFromLegend();
    } else {
        m_volumeCurve->addToLegend();
        m_ratioCurve->addToLegend();
    }
    const bool nearRight = curves.argmaxDimension > 0.6 * nMax;
    m_argmaxLabel->setPositionAlignment(Qt::AlignBottom |
                                        (nearRight ? Qt::AlignRight : Qt::AlignLeft));
    m_argmaxLabel->position->setCoords(curves.argmaxDimension + (nearRight ? -0.01 : 0.01) * nMax,
                                       top + 0.015 * span);
    m_argmaxLabel->setText(
        tr("largest volume: V%1 = %2")
            .arg(subscript(curves.argmaxDimension), numberText(curves.maxVolume, 5)));
    setPlotTitle(m_volume, tr("The collapsing ball: Vₙ and Vₙ/2ⁿ"));
}

void BallPlots::prepareShell(const BallParams &params) {
    const QVector<double> n = integerGrid(1, params.maxDimension);
    const auto curve = [&n](QCPGraph *g, double eps) {
        QVector<double> share;
        for (double k : n)
            share << 100.0 * shellFraction(static_cast<int>(k), eps);
        g->setData(n, share, true);
        g->setName(QStringLiteral("ε = %1").arg(numberText(eps, 4)));
    };
    curve(m_shellCurve, params.epsilon);
    m_shellCurve->setName(tr("ε = %1").arg(numberText(params.epsilon, 4))); // drawn darkest
    // Two references well apart from the chosen ε, thickest first.
    QList<double> others;
    for (double eps : {0.5, 0.01, 0.001, 0.1})
        if (others.size() < 2 && std::abs(std::log(eps / params.epsilon)) > std::log(2.5))
            others << eps;
    std::sort(others.begin(), others.end(), std::greater<double>());
    for (int i = 0; i < m_shellReferences.size(); ++i) {
        QCPGraph *g = m_shellReferences[i];
        g->setVisible(i < others.size());
        if (i < others.size())
            curve(g, others[i]);
        else
            g->data()->clear();
        legendIfData(g);
    }
    const int demo = params.demoDimension;
    const double share = 100.0 * shellFraction(demo, params.epsilon);
    const bool onPlot = demo <= params.maxDimension;
    m_shellPoint->setData({double(demo)}, {share});
    m_shellPoint->setVisible(onPlot);
    m_shellLabel->setVisible(onPlot);
    m_shellLabel->setText(tr("n = %1: %2 %").arg(demo).arg(numberText(share, 3)));
    // The curve rises with n, so it never enters the quarter above-left of its point nor the one
    // below-right. (Below-left, as before, the label sat across it.) Below-right is clear of the
    // references too (the smaller ε's curve lies far lower there; above-left, the larger ε's
    // crossed the label); above-left where below-right has no room.
    const double right = std::max(2.0, params.maxDimension * 1.25);
    const double along = std::log(demo / 0.8) / std::log(right / 0.8);
    if (demo > 3 && (share < 15 || along > 0.6)) {
        m_shellLabel->setPositionAlignment(Qt::AlignBottom | Qt::AlignRight);
        m_shellLabel->position->setCoords(demo, share + 3);
    } else {
        m_shellLabel->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
        m_shellLabel->position->setCoords(demo, share - 4);
    }
    m_shell->xAxis->setRange(0.8, right);
    setPlotTitle(m_shell, tr("Volume within ε of the surface, 1 − (1 − ε)ⁿ"));
}

void BallPlots::prepareRejection(const BallParams &params) {
    for (QCPGraph *g : {m_bandLow, m_bandHigh, m_runningRate})
        g->data()->clear();
    const double exact = cubeRatio(params.demoDimension);
    // At least two decades, so that the log axis has ticks at powers of ten.
    const auto points = static_cast<double>(params.demoPoints);
    const double lo = std::min(std::min(65536.0, points) / 1.5, points / 100);
    const double hi = points * 1.5;
    m_exactRate->setData({lo, hi}, {exact, exact}, true);
    m_exactRate->setName(tr("exact Vₙ/2ⁿ = %1").arg(powerText(logCubeRatio(params.demoDimension))));
    m_rejection->xAxis->setRange(lo, hi);
    m_rejection->yAxis->setRange(exact * 0.8, exact * 1.2 + 1e-12);
    setPlotTitle(m_rejection,
                 tr("Rejection sampling in [−1, 1]%1").arg(superscript(params.demoDimension)));
}

void BallPlots::prepareContrast(const BallParams &params) {
    m_contrastMax = params.contrastMaxDimension;
    for (QCPGraph *g : {m_uniformRc, m_gaussianRc, m_rcGuide, m_measuredCv})
        g->data()->clear();
    const QVector<double> d = integerGrid(2, params.contrastMaxDimension);
    QVector<double> exact, asymptote;
    for (double k : d) {
        exact << gaussianDistanceCv(static_cast<int>(k));
        asymptote << gaussianDistanceCvAsymptote(static_cast<int>(k));
    }
    m_exactCv->setData(d, exact, true);
    m_asymptoteCv->setData(d, asymptote, true);
    const double xHi = std::max(150.0, params.contrastMaxDimension * 1.5); // ≥ 2 decades
    for (QCustomPlot *p : {m_contrast, m_distanceCv})
        p->xAxis->setRange(1.5, xHi);
    // Room below the line for the legend in the bottom-left corner.
    m_distanceCv->yAxis->setRange(exact.back() * 0.25,
                                  std::max(exact.front(), asymptote.front()) * 1.6);
    // Until points arrive: the range the §4.1 table spans (0.036 … 87 up to d = 10000).
    m_contrast->yAxis->setRange(2 / std::sqrt(params.contrastMaxDimension * 1.0), 150);
    setPlotTitle(m_contrast, tr("Distances lose their contrast"));
    setPlotTitle(m_distanceCv, tr("Gaussian pair distances concentrate"));
}

void BallPlots::prepareNorms(const BallParams &params) {
    const int n = params.normDimension;
    const double mean = chiMean(n), sd = chiSd(n);
    // The histogram spans mean ± 7 sd; ± 5 sd holds all but ~10⁻⁶ of the mass.
    const double lo = std::max(0.0, mean - 5 * sd), hi = mean + 5 * sd;
    QVector<double> r, density;
    double peak = 0;
    for (int i = 0; i <= 400; ++i) {
        r << lo + (hi - lo) * i / 400.0;
        density << chiDensity(n, r.back());
        peak = std::max(peak, density.back());
    }
    m_chiDensity->setData(r, density, true);
    m_chiDensity->setName(tr("exact χ density"));
    m_normBars->data()->clear();
    m_normBars->setName(tr("Monte Carlo"));
    m_norms->xAxis->setRange(lo, hi);
    const double top = peak * 1.12;
    m_norms->yAxis->setRange(0, top);
    m_meanLine->setData({mean, mean}, {0, top}, true);
    m_meanLine->setName(tr("E‖z‖ = %1").arg(numberText(mean, 4)));
    const double root = std::sqrt(static_cast<double>(n));
    m_sqrtNLine->setData({root, root}, {0, top}, true);
    m_sqrtNLine->setName(tr("√n = %1").arg(numberText(root, 4)));
    setPlotTitle(m_norms,
                 n == 1 ? tr("‖z‖ for z ~ N(0, 1)")
                        : tr("‖z‖ for z ~ N(0, I) in %1 dimensions").arg(QLocale::c().toString(n)));
}

void BallPlots::draw(const RejectionDemo &demo, const NormStudy &norms,
                     const std::vector<ContrastPoint> &contrast) {
    drawAcceptance(demo.perDimension);
    drawRejection(demo);
    drawNorms(norms);
    drawContrast(contrast);
    for (const PlotEntry &e : entries())
        e.plot->replot(QCustomPlot::rpQueuedReplot);
}

void BallPlots::drawAcceptance(const std::vector<Acceptance> &perDimension) {
    // In log10 space the Wilson interval is asymmetric: the bars carry both halves.
    QVector<double> n, rate, minus, plus, boundN, bound;
    for (const Acceptance &a : perDimension) {
        if (a.samples == 0)
            continue;
        if (a.accepted == 0) {
            boundN << a.dimension;
            bound << std::log10(a.wilson.high);
            continue;
        }
        const double r = std::log10(a.rate);
        n << a.dimension;
        rate << r;
        minus << r - std::log10(a.wilson.low);
        plus << std::log10(a.wilson.high) - r;
    }
    m_acceptance->setData(n, rate, true);
    m_acceptanceErrors->setData(minus, plus);
    m_acceptanceBound->setData(boundN, bound, true);
    legendIfData(m_acceptanceBound);
}

void BallPlots::drawRejection(const RejectionDemo &demo) {
    if (demo.trace.empty())
        return;
    QVector<double> x, rate, low, high;
    double lo = demo.main.exact, hi = demo.main.exact;
    for (const TracePoint &t : demo.trace) {
        x << static_cast<double>(t.samples);
        rate << t.rate;
        low << t.wilson.low;
        high << t.wilson.high;
        lo = std::min(lo, t.wilson.low);
        hi = std::max(hi, t.wilson.high);
    }
    m_bandLow->setData(x, low, true);
    m_bandHigh->setData(x, high, true);
    m_runningRate->setData(x, rate, true);
    // A handful of chunks (few points drawn) would be an invisible line: mark the points.
    m_runningRate->setScatterStyle(x.size() < 8 ? QCPScatterStyle(QCPScatterStyle::ssDisc, 5)
                                                : QCPScatterStyle());
    // The first chunk has the widest interval, so this range is set by it and then stays put.
    // Headroom above the band for the legend in the top-right corner.
    // A rate of 0 (nothing kept yet) stays visible just above the bottom edge.
    const double pad = std::max(0.08 * (hi - lo), 0.01 * hi);
    m_rejection->yAxis->setRange(lo > pad ? lo - pad : lo - 0.03 * (hi - lo),
                                 hi + pad + 0.4 * (hi - lo));
}

void BallPlots::drawContrast(const std::vector<ContrastPoint> &points) {
    QVector<double> d, uniform, gaussian, cv;
    for (const ContrastPoint &p : points) {
        d << p.dimension;
        uniform << p.uniformMedianRc;
        gaussian << p.gaussianMedianRc;
        cv << p.gaussianDistanceCv;
    }
    m_uniformRc->setData(d, uniform, true);
    m_gaussianRc->setData(d, gaussian, true);
    m_measuredCv->setData(d, cv, true);
    // A 1/√d guide through the uniform point at the largest d ≥ 50, where the law has set in.
    QVector<double> guideD, guide;
    if (!points.empty() && points.back().dimension >= 50 && points.back().uniformMedianRc > 0) {
        const double c = points.back().uniformMedianRc * std::sqrt(points.back().dimension);
        for (double k : {10.0, static_cast<double>(m_contrastMax)}) {
            guideD << k;
            guide << c / std::sqrt(k);
        }
    }
    m_rcGuide->setData(guideD, guide, true);
    legendIfData(m_rcGuide);
    if (!d.isEmpty()) {
        auto [lo, hi] = logRangeOf(uniform);
        const auto [glo, ghi] = logRangeOf(gaussian);
        lo = std::min({lo, glo, m_contrast->yAxis->range().lower / 0.6});
        hi = std::max({hi, ghi, m_contrast->yAxis->range().upper / 2.0});
        if (lo < hi)
            m_contrast->yAxis->setRange(lo * 0.6, hi * 2.0);
    }
}

void BallPlots::drawNorms(const NormStudy &norms) {
    const Histogram &h = norms.histogram;
    if (h.bins() == 0 || norms.samples == 0)
        return;
    const auto density = h.density();
    QVector<double> keys, values;
    double peak = 0;
    for (int i = 0; i < h.bins(); ++i) {
        keys << h.center(i);
        values << density[static_cast<std::size_t>(i)];
        peak = std::max(peak, values.back());
    }
    m_normBars->setWidth(h.binWidth());
    m_normBars->setData(keys, values, true);
    if (peak * 1.05 > m_norms->yAxis->range().upper) {
        const double top = peak * 1.12;
        m_norms->yAxis->setRange(0, top);
        for (QCPGraph *g : {m_meanLine, m_sqrtNLine}) {
            const double x = g->data()->constBegin()->key;
            g->setData({x, x}, {0, top}, true);
        }
    }
}

} // namespace dimscope::views
