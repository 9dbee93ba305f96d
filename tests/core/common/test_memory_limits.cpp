// SPDX-License-Identifier: MIT
// Runs that cannot fit in memory are refused before they start, with the figure and a size that
// would fit (issue 13, defect 9): `hubness --n 1000000 --d 100000` used to fail allocating 800 GB
// ("failed: out of memory", exit 1) and wide inequality runs died in std::bad_alloc.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include <Eigen/Core>

#include "common/memory.h"
#include "hubness/hubness.h"
#include "hubness/hubness_sweep.h"
#include "inequality/inequality.h"
#include "neighbors/knn.h"

using namespace dimscope;

namespace {

/// The number after `prefix` in `text`, or -1.
long long numberAfter(const std::string &text, const std::string &prefix) {
    const auto at = text.find(prefix);
    return at == std::string::npos ? -1 : std::stoll(text.substr(at + prefix.size()));
}

} // namespace

TEST(MemoryLimits, HubnessOnTooManySyntheticPointsNamesTheFigureAndWhatFits) {
    hubness::HubnessParams p;
    p.n = 1000000;
    p.d = 100000;
    const auto problem = hubness::explorer().validate(p);
    ASSERT_TRUE(problem.has_value()) << "a run of 800 GB of points was not refused";
    EXPECT_TRUE(std::regex_search(*problem,
                                  std::regex("^parameter 'n': 1000000 points of dimension 100000 "
                                             "need about [0-9.]+ (TB|GB) of memory, more than the "
                                             "[0-9.]+ (GB|MB) available; n ≤ [0-9]+ would fit at "
                                             "d = 100000, or d ≤ [0-9]+ at n = 1000000$")))
        << *problem;
    const long long n = numberAfter(*problem, "n ≤ ");
    EXPECT_GT(n, 10);
    EXPECT_LT(n, 1000000);
    // The run refused through computeHubness too: invalid input, exit 2 on the command line.
    EXPECT_EQ(hubness::computeHubness(p).termination, Termination::InvalidInput);
}

TEST(MemoryLimits, InequalityOfAWideNetOnManyInputsNamesTheSamplesThatFit) {
    inequality::InequalityParams p;
    p.widths = "4096,4096,4096,4096,1";
    p.samples = 1000000;
    p.threads = 1;
    const auto problem = inequality::explorer().validate(p);
    ASSERT_TRUE(problem.has_value()) << "a run needing about 1 TB was not refused";
    EXPECT_TRUE(std::regex_search(
        *problem, std::regex("^parameter 'samples': 1000000 inputs per net through widths "
                             "4096,4096,4096,4096,1 need about [0-9.]+ (TB|GB) of memory, more "
                             "than the [0-9.]+ (GB|MB) available; samples ≤ [0-9]+ would fit$")))
        << *problem;
    const long long fits = numberAfter(*problem, "samples ≤ ");
    EXPECT_GT(fits, 0);
    EXPECT_LT(fits, 1000000);
}

TEST(MemoryLimits, ExactAndApproximateSearchesSayHowManyPointsFit) {
    const Eigen::MatrixXd x = Eigen::MatrixXd::Random(2000, 64);
    hubness::KnnOptions o;
    o.k = 5;
    o.memoryLimitBytes = 1u << 20;
    const auto knn = hubness::checkKnn(x, o);
    ASSERT_TRUE(knn.has_value());
    EXPECT_TRUE(std::regex_search(*knn, std::regex("available; N ≤ [0-9]+ points would fit, or use "
                                                   "a precomputed neighbour file$")))
        << *knn;
    EXPECT_LT(numberAfter(*knn, "N ≤ "), 2000);
    hubness::AnnOptions a;
    a.k = 5;
    a.memoryLimitBytes = 1u << 20;
    const auto ann = hubness::checkAnn(x, a);
    ASSERT_TRUE(ann.has_value());
    EXPECT_NE(ann->find(" points would fit, or use a precomputed neighbour file"),
              std::string::npos)
        << *ann;
}

TEST(MemoryLimits, TheSweepSaysWhatFits) {
    hubness::SweepParams s;
    s.n = 1000000;
    s.dimensions = {100000};
    const auto sweep = hubness::sweep::explorer().validate(s);
    ASSERT_TRUE(sweep.has_value());
    EXPECT_NE(sweep->find(" would fit at d = 100000"), std::string::npos) << *sweep;
}

TEST(MemoryLimits, LargestThatFitsIsTheLastValueUnderTheLimit) {
    const auto need = [](std::int64_t v) { return static_cast<std::uint64_t>(v) * 10; };
    EXPECT_EQ(largestThatFits(1, 1000, 995, need), 99);
    EXPECT_EQ(largestThatFits(1, 1000, 10000, need), 1000);
    EXPECT_EQ(largestThatFits(5, 1000, 40, need), 4); // not even the least fits
}
