// SPDX-License-Identifier: MIT
// The contract every registered view keeps, checked once over the view registry instead of a copy
// per view: views and explorers pair up by name, closing a view mid-run is safe, a superseded run
// is never shown, parameters that fail the explorer's checks keep the last plot, and every plot
// exports at the exact size asked for.
#include <cmath>
#include <memory>
#include <set>

#include <QFile>
#include <QImage>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/export/figure_export.h"
#include "common/param_form.h"
#include "registry.h"
#include "support/quick_sizes.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::waitForEnd;

namespace {

/// Every value worth trying for a parameter when looking for a set that fails the explorer's
/// checks: both ends of a range, every choice, both flags.
std::vector<ParamValue> extremes(const ParamSpec &s) {
    switch (s.type) {
    case ParamType::Integer: return {s.intMin, s.intMax};
    case ParamType::Real: return {s.realMin, s.realMax};
    case ParamType::Choice: return {s.choices.begin(), s.choices.end()};
    case ParamType::Flag: return {true, false};
    case ParamType::Text: return {};
    }
    return {};
}

/// A ParamSet whose every field is in range but which the explorer's own checks refuse (a change of
/// one or two parameters from the defaults), or nullopt when the explorer has no such checks.
std::optional<ParamSet> crossFieldInvalid(const ExplorerInfo &e) {
    const ParamSet defaults(e.specs());
    const auto &specs = e.specs();
    for (std::size_t i = 0; i < specs.size(); ++i)
        for (const ParamValue &a : extremes(specs[i])) {
            ParamSet one = defaults;
            one.set(specs[i].name, a);
            if (e.validate(one))
                return one;
            for (std::size_t j = i + 1; j < specs.size(); ++j)
                for (const ParamValue &b : extremes(specs[j])) {
                    ParamSet two = one;
                    two.set(specs[j].name, b);
                    if (e.validate(two))
                        return two;
                }
        }
    return std::nullopt;
}

/// What the plots show, as text: every plottable's data (count and sums) and every axis range.
QString plotFingerprint(const ExplorerView &view) {
    QString text;
    for (const PlotEntry &entry : view.plots()) {
        QCustomPlot *plot = entry.plot;
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPPlottableInterface1D *data = plot->plottable(i)->interface1D();
            if (!data)
                continue;
            double keys = 0, values = 0;
            for (int k = 0; k < data->dataCount(); ++k) {
                keys += data->dataMainKey(k);
                values += std::isfinite(data->dataMainValue(k)) ? data->dataMainValue(k) : 0.0;
            }
            text +=
                QStringLiteral("%1:%2:%3:%4;").arg(i).arg(data->dataCount()).arg(keys).arg(values);
        }
        for (QCPAxis *axis : plot->axisRect()->axes())
            text += QStringLiteral("[%1,%2]").arg(axis->range().lower).arg(axis->range().upper);
        text += QLatin1Char('|');
    }
    return text;
}

QString fileText(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
}

/// The explorer's defaults at the quick sizes the core contract uses: what is checked here is
/// how a view shows a run, not the run's size.
ParamSet quick(const ExplorerView &view) {
    std::vector<std::string> unknown;
    ParamSet values = dimscope::test_support::quickParams(view.info(), unknown);
    if (!unknown.empty())
        qFatal("the quick sizes name a parameter %s has not: %s", view.info().name.c_str(),
               unknown.front().c_str());
    return values;
}

ParamSet withSeed(const ExplorerView &view, std::int64_t seed) {
    ParamSet values = quick(view);
    values.set("seed", seed);
    return values;
}

void addViewRows() {
    QTest::addColumn<QString>("name");
    for (const ViewEntry &entry : viewEntries())
        QTest::newRow(entry.name.c_str()) << QString::fromStdString(entry.name);
}

} // namespace

class TestViewContract : public QObject {
    Q_OBJECT
private slots:
    void viewsAndExplorersPairUpByName() {
        std::set<std::string> views, cores;
        for (const ViewEntry &entry : viewEntries())
            QVERIFY2(views.insert(entry.name).second, entry.name.c_str());
        for (const ExplorerInfo &e : explorers())
            cores.insert(e.name);
        QCOMPARE(views, cores);
        for (const ViewEntry &entry : viewEntries()) {
            std::unique_ptr<ExplorerView> view(createView(entry.name));
            QCOMPARE(view->info().name, entry.name);
            QVERIFY2(!view->plots().isEmpty(), entry.name.c_str());
        }
    }

