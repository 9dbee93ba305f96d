// SPDX-License-Identifier: MIT
#include "logit_kl/logit_kl_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>

#include <QVBoxLayout>

#include <qcustomplot.h>

#include "common/curves/ensemble_layer.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"
#include "logit_kl/logit_sliders.h"

namespace dimscope::views {

using namespace dimscope::logit_kl;

namespace {

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 220);
    return plot;
}

QCPBars *makeBars(QCustomPlot *plot, const QString &name, int colour) {
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    QColor fill = paletteColor(colour);
    fill.setAlpha(170);
    bars->setBrush(fill);
    bars->setPen(QPen(paletteColor(colour).darker(115), 0.8));
    bars->setWidthType(QCPBars::wtPlotCoords);
    bars->setWidth(0.38);
    return bars;
}

} // namespace

LogitKlView::LogitKlView(QWidget *parent) : TypedExplorerView(logit_kl::explorer(), parent) {
    m_sliders = new LogitSliders;
    connect(m_sliders, &LogitSliders::edited, this,
            [this](const std::vector<double> &s, const std::vector<double> &t, double shift) {
                ParamSet values = params();
                values.set("s", printLogits(s));
                values.set("t", printLogits(t));
                values.set("shift", shift);
                setParams(values);
            });

    m_barsPlot = makePlot();
    m_sigmoidBars = makeBars(m_barsPlot, tr("sigmoid form"), 0);
    m_softmaxBars = makeBars(m_barsPlot, tr("softmax form"), 1);
    auto *group = new QCPBarsGroup(m_barsPlot);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(1);
    m_sigmoidBars->setBarsGroup(group);
    m_softmaxBars->setBarsGroup(group);
    m_barsPlot->xAxis->setLabel(tr("class i"));
    m_barsPlot->yAxis->setLabel(tr("contribution to D"));
    QSharedPointer<QCPAxisTickerFixed> classTicks(new QCPAxisTickerFixed);
    classTicks->setTickStep(1.0); // classes are whole numbers
    classTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_barsPlot->xAxis->setTicker(classTicks);
    moveLegendOutside(m_barsPlot, LegendPlace::Above);

    m_shiftPlot = makePlot();
    m_sigmoidShift = addLineGraph(m_shiftPlot, tr("sigmoid form"), SeriesRole::Simulation, 0);
    m_softmaxShift = addLineGraph(m_shiftPlot, tr("softmax form"), SeriesRole::Simulation, 1);
    // Named in the legend with the chosen c (drawShift): the dots and the line through them.
    m_here = addScatterGraph(m_shiftPlot, QString(), 2);
    m_shiftMarker = new QCPItemStraightLine(m_shiftPlot);
    m_shiftMarker->setPen(rolePen(SeriesRole::Reference));
    m_shiftPlot->xAxis->setLabel(tr("shift c of every sᵢ"));
    m_shiftPlot->yAxis->setLabel(tr("D(s + c, t)"));
    setPlotTitle(m_shiftPlot, tr("Only the softmax form ignores a shift"));
    m_shiftPlot->legend->setVisible(true);

    m_contourPlot = makePlot();
    m_map = new QCPColorMap(m_contourPlot->xAxis, m_contourPlot->yAxis);
    m_map->removeFromLegend();
    QCPColorGradient gradient(QCPColorGradient::gpGrayscale);
    gradient.setColorStopAt(0, QColor(252, 252, 252));
    gradient.setColorStopAt(1, QColor(90, 90, 90));
    gradient.setLevelCount(14); // bands of equal value read as contours
    m_map->setGradient(gradient);
    m_map->setInterpolate(false);
    addColourScale(m_contourPlot, m_map, tr("(σ(s)−σ(t))(s−t)"));
    m_diagonal = addLineGraph(m_contourPlot, tr("s = t (term 0)"), SeriesRole::Reference);
    m_classPoints = addScatterGraph(m_contourPlot, tr("classes (sᵢ + c, tᵢ)"), 0);
    m_classPoints->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, paletteColor(0), paletteColor(0), 8));
    m_contourPlot->xAxis->setLabel(tr("logit s"));
    m_contourPlot->yAxis->setLabel(tr("logit t"));
    setPlotTitle(m_contourPlot, tr("Per-class term (σ(s)−σ(t))(s−t)"));
    moveLegendOutside(m_contourPlot, LegendPlace::Below);

    m_rdropPlot = makePlot();
    m_rdropPlot->xAxis->setLabel(tr("Adam step"));
    m_rdropPlot->yAxis->setLabel(tr("validation micro-F1"));
    setPlotTitle(m_rdropPlot, tr("R-Drop toy"));
    // Above the plot: the curves and their bands fill every corner, and an inside legend hid
    // the early steps where the α differ most.
    moveLegendOutside(m_rdropPlot, LegendPlace::Above);

    // The sliders beside the contour: the points they move are drawn on it. On a narrow screen
    // two columns, the sliders below, only as tall as they are (with a share of the spare
    // height, a sixth of a 1366 × 768 window stood empty under them).
    auto *area = new ReflowGrid;
    // Wide: the sliders only as tall as they are, under the bars and the shift plot, which take
    // the rest of the height. With the sliders in a row of their own as tall as the contour plot,
    // a third of a 1920 × 1080 window was empty grey under them.
    area->setArrangements({{{m_barsPlot, 0, 0, 2, 1},
                            {m_shiftPlot, 0, 1, 2, 1},
                            {m_rdropPlot, 0, 2},
                            {m_contourPlot, 1, 2, 2, 1},
                            {m_sliders, 2, 0, 1, 2, Qt::AlignTop, 0}},
                           {{m_barsPlot, 0, 0},
                            {m_shiftPlot, 0, 1},
                            {m_rdropPlot, 1, 0},
                            {m_contourPlot, 1, 1},
                            {m_sliders, 2, 0, 1, 2, Qt::AlignTop, 0}}});
    area->addOneColumnFallback();
    setPlotArea(area);
    m_sliders->setValues(LogitKlParams{}.s, LogitKlParams{}.t, LogitKlParams{}.shift);
}

