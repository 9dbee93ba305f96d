// SPDX-License-Identifier: MIT
#include "pareto/pareto_view.h"
#include "common/number_text.h"

#include <cmath>
#include <limits>

#include <QCheckBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "common/flow_layout.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"
#include "pareto/pareto_plots.h"

namespace dimscope::views {

using namespace dimscope::pareto;

namespace {

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 220);
    return plot;
}

QString methodName(Method m) { return QString::fromStdString(nameOf(m)); }

} // namespace

ParetoView::ParetoView(QWidget *parent) : TypedExplorerView(pareto::explorer(), parent) {
    m_landscapePlot = makePlot();
    m_arrowPlot = makePlot();
    m_lossPlot = makePlot();
    m_weightPlot = makePlot();
    // Paths and contours fill the plane, arrows fan out from the origin: legends go outside.
    // The landscape's thirteen short entries in a column beside it: under it, in four rows,
    // they left a one-column figure a third of its height for the plane.
    moveLegendOutside(m_landscapePlot, LegendPlace::Right);
    moveLegendOutside(m_arrowPlot, LegendPlace::Below);
    m_arrowPlot->legend->setWrap(2);
    moveLegendOutside(m_lossPlot, LegendPlace::Above);
    moveLegendOutside(m_weightPlot, LegendPlace::Above);
    keepEqualAspect(m_landscapePlot);
    keepEqualAspect(m_arrowPlot);
    setLogAxis(m_lossPlot, false, true);
    m_lossPlot->xAxis->setLabel(tr("step"));
    m_lossPlot->yAxis->setLabel(tr("task loss Lᵢ"));
    m_weightPlot->xAxis->setLabel(tr("step"));
    m_weightPlot->yAxis->setLabel(tr("weight wᵢ of u = Σ wᵢgᵢ"));

    // The losses and weights settle in the first few % of the steps: a log step axis shows how.
    m_logSteps =
        makeLogStepBox(tr("Spreads out the first steps of the losses and weights, where they "
                          "change; step 0 is left out."));
    connect(m_logSteps, &QCheckBox::toggled, this, [this] {
        if (m_result)
            drawResult(*m_result);
    });
    auto *bar = new FlowLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    bar->addWidget(m_logSteps);

    auto *area = new QWidget;
    auto *column = new QVBoxLayout(area);
    column->setContentsMargins(0, 0, 0, 0);
    column->addLayout(bar);
    auto *grid = new ReflowGrid;
    grid->setWideOrOneColumn({{m_landscapePlot, 0, 0, 1, 1, {}, 3, 3},
                              {m_arrowPlot, 0, 1, 1, 1, {}, 3, 2},
                              {m_lossPlot, 1, 0, 1, 1, {}, 2, 3},
                              {m_weightPlot, 1, 1, 1, 1, {}, 2, 2}});
    column->addWidget(grid, 1);
    setPlotArea(area);
}

QList<PlotEntry> ParetoView::plots() const {
    return {{QStringLiteral("landscape"), tr("Tasks, Pareto set and paths"), m_landscapePlot},
            {QStringLiteral("arrows"), tr("Gradients, hull and min-norm point"), m_arrowPlot},
            {QStringLiteral("losses"), tr("Task losses along the path"), m_lossPlot},
            {QStringLiteral("weights"), tr("Weights along the path"), m_weightPlot}};
}

void ParetoView::prepare(const ParetoParams &p) {
    setPlotTitle(m_landscapePlot, tr("Offsets %1 / %2, scales %3 / %4; dashed: gradient-based")
                                      .arg(numberText(p.offset1), numberText(p.offset2),
                                           numberText(p.scale1), numberText(p.scale2)));
    setPlotTitle(m_lossPlot, tr("Task losses along the %1 path").arg(methodName(p.method)));
    setPlotTitle(m_weightPlot, tr("Weights %1 chooses").arg(methodName(p.method)));
}

void ParetoView::drawSharedResult(const std::shared_ptr<const ParetoResult> &result) {
    m_result = result;
    drawResult(*result);
}

