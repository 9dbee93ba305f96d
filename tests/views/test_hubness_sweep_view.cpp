// SPDX-License-Identifier: MIT
// The hubness-sweep view, offscreen: the result lands in every plot; a malformed list is refused
// with its name. What every view must do is in test_view_contract.
// Set DIMSCOPE_SCREENSHOT_DIR to also keep a screenshot and one-column PDFs of the defaults.
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/export/figure_export.h"
#include "common/param_form.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<ExplorerView> makeView() {
    return testing::showView<ExplorerView>("hubness-sweep");
}

ParamSet quickParams(const ExplorerView &view, const std::string &dimensions) {
    ParamSet p(view.info().specs());
    p.set("n", std::int64_t(300));
    p.set("k", std::int64_t(5));
    p.set("dimensions", dimensions);
    p.set("seeds", std::int64_t(2));
    return p;
}

/// The graph of seed means (the one named "mean ± sd, …").
QCPGraph *meanGraph(QCustomPlot *plot) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name().startsWith("mean"))
            return plot->graph(i);
    return nullptr;
}

QVector<double> meanKeys(QCustomPlot *plot) {
    QVector<double> keys;
    QCPGraph *g = meanGraph(plot);
    for (int i = 0; g && i < g->dataCount(); ++i)
        keys << g->data()->at(i)->key;
    return keys;
}

} // namespace

class TestHubnessSweepView : public QObject {
    Q_OBJECT
private slots:
    void resultLandsInEveryPlot() {
        auto view = makeView();
        QSignalSpy snapshots(view->runner(), &JobRunner::snapshotReady);
        view->setParams(quickParams(*view, "3,20,50"));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY(snapshots.count() >= 1);
        const QStringList names = {"skewness", "robinhood", "antihub", "spearman"};
        QCOMPARE(view->plots().size(), names.size());
        for (int i = 0; i < names.size(); ++i) {
            const PlotEntry entry = view->plots().at(i);
            QCOMPARE(entry.name, names.at(i));
            QCOMPARE(meanKeys(entry.plot), (QVector<double>{3, 20, 50}));
        }
        // Hubness grows with d: the mean skewness at d = 50 exceeds the one at d = 3.
        QCPGraph *skew = meanGraph(view->plots().at(0).plot);
        QVERIFY(skew->data()->at(2)->value > skew->data()->at(0)->value + 0.5);
        QVERIFY(view->statusText().startsWith("Done"));
    }

    void malformedListIsRefusedByName() {
        auto view = makeView();
        view->setParams(quickParams(*view, "3,10"));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QSignalSpy ended(view.get(), &ExplorerView::runEnded);
        // Typed into the field: the parameter refuses the text, names itself, starts no run,
        // and leaves the text as typed so that it can be mended.
        auto *edit = qobject_cast<QLineEdit *>(view->form()->editor("dimensions"));
        QVERIFY(edit);
        edit->setText("3,ten");
        emit edit->editingFinished();
        QCOMPARE(ended.count(), 0);
        QVERIFY(!view->runner()->isRunning());
        QCOMPARE(edit->text(), QString("3,ten"));
        auto *problem = view->form()->findChild<QLabel *>("problem");
        QVERIFY(problem && problem->isVisible());
        QVERIFY2(problem->text().startsWith("parameter 'dimensions'"), qPrintable(problem->text()));
        QCOMPARE(meanKeys(view->plots().at(0).plot), (QVector<double>{3, 10})); // last good plot
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save a screenshot");
        auto view = makeView();
        ParamSet p(view->info().specs());
        if (!qgetenv("DIMSCOPE_REVIEW_REFERENCE").isEmpty()) {
            p.set("n", std::int64_t(10000));
            p.set("k", std::int64_t(5));
            p.set("dimensions", std::string("3,5,10,20,50,100"));
        }
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed, 280000));
        QTest::qWait(100);
        const QString base = QString::fromUtf8(dir) + "/hubness_sweep";
        QVERIFY(view->grab().save(base + "_view.png"));
        for (const auto &entry : view->plots())
            QVERIFY(!exportFigure(entry.plot, base + "_" + entry.name + ".pdf",
                                  FigureFormat{85, 60, 8, 300}, view->provenance()));
    }
};

QTEST_MAIN(TestHubnessSweepView)
#include "test_hubness_sweep_view.moc"
