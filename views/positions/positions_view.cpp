// SPDX-License-Identifier: MIT
#include "positions/positions_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "common/plot_style.h"
#include "common/reflow_grid.h"
#include "numerics/constants.h"

namespace dimscope::views {

using namespace dimscope::positions;

namespace {

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 220);
    return plot;
}

QString schemeTitle(Scheme s) {
    switch (s) {
    case Scheme::Standard: return QObject::tr("standard");
    case Scheme::Random: return QObject::tr("random (Ruoss et al.)");
    case Scheme::EqualMean: return QObject::tr("equal-mean (Su)");
    }
    return {};
}

} // namespace

PositionsView::PositionsView(QWidget *parent) : TypedExplorerView(positions::explorer(), parent) {
    m_idsPlot = makePlot();
    m_testRange = new QCPItemRect(m_idsPlot);
    m_testRange->setPen(Qt::NoPen);
    m_testRange->setBrush(QColor(0, 114, 178, 28));
    m_ids = addLineGraph(m_idsPlot, tr("training positions per id"), SeriesRole::Simulation, 0);
    m_ids->setLineStyle(QCPGraph::lsStepCenter);
    // Filled to zero, with a thin edge: 2048 ids as a bare line were a solid band of zigzags, and
    // the ids never seen (the point of the plot) are the gaps in the fill.
    QPen edge = m_ids->pen();
    edge.setWidthF(0.8);
    m_ids->setPen(edge);
    QColor fill = edge.color();
    fill.setAlpha(110);
    m_ids->setBrush(fill);
    m_idsPlot->xAxis->setLabel(tr("position id"));
    // No legend: one filled series covers the whole width, so any corner hid bars. The axis
    // label says what it counts (prepare).
    m_idsPlot->legend->setVisible(false);

    m_ropePlot = makePlot();
    for (int s = 0; s < 3; ++s)
        m_ropeLines[s] =
            addLineGraph(m_ropePlot, schemeTitle(Scheme(s)), SeriesRole::Simulation, s);
    m_ropePlot->xAxis->setLabel(tr("RoPE frequency index j (θⱼ = base⁻²ʲᐟᵈ)"));
    m_ropePlot->yAxis->setLabel(tr("test angles in a seen bin"));
    m_ropePlot->yAxis->setRange(0, 1.05);
    setPlotTitle(m_ropePlot, tr("Test angles seen in training"));
    // Under the plot: the standard scheme's dip fills the lower middle, and at one column or
    // in the projector's text a corner legend reached over it.
    moveLegendOutside(m_ropePlot, LegendPlace::Below);

    m_anglesPlot = makePlot();
    m_angles = new QCPColorMap(m_anglesPlot->xAxis, m_anglesPlot->yAxis);
    m_angles->removeFromLegend();
    QCPColorGradient gradient(QCPColorGradient::gpGrayscale);
    gradient.setColorStopAt(0, QColor(255, 255, 255));
    gradient.setColorStopAt(0.001, QColor(225, 235, 245));
    gradient.setColorStopAt(1, QColor(0, 70, 130));
    m_angles->setGradient(gradient);
    m_angles->setInterpolate(false);
    addColourScale(m_anglesPlot, m_angles, tr("ln(1 + count)"));
    m_anglesPlot->xAxis->setLabel(tr("angle p·θⱼ mod 2π (turns)"));
    m_anglesPlot->yAxis->setLabel(tr("frequency index j"));
    m_anglesPlot->legend->setVisible(false); // the colour map has no legend entry

    m_entropyPlot = makePlot();
    m_plain = addLineGraph(m_entropyPlot, tr("softmax(qk/√d)"), SeriesRole::Simulation, 0);
    m_scaled = addLineGraph(m_entropyPlot, tr("softmax(λ·qk/√d), λ = ln n / ln m"),
                            SeriesRole::Simulation, 1);
    m_approxPlain = addLineGraph(m_entropyPlot, tr("ln n − 1/2"), SeriesRole::Approximation);
    m_approxScaled = addLineGraph(m_entropyPlot, tr("ln n − λ²/2"), SeriesRole::Approximation);
    for (auto *g : {m_plain, m_scaled})
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    // Each approximation dashed in its measurement's colour, a shade darker: the plain one's was
    // the scaled one's orange, and the scaled one's solid black hid the orange points it matches.
    m_approxPlain->setPen(QPen(m_plain->pen().color().darker(140), 1.3, Qt::DashLine));
    m_approxScaled->setPen(QPen(m_scaled->pen().color().darker(140), 1.3, Qt::DashLine));
    m_trainMarker = new QCPItemStraightLine(m_entropyPlot);
    m_trainMarker->setPen(rolePen(SeriesRole::Reference));
    setLogAxis(m_entropyPlot, true, false);
    m_entropyPlot->xAxis->setLabel(tr("keys n (sequence length)"));
    m_entropyPlot->yAxis->setLabel(tr("attention entropy (nats)"));
    m_entropyPlot->legend->setVisible(true);
    // Below the axes: the curves run corner to corner, and inside, at one column, the legend
    // covered them wherever it went.
    moveLegendOutside(m_entropyPlot, LegendPlace::Below, 2);

    auto *area = new ReflowGrid;
    area->setWideOrOneColumn(
        {{m_idsPlot, 0, 0}, {m_ropePlot, 0, 1}, {m_anglesPlot, 1, 0}, {m_entropyPlot, 1, 1}});
    setPlotArea(area);
}

