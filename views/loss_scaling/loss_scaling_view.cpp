// SPDX-License-Identifier: MIT
#include "loss_scaling/loss_scaling_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <qcustomplot.h>

#include "common/curves/ensemble_layer.h"
#include "common/legend_placement.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"

namespace dimscope::views {

using namespace dimscope::loss_scaling;

namespace {

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 220);
    return plot;
}

QString percent(double share) {
    if (share == 0)
        return QStringLiteral("0 %");
    return numberText(100 * share, 3) + QStringLiteral(" %");
}

QString formatTitle(NumberFormat f) {
    switch (f) {
    case NumberFormat::Fp16: return QStringLiteral("fp16");
    case NumberFormat::Bf16: return QStringLiteral("bf16");
    case NumberFormat::Fp8E4M3: return QStringLiteral("fp8 E4M3");
    case NumberFormat::Fp8E5M2: return QStringLiteral("fp8 E5M2");
    }
    return {};
}

/// "2⁻²⁴": a power of two as typeset, never the caret of code.
QString powerOfTwo(long exponent) {
    static const QChar digits[] = {u'⁰', u'¹', u'²', u'³', u'⁴', u'⁵', u'⁶', u'⁷', u'⁸', u'⁹'};
    QString text = QString::number(std::labs(exponent));
    for (QChar &c : text)
        c = digits[c.digitValue()];
    return QStringLiteral("2") + (exponent < 0 ? QStringLiteral("⁻") : QString()) + text;
}

QString scaleText(double s) {
    const double k = std::log2(s);
    if (std::fabs(k - std::round(k)) < 1e-9)
        return powerOfTwo(std::lround(k));
    return numberText(s, 6);
}

} // namespace

LossScalingView::LossScalingView(QWidget *parent)
    : TypedExplorerView(loss_scaling::explorer(), parent) {
    m_histogramPlot = makePlot();
    m_bars = addHistogramBars(m_histogramPlot, tr("|g·S|"));
    m_bars->removeFromLegend();
    m_histogramPlot->xAxis->setLabel(tr("log₂ |g·S|   (dashed: the format's limits)"));
    m_histogramPlot->yAxis->setLabel(tr("share of entries"));
    // The format's limits as vertical lines named in a legend row above the axes: labels on the
    // lines themselves collide when the limits are close (E4M3's are 3 octaves apart).
    for (int i = 0; i < 3; ++i) {
        QCPGraph *line = addLineGraph(m_histogramPlot, QString(), SeriesRole::Simulation, i + 1);
        QPen pen = line->pen();
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.6);
        line->setPen(pen);
        m_limitLines.push_back(line);
    }
    moveLegendOutside(m_histogramPlot, LegendPlace::Above);

    m_sweepPlot = makePlot();
    m_zero = addLineGraph(m_sweepPlot, tr("become 0"), SeriesRole::Simulation, 5);
    m_subnormal = addLineGraph(m_sweepPlot, tr("subnormal"), SeriesRole::Simulation, 1);
    m_overflow = addLineGraph(m_sweepPlot, tr("overflow"), SeriesRole::Simulation, 2);
    m_scaleMarker = new QCPItemStraightLine(m_sweepPlot);
    m_scaleMarker->setPen(rolePen(SeriesRole::Reference));
    m_sweepPlot->xAxis->setLabel(tr("log₂ S (loss scale)"));
    m_sweepPlot->yAxis->setLabel(tr("share of non-zero entries"));
    m_sweepPlot->xAxis->setRange(-0.5, 24.5);
    m_sweepPlot->yAxis->setRange(-0.02, 1.02); // a share of 0 stays clear of the frame
    m_sweepPlot->legend->setVisible(true);
    setLegendCorner(m_sweepPlot, Qt::AlignTop | Qt::AlignHCenter);

    m_lossPlot = makePlot();
    m_lossPlot->xAxis->setLabel(tr("step"));
    m_lossPlot->yAxis->setLabel(tr("training loss"));
    setLogAxis(m_lossPlot, false, true);
    m_lossPlot->legend->setVisible(true);
    m_scalePlot = makePlot();
    m_scalePlot->xAxis->setLabel(tr("step"));
    m_scalePlot->yAxis->setLabel(tr("loss scale S"));
    setLogAxis(m_scalePlot, false, true);
    m_scalePlot->legend->setVisible(true);

    auto *area = new ReflowGrid;
    area->setWideOrOneColumn(
        {{m_histogramPlot, 0, 0}, {m_sweepPlot, 0, 1}, {m_lossPlot, 1, 0}, {m_scalePlot, 1, 1}});
    setPlotArea(area);
}

