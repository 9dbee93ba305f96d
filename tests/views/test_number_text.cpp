// SPDX-License-Identifier: MIT
// Numbers as the views write them (common/number_text.h): plain digits in the middle range, a
// power of ten outside it, never "2.87e+03"; and the tests' reader of that form reads them back.
#include <cmath>
#include <limits>

#include <QtTest>

#include "common/number_text.h"
#include "view_test_support.h"

using namespace dimscope::views;

class TestNumberText : public QObject {
    Q_OBJECT
private slots:
    void plainDigitsInTheMiddleRange() {
        QCOMPARE(numberText(2870, 3), QString("2870"));
        QCOMPARE(numberText(0.0312, 3), QString("0.0312"));
        QCOMPARE(numberText(0.00012345, 3), QString("0.000123"));
        QCOMPARE(numberText(2.5, 4), QString("2.5"));
        QCOMPARE(numberText(0.5, 6), QString("0.5"));
        // An integer part is never rounded to fake zeros.
        QCOMPARE(numberText(123456, 4), QString("123456"));
    }

    void aTrueMinusSign() {
        QCOMPARE(numberText(-0.35, 2), QString::fromUtf8("−0.35"));
        QCOMPARE(groupedNumber(-1234), QString::fromUtf8("−1\u202F234"));
    }

    void powersOfTenOutsideIt() {
        QCOMPARE(numberText(2.6e-30, 2), QString::fromUtf8("2.6\u202F×\u202F10⁻³⁰"));
        QCOMPARE(numberText(-3.624e-50, 4), QString::fromUtf8("−3.624\u202F×\u202F10⁻⁵⁰"));
        QCOMPARE(numberText(1234567, 4), QString::fromUtf8("1.235\u202F×\u202F10⁶"));
        QCOMPARE(numberText(4e-5, 3), QString::fromUtf8("4\u202F×\u202F10⁻⁵"));
    }

    void roundingCanCrossADecade() {
        QCOMPARE(numberText(9.99996, 4), QString("10"));
        QCOMPARE(numberText(0.000099996, 4), QString("0.0001"));
        QCOMPARE(numberText(9.99996e7, 4), QString::fromUtf8("1\u202F×\u202F10⁸"));
    }

    void nonFiniteValuesAndZero() {
        QCOMPARE(numberText(std::nan("")), QString::fromUtf8("–"));
        QCOMPARE(numberText(std::numeric_limits<double>::infinity()), QString::fromUtf8("∞"));
        QCOMPARE(numberText(-std::numeric_limits<double>::infinity()), QString::fromUtf8("−∞"));
        QCOMPARE(numberText(0.0), QString("0"));
        QCOMPARE(numberText(-0.0), QString("0"));
    }

    void fixedDecimalsKeepTheirZerosAndTheMinusSign() {
        QCOMPARE(fixedText(-0.9309, 4), QString::fromUtf8("−0.9309"));
        QCOMPARE(fixedText(2.0, 2), QString("2.00"));
        QCOMPARE(fixedText(0.5706, 3), QString("0.571"));
    }

    void typesetsWhatCFormattingWrote() {
        QCOMPARE(typesetNumber("-0.5"), QString::fromUtf8("−0.5"));
        QCOMPARE(typesetNumber("0.25"), QString("0.25"));
        QCOMPARE(typesetNumber("1e-06"), QString::fromUtf8("10⁻⁶"));
        QCOMPARE(typesetNumber("1e+06"), QString::fromUtf8("10⁶"));
        QCOMPARE(typesetNumber("-1e+06"), QString::fromUtf8("−10⁶"));
        QCOMPARE(typesetNumber("-2.5e-07"), QString::fromUtf8("−2.5\u202F×\u202F10⁻⁷"));
        QCOMPARE(typesetNumber("d = 5"), QString("d = 5")); // not a number: left as it is
    }

    void groupsThousands() {
        QCOMPARE(groupedNumber(2000000), QString::fromUtf8("2\u202F000\u202F000"));
        QCOMPARE(groupedNumber(999), QString("999"));
    }

    void theTestsReadThemBack() {
        for (double v : {2870.0, -0.35, 2.6e-30, -3.624e-50, 1234567.0, 0.0312, 7.0}) {
            const double read = testing::leadingNumber(numberText(v, 4) + "  (note)");
            QVERIFY2(std::abs(read - v) <= 1e-3 * std::abs(v), qPrintable(numberText(v, 4)));
        }
        QVERIFY(std::isnan(testing::leadingNumber("n/a")));
    }
};

QTEST_GUILESS_MAIN(TestNumberText)
#include "test_number_text.moc"
