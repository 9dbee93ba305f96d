// SPDX-License-Identifier: MIT
// The training view, offscreen: the Occam lab's losses carry a title naming the band and n seeds,
// its second plot shows the arc length beside them and the model plot the fitted curves; a
// classifier shows accuracy and a decision surface; the epoch axis divides by the steps of an
// epoch; a pinned run stays behind later runs until the pins are cleared; the CSV export holds
// every logged step of every seed.
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/export/figure_export.h"
#include "training/training_view.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::titleOf;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<TrainingView> makeView() { return testing::showView<TrainingView>("training"); }

QStringList legendTexts(QCustomPlot *plot) {
    QStringList texts;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(plot->legend->item(i)))
            texts << item->plottable()->name();
    return texts;
}

void set(ParamSet &p, const char *name, const ParamValue &value) {
    if (const auto error = p.set(name, value))
        qFatal("%s", error->c_str());
}

/// A short run of `task` with `optimizer`: quick enough for a test, long enough to log curves.
ParamSet shortRun(const TrainingView &view, const std::string &task, const std::string &optimizer,
                  double lr, int seeds) {
    ParamSet p(view.info().specs());
    set(p, "task", task);
    set(p, "optimizer", optimizer);
    set(p, "lr", lr);
    set(p, "steps", std::int64_t{400});
    set(p, "log-every", std::int64_t{10});
    set(p, "seeds", std::int64_t{seeds});
    return p;
}

int countOf(QCustomPlot *plot, const char *className) {
    int n = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        n += plot->plottable(i)->inherits(className) ? 1 : 0;
    return n;
}

} // namespace

class TestTrainingView : public QObject {
    Q_OBJECT
private slots:
    void theOccamLabShowsLossesArcLengthAndTheFit() {
        auto view = makeView();
        view->setParams(shortRun(*view, "occam", "sgd", 0.1, 3));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *loss = testing::plotNamed(*view, "loss");
        QVERIFY(loss);
        const QStringList legend = legendTexts(loss);
        QVERIFY2(!legend.isEmpty() && legend.first() == "train loss",
                 qPrintable(legend.join(" | ")));
        // The band and n, once, in the title; geometric on the log loss axis.
        const QString title =
            titleOf(loss).replace(QChar(0x00A0), QLatin1Char(' ')).remove(QChar(0x2060));
        QVERIFY2(title.contains("geometric mean ×/÷ geometric sd, n = 3 seeds"), qPrintable(title));
        QCOMPARE(loss->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(loss->xAxis->range().upper, 400.0);
        QCustomPlot *metrics = testing::plotNamed(*view, "metrics");
        QVERIFY2(titleOf(metrics).contains("Simplicity"), qPrintable(titleOf(metrics)));
        QVERIFY(legendTexts(metrics).join(" ").contains("arc length"));
        QCustomPlot *model = testing::plotNamed(*view, "model");
        QVERIFY2(titleOf(model).contains("step 400"), qPrintable(titleOf(model)));
        QVERIFY(model->plottableCount() > 0);
    }

    void aClassifierShowsAccuracyAndItsDecisionSurface() {
        auto view = makeView();
        view->setParams(shortRun(*view, "moons", "adam", 0.01, 2));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *metrics = testing::plotNamed(*view, "metrics");
        // Arithmetic on the linear accuracy axis (non-breaking spaces inside).
        const QString title = titleOf(metrics).replace(QChar(0x00A0), QLatin1Char(' '));
        QVERIFY2(title.startsWith("Accuracy; mean ± 1 sd, n = 2 seeds"), qPrintable(title));
        QCOMPARE(metrics->yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(countOf(testing::plotNamed(*view, "model"), "QCPColorMap"), 1);
    }

    void theEpochAxisDividesByTheStepsOfAnEpoch() {
        auto view = makeView();
        ParamSet p = shortRun(*view, "moons", "sgd", 0.1, 1);
        set(p, "batch-size", std::int64_t{32}); // 256 points: 8 steps an epoch
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *loss = testing::plotNamed(*view, "loss");
        const double steps = loss->xAxis->range().upper;
        view->setXAxis(TrainingView::XAxis::Epochs);
        const double epochs = loss->xAxis->range().upper;
        QCOMPARE(epochs, steps / 8);
        QCOMPARE(loss->xAxis->label(), QString("epochs"));
        // Log x starts at the first positive step rather than refusing step 0.
        view->setXAxis(TrainingView::XAxis::Steps);
        for (QCheckBox *box : view->findChildren<QCheckBox *>())
            if (box->text() == "Log x")
                box->setChecked(true);
        QCOMPARE(loss->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(loss->xAxis->range().lower > 0);
    }

    void aPinnedRunStaysBehindLaterRunsUntilCleared() {
        auto view = makeView();
        view->setParams(shortRun(*view, "occam", "sgd", 0.1, 1));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        view->pinRun();
        QCOMPARE(view->pinCount(), 1);
        view->setParams(shortRun(*view, "occam", "sgd", 0.01, 1));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *loss = testing::plotNamed(*view, "loss");
        const QString legend = legendTexts(loss).join(" | ");
        QVERIFY2(legend.contains("pinned: sgd, lr 0.1, occam"), qPrintable(legend));
        QVERIFY2(legend.contains("train loss"), qPrintable(legend));
        view->clearPins();
        QVERIFY(!legendTexts(loss).join(" | ").contains("pinned"));
    }

    void theCsvHoldsEveryLoggedStepOfEverySeed() {
        auto view = makeView();
        view->setParams(shortRun(*view, "occam", "sgd", 0.1, 2));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTemporaryDir dir;
        const QString csv = dir.filePath("loss.csv");
        QVERIFY(!exportCsv({{"loss", testing::plotNamed(*view, "loss")}}, csv, view->provenance()));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        // Steps 0, 10, …, 400: 41 logged points, for each seed's raw train and test losses.
        int seedRows = 0;
        for (const QString &line : text.split('\n'))
            if (line.contains("seed 2"))
                ++seedRows;
        QVERIFY2(seedRows >= 41, qPrintable(text.left(200)));
    }
};

QTEST_MAIN(TestTrainingView)
#include "test_training_view.moc"
