// SPDX-License-Identifier: MIT
// The tidy CSV: the figure export's columns and quoting, every double read back exactly, bands as
// y_low/y_high.
#include <cmath>
#include <cstdio>
#include <limits>

#include <gtest/gtest.h>

#include "curves/tidy_csv.h"

using namespace dimscope::curves;

TEST(TidyCsv, WritesTheFigureExportFormat) {
    const std::vector<TidySeries> series = {
        {"curves", "seed, \"a\"", "line", {0, 1}, {0.1, std::nan("")}, {}, {}},
        {"curves", "mean ± 1 sd", "line", {0}, {2}, {1.5}, {2.5}}};
    EXPECT_EQ(tidyColumns(series),
              (std::vector<std::string>{"plot", "series", "kind", "x", "y", "y_low", "y_high"}));
    EXPECT_EQ(tidyCsv(series), "plot,series,kind,x,y,y_low,y_high\r\n"
                               "curves,\"seed, \"\"a\"\"\",line,0,0.10000000000000001,,\r\n"
                               "curves,\"seed, \"\"a\"\"\",line,1,NaN,,\r\n"
                               "curves,mean ± 1 sd,line,0,2,1.5,2.5\r\n");
    EXPECT_EQ(tidyCsv({{"p", "s", "line", {1}, {HUGE_VAL}, {}, {}}}),
              "plot,series,kind,x,y\r\np,s,line,1,Inf\r\n");
}

TEST(TidyCsv, NumbersAreWrittenAsPrintfsPercentPoint17g) {
    // As the figure export writes them (QString::number(v, 'g', 17) is printf's %.17g).
    for (double v : {0.0, -0.0, 1.0, 0.1, 1e-5, 123456789012345678.0, 1e300, -2.5e-310, 4.0 / 3}) {
        char expected[40];
        std::snprintf(expected, sizeof expected, "%.17g", v);
        const std::string csv = tidyCsv({{"p", "s", "line", {0}, {v}, {}, {}}});
        EXPECT_EQ(csv, std::string("plot,series,kind,x,y\r\np,s,line,0,") + expected + "\r\n");
    }
}

TEST(TidyCsv, RoundTripsEveryDouble) {
    std::vector<TidySeries> series = {{"a", "b", "line", {}, {}, {}, {}},
                                      {"a", "c", "scatter", {}, {}, {}, {}}};
    for (int i = 0; i < 100; ++i) {
        series[0].x.push_back(i);
        series[0].y.push_back(std::exp(0.37 * i) / 3);
        series[1].x.push_back(-i * 1e-300);
        series[1].y.push_back(std::sqrt(double(i)));
    }
    const std::vector<TidySeries> back = parseTidyCsv(tidyCsv(series));
    ASSERT_EQ(back.size(), 2u);
    for (std::size_t s = 0; s < 2; ++s) {
        EXPECT_EQ(back[s].series, series[s].series);
        EXPECT_EQ(back[s].kind, series[s].kind);
        EXPECT_EQ(back[s].x, series[s].x);
        EXPECT_EQ(back[s].y, series[s].y);
    }
    EXPECT_THROW(tidyCsv({{"a", "b", "line", {1, 2}, {1}, {}, {}}}), std::invalid_argument);
    EXPECT_THROW(parseTidyCsv("plot,series\r\n"), std::invalid_argument);
    EXPECT_THROW(parseTidyCsv("plot,series,kind,x,y\r\na,b,line,0x10,1\r\n"),
                 std::invalid_argument);
}
