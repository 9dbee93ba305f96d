// SPDX-License-Identifier: MIT
// The inequality view, offscreen: a run lands in the plots; the norm combo box turns violations on
// and off in the stress test; a bad model folder is reported by file name and keeps the last plot;
// a certificate saves. What every view must do is in test_view_contract.
#include <cmath>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/export/figure_export.h"
#include "common/histogram.h"
#include "common/param_form.h"
#include "inequality/inequality_plots.h"
#include "inequality/inequality_view.h"
#include "inequality/ratio_histogram.h"
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

std::unique_ptr<InequalityView> makeView() {
    return testing::showView<InequalityView>("inequality");
}

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

/// The stress plot's title reads "N of M inputs violate (P %)," and on a second line "in K of L
/// nets".
QRegularExpressionMatch stressTitle(const ExplorerView &view) {
    const QString title = titleOf(plotNamed(view, "stress")).remove(QChar(0x202F));
    return QRegularExpression(
               "^(\\d+) of (\\d+) inputs violate(?: \\(([\\d.]+) %\\))?,\\s+in (\\d+) of "
               "(\\d+) nets$")
        .match(title);
}

long long violationsShown(const ExplorerView &view) {
    const auto match = stressTitle(view);
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

/// The bars of `plot` whose legend name contains `part`.
QList<QCPBars *> barsNamed(QCustomPlot *plot, const QString &part) {
    QList<QCPBars *> found;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *bars = qobject_cast<QCPBars *>(plot->plottable(i)))
            if (bars->name().contains(part))
                found << bars;
    return found;
}

double barSum(const QList<QCPBars *> &bars) {
    double sum = 0;
    for (auto *b : bars)
        for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it)
            sum += it->value;
    return sum;
}

/// The visible text item of `plot` that starts with `prefix`, or nullptr.
QCPItemText *textItem(QCustomPlot *plot, const QString &prefix) {
    for (int i = 0; i < plot->itemCount(); ++i)
        if (auto *text = qobject_cast<QCPItemText *>(plot->item(i)))
            if (text->visible() && text->text().startsWith(prefix))
                return text;
    return nullptr;
}

