// SPDX-License-Identifier: MIT
// A window for every screen (issue 12): no explorer, at its defaults and after its run, asks for
// more room than the smallest screens give, and none resizes the window it is shown in. The
// tightest case is 200 % scale on 1920 × 1080, 960 × 540 logical pixels; the main window with
// its explorer list must fit there too.
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/screen_theme.h"
#include "main_window.h"
#include "view_registry.h"
#include "view_test_support.h"
#include "window_theme.h"

using namespace dimscope;
using namespace dimscope::views;

namespace {

/// 1920 × 1080 at 200 %, in logical pixels, less a window frame and a panel.
const QSize kSmallest(960, 500);

} // namespace

class TestViewFitsScreen : public QObject {
    Q_OBJECT
private slots:
    void everyViewFitsTheSmallestScreen_data() {
        QTest::addColumn<QString>("name");
        for (const ViewEntry &entry : viewEntries())
            QTest::newRow(entry.name.c_str()) << QString::fromStdString(entry.name);
    }
    void everyViewFitsTheSmallestScreen() {
        QFETCH(QString, name);
        std::unique_ptr<ExplorerView> view(createView(name.toStdString()));
        view->resize(kSmallest);
        view->show();
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(testing::waitForEnd(*view, Termination::Completed, 280000));
        QTest::qWait(50); // queued layouts after the result's readouts
        const QSize needs = view->minimumSizeHint();
        QVERIFY2(needs.width() <= kSmallest.width() && needs.height() <= kSmallest.height(),
                 qPrintable(QStringLiteral("%1 needs %2 × %3")
                                .arg(name)
                                .arg(needs.width())
                                .arg(needs.height())));
        QCOMPARE(view->size(), kSmallest); // the run did not widen it
    }

