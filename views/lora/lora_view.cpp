// SPDX-License-Identifier: MIT
#include "lora/lora_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "common/flow_layout.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"

namespace dimscope::views {

using namespace dimscope::lora;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Singular values drawn over time: the leading ones, where the rank limit shows.
constexpr int kSpectrumLines = 6;

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 200);
    return plot;
}

QString methodName(Method m) { return QString::fromStdString(nameOf(m)); }

QVector<double> stepsOf(const MethodRun &run) {
    QVector<double> x;
    for (std::int64_t s : run.steps)
        x << double(s);
    return x;
}

/// Positive values as they are, the rest as gaps (a log axis cannot show them).
QVector<double> positive(const std::vector<double> &v) {
    QVector<double> out;
    for (double y : v)
        out << (y > 0 && std::isfinite(y) ? y : kNaN);
    return out;
}

void frame(QCustomPlot *plot, bool logY) {
    plot->rescaleAxes();
    if (logY) {
        const QCPRange r = plot->yAxis->range();
        plot->yAxis->setRange(std::max(r.lower / 3, 1e-32), r.upper * 3);
    }
}

} // namespace

LoraView::LoraView(QWidget *parent) : TypedExplorerView(lora::explorer(), parent) {
    m_lossPlot = makePlot();
    m_spectrumPlot = makePlot();
    m_cosinePlot = makePlot();
    m_factorPlot = makePlot();
    for (QCustomPlot *plot : {m_lossPlot, m_spectrumPlot, m_cosinePlot, m_factorPlot}) {
        plot->xAxis->setLabel(tr("step"));
        moveLegendOutside(plot, LegendPlace::Above);
    }
    m_lossPlot->legend->setWrap(3); // five methods: two rows
    setLogAxis(m_lossPlot, false, true);
    setLogAxis(m_spectrumPlot, false, true);
    setLogAxis(m_factorPlot, false, true);
    m_lossPlot->yAxis->setLabel(tr("loss ‖XW − Y‖²/(2b)"));
    for (QCPItemText **label : {&m_rankFloorLabel, &m_additiveFloorLabel}) {
        *label = new QCPItemText(m_lossPlot);
        // At the line's right end: the rank floor's name below it (LoRA's curve lies on it and
        // the others come from above), the additive floor's above it.
        (*label)->setPositionAlignment(
            Qt::AlignRight | (*label == m_rankFloorLabel ? Qt::AlignTop : Qt::AlignBottom));
        (*label)->setFont(m_lossPlot->font());
        (*label)->setPadding(QMargins(2, 0, 4, 1));
        (*label)->setVisible(false);
    }

    m_spectrumPlot->yAxis->setLabel(tr("singular value of W − W₀"));
    m_cosinePlot->yAxis->setLabel(tr("cos∠(update, G)"));
    m_factorPlot->yAxis->setLabel(tr("Frobenius norm"));
    setPlotTitle(m_cosinePlot, tr("First-order update against the full gradient G"));
    setPlotTitle(m_factorPlot, tr("Factor norms and the balance AᵀA − BBᵀ"));

    // LoRA's cosine, its factors and the spectrum do all their moving in the first few % of the
    // steps: on a linear axis those plots looked flat.
    m_logSteps =
        makeLogStepBox(tr("Spreads out the first steps, where the cosine, the factor norms "
                          "and the spectrum change; step 0 is left out."));
    connect(m_logSteps, &QCheckBox::toggled, this, [this] {
        if (m_result)
            drawResult(*m_result);
    });
    auto *bar = new FlowLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    bar->addWidget(m_logSteps);

    auto *area = new QWidget;
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    auto *grid = new ReflowGrid;
    grid->setWideOrOneColumn(
        {{m_lossPlot, 0, 0}, {m_spectrumPlot, 0, 1}, {m_cosinePlot, 1, 0}, {m_factorPlot, 1, 1}});
    layout->addWidget(grid, 1);
    setPlotArea(area);
}

QList<PlotEntry> LoraView::plots() const {
    return {{QStringLiteral("loss"), tr("Loss against the step"), m_lossPlot},
            {QStringLiteral("spectrum"), tr("Spectrum of W − W₀ over time"), m_spectrumPlot},
            {QStringLiteral("cosine"), tr("Cosine between the update and G"), m_cosinePlot},
            {QStringLiteral("factors"), tr("Factor norms and balance"), m_factorPlot}};
}

