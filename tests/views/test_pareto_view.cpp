// SPDX-License-Identifier: MIT
// The pareto view, offscreen: every method's path is drawn, and moving an offset through the form
// moves the loss-weighted paths and leaves the gradient-based ones where they were; the losses
// are on a log step axis.
#include <QDoubleSpinBox>
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

/// The path drawn under `name` in the landscape: its points, in order.
QVector<QPointF> drawnPath(ExplorerView &view, const QString &name) {
    QCustomPlot *plot = plotNamed(view, QStringLiteral("landscape"));
    QVector<QPointF> out;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *curve = qobject_cast<QCPCurve *>(plot->plottable(i)))
            if (curve->name() == name)
                for (auto it = curve->data()->constBegin(); it != curve->data()->constEnd(); ++it)
                    out << QPointF(it->key, it->value);
    return out;
}

} // namespace

class TestParetoView : public QObject {
    Q_OBJECT
private slots:
    void movingAnOffsetBendsOnlyTheLossWeightedPaths() {
        auto view = testing::showView<ExplorerView>("pareto");
        QVERIFY(view);
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const QVector<QPointF> realtime = drawnPath(*view, "realtime");
        const QVector<QPointF> mgda = drawnPath(*view, "mgda");
        QCOMPARE(realtime.size(), 501);
        QCOMPARE(mgda.size(), 501);
        QVERIFY(!testing::titleOf(plotNamed(*view, QStringLiteral("arrows"))).isEmpty());
        // The losses on a log step axis by default: steps 1…500, step 0 left out.
        QCustomPlot *losses = plotNamed(*view, QStringLiteral("losses"));
        QCOMPARE(losses->xAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(losses->graph(0)->data()->size(), 500);
        QCOMPARE(losses->xAxis->range().lower, 1.0);

        auto *offset = qobject_cast<QDoubleSpinBox *>(view->form()->editor("offset1"));
        QVERIFY(offset);
        offset->setValue(20);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(drawnPath(*view, "mgda"), mgda);
        const QVector<QPointF> bent = drawnPath(*view, "realtime");
        QCOMPARE(bent.size(), realtime.size());
        const QPointF d = bent.last() - realtime.last();
        QVERIFY2(std::hypot(d.x(), d.y()) > 1e-2, "the realtime path did not move");
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save a screenshot");
        auto view = testing::showView<ExplorerView>("pareto");
        ParamSet p(view->info().specs());
        p.set("third-task", true);
        p.set("arrow-step", std::int64_t(20));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(150);
        QVERIFY(view->grab().save(QString::fromUtf8(dir) + "/pareto_view_three_tasks.png"));
    }
};

QTEST_MAIN(TestParetoView)
#include "test_pareto_view.moc"
