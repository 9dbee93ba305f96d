// SPDX-License-Identifier: MIT
// The inequality view, offscreen: a run lands in the plots; the norm combo box turns violations on
// and off in the stress test; a superseded run never shows; closing mid-run is safe; a bad model
// folder is reported by file name and keeps the last plot; every plot exports; a certificate saves.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/figure_export.h"
#include "common/param_form.h"
#include "inequality/inequality_view.h"
#include "registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::titleOf;
using dimscope::views::testing::waitForEnd;

namespace {

std::unique_ptr<InequalityView> makeView() { return testing::showView<InequalityView>("inequality"); }

ParamSet quickParams(const ExplorerView &view, std::int64_t samples, std::int64_t nets = 1) {
    ParamSet p(view.info().specs());
    p.set("samples", samples);
    p.set("nets", nets);
    return p;
}

/// Points drawn in the lhs-rhs plot (inputs and violations).
int scatterPoints(const ExplorerView &view) {
    QCustomPlot *plot = plotNamed(view, "lhs-rhs");
    int n = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        if (plot->graph(i)->lineStyle() == QCPGraph::lsNone && plot->graph(i)->visible())
            n += plot->graph(i)->data()->size();
    return n;
}

int barCount(QCustomPlot *plot) {
    int n = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *bars = qobject_cast<QCPBars *>(plot->plottable(i)))
            n += bars->data()->size();
    return n;
}

/// The stress plot's title reads "N violations in M nets".
long long violationsShown(const ExplorerView &view) {
    const QString title = titleOf(plotNamed(view, "stress")).remove(QChar(0x202F));
    const auto match = QRegularExpression("^(\\d+) violations? in (\\d+) nets").match(title);
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

/// The value next to a readout label.
QString readout(const ExplorerView &view, const QString &label) {
    const auto labels = view.findChildren<QLabel *>();
    for (int i = 0; i + 1 < labels.size(); ++i)
        if (labels[i]->text() == label)
            return labels[i + 1]->text();
    return {};
}


} // namespace

class TestInequalityView : public QObject {
    Q_OBJECT
private slots:
    void resultLandsInThePlots() {
        auto view = makeView();
        QVERIFY(view);
        view->setParams(quickParams(*view, 300));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(barCount(plotNamed(*view, "layers")), 2 * (3 + 1)); // 3 layers + the sums
        QCOMPARE(scatterPoints(*view), 300);
        QVERIFY(barCount(plotNamed(*view, "ratio")) > 5);
        QCOMPARE(barCount(plotNamed(*view, "stress")), 0);
        QVERIFY(titleOf(plotNamed(*view, "stress")).contains("Random nets > 1"));
        QCOMPARE(readout(*view, "violations"), QString("0 of 300 inputs"));
        const double r = readout(*view, "R, input 1").toDouble();
        QVERIFY2(r > 0 && r <= 1, qPrintable(readout(*view, "R, input 1")));
        QVERIFY(view->statusText().startsWith("Done"));
    }

    void maxAbsNormViolatesAndSpectralDoesNot() {
        auto view = makeView();
        view->setParams(quickParams(*view, 20, 200));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(violationsShown(*view), 0LL);
        QVERIFY(titleOf(plotNamed(*view, "layers")).contains("Random nets = 1"));

        auto *norm = qobject_cast<QComboBox *>(view->form()->editor("norm"));
        QVERIFY(norm);
        norm->setCurrentText("max-abs");
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY2(violationsShown(*view) > 0, qPrintable(titleOf(plotNamed(*view, "stress"))));
        QVERIFY(!readout(*view, "violations").startsWith("0"));
        QVERIFY(barCount(plotNamed(*view, "stress")) > 0);

        norm->setCurrentText("spectral");
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(violationsShown(*view), 0LL);
        QCOMPARE(readout(*view, "violations"), QString("0"));
    }

    void supersededRunNeverShows() {
        auto view = makeView();
        view->setParams(quickParams(*view, 20, 1000000)); // 2·10⁷ inputs: must be abandoned
        QTest::qWait(150);
        QElapsedTimer clock;
        clock.start();
        view->setParams(quickParams(*view, 250));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY2(clock.elapsed() < 15000, "the stale run must stop within one step");
        QCOMPARE(scatterPoints(*view), 250);
        QTest::qWait(200); // nothing late may overwrite it
        QCOMPARE(scatterPoints(*view), 250);
        QCOMPARE(barCount(plotNamed(*view, "stress")), 0);
    }

