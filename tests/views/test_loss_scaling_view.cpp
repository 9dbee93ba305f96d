// SPDX-License-Identifier: MIT
// The loss-scaling view, offscreen: the histogram and the shares against S at the defaults, and
// the training curves and the scale's trace once training steps are set.
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::waitForEnd;

class TestLossScalingView : public QObject {
    Q_OBJECT
private slots:
    void defaultsDrawTheHistogramAndTheShares() {
        auto view = testing::showView<ExplorerView>("loss-scaling");
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *histogram = plotNamed(*view, QStringLiteral("histogram"));
        QVERIFY(histogram);
        auto *bars = qobject_cast<QCPBars *>(histogram->plottable(0));
        QVERIFY(bars && bars->data()->size() > 5);
        QCustomPlot *shares = plotNamed(*view, QStringLiteral("shares"));
        QCOMPARE(shares->graph(0)->data()->size(), 25); // S = 2⁰…2²⁴
        // No training asked for: the training plots say how to get it.
        QVERIFY(testing::titleOf(plotNamed(*view, QStringLiteral("training")))
                    .contains(QStringLiteral("above 0")));
    }

    void trainingDrawsLossesAndTheScale() {
        auto view = testing::showView<ExplorerView>("loss-scaling");
        ParamSet p(view->info().specs());
        p.set("train-steps", std::int64_t(150));
        p.set("seeds", std::int64_t(2));
        p.set("growth-interval", std::int64_t(50));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *loss = plotNamed(*view, QStringLiteral("training"));
        QVERIFY(loss->graphCount() >= 2);
        QCustomPlot *scale = plotNamed(*view, QStringLiteral("scale"));
        // One trace per seed, or one named so when every seed's scaler did the same.
        QVERIFY(scale->graphCount() >= 2 ||
                scale->graph(0)->name() == QStringLiteral("all 2 seeds alike"));
        QVERIFY(scale->graph(0)->data()->size() > 10);
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save a screenshot");
        auto view = testing::showView<ExplorerView>("loss-scaling");
        ParamSet p(view->info().specs());
        p.set("train-steps", std::int64_t(3000));
        p.set("growth-interval", std::int64_t(500));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed, 120000));
        QTest::qWait(150);
        QVERIFY(view->grab().save(QString::fromUtf8(dir) + "/loss_scaling_training.png"));
    }
};

QTEST_MAIN(TestLossScalingView)
#include "test_loss_scaling_view.moc"
