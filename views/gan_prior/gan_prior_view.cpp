// SPDX-License-Identifier: MIT
#include "gan_prior/gan_prior_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "common/legend_placement.h"
#include "common/param_form.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"
#include "hubness/gan_prior.h"

namespace dimscope::views {

using namespace dimscope::hubness;

namespace {

QString ruleText(const GanPriorParams &p) {
    return (p.rule == ThresholdRule::Greater ? QStringLiteral("> ") : QStringLiteral("≥ ")) +
           QString::number(p.threshold);
}

/// Where accepted and rejected hub values part: between integers, so the line never hides a bar.
double thresholdPosition(const GanPriorParams &p) {
    return static_cast<double>(p.threshold) + (p.rule == ThresholdRule::Greater ? 0.5 : -0.5);
}

bool passes(const GanPriorParams &p, std::int64_t value) {
    return p.rule == ThresholdRule::Greater ? value > p.threshold : value >= p.threshold;
}

/// P(X = x) for X ~ Poisson(lambda), x ≥ 0 (lambda = 0: all mass at 0).
double poissonProbability(double lambda, std::int64_t x) {
    if (lambda <= 0)
        return x == 0 ? 1.0 : 0.0;
    const double xd = static_cast<double>(x);
    return std::exp(-lambda + xd * std::log(lambda) - std::lgamma(xd + 1.0));
}

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(320, 220);
    return plot;
}

QCPGraph *addPointCloud(QCustomPlot *plot, const QString &name, QColor color, double size) {
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setAdaptiveSampling(false);
    g->setPen(QPen(color));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, size));
    return g;
}

QCPGraph *addStepHistogram(QCustomPlot *plot, const QString &name, int index) {
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsStepLeft);
    g->setPen(QPen(paletteColor(index).darker(110), 1.2));
    QColor fill = paletteColor(index);
    fill.setAlpha(90);
    g->setBrush(fill);
    return g;
}

} // namespace

