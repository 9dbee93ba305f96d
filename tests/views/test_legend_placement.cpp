// SPDX-License-Identifier: MIT
// Where a legend inside the axis rect goes (legend_placement.h): off the data to the corner that
// covers least, back to the corner the view chose once that is clear, and to a corner the view
// sets later even when the placement had already put it there. And what a legend says of a curve
// hidden under another (hidden_curves.h).
#include <QtTest>

#include <qcustomplot.h>

#include "common/legend_placement.h"
#include "common/plot_style.h"

using namespace dimscope::views;

namespace {

const Qt::Alignment kTopRight = Qt::AlignTop | Qt::AlignRight;
const Qt::Alignment kTopLeft = Qt::AlignTop | Qt::AlignLeft;
const Qt::Alignment kBottomLeft = Qt::AlignBottom | Qt::AlignLeft;

/// A plot with two named series of points, axes 0…1.
std::unique_ptr<QCustomPlot> plotWithPoints() {
    auto plot = std::make_unique<QCustomPlot>();
    plot->resize(400, 300);
    applyPlotStyle(plot.get());
    addScatterGraph(plot.get(), QStringLiteral("points"), 0);
    addLineGraph(plot.get(), QStringLiteral("a reference"), SeriesRole::Theory);
    plot->legend->setVisible(true);
    plot->xAxis->setRange(0, 1);
    plot->yAxis->setRange(0, 1);
    return plot;
}

/// Fills [x0, x0 + width] × [y0, y0 + 0.4] with points, in place of those before.
void pointsIn(QCustomPlot *plot, double x0, double y0, double width = 0.4) {
    QCPGraph *points = plot->graph(0);
    points->data()->clear();
    for (int i = 0; i <= 20; ++i)
        for (int j = 0; j <= 20; ++j)
            points->addData(x0 + width * i / 20, y0 + 0.02 * j);
    plot->replot();
}

Qt::Alignment cornerOf(QCustomPlot *plot) {
    return plot->axisRect()->insetLayout()->insetAlignment(0);
}

} // namespace

class TestLegendPlacement : public QObject {
    Q_OBJECT
private slots:
    void theLegendLeavesTheDataAndComesBackWhenItIsClear() {
        auto plot = plotWithPoints();
        setLegendCorner(plot.get(), kTopRight);
        pointsIn(plot.get(), 0.6, 0.6); // under the top-right corner
        QVERIFY(cornerOf(plot.get()) != kTopRight);
        pointsIn(plot.get(), 0.3, 0.3); // the middle: every corner is clear
        QCOMPARE(cornerOf(plot.get()), kTopRight);
    }

    void aCornerTheViewSetsLaterIsTheNewPreference() {
        auto plot = plotWithPoints();
        setLegendCorner(plot.get(), kTopRight);
        pointsIn(plot.get(), 0.6, 0.6);
        pointsIn(plot.get(), 0.0, 0.6, 1.0); // the whole top: the legend goes to the bottom
        const Qt::Alignment placed = cornerOf(plot.get());
        QVERIFY(placed & Qt::AlignBottom);
        // The view asks for the corner the legend is in already; once the data is out of
        // every corner, it stays there rather than going back to the top right.
        setLegendCorner(plot.get(), placed);
        pointsIn(plot.get(), 0.3, 0.3);
        QCOMPARE(cornerOf(plot.get()), placed);
        setLegendCorner(plot.get(), kBottomLeft == placed ? kTopLeft : kBottomLeft);
        plot->replot();
        QCOMPARE(cornerOf(plot.get()), kBottomLeft == placed ? kTopLeft : kBottomLeft);
    }

    void aStraightLineCountsByItsLength() {
        // A reference line of two points (ρ = 0 across the plot) scored three samples, none under
        // the top-right corner, and the legend sat on it.
        auto plot = plotWithPoints();
        setLegendCorner(plot.get(), kTopRight);
        QCPGraph *line = plot->graph(1);
        line->data()->clear();
        line->addData(-1.0, 0.95); // its ends beyond the axes, its middle left of the legend
        line->addData(2.0, 0.95);
        pointsIn(plot.get(), 0.3, 0.3); // the middle: every corner clear of points
        QVERIFY(cornerOf(plot.get()) & Qt::AlignBottom);
    }

    void anErrorBarIsDataToo() {
        // A legend over the top of d = 50's error bar cut its cap off.
        auto plot = plotWithPoints();
        setLegendCorner(plot.get(), kTopRight);
        pointsIn(plot.get(), 0.3, 0.3);
        QCPGraph *mean = addLineGraph(plot.get(), QStringLiteral("mean"), SeriesRole::Simulation);
        mean->addData(0.9, 0.5);
        auto *bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
        bars->setDataPlottable(mean);
        bars->addData(0.45); // from 0.05 to 0.95, under the top-right corner
        plot->replot();
        QVERIFY(!(cornerOf(plot.get()) & Qt::AlignRight));
    }

    void aCurveHiddenUnderAnotherSaysSoInTheLegend() {
        // Three multitask weightings at 1: the legend listed two curves no one could find.
        QCustomPlot plot;
        plot.resize(400, 300);
        applyPlotStyle(&plot);
        QCPGraph *a = addLineGraph(&plot, QStringLiteral("a"), SeriesRole::Simulation, 0);
        QCPGraph *b = addLineGraph(&plot, QStringLiteral("b"), SeriesRole::Simulation, 1);
        QCPGraph *c = addLineGraph(&plot, QStringLiteral("c"), SeriesRole::Simulation, 2);
        const auto flat = [](QCPGraph *g, double level) {
            g->data()->clear();
            for (int i = 0; i <= 100; ++i)
                g->addData(i, level + (level > 0.9 ? 0.001 * (i % 3) : 0.0));
        };
        flat(a, 1.0);
        flat(b, 1.0); // a hair off a: still within b's stroke
        flat(c, 0.5);
        plot.xAxis->setRange(0, 100);
        plot.yAxis->setRange(0, 1.2);
        plot.replot();
        QCOMPARE(a->name(), QStringLiteral("a (under b)"));
        QCOMPARE(b->name(), QStringLiteral("b")); // drawn last of the two: seen
        QCOMPARE(c->name(), QStringLiteral("c"));
        // A dashed line over it shows what is under it.
        b->setPen(QPen(b->pen().color(), b->pen().widthF(), Qt::DashLine));
        plot.replot();
        QCOMPARE(a->name(), QStringLiteral("a"));
        b->setPen(QPen(b->pen().color(), b->pen().widthF()));
        plot.replot();
        QCOMPARE(a->name(), QStringLiteral("a (under b)"));
        // The curves part: the note goes. A name the view sets is its new name.
        flat(b, 0.8);
        a->setName(QStringLiteral("a2"));
        plot.replot();
        QCOMPARE(a->name(), QStringLiteral("a2"));
        flat(b, 1.0);
        plot.replot();
        QCOMPARE(a->name(), QStringLiteral("a2 (under b)"));
    }
};

QTEST_MAIN(TestLegendPlacement)
#include "test_legend_placement.moc"