void LoraView::prepare(const LoraParams &p) {
    m_lossTitle = tr("Loss, %1 × %1, rank(Δ*) = %2, ‖Δ*‖ = %3, r = %4")
                      .arg(p.size)
                      .arg(p.targetRank)
                      .arg(numberText(p.targetScale))
                      .arg(p.rank);
    setPlotTitle(m_lossPlot, m_lossTitle);
    setPlotTitle(m_spectrumPlot, tr("Spectrum of W − W₀ (%1) over time").arg(methodName(p.method)));
}

void LoraView::drawSnapshot(const LoraSnapshot &s) {
    if (s.stepsTotal > 0)
        setProgressText(tr("%1 of %2 steps").arg(s.stepsDone).arg(s.stepsTotal));
}

void LoraView::drawSharedResult(const std::shared_ptr<const LoraResult> &result) {
    m_result = result;
    drawResult(*result);
}

void LoraView::drawResult(const LoraResult &result) {
    drawLosses(result);
    drawSpectrum(result);
    drawCosineAndFactors(result);
    applyStepAxis(result);
    showReadouts(result);
    for (QCustomPlot *plot : {m_lossPlot, m_spectrumPlot, m_cosinePlot, m_factorPlot})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

void LoraView::applyStepAxis(const LoraResult &result) {
    const bool log = m_logSteps->isChecked();
    const double last = std::max(2.0, double(result.params.steps));
    // From the first logged step after 0 (every 10th at the defaults), not from an empty decade.
    double first = 1;
    for (const std::int64_t step : result.run.steps)
        if (step > 0) {
            first = std::min(double(step), last / 2);
            break;
        }
    for (QCustomPlot *plot : {m_lossPlot, m_spectrumPlot, m_cosinePlot, m_factorPlot}) {
        if (log)
            useLogStepAxis(plot, first, last);
        else
            setLogAxis(plot, false, plot->yAxis->scaleType() == QCPAxis::stLogarithmic);
    }
    // The legend entry of a diverged run whose curve is nowhere in the frame says where it went.
    for (int i = 0; i < m_lossPlot->graphCount(); ++i) {
        QCPGraph *g = m_lossPlot->graph(i);
        if (!g->property("diverged").toBool())
            continue;
        const bool inFrame =
            std::any_of(g->data()->begin(), g->data()->end(), [&](const QCPGraphData &p) {
                return m_lossPlot->xAxis->range().contains(p.key) &&
                       m_lossPlot->yAxis->range().contains(p.value);
            });
        if (!inFrame)
            g->setName(g->name().replace(tr(" (diverged)"), tr(" (diverged ↑)")));
    }
}

void LoraView::drawLosses(const LoraResult &result) {
    QCustomPlot *plot = m_lossPlot;
    plot->clearGraphs();
    const auto add = [&](const MethodRun &run, bool chosen) {
        QString name = methodName(run.method);
        if (run.divergedAt >= 0)
            name += tr(" (diverged)"); // the step is in the readouts
        QCPGraph *g = addLineGraph(plot, name, SeriesRole::Simulation, int(run.method));
        g->setProperty("method", int(run.method)); // a run, not a floor
        g->setProperty("diverged", run.divergedAt >= 0);
        QPen pen = g->pen();
        pen.setWidthF(chosen ? 2.6 : 1.3);
        g->setPen(pen);
        g->setData(stepsOf(run), positive(run.loss), true);
    };
    for (const MethodRun &other : result.comparison)
        add(other, false);
    add(result.run, true);
    // The floors are named on their lines, not in the legend: seven entries took a third of a
    // one-column figure.
    const double steps = double(result.params.steps);
    const QVector<double> ends = {0.0, steps};
    const auto floorLine = [&](QCPItemText *label, bool shown, double level, const QString &name,
                               SeriesRole role) {
        label->setVisible(shown);
        if (!shown)
            return;
        QCPGraph *floor = addLineGraph(plot, name, role);
        if (role == SeriesRole::Theory)
            floor->setPen(QPen(QColor(20, 20, 20), 1.4, Qt::DashLine));
        floor->setData(ends, {level, level}, true);
        floor->removeFromLegend();
        label->setText(name);
        label->setColor(floor->pen().color());
        label->position->setCoords(steps, level);
    };
    floorLine(m_rankFloorLabel, result.bestRankLoss > 1e-30, result.bestRankLoss,
              tr("rank-%1 floor").arg(result.params.rank), SeriesRole::Theory);
    const bool additiveShown =
        result.run.method == Method::Additive ||
        std::any_of(result.comparison.begin(), result.comparison.end(),
                    [](const MethodRun &r) { return r.method == Method::Additive; });
    floorLine(m_additiveFloorLabel,
              additiveShown && result.bestAdditiveLoss && *result.bestAdditiveLoss > 1e-30,
              result.bestAdditiveLoss.value_or(0), tr("additive floor"), SeriesRole::Reference);
    frame(plot, true);
    // A diverged run runs off to 1e100: keep the frame on the problem's own scale.
    double top = 0;
    for (double v : result.run.loss)
        if (std::isfinite(v))
            top = std::max(top, v);
    for (const MethodRun &r : result.comparison)
        if (r.divergedAt < 0)
            for (double v : r.loss)
                top = std::max(top, v);
    if (top > 0 && plot->yAxis->range().upper > top * 5)
        plot->yAxis->setRangeUpper(top * 5);
    showBelowAxis(result, top);
}

void LoraView::showBelowAxis(const LoraResult &result, double top) {
    // Full fine-tuning fits exactly and falls to round-off, 1e-30: thirty decades that crushed
    // the floors and LoRA's approach to them into the top one. The axis ends three decades
    // below the lowest floor drawn (eight below the largest loss without one); the runs that
    // fall further are named with their lowest loss.
    QCustomPlot *plot = m_lossPlot;
    double lowestFloor = m_rankFloorLabel->visible() ? result.bestRankLoss : 0;
    if (m_additiveFloorLabel->visible())
        lowestFloor = lowestFloor > 0 ? std::min(lowestFloor, *result.bestAdditiveLoss)
                                      : *result.bestAdditiveLoss;
    const double bottom = lowestFloor > 0 ? lowestFloor * 1e-3 : top * 1e-8;
    setPlotTitle(plot, m_lossTitle);
    if (!(bottom > 0) || plot->yAxis->range().lower >= bottom)
        return;
    plot->yAxis->setRangeLower(bottom);
    // Each run that falls below the axis says so in its legend entry, with its lowest loss. In
    // the title, these notes took three lines of a plot 300 px high; as words ("below, to …") they
    // kept the legend at one entry a row, half a one-column figure's height.
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *g = plot->graph(i);
        if (!g->visible() || !g->property("method").isValid())
            continue;
        double lowest = std::numeric_limits<double>::infinity();
        for (const QCPGraphData &p : *g->data())
            if (p.value > 0 && std::isfinite(p.value))
                lowest = std::min(lowest, p.value);
        if (lowest < bottom)
            g->setName(g->name() + tr(" (↓ %1)").arg(numberText(lowest, 2)));
    }
}

