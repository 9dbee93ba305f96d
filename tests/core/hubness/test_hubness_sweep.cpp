// SPDX-License-Identifier: MIT
// Hubness sweeps: hubness grows with d (Radovanović 2010 Fig. 1), k-axis points equal single
// runs, streaming snapshots, invalid input and cancellation.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "common/parallel.h"
#include "hubness/hubness_sweep.h"
#include "registry.h"

using namespace dimscope;
using namespace dimscope::hubness;

TEST(HubnessSweep, HubnessGrowsWithDimension) {
    SweepParams p;
    p.n = 1000;
    p.dimensions = {3, 20, 100};
    p.seeds = 2;
    std::vector<std::size_t> published;
    RunControl<SweepSnapshot> control;
    control.onProgress = [&](const SweepSnapshot &s) { published.push_back(s.points.size()); };
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
        // streamSeed gives 64-bit seeds, past the parameter's 2^53 − 1: run on the points.
        const HubnessResult one = computeHubnessOf(generatePoints(single), single);
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
    control.shouldStop = [] { return true; };
    EXPECT_EQ(computeSweep(p, control).termination, Termination::Cancelled);
}

// ---- Explorer "hubness-sweep": Poisson references, parameters, registry entry ----

TEST(HubnessSweepExplorer, PoissonReferencesKnownAnswers) {
    EXPECT_NEAR(poissonSkewness(5), 0.4472135954999579, 1e-12);
    EXPECT_NEAR(poissonRobinHood(5), 0.17546736976785055, 1e-12);
    EXPECT_NEAR(poissonAntihubShare(5), 0.006737946999085467, 1e-15);
    EXPECT_NEAR(poissonRobinHood(1), std::exp(-1.0), 1e-14);
    // Against the definition: mean |N − k| / 2k summed over the Poisson(3) law.
    double mad = 0;
    for (int x = 0; x < 200; ++x)
        mad += std::abs(x - 3) * std::exp(-3.0 + x * std::log(3.0) - std::lgamma(x + 1.0));
    EXPECT_NEAR(poissonRobinHood(3), mad / 6.0, 1e-12);
}

TEST(HubnessSweepExplorer, ValueListsParseSortAndRefuse) {
    using sweep::parseValueList;
    EXPECT_EQ(parseValueList("100, 3 20;20"), (std::vector<int>{3, 20, 100}));
    EXPECT_EQ(parseValueList("7"), (std::vector<int>{7}));
    for (const char *bad : {"", " , ", "a", "0", "-1", "2.5", "3,x", "100001", "12345678901"})
        EXPECT_FALSE(parseValueList(bad)) << bad;
}

TEST(HubnessSweepExplorer, DefaultsOfTheSpecsAreTheStructDefaults) {
    const ExplorerInfo *info = findExplorer("hubness-sweep");
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(&info->specs(), &sweep::paramTable().specs());
    const ParamSet values(sweep::paramTable().specs());
    const SweepParams p = sweep::paramTable().read(values), d;
    EXPECT_EQ(p.axis, d.axis);
    EXPECT_EQ(p.data, d.data);
    EXPECT_EQ(p.n, d.n);
    EXPECT_EQ(p.dimensions, d.dimensions);
    EXPECT_EQ(p.k, d.k);
    EXPECT_EQ(p.ks, d.ks);
    EXPECT_EQ(p.d, d.d);
    EXPECT_EQ(p.metric, d.metric);
    EXPECT_EQ(p.p, d.p);
    EXPECT_EQ(p.seeds, d.seeds);
    EXPECT_EQ(p.seed, d.seed);
    EXPECT_EQ(p.clusters, d.clusters);
    EXPECT_EQ(p.threads, d.threads);
    EXPECT_FALSE(sweep::explorer().validate(sweep::paramTable().read(values)));
}

TEST(HubnessSweepExplorer, InvalidValuesNameTheParameter) {
    const auto problem = [](std::vector<std::pair<std::string, std::string>> changes) {
        ParamSet v(sweep::paramTable().specs());
        for (const auto &[name, text] : changes)
            EXPECT_FALSE(v.parse(name, text)) << name;
        const auto message = sweep::explorer().validate(sweep::paramTable().read(v));
        JsonRun run = findExplorer("hubness-sweep")->computeJson(v, {});
        EXPECT_EQ(run.termination, message ? Termination::InvalidInput : Termination::Completed);
        return message.value_or("");
    };
    // A list that does not parse is refused by the parameter itself, naming it.
    ParamSet v(sweep::paramTable().specs());
    EXPECT_EQ(v.parse("dimensions", "3,x").value_or("").rfind("parameter 'dimensions'", 0), 0u);
    EXPECT_EQ(v.parse("ks", "").value_or("").rfind("parameter 'ks'", 0), 0u);
    EXPECT_EQ(problem({{"axis", "k"}, {"n", "100"}, {"ks", "5,100"}}).rfind("parameter 'ks'", 0),
              0u);
    EXPECT_EQ(problem({{"n", "10"}, {"k", "10"}}).rfind("parameter 'k'", 0), 0u);
    EXPECT_EQ(problem({{"n", "1000000"}, {"dimensions", "100000"}}).rfind("parameter 'n'", 0), 0u);
}

TEST(HubnessSweepExplorer, ComputeJsonAddsSettingsAndReferences) {
    ParamSet v(sweep::paramTable().specs());
    ASSERT_FALSE(v.parse("n", "200"));
    ASSERT_FALSE(v.parse("k", "5"));
    ASSERT_FALSE(v.parse("dimensions", "20, 3"));
    ASSERT_FALSE(v.parse("seeds", "2"));
    const JsonRun run = findExplorer("hubness-sweep")->computeJson(v, {});
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.result["axis"], "d");
    EXPECT_EQ(run.result["n"], 200);
    EXPECT_EQ(run.result["k"], 5);
    EXPECT_EQ(run.result["seeds"], 2);
    ASSERT_EQ(run.result["points"].size(), 2u);
    EXPECT_EQ(run.result["points"][0]["value"], 3);
    EXPECT_EQ(run.result["points"][1]["value"], 20);
    EXPECT_NEAR(run.result["points"][1]["poisson_skewness"].get<double>(), 1 / std::sqrt(5.0),
                1e-12);
    EXPECT_TRUE(run.result["points"][1]["k_skewness"].contains("sd"));

    ASSERT_FALSE(v.parse("axis", "k"));
    ASSERT_FALSE(v.parse("ks", "2,8"));
    ASSERT_FALSE(v.parse("d", "10"));
    const JsonRun alongK = findExplorer("hubness-sweep")->computeJson(v, {});
    ASSERT_TRUE(alongK.ok()) << alongK.message;
    EXPECT_EQ(alongK.result["d"], 10);
    EXPECT_NEAR(alongK.result["points"][1]["poisson_antihub_occurrence"].get<double>(),
                std::exp(-8.0), 1e-15);
    EXPECT_EQ(findExplorer("hubness-sweep")->computeJson(v, [] { return true; }).termination,
              Termination::Cancelled);
}
