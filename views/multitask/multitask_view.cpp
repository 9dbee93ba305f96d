// SPDX-License-Identifier: MIT
#include "multitask/multitask_view.h"
#include "common/number_text.h"
#include "pareto/method_colour.h"

#include <cmath>
#include <limits>
#include <map>

#include <qcustomplot.h>

#include "common/curves/ensemble_layer.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"

namespace dimscope::views {

using namespace dimscope::multitask;

namespace {

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 200);
    moveLegendOutside(plot, LegendPlace::Above); // as many entries a row as fit
    plot->xAxis->setLabel(QObject::tr("Adam step"));
    return plot;
}

/// w₁/(w₁ + w₂) per seed and point: comparable across methods whose weights differ in scale.
std::vector<std::vector<double>> shareOfTask1(const MethodCurves &c) {
    std::vector<std::vector<double>> out;
    for (std::size_t s = 0; s < c.weight1.size(); ++s) {
        std::vector<double> row;
        for (std::size_t i = 0; i < c.weight1[s].size(); ++i) {
            const double a = c.weight1[s][i], b = c.weight2[s][i];
            row.push_back(a + b > 0 ? a / (a + b) : std::numeric_limits<double>::quiet_NaN());
        }
        out.push_back(row);
    }
    return out;
}

} // namespace

MultitaskView::MultitaskView(QWidget *parent) : TypedExplorerView(multitask::explorer(), parent) {
    m_loss1Plot = makePlot();
    m_loss2Plot = makePlot();
    m_weightPlot = makePlot();
    setLogAxis(m_loss1Plot, false, true);
    setLogAxis(m_loss2Plot, false, true);
    m_loss1Plot->yAxis->setLabel(tr("task 1 loss, MSE of sin x"));
    m_loss2Plot->yAxis->setLabel(tr("task 2 loss, MSE of s·cos 2x"));
    m_weightPlot->yAxis->setLabel(tr("w₁ / (w₁ + w₂)"));
    setPlotTitle(m_weightPlot, titles(MultitaskParams{}).weights);
    auto *area = new ReflowGrid;
    area->setWideOrOneColumn(
        {{m_loss1Plot, 0, 0}, {m_loss2Plot, 0, 1}, {m_weightPlot, 1, 0, 1, 2}});
    setPlotArea(area);
}

MultitaskView::~MultitaskView() = default;

QList<PlotEntry> MultitaskView::plots() const {
    return {{QStringLiteral("loss1"), tr("Task 1 loss"), m_loss1Plot},
            {QStringLiteral("loss2"), tr("Task 2 loss"), m_loss2Plot},
            {QStringLiteral("weights"), tr("Task 1's share of the weights"), m_weightPlot}};
}

MultitaskView::Titles MultitaskView::titles(const MultitaskParams &p) const {
    return {tr("Task 1: y₁ = sin x"), tr("Task 2: y₂ = %1 cos 2x").arg(numberText(p.scale2, 4)),
            tr("Task 1's share of the weights (MGDA: α₁)")};
}

void MultitaskView::prepare(const MultitaskParams &p) {
    setPlotTitle(m_loss1Plot, titles(p).loss1);
    setPlotTitle(m_loss2Plot, titles(p).loss2);
    setPlotTitle(m_weightPlot, titles(p).weights);
}

void MultitaskView::drawSnapshot(const MultitaskSnapshot &s) {
    if (s.runsTotal > 0)
        setProgressText(tr("%1 of %2 runs").arg(s.runsDone).arg(s.runsTotal));
}

void MultitaskView::drawResult(const MultitaskResult &result) {
    m_layers.clear();
    std::vector<double> x(result.steps.begin(), result.steps.end());
    std::vector<const EnsembleLayer *> loss1, loss2, weights;
    // The same for every method of a plot: said once, in its title (geometric on the log axes).
    std::map<const QCustomPlot *, QString> bands;
    const auto add = [&](QCustomPlot *plot, const QString &name,
                         const std::vector<std::vector<double>> &perSeed, QColor colour) {
        auto layer = std::make_unique<EnsembleLayer>(plot, colour);
        EnsembleLayerData data = ensembleData(name, {x}, perSeed, curves::Band::Sd,
                                              curves::Smoother{}, ensembleScaleOf(plot));
        bands[plot] = takeLegendBand(data);
        layer->show(data);
        m_layers.push_back(std::move(layer));
        return m_layers.back().get();
    };
    for (const MethodCurves &c : result.methods) {
        const QString name = QString::fromStdString(nameOf(c.method));
        const QColor colour = methodColour(c.method);
        loss1.push_back(add(m_loss1Plot, name, c.loss1, colour));
        loss2.push_back(add(m_loss2Plot, name, c.loss2, colour));
        weights.push_back(add(m_weightPlot, name, shareOfTask1(c), colour));
    }
    const Titles before = titles(result.params);
    setPlotTitle(m_loss1Plot, before.loss1 + QStringLiteral("; ") + bands[m_loss1Plot]);
    setPlotTitle(m_loss2Plot, before.loss2 + QStringLiteral("; ") + bands[m_loss2Plot]);
    setPlotTitle(m_weightPlot, before.weights + QStringLiteral("; ") + bands[m_weightPlot]);
    frameOnLayers(m_loss1Plot, loss1);
    frameOnLayers(m_loss2Plot, loss2);
    frameOnLayers(m_weightPlot, weights);
    m_weightPlot->yAxis->setRange(-0.02, 1.02);
    QList<Readout> rows;
    for (const MethodCurves &c : result.methods) {
        double l1 = 0, l2 = 0;
        for (std::size_t s = 0; s < c.loss1.size(); ++s) {
            l1 += c.loss1[s].back() / double(c.loss1.size());
            l2 += c.loss2[s].back() / double(c.loss2.size());
        }
        rows << Readout{QString::fromStdString(nameOf(c.method)),
                        tr("L₁ %1, L₂ %2").arg(numberText(l1, 3), numberText(l2, 3)),
                        tr("Each task's final loss, the mean over seeds.")};
    }
    setReadouts(rows);
    for (QCustomPlot *plot : {m_loss1Plot, m_loss2Plot, m_weightPlot})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace dimscope::views
