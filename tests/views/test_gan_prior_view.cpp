// SPDX-License-Identifier: MIT
// The gan-prior view, offscreen: the result lands in every plot; a superseded run never shows;
// closing mid-run is safe; every plot exports to PNG.
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

ParamSet slowParams(const ExplorerView &view) {
    ParamSet p(view.info().specs());
    p.set("batch", std::int64_t(30000));
    p.set("rounds", std::int64_t(100));
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

template <class T> QList<T *> plottables(QCustomPlot *plot) {
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

    void supersededRunNeverShows() {
        auto view = makeView();
        view->setParams(slowParams(*view));
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        view->setParams(quickParams(*view, 16));
        QVERIFY(waitForEnd(*view, Termination::Completed, 30000));
        QVERIFY2(clock.elapsed() < 20000, "the stale run must stop within one step");
        // z-dim 16 puts ‖z‖ near 4; any latent of the z-dim 512 run would sit near 22.6.
        QVERIFY(largestNorm(*view) < 10);
        QTest::qWait(300);
        QVERIFY(largestNorm(*view) < 10);
    }

    void closingMidRunIsSafe() {
        auto view = makeView();
        view->setParams(slowParams(*view));
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        view.reset();
        QVERIFY2(clock.elapsed() < 5000, "closing must not wait for the whole computation");
        QTest::qWait(100);
    }

    void everyPlotExportsToPng() {
        auto view = makeView();
        view->setParams(quickParams(*view, 32));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const FigureFormat format{85, 60, 8, 150};
        for (const auto &entry : view->plots()) {
            const QString path = dir.filePath(entry.name + ".png");
            const auto error = exportFigure(entry.plot, path, format, view->provenance());
            QVERIFY2(!error, qPrintable(error.value_or(QString())));
            const QImage image(path);
            QCOMPARE(image.width(), qRound(85 / 25.4 * 150));
            QCOMPARE(image.height(), qRound(60 / 25.4 * 150));
        }
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