    void readoutsAndLegendsFitTheirPlace_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("theme");
        QTest::addColumn<QSize>("size");
        // 200 % on 1920 × 1080 in both themes, and a 1280 × 720 projector.
        for (const ViewEntry &entry : viewEntries()) {
            const QString name = QString::fromStdString(entry.name);
            const QString projector = QStringLiteral("projector");
            QTest::newRow(qPrintable(name + " light")) << name << QString() << kSmallest;
            QTest::newRow(qPrintable(name + " projector")) << name << projector << kSmallest;
            QTest::newRow(qPrintable(name + " projector 1280"))
                << name << projector << QSize(1280, 680);
        }
    }
    void readoutsAndLegendsFitTheirPlace() {
        // Values and labels wrap to the pane's width at 200 %: the widest values ("−0.9309 ±
        // 0.0052") once ran past its edge, in the projector's text more of them. And no legend
        // entry runs past its plot's edge: "effective step, all 64 coordinates alike, seed 1"
        // lost its last letters.
        QFETCH(QString, name);
        QFETCH(QString, theme);
        QFETCH(QSize, size);
        app::applyTheme({themeKindFromName(theme), 1.0});
        std::unique_ptr<ExplorerView> view(createView(name.toStdString()));
        view->resize(size);
        view->show();
        view->setParams(ParamSet(view->info().specs()));
        const bool ended = testing::waitForEnd(*view, Termination::Completed, 280000);
        QTest::qWait(50); // queued layouts after the result's readouts
        auto *readouts = view->findChild<QScrollArea *>(QStringLiteral("readoutPane"));
        const int need = readouts ? readouts->widget()->minimumSizeHint().width() : 0;
        const int room = readouts ? readouts->viewport()->width() : 0;
        QStringList cut;
        // A value given less than its widest unbreakable part (it may break at spaces and after
        // hyphens): QFormLayout squeezed "0.242 ± 0.011" by its column spacing, the last digit cut.
        for (const QLabel *value :
             readouts ? readouts->findChildren<QLabel *>() : QList<QLabel *>())
            for (const QString &part : value->text().split(
                     QRegularExpression(QStringLiteral("[ \\n]|(?<=-)")), Qt::SkipEmptyParts))
                if (value->isVisible() && value->wordWrap() &&
                    value->fontMetrics().horizontalAdvance(part) > value->contentsRect().width())
                    cut << QStringLiteral("\"%1\" in %2 px")
                               .arg(part)
                               .arg(value->contentsRect().width());
        for (const QCustomPlot *plot : view->findChildren<QCustomPlot *>())
            for (int i = 0;
                 plot->isVisible() && plot->legend->visible() && i < plot->legend->itemCount(); ++i)
                if (const QCPAbstractLegendItem *item = plot->legend->item(i);
                    item && item->visible()) {
                    const QRect at = item->outerRect();
                    // Squeezed below what its text needs, an entry's text runs past its rect.
                    const int needs = item->minimumOuterSizeHint().width();
                    if (!plot->viewport().contains(at) || at.width() < needs)
                        cut << QStringLiteral(
                                   "an entry needing %1 px at %2…%3 × %4…%5 of a %6 × %7 plot")
                                   .arg(needs)
                                   .arg(at.left())
                                   .arg(at.right())
                                   .arg(at.top())
                                   .arg(at.bottom())
                                   .arg(plot->width())
                                   .arg(plot->height());
                }
        app::applyTheme({});
        QVERIFY(ended);
        QVERIFY(readouts);
        QVERIFY2(need <= room, qPrintable(QStringLiteral("need %1 px of %2").arg(need).arg(room)));
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(", ")));
    }

    void noViewScrollsItsPlotsSideways_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("theme");
        QTest::addColumn<QSize>("size");
        // 200 % on 1920 × 1080, and a 1280 × 720 projector in the projector theme's large fonts.
        for (const ViewEntry &entry : viewEntries()) {
            const QString name = QString::fromStdString(entry.name);
            QTest::newRow(qPrintable(name + " light")) << name << QString() << kSmallest;
            QTest::newRow(qPrintable(name + " projector"))
                << name << QStringLiteral("projector") << QSize(1280, 680);
            QTest::newRow(qPrintable(name + " projector 200 %"))
                << name << QStringLiteral("projector") << kSmallest;
        }
    }
    void noViewScrollsItsPlotsSideways() {
        // Rows of buttons wrap (FlowLayout) and plots shrink to their minimum: beside the
        // parameter panel at its narrowest, the plots never need a horizontal scroll bar.
        QFETCH(QString, name);
        QFETCH(QString, theme);
        QFETCH(QSize, size);
        app::applyTheme({themeKindFromName(theme), 1.0});
        std::unique_ptr<ExplorerView> view(createView(name.toStdString()));
        view->setExplanationVisible(false);
        view->resize(size);
        view->show();
        auto *splitter = view->findChild<QSplitter *>();
        QVERIFY(splitter);
        // The panel at its narrowest (0 would collapse it), the explanation folded.
        const int panel = splitter->widget(0)->minimumSizeHint().width();
        splitter->setSizes({panel, size.width() - panel, 0});
        QTest::qWait(50);
        auto *plots = qobject_cast<QScrollArea *>(splitter->widget(1));
        QVERIFY(plots);
        const int room = plots->viewport()->width();
        const int needs = plots->widget()->minimumSizeHint().width();
        // Nor does the panel: a field that does not fit beside its label goes under it.
        auto *form = view->findChild<QScrollArea *>(QStringLiteral("parameterPanel"));
        QVERIFY(form);
        const int formRoom = form->viewport()->width();
        const int formNeeds = form->widget()->minimumSizeHint().width();
        app::applyTheme({});
        QVERIFY2(needs <= room,
                 qPrintable(
                     QStringLiteral("%1's plots need %2 px of %3").arg(name).arg(needs).arg(room)));
        QVERIFY2(formNeeds <= formRoom,
                 qPrintable(QStringLiteral("%1's parameters need %2 px of %3")
                                .arg(name)
                                .arg(formNeeds)
                                .arg(formRoom)));
    }

    void everyPlotDrawsOverAllOfItsWidget_data() {
        QTest::addColumn<QString>("name");
        for (const ViewEntry &entry : viewEntries())
            QTest::newRow(entry.name.c_str()) << QString::fromStdString(entry.name);
    }
    void everyPlotDrawsOverAllOfItsWidget() {
        // The projector theme widens plots to room for its larger text, from inside a replot;
        // QCustomPlot kept its buffer at the old width there, a black strip beside the plot.
        QFETCH(QString, name);
        app::applyTheme({ThemeKind::Projector, 1.0});
        std::unique_ptr<ExplorerView> view(createView(name.toStdString()));
        view->resize(1920, 1080);
        view->show();
        view->setParams(ParamSet(view->info().specs()));
        const bool ended = testing::waitForEnd(*view, Termination::Completed, 280000);
        QTest::qWait(50);
        QStringList stale;
        for (const QCustomPlot *plot : view->findChildren<QCustomPlot *>())
            if (plot->isVisible() && plot->viewport() != plot->rect())
                stale << QStringLiteral("%1 of %2 px drawn")
                             .arg(plot->viewport().width())
                             .arg(plot->width());
        app::applyTheme({});
        QVERIFY(ended);
        QVERIFY2(stale.isEmpty(), qPrintable(stale.join(", ")));
    }

    void theExplanationFoldsAwayOnANarrowWindowAndComesBack() {
        std::unique_ptr<ExplorerView> view(createView("inequality"));
        auto *splitter = view->findChild<QSplitter *>();
        QVERIFY(splitter);
        const auto explanationWidth = [&] {
            QTest::qWait(20); // the fold is queued behind the resize
            return splitter->sizes().at(2);
        };
        view->resize(2400, 900);
        view->show();
        QVERIFY(explanationWidth() > 0);
        view->resize(kSmallest); // the plots need more than is left beside the explanation
        QCOMPARE(explanationWidth(), 0);
        QVERIFY(splitter->sizes().at(1) > 0);
        view->setExplanationVisible(true); // F1 unfolds it, narrow or not
        QVERIFY(explanationWidth() > 0);
        view->resize(QSize(900, 500)); // no new verdict: still narrow, the user's choice holds
        QVERIFY(explanationWidth() > 0);
        view->resize(2400, 900);
        QVERIFY(explanationWidth() > 0);
    }

    void theMainWindowFitsTheSmallestScreen() {
        app::MainWindow window;
        const QSize needs = window.minimumSizeHint();
        QVERIFY2(
            needs.width() <= kSmallest.width() && needs.height() <= kSmallest.height(),
            qPrintable(
                QStringLiteral("the window needs %1 × %2").arg(needs.width()).arg(needs.height())));
        const QSize first = window.initialSize();
        QVERIFY(first.width() >= 640 && first.height() >= 400);
    }
};

QTEST_MAIN(TestViewFitsScreen)
#include "test_view_fits_screen.moc"