void LoraView::drawSpectrum(const LoraResult &result) {
    QCustomPlot *plot = m_spectrumPlot;
    plot->clearGraphs();
    const MethodRun &run = result.run;
    const QVector<double> x = stepsOf(run);
    const int lines = std::min<int>(kSpectrumLines, int(run.singularValues.size()));
    double largest = 0;
    for (const auto &s : run.spectrum)
        for (double v : s)
            if (std::isfinite(v)) // a diverged run's inf must not hide every line
                largest = std::max(largest, v);
    for (int i = 0; i < lines; ++i) {
        std::vector<double> sigma;
        double peak = 0;
        for (const auto &s : run.spectrum) {
            sigma.push_back(std::size_t(i) < s.size() ? s[std::size_t(i)] : kNaN);
            if (std::isfinite(sigma.back()))
                peak = std::max(peak, sigma.back());
        }
        // A rank-r update's σ beyond r are round-off, below the axis cut-off below: a legend
        // entry for them would name a curve that is not drawn.
        if (!(peak > 1e-8 * largest))
            continue;
        QCPGraph *g =
            addLineGraph(plot, QStringLiteral("σ%1").arg(i + 1), SeriesRole::Simulation, i);
        g->setData(x, positive(sigma), true);
    }
    const int targets = std::min<int>(lines, int(result.targetSingular.size()));
    for (int i = 0; i < targets; ++i) {
        const double s = result.targetSingular[std::size_t(i)];
        if (!(s > 1e-12 * result.targetSingular.front()))
            break;
        QCPGraph *g = addLineGraph(plot, i == 0 ? tr("σᵢ(Δ*)") : QString(), SeriesRole::Theory);
        g->setPen(QPen(QColor(20, 20, 20), 1.2, Qt::DashLine));
        g->setData({0.0, double(result.params.steps)}, {s, s}, true);
        if (i > 0)
            g->removeFromLegend();
    }
    frame(plot, true);
    // Round-off singular values (1e-17) would stretch the axis over 15 decades of nothing.
    const double top = plot->yAxis->range().upper;
    plot->yAxis->setRangeLower(std::max(plot->yAxis->range().lower, top * 1e-8));
}

