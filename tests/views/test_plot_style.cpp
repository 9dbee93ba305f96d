// SPDX-License-Identifier: MIT
// The plot style every view shares (common/plot_style.h): axes fitted to their length, so that
// tick labels stand apart and axis labels are not cut, on screen and in exports alike.
#include <QFontMetrics>
#include <QImage>
#include <QScrollArea>
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

    void aPlotGrowsUntilItsAxisRectHasRoomForTheData() {
        // Projector theme at 1280 × 720: a two-line title and a five-row legend above the axis
        // rect left it 50 px, a strip no curve could be read in. The plot grows; its area scrolls.
        QScrollArea area;
        area.setWidgetResizable(true);
        auto *plot = new QCustomPlot;
        applyPlotStyle(plot);
        plot->setMinimumSize(200, 150);
        setPlotTitle(plot, QStringLiteral("Loss, 32 × 32, rank(Δ*) = 2, ‖Δ*‖ = 2.5, r = 1"));
        for (const char *name : {"full (↓ 2.6 × 10⁻³⁰)", "lora-symmetric", "projection (↓ 0.00089)",
                                 "additive (diverged ↑)", "lora"})
            plot->addGraph()->setName(QString::fromUtf8(name));
        moveLegendOutside(plot, LegendPlace::Above);
        area.setWidget(plot);
        area.resize(240, 260);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QTest::qWait(100); // the replot, the new minimum, the resize and the replot after it
        const int line = QFontMetrics(plot->yAxis->tickLabelFont()).height();
        QVERIFY2(plot->axisRect()->height() >= 6 * line,
                 qPrintable(QStringLiteral("axis rect %1 px").arg(plot->axisRect()->height())));
        QVERIFY(plot->height() > area.viewport()->height()); // scrolled, not squeezed
        // Wide and tall enough again: the minimum falls back to the plot's own.
        area.resize(1200, 900);
        QTest::qWait(100);
        QVERIFY(plot->minimumHeight() < 260);
    }

    void aWrappedTitleHasLinesOfEvenLength() {
        // "PCA (2 of 100 axes), marker by Nₖ, hubs ≥" over a last line "20".
        QCustomPlot plot;
        applyPlotStyle(&plot);
        setPlotTitle(&plot, QStringLiteral("PCA (2 of 100 axes), marker by Nₖ, hubs ≥ 20"));
        const int oneLine =
            QFontMetrics(plot.font())
                .horizontalAdvance(QStringLiteral("PCA (2 of 100 axes), marker by Nₖ, hubs ≥ 20"));
        plot.setViewport(QRect(0, 0, oneLine * 9 / 10, 300)); // two lines, the second short
        QImage image(plot.viewport().size(), QImage::Format_RGB32);
        image.fill(Qt::white);
        QCPPainter painter(&image);
        plot.toPainter(&painter, image.width(), image.height());
        painter.end();
        // The ink of each title line: rows with dark pixels, split where a row has none.
        std::vector<std::pair<int, int>> lines; // left and right ends of the ink, per line
        bool inLine = false;
        for (int y = 0; y < image.height() / 3; ++y) {
            int left = image.width(), right = -1;
            for (int x = 0; x < image.width(); ++x)
                if (qGray(image.pixel(x, y)) < 128) {
                    left = std::min(left, x);
                    right = x;
                }
            if (right < 0) {
                inLine = false;
                continue;
            }
            if (!inLine)
                lines.push_back({left, right});
            lines.back() = {std::min(lines.back().first, left),
                            std::max(lines.back().second, right)};
            inLine = true;
        }
        QVERIFY(lines.size() >= 2);
        const int first = lines[0].second - lines[0].first,
                  second = lines[1].second - lines[1].first;
        QVERIFY2(second > first / 2,
                 qPrintable(QStringLiteral("lines %1 and %2 px wide").arg(first).arg(second)));
    }
};

QTEST_MAIN(TestPlotStyle)
#include "test_plot_style.moc"
