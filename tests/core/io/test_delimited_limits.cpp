// SPDX-License-Identifier: MIT
// CSV/TSV points as users bring them (issue 13, defect 9): hexadecimal is not a number (strtod read
// "0x10" as 16), and a message quotes at most a short excerpt of a bad cell — a 100 MB cell used
// to be echoed whole, and copied four times on the way.
#include <gtest/gtest.h>

#include <string>

#include <sys/resource.h>

#include "io/delimited.h"

using namespace dimscope;

namespace {

std::string errorOf(const std::string &text) {
    try {
        parseDelimited(text, "pts.csv", ',');
    } catch (const DataFileError &e) {
        return e.what();
    }
    return "(read without error)";
}

bool contains(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
}

/// The process's peak resident memory so far, in bytes.
long peakBytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss * 1024L;
}

} // namespace

TEST(DelimitedLimits, HexadecimalAndOtherNonDecimalNumbersAreRefused) {
    std::string e = errorOf("1,2\n0x10,3\n");
    EXPECT_EQ(e, "pts.csv: line 2, column 1: '0x10' is not a number; expected a decimal number "
                 "such as -1.5e-3");
    for (const char *cell : {"0x1p3", "0X1F", "1e", "--1", "1.2.3", "١", "1_000"}) {
        e = errorOf(std::string("7\n") + cell + "\n");
        EXPECT_TRUE(contains(e, "is not a number")) << cell << ": " << e;
    }
    e = errorOf("1,2\n3,1e400\n");
    EXPECT_TRUE(contains(e, "'1e400' is not finite")) << e;
    // What stays accepted: signs, exponents, quotes, spaces, a value below the double range.
    const DelimitedTable t = parseDelimited("+1, -2.5e-3 ,\"3\",1e-400\n", "ok.csv", ',');
    EXPECT_EQ(t.values, (std::vector<double>{1, -2.5e-3, 3, 0}));
}

TEST(DelimitedLimits, AHugeCellIsQuotedShortAndNotCopied) {
    const std::string cell(100u << 20, 'x');
    const std::string text = "1,2\n3," + cell + "\n";
    const long before = peakBytes();
    const std::string e = errorOf(text);
    const long grown = peakBytes() - before;
    EXPECT_LT(e.size(), 200u) << e.substr(0, 300);
    EXPECT_TRUE(contains(e, "line 2, column 2: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' "
                            "(100.0 MiB) is not a number"))
        << e.substr(0, 300);
    // Reading used ~6× the text's size in copies (the stream, the line, the cells, the message).
    EXPECT_LT(grown, 30L << 20) << "the parse grew the peak memory by " << (grown >> 20) << " MiB";
    // A long header name is cut too.
    const std::string header = errorOf(std::string(5000, 'h') + ",b\n1,x\n");
    EXPECT_LT(header.size(), 200u);
}