QList<PlotEntry> PositionsView::plots() const {
    return {{QStringLiteral("ids"), tr("Position ids seen in training"), m_idsPlot},
            {QStringLiteral("rope-coverage"), tr("RoPE angles of the test range seen"), m_ropePlot},
            {QStringLiteral("angles"), tr("RoPE angles seen in training"), m_anglesPlot},
            {QStringLiteral("entropy"), tr("Attention entropy against length"), m_entropyPlot}};
}

void PositionsView::prepare(const PositionsParams &p) {
    setPlotTitle(m_idsPlot, tr("Ids seen: %1 positions, N = %2")
                                .arg(QString::fromStdString(nameOf(p.scheme)))
                                .arg(p.trainLength));
    m_idsPlot->xAxis->setLabel(tr("position id (shaded: test ids 0…%1)").arg(p.testLength - 1));
    m_ids->setName(tr("uses in %1 samples").arg(p.samples)); // for the CSV's column
    m_idsPlot->yAxis->setLabel(tr("times seen in %1 samples").arg(groupedNumber(p.samples)));
    setPlotTitle(m_anglesPlot,
                 tr("RoPE angles seen: %1").arg(QString::fromStdString(nameOf(p.scheme))));
    setPlotTitle(m_entropyPlot,
                 tr("Attention entropy, d = %1, m = N = %2").arg(p.headDim).arg(p.trainLength));
    for (int s = 0; s < 3; ++s) {
        QPen pen = rolePen(SeriesRole::Simulation, s);
        pen.setWidthF(Scheme(s) == p.scheme ? 2.6 : 1.2);
        m_ropeLines[s]->setPen(pen);
    }
}