    void closingMidRunIsSafe() {
        auto view = makeView();
        view->setParams(quickParams(*view, 20, 1000000));
        QTest::qWait(200);
        QElapsedTimer clock;
        clock.start();
        view.reset();
        QVERIFY2(clock.elapsed() < 5000, "closing must not wait for the whole computation");
    }

    void badModelFolderNamesTheFileAndKeepsThePlot() {
        auto view = makeView();
        view->setParams(quickParams(*view, 200));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(scatterPoints(*view), 200);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile json(dir.filePath("model.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(R"({"format": "dimscope-mlp/1", "layers": [{"weight": "W1.npy", "bias": "b1.npy",
                       "activation": "tanh"}]})");
        json.close();
        QSignalSpy ended(view.get(), &ExplorerView::runEnded);
        view->loadModelFolder(dir.path());
        QVERIFY(ended.wait(10000));
        QCOMPARE(ended.last().at(0).value<Termination>(), Termination::InvalidInput);
        auto *problem = view->form()->findChild<QLabel *>("problem");
        QVERIFY(problem && problem->isVisible());
        QVERIFY2(problem->text().contains("W1.npy"), qPrintable(problem->text()));
        QCOMPARE(scatterPoints(*view), 200); // the last good plot stays

        // A folder without model.json: the message names model.json.
        QTemporaryDir empty;
        view->loadModelFolder(empty.path());
        QVERIFY(waitForEnd(*view, Termination::InvalidInput, 10000));
        QVERIFY2(problem->text().contains("model.json"), qPrintable(problem->text()));
        QCOMPARE(scatterPoints(*view), 200);

        view->useRandomNet();
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY(!problem->isVisible());
    }

    void everyPlotExportsToPng() {
        auto view = makeView();
        view->setParams(quickParams(*view, 200));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTemporaryDir dir;
        const QStringList expected{"layers", "lhs-rhs", "ratio", "stress"};
        QStringList names;
        for (const auto &entry : view->plots()) {
            names << entry.name;
            const QString path = dir.filePath(entry.name + ".png");
            const auto error =
                exportFigure(entry.plot, path, FigureFormat{85, 60, 8, 150}, view->provenance());
            QVERIFY2(!error, qPrintable(error.value_or(QString())));
            const QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path));
            QCOMPARE(image.width(), qRound(85 / 25.4 * 150));
        }
        QCOMPARE(names, expected);
    }

    void searchOffersACertificate() {
        auto view = makeView();
        ParamSet p = quickParams(*view, 50);
        p.set("search-steps", std::int64_t(40));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY(view->hasCertificate());
        auto *save = view->findChild<QPushButton *>("saveCertificate");
        QVERIFY(save && save->isEnabled());
        QTemporaryDir dir;
        const QString path = dir.filePath("certificate.json");
        const auto error = view->saveCertificate(path);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject cert = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(cert.value("format").toString(), QString("dimscope-inequality-certificate/1"));
        const double ratio = cert.value("ratio").toDouble();
        QVERIFY2(ratio > 0 && ratio <= 1 + 1e-12, qPrintable(QString::number(ratio)));

        view->setParams(quickParams(*view, 50)); // no search: nothing to save
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY(!view->hasCertificate());
        QVERIFY(!save->isEnabled());
    }

    void screenshotsForReview() {
        const QByteArray dir = qgetenv("DIMSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("set DIMSCOPE_SCREENSHOT_DIR to save screenshots and PDFs");
        const QString out = QString::fromUtf8(dir);
        auto view = makeView();
        ParamSet p(view->info().specs());
        p.set("search-steps", std::int64_t(300));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(150);
        QVERIFY(view->grab().save(out + "/view_single.png"));
        for (const auto &entry : view->plots())
            QVERIFY(!exportFigure(entry.plot, out + "/" + entry.name + ".pdf",
                                  FigureFormat{85, 60, 8, 300}, view->provenance()));
        p.set("nets", std::int64_t(2000));
        p.set("samples", std::int64_t(200));
        p.set("norm", std::string("max-abs"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed, 60000));
        QTest::qWait(150);
        QVERIFY(view->grab().save(out + "/view_stress.png"));
        QVERIFY(!exportFigure(plotNamed(*view, "stress"), out + "/stress-maxabs.pdf",
                              FigureFormat{85, 60, 8, 300}, view->provenance()));
    }
};

QTEST_MAIN(TestInequalityView)
#include "test_inequality_view.moc"
