// SPDX-License-Identifier: MIT
// The training-log view, offscreen: the example log draws three seeds with a legend that names
// the band and the smoother; the metric box lists the log's columns and switches the curve; a
// long log draws only what the pixels can show while the CSV export keeps every logged point.
#include <fstream>

#include <QComboBox>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/curves/decimated_graph.h"
#include "common/export/figure_export.h"
#include "training_log/training_log_view.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<TrainingLogView> makeView() {
    return testing::showView<TrainingLogView>("training-log");
}

QStringList legendTexts(QCustomPlot *plot) {
    QStringList texts;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(plot->legend->item(i)))
            texts << item->plottable()->name();
    return texts;
}

/// Points handed to QCustomPlot, over every graph of the plot.
int drawnPoints(QCustomPlot *plot) {
    int points = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        points += plot->graph(i)->dataCount();
    return points;
}

} // namespace

class TestTrainingLogView : public QObject {
    Q_OBJECT
private slots:
    void exampleDrawsTheSeedsWithANamedBandAndSmoother() {
        auto view = makeView();
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *plot = testing::plotNamed(*view, "curves");
        QVERIFY(plot);
        const QStringList legend = legendTexts(plot);
        QCOMPARE(legend.size(), 1);
        // The band and the smoother are named once, in the title (non-breaking spaces inside).
        const QString title = testing::titleOf(plot).replace(QChar(0x00A0), QLatin1Char(' '));
        QVERIFY2(title.contains("mean ± 1 sd, n = 3 seeds"), qPrintable(title));
        QVERIFY2(title.contains("EMA"), qPrintable(title));
        // Three faded raw runs, the band's two edges and the mean.
        QCOMPARE(plot->graphCount(), 6);
        QCOMPARE(plot->xAxis->label(), QString("step"));
    }

    void theMetricBoxSwitchesTheCurve() {
        auto view = makeView();
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        auto *metric = view->findChild<QComboBox *>("metric");
        QVERIFY(metric);
        QVERIFY(metric->findText("val_loss") >= 0);
        QVERIFY(metric->findText("train_loss") >= 0);
        view->chooseMetric("val_loss");
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(testing::plotNamed(*view, "curves")->yAxis->label(), QString("val_loss"));
        QCOMPARE(view->shownParams().text("y"), std::string("val_loss"));
    }

    void aLongLogDrawsLittleAndExportsEveryPoint() {
        QTemporaryDir dir;
        const int rows = 200000;
        for (int seed = 0; seed < 2; ++seed) {
            std::ofstream out(dir.filePath(QString("run%1.csv").arg(seed)).toStdString());
            out << "step,loss\n";
            for (int i = 1; i <= rows; ++i)
                out << i << ',' << 1.0 / i + 0.01 * ((i * (seed + 3)) % 7) << '\n';
        }
        auto view = makeView();
        ParamSet p(view->info().specs());
        QVERIFY(!p.set("log",
                       (dir.filePath("run0.csv") + ";" + dir.filePath("run1.csv")).toStdString()));
        QVERIFY(!p.set("smoothing", std::string("none")));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *plot = testing::plotNamed(*view, "curves");
        QVERIFY2(drawnPoints(plot) < 3 * 4 * 2 * DecimatedGraph::kMinimumColumns,
                 qPrintable(QString::number(drawnPoints(plot))));
        const QString csv = dir.filePath("curves.csv");
        QVERIFY(!exportCsv({{"curves", plot}}, csv, view->provenance()));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!file.atEnd()) {
            file.readLine();
            ++lines;
        }
        // Every point of both runs is in the file (plus the mean and band, and a header).
        QVERIFY2(lines > 2 * rows, qPrintable(QString::number(lines)));
    }
};

QTEST_MAIN(TestTrainingLogView)
#include "test_training_log_view.moc"
