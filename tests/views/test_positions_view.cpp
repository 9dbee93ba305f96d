// SPDX-License-Identifier: MIT
// The positions view, offscreen: the ids seen, the RoPE coverage of the three schemes and the two
// entropy curves at the defaults; switching to standard positions leaves most test ids unseen.
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::waitForEnd;

class TestPositionsView : public QObject {
    Q_OBJECT
private slots:
    void drawsEveryPlot() {
        auto view = testing::showView<ExplorerView>("positions");
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *ids = plotNamed(*view, QStringLiteral("ids"));
        QCOMPARE(ids->graph(0)->data()->size(), 2048); // ids 0…L−1
        QCustomPlot *rope = plotNamed(*view, QStringLiteral("rope-coverage"));
        QCOMPARE(rope->graphCount(), 3);
        QCOMPARE(rope->graph(0)->data()->size(), 32); // d/2 frequencies
        QCustomPlot *entropy = plotNamed(*view, QStringLiteral("entropy"));
        QVERIFY(entropy->graph(0)->data()->size() > 20);
        QVERIFY(entropy->graph(1)->data()->size() > 20);
    }

    void standardPositionsLeaveTheTestIdsUnseen() {
        auto view = testing::showView<ExplorerView>("positions");
        ParamSet p(view->info().specs());
        p.set("scheme", std::string("standard"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *ids = plotNamed(*view, QStringLiteral("ids"));
        int seen = 0;
        for (auto it = ids->graph(0)->data()->constBegin(); it != ids->graph(0)->data()->constEnd();
             ++it)
            seen += it->value > 0;
        QCOMPARE(seen, 64);
    }

    void theColourScaleLeavesTheTitleTheWholeWidth() {
        // The scale shares the axis rect's cell: the title row spans the plot, so it wraps only
        // where the plot is too narrow, not where the axis rect alone is.
        auto view = testing::showView<ExplorerView>("positions");
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *angles = plotNamed(*view, QStringLiteral("angles"));
        QVERIFY(angles);
        angles->replot();
        QCOMPARE(angles->plotLayout()->columnCount(), 1);
        auto *title = qobject_cast<QCPTextElement *>(angles->plotLayout()->element(0, 0));
        QVERIFY(title);
        const QRect axes = angles->axisRect()->outerRect();
        QCPColorScale *scale = nullptr;
        for (QCPLayoutElement *e : angles->plotLayout()->elements(true))
            if (auto *s = qobject_cast<QCPColorScale *>(e))
                scale = s;
        QVERIFY(scale);
        QVERIFY2(title->outerRect().right() >= scale->outerRect().right() - 1,
                 "the title ends where the axis rect does, short of the scale");
        QVERIFY(scale->outerRect().left() >= axes.right());
        QCOMPARE(scale->outerRect().top(), axes.top());
    }
};

QTEST_MAIN(TestPositionsView)
#include "test_positions_view.moc"
