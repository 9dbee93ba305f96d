// SPDX-License-Identifier: MIT
// The ball view, offscreen: a run lands in every plot; a new demo dimension redraws the rejection
// plot with its exact rate; a superseded run never shows; bad parameters keep the last plot;
// closing mid-run is safe; every plot exports.
#include <set>

#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "ball/ball.h"
#include "common/explorer_view.h"
#include "common/export/figure_export.h"
#include "common/param_form.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::titleOf;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<ExplorerView> makeView() { return testing::showView<ExplorerView>("ball"); }

/// Small, fast parameters: well under a second of work.
void setQuick(ParamSet &p, int demoDimension) {
    p.set("max-dimension", std::int64_t(60));
    p.set("demo-dimension", std::int64_t(demoDimension));
    p.set("demo-points", std::int64_t(200000));
    p.set("contrast-max-dimension", std::int64_t(100));
    p.set("contrast-data-points", std::int64_t(200));
    p.set("contrast-queries", std::int64_t(20));
    p.set("norm-dimension", std::int64_t(64));
    p.set("norm-samples", std::int64_t(5000));
    p.set("bins", std::int64_t(40));
}

ParamSet quickParams(const ExplorerView &view, int demoDimension) {
    ParamSet p(view.info().specs());
    setQuick(p, demoDimension);
    return p;
}

/// Minutes of work in every part: must be abandoned, never shown.
ParamSet slowParams(const ExplorerView &view) {
    ParamSet p(view.info().specs());
    p.set("demo-dimension", std::int64_t(7));
    p.set("demo-points", std::int64_t(1000000000));
    p.set("norm-dimension", std::int64_t(100000));
    p.set("norm-samples", std::int64_t(10000000));
    p.set("contrast-data-points", std::int64_t(5000));
    p.set("contrast-queries", std::int64_t(1000));
    return p;
}

QCPGraph *graphNamed(QCustomPlot *plot, const QString &prefix) {
    for (int i = 0; plot && i < plot->graphCount(); ++i)
        if (plot->graph(i)->name().startsWith(prefix))
            return plot->graph(i);
    return nullptr;
}

int dataCount(QCustomPlot *plot) {
    int count = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *data = plot->plottable(i)->interface1D())
            count += data->dataCount();
    return count;
}

/// The exact acceptance line of the rejection plot (a horizontal line: both values equal).
double exactRateShown(const ExplorerView &view) {
    QCPGraph *exact = graphNamed(plotNamed(view, "rejection"), "exact");
    return exact && !exact->data()->isEmpty() ? exact->data()->constBegin()->value : -1;
}

/// Samples behind the last running-rate point.
double lastSamplesShown(const ExplorerView &view) {
    QCPGraph *rate = graphNamed(plotNamed(view, "rejection"), "measured");
    return rate && !rate->data()->isEmpty() ? (rate->data()->constEnd() - 1)->key : -1;
}


} // namespace

class TestBallView : public QObject {
    Q_OBJECT
private slots:
    void resultLandsInEveryPlot() {
        auto view = makeView();
        view->setParams(quickParams(*view, 5));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY(view->statusText().startsWith("Done"));
        for (const PlotEntry &e : view->plots())
            QVERIFY2(dataCount(e.plot) > 0, qPrintable(e.name));
        // The Monte Carlo series in particular, beside their theory.
        QCOMPARE(graphNamed(plotNamed(*view, "volume"), "rejection demo")->data()->size(), 5);
        QCOMPARE(lastSamplesShown(*view), 200000.0);
        const int grid = int(ball::contrastDimensions(100).size());
        QCOMPARE(graphNamed(plotNamed(*view, "contrast"), "uniform")->data()->size(), grid);
        QCOMPARE(graphNamed(plotNamed(*view, "contrast"), "Gaussian")->data()->size(), grid);
        QCOMPARE(graphNamed(plotNamed(*view, "distance-cv"), "Monte Carlo")->data()->size(), grid);
        auto *bars = qobject_cast<QCPBars *>(plotNamed(*view, "norms")->plottable(0));
        QVERIFY(bars);
        QCOMPARE(bars->data()->size(), 40);
        // Readouts carry the measured values once the run is done.
        bool measured = false;
        for (auto *label : view->findChildren<QLabel *>())
            measured |= label->text().startsWith("measured share");
        QVERIFY(measured);
    }

    void snapshotsDrawWhileRunning() {
        auto view = makeView();
        ParamSet p = quickParams(*view, 6);
        p.set("demo-points", std::int64_t(1000000000));  // seconds of work
        view->setParams(p);
        // The running rate appears while the demo is still drawing points.
        QTRY_VERIFY_WITH_TIMEOUT(lastSamplesShown(*view) > 0, 20000);
        QVERIFY(view->runner()->isRunning());
        QVERIFY(lastSamplesShown(*view) < 1e9);
        QTRY_VERIFY_WITH_TIMEOUT(view->statusText().contains("rejection demo:"), 5000);
    }