    void closingMidRunIsSafe_data() { addViewRows(); }
    void closingMidRunIsSafe() {
        QFETCH(QString, name);
        auto view = testing::showView(name.toStdString());
        view->setParams(withSeed(*view, 5));
        QVERIFY(view->runner()->isRunning());
        view.reset();     // the destructor cancels the worker and waits for it
        QTest::qWait(50); // nothing may arrive for the dead view
    }

    void supersededRunIsNeverShown_data() { addViewRows(); }
    void supersededRunIsNeverShown() {
        QFETCH(QString, name);
        auto view = testing::showView(name.toStdString());
        QSignalSpy shown(view.get(), &ExplorerView::resultShown);
        const ParamSet stale = withSeed(*view, 2), wanted = withSeed(*view, 3);
        view->setParams(stale);
        view->setParams(wanted);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(300); // a late result of the stale run would arrive here
        QCOMPARE(shown.count(), 1);
        QVERIFY(view->shownParams() == wanted);
        QVERIFY(view->showsCurrentParams());
    }

    void invalidParametersKeepTheLastPlot_data() { addViewRows(); }
    void invalidParametersKeepTheLastPlot() {
        QFETCH(QString, name);
        auto view = testing::showView(name.toStdString());
        const auto bad = crossFieldInvalid(view->info());
        if (!bad)
            QSKIP("every check of this explorer is a range, which the form cannot exceed");
        view->setParams(quick(*view));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QTest::qWait(100);
        const QString before = plotFingerprint(*view);
        const ParamSet shownBefore = view->shownParams();
        QSignalSpy ended(view.get(), &ExplorerView::runEnded);
        view->setParams(*bad);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.at(0).at(0).value<Termination>(), Termination::InvalidInput);
        auto *problem = view->form()->findChild<QLabel *>("problem");
        QVERIFY(problem && problem->isVisible() && !problem->text().isEmpty());
        QTest::qWait(100);
        QCOMPARE(plotFingerprint(*view), before);
        QVERIFY(view->shownParams() == shownBefore);
        QVERIFY(!view->showsCurrentParams()); // so an export waits for a valid run
    }

    void everyPlotExportsAtTheExactSize_data() { addViewRows(); }
    void everyPlotExportsAtTheExactSize() {
        QFETCH(QString, name);
        std::unique_ptr<ExplorerView> view(createView(name.toStdString()));
        const RunOutcome outcome = view->runBlocking(quick(*view));
        QVERIFY2(outcome.ok(), outcome.message.c_str());
        QTemporaryDir dir;
        const FigureFormat format{85, 60, 8, 300};
        for (const PlotEntry &entry : view->plots()) {
            if (!plotHasData(entry.plot)) { // refused, never written as empty axes
                const QString empty = dir.filePath(entry.name + QStringLiteral("-empty.pdf"));
                QVERIFY(exportFigure(entry.plot, empty, format, view->provenance()));
                QVERIFY(!QFile::exists(empty));
                continue;
            }
            const QString pdf = dir.filePath(entry.name + QStringLiteral(".pdf"));
            const QString svg = dir.filePath(entry.name + QStringLiteral(".svg"));
            const QString png = dir.filePath(entry.name + QStringLiteral(".png"));
            for (const QString &path : {pdf, svg, png}) {
                const auto error = exportFigure(entry.plot, path, format, view->provenance());
                QVERIFY2(!error, qPrintable(path + ": " + error.value_or(QString())));
            }
            // SVG carries millimetres exactly. A PDF page is whole points in Qt 6.4 (QPageSize
            // keeps points as integers): 85 mm = 240.94 pt comes out as 241, within 0.5 pt.
            QVERIFY2(fileText(svg).contains(QStringLiteral("width=\"85mm\" height=\"60mm\"")),
                     qPrintable(entry.name));
            const QImage image(png);
            QCOMPARE(image.width(), qRound(85 / 25.4 * 300));
            QCOMPARE(image.height(), qRound(60 / 25.4 * 300));
            const auto box =
                QRegularExpression(R"(/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\])")
                    .match(fileText(pdf));
            QVERIFY2(box.hasMatch(), qPrintable(entry.name));
            QVERIFY2(std::abs(box.captured(1).toDouble() - 85 / 25.4 * 72) <= 0.5,
                     qPrintable(entry.name + ": width " + box.captured(1)));
            QVERIFY2(std::abs(box.captured(2).toDouble() - 60 / 25.4 * 72) <= 0.5,
                     qPrintable(entry.name + ": height " + box.captured(2)));
        }
    }
};

QTEST_MAIN(TestViewContract)
#include "test_view_contract.moc"
