// SPDX-License-Identifier: MIT
// Bad input of any kind exits 2 with a short message that names it (issue 13, defect 9): runs too
// large for memory, refused with the figure and a size that fits.
#include <string>

#include <gtest/gtest.h>

#include "cli_test_support.h"

namespace {

using dimscope::testing::ProcessRun;
using dimscope::testing::runDimscope;

} // namespace

TEST(CliLimits, RunsTooLargeForMemoryExitTwoWithTheFigureAndWhatFits) {
    ProcessRun r = runDimscope({"compute", "hubness", "--n", "1000000", "--d", "100000"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("need about"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" would fit at d = 100000"), std::string::npos) << r.err;
    r = runDimscope(
        {"compute", "inequality", "--widths", "4096,4096,4096,4096,1", "--samples", "1000000"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("need about"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("samples ≤ "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("bad_alloc"), std::string::npos) << r.err;
}