GanPriorView::GanPriorView(QWidget *parent) : TypedExplorerView(hubness::gan::explorer(), parent) {
    // k-occurrence of one batch: rejected and accepted bars stacked, the Poisson "no hubs" law.
    m_occurrencePlot = makePlot();
    m_rejectedSteps = addStepHistogram(m_occurrencePlot, tr("rejected"), 0);
    m_acceptedSteps = addStepHistogram(m_occurrencePlot, tr("accepted"), 1);
    m_poisson = addLineGraph(m_occurrencePlot, tr("Poisson(k): no hubs"), SeriesRole::Theory);
    m_poisson->setPen(QPen(QColor(40, 40, 40), 1.4, Qt::DashLine));
    setLogAxis(m_occurrencePlot, true, true);
    // Colour and the threshold label tell rejected from accepted; the legend keeps the reference.
    m_occurrencePlot->legend->setVisible(false);
    m_poissonLabel = new QCPItemText(m_occurrencePlot);
    m_poissonLabel->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    m_poissonLabel->setText(tr("Poisson(k): no hubs"));
    m_poissonLabel->setFont(m_occurrencePlot->font());
    m_occurrencePlot->yAxis->setLabel(tr("latents per unit of Nₖ"));
    m_threshold = new QCPItemStraightLine(m_occurrencePlot);
    m_threshold->setPen(QPen(rolePen(SeriesRole::Highlight).color(), 1.4, Qt::DashLine));
    m_thresholdLabel = new QCPItemText(m_occurrencePlot);
    m_thresholdLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_thresholdLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_thresholdLabel->setColor(paletteColor(1).darker(120));
    m_thresholdLabel->setPadding(QMargins(4, 2, 2, 2));
    m_thresholdLabel->setFont(m_occurrencePlot->font());

    // Hub value against norm: the accepted latents are the short ones.
    m_scatterPlot = makePlot();
    QColor rejected = paletteColor(0);
    rejected.setAlpha(70);
    m_rejectedPoints = addPointCloud(m_scatterPlot, tr("rejected"), rejected, 3.5);
    m_acceptedPoints = addPointCloud(m_scatterPlot, tr("accepted"), paletteColor(1), 4.5);
    m_scatterPlot->xAxis->setLabel(tr("norm ‖z‖"));
    m_scatterThreshold = new QCPItemStraightLine(m_scatterPlot);
    m_scatterThreshold->setPen(m_threshold->pen());
    setPlotTitle(m_scatterPlot, tr("Hubs are the latents near the centre"));

    // Norms of all, accepted and ψ-truncated latents, with the exact χ law.
    m_normPlot = makePlot();
    m_truncatedNorms = addHistogramBars(m_normPlot, QString(), 2);
    m_allNorms = addHistogramBars(m_normPlot, tr("all z"), 0);
    m_acceptedNorms =
        addLineGraph(m_normPlot, tr("accepted (hub prior)"), SeriesRole::Simulation, 1);
    m_acceptedNorms->setLineStyle(QCPGraph::lsStepCenter);
    m_acceptedNorms->setPen(QPen(paletteColor(1), 2.0));
    QColor acceptedFill = paletteColor(1);
    acceptedFill.setAlpha(50);
    m_acceptedNorms->setBrush(acceptedFill);
    m_chi = addLineGraph(m_normPlot, tr("exact χ law"), SeriesRole::Theory);
    m_chi->setPen(QPen(QColor(30, 30, 30), 1.2));
    m_chiTruncated = addLineGraph(m_normPlot, QString(), SeriesRole::Theory);
    m_chiTruncated->setPen(m_chi->pen());
    m_chiTruncated->removeFromLegend();
    // Legend order: all, accepted, truncated, theory.
    m_truncatedNorms->removeFromLegend();
    m_chi->removeFromLegend();
    m_truncatedNorms->addToLegend();
    m_chi->addToLegend();
    m_normPlot->xAxis->setLabel(tr("norm ‖z‖"));
    m_normPlot->yAxis->setLabel(tr("probability density"));
    setLegendCorner(m_normPlot, Qt::AlignTop | Qt::AlignLeft);

    auto *area = new ReflowGrid;
    area->setWideOrOneColumn(
        {{m_occurrencePlot, 0, 0}, {m_scatterPlot, 0, 1}, {m_normPlot, 1, 0, 1, 2}});
    setPlotArea(area);
}

GanPriorView::~GanPriorView() = default;

QList<PlotEntry> GanPriorView::plots() const {
    return {{QStringLiteral("k-occurrence"), tr("Hub values of one batch"), m_occurrencePlot},
            {QStringLiteral("hub-vs-norm"), tr("Hub value against norm"), m_scatterPlot},
            {QStringLiteral("norms"), tr("Norms: hub prior against truncation"), m_normPlot}};
}

void GanPriorView::drawSnapshot(const GanPriorSnapshot &snapshot) {
    setProgressText(tr("round %1 of %2, %3 of %4 accepted")
                        .arg(snapshot.roundsDone)
                        .arg(shown().rounds)
                        .arg(groupedNumber(snapshot.accepted), groupedNumber(snapshot.drawn)));
}

void GanPriorView::prepare(const GanPriorParams &params) {
    const QString value = params.countSelf ? tr("hub value Nₖ₋₁ + 1") : tr("hub value Nₖ");
    setPlotTitle(m_occurrencePlot, tr("One batch: M = %1, k = %2, z-dim = %3")
                                       .arg(groupedNumber(params.batch))
                                       .arg(params.k)
                                       .arg(params.zDim));
    // The axis is log(1 + value), so that 0 has a place on it: "log scale" alone was wrong at 0.
    m_occurrencePlot->xAxis->setLabel(value + tr(" in the batch, on a log(1 + ·) axis"));
    m_scatterPlot->yAxis->setLabel(value);
    m_acceptedSteps->setName(tr("accepted: %1").arg(ruleText(params)));
    m_acceptedPoints->setName(tr("accepted: %1").arg(ruleText(params)));
    m_thresholdLabel->setText(tr("keep %1").arg(ruleText(params)));
    m_truncatedNorms->setName(tr("ψz, ψ = %1").arg(numberText(params.psi, 3)));
    setPlotTitle(m_normPlot, tr("Hub prior against truncation"));
    m_normPlot->xAxis->setLabel(tr("norm ‖z‖  (z-dim = %1)").arg(params.zDim));
}