void PositionsView::drawResult(const PositionsResult &r) {
    drawIds(r);
    drawRope(r);
    drawAngles(r);
    drawEntropy(r);
    const SchemeCoverage &c = r.chosen;
    QList<Readout> rows;
    rows << Readout{tr("coverage"), numberText(100 * c.coverage) + QStringLiteral(" %"),
                    tr("Share of the test ids 0…M−1 that some training sample used.")};
    rows << Readout{
        tr("spacing"),
        tr("training %1, test %2").arg(numberText(c.meanSpacing), numberText(c.testSpacing)),
        tr("Mean gap between consecutive positions. Random positions train on gaps "
           "of about L/N and test on L/M (evenly spaced): the model must learn the "
           "order, not the ids.")};
    rows << Readout{tr("largest position"), numberText(c.maxPosition, 6),
                    tr("The largest position any training sample used.")};
    const auto &e = r.entropy;
    const double plainGrowth = e.plain.back() - [&] {
        for (std::size_t i = 0; i < e.lengths.size(); ++i)
            if (e.lengths[i] == r.params.trainLength)
                return e.plain[i];
        return e.plain.front();
    }();
    const double scaledGrowth = e.logScaled.back() - [&] {
        for (std::size_t i = 0; i < e.lengths.size(); ++i)
            if (e.lengths[i] == r.params.trainLength)
                return e.logScaled[i];
        return e.logScaled.front();
    }();
    rows << Readout{tr("entropy growth m→M"),
                    tr("plain %1, log-scaled %2 nats")
                        .arg(numberText(plainGrowth, 3), numberText(scaledGrowth, 3)),
                    tr("How much attention spreads from the training length to the test length: "
                       "log_m n slows the growth but does not stop it.")};
    setReadouts(rows);
    for (auto *p : {m_idsPlot, m_ropePlot, m_anglesPlot, m_entropyPlot})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void PositionsView::drawIds(const PositionsResult &r) {
    QVector<double> x, y;
    double top = 0;
    for (std::size_t i = 0; i < r.idCounts.size(); ++i) {
        x << double(i);
        y << double(r.idCounts[i]);
        top = std::max(top, y.back());
    }
    m_ids->setData(x, y, true);
    const double hi = top > 0 ? top * 1.15 : 1.0;
    m_testRange->topLeft->setCoords(-0.5, hi * 10);
    m_testRange->bottomRight->setCoords(r.params.testLength - 0.5, -1);
    m_idsPlot->xAxis->setRange(-0.5, double(r.idCounts.size()) - 0.5);
    m_idsPlot->yAxis->setRange(0, hi);
}

void PositionsView::drawRope(const PositionsResult &r) {
    for (std::size_t s = 0; s < r.everyScheme.size() && s < 3; ++s) {
        QVector<double> x, y;
        const auto &covered = r.everyScheme[s].angleTestCovered;
        for (std::size_t j = 0; j < covered.size(); ++j) {
            x << double(j);
            y << covered[j];
        }
        m_ropeLines[s]->setData(x, y, true);
    }
    m_ropePlot->xAxis->setRange(-0.5, double(r.frequencies.size()) - 0.5);
}

void PositionsView::drawAngles(const PositionsResult &r) {
    const AngleTally &a = r.trainAngles;
    const int rows = int(a.counts.size());
    m_angles->data()->setSize(a.bins, rows);
    m_angles->data()->setRange(QCPRange(0.5 / a.bins, 1 - 0.5 / a.bins),
                               QCPRange(0, std::max(1, rows - 1)));
    double hi = 0;
    for (int j = 0; j < rows; ++j)
        for (int b = 0; b < a.bins; ++b) {
            // log(1 + count): one sighting already shows, heavy bins do not swamp the rest.
            const double v = std::log1p(double(a.counts[std::size_t(j)][std::size_t(b)]));
            m_angles->data()->setCell(b, j, v);
            hi = std::max(hi, v);
        }
    m_angles->setDataRange(QCPRange(0, hi > 0 ? hi : 1));
    m_anglesPlot->xAxis->setRange(0, 1);
    m_anglesPlot->yAxis->setRange(-0.5, rows - 0.5);
}

void PositionsView::drawEntropy(const PositionsResult &r) {
    const EntropyCurves &e = r.entropy;
    QVector<double> n(e.lengths.begin(), e.lengths.end());
    m_plain->setData(n, QVector<double>(e.plain.begin(), e.plain.end()), true);
    m_scaled->setData(n, QVector<double>(e.logScaled.begin(), e.logScaled.end()), true);
    m_approxPlain->setData(n, QVector<double>(e.approxPlain.begin(), e.approxPlain.end()), true);
    m_approxScaled->setData(n, QVector<double>(e.approxLogScaled.begin(), e.approxLogScaled.end()),
                            true);
    m_trainMarker->point1->setCoords(r.params.trainLength, 0);
    m_trainMarker->point2->setCoords(r.params.trainLength, 1);
    double lo = 1e300, hi = -1e300;
    for (const auto *curve : {&e.plain, &e.logScaled, &e.approxLogScaled})
        for (double v : *curve) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    m_entropyPlot->xAxis->setRange(n.first() / 1.3, n.last() * 1.3);
    m_entropyPlot->yAxis->setRange(std::min(0.0, lo) - 0.1, hi + 0.3);
}

} // namespace dimscope::views