LogitKlView::~LogitKlView() = default;

QList<PlotEntry> LogitKlView::plots() const {
    return {{QStringLiteral("per-class"), tr("Per-class contributions"), m_barsPlot},
            {QStringLiteral("shift"), tr("D against a shift of s"), m_shiftPlot},
            {QStringLiteral("contour"), tr("Per-class term over (s, t)"), m_contourPlot},
            {QStringLiteral("r-drop"), tr("R-Drop toy: validation F1"), m_rdropPlot}};
}

void LogitKlView::showParams(const LogitKlParams &params) {
    m_sliders->setValues(params.s, params.t, params.shift);
}

void LogitKlView::drawResult(const LogitKlResult &r) {
    drawBars(r);
    drawShift(r);
    drawContour(r);
    drawRDrop(r);
    QList<Readout> rows;
    rows << Readout{tr("sigmoid D"), numberText(r.sigmoidKl, 6),
                    tr("Σ(σ(sᵢ+c)−σ(tᵢ))(sᵢ+c−tᵢ): the sum of the symmetric KLs of the classes' "
                       "Bernoulli laws. The one GlobalPointer should use.")};
    rows << Readout{tr("softmax D"), numberText(r.softmaxKl, 6),
                    tr("KL(p‖q)+KL(q‖p) of softmax(s+c) and softmax(t): blind to a shift c.")};
    rows << Readout{
        tr("at c = 0"),
        tr("sigmoid %1, softmax %2")
            .arg(numberText(r.sigmoidKlUnshifted, 6), numberText(r.softmaxKlUnshifted, 6)),
        tr("The same without the shift; the softmax value is the same number.")};
    if (r.rdrop) {
        QStringList finals;
        for (std::size_t a = 0; a < r.rdrop->alphas.size(); ++a)
            finals << tr("α = %1: %2")
                          .arg(numberText(r.rdrop->alphas[a], 6),
                               numberText(r.rdrop->finalF1[a], 4));
        rows << Readout{tr("R-Drop final F1"), finals.join(QStringLiteral(", ")),
                        tr("Mean validation micro-F1 over the seeds after the last step. The post "
                           "saw a slight gain for GlobalPointer; nothing guarantees one.")};
    }
    setReadouts(rows);
    for (auto *p : {m_barsPlot, m_shiftPlot, m_contourPlot, m_rdropPlot})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void LogitKlView::drawBars(const LogitKlResult &r) {
    QVector<double> keys, sig, soft;
    double top = 0;
    for (std::size_t i = 0; i < r.perClassSigmoid.size(); ++i) {
        keys << double(i + 1);
        sig << r.perClassSigmoid[i];
        soft << r.perClassSoftmax[i];
        top = std::max({top, r.perClassSigmoid[i], r.perClassSoftmax[i]});
    }
    m_sigmoidBars->setData(keys, sig, true);
    m_softmaxBars->setData(keys, soft, true);
    m_barsPlot->xAxis->setRange(0.4, double(keys.size()) + 0.6);
    m_barsPlot->yAxis->setRange(0, top > 0 ? top * 1.15 : 1.0);
    setPlotTitle(m_barsPlot, tr("D = %1 (sigmoid), %2 (softmax)")
                                 .arg(numberText(r.sigmoidKl, 4), numberText(r.softmaxKl, 4)));
}

void LogitKlView::drawShift(const LogitKlResult &r) {
    const QVector<double> c(r.sweep.c.begin(), r.sweep.c.end());
    m_sigmoidShift->setData(c, QVector<double>(r.sweep.sigmoid.begin(), r.sweep.sigmoid.end()),
                            true);
    m_softmaxShift->setData(c, QVector<double>(r.sweep.softmax.begin(), r.sweep.softmax.end()),
                            true);
    m_here->setData({r.params.shift, r.params.shift}, {r.sigmoidKl, r.softmaxKl});
    m_here->setName(tr("the chosen c = %1").arg(numberText(r.params.shift, 6)));
    m_shiftMarker->point1->setCoords(r.params.shift, 0);
    m_shiftMarker->point2->setCoords(r.params.shift, 1);
    double top = 0;
    for (double v : r.sweep.sigmoid)
        top = std::max(top, v);
    for (double v : r.sweep.softmax)
        top = std::max(top, v);
    m_shiftPlot->xAxis->setRange(c.front(), c.back());
    m_shiftPlot->yAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
}

void LogitKlView::drawContour(const LogitKlResult &r) {
    const Contour &c = r.contour;
    const int n = int(c.axis.size());
    m_map->data()->setSize(n, n);
    m_map->data()->setRange(QCPRange(c.axis.front(), c.axis.back()),
                            QCPRange(c.axis.front(), c.axis.back()));
    double hi = 0;
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            const double v = c.values[std::size_t(j) * std::size_t(n) + std::size_t(i)];
            // √ spreads the bands: the term grows like |s − t| far from the diagonal.
            m_map->data()->setCell(i, j, std::sqrt(v));
            hi = std::max(hi, std::sqrt(v));
        }
    m_map->setDataRange(QCPRange(0, hi > 0 ? hi : 1));
    m_diagonal->setData({c.axis.front(), c.axis.back()}, {c.axis.front(), c.axis.back()});
    QVector<double> xs, ys;
    for (std::size_t i = 0; i < r.shiftedS.size(); ++i) {
        xs << r.shiftedS[i];
        ys << r.params.t[i];
    }
    m_classPoints->setData(xs, ys);
    m_contourPlot->xAxis->setRange(c.axis.front(), c.axis.back());
    m_contourPlot->yAxis->setRange(c.axis.front(), c.axis.back());
}

} // namespace dimscope::views