void GanPriorView::drawResult(const GanPriorResult &result) {
    drawOccurrence(result);
    drawScatter(result);
    drawNorms(result);
    showReadouts(result);
    setProgressText(tr("%1 of %2 latents accepted")
                        .arg(groupedNumber(result.accepted), groupedNumber(result.drawn)));
    for (auto *p : {m_occurrencePlot, m_scatterPlot, m_normPlot})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void GanPriorView::drawOccurrence(const GanPriorResult &result) {
    const GanPriorParams &p = shown();
    std::vector<std::int64_t> counts; // latents per hub value
    for (const std::int64_t v : result.firstBatchOccurrence) {
        if (v >= static_cast<std::int64_t>(counts.size()))
            counts.resize(static_cast<std::size_t>(v) + 1, 0);
        ++counts[static_cast<std::size_t>(v)];
    }
    const auto maxValue = static_cast<std::int64_t>(counts.size()) - 1;
    const std::int64_t boundary = p.rule == ThresholdRule::Greater ? p.threshold + 1 : p.threshold;
    // Whole-number bins, one per value up to 9, then about 12 % wider each, so the Poisson bulk and
    // a tail of hubs in the hundreds both read on a log axis; the first accepted value starts a
    // bin.
    std::vector<std::int64_t> edges{0};
    while (edges.back() <= maxValue) {
        const std::int64_t e = edges.back();
        std::int64_t next = std::max<std::int64_t>(e + 1, static_cast<std::int64_t>(e * 1.12));
        if (e < boundary && next > boundary)
            next = boundary;
        edges.push_back(next);
    }
    // Plot position x = value + 1 (0 ↦ 1 on the log axis); a bin [lo, hi) spans lo + ½ … hi + ½.
    QVector<double> rk, rv, ak, av;
    double peak = 1, lowest = 1;
    for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
        std::int64_t sum = 0;
        for (std::int64_t v = edges[b]; v < edges[b + 1] && v <= maxValue; ++v)
            sum += counts[static_cast<std::size_t>(v)];
        const double perUnit =
            static_cast<double>(sum) / static_cast<double>(edges[b + 1] - edges[b]);
        (edges[b] >= boundary ? ak : rk) << edges[b] + 0.5;
        (edges[b] >= boundary ? av : rv) << perUnit;
        peak = std::max(peak, perUnit);
        if (perUnit > 0)
            lowest = std::min(lowest, perUnit);
    }
    // Close each run of steps at its right edge.
    const double split = static_cast<double>(std::min(boundary, edges.back())) + 0.5;
    if (!rk.isEmpty()) {
        rk << split;
        rv << rv.last();
    }
    if (!ak.isEmpty()) {
        ak << edges.back() + 0.5;
        av << av.last();
    }
    m_rejectedSteps->setData(rk, rv, true);
    m_acceptedSteps->setData(ak, av, true);

    QVector<double> pk, pv;
    const int bonus = p.countSelf ? 1 : 0;
    for (std::int64_t v = 0; v <= std::max<std::int64_t>(maxValue, 30); ++v) {
        const double expected =
            v >= bonus ? static_cast<double>(p.batch) * poissonProbability(p.k - bonus, v - bonus)
                       : 0.0;
        if (v > p.k && expected < 0.01)
            break;
        pk << v + 1.0;
        pv << expected;
    }
    m_poisson->setData(pk, pv, true);
    double poissonPeak = 1;
    for (double v : pv)
        poissonPeak = std::max(poissonPeak, v);
    m_poissonLabel->position->setCoords(p.k + 1.0, std::max(poissonPeak, peak) * 2.5);

    const double xMax = std::max<double>(static_cast<double>(maxValue) + 1.5, split) * 1.6;
    m_occurrencePlot->xAxis->setRange(0.6, xMax);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (double decade = 1; decade <= xMax * 10; decade *= 10)
        for (double m : decade < 100 ? std::vector<double>{1, 2, 5} : std::vector<double>{1, 3})
            if (m * decade + 1 <= xMax && m * decade != 1) // "0 1 2" ran together: 0, 2, 5
                ticker->addTick(m * decade + 1, QString::number(m * decade));
    ticker->addTick(1, QStringLiteral("0"));
    ticker->setSubTickCount(0);
    m_occurrencePlot->xAxis->setTicker(ticker);
    m_occurrencePlot->xAxis2->setTicker(ticker);
    m_occurrencePlot->yAxis->setRange(lowest * 0.3, peak * 150);
    m_threshold->point1->setCoords(split, 1);
    m_threshold->point2->setCoords(split, 10);
    m_thresholdLabel->position->setCoords(split, 0.02);
    placeBesideVerticalLine(m_thresholdLabel, split);
}

