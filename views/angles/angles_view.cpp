// SPDX-License-Identifier: MIT
#include "angles/angles_view.h"
#include "common/number_text.h"
#include "numerics/constants.h"

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QLocale>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "angles/angle_math.h"
#include "angles/angles.h"
#include "common/legend_placement.h"
#include "common/param_form.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"
#include "common/view_settings.h"

namespace dimscope::views {

using namespace dimscope::angles;

namespace {

/// Room above the highest bar.
constexpr double headroom = 1.12;

double unitScale(Units u) { return u == Units::Degrees ? 180.0 / kPi : 1.0; }
QString unitName(Units u) {
    return u == Units::Degrees ? QStringLiteral("°") : QStringLiteral(" rad");
}
QString unitAxis(Units u) {
    return u == Units::Degrees ? QStringLiteral("degrees") : QStringLiteral("radians");
}

QString distributionText(Distribution d, double mu) {
    switch (d) {
    case Distribution::Gaussian: return QStringLiteral("Gaussian");
    case Distribution::Sphere: return QStringLiteral("sphere");
    case Distribution::Cube: return QStringLiteral("[−1, 1]ⁿ");
    case Distribution::UnitCube: return QStringLiteral("[0, 1]ⁿ");
    case Distribution::ShiftedGaussian: return QStringLiteral("N(%1, 1)ⁿ").arg(numberText(mu, 3));
    }
    return {};
}

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(320, 220);
    return plot;
}

} // namespace

AnglesView::AnglesView(QWidget *parent) : TypedExplorerView(angles::explorer(), parent) {
    m_histogramPlot = makePlot();
    m_bars = addHistogramBars(m_histogramPlot, tr("Monte Carlo"));
    m_exactDensity = addLineGraph(m_histogramPlot, tr("exact pₙ(θ)"), SeriesRole::Theory);
    m_normalDensity =
        addLineGraph(m_histogramPlot, tr("N(π/2, 1/(n−2))"), SeriesRole::Approximation);
    m_histogramPlot->yAxis->setLabel(tr("probability density"));
    // Inside, the legend hid the peak at one-column sizes: a row of its own above the axes.
    moveLegendOutside(m_histogramPlot, LegendPlace::Above);

    m_variancePlot = makePlot();
    m_exactVariance = addLineGraph(m_variancePlot, tr("exact ½ψ₁(n/2)"), SeriesRole::Theory);
    m_laplaceVariance =
        addLineGraph(m_variancePlot, tr("Laplace 1/(n−2)"), SeriesRole::Approximation);
    m_sweepVariance = addScatterGraph(m_variancePlot, tr("Monte Carlo"));
    setLogAxis(m_variancePlot, true, true);
    m_variancePlot->xAxis->setLabel(tr("dimension n"));
    setPlotTitle(m_variancePlot, tr("Variance of θ against n"));

    m_nearPlot = makePlot();
    m_exactNear = addLineGraph(m_nearPlot, tr("exact"), SeriesRole::Theory);
    m_sweepNear = addScatterGraph(m_nearPlot, tr("Monte Carlo"));
    setLogAxis(m_nearPlot, true, false);
    m_nearPlot->xAxis->setLabel(tr("dimension n"));
    m_nearPlot->yAxis->setRange(0, 1.02);
    m_nearPlot->legend->setVisible(true);
    // The share rises from bottom-left to top-right: the top-left corner stays free.
    setLegendCorner(m_nearPlot, Qt::AlignTop | Qt::AlignLeft);

    // For a lesson: one fixed axis makes n = 100 and n = 1000 look different (the peak
    // narrows), where the axis that follows the peak makes them look alike.
    m_fullRange = new QCheckBox(tr("Whole 0–180° axis"));
    m_fullRange->setToolTip(tr("Keep the histogram's axis at every possible angle, so that the "
                               "narrowing with n shows from one run to the next."));
    markViewSetting(m_fullRange, QStringLiteral("whole_axis"));
    connect(m_fullRange, &QCheckBox::toggled, this, [this] {
        applyWholeAxis();
        m_histogramPlot->replot(QCustomPlot::rpQueuedReplot);
    });

    // The histogram over the two curves; one column, scrolled, where the text is large (the
    // projector theme at 200 %).
    auto *grid = new ReflowGrid;
    grid->setWideOrOneColumn({{m_histogramPlot, 0, 0, 1, 2, {}, 3},
                              {m_variancePlot, 1, 0, 1, 1, {}, 2},
                              {m_nearPlot, 1, 1, 1, 1, {}, 2}});
    auto *area = new QWidget;
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_fullRange);
    layout->addWidget(grid, 1);
    setPlotArea(area);
}

