// SPDX-License-Identifier: MIT
// The angles view, offscreen: a change of dimension redraws the histogram. What every view must do
// (closing mid-run, superseded runs, invalid parameters, export sizes) is in test_view_contract.
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
        QVERIFY2(narrow < 15 && narrow > 0,
                 qPrintable(QString("n=2000 spans %1 degrees").arg(narrow)));
        QVERIFY(view->plots().at(0).plot->plotLayout()->elementCount() > 0);
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save a screenshot");
        auto view = makeView();
        ParamSet p(view->info().specs());
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(100); // let queued replots and layouts run before grabbing
        QVERIFY(view->grab().save(QString::fromUtf8(dir) + "/angles_view.png"));
    }
};

QTEST_MAIN(TestAnglesView)
#include "test_angles_view.moc"