void LoraView::drawCosineAndFactors(const LoraResult &result) {
    const MethodRun &run = result.run;
    const QVector<double> x = stepsOf(run);
    m_cosinePlot->clearGraphs();
    QCPGraph *c =
        addLineGraph(m_cosinePlot, methodName(run.method), SeriesRole::Simulation, int(run.method));
    c->setData(x, QVector<double>(run.cosine.begin(), run.cosine.end()), true);
    m_cosinePlot->xAxis->setRange(0, double(result.params.steps));
    m_cosinePlot->yAxis->setRange(-0.05, 1.05);

    m_factorPlot->clearGraphs();
    const bool factors = run.method == Method::Lora || run.method == Method::LoraSymmetric ||
                         run.method == Method::Additive;
    if (factors) {
        addLineGraph(m_factorPlot, tr("‖A‖"), SeriesRole::Simulation, 0)
            ->setData(x, positive(run.normA), true);
        addLineGraph(m_factorPlot, tr("‖B‖"), SeriesRole::Simulation, 1)
            ->setData(x, positive(run.normB), true);
        if (run.method != Method::Additive) // finite steps drift from what the flow keeps
            addLineGraph(m_factorPlot, tr("‖AᵀA − BBᵀ‖ (flow conserves it)"), SeriesRole::Theory)
                ->setData(x, positive(run.balance), true);
        frame(m_factorPlot, true);
        setPlotTitle(m_factorPlot, tr("Factor norms and the balance AᵀA − BBᵀ"));
    } else {
        setPlotTitle(m_factorPlot, tr("%1 has no factors A, B").arg(methodName(run.method)));
    }
}

void LoraView::showReadouts(const LoraResult &result) {
    const MethodRun &run = result.run;
    QList<Readout> rows;
    rows << Readout{tr("final loss"), numberText(run.loss.back()),
                    tr("Loss of the chosen method at the last logged step.")};
    rows << Readout{tr("best rank-%1 loss").arg(result.params.rank),
                    numberText(result.bestRankLoss),
                    tr("The least loss any rank-r update reaches: ½ Σ_{i>r} σᵢ(LᵀΔ*)² with "
                       "XᵀX/b = LLᵀ. LoRA's plateau when it finds the best rank-r update.")};
    if (result.bestAdditiveLoss)
        rows << Readout{tr("best additive loss"), numberText(*result.bestAdditiveLoss),
                        tr("The least loss over ΔW = AP + QB, by least squares.")};
    if (run.divergedAt >= 0)
        rows << Readout{tr("diverged at step"), QString::number(run.divergedAt),
                        tr("The first logged step whose loss was not finite.")};
    for (const MethodRun &other : result.comparison)
        if (other.divergedAt >= 0)
            rows << Readout{tr("%1 diverged at").arg(methodName(other.method)),
                            tr("step %1").arg(other.divergedAt),
                            tr("The first logged step whose loss was not finite.")};
    for (const ForgettingRow &f : result.forgetting)
        rows << Readout{
            tr("forgetting, %1").arg(methodName(f.method)),
            tr("task 1: %1 → %2; task 2: %3")
                .arg(numberText(f.task1Before), numberText(f.task1After), numberText(f.task2After)),
            tr("Task 1's loss after fitting it, then after training on task 2; task "
               "2's loss at the end. An open question of the post: no expected "
               "answer.")};
    setReadouts(rows);
}

} // namespace dimscope::views