    void changingDemoDimensionRedrawsTheRejectionPlot() {
        auto view = makeView();
        view->setParams(quickParams(*view, 5));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(exactRateShown(*view), ball::cubeRatio(5));

        auto *demo = qobject_cast<QSpinBox *>(view->form()->editor("demo-dimension"));
        QVERIFY(demo);
        demo->setValue(3);  // through the widget, as a user would
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(exactRateShown(*view), ball::cubeRatio(3));
        QCPGraph *rate = graphNamed(plotNamed(*view, "rejection"), "measured");
        const double last = (rate->data()->constEnd() - 1)->value;
        QVERIFY2(std::abs(last - ball::cubeRatio(3)) < 0.01, qPrintable(QString::number(last)));
        // The volume plot's Monte Carlo points follow: n = 1…3 now.
        QCOMPARE(graphNamed(plotNamed(*view, "volume"), "rejection demo")->data()->size(), 3);
    }

    void supersededRunNeverShows() {
        auto view = makeView();
        view->setParams(slowParams(*view));
        QTest::qWait(150);
        QElapsedTimer clock;
        clock.start();
        view->setParams(quickParams(*view, 2));
        QVERIFY(waitForEnd(*view, Termination::Completed, 30000));
        QVERIFY2(clock.elapsed() < 20000, "the stale run must stop within one step");
        QCOMPARE(exactRateShown(*view), ball::cubeRatio(2));
        QCOMPARE(lastSamplesShown(*view), 200000.0);
        QTest::qWait(200);  // nothing late may overwrite it
        QCOMPARE(exactRateShown(*view), ball::cubeRatio(2));
        QCOMPARE(lastSamplesShown(*view), 200000.0);
        QVERIFY(view->statusText().startsWith("Done"));
    }

    void badParametersKeepTheLastPlot() {
        // The form's ranges make a bad value impossible to type, so the parameters come from a
        // spec list with a wider ε range: the view must still refuse them, as the core does.
        static std::vector<ParamSpec> wide;
        auto view = makeView();
        wide = view->info().specs();
        for (auto &spec : wide)
            if (spec.name == "epsilon")
                spec.realMax = 2.0;
        view->setParams(quickParams(*view, 4));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const int before = dataCount(plotNamed(*view, "rejection"));
        const double exactBefore = exactRateShown(*view);

        ParamSet bad(wide);
        setQuick(bad, 6);
        QVERIFY(!bad.set("epsilon", 1.5));
        QSignalSpy ended(view.get(), &ExplorerView::runEnded);
        view->setParams(bad);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.at(0).at(0).value<Termination>(), Termination::InvalidInput);
        auto *problem = view->form()->findChild<QLabel *>("problem");
        QVERIFY(problem && problem->isVisible());
        QVERIFY(problem->text().contains("epsilon"));
        QVERIFY(view->statusText().contains("epsilon"));
        QCOMPARE(dataCount(plotNamed(*view, "rejection")), before);
        QCOMPARE(exactRateShown(*view), exactBefore);
        QCOMPARE(view->runBlocking(bad).termination, Termination::InvalidInput);
        QCOMPARE(exactRateShown(*view), exactBefore);
    }

    void closingMidRunIsSafe() {
        auto view = makeView();
        view->setParams(slowParams(*view));
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        view.reset();  // destroys the view while its worker runs
        QVERIFY2(clock.elapsed() < 5000, "closing must not wait for the whole computation");
        QTest::qWait(100);
    }

    void everyPlotExports() {
        auto view = makeView();
        const RunOutcome outcome = view->runBlocking(quickParams(*view, 5));
        QCOMPARE(outcome.termination, Termination::Completed);
        std::set<QString> names;
        for (const PlotEntry &e : view->plots()) {
            QVERIFY(e.plot);
            QVERIFY2(names.insert(e.name).second, qPrintable("duplicate plot name " + e.name));
        }
        QCOMPARE(int(names.size()), 6);
        QCOMPARE(view->plots().at(0).name, QString("volume"));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        FigureFormat format;
        format.widthMm = 85;
        format.heightMm = 60;
        format.fontPt = 8;
        format.dpi = 150;
        for (const PlotEntry &e : view->plots()) {
            const QString path = dir.filePath(e.name + ".png");
            const auto error = exportFigure(e.plot, path, format, view->provenance());
            QVERIFY2(!error, qPrintable(error.value_or(QString())));
            QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path));
            QCOMPARE(image.width(), qRound(85 / 25.4 * 150));
        }
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save screenshots and PDFs");
        const QString out = QString::fromUtf8(dir);
        auto view = makeView();
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        auto *tabs = view->findChild<QTabWidget *>();
        QVERIFY(tabs);
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QTest::qWait(50);
            QVERIFY(view->grab().save(out + QString("/ball_view_tab%1.png").arg(i + 1)));
        }
        FigureFormat format;
        format.widthMm = 85;
        format.heightMm = 60;
        format.fontPt = 8;
        for (const PlotEntry &e : view->plots()) {
            const QString path = out + "/ball_" + e.name + ".pdf";
            QVERIFY(!exportFigure(e.plot, path, format, view->provenance()));
        }
    }
};

QTEST_MAIN(TestBallView)
#include "test_ball_view.moc"
