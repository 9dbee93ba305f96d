// SPDX-License-Identifier: MIT
// The gan-prior view, offscreen: the result lands in every plot. What every view must do is in
// test_view_contract.
// Set DIMSCOPE_SCREENSHOT_DIR to also keep a screenshot and one-column PDFs of the defaults.
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/export/figure_export.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<ExplorerView> makeView() { return testing::showView<ExplorerView>("gan-prior"); }

ParamSet quickParams(const ExplorerView &view, int zDim) {
    ParamSet p(view.info().specs());
    p.set("z-dim", std::int64_t(zDim));
    p.set("batch", std::int64_t(2000));
    p.set("threshold", std::int64_t(12));
    return p;
}

double barTotal(QCPBars *bars) {
    double sum = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        sum += it->value;
    return sum;
}

/// Latents under a step histogram (per-unit heights times bin widths).
double stepTotal(QCPGraph *g) {
    double sum = 0;
    for (int i = 0; i + 1 < g->dataCount(); ++i)
        sum += g->data()->at(i)->value * (g->data()->at(i + 1)->key - g->data()->at(i)->key);
    return sum;
}

template <class T>
QList<T *> plottables(QCustomPlot *plot) {
    QList<T *> out;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *p = qobject_cast<T *>(plot->plottable(i)))
            out << p;
    return out;
}

/// Largest ‖z‖ drawn in the hub-value-against-norm plot.
double largestNorm(ExplorerView &view) {
    double top = 0;
    for (QCPGraph *g : plottables<QCPGraph>(view.plots().at(1).plot))
        for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
            top = std::max(top, it->key);
    return top;
}

} // namespace

class TestGanPriorView : public QObject {
    Q_OBJECT
private slots:
    void resultLandsInEveryPlot() {
        auto view = makeView();
        view->setParams(quickParams(*view, 64));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const auto entries = view->plots();
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0).name, QString("k-occurrence"));
        QCOMPARE(entries.at(1).name, QString("hub-vs-norm"));
        QCOMPARE(entries.at(2).name, QString("norms"));

        // Every latent of the batch is in the k-occurrence histogram and in the scatter, once.
        const auto steps = plottables<QCPGraph>(entries.at(0).plot);
        QVERIFY(steps.size() >= 2);
        QVERIFY(steps.at(0)->name().startsWith("rejected") &&
                steps.at(1)->name().startsWith("accepted"));
        QCOMPARE(qRound(stepTotal(steps.at(0)) + stepTotal(steps.at(1))), 2000);
        QVERIFY(stepTotal(steps.at(1)) > 0); // some latents pass t = 12 at z-dim 64
        int points = 0;
        for (QCPGraph *g : plottables<QCPGraph>(entries.at(1).plot))
            points += g->dataCount();
        QCOMPARE(points, 2000);
        // Norm histograms are densities: all latents integrate to about 1.
        const auto normBars = plottables<QCPBars>(entries.at(2).plot);
        QCOMPARE(normBars.size(), 2);
        for (QCPBars *b : normBars)
            QVERIFY(std::abs(barTotal(b) * b->width() - 1.0) < 0.02);
        QVERIFY(largestNorm(*view) > 6 && largestNorm(*view) < 12); // √64 = 8
        QVERIFY(view->statusText().startsWith("Done"));
    }

    void screenshotForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save a screenshot");
        auto view = makeView();
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed, 280000));
        QTest::qWait(100);
        const QString base = QString::fromUtf8(dir) + "/gan_prior";
        QVERIFY(view->grab().save(base + "_view.png"));
        for (const auto &entry : view->plots())
            QVERIFY(!exportFigure(entry.plot, base + "_" + entry.name + ".pdf",
                                  FigureFormat{85, 60, 8, 300}, view->provenance()));
    }
};

QTEST_MAIN(TestGanPriorView)
#include "test_gan_prior_view.moc"
