// SPDX-License-Identifier: MIT
// The ball view, offscreen: a run lands in every plot; a new demo dimension redraws the rejection
// plot with its exact rate. What every view must do is in test_view_contract.
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
        p.set("demo-points", std::int64_t(1000000000)); // seconds of work
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
        demo->setValue(3); // through the widget, as a user would
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(exactRateShown(*view), ball::cubeRatio(3));
        QCPGraph *rate = graphNamed(plotNamed(*view, "rejection"), "measured");
        const double last = (rate->data()->constEnd() - 1)->value;
        QVERIFY2(std::abs(last - ball::cubeRatio(3)) < 0.01, qPrintable(QString::number(last)));
        // The volume plot's Monte Carlo points follow: n = 1…3 now.
        QCOMPARE(graphNamed(plotNamed(*view, "volume"), "rejection demo")->data()->size(), 3);
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
