// SPDX-License-Identifier: MIT
// The hubness view, offscreen: a run lands in every plot; dragging d through its widget redraws
// and the skewness rises; a malformed CSV is reported by line and column and keeps the last plot;
// a click rings exactly the reverse neighbours; a reduction gives two series before/after; a
// neighbour file fills what it can. What every view must do is in test_view_contract.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <utility>

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/density_cloud.h"
#include "common/explorer_view.h"
#include "common/export/figure_export.h"
#include "common/param_form.h"
#include "hubness/hubness.h"
#include "hubness/hubness_readouts.h"
#include "hubness/hubness_view.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::leadingNumber;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::readout;
using dimscope::views::testing::titleOf;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<HubnessView> makeView() { return testing::showView<HubnessView>("hubness"); }

ParamSet quickParams(const ExplorerView &view, std::int64_t n, std::int64_t d,
                     std::int64_t k = 10) {
    ParamSet p(view.info().specs());
    p.set("n", n);
    p.set("d", d);
    p.set("k", k);
    return p;
}

QCPGraph *graphNamed(QCustomPlot *plot, const QString &prefix) {
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->name().startsWith(prefix))
            return plot->graph(i);
    return nullptr;
}

/// Points in the named series; −1 when there is no such series.
int seriesSize(QCustomPlot *plot, const QString &prefix) {
    QCPGraph *g = graphNamed(plot, prefix);
    return g ? g->data()->size() : -1;
}

/// Sum of bar heights (the k-occurrence histogram: the number of points).
double barTotal(QCustomPlot *plot) {
    double total = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *bars = qobject_cast<QCPBars *>(plot->plottable(i)))
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
                total += it->value;
    return total;
}

/// Scatter points (line style none) in a plot.
int scatterPoints(QCustomPlot *plot) {
    int n = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->lineStyle() == QCPGraph::lsNone)
            n += plot->graph(i)->data()->size();
    return n;
}