void GanPriorView::drawScatter(const GanPriorResult &result) {
    const GanPriorParams &p = shown();
    QVector<double> rx, ry, ax, ay;
    double lo = 1e300, hi = 0, top = 1;
    const std::size_t n =
        std::min(result.firstBatchNorms.size(), result.firstBatchOccurrence.size());
    for (std::size_t i = 0; i < n; ++i) {
        const double norm = result.firstBatchNorms[i];
        const auto value = result.firstBatchOccurrence[i];
        (passes(p, value) ? ax : rx) << norm;
        (passes(p, value) ? ay : ry) << static_cast<double>(value);
        lo = std::min(lo, norm);
        hi = std::max(hi, norm);
        top = std::max(top, static_cast<double>(value));
    }
    m_rejectedPoints->setData(rx, ry);
    m_acceptedPoints->setData(ax, ay);
    if (n > 0) {
        const double pad = 0.04 * std::max(hi - lo, 1e-6);
        m_scatterPlot->xAxis->setRange(lo - pad, hi + pad);
        // Little headroom: the legend finds the corner the points leave free (the short,
        // high-Nₖ latents are on the left), and 35 % more took the axis to 1000 for a top of 763.
        m_scatterPlot->yAxis->setRange(-0.03 * top, top * 1.08);
    }
    const double t = thresholdPosition(p);
    m_scatterThreshold->point1->setCoords(0, t);
    m_scatterThreshold->point2->setCoords(1, t);
}

void GanPriorView::drawNorms(const GanPriorResult &result) {
    const GanPriorParams &p = shown();
    const auto densityOf = [](const Histogram &h, QVector<double> &keys, QVector<double> &values) {
        const auto density = h.density();
        for (int i = 0; i < h.bins(); ++i) {
            keys << h.center(i);
            values << (h.total() > 0 ? density[std::size_t(i)] : 0.0);
        }
    };
    QVector<double> ak, av, tk, tv, ck, cv;
    densityOf(result.normsAll, ak, av);
    densityOf(result.normsTruncated, tk, tv);
    densityOf(result.normsAccepted, ck, cv);
    m_allNorms->setWidth(result.normsAll.binWidth());
    m_truncatedNorms->setWidth(result.normsAll.binWidth());
    m_allNorms->setData(ak, av, true);
    m_truncatedNorms->setData(tk, tv, true);
    m_acceptedNorms->setData(ck, cv, true);

    // Frame the occupied bins of all three histograms.
    const Histogram &h = result.normsAll;
    int first = h.bins(), last = -1;
    for (const Histogram *g : {&result.normsAll, &result.normsAccepted, &result.normsTruncated})
        for (int i = 0; i < g->bins(); ++i)
            if (g->counts[std::size_t(i)] > 0) {
                first = std::min(first, i);
                last = std::max(last, i);
            }
    if (last < first)
        return;
    const double pad = 0.06 * (h.edge(last + 1) - h.edge(first));
    const double x0 = h.edge(first) - pad, x1 = h.edge(last + 1) + pad;
    m_normPlot->xAxis->setRange(x0, x1);
    QVector<double> rx, chi, rt, chiT;
    double peak = 0;
    for (const auto *values : {&av, &tv, &cv})
        for (double v : *values)
            peak = std::max(peak, v);
    for (int i = 0; i <= 400; ++i) {
        const double r = x0 + (x1 - x0) * i / 400.0;
        rx << r;
        chi << chiDensity(p.zDim, r);
        if (p.psi > 0) {
            rt << r;
            chiT << chiDensity(p.zDim, r / p.psi) / p.psi;
        }
        peak = std::max({peak, chi.back(), p.psi > 0 ? chiT.back() : 0.0});
    }
    m_chi->setData(rx, chi, true);
    m_chiTruncated->setData(rt, chiT, true);
    m_normPlot->yAxis->setRange(0, peak * 1.8);
}

