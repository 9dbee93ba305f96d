// SPDX-License-Identifier: MIT
// The angles view, offscreen: a change of dimension redraws the histogram; a superseded run never
// shows; bad parameters keep the last plot; closing mid-run is safe.
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/param_form.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<ExplorerView> makeView() { return testing::showView<ExplorerView>("angles"); }

/// Small, fast parameters for the tests.
ParamSet quickParams(const ExplorerView &view, int dimension) {
    ParamSet p(view.info().specs());
    p.set("dimension", std::int64_t(dimension));
    p.set("pairs", std::int64_t(20000));
    p.set("sweep-pairs", std::int64_t(1000));
    p.set("sampler", std::string("exact"));
    return p;
}

QCPBars *histogramBars(ExplorerView &view) {
    QCustomPlot *plot = view.plots().at(0).plot;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *bars = qobject_cast<QCPBars *>(plot->plottable(i)))
            return bars;
    return nullptr;
}

/// Spread of the drawn histogram: from the first to the last bar with data, in plot units.
double drawnSpread(ExplorerView &view) {
    QCPBars *bars = histogramBars(view);
    double lo = 1e300, hi = -1e300;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        if (it->value > 0) {
            lo = std::min(lo, it->key);
            hi = std::max(hi, it->key);
        }
    return hi - lo;
}


} // namespace

class TestAnglesView : public QObject {
    Q_OBJECT
private slots:
    void changingDimensionRedrawsTheHistogram() {
        auto view = makeView();
        view->setParams(quickParams(*view, 10));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const double wide = drawnSpread(*view);
        QVERIFY2(wide > 60, qPrintable(QString("n=10 spans %1 degrees").arg(wide)));
        QVERIFY(view->statusText().startsWith("Done"));

        // Through the widget, as a user would.
        auto *dimension = qobject_cast<QSpinBox *>(view->form()->editor("dimension"));
        QVERIFY(dimension);
        dimension->setValue(2000);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const double narrow = drawnSpread(*view);
        QVERIFY2(narrow < 15 && narrow > 0, qPrintable(QString("n=2000 spans %1 degrees").arg(narrow)));
        QVERIFY(view->plots().at(0).plot->plotLayout()->elementCount() > 0);
    }

    void supersededRunNeverShows() {
        auto view = makeView();
        ParamSet slow = quickParams(*view, 100000);
        slow.set("sampler", std::string("vectors"));
        slow.set("pairs", std::int64_t(10000000));  // minutes of work: must be abandoned
        view->setParams(slow);
        QTest::qWait(150);
        QElapsedTimer clock;
        clock.start();
        view->setParams(quickParams(*view, 3));
        QVERIFY(waitForEnd(*view, Termination::Completed, 30000));
        QVERIFY2(clock.elapsed() < 20000, "the stale run must stop within one step");
        // n = 3: θ spreads over most of 0…180°; any bar from the n = 100000 run would sit at 90° ± 0.5°.
        QVERIFY(drawnSpread(*view) > 120);
        QTest::qWait(200);  // nothing late may overwrite it
        QVERIFY(drawnSpread(*view) > 120);
        QVERIFY(view->statusText().startsWith("Done"));
    }

    void badParametersKeepTheLastPlot() {
        auto view = makeView();
        view->setParams(quickParams(*view, 20));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const int barsBefore = histogramBars(*view)->data()->size();
        auto *distribution = qobject_cast<QComboBox *>(view->form()->editor("distribution"));
        QVERIFY(distribution);
        QSignalSpy ended(view.get(), &ExplorerView::runEnded);
        distribution->setCurrentText("unit-cube");  // the exact sampler cannot do a non-isotropic law
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.at(0).at(0).value<Termination>(), Termination::InvalidInput);
        auto *problem = view->form()->findChild<QLabel *>("problem");
        QVERIFY(problem && problem->isVisible());
        QVERIFY(problem->text().contains("exact"));
        QCOMPARE(histogramBars(*view)->data()->size(), barsBefore);
    }

    void closingMidRunIsSafe() {
        auto view = makeView();
        ParamSet slow = quickParams(*view, 50000);
        slow.set("sampler", std::string("vectors"));
        slow.set("pairs", std::int64_t(10000000));
        view->setParams(slow);
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        view.reset();  // destroys the view while its worker runs
        QVERIFY2(clock.elapsed() < 5000, "closing must not wait for the whole computation");
        QTest::qWait(100);
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save a screenshot");
        auto view = makeView();
        ParamSet p(view->info().specs());
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(100);  // let queued replots and layouts run before grabbing
        QVERIFY(view->grab().save(QString::fromUtf8(dir) + "/angles_view.png"));
    }
};

QTEST_MAIN(TestAnglesView)
#include "test_angles_view.moc"
