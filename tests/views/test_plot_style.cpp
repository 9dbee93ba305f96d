// SPDX-License-Identifier: MIT
// The plot style every view shares (common/plot_style.h): axes fitted to their length, so that
// tick labels stand apart and axis labels are not cut, on screen and in exports alike.
#include <QFontMetrics>
#include <QtTest>

#include <qcustomplot.h>

#include "common/plot_style.h"

using namespace dimscope::views;

class TestPlotStyle : public QObject {
    Q_OBJECT
private slots:
    void tickLabelsStandApartOnANarrowAxis() {
        // QCustomPlot aims at five ticks whatever the length: −1.6…1.6 got seven (step 0.5), and
        // on a 200 px axis in large text their labels ran together.
        QCustomPlot plot;
        applyPlotStyle(&plot);
        plot.setViewport(QRect(0, 0, 220, 220)); // a widget not shown takes no resize
        QFont font = plot.xAxis->tickLabelFont();
        font.setPointSizeF(16);
        plot.xAxis->setTickLabelFont(font);
        plot.xAxis->setRange(-1.6, 1.6);
        plot.replot();
        const QVector<double> ticks = plot.xAxis->tickVector();
        const QVector<QString> labels = plot.xAxis->tickVectorLabels();
        QVERIFY(ticks.size() >= 3);
        const QFontMetrics metrics(font);
        for (int i = 1; i < ticks.size(); ++i) {
            const double apart =
                plot.xAxis->coordToPixel(ticks[i]) - plot.xAxis->coordToPixel(ticks[i - 1]);
            const double needed =
                (metrics.horizontalAdvance(labels[i]) + metrics.horizontalAdvance(labels[i - 1])) /
                2.0;
            QVERIFY2(apart > needed, qPrintable(labels[i - 1] + " and " + labels[i]));
        }
        // Wide again: the default count comes back.
        plot.setViewport(QRect(0, 0, 900, 220));
        plot.replot();
        QVERIFY(plot.xAxis->tickVector().size() > ticks.size());
    }

    void anAxisLabelLongerThanItsAxisTakesTwoLines() {
        // "LHS, the input-gradient side" ran past both ends of a squashed plot's y axis.
        QCustomPlot plot;
        applyPlotStyle(&plot);
        const QString label = QStringLiteral("LHS, the input-gradient side of the inequality");
        plot.yAxis->setLabel(label);
        plot.setViewport(QRect(0, 0, 400, 150)); // a widget not shown takes no resize
        plot.replot();
        QCOMPARE(plot.yAxis->label(),
                 QStringLiteral("LHS, the input-gradient\nside of the inequality"));
        plot.setViewport(QRect(0, 0, 400, 600)); // room again: the view's label, whole
        plot.replot();
        QCOMPARE(plot.yAxis->label(), label);
        plot.yAxis->setLabel(QStringLiteral("a new label")); // the view's next label is taken as is
        plot.replot();
        QCOMPARE(plot.yAxis->label(), QStringLiteral("a new label"));
    }
};

QTEST_MAIN(TestPlotStyle)
#include "test_plot_style.moc"