/// A C-order int64 .npy with `rows` × `cols` values.
bool writeInt64Npy(const QString &path, const std::vector<std::int64_t> &values, int rows,
                   int cols) {
    QByteArray header =
        QStringLiteral("{'descr': '<i8', 'fortran_order': False, 'shape': (%1, %2), }")
            .arg(rows)
            .arg(cols)
            .toLatin1();
    while ((10 + header.size() + 1) % 64 != 0)
        header += ' ';
    header += '\n';
    QByteArray bytes("\x93NUMPY\x01\x00", 8);
    bytes += char(header.size() & 0xff);
    bytes += char(header.size() >> 8);
    bytes += header;
    bytes += QByteArray(reinterpret_cast<const char *>(values.data()),
                        int(values.size() * sizeof(std::int64_t)));
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestHubnessView : public QObject {
    Q_OBJECT
private slots:
    // Above DensityCloud::kDotLimit points the clouds are density images (every point counted
    // once, the legend says so) with at most kDotsOverImage hub dots per class on top, and the
    // CSV still has every point.
    void aLargeCloudIsADensityImage() {
        auto view = makeView();
        QVERIFY(view);
        const int n = DensityCloud::kDotLimit + 2000;
        view->setParams(quickParams(*view, n, 10));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        for (const char *name : {"projection", "mean-distance"}) {
            QCustomPlot *plot = plotNamed(*view, name);
            plot->replot(QCustomPlot::rpImmediateRefresh); // bins for the final size and ranges
            QCPColorMap *image = nullptr;
            for (int i = 0; i < plot->plottableCount(); ++i)
                if (auto *map = qobject_cast<QCPColorMap *>(plot->plottable(i));
                    map && map->visible())
                    image = map;
            QVERIFY2(image, name);
            QVERIFY(image->name().contains("points, density"));
            QVERIFY(plot->legend->hasItemWithPlottable(image));
            double counted = 0;
            for (int x = 0; x < image->data()->keySize(); ++x)
                for (int y = 0; y < image->data()->valueSize(); ++y)
                    if (const double c = image->data()->cell(x, y); std::isfinite(c))
                        counted += c;
            const int dots = scatterPoints(plot);
            QVERIFY(dots <= 2 * DensityCloud::kDotsOverImage);
            QCOMPARE(int(counted), n); // every point; the hubs again as dots on top
        }
        QCustomPlot *projection = plotNamed(*view, "projection");
        const DensityCloud *cloud = nullptr;
        for (int i = 0; i < projection->graphCount() && !cloud; ++i)
            cloud = DensityCloud::find(projection->graph(i));
        QVERIFY(cloud && cloud->drawsDensity());
        QCOMPARE(int(cloud->points().count), n);
        const QTemporaryDir dir;
        const QString csv = dir.filePath("projection.csv");
        QVERIFY(!exportCsv({{QStringLiteral("projection"), projection}}, csv, {}));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().count('\n') > n);

        // A small run afterwards is dots again, with the dots back in the legend.
        view->setParams(quickParams(*view, 500, 10));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *meanDistance = plotNamed(*view, "mean-distance");
        QCOMPARE(scatterPoints(meanDistance), 500);
        QVERIFY(meanDistance->legend->hasItemWithPlottable(graphNamed(meanDistance, "points")));
        for (int i = 0; i < meanDistance->plottableCount(); ++i)
            QVERIFY(!qobject_cast<QCPColorMap *>(meanDistance->plottable(i)) ||
                    !meanDistance->plottable(i)->visible());
    }

    void resultLandsInEveryPlot() {
        auto view = makeView();
        QVERIFY(view);
        view->setParams(quickParams(*view, 2000, 100));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(barTotal(plotNamed(*view, "k-occurrence")), 2000.0);
        QVERIFY(seriesSize(plotNamed(*view, "k-occurrence"), "Poisson(10)") > 10);
        QCOMPARE(seriesSize(plotNamed(*view, "lorenz"), "Nₖ"), 2001);
        QVERIFY(titleOf(plotNamed(*view, "lorenz")).contains("Gini"));
        QCOMPARE(scatterPoints(plotNamed(*view, "mean-distance")), 2000);
        QVERIFY(titleOf(plotNamed(*view, "mean-distance")).contains("Spearman"));
        QCOMPARE(scatterPoints(plotNamed(*view, "projection")), 2000);
        QVERIFY(titleOf(plotNamed(*view, "reduction")).contains("set Hubness reduction"));
        QVERIFY(!readout(*view, "k-skewness").isEmpty());
        QVERIFY(readout(*view, "Spearman ρ").contains("hubs at the mean"));
        QVERIFY(view->statusText().startsWith("Done"));

        // Log y keeps the data and switches both histogram axes.
        view->setLogY(true);
        QCOMPARE(plotNamed(*view, "k-occurrence")->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(plotNamed(*view, "reduction")->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(barTotal(plotNamed(*view, "k-occurrence")), 2000.0);
    }

    void changingDThroughItsWidgetRedraws() {
        auto view = makeView();
        view->setParams(quickParams(*view, 2000, 3));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const double low = leadingNumber(readout(*view, "k-skewness"));
        const QString lowTitle = titleOf(plotNamed(*view, "k-occurrence"));
        auto *d = qobject_cast<QSpinBox *>(view->form()->editor("d"));
        QVERIFY(d);
        d->setValue(100);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const double high = leadingNumber(readout(*view, "k-skewness"));
        QVERIFY2(low < 0.6 && high > 1.0 && high > low + 0.8,
                 qPrintable(QString("d=3: %1, d=100: %2").arg(low).arg(high)));
        QVERIFY(titleOf(plotNamed(*view, "k-occurrence")) != lowTitle);
        QCOMPARE(barTotal(plotNamed(*view, "k-occurrence")), 2000.0);
    }

    void malformedCsvNamesLineAndColumnAndKeepsThePlot() {
        auto view = makeView();
        view->setParams(quickParams(*view, 300, 20));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("points.csv");
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("x,y,z\n1,2,3\n4,5,6\n7,oops,9\n");
        csv.close();
        view->loadPoints(path);
        QVERIFY(waitForEnd(*view, Termination::InvalidInput, 10000));
        auto *problem = view->form()->findChild<QLabel *>("problem");
        QVERIFY(problem && problem->isVisible());
        const QString text = problem->text();
        QVERIFY2(text.contains("points.csv") && text.contains("line 4") &&
                     text.contains("column 2"),
                 qPrintable(text));
        QCOMPARE(barTotal(plotNamed(*view, "k-occurrence")), 300.0); // the last plot stays
        QCOMPARE(scatterPoints(plotNamed(*view, "projection")), 300);

        view->useSyntheticData();
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY(!problem->isVisible());
    }

    void clickRingsExactlyTheReverseNeighbours() {
        auto view = makeView();
        const ParamSet params = quickParams(*view, 600, 50, 5);
        view->setParams(params);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        // The same run in the core (same seed, same points) tells us what to expect.
        const auto expected = hubness::computeHubness(hubness::paramTable().read(params));
        QVERIFY(expected.ok());
        const auto &nk = expected.kOccurrence;
        const int hub = int(std::max_element(nk.begin(), nk.end()) - nk.begin());
        std::multiset<std::pair<double, double>> rings;
        for (std::int64_t row = 0; row < expected.n; ++row)
            for (int c = 0; c < expected.k; ++c)
                if (expected.neighbors.index(row, c) == hub) {
                    const auto &p = expected.projection[std::size_t(row)];
                    rings.insert({p[0], p[1]});
                }
        QCOMPARE(std::int64_t(rings.size()), nk[std::size_t(hub)]);

        QCustomPlot *plot = plotNamed(*view, "projection");
        plot->replot(); // lays out the axes so coordinates map to pixels
        const auto &at = expected.projection[std::size_t(hub)];
        const QPoint pixel(qRound(plot->xAxis->coordToPixel(at[0])),
                           qRound(plot->yAxis->coordToPixel(at[1])));
        QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, pixel);
        QCPGraph *reverse = graphNamed(plot, "reverse neighbours");
        QVERIFY(reverse);
        std::multiset<std::pair<double, double>> shown;
        for (auto it = reverse->data()->constBegin(); it != reverse->data()->constEnd(); ++it)
            shown.insert({it->key, it->value});
        QVERIFY2(shown == rings,
                 qPrintable(QString("shown %1, expected %2").arg(shown.size()).arg(rings.size())));

        // An antihub has no reverse neighbours; −1 clears.
        const auto antihub = std::find(nk.begin(), nk.end(), 0);
        if (antihub != nk.end())
            QCOMPARE(view->selectPoint(int(antihub - nk.begin())), 0);
        QCOMPARE(view->selectPoint(-1), 0);
        QCOMPARE(reverse->data()->size(), 0);
    }

    void reductionShowsBeforeAndAfter() {
        auto view = makeView();
        ParamSet p = quickParams(*view, 1500, 100);
        p.set("reduction", std::string("mp-gaussian"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *plot = plotNamed(*view, "reduction");
        QCPGraph *before = graphNamed(plot, "before");
        QCPGraph *after = graphNamed(plot, "after");
        QVERIFY(before && after);
        QVERIFY(before->data()->size() > 5 && after->data()->size() > 5);
        QVERIFY(titleOf(plot).startsWith("Mutual proximity (Gaussian)"));
        const QString skew = readout(*view, "k-skewness");
        QVERIFY2(skew.contains("→"), qPrintable(skew));
        const double beforeSkew = leadingNumber(skew);
        const double afterSkew = leadingNumber(skew.section(QStringLiteral("→ "), 1));
        QVERIFY2(afterSkew < beforeSkew, qPrintable(skew));
    }

    void theTimeReadoutCountsRowsSearchedAgain() {
        hubness::HubnessResult r;
        r.n = 20000;
        r.d = 512;
        r.k = 10;
        const auto timeValue = [&] {
            for (const Readout &readout : hubnessReadouts(r))
                if (readout.label == "k-NN time")
                    return readout.value + " | " + readout.meaning;
            return QString();
        };
        QVERIFY(!timeValue().isEmpty());
        QVERIFY(!timeValue().contains("again"));
        r.rowsSearchedInDouble = 1;
        QVERIFY2(timeValue().contains(QStringLiteral("1\u00A0row again in double")),
                 qPrintable(timeValue()));
        r.rowsSearchedInDouble = 1234;
        QVERIFY2(timeValue().contains(QStringLiteral("rows again in double")),
                 qPrintable(timeValue()));
        QVERIFY2(timeValue().contains("could not prove"), qPrintable(timeValue()));
    }

    void neighbourFileFillsWhatItCan() {
        auto view = makeView();
        // Ring of 40 points, each listing its 3 successors: every N_k is exactly 3.
        const int n = 40, k = 3;
        std::vector<std::int64_t> indices;
        for (int i = 0; i < n; ++i)
            for (int j = 1; j <= k; ++j)
                indices.push_back((i + j) % n);
        QTemporaryDir dir;
        const QString path = dir.filePath("ring.npy");
        QVERIFY(writeInt64Npy(path, indices, n, k));
        ParamSet p = quickParams(*view, 500, 10, k);
        p.set("reduction", std::string("ls"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        view->loadNeighbors(path);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(barTotal(plotNamed(*view, "k-occurrence")), double(n));
        QCOMPARE(scatterPoints(plotNamed(*view, "projection")), 0);
        QVERIFY(titleOf(plotNamed(*view, "projection")).contains("neighbour file"));
        QVERIFY(titleOf(plotNamed(*view, "reduction")).contains("load points"));
        QCOMPARE(view->params().text("reduction"), std::string("none"));
    }

    void screenshotsForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save screenshots and PDFs");
        const QString out = QString::fromUtf8(dir);
        auto view = makeView();
        view->restart();
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(150);
        QVERIFY(view->grab().save(out + "/view_default.png"));
        ParamSet p(view->info().specs());
        p.set("d", std::int64_t(100));
        p.set("reduction", std::string("mp-gaussian"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const auto expected = hubness::computeHubness(hubness::paramTable().read(p));
        const auto hub =
            std::max_element(expected.kOccurrence.begin(), expected.kOccurrence.end()) -
            expected.kOccurrence.begin();
        view->selectPoint(int(hub));
        view->setLogY(true);
        QTest::qWait(150);
        QVERIFY(view->grab().save(out + "/view_d100_mp.png"));
        for (const auto &entry : view->plots())
            QVERIFY(!exportFigure(entry.plot, out + "/" + entry.name + ".pdf",
                                  FigureFormat{85, 60, 8, 300}, view->provenance()));
        view->setLogY(false);
        QVERIFY(!exportFigure(plotNamed(*view, "k-occurrence"), out + "/k-occurrence-linear.pdf",
                              FigureFormat{85, 60, 8, 300}, view->provenance()));
    }

    /// Not a timed test: prints how long the GUI thread was blocked while d is dragged on
    /// N = 20 000 points (set DIMSCOPE_DRAG_CHECK=1).
    void dragCheck() {
        if (qgetenv("DIMSCOPE_DRAG_CHECK").isEmpty())
            QSKIP("set DIMSCOPE_DRAG_CHECK=1 to measure the GUI while d is dragged");
        auto view = makeView();
        view->setParams(quickParams(*view, 20000, 20));
        QVERIFY(waitForEnd(*view, Termination::Completed, 120000));
        // The first result's plots are replotted on a queued event (the 20 000-point scatter takes
        // ~40 ms): let that happen first, it is drawing a result, not a stall of the drag.
        QTest::qWait(300);
        auto *slider = view->form()->findChild<QWidget *>("d")->findChild<QSlider *>();
        QVERIFY(slider);
        int redraws = 0;
        connect(view.get(), &ExplorerView::runEnded, this, [&] { ++redraws; });
        QElapsedTimer gap, total;
        qint64 worst = 0;
        QTimer probe;
        probe.setInterval(5);
        connect(&probe, &QTimer::timeout, this, [&] { worst = std::max(worst, gap.restart()); });
        gap.start();
        total.start();
        probe.start();
        const int from = slider->value();
        for (int step = 0; step < 60; ++step) {
            slider->setValue(from + step * 4);
            QTest::qWait(40);
        }
        QTest::qWait(100);
        qInfo("dragging d over 60 steps (2.4 s): longest GUI stall %lld ms, %d results shown, "
              "last d = %lld",
              worst, redraws, static_cast<long long>(view->params().integer("d")));
        QVERIFY(waitForEnd(*view, Termination::Completed, 120000));
    }
};

QTEST_MAIN(TestHubnessView)
#include "test_hubness_view.moc"