QList<PlotEntry> AnglesView::plots() const {
    return {{QStringLiteral("histogram"), tr("Histogram of θ"), m_histogramPlot},
            {QStringLiteral("variance"), tr("Variance against n"), m_variancePlot},
            {QStringLiteral("near-orthogonal"), tr("Near-orthogonal share against n"), m_nearPlot}};
}

void AnglesView::applyWholeAxis() {
    if (m_fullRange->isChecked())
        m_histogramPlot->xAxis->setRange(0, kPi * unitScale(m_units));
}

void AnglesView::prepare(const AngleParams &params) {
    m_units = params.units;
    const double s = unitScale(params.units);
    const int n = params.dimension;
    const QString u = unitName(params.units);

    setPlotTitle(m_histogramPlot, tr("Random vectors, n = %1, %2%3")
                                      .arg(QLocale::c().toString(n),
                                           distributionText(params.distribution, params.mu),
                                           params.center ? tr(", centred") : QString()));
    m_histogramPlot->xAxis->setLabel(tr("angle θ (%1)").arg(unitAxis(params.units)));
    m_histogramPlot->yAxis->setLabel(
        tr("density (per %1)").arg(params.units == Units::Degrees ? tr("degree") : tr("radian")));
    // Concatenated, not arg(): QString::arg reads "%1²" as placeholder %12 (² has a digit value).
    m_variancePlot->yAxis->setLabel(tr("Var θ") + QStringLiteral(" (") +
                                    (params.units == Units::Degrees ? tr("deg") : tr("rad")) +
                                    QStringLiteral("²)"));
    // The formulas give radians²; on an axis in degrees they say so ((180/π)² made the legend
    // too wide for a free corner of a one-column figure).
    const QString rad2 = params.units == Units::Degrees ? tr(" rad²") : QString();
    m_normalDensity->setName(params.units == Units::Degrees ? tr("N(90°, 1/(n−2) rad²)")
                                                            : tr("N(π/2, 1/(n−2))"));
    m_exactVariance->setName(tr("exact ½ψ₁(n/2)") + rad2);
    m_laplaceVariance->setName(tr("Laplace 1/(n−2)") + rad2);
    setPlotTitle(m_nearPlot,
                 tr("P(|θ − 90°| < %1°) against n").arg(numberText(params.deltaDegrees, 4)));
    m_nearPlot->yAxis->setLabel(tr("share of pairs"));

    // Exact curves depend only on the parameters: draw them before the first sample arrives.
    QVector<double> x, exact, normal;
    const bool theory = isIsotropic(params.distribution);
    if (theory) {
        const double sd = std::sqrt(exactVariance(n));
        const double lo = std::max(0.0, kPi / 2 - 5 * sd), hi = std::min(kPi, kPi / 2 + 5 * sd);
        for (int i = 0; i <= 600; ++i) {
            const double t = lo + (hi - lo) * i / 600.0;
            x << t * s;
            exact << density(n, t) / s;
            normal << (n > 2 ? laplaceDensity(n, t) / s : std::numeric_limits<double>::quiet_NaN());
        }
    }
    m_exactDensity->setData(x, exact, true);
    m_normalDensity->setData(n > 2 ? x : QVector<double>(), n > 2 ? normal : QVector<double>(),
                             true);
    m_exactDensity->setVisible(theory);
    m_normalDensity->setVisible(theory && n > 2);
    m_exactDensity->removeFromLegend();
    m_normalDensity->removeFromLegend();
    if (theory) {
        m_exactDensity->addToLegend();
        if (n > 2)
            m_normalDensity->addToLegend();
    }
    m_bars->data()->clear();

    // Sweep plots: theory over 2…max(n, 10) on a fine log grid.
    // Integer n only: the exact law is defined for whole dimensions.
    const int nMax = std::max(10, n);
    QVector<double> nx, var, laplace, near;
    for (int nn = 2; nn <= nMax; nn = std::max(nn + 1, int(nn * 1.03))) {
        nx << nn;
        var << exactVariance(nn) * s * s;
        laplace << (nn > 2 ? s * s / (nn - 2) : std::numeric_limits<double>::quiet_NaN());
        near << nearOrthogonalProbability(nn, params.deltaDegrees * kPi / 180.0);
    }
    m_exactVariance->setData(nx, var, true);
    m_laplaceVariance->setData(nx, laplace, true);
    m_exactNear->setData(nx, near, true);
    // A legend lists only what is drawn (no theory for the unit cube's shifted law).
    for (auto *g : {m_exactVariance, m_laplaceVariance, m_exactNear}) {
        g->setVisible(theory);
        g->removeFromLegend();
        if (theory)
            g->addToLegend();
    }
    m_sweepVariance->data()->clear();
    m_sweepNear->data()->clear();
    m_variancePlot->xAxis->setRange(1.6, nMax * 1.3);
    m_nearPlot->xAxis->setRange(1.6, nMax * 1.3);
    m_variancePlot->yAxis->setRange(exactVariance(nMax) * s * s * 0.4,
                                    exactVariance(2) * s * s * 2.5);

    if (theory) {
        m_histogramPlot->xAxis->setRange(x.first(), x.last());
        double peak = 0;
        for (double v : exact)
            peak = std::max(peak, v);
        m_histogramPlot->yAxis->setRange(0, peak * headroom);
    }
    applyWholeAxis();
    for (auto *p : {m_histogramPlot, m_variancePlot, m_nearPlot})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void AnglesView::drawSnapshot(const AngleSnapshot &snapshot) {
    const double s = unitScale(shown().units);
    const Histogram &h = snapshot.histogram;
    if (h.bins() > 0) {
        const auto density = h.density();
        QVector<double> keys, values;
        keys.reserve(h.bins());
        values.reserve(h.bins());
        double peak = 0;
        for (int i = 0; i < h.bins(); ++i) {
            keys << h.center(i) * s;
            values << density[std::size_t(i)] / s;
            peak = std::max(peak, values.back());
        }
        m_bars->setWidth(h.binWidth() * s);
        m_bars->setData(keys, values, true);
        if (!isIsotropic(shown().distribution)) {
            // No theory to frame the plot: frame the bins that hold data, with a margin.
            int first = 0, last = h.bins() - 1;
            while (first < last && h.counts[std::size_t(first)] == 0)
                ++first;
            while (last > first && h.counts[std::size_t(last)] == 0)
                --last;
            const double pad = 0.15 * (last - first + 1) * h.binWidth();
            m_histogramPlot->xAxis->setRange((h.edge(first) - pad) * s,
                                             (h.edge(last + 1) + pad) * s);
            m_histogramPlot->yAxis->setRange(0, peak * headroom);
        } else if (peak * 1.05 > m_histogramPlot->yAxis->range().upper) {
            m_histogramPlot->yAxis->setRange(0, peak * headroom);
        }
    }
    QVector<double> sx, sv, sn;
    for (const auto &p : snapshot.sweep) {
        sx << p.dimension;
        sv << p.variance * s * s;
        sn << p.nearOrthogonalShare;
    }
    m_sweepVariance->setData(sx, sv, true);
    m_sweepNear->setData(sx, sn, true);
    if (!isIsotropic(shown().distribution) && !sv.isEmpty()) {
        double lo = sv.first(), hi = sv.first();
        for (double v : sv) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        if (lo > 0)
            m_variancePlot->yAxis->setRange(lo * 0.5, hi * 2);
    }
    applyWholeAxis();
    if (snapshot.pairsTotal > 0)
        setProgressText(
            tr("%1 of %2 pairs")
                .arg(groupedNumber(snapshot.pairsDone), groupedNumber(snapshot.pairsTotal)));
    for (auto *p : {m_histogramPlot, m_variancePlot, m_nearPlot})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void AnglesView::drawResult(const AngleResult &result) {
    AngleSnapshot final;
    final.pairsDone = result.pairsDone;
    final.pairsTotal = result.pairsDone;
    final.histogram = result.histogram;
    final.mean = result.mean;
    final.variance = result.variance;
    final.sweep = result.sweep;
    drawSnapshot(final);
    setProgressText(tr("%1 pairs").arg(groupedNumber(result.pairsDone)));

    const AngleParams &p = shown();
    const double s = unitScale(p.units);
    const QString u = unitName(p.units);
    const QString u2 =
        p.units == Units::Degrees ? QStringLiteral(" deg²") : QStringLiteral(" rad²");
    const auto withExact = [&](double emp, const std::optional<double> &exact, double scale,
                               const QString &unit) {
        QString text = numberText(emp * scale, 6) + unit;
        if (exact)
            text += tr("  (exact %1)").arg(numberText(*exact * scale, 6) + unit);
        return text;
    };
    QList<Readout> rows;
    rows << Readout{tr("pairs"), groupedNumber(result.pairsDone),
                    tr("Number of vector pairs sampled.")};
    rows << Readout{tr("mean θ"), withExact(result.mean, result.exactMean, s, u),
                    tr("Average angle. Exactly 90° for any isotropic law.")};
    rows << Readout{
        tr("Var θ"), withExact(result.variance, result.exactVariance, s * s, u2),
        tr("Spread of the angle; exactly ½ψ₁(n/2) ≈ 1/n for isotropic laws: it shrinks as n grows, "
           "so random vectors are almost orthogonal.")};
    rows << Readout{
        tr("n · Var cos θ"), numberText(result.varianceCos * p.dimension, 4),
        tr("Exactly 1 for any law with i.i.d. sign-symmetric coordinates (Gaussian, sphere, "
           "[−1,1]ⁿ); far from 1 for laws with a non-zero mean.")};
    rows << Readout{
        tr("mean cos θ"), numberText(result.meanCos, 5),
        tr("0 for sign-symmetric laws; tends to μ²/(μ²+σ²) for coordinates with mean μ (0.75 for "
           "[0,1]ⁿ, 0.5 for N(1,1)ⁿ).")};
    rows << Readout{
        tr("near-orthogonal"),
        numberText(result.nearOrthogonalShare, 5) +
            (isIsotropic(shown().distribution)
                 ? tr("  (exact %1)")
                       .arg(numberText(
                           nearOrthogonalProbability(p.dimension, p.deltaDegrees * kPi / 180), 5))
                 : QString()),
        tr("Share of pairs with |θ − 90°| < δ.")};
    if (result.ksDistance)
        rows << Readout{
            tr("KS distance"),
            tr("%1  (≈ %2 expected from chance)")
                .arg(numberText(*result.ksDistance, 3),
                     numberText(0.87 / std::sqrt(double(result.pairsDone)), 2)),
            tr("Largest gap between the empirical and the exact CDF. A sample from the exact law "
               "gives about 0.87/√M (the median of Kolmogorov's law); much larger means the "
               "sample does not follow pₙ.")};
    if (result.histogram.underflow + result.histogram.overflow > 0)
        rows << Readout{
            tr("outside plot"),
            groupedNumber(result.histogram.underflow + result.histogram.overflow),
            tr("Samples outside the histogram's range (counted in the density's normalisation).")};
    setReadouts(rows);
}

} // namespace dimscope::views
