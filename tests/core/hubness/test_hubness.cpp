// SPDX-License-Identifier: MIT
// The hubness explorer: parameters, data sources (synthetic, points file, neighbour file), JSON
// keys, determinism, cancellation and every invalid input.
#include <gtest/gtest.h>

#include <algorithm>

#include <fstream>
#include <numeric>

#include <nlohmann/json.hpp>

#include "hubness/hubness.h"
#include "io/npy.h"
#include "registry.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

std::string tempPath(const std::string &name) {
    return ::testing::TempDir() + "dimscope_test_hubness_" + name;
}

void writeText(const std::string &path, const std::string &text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

void writeIndices(const std::string &path, std::int64_t rows, std::int64_t cols,
                  std::vector<std::int64_t> v) {
    NpyArray a;
    a.type = NpyType::Int64;
    a.rows = rows;
    a.cols = cols;
    a.integer = std::move(v);
    writeNpy(path, a);
}

HubnessParams small() {
    HubnessParams p;
    p.n = 300;
    p.d = 20;
    p.k = 5;
    return p;
}

bool contains(const std::string &s, const std::string &part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST(Hubness, DefaultsAreValidAndSpecsMatchParams) {
    EXPECT_FALSE(explorer().validate(HubnessParams{}).has_value());
    const ParamSet set(paramTable().specs());
    const HubnessParams p = paramTable().read(set);
    EXPECT_EQ(p.n, HubnessParams{}.n);
    EXPECT_EQ(p.k, HubnessParams{}.k);
    EXPECT_EQ(p.reduction, Reduction::None);
    EXPECT_EQ(registeredExplorer(explorer().name).name, "hubness");
}

TEST(Hubness, ParamSetParsesCommandLineNames) {
    ParamSet set(paramTable().specs());
    ASSERT_FALSE(set.parse("data", "mixture"));
    ASSERT_FALSE(set.parse("metric", "lp"));
    ASSERT_FALSE(set.parse("p", "0.5"));
    ASSERT_FALSE(set.parse("reduction", "nicdm"));
    ASSERT_FALSE(set.parse("include-k-occurrence", "true"));
    EXPECT_TRUE(set.parse("reduction", "bogus").has_value());
    const HubnessParams p = paramTable().read(set);
    EXPECT_EQ(p.data, DataKind::Mixture);
    EXPECT_EQ(p.metric, Metric::Lp);
    EXPECT_DOUBLE_EQ(p.p, 0.5);
    EXPECT_EQ(p.reduction, Reduction::Nicdm);
    EXPECT_TRUE(p.includeKOccurrence);
}

TEST(Hubness, EachInvalidFieldIsNamed) {
    const auto problem = [](auto change) {
        HubnessParams p = small();
        change(p);
        const auto v = explorer().validate(p);
        EXPECT_TRUE(v.has_value());
        const HubnessResult r = computeHubness(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput);
        return v.value_or("");
    };
    EXPECT_TRUE(contains(problem([](HubnessParams &p) { p.k = 300; }), "parameter 'k': 300"));
    EXPECT_TRUE(contains(problem([](HubnessParams &p) { p.d = 0; }), "parameter 'd': 0"));
    EXPECT_TRUE(contains(problem([](HubnessParams &p) { p.n = 2; }), "parameter 'n': 2"));
    EXPECT_TRUE(contains(problem([](HubnessParams &p) { p.p = 0; }), "parameter 'p': 0"));
    EXPECT_TRUE(contains(problem([](HubnessParams &p) {
                             p.input = "a.npy";
                             p.neighbors = "b.npy";
                         }),
                         "not both"));
    EXPECT_TRUE(contains(problem([](HubnessParams &p) {
                             p.reduction = Reduction::Csls;
                             p.candidates = 3;
                         }),
                         "candidates"));
    EXPECT_TRUE(contains(problem([](HubnessParams &p) {
                             p.reduction = Reduction::DisSimLocal;
                             p.metric = Metric::Cosine;
                         }),
                         "euclidean"));
}

TEST(Hubness, SameSeedSameResultAnyThreadCount) {
    HubnessParams p = small();
    p.data = DataKind::Mixture;
    p.threads = 1;
    const HubnessResult a = computeHubness(p);
    p.threads = 2;
    const HubnessResult b = computeHubness(p);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a.kOccurrence, b.kOccurrence);
    EXPECT_EQ(a.neighbors.indices, b.neighbors.indices);
    EXPECT_EQ(toJson(a), toJson(b));
    p.seed = 2;
    EXPECT_NE(computeHubness(p).kOccurrence, a.kOccurrence);
}

TEST(Hubness, SyntheticLawsHaveTheirShape) {
    HubnessParams p = small();
    p.data = DataKind::Uniform;
    const Eigen::MatrixXd u = generatePoints(p);
    EXPECT_GE(u.minCoeff(), 0.0);
    EXPECT_LT(u.maxCoeff(), 1.0);
    p.data = DataKind::Sphere;
    const Eigen::MatrixXd s = generatePoints(p);
    for (Eigen::Index i = 0; i < s.rows(); ++i)
        EXPECT_NEAR(s.row(i).norm(), 1.0, 1e-12);
    p.data = DataKind::Gaussian;
    EXPECT_NEAR(generatePoints(p).mean(), 0.0, 0.02);
}

// The median trend of Nₖ against the distance to the mean, recomputed here by brute force: equal-
// count bins in distance order, each the mean distance and the median (upper middle) Nₖ.
TEST(Hubness, MeanDistanceTrendIsTheMedianInEqualCountBins) {
    const HubnessResult r = computeHubness(small(), {});
    ASSERT_TRUE(r.ok()) << r.message;
    const std::size_t n = r.distanceToMean.size(), bins = 5; // 300 points / 60
    ASSERT_EQ(r.meanDistanceTrend.size(), bins);
    std::vector<std::pair<double, std::int64_t>> byDistance;
    for (std::size_t i = 0; i < n; ++i)
        byDistance.emplace_back(r.distanceToMean[i], r.kOccurrence[i]);
    std::sort(byDistance.begin(), byDistance.end());
    for (std::size_t b = 0; b < bins; ++b) {
        std::vector<double> nk;
        double sum = 0;
        for (std::size_t i = b * n / bins; i < (b + 1) * n / bins; ++i) {
            sum += byDistance[i].first;
            nk.push_back(double(byDistance[i].second));
        }
        std::sort(nk.begin(), nk.end());
        EXPECT_NEAR(r.meanDistanceTrend[b][0], sum / double(nk.size()), 1e-12);
        EXPECT_EQ(r.meanDistanceTrend[b][1], nk[nk.size() / 2]);
    }
    EXPECT_LT(r.meanDistanceTrend.front()[0], r.meanDistanceTrend.back()[0]);
}

TEST(Hubness, JsonHasTheIssueKeys) {
    HubnessParams p = small();
    p.includeKOccurrence = true;
    const HubnessResult r = computeHubness(p);
    ASSERT_TRUE(r.ok()) << r.message;
    const nlohmann::json j = toJson(r);
    for (const char *key : {"k_skewness", "k_skewness_truncnorm", "robinhood", "gini", "atkinson",
                            "antihub_occurrence", "hub_occurrence", "groupie_ratio",
                            "max_k_occurrence", "spearman_mean_distance", "k_occurrence"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_FALSE(j.contains("before"));
    EXPECT_EQ(j["k_occurrence"].size(), 300u);
    EXPECT_EQ(j["k_occurrence"][7].get<std::int64_t>(), r.kOccurrence[7]);
    EXPECT_EQ(r.projection.size(), 300u);
    EXPECT_EQ(r.distanceToMean.size(), 300u);
    p.includeKOccurrence = false;
    p.reduction = Reduction::MpGaussian;
    p.candidates = 30;
    const nlohmann::json reduced = toJson(computeHubness(p));
    EXPECT_FALSE(reduced.contains("k_occurrence"));
    ASSERT_TRUE(reduced.contains("before"));
    EXPECT_DOUBLE_EQ(reduced["before"]["k_skewness"].get<double>(), j["k_skewness"].get<double>());
}

TEST(Hubness, ExplorerInfoRunsFromParamSet) {
    ParamSet set(paramTable().specs());
    ASSERT_FALSE(set.parse("n", "200"));
    ASSERT_FALSE(set.parse("d", "5"));
    const JsonRun run = registeredExplorer(explorer().name).computeJson(set, {});
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.result["n"].get<std::int64_t>(), 200);
    const JsonRun stopped =
        registeredExplorer(explorer().name).computeJson(set, [] { return true; });
    EXPECT_EQ(stopped.termination, Termination::Cancelled);
}

TEST(Hubness, PointsFromNpyAndCsvGiveTheSameResult) {
    HubnessParams p = small();
    const Eigen::MatrixXd x = generatePoints(p);
    NpyArray a;
    a.type = NpyType::Float64;
    a.rows = x.rows();
    a.cols = x.cols();
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index t = 0; t < x.cols(); ++t)
            a.real.push_back(x(i, t));
    const std::string npy = tempPath("points.npy");
    writeNpy(npy, a, true);
    std::string csv = "c0";
    for (Eigen::Index t = 1; t < x.cols(); ++t)
        csv += ",c" + std::to_string(t);
    csv += "\n";
    char cell[64];
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index t = 0; t < x.cols(); ++t) {
            std::snprintf(cell, sizeof cell, "%.17g", x(i, t));
            csv += cell;
            csv += t + 1 < x.cols() ? "," : "\n";
        }
    const std::string csvPath = tempPath("points.csv");
    writeText(csvPath, csv);
    const HubnessResult synthetic = computeHubness(p);
    p.input = npy;
    const HubnessResult fromNpy = computeHubness(p);
    p.input = csvPath;
    const HubnessResult fromCsv = computeHubness(p);
    ASSERT_TRUE(fromNpy.ok()) << fromNpy.message;
    ASSERT_TRUE(fromCsv.ok()) << fromCsv.message;
    EXPECT_EQ(fromNpy.kOccurrence, synthetic.kOccurrence);
    EXPECT_EQ(fromCsv.kOccurrence, synthetic.kOccurrence);
}