/// The number in a "median 0.071" label of `plot`; NaN when there is none.
double medianMarked(QCustomPlot *plot) {
    QCPItemText *label = textItem(plot, "median ");
    return label ? leadingNumber(label->text().mid(7)) : std::nan("");
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
        const double r = leadingNumber(readout(*view, "R, input 1"));
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

    void typicalMedianOnlyInTheReferenceSetting() {
        // §1.4's band holds for its setting (random nets, b ~ N(0, 0.09), f = uᵀh): not for f =
        // sum.
        auto view = makeView();
        ParamSet p = quickParams(*view, 100);
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(readout(*view, "typical median R"), QString::fromUtf8("0.05–0.10"));
        p.set("output", std::string("sum"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QVERIFY(readout(*view, "typical median R").isEmpty());
    }

    void openedCertificateShowsItsWorstCase() {
        // Save a max-abs worst case, open it in a fresh view: the form takes the certificate's
        // norm (the core refuses a mismatch), and the one input it holds gives the stated R.
        auto view = makeView();
        ParamSet p = quickParams(*view, 50);
        p.set("norm", std::string("max-abs"));
        p.set("search-steps", std::int64_t(40));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTemporaryDir dir;
        const QString path = dir.filePath("certificate.json");
        QVERIFY(!view->saveCertificate(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const double stated =
            QJsonDocument::fromJson(file.readAll()).object().value("ratio").toDouble();

        auto reader = makeView();
        const auto error = reader->openCertificate(path);
        QVERIFY2(!error, qPrintable(error.value_or(QString())));
        QVERIFY(waitForEnd(*reader, Termination::Completed));
        QCOMPARE(QString::fromStdString(reader->params().text("norm")), QString("max-abs"));
        QCOMPARE(scatterPoints(*reader), 1);
        const double shown = leadingNumber(readout(*reader, "R, input 1"));
        QVERIFY2(qAbs(shown - stated) <= 1e-3 * stated,
                 qPrintable(QString("%1 vs %2").arg(shown).arg(stated)));

        QFile::resize(path, 10); // a damaged file: a message naming it, the run on screen kept
        const auto damaged = reader->openCertificate(path);
        QVERIFY(damaged && damaged->contains("certificate.json"));
        QCOMPARE(QString::fromStdString(reader->params().text("norm")), QString("max-abs"));
    }

    void widthOneNetsAreTightNotViolations() {
        // Width-1 nets have R = 1 up to round-off, often a hair above 1: no violation, no red bar,
        // and the median marked at 1, not inside a bar right of the bound.
        auto view = makeView();
        ParamSet p = quickParams(*view, 100, 50);
        p.set("widths", std::string("1,1,1,1"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *stress = plotNamed(*view, "stress");
        QCOMPARE(violationsShown(*view), 0LL);
        QCOMPARE(barSum(barsNamed(stress, "violations")), 0.0);
        QVERIFY(qAbs(barSum(barsNamed(stress, "")) - 100.0) < 1e-9); // every input drawn, left of 1
        const double median = medianMarked(stress);
        QVERIFY2(median > 0.99 && median <= 1 + 1e-9, qPrintable(QString::number(median)));
        QCOMPARE(readout(*view, "median R"), QString("1"));

        p.set("nets", std::int64_t(1));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *ratio = plotNamed(*view, "ratio");
        QCOMPARE(barSum(barsNamed(ratio, "violations")), 0.0);
        QVERIFY(barSum(barsNamed(ratio, "R < 1")) > 99.999);
        const double single = medianMarked(ratio);
        QVERIFY2(single > 0.99 && single <= 1 + 1e-9, qPrintable(QString::number(single)));
    }

    void medianEstimateStaysInTheData() {
        // While a run streams, the median comes from the histogram: R = 1 up to round-off is 1,
        // and no estimate exceeds the largest R seen.
        Histogram h(-8, 2, 200);
        for (int i = 0; i < 600; ++i)
            h.add(std::log10(1 + 2e-16 * (i % 3)));
        for (int i = 0; i < 400; ++i)
            h.add(std::log10(1 - 1e-16 * (i % 2)));
        auto median = stressMedianEstimate(h, 0, 1 + 4e-16);
        QVERIFY(median);
        QVERIFY2(*median <= 1 + 1e-12 && *median > 0.999,
                 qPrintable(QString::number(*median, 'g', 17)));
        const BoundSplit split = splitAtBound(h, 0);
        QVERIFY(split.zeroBin > 0);
        QCOMPARE(split.tight, h.counts[std::size_t(split.zeroBin)]); // none of them violates
        QCOMPARE(split.counts[std::size_t(split.zeroBin)], std::int64_t(0));

        // 10 violations at R = 1.02 beside 1000 tight inputs: still 1; only they stay right of 0.
        for (int i = 0; i < 10; ++i)
            h.add(std::log10(1.02));
        median = stressMedianEstimate(h, 10, 1.02);
        QVERIFY(median && *median <= 1 + 1e-12);
        QCOMPARE(splitAtBound(h, 10).counts[std::size_t(split.zeroBin)], std::int64_t(10));

        // Everything in one bin below 1: interpolated, but never above the largest R.
        Histogram low(-8, 2, 200);
        for (int i = 0; i < 100; ++i)
            low.add(std::log10(0.5));
        QVERIFY(*stressMedianEstimate(low, 0, 0.5) <= 0.5);
    }

    void stressTitleCountsInputsAndNets() {
        auto view = makeView();
        ParamSet p = quickParams(*view, 50, 120);
        p.set("norm", std::string("max-abs"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const auto match = stressTitle(*view);
        QVERIFY2(match.hasMatch(), qPrintable(titleOf(plotNamed(*view, "stress"))));
        const long long violations = match.captured(1).toLongLong();
        QCOMPARE(match.captured(2).toLongLong(), 50LL * 120);
        const long long netsViolating = match.captured(4).toLongLong();
        QCOMPARE(match.captured(5).toLongLong(), 120LL);
        QVERIFY(violations > 0);
        QVERIFY(netsViolating > 0 && netsViolating <= 120 && netsViolating <= violations);
        const double share = match.captured(3).toDouble();
        QVERIFY2(qAbs(share - 100.0 * double(violations) / (50 * 120)) < 1.0,
                 qPrintable(match.captured(0)));
        QVERIFY(readout(*view, "nets violating").startsWith(QString::number(netsViolating)));
        // The red bars hold exactly the violations.
        QVERIFY(qAbs(barSum(barsNamed(plotNamed(*view, "stress"), "violations")) -
                     100.0 * double(violations) / (50 * 120)) < 1e-9);
    }

    void offScaleInputsAreDrawn() {
        // A residual net with a small branch gain puts some R ≥ 100 beyond the histogram: they
        // get a labelled bar of their own at the right, inside the x range, so no export drops
        // them.
        auto view = makeView();
        ParamSet p = quickParams(*view, 100, 200);
        p.set("widths", std::string("3,3,3,3"));
        p.set("residual", true);
        p.set("branch-gain", 0.1);
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCustomPlot *stress = plotNamed(*view, "stress");
        const auto over = barsNamed(stress, "R ≥ 10²");
        QCOMPARE(over.size(), 1);
        QCOMPARE(over.front()->data()->size(), 1);
        const double key = over.front()->data()->constBegin()->key;
        QVERIFY(stress->xAxis->range().contains(key));
        QVERIFY(key > 0);
        QCPItemText *label = textItem(stress, "R ≥ 10²: ");
        QVERIFY(label);
        const long long shown = label->text().mid(9).remove(QChar(0x202F)).toLongLong();
        QVERIFY2(shown > 0, qPrintable(label->text()));
        QVERIFY(readout(*view, "off the scale")
                    .remove(QChar(0x202F))
                    .contains(QString("%1 with R ≥ 100").arg(shown)));
        // Every input is in some bar: the shares add up to 100 %.
        QVERIFY2(qAbs(barSum(barsNamed(stress, "")) - 100.0) < 1e-9,
                 qPrintable(QString::number(barSum(barsNamed(stress, "")))));
    }

    void shapeRowWritesTheWidths() {
        auto view = makeView();
        view->setParams(quickParams(*view, 50));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        auto *depth = view->findChild<QSpinBox *>("shapeDepth");
        auto *width = view->findChild<QSpinBox *>("shapeWidth");
        auto *input = view->findChild<QSpinBox *>("shapeInputDim");
        QVERIFY(depth && width && input);
        QCOMPARE(depth->value(), 3); // §1.8 defaults: 4,16,16,1
        QCOMPARE(width->value(), 16);
        QCOMPARE(input->value(), 4);

        depth->setValue(5);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(view->params().text("widths"), std::string("4,16,16,16,16,1"));
        QCOMPARE(barCount(plotNamed(*view, "layers")), 2 * (5 + 1));
        QVERIFY(view->showsCurrentParams());

        width->setValue(8);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        input->setValue(2);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(view->params().text("widths"), std::string("2,8,8,8,8,1"));
        QCOMPARE(scatterPoints(*view), 50);

        depth->setValue(1);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(view->params().text("widths"), std::string("2,1"));
        QVERIFY(!width->isEnabled());

        // The text field wins: a regular shape is read back, any other one is left alone.
        ParamSet p = view->params();
        p.set("widths", std::string("6,32,32,1"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(depth->value(), 3);
        QCOMPARE(width->value(), 32);
        QCOMPARE(input->value(), 6);
        QVERIFY(width->isEnabled());
        p.set("widths", std::string("8,32,16,4"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(depth->value(), 3); // what the row can show of it
        QCOMPARE(input->value(), 8);
        QCOMPARE(width->value(), 32); // hidden widths differ: the last one shown stays
        auto *note = view->findChild<QLabel *>("shapeNote");
        QVERIFY(note && note->text().contains("custom"));
        QCOMPARE(view->params().text("widths"), std::string("8,32,16,4"));

        // Sample 2000 nets: the stress test of the shape on screen.
        p.set("widths", std::string("4,16,16,1"));
        p.set("samples", std::int64_t(1000));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        auto *sample = view->findChild<QPushButton *>("sampleNets");
        QVERIFY(sample && sample->isEnabled());
        sample->click();
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(view->params().integer("nets"), InequalityView::kSampleNets);
        QCOMPARE(view->params().integer("samples"), InequalityView::kSampleInputs);
        QVERIFY(view->showsCurrentParams());
        QCOMPARE(stressTitle(*view).captured(5).toLongLong(), 2000LL);
        QCOMPARE(violationsShown(*view), 0LL);
        auto *tabs = view->findChild<QTabWidget *>();
        QVERIFY(tabs && tabs->currentIndex() == 1);
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
        QVERIFY(!exportFigure(plotNamed(*view, "stress"), out + "/stress-maxabs.png",
                              FigureFormat{85, 60, 8, 200}, view->provenance()));

        // Width-1 nets (R = 1 up to round-off): no red, the median at 1.
        ParamSet tight(view->info().specs());
        tight.set("widths", std::string("1,1,1,1"));
        tight.set("nets", std::int64_t(2000));
        tight.set("samples", std::int64_t(200));
        view->setParams(tight);
        QVERIFY(waitForEnd(*view, Termination::Completed, 60000));
        QTest::qWait(150);
        QVERIFY(view->grab().save(out + "/view_width1.png"));
        QVERIFY(!exportFigure(plotNamed(*view, "stress"), out + "/stress-width1.png",
                              FigureFormat{85, 60, 8, 200}, view->provenance()));

        // Residual 3-wide nets at branch gain 0.1 with a search: R ≥ 100 off the scale.
        ParamSet residual(view->info().specs());
        residual.set("widths", std::string("3,3,3,3"));
        residual.set("residual", true);
        residual.set("branch-gain", 0.1);
        residual.set("nets", std::int64_t(1000));
        residual.set("samples", std::int64_t(100));
        residual.set("search-steps", std::int64_t(300));
        view->setParams(residual);
        QVERIFY(waitForEnd(*view, Termination::Completed, 60000));
        QTest::qWait(150);
        QVERIFY(view->grab().save(out + "/view_residual.png"));
        QVERIFY(!exportFigure(plotNamed(*view, "stress"), out + "/stress-residual.pdf",
                              FigureFormat{85, 60, 8, 300}, view->provenance()));
        QVERIFY(!exportFigure(plotNamed(*view, "stress"), out + "/stress-residual.png",
                              FigureFormat{85, 60, 8, 200}, view->provenance()));

        // One net, max-abs norm, a search over weights too: the worst case far from the points.
        ParamSet far(view->info().specs());
        far.set("norm", std::string("max-abs"));
        far.set("search-steps", std::int64_t(300));
        far.set("search-over", std::string("input-and-weights"));
        view->setParams(far);
        QVERIFY(waitForEnd(*view, Termination::Completed, 60000));
        QTest::qWait(150);
        QVERIFY(view->grab().save(out + "/view_single_maxabs.png"));
        for (const char *name : {"lhs-rhs", "ratio"})
            QVERIFY(!exportFigure(plotNamed(*view, name), out + "/" + name + "-maxabs.png",
                                  FigureFormat{85, 60, 8, 200}, view->provenance()));
    }
};

QTEST_MAIN(TestInequalityView)
#include "test_inequality_view.moc"
