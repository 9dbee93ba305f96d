// SPDX-License-Identifier: MIT
#pragma once
// Numbers as every view writes them for a reader: in readouts, legends, labels and titles. One
// definition, so that "2.87 × 10³" in one explorer is not "2.87e+03" in the next.

#include <cstdint>

#include <QString>

namespace dimscope::views {

/// `v` to `significant` digits, with a true minus sign (−). Magnitudes from 10⁻⁴ to below 10⁶ are
/// written as plain digits ("0.0312", "2870", "123456": an integer part is never cut to fake
/// zeros); others as a power of ten ("2.6 × 10⁻³⁰"). Trailing zeros are dropped, as 'g' does.
/// NaN is "–", infinities "∞" and "−∞".
QString numberText(double v, int significant = 4);
/// `v` with exactly `decimals` decimals and a true minus sign: "−0.94", "0.570" (columns of
/// readouts that compare at a glance).
QString fixedText(double v, int decimals);
/// "2 000 000": thousands grouped with a narrow no-break space.
QString groupedNumber(std::int64_t v);
/// "⁻¹²": the digits and sign of `v` as superscripts.
QString superscript(long long v);
/// "₁₂": the digits and sign of `v` as subscripts.
QString subscript(long long v);
/// A number as C formatting wrote it ("-0.5", "2.5e-07", "1e+06") as typeset: "−0.5",
/// "2.5 × 10⁻⁷", "10⁶". A mantissa of 1 is left out. Text that is no such number comes back with
/// its hyphens made minus signs.
QString typesetNumber(const QString &formatted);
/// "1.23 × 10⁻⁵⁰": mantissa text and a power of ten, joined with narrow no-break spaces so that
/// a line break never splits them.
QString timesTenTo(const QString &mantissa, long long exponent);

} // namespace dimscope::views