TEST(Hubness, BadPointFilesAreInvalidInputWithTheirMessage) {
    HubnessParams p = small();
    const std::string ragged = tempPath("ragged.csv");
    writeText(ragged, "1,2\n3,4\n5\n");
    p.input = ragged;
    HubnessResult r = computeHubness(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_TRUE(contains(r.message, "line 3")) << r.message;
    const std::string empty = tempPath("empty.csv");
    writeText(empty, "");
    p.input = empty;
    r = computeHubness(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_TRUE(contains(r.message, "empty")) << r.message;
    p.input = tempPath("points.xlsx");
    writeText(p.input, "x");
    EXPECT_TRUE(contains(computeHubness(p).message, "expected .npy, .csv or .tsv"));
    const std::string ints = tempPath("ints.npy");
    writeIndices(ints, 2, 2, {1, 0, 0, 1});
    p.input = ints;
    EXPECT_TRUE(contains(computeHubness(p).message, "expected float32 or float64"));
    const std::string few = tempPath("few.csv");
    writeText(few, "1,2\n3,4\n5,6\n");
    p.input = few;
    r = computeHubness(p); // k = 5 with 3 points
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_TRUE(contains(r.message, "k = 5")) << r.message;
}

TEST(Hubness, NeighbourFileGivesMeasuresDirectly) {
    // 4 points, 2 neighbours each: N_2 = [3, 3, 2, 0].
    const std::string path = tempPath("nn.npy");
    writeIndices(path, 4, 2, {1, 2, 0, 2, 0, 1, 0, 3 - 2});
    HubnessParams p;
    p.neighbors = path;
    p.k = 2;
    p.includeKOccurrence = true;
    HubnessResult r = computeHubness(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.kOccurrence, (std::vector<std::int64_t>{3, 3, 2, 0}));
    EXPECT_FALSE(r.measures.spearmanMeanDistance.has_value());
    EXPECT_TRUE(toJson(r)["spearman_mean_distance"].is_null());
    p.k = 1;
    EXPECT_EQ(computeHubness(p).kOccurrence, (std::vector<std::int64_t>{3, 1, 0, 0}));

    // A self-search (each row starts with itself) drops that column.
    writeIndices(path, 3, 2, {0, 1, 1, 0, 2, 0});
    p.k = 1;
    r = computeHubness(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_EQ(r.kOccurrence, (std::vector<std::int64_t>{2, 1, 0}));
}

TEST(Hubness, BadNeighbourFiles) {
    const std::string path = tempPath("badnn.npy");
    HubnessParams p;
    p.neighbors = path;
    p.k = 2;
    const auto message = [&] {
        const HubnessResult r = computeHubness(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput);
        return r.message;
    };
    writeIndices(path, 3, 2, {1, 2, 0, 7, 0, 1});
    std::string m = message();
    EXPECT_TRUE(contains(m, "row 2, column 2") && contains(m, "index 7 is out of range") &&
                contains(m, "0…2"))
        << m;
    writeIndices(path, 3, 2, {1, -2, 0, 2, 0, 1});
    EXPECT_TRUE(contains(message(), "index -2 is out of range"));
    writeIndices(path, 3, 2, {-1, 2, 0, 2, 0, 1}); // faiss's -1 (missing) only ends a row
    EXPECT_TRUE(contains(message(), "follows a missing neighbour (-1) in column 1"));
    writeIndices(path, 3, 2, {1, 1, 0, 2, 0, 1});
    EXPECT_TRUE(contains(message(), "appears twice"));
    writeIndices(path, 3, 2, {0, 1, 0, 2, 0, 1});
    EXPECT_TRUE(contains(message(), "lists the point itself"));
    writeIndices(path, 3, 1, {1, 0, 0});
    EXPECT_TRUE(contains(message(), "holds 1 neighbours per point"));
    NpyArray f;
    f.type = NpyType::Float32;
    f.rows = 2;
    f.cols = 1;
    f.real = {1, 0};
    writeNpy(path, f);
    EXPECT_TRUE(contains(message(), "expected int32 or int64"));
    p.reduction = Reduction::LocalScaling;
    EXPECT_TRUE(contains(message(), "needs distances"));
}

TEST(Hubness, CancelledAndProgress) {
    HubnessParams p = small();
    p.n = 3000;
    RunControl<HubnessSnapshot> control;
    int calls = 0;
    control.shouldStop = [&] { return ++calls > 2; };
    EXPECT_EQ(computeHubness(p, control).termination, Termination::Cancelled);
    RunControl<HubnessSnapshot> watch;
    double last = -1;
    watch.onProgress = [&](const HubnessSnapshot &s) {
        EXPECT_GE(s.fraction, last);
        last = s.fraction;
    };
    ASSERT_TRUE(computeHubness(p, watch).ok());
    EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(Hubness, ReferenceCurves) {
    const auto pmf = poissonReference(5.0, 60);
    EXPECT_NEAR(std::accumulate(pmf.begin(), pmf.end(), 0.0), 1.0, 1e-12);
    EXPECT_NEAR(pmf[5], std::exp(-5.0) * 3125.0 / 120.0, 1e-15);
    const auto lorenz = lorenzCurve({4, 3, 3, 0, 0});
    ASSERT_EQ(lorenz.size(), 6u);
    EXPECT_DOUBLE_EQ(lorenz[2][1], 0.0);
    EXPECT_DOUBLE_EQ(lorenz[3][1], 0.3);
    EXPECT_DOUBLE_EQ(lorenz[5][1], 1.0);
}

TEST(Hubness, SearchParamsParseValidateAndResolveAuto) {
    ParamSet set(paramTable().specs());
    EXPECT_EQ(paramTable().read(set).search, Search::Exact);
    EXPECT_EQ(paramTable().read(set).recallSample, 1000);
    ASSERT_FALSE(set.parse("search", "approximate"));
    ASSERT_FALSE(set.parse("recall-sample", "250"));
    EXPECT_TRUE(set.parse("search", "fast").has_value());
    HubnessParams p = paramTable().read(set);
    EXPECT_EQ(p.search, Search::Approximate);
    EXPECT_EQ(p.recallSample, 250);
    EXPECT_EQ(nameOf(Search::Auto), "auto");

    EXPECT_TRUE(usesApproximateSearch(p));
    EXPECT_FALSE(usesPartitionedSearch(p, 1000000, 1000));
    p.search = Search::Auto; // partitioned where exact takes minutes, never HNSW
    EXPECT_FALSE(usesApproximateSearch(p));
    EXPECT_FALSE(usesPartitionedSearch(p, 2000, 100));
    EXPECT_TRUE(usesPartitionedSearch(p, 500000, 128));  // N²d = 3.2e13
    EXPECT_FALSE(usesPartitionedSearch(p, 100000, 128)); // 1.28e12: exact takes seconds
    p.recallSample = 0;                                  // no sample to choose the cells by: exact
    EXPECT_FALSE(usesPartitionedSearch(p, 500000, 128));
    p.recallSample = 1000;
    p.metric = Metric::Manhattan; // auto falls back to exact
    EXPECT_FALSE(usesPartitionedSearch(p, 500000, 128));
    EXPECT_FALSE(explorer().validate(p).has_value());
    p.search = Search::Exact;
    EXPECT_FALSE(usesPartitionedSearch(HubnessParams{}, 1000000, 1000));
}

TEST(Hubness, ApproximateSearchRefusesWhatItCannotDo) {
    const auto invalidNaming = [](HubnessParams p, const std::string &part) {
        const auto v = explorer().validate(p);
        ASSERT_TRUE(v.has_value());
        EXPECT_TRUE(contains(*v, "search")) << *v;
        EXPECT_TRUE(contains(*v, part)) << *v;
        const HubnessResult r = computeHubness(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput);
        EXPECT_EQ(r.message, *v);
    };
    HubnessParams p = small();
    p.search = Search::Approximate;
    p.metric = Metric::Manhattan;
    invalidNaming(p, "approximate search supports euclidean and cosine");
    p.metric = Metric::Lp;
    p.p = 0.5;
    invalidNaming(p, "supports euclidean and cosine");
    p = small();
    p.search = Search::Approximate;
    p.neighbors = tempPath("approx_nn.npy");
    invalidNaming(p, "neighbour file");
    p = small();
    p.recallSample = -1;
    EXPECT_TRUE(contains(explorer().validate(p).value_or(""), "recall-sample"));
    p.search = Search::Approximate;
    p.metric = Metric::Cosine;
    p.recallSample = 0;
    EXPECT_FALSE(explorer().validate(p).has_value());
}

TEST(Hubness, ApproximateRunIsDeterministicAndCancellable) {
    HubnessParams p = small();
    p.n = 1500;
    p.search = Search::Approximate;
    p.threads = 1;
    const HubnessResult a = computeHubness(p);
    p.threads = 2;
    const HubnessResult b = computeHubness(p);
    ASSERT_TRUE(a.ok() && b.ok()) << a.message;
    EXPECT_EQ(a.neighbors.indices, b.neighbors.indices);
    EXPECT_EQ(toJson(a), toJson(b));
    EXPECT_EQ(toJson(a)["search"], "approximate");
    ASSERT_TRUE(a.recall.has_value());
    EXPECT_GT(*a.recall, 0.9);
    RunControl<HubnessSnapshot> control;
    control.shouldStop = [] { return true; };
    EXPECT_EQ(computeHubnessOf(generatePoints(p), p, control).termination, Termination::Cancelled);
}

TEST(Hubness, RowsTheFloatSearchCouldNotProveAreCountedAndReported) {
    // Two clusters far apart next to their spread (knn.h): the exact search searches their rows
    // again in double, and the result and its JSON say how many.
    HubnessParams p;
    p.k = 5;
    Eigen::MatrixXd points = Eigen::MatrixXd::Random(120, 16);
    for (Eigen::Index i = 0; i < points.rows(); ++i)
        points(i, 0) += i % 2 ? 1e4 : -1e4;
    const HubnessResult far = computeHubnessOf(points, p);
    ASSERT_TRUE(far.ok()) << far.message;
    EXPECT_GT(far.rowsSearchedInDouble, 0);
    EXPECT_EQ(toJson(far)["rows_searched_again_in_double"], far.rowsSearchedInDouble);
    points.col(0).setZero(); // one cluster: nothing to search again
    const HubnessResult near = computeHubnessOf(points, p);
    ASSERT_TRUE(near.ok()) << near.message;
    EXPECT_EQ(near.rowsSearchedInDouble, 0);
    EXPECT_FALSE(toJson(near).contains("rows_searched_again_in_double"));
}
