// SPDX-License-Identifier: MIT
// The form built from ParamSpecs: widgets carry the ranges, a log slider and its spin box move
// together, and every change reaches changed() with a valid ParamSet.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QtTest>

#include "common/param_form.h"

using namespace dimscope;
using namespace dimscope::views;

namespace {
ParamSpec logScale(ParamSpec spec) {
    spec.logScale = true;
    return spec;
}
const std::vector<ParamSpec> &specs() {
    static const std::vector<ParamSpec> s = {
        logScale(
            ParamSpec::integer("dimension", "Dimension n", "Space dimension.", 100, 2, 100000)),
        ParamSpec::real("mu", "Mean μ", "Coordinate mean.", 1.0, -10, 10),
        logScale(ParamSpec::real("p", "Exponent p", "Lp exponent.", 2.0, 0.05, 100)),
        ParamSpec::choice("law", "Law", "Distribution.", {"gaussian", "cube"}, "gaussian"),
        ParamSpec::flag("center", "Centre", "Subtract the mean.", false),
        ParamSpec::integer("seed", "Seed", "Random seed.", 1, 0, std::int64_t(1) << 62),
    };
    return s;
}
} // namespace

class TestParamForm : public QObject {
    Q_OBJECT
private slots:
    void widgetsCarryRangesAndDefaults() {
        ParamForm form(specs());
        auto *dimension = qobject_cast<QSpinBox *>(form.editor("dimension"));
        QVERIFY(dimension);
        QCOMPARE(dimension->minimum(), 2);
        QCOMPARE(dimension->maximum(), 100000);
        QCOMPARE(dimension->value(), 100);
        QVERIFY(qobject_cast<QComboBox *>(form.editor("law")));
        QVERIFY(qobject_cast<QCheckBox *>(form.editor("center")));
        QVERIFY(qobject_cast<QLineEdit *>(form.editor("seed"))); // range beyond int
    }

