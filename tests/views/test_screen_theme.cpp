// SPDX-License-Identifier: MIT
// Screen themes (issue 12): dark and projector change what the screen shows, never what a paper
// gets. A figure exported under any theme or zoom is byte for byte the light one; switching back
// to light restores every pen exactly; what a view draws after the switch is themed too; and the
// presentation view shows one plot under its caption.
#include <QtTest>

#include <qcustomplot.h>

#include "common/density_cloud.h"
#include "common/explorer_view.h"
#include "common/export/figure_export.h"
#include "common/param_form.h"
#include "common/plot_style.h"
#include "common/screen_theme.h"
#include "view_registry.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;

namespace {

/// A small plot as the views build one: a simulation, a theory curve, a title and a legend.
/// The colour of the plot's ground, read from a rendering (its top-left corner).
QColor groundOf(QCustomPlot *plot) { return plot->toPixmap(200, 150).toImage().pixelColor(1, 1); }

std::unique_ptr<QCustomPlot> samplePlot() {
    auto plot = std::make_unique<QCustomPlot>();
    plot->resize(400, 300);
    applyPlotStyle(plot.get());
    setPlotTitle(plot.get(), QStringLiteral("sample"));
    QCPGraph *simulation = addScatterGraph(plot.get(), QStringLiteral("simulation"), 0);
    QCPGraph *theory = addLineGraph(plot.get(), QStringLiteral("theory"), SeriesRole::Theory);
    for (int i = 0; i < 20; ++i) {
        simulation->addData(i, i * i + 3);
        theory->addData(i, i * i);
    }
    plot->rescaleAxes();
    plot->replot();
    return plot;
}

QByteArray svgOf(QCustomPlot *plot) {
    std::vector<ExportFile> files;
    const auto problem = prepareFigure(plot, QDir::temp().filePath(QStringLiteral("theme.svg")),
                                       FigureFormat{}, QJsonObject{{"explorer", "test"}}, files);
    return problem || files.empty() ? QByteArray() : files.front().bytes;
}

} // namespace

