// SPDX-License-Identifier: MIT
// The export's check that series can be told apart in greyscale and with a colour vision
// deficiency (issue 12): CIELAB against the standard's values, the simulations against their
// invariants, and the pairs a real plot reports.
#include <QtTest>

#include <qcustomplot.h>

#include "common/export/colour_check.h"

using namespace dimscope::views;

class TestColourCheck : public QObject {
    Q_OBJECT
private slots:
    void deltaEIsCie76InLab() {
        // White L* = 100, black 0; sRGB red is L*a*b* (53.2408, 80.0925, 67.2032).
        QVERIFY(qAbs(deltaE(Qt::white, Qt::black) - 100.0) < 1e-3);
        QVERIFY(qAbs(deltaE(Qt::red, Qt::black) - 117.3271) < 1e-3);
        QCOMPARE(deltaE(QColor("#1f77b4"), QColor("#1f77b4")), 0.0);
    }

    void greysStayGreyInEveryVision() {
        for (const Vision vision :
             {Vision::Greyscale, Vision::Protanopia, Vision::Deuteranopia, Vision::Tritanopia})
            for (const int level : {0, 64, 128, 200, 255}) {
                const QColor grey(level, level, level);
                QVERIFY2(deltaE(simulateVision(grey, vision), grey) < 0.05,
                         qPrintable(visionName(vision)));
            }
    }

    void greyscaleKeepsOnlyLuminance() {
        // Pure green carries 71.5 % of white's luminance; its grey is 0.7152 encoded by sRGB,
        // 0.8625.
        const QColor grey = simulateVision(Qt::green, Vision::Greyscale);
        QCOMPARE(grey.red(), grey.blue());
        QVERIFY(qAbs(grey.redF() - 0.8625) < 0.001);
    }

    void redAndGreenMeetUnderDeuteranopia() {
        // Matplotlib's red and green: far apart for most readers, 11 apart in greyscale, and
        // within 7.3 for a deuteranope, so that is the vision reported.
        const std::vector<SeriesLook> series{{"red", QColor("#d62728"), Qt::SolidLine, 0},
                                             {"green", QColor("#2ca02c"), Qt::SolidLine, 0}};
        const auto found = confusions(series);
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].vision, Vision::Deuteranopia);
        QVERIFY(qAbs(found[0].deltaE - 7.3) < 0.1);
        // Darker, they meet in greyscale first.
        const std::vector<SeriesLook> dark{{"red", QColor("#cc0000"), Qt::SolidLine, 0},
                                           {"green", QColor("#008800"), Qt::SolidLine, 0}};
        QCOMPARE(confusions(dark).at(0).vision, Vision::Greyscale);
    }

    void blueAndOrangeAreToldApartByEveryone() {
        const std::vector<SeriesLook> series{{"blue", QColor("#1f77b4"), Qt::SolidLine, 0},
                                             {"orange", QColor("#ff7f0e"), Qt::SolidLine, 0}};
        QVERIFY(confusions(series).empty());
    }

    void aDashOrAMarkerTellsSeriesApart() {
        std::vector<SeriesLook> series{{"a", QColor("#d62728"), Qt::SolidLine, 0},
                                       {"b", QColor("#d62728"), Qt::DashLine, 0}};
        QVERIFY(confusions(series).empty());
        series[1] = {"b", QColor("#d62728"), Qt::NoPen, int(QCPScatterStyle::ssCircle)};
        QVERIFY(confusions(series).empty());
        series[1] = {"b", QColor("#d62728"), Qt::SolidLine, 0};
        QCOMPARE(confusions(series).at(0).vision, Vision::Normal);
    }

    void aPlotsLegendSeriesAreChecked() {
        QCustomPlot plot;
        plot.legend->setVisible(true);
        QCPGraph *a = plot.addGraph();
        a->setName(QStringLiteral("simulation"));
        a->setPen(QPen(QColor("#cc0000")));
        QCPGraph *b = plot.addGraph();
        b->setName(QStringLiteral("theory"));
        b->setPen(QPen(QColor("#008800")));
        // A faint colour is judged as it shows on the white page.
        QCPGraph *c = plot.addGraph();
        c->setName(QStringLiteral("faint"));
        c->setPen(QPen(QColor(0, 0, 0, 10)));
        const QStringList warnings = colourWarnings(&plot);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].contains("'simulation' and 'theory' look alike in greyscale"),
                 qPrintable(warnings[0]));
        // Out of the legend, a series is not matched to a name, so it is not checked.
        plot.legend->removeItem(plot.legend->itemWithPlottable(b));
        QVERIFY(colourWarnings(&plot).isEmpty());
    }

    void distinctStrokesTellConfusedSeriesApartAndRestoreThem() {
        QCustomPlot plot;
        plot.legend->setVisible(true);
        const QColor colours[] = {QColor("#cc0000"), QColor("#008800"), QColor("#0070c0"),
                                  QColor("#111111")};
        for (int i = 0; i < 4; ++i) {
            QCPGraph *graph = plot.addGraph();
            graph->setName(QStringLiteral("line %1").arg(i));
            graph->setPen(QPen(colours[i], 1.5));
            for (int x = 0; x < 120; ++x)
                graph->addData(x, x * (i + 1));
        }
        QCPGraph *dots = plot.addGraph(); // markers only, as dark as line 3: told apart already
        dots->setName(QStringLiteral("dots"));
        dots->setLineStyle(QCPGraph::lsNone);
        dots->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colours[3], 5));
        QCOMPARE(colourWarnings(&plot).size(), 3); // the first three share one grey
        {
            const DistinctStrokes strokes(&plot, true);
            QVERIFY(confusions(seriesLooks(&plot)).empty());
            // The first series keeps its look, and every line keeps its solid pen: markers
            // along it come first, about a dozen of them.
            QVERIFY(plot.graph(0)->scatterStyle().isNone());
            QCOMPARE(plot.graph(1)->pen().style(), Qt::SolidLine);
            QVERIFY(!plot.graph(1)->scatterStyle().isNone());
            QCOMPARE(plot.graph(1)->scatterSkip(), 120 / 12 - 1);
            QCOMPARE(dots->scatterStyle().shape(), QCPScatterStyle::ssCircle);
        }
        QVERIFY(colourWarnings(&plot, true).isEmpty());
        // Afterwards the plot is exactly as it was.
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(plot.graph(i)->pen(), QPen(colours[i], 1.5));
            QVERIFY(plot.graph(i)->scatterStyle().isNone());
            QCOMPARE(plot.graph(i)->scatterSkip(), 0);
        }
        QCOMPARE(colourWarnings(&plot).size(), 3); // as before
    }

    void distinctStrokesHatchBars() {
        QCustomPlot plot;
        plot.legend->setVisible(true);
        for (const char *colour : {"#cc0000", "#008800"}) {
            auto *bars = new QCPBars(plot.xAxis, plot.yAxis);
            bars->setName(QLatin1String(colour));
            bars->setBrush(QColor(colour));
            bars->addData(1, 1);
        }
        QCOMPARE(colourWarnings(&plot).size(), 1);
        const DistinctStrokes strokes(&plot, true);
        const auto *second = qobject_cast<QCPBars *>(plot.plottable(1));
        QCOMPARE(second->brush().style(), Qt::BDiagPattern);
        QVERIFY(confusions(seriesLooks(&plot)).empty());
    }
};

QTEST_MAIN(TestColourCheck)
#include "test_colour_check.moc"
