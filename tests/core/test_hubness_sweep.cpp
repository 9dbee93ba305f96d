// SPDX-License-Identifier: MIT
// Hubness sweeps: hubness grows with d (Radovanović 2010 Fig. 1), k-axis points equal single
// runs, streaming snapshots, invalid input and cancellation.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hubness_sweep.h"
#include "parallel.h"

using namespace dimscope;
using namespace dimscope::hubness;

TEST(HubnessSweep, HubnessGrowsWithDimension) {
    SweepParams p;
    p.n = 1000;
    p.dimensions = {3, 20, 100};
    p.seeds = 2;
    std::vector<std::size_t> published;
    RunControl<SweepSnapshot> control;
    control.onProgress = [&](const SweepSnapshot &s) {
        published.push_back(s.points.size());
    };
    const SweepResult r = computeSweep(p, control);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.points.size(), 3u);
    EXPECT_LT(r.points[0].kSkewness.mean, 0.5);
    EXPECT_GT(r.points[2].kSkewness.mean, r.points[1].kSkewness.mean);
    EXPECT_GT(r.points[1].kSkewness.mean, r.points[0].kSkewness.mean + 1.0);
    EXPECT_GT(r.points[2].robinhood.mean, r.points[0].robinhood.mean + 0.2);
    EXPECT_LT(r.points[2].spearmanMeanDistance.mean, -0.6);
    EXPECT_GT(r.points[2].kSkewness.sd, 0.0);
    ASSERT_FALSE(published.empty());
    EXPECT_EQ(published.back(), 3u);
    EXPECT_EQ(toJson(r)["points"].size(), 3u);
}

TEST(HubnessSweep, KAxisMatchesSingleRuns) {
    SweepParams p;
    p.axis = SweepAxis::K;
    p.n = 500;
    p.d = 30;
    p.ks = {2, 5, 10};
    p.seeds = 1;
    const SweepResult r = computeSweep(p);
    ASSERT_TRUE(r.ok()) << r.message;
    HubnessParams single;
    single.n = 500;
    single.d = 30;
    single.seed = streamSeed(1, 0);
    for (std::size_t v = 0; v < 3; ++v) {
        single.k = p.ks[v];
        const HubnessResult one = computeHubness(single);
        ASSERT_TRUE(one.ok());
        EXPECT_DOUBLE_EQ(r.points[v].kSkewness.mean, one.measures.kSkewness) << "k " << single.k;
        EXPECT_DOUBLE_EQ(r.points[v].robinhood.mean, one.measures.robinhood);
        EXPECT_EQ(r.points[v].kSkewness.sd, 0.0);
    }
}

TEST(HubnessSweep, InvalidAndCancelled) {
    SweepParams p;
    p.dimensions = {10, 5};
    EXPECT_EQ(computeSweep(p).termination, Termination::InvalidInput);
    p = SweepParams{};
    p.axis = SweepAxis::K;
    p.n = 20;
    p.ks = {5, 20};
    EXPECT_EQ(computeSweep(p).termination, Termination::InvalidInput);
    p = SweepParams{};
    p.seeds = 0;
    EXPECT_EQ(computeSweep(p).termination, Termination::InvalidInput);
    p = SweepParams{};
    RunControl<SweepSnapshot> control;
    control.shouldStop = [] {
        return true;
    };
    EXPECT_EQ(computeSweep(p, control).termination, Termination::Cancelled);
}