class TestScreenTheme : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { setScreenTheme(ScreenTheme{}); }

    void darkChangesTheScreenAndLightRestoresItExactly() {
        auto plot = samplePlot();
        const QPen axisPen = plot->xAxis->basePen();
        const QPen theoryPen = plot->graph(1)->pen();
        const QColor background = groundOf(plot.get());
        setScreenTheme({ThemeKind::Dark, 1.0});
        plot->replot();
        QVERIFY(groundOf(plot.get()).lightnessF() < 0.2);
        QVERIFY(plot->xAxis->basePen().color().lightnessF() > 0.6);
        QVERIFY(plot->graph(1)->pen().color().lightnessF() > 0.6); // black theory ink turns light
        QCOMPARE(plot->graph(0)->pen().color().hslHue(), QColor(0, 114, 178).hslHue());
        setScreenTheme(ScreenTheme{});
        plot->replot();
        QCOMPARE(plot->xAxis->basePen(), axisPen);
        QCOMPARE(plot->graph(1)->pen(), theoryPen);
        QCOMPARE(groundOf(plot.get()), background);
    }

    void aDensityCloudStandsOutOnEitherGround() {
        auto plot = samplePlot();
        QCPGraph *dots = plot->addGraph();
        const QColor ink(60, 80, 110); // the hubness projection's cloud
        dots->setLineStyle(QCPGraph::lsNone);
        dots->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(ink), QBrush(ink), 2));
        std::vector<double> x, y;
        for (int i = 0; i < 3 * DensityCloud::kDotLimit; ++i) {
            x.push_back(10 + 8 * std::sin(0.37 * i));
            y.push_back(200 + 150 * std::cos(0.21 * i));
        }
        DensityCloud *cloud = DensityCloud::of(dots);
        cloud->setPoints(std::move(x), std::move(y), QStringLiteral("30 000 points, density"));
        const auto densest = [&] {
            plot->replot();
            return QColor::fromRgba(cloud->image()->gradient().color(1.0, QCPRange(0, 1)));
        };
        QVERIFY(densest().lightness() < ink.lightness()); // dark on white
        setScreenTheme({ThemeKind::Dark, 1.0});
        QVERIFY(densest().lightness() > ink.lightness()); // bright on the dark ground
        {
            const PaperLook paper(plot.get()); // an export: dark on white again
            QVERIFY(densest().lightness() < ink.lightness());
        }
        QVERIFY(densest().lightness() > ink.lightness());
    }

    void projectorThickensLinesAndEnlargesText() {
        auto plot = samplePlot();
        const double width = plot->graph(1)->pen().widthF();
        const double points = plot->xAxis->tickLabelFont().pointSizeF();
        setScreenTheme({ThemeKind::Projector, 1.2});
        plot->replot();
        QVERIFY(plot->graph(1)->pen().widthF() >= 1.7 * width);
        QCOMPARE(plot->xAxis->tickLabelFont().pointSizeF(), points * 1.5 * 1.2);
    }

    void slideSizedFiguresGetThickerLinesPapersDoNot() {
        QCOMPARE(paperPenScale(8), 1.0);
        QCOMPARE(paperPenScale(10), 1.0);
        QCOMPARE(paperPenScale(18), 1.8);
        auto plot = samplePlot();
        const double width = plot->graph(1)->pen().widthF();
        {
            const PaperLook slide(plot.get(), paperPenScale(18));
            QCOMPARE(plot->graph(1)->pen().widthF(), std::max(1.0, width) * 1.8);
        }
        QCOMPARE(plot->graph(1)->pen().widthF(), width); // the screen's again
        {
            const PaperLook paper(plot.get(), paperPenScale(9));
            QCOMPARE(plot->graph(1)->pen().widthF(), width);
        }
    }

    void exportsArePaperWhateverTheScreenShows() {
        auto plot = samplePlot();
        const QByteArray light = svgOf(plot.get());
        QVERIFY(!light.isEmpty());
        for (const ScreenTheme theme :
             {ScreenTheme{ThemeKind::Dark, 1.0}, ScreenTheme{ThemeKind::Projector, 1.0},
              ScreenTheme{ThemeKind::Light, 2.0}}) {
            setScreenTheme(theme);
            plot->replot();
            QCOMPARE(svgOf(plot.get()), light);
        }
        setScreenTheme({ThemeKind::Dark, 1.0});
        plot->replot();
        const QByteArray dark = svgOf(plot.get());
        QCOMPARE(dark, light);
        QVERIFY(plot->graph(1)->pen().color().lightnessF() > 0.6); // the screen is dark again
    }

    void whatAViewDrawsLaterIsThemedAndBecomesItsPaperLook() {
        auto plot = samplePlot();
        setScreenTheme({ThemeKind::Dark, 1.0});
        plot->replot();
        QCPGraph *added = addLineGraph(plot.get(), QStringLiteral("later"), SeriesRole::Theory);
        added->addData(0, 0);
        plot->replot();
        QVERIFY(added->pen().color().lightnessF() > 0.6);
        // A pen the view sets after the theme is the new paper pen, not mistaken for a themed one.
        const QPen red(QColor(204, 0, 0), 2.0);
        plot->graph(0)->setPen(red);
        plot->replot();
        setScreenTheme(ScreenTheme{});
        plot->replot();
        QCOMPARE(plot->graph(0)->pen(), red);
        QCOMPARE(added->pen(), rolePen(SeriesRole::Theory));
    }

    void presentationShowsOnePlotUnderItsCaption() {
        std::unique_ptr<ExplorerView> view(createView("angles"));
        view->resize(1000, 700);
        view->show();
        const QList<PlotEntry> plots = view->plots();
        QVERIFY(plots.size() >= 2);
        view->setPresentation(true, 1);
        QVERIFY(view->inPresentation());
        for (int i = 0; i < plots.size(); ++i)
            QCOMPARE(plots[i].plot->isVisible(), i == 1);
        auto *caption = view->findChild<QLabel *>(QStringLiteral("presentationCaption"));
        QVERIFY(caption && caption->isVisible());
        QVERIFY(caption->text().contains(plots[1].title.toHtmlEscaped()));
        QVERIFY(!view->form()->isVisible());
        view->setPresentation(true, view->presentedPlot() + plots.size()); // wraps around
        QCOMPARE(view->presentedPlot(), 1);
        view->setPresentation(false);
        for (const PlotEntry &entry : plots)
            QVERIFY(entry.plot->isVisible());
        QVERIFY(!caption->isVisible());
        QVERIFY(view->form()->isVisible());
    }
};

QTEST_MAIN(TestScreenTheme)
#include "test_screen_theme.moc"
