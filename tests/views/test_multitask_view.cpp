// SPDX-License-Identifier: MIT
// The multitask view, offscreen: one ensemble per method on each task's loss plot, and the weight
// shares inside [0, 1].
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::waitForEnd;

namespace {

/// Names of the legend entries of `plot` (one per method's ensemble).
QStringList legendNames(QCustomPlot *plot) {
    QStringList out;
    for (int i = 0; i < plot->legend->itemCount(); ++i)
        if (auto *item = qobject_cast<QCPPlottableLegendItem *>(plot->legend->item(i)))
            out << item->plottable()->name();
    return out;
}

} // namespace

class TestMultitaskView : public QObject {
    Q_OBJECT
private slots:
    void drawsOneEnsemblePerMethod() {
        auto view = testing::showView<ExplorerView>("multitask");
        QVERIFY(view);
        ParamSet p(view->info().specs());
        p.set("steps", std::int64_t(60));
        p.set("seeds", std::int64_t(2));
        p.set("methods", std::string("equal,mgda"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        for (const char *plot : {"loss1", "loss2", "weights"}) {
            const QStringList names = legendNames(plotNamed(*view, QString::fromLatin1(plot)));
            QVERIFY2(names.join(' ').contains("equal"), plot);
            QVERIFY2(names.join(' ').contains("mgda"), plot);
        }
        const QCPRange shares = plotNamed(*view, QStringLiteral("weights"))->yAxis->range();
        QVERIFY(shares.lower > -0.1 && shares.upper < 1.1);
    }
};

QTEST_MAIN(TestMultitaskView)
#include "test_multitask_view.moc"
