// SPDX-License-Identifier: MIT
// The lora view, offscreen: every method's loss is drawn beside the rank-r floor, named on its
// line, on an axis that ends below it; a log step axis spreads the first steps; a higher rank
// lowers the floor.
#include <QCheckBox>
#include <QSpinBox>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/param_form.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::waitForEnd;

namespace {

QCPGraph *graphNamed(QCustomPlot *plot, const QString &prefix) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name().startsWith(prefix))
            return plot->graph(i);
    return nullptr;
}

double floorOf(ExplorerView &view) {
    QCPGraph *floor = graphNamed(plotNamed(view, QStringLiteral("loss")), QStringLiteral("rank-"));
    return floor && !floor->data()->isEmpty() ? floor->data()->constBegin()->value : -1;
}

} // namespace

class TestLoraView : public QObject {
    Q_OBJECT
private slots:
    void drawsEveryMethodBesideTheRankFloor() {
        auto view = testing::showView<ExplorerView>("lora");
        QVERIFY(view);
        ParamSet p(view->info().specs());
        p.set("steps", std::int64_t(300));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *loss = plotNamed(*view, QStringLiteral("loss"));
        for (const char *method : {"full", "lora", "lora-symmetric", "projection", "additive"}) {
            QCPGraph *g = graphNamed(loss, QString::fromLatin1(method));
            QVERIFY2(g, method);
            QVERIFY2(g->data()->size() > 10, method);
        }
        const double rankOne = floorOf(*view);
        QVERIFY(rankOne > 0);
        // The floor is named on its line, not in the legend; full fine-tuning falls to
        // round-off, below an axis that ends three decades under the floor, and its legend
        // entry says so (LoRA's, which stops at the floor, does not).
        QVERIFY(!loss->legend->hasItemWithPlottable(graphNamed(loss, QStringLiteral("rank-"))));
        QCOMPARE(loss->yAxis->range().lower, rankOne * 1e-3);
        QVERIFY2(graphNamed(loss, QStringLiteral("full (↓ ")),
                 qPrintable(graphNamed(loss, QStringLiteral("full"))->name()));
        QVERIFY(!graphNamed(loss, QStringLiteral("lora (↓")));
        // A rank-1 update has one singular value; the round-off ones get no line and no legend
        // entry.
        QCustomPlot *spectrum = plotNamed(*view, QStringLiteral("spectrum"));
        QVERIFY(graphNamed(spectrum, QStringLiteral("σ1")));
        QVERIFY(!graphNamed(spectrum, QStringLiteral("σ2")));

        // The early steps spread out on a log step axis (the default), without step 0; the box
        // gives the linear axis back, with it.
        QCustomPlot *cosine = plotNamed(*view, QStringLiteral("cosine"));
        QCOMPARE(cosine->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QVERIFY(cosine->graph(0)->data()->constBegin()->key > 0);
        QCheckBox *logSteps = nullptr;
        for (QCheckBox *box : view->findChildren<QCheckBox *>())
            if (box->text() == "Log step axis")
                logSteps = box;
        QVERIFY(logSteps);
        logSteps->setChecked(false);
        QCOMPARE(cosine->xAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(cosine->graph(0)->data()->constBegin()->key, 0.0);
        logSteps->setChecked(true);

        auto *rank = qobject_cast<QSpinBox *>(view->form()->editor("rank"));
        QVERIFY(rank);
        rank->setValue(2);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        // Rank 2 reaches a rank-2 target: no floor is drawn (or one below round-off).
        QVERIFY(floorOf(*view) < rankOne * 1e-6);
        QVERIFY(graphNamed(spectrum, QStringLiteral("σ2")));
        QVERIFY(!graphNamed(spectrum, QStringLiteral("σ3")));
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save a screenshot");
        auto view = testing::showView<ExplorerView>("lora");
        ParamSet p(view->info().specs());
        p.set("target-rank", std::int64_t(32));
        p.set("rank", std::int64_t(4));
        p.set("forgetting", true);
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(150);
        QVERIFY(view->grab().save(QString::fromUtf8(dir) + "/lora_view_full_rank.png"));
    }
};

QTEST_MAIN(TestLoraView)
#include "test_lora_view.moc"