namespace dimscope::views {

void LogitKlView::drawRDrop(const LogitKlResult &r) {
    m_rdropLayers.clear();
    if (!r.rdrop) {
        setPlotTitle(m_rdropPlot, tr("R-Drop toy: set R-Drop steps > 0"));
        return;
    }
    const std::vector<double> x(r.rdrop->steps.begin(), r.rdrop->steps.end());
    std::vector<const EnsembleLayer *> layers;
    QString band;
    for (std::size_t a = 0; a < r.rdrop->alphas.size(); ++a) {
        auto layer = std::make_unique<EnsembleLayer>(m_rdropPlot, paletteColor(int(a)));
        layer->setRawVisible(false);
        EnsembleLayerData data =
            ensembleData(tr("α = %1").arg(numberText(r.rdrop->alphas[a], 6)), {x}, r.rdrop->f1[a],
                         curves::Band::Sd, curves::Smoother{});
        band = takeLegendBand(data);
        layer->show(data);
        layers.push_back(layer.get());
        m_rdropLayers.push_back(std::move(layer));
    }
    setPlotTitle(m_rdropPlot,
                 tr("R-Drop toy, dropout %1: %2").arg(numberText(r.params.dropout, 3), band));
    frameOnLayers(m_rdropPlot, layers);
    // F1 starts at 0 (all logits 0 predict nothing) and the α's differ by hundredths at the end:
    // zoom the y axis on the runs after their first quarter.
    double lo = 1, hi = 0;
    for (const auto &runs : r.rdrop->f1)
        for (const auto &run : runs)
            for (std::size_t i = run.size() / 4; i < run.size(); ++i) {
                lo = std::min(lo, run[i]);
                hi = std::max(hi, run[i]);
            }
    if (hi >= lo)
        m_rdropPlot->yAxis->setRange(lo - 0.1 * (hi - lo) - 0.005, hi + 0.1 * (hi - lo) + 0.005);
}

} // namespace dimscope::views