    void aTinyRangeShowsSignificantDigits() {
        // Adam's ε at 1e-8 read "0.000000" with six fixed decimals; typed, it must keep its value.
        const std::vector<ParamSpec> tiny = {
            logScale(ParamSpec::real("eps", "ε", "Adam's epsilon.", 1e-8, 1e-12, 1e-2))};
        ParamForm form(tiny);
        auto *box = qobject_cast<QDoubleSpinBox *>(form.editor("eps"));
        QVERIFY(box);
        QCOMPARE(box->text(), QStringLiteral("1e-08"));
        QSignalSpy changed(&form, &ParamForm::changed);
        box->selectAll();
        QTest::keyClicks(box, QStringLiteral("3.5e-7"));
        QTest::keyClick(box, Qt::Key_Return);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.last().at(0).value<ParamSet>().real("eps"), 3.5e-7);
        QCOMPARE(box->text(), QStringLiteral("3.5e-07"));
    }

    void largeIntegersGroupAsReadoutsDo() {
        // The box showed "20,000" beside readouts and titles that say "20 000".
        ParamForm form(specs());
        auto *dimension = qobject_cast<QSpinBox *>(form.editor("dimension"));
        QVERIFY(dimension);
        dimension->setValue(20000);
        QCOMPARE(dimension->text(), QStringLiteral("20\u202F000"));
        QSignalSpy changed(&form, &ParamForm::changed);
        for (const auto &[typed, expected] :
             {std::pair{"25,000", 25000}, {"30 000", 30000}, {"4500", 4500}}) {
            dimension->selectAll();
            QTest::keyClicks(dimension, QString::fromUtf8(typed));
            QTest::keyClick(dimension, Qt::Key_Return);
            QCOMPARE(changed.last().at(0).value<ParamSet>().integer("dimension"), expected);
        }
        QCOMPARE(dimension->text(), QStringLiteral("4\u202F500"));
    }

    void everyControlHasAnAccessibleNameAndABuddyLabel() {
        ParamForm form(specs());
        int controls = 0;
        for (QWidget *control : form.findChildren<QWidget *>()) {
            if (control->focusPolicy() == Qt::NoFocus || qobject_cast<QLabel *>(control))
                continue;
            ++controls;
            QVERIFY2(!control->accessibleName().isEmpty(),
                     qPrintable(QStringLiteral("%1 has no accessible name")
                                    .arg(QString::fromLatin1(control->metaObject()->className()))));
        }
        QVERIFY(controls >= int(specs().size()) + 2); // + the two log sliders
        QCOMPARE(form.editor("mu")->accessibleName(), QStringLiteral("Mean μ"));
        int buddies = 0;
        for (QLabel *label : form.findChildren<QLabel *>())
            buddies += label->buddy() != nullptr;
        QCOMPARE(buddies, int(specs().size()));
    }

    void logSliderAndSpinBoxMoveTogether() {
        ParamForm form(specs());
        QSignalSpy changed(&form, &ParamForm::changed);
        auto *slider = form.editor("dimension")->parentWidget()->findChild<QSlider *>();
        auto *dimension = qobject_cast<QSpinBox *>(form.editor("dimension"));
        QVERIFY(slider);
        slider->setValue(slider->maximum());
        QCOMPARE(dimension->value(), 100000);
        QCOMPARE(form.values().integer("dimension"), 100000);
        slider->setValue(slider->minimum());
        QCOMPARE(dimension->value(), 2);
        // Halfway on a log scale from 2 to 100000 is √(2·100000) ≈ 447.
        slider->setValue((slider->minimum() + slider->maximum()) / 2);
        QVERIFY(qAbs(dimension->value() - 447) <= 2);
        dimension->setValue(10);
        QVERIFY(qAbs(slider->value() - 1000 * std::log(5.0) / std::log(50000.0)) <= 1);
        QVERIFY(changed.count() >= 4);
        QCOMPARE(changed.last().at(0).value<ParamSet>().integer("dimension"), 10);
    }

    void logSliderReachesBothEndsExactly() {
        // exp(log(0.05) + 1·(log(100) − log(0.05))) is 100.00000000000004: the end must be 100.
        ParamForm form(specs());
        auto *slider = form.editor("p")->parentWidget()->findChild<QSlider *>();
        QVERIFY(slider);
        slider->setValue(slider->maximum());
        QCOMPARE(form.values().real("p"), 100.0);
        slider->setValue(slider->minimum());
        QCOMPARE(form.values().real("p"), 0.05);
        QVERIFY(form.findChild<QLabel *>("problem")->isHidden());
    }

    void badTextIsRefusedWithAMessage() {
        ParamForm form(specs());
        auto *seed = qobject_cast<QLineEdit *>(form.editor("seed"));
        QSignalSpy changed(&form, &ParamForm::changed);
        seed->setText("-4");
        emit seed->editingFinished();
        QCOMPARE(changed.count(), 0);
        QCOMPARE(form.values().integer("seed"), 1);
        auto *problem = form.findChild<QLabel *>("problem");
        QVERIFY(problem && !problem->isHidden());
        QVERIFY(problem->text().contains("seed"));
        seed->setText("12345678901");
        emit seed->editingFinished();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(form.values().integer("seed"), 12345678901LL);
    }

    void aLongTextShowsItsStartNotItsTail() {
        const std::vector<ParamSpec> listSpec = {ParamSpec::text(
            "dims", "Dimensions", "List of dimensions.", "2,3,5,10,20,50,100,200,500,1000")};
        ParamForm form(listSpec);
        auto *edit = qobject_cast<QLineEdit *>(form.editor("dims"));
        QVERIFY(edit);
        ParamSet v(listSpec);
        v.set("dims", std::string("1,2,3,4,5,6,7,8,9,10,20,30,40,50,100,200,300"));
        form.setValues(v);
        QCOMPARE(edit->cursorPosition(), 0);
    }

    void setValuesDoesNotEmit() {
        ParamForm form(specs());
        QSignalSpy changed(&form, &ParamForm::changed);
        ParamSet v(specs());
        v.set("law", std::string("cube"));
        v.set("center", true);
        form.setValues(v);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(qobject_cast<QComboBox *>(form.editor("law"))->currentText(),
                 QStringLiteral("cube"));
        QVERIFY(qobject_cast<QCheckBox *>(form.editor("center"))->isChecked());
    }
};

QTEST_MAIN(TestParamForm)
#include "test_param_form.moc"