void ParetoView::drawResult(const ParetoResult &result) {
    drawLandscape(m_landscapePlot, result);
    setPlotTitle(m_arrowPlot, tr("Gradients at step %1 of %2")
                                  .arg(result.arrows.step)
                                  .arg(methodName(result.params.method)));
    drawArrowPanel(m_arrowPlot, result);
    drawAlongPath(result);
    showReadouts(result);
    for (QCustomPlot *plot : {m_landscapePlot, m_arrowPlot, m_lossPlot, m_weightPlot})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

void ParetoView::drawAlongPath(const ParetoResult &result) {
    m_lossPlot->clearGraphs();
    m_weightPlot->clearGraphs();
    const Path &path = result.chosen();
    for (std::size_t i = 0; i < result.taskLosses.size(); ++i) {
        QVector<double> x, loss, weight;
        for (std::size_t t = 0; t < result.taskLosses[i].size(); ++t) {
            x << double(t);
            const double l = result.taskLosses[i][t];
            loss << (l > 0 ? l : std::numeric_limits<double>::quiet_NaN());
        }
        QCPGraph *g = addLineGraph(m_lossPlot, tr("L%1").arg(i + 1), SeriesRole::Simulation);
        g->setPen(QPen(taskColour(int(i)), 1.8));
        g->setData(x, loss, true);
        QVector<double> wx;
        for (std::size_t t = 0; t < path.weights.size(); ++t) {
            wx << double(t);
            weight << path.weights[t](Eigen::Index(i));
        }
        QCPGraph *w = addLineGraph(m_weightPlot, tr("w%1").arg(i + 1), SeriesRole::Simulation);
        w->setPen(QPen(taskColour(int(i)), 1.8));
        w->setData(wx, weight, true);
    }
    m_lossPlot->rescaleAxes();
    const QCPRange r = m_lossPlot->yAxis->range();
    m_lossPlot->yAxis->setRange(r.lower / 2, r.upper * 2);
    m_weightPlot->rescaleAxes();
    const QCPRange w = m_weightPlot->yAxis->range();
    const double pad = std::max(0.05 * (w.upper - w.lower), 1e-3);
    m_weightPlot->yAxis->setRange(std::min(0.0, w.lower - pad), w.upper + pad);
    const double last = double(std::max<std::size_t>(2, path.weights.size()) - 1);
    for (QCustomPlot *plot : {m_lossPlot, m_weightPlot}) {
        if (m_logSteps->isChecked())
            useLogStepAxis(plot, 1, last);
        else
            setLogAxis(plot, false, plot->yAxis->scaleType() == QCPAxis::stLogarithmic);
    }
}

void ParetoView::showReadouts(const ParetoResult &result) {
    const Path &path = result.chosen();
    const Point end = path.points.back();
    QList<Readout> rows;
    rows << Readout{tr("final θ"),
                    QStringLiteral("(%1, %2)").arg(numberText(end.x()), numberText(end.y())),
                    tr("Where the chosen method's path ends.")};
    QStringList weights;
    if (!path.weights.empty())
        for (Eigen::Index i = 0; i < path.weights.back().size(); ++i)
            weights << numberText(path.weights.back()(i));
    rows << Readout{tr("last weights"), weights.join(QStringLiteral(", ")),
                    tr("The weights of u = Σ wᵢgᵢ at the last step.")};
    QStringList alpha;
    for (Eigen::Index i = 0; i < result.arrows.minNormWeights.size(); ++i)
        alpha << numberText(result.arrows.minNormWeights(i));
    rows << Readout{tr("α* at the arrow point"), alpha.join(QStringLiteral(", ")),
                    tr("MGDA's weights there: the min-norm point u* = Σ α*ᵢgᵢ of the hull.")};
    rows << Readout{tr("‖u*‖"), numberText(result.arrows.minNorm.norm()),
                    tr("0 exactly at a Pareto-stationary point.")};
    if (path.divergedAt >= 0)
        rows << Readout{tr("diverged at step"), QString::number(path.divergedAt),
                        tr("θ left the picture: lower the learning rate.")};
    setReadouts(rows);
}

} // namespace dimscope::views
