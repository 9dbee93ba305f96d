// SPDX-License-Identifier: MIT
// The logit-kl view, offscreen: the bars hold each class's terms, and moving the shift slider
// moves the sigmoid bars while the softmax bars stay put. What every view must do is in
// test_view_contract.
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include <qcustomplot.h>

#include "common/explorer_view.h"
#include "common/param_form.h"
#include "view_test_support.h"

using namespace dimscope;
using namespace dimscope::views;
using dimscope::views::testing::plotNamed;
using dimscope::views::testing::waitForEnd;

namespace {

/// Values of the bars named `prefix…` on the per-class plot, by class.
QVector<double> barValues(ExplorerView &view, const QString &prefix) {
    QCustomPlot *plot = plotNamed(view, QStringLiteral("per-class"));
    QVector<double> out;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto *bars = qobject_cast<QCPBars *>(plot->plottable(i)))
            if (bars->name().startsWith(prefix))
                for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
                    out << it->value;
    return out;
}

} // namespace

class TestLogitKlView : public QObject {
    Q_OBJECT
private slots:
    void barsShowTheGoldenExampleAndTheShiftSliderMovesOnlySigmoid() {
        auto view = testing::showView<ExplorerView>("logit-kl");
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        const QVector<double> sigmoid = barValues(*view, "sigmoid"),
                              softmax = barValues(*view, "softmax");
        QCOMPARE(sigmoid.size(), 3);
        QCOMPARE(softmax.size(), 3);
        QVERIFY(std::fabs(sigmoid[0] + sigmoid[1] + sigmoid[2] - 0.299477) < 1e-6);
        QVERIFY(std::fabs(softmax[0] + softmax[1] + softmax[2] - 0.190902) < 1e-6);
        // The R-Drop toy: a mean curve per α (and its band).
        QVERIFY(plotNamed(*view, QStringLiteral("r-drop"))->graphCount() >= 3);

        // The shift slider is the last slider of the panel (below the class rows).
        QList<QSlider *> sliders = view->findChildren<QSlider *>();
        QSlider *shift = nullptr;
        for (QSlider *s : sliders)
            if (s->toolTip().contains(QStringLiteral("every sᵢ")))
                shift = s;
        QVERIFY(shift);
        shift->setValue(shift->maximum()); // c = 6
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(view->params().real("shift"), 6.0);
        const QVector<double> sigmoid6 = barValues(*view, "sigmoid"),
                              softmax6 = barValues(*view, "softmax");
        for (int i = 0; i < 3; ++i)
            QVERIFY(std::fabs(softmax6[i] - softmax[i]) < 1e-12);
        QVERIFY(std::fabs(sigmoid6[0] - sigmoid[0]) > 0.01);
    }

    void listsOfDifferentLengthsKeepTheLastPlot() {
        auto view = testing::showView<ExplorerView>("logit-kl");
        view->setParams(ParamSet(view->info().specs()));
        QVERIFY(waitForEnd(*view, Termination::Completed));
        ParamSet bad(view->info().specs());
        bad.set("s", std::string("1,2,3,4"));
        QSignalSpy ended(view.get(), &ExplorerView::runEnded); // refused at once, in setParams
        view->setParams(bad);
        QCOMPARE(ended.count(), 1);
        QCOMPARE(ended.at(0).at(0).value<Termination>(), Termination::InvalidInput);
        QCOMPARE(barValues(*view, "sigmoid").size(), 3);
        QVERIFY2(view->statusText().contains(QStringLiteral("s has 4")),
                 qPrintable(view->statusText()));
    }

    void typedListsRebuildTheSliders() {
        auto view = testing::showView<ExplorerView>("logit-kl");
        ParamSet p(view->info().specs());
        p.set("s", std::string("1,2,3,4,5"));
        p.set("t", std::string("0,0,0,0,0"));
        view->setParams(p);
        QVERIFY(waitForEnd(*view, Termination::Completed));
        QCOMPARE(barValues(*view, "sigmoid").size(), 5);
        // 5 classes × (s, t) + the shift.
        QCOMPARE(view->findChildren<QSlider *>().size() -
                     view->form()->findChildren<QSlider *>().size(),
                 11);
    }
};

QTEST_MAIN(TestLogitKlView)
#include "test_logit_kl_view.moc"