LossScalingView::~LossScalingView() = default;

QList<PlotEntry> LossScalingView::plots() const {
    return {{QStringLiteral("histogram"), tr("log₂ histogram of |g·S|"), m_histogramPlot},
            {QStringLiteral("shares"), tr("Shares against the loss scale"), m_sweepPlot},
            {QStringLiteral("training"), tr("Training loss, fp32 against the format"), m_lossPlot},
            {QStringLiteral("scale"), tr("The loss scale during training"), m_scalePlot}};
}

void LossScalingView::prepare(const LossScalingParams &p) {
    setPlotTitle(m_histogramPlot, tr("%1 gradients × S = %2 in %3")
                                      .arg(p.gradients.empty() ? tr("Tiny-net") : tr("Your"),
                                           scaleText(p.scale), formatTitle(p.format)));
    setPlotTitle(m_sweepPlot, tr("What %1 makes of g·S").arg(formatTitle(p.format)));
    if (p.trainSteps == 0) {
        m_layers.clear();
        m_scalePlot->clearGraphs();
        setPlotTitle(m_lossPlot, tr("Training: set training steps above 0"));
        setPlotTitle(m_scalePlot, tr("Loss scale: set training steps above 0"));
        for (auto *plot : {m_lossPlot, m_scalePlot}) {
            plot->legend->setVisible(false);
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    } else {
        setPlotTitle(m_lossPlot,
                     tr("fp32 against %1, scaler %2")
                         .arg(formatTitle(p.format), QString::fromStdString(nameOf(p.scaler))));
        setPlotTitle(m_scalePlot, tr("Loss scale S per seed (×: skipped steps)"));
        m_lossPlot->legend->setVisible(true);
        m_scalePlot->legend->setVisible(true);
    }
}

void LossScalingView::drawSnapshot(const LossScalingSnapshot &s) {
    drawTraining(s.training);
    setProgressText(tr("%1 of %2 steps").arg(s.stepsDone).arg(s.stepsTotal));
}

void LossScalingView::drawResult(const LossScalingResult &r) {
    drawHistogram(r);
    drawSweep(r);
    if (r.training)
        drawTraining(*r.training);
    QList<Readout> rows;
    const auto sharesText = [](const FateShares &s) {
        return tr("0: %1, subnormal: %2, overflow: %3")
            .arg(percent(s.zeroFraction()), percent(s.subnormalFraction()),
                 percent(s.overflowFraction()));
    };
    rows << Readout{formatTitle(r.params.format), sharesText(r.shares),
                    tr("Shares of the non-zero entries of g·S that the format stores as 0, as a "
                       "subnormal (fewer significant bits), or above its largest value.")};
    for (std::size_t f = 0; f < r.everyFormat.size(); ++f)
        if (f != std::size_t(r.params.format))
            rows << Readout{formatTitle(NumberFormat(f)), sharesText(r.everyFormat[f]),
                            tr("The same S in another format.")};
    rows << Readout{
        tr("|g| range"),
        tr("%1 … %2 (%3 entries)").arg(numberText(r.minAbs), numberText(r.maxAbs)).arg(r.entries),
        tr("Smallest and largest non-zero |g| before scaling.")};
    const AdamScaleCheck &a = r.adamCheck;
    rows << Readout{tr("Adam check"),
                    tr("loss×S vs ε/S: %1; vs plain ε: %2 (θ moved %3)")
                        .arg(numberText(a.scaledVsEpsOverK, 2), numberText(a.scaledVsPlain, 2),
                             numberText(a.movement, 2)),
                    tr("Largest |θ| difference after %1 Adam steps: multiplying the loss by S is "
                       "the same as dividing ε by S (only rounding differs), not the same as "
                       "leaving ε alone.")
                        .arg(a.steps)};
    if (r.training) {
        const TrainingTrace &t = *r.training;
        QStringList skipped;
        for (std::int64_t v : t.skippedTotal)
            skipped << QString::number(v);
        rows << Readout{tr("skipped steps"), skipped.join(QStringLiteral(", ")),
                        tr("Per seed: steps whose gradients held an inf or NaN (dynamic scaler "
                           "only: it skips them and halves S).")};
    }
    setReadouts(rows);
    for (auto *p : {m_histogramPlot, m_sweepPlot, m_lossPlot, m_scalePlot})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void LossScalingView::drawHistogram(const LossScalingResult &r) {
    const int per = r.params.binsPerOctave;
    QVector<double> keys, values;
    double peak = 0;
    const double total = std::max<double>(1, double(r.shares.nonzero));
    for (std::size_t i = 0; i < r.histogram.size(); ++i) {
        keys << r.histogramLo + (double(i) + 0.5) / per;
        values << double(r.histogram[i]) / total;
        peak = std::max(peak, values.back());
    }
    m_bars->setWidth(1.0 / per);
    m_bars->setData(keys, values, true);
    const FormatLimits f = limitsOf(r.params.format);
    const double marks[3] = {std::log2(f.smallestSubnormal), std::log2(f.smallestNormal),
                             std::log2(f.largest)};
    // Short names: the legend row must fit a plot a third of a 1280-pixel window wide.
    const QString names[3] = {tr("%1 subn.").arg(powerOfTwo(std::lround(marks[0]))),
                              tr("%1 norm.").arg(powerOfTwo(std::lround(marks[1]))),
                              tr("%1 max").arg(numberText(f.largest, 5))};
    // Frame the data and the format's range, with a margin.
    double lo = std::min(marks[0] - 2, keys.isEmpty() ? marks[0] : keys.first() - 1);
    double hi = std::max(marks[2] + 2, keys.isEmpty() ? marks[2] : keys.last() + 1);
    if (r.params.format == NumberFormat::Bf16) { // bf16 spans 2⁻¹³³…2¹²⁸: frame the data
        lo = keys.isEmpty() ? -30.0 : keys.first() - 4;
        hi = std::max(keys.isEmpty() ? 10.0 : keys.last() + 4, 20.0);
    }
    m_histogramPlot->xAxis->setRange(lo, hi);
    const double top = peak > 0 ? peak * 1.15 : 1.0;
    m_histogramPlot->yAxis->setRange(0, top);
    for (int i = 0; i < 3; ++i) {
        QCPGraph *line = m_limitLines[std::size_t(i)];
        line->setName(names[i]);
        line->setData({marks[i], marks[i]}, {0.0, top}, true);
        const bool inside = marks[i] >= lo && marks[i] <= hi;
        line->setVisible(inside);
        if (inside)
            line->addToLegend();
        else
            line->removeFromLegend();
    }
}

void LossScalingView::drawSweep(const LossScalingResult &r) {
    QVector<double> x, zero, sub, over;
    for (std::size_t k = 0; k < r.sweep.size(); ++k) {
        x << r.sweepLog2Scale[k];
        zero << r.sweep[k].zeroFraction();
        sub << r.sweep[k].subnormalFraction();
        over << r.sweep[k].overflowFraction();
    }
    m_zero->setData(x, zero, true);
    m_subnormal->setData(x, sub, true);
    m_overflow->setData(x, over, true);
    const double k = std::log2(r.params.scale);
    m_scaleMarker->point1->setCoords(k, 0);
    m_scaleMarker->point2->setCoords(k, 1);
}

void LossScalingView::drawTraining(const TrainingTrace &t) {
    m_layers.clear();
    m_scalePlot->clearGraphs();
    if (t.steps.empty())
        return;
    const std::vector<double> x(t.steps.begin(), t.steps.end());
    QString band; // the same for both: said once, in the title
    const auto layer = [&](QCustomPlot *plot, const QString &name,
                           const std::vector<std::vector<double>> &rows, int colour) {
        auto l = std::make_unique<EnsembleLayer>(plot, paletteColor(colour));
        EnsembleLayerData data = ensembleData(name, {x}, rows, curves::Band::Sd, curves::Smoother{},
                                              ensembleScaleOf(plot));
        band = takeLegendBand(data);
        l->show(data);
        m_layers.push_back(std::move(l));
        return m_layers.back().get();
    };
    const EnsembleLayer *fp32 = layer(m_lossPlot, tr("fp32"), t.fp32Loss, 0);
    const EnsembleLayer *low = layer(m_lossPlot,
                                     formatTitle(shown().format) + tr(", scaler ") +
                                         QString::fromStdString(nameOf(shown().scaler)),
                                     t.loss, 1);
    frameOnLayers(m_lossPlot, {fp32, low});
    setPlotTitle(m_lossPlot, tr("fp32 against %1, scaler %2; %3")
                                 .arg(formatTitle(shown().format),
                                      QString::fromStdString(nameOf(shown().scaler)), band));
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    // Seeds whose scalers did the same (often: no overflow, no growth) are one line, named so;
    // four lines on top of each other showed only the last one's colour.
    const bool alike = t.scale.size() > 1 &&
                       std::all_of(t.scale.begin(), t.scale.end(),
                                   [&](const auto &row) { return row == t.scale.front(); }) &&
                       std::all_of(t.skipped.begin(), t.skipped.end(),
                                   [&](const auto &row) { return row == t.skipped.front(); });
    bool anySkipped = false;
    for (std::size_t r = 0; r < (alike ? 1 : t.scale.size()); ++r) {
        QCPGraph *g = addLineGraph(m_scalePlot,
                                   alike ? tr("all %1 seeds alike").arg(t.scale.size())
                                         : tr("seed %1").arg(r + 1),
                                   SeriesRole::Simulation, int(r));
        QVector<double> xs, ys, skipX, skipY;
        for (std::size_t i = 0; i < t.scale[r].size() && i < x.size(); ++i) {
            xs << x[i];
            ys << t.scale[r][i];
            lo = std::min(lo, t.scale[r][i]);
            hi = std::max(hi, t.scale[r][i]);
            if (i > 0 && t.skipped[r][i] > t.skipped[r][i - 1]) {
                skipX << x[i];
                skipY << t.scale[r][i];
            }
        }
        g->setData(xs, ys, true);
        anySkipped = anySkipped || !skipX.isEmpty();
        if (!skipX.isEmpty()) {
            QCPGraph *marks = addScatterGraph(m_scalePlot, QString(), int(r));
            marks->removeFromLegend();
            marks->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, 7));
            marks->setData(skipX, skipY, true);
        }
    }
    setPlotTitle(m_scalePlot, anySkipped ? tr("Loss scale S per seed (×: skipped steps)")
                                         : tr("Loss scale S per seed; no step skipped"));
    m_scalePlot->xAxis->setRange(x.front(), std::max(x.back(), x.front() + 1));
    // Two decades around the scales: over less than one, the log ticker labels 1·10⁵ and 1.2·10⁵
    // both "10⁵".
    if (hi > 0)
        m_scalePlot->yAxis->setRange(lo / 10, hi * 10);
    for (auto *p : {m_lossPlot, m_scalePlot})
        p->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace dimscope::views