void GanPriorView::showReadouts(const GanPriorResult &r) {
    const GanPriorParams &p = shown();
    const double expected = expectedNorm(p.zDim);
    const double per10000 =
        r.drawn > 0 ? 1e4 * static_cast<double>(r.accepted) / static_cast<double>(r.drawn) : 0;
    std::int64_t maxValue = 0;
    double skewness = 0;
    if (!r.rounds.empty()) {
        maxValue = r.rounds.front().maxOccurrence;
        skewness = r.rounds.front().skewness;
    }
    QList<Readout> rows;
    rows << Readout{
        tr("accepted"),
        tr("%1 of %2 (%3 %)")
            .arg(groupedNumber(r.accepted), groupedNumber(r.drawn),
                 numberText(100 * r.acceptanceShare, 3)),
        tr("Latents whose hub value passes the threshold. Su's code (z-dim 512, M = 10 000, "
           "k = 5, > 50) keeps 166–179 per 10 000 (about 1.7 %).")};
    rows << Readout{
        tr("per 10 000"), numberText(per10000, 4),
        tr("Accepted latents per 10 000 drawn: how many batches a sampler must draw for the "
           "images it needs.")};
    rows << Readout{
        tr("E‖z‖ (exact)"), numberText(expected, 5),
        tr("√2·Γ((n+1)/2)/Γ(n/2) ≈ √(n − ½): the mean norm of z ~ N(0, Iₙ). Almost every "
           "latent lies in a thin shell of this radius (sd ≈ 0.71).")};
    rows << Readout{tr("mean ‖z‖ all"),
                    numberText(r.meanNormAll, 5) + QStringLiteral(" ± ") +
                        numberText(r.sdNormAll, 3),
                    tr("Mean and sd of the norm over every drawn latent.")};
    rows << Readout{
        tr("mean ‖z‖ accepted"),
        r.accepted > 0 ? numberText(r.meanNormAccepted, 5) + QStringLiteral(" ± ") +
                             numberText(r.sdNormAccepted, 3)
                       : tr("none accepted"),
        tr("The accepted latents sit inside the shell, closer to the centre: hubs are the "
           "points near the mean.")};
    rows << Readout{
        tr("ψ · mean ‖z‖"),
        numberText(r.meanNormTruncated, 5) + tr("  (ψ = %1)").arg(numberText(p.psi, 3)),
        tr("Where the truncation trick z ← ψz puts every latent: all are pulled in by the same "
           "factor, whatever their hub value.")};
    rows << Readout{
        tr("matching ψ"), r.accepted > 0 ? numberText(r.psiMatchingAccepted, 4) : tr("—"),
        tr("The ψ whose truncation gives the same mean norm as the hub prior (mean accepted / "
           "mean all). Hub selection is a data-driven truncation toward the centre, but a much "
           "milder one than ψ = 0.7, and it picks latents instead of shrinking them.")};
    rows << Readout{
        tr("Spearman(Nₖ, ‖z‖)"), numberText(r.spearmanNorm, 3),
        tr("Rank correlation of hub value and norm within a batch, −1…1 (mean over rounds). "
           "About −0.85 at z-dim 512: the shorter the latent, the bigger the hub.")};
    rows << Readout{
        tr("max Nₖ, skewness"), tr("%1, %2").arg(groupedNumber(maxValue), numberText(skewness, 3)),
        tr("Largest hub value and the skewness of Nₖ in the first batch; Poisson(k) (no "
           "hubs) would give a maximum near 3k and skewness 1/√k.")};
    setReadouts(rows);
}

} // namespace dimscope::views
