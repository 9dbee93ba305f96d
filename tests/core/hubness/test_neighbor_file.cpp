// SPDX-License-Identifier: MIT
// Streamed neighbour files (issue 14): the one-pass reader gives the N_k and measures of the
// in-memory lists, reads faiss's -1 (missing) only at the end of a row, int32 and int64, refuses
// what is malformed naming row and column, hashes the bytes it read, reports progress and stops
// when asked.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hubness/hubness.h"
#include "hubness/neighbor_file.h"
#include "io/npy.h"
#include "io/sha256.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

std::string tempPath(const std::string &name) {
    return ::testing::TempDir() + "dimscope_test_neighbor_file_" + name;
}

void writeIndices(const std::string &path, std::int64_t rows, std::int64_t cols,
                  std::vector<std::int64_t> v, NpyType type = NpyType::Int64,
                  bool fortran = false) {
    NpyArray a;
    a.type = type;
    a.rows = rows;
    a.cols = cols;
    a.integer = std::move(v);
    writeNpy(path, a, fortran);
}

std::string fileBytes(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool contains(const std::string &s, const std::string &part) {
    return s.find(part) != std::string::npos;
}

std::string refusal(const std::string &path, NeighborScanOptions options = {}) {
    try {
        scanNeighbors(path, options);
    } catch (const DataFileError &e) {
        return e.what();
    }
    return "(accepted)";
}

/// The exact 12-NN of 400 gaussian points in d = 16, as a file: with each point itself in front
/// (a self-search, as faiss returns it) or without.
std::string knnFile(const std::string &name, NpyType type, bool withSelf) {
    HubnessParams p;
    p.n = 400;
    p.d = 16;
    p.seed = 7;
    KnnOptions options;
    options.k = 12;
    const KnnResult knn = exactKnn(generatePoints(p), options);
    EXPECT_TRUE(knn.ok());
    const int cols = withSelf ? 13 : 12;
    std::vector<std::int64_t> v;
    for (std::int64_t i = 0; i < p.n; ++i) {
        if (withSelf)
            v.push_back(i);
        for (int j = 0; j < 12; ++j)
            v.push_back(knn.graph.index(i, j));
    }
    const std::string path = tempPath(name);
    writeIndices(path, p.n, cols, v, type);
    return path;
}

void expectSameMeasures(const HubnessMeasures &a, const HubnessMeasures &b) {
    EXPECT_EQ(a.kSkewness, b.kSkewness);
    EXPECT_EQ(a.kSkewnessTruncnorm, b.kSkewnessTruncnorm);
    EXPECT_EQ(a.robinhood, b.robinhood);
    EXPECT_EQ(a.gini, b.gini);
    EXPECT_EQ(a.atkinson, b.atkinson);
    EXPECT_EQ(a.antihubOccurrence, b.antihubOccurrence);
    EXPECT_EQ(a.hubOccurrence, b.hubOccurrence);
    EXPECT_EQ(a.groupieRatio, b.groupieRatio);
    EXPECT_EQ(a.maxKOccurrence, b.maxKOccurrence);
    EXPECT_EQ(a.hubCount, b.hubCount);
    EXPECT_EQ(a.antihubCount, b.antihubCount);
    EXPECT_EQ(a.constantOccurrence, b.constantOccurrence);
}

} // namespace

TEST(NeighborFile, StreamedRunEqualsListsRun) {
    for (const NpyType type : {NpyType::Int32, NpyType::Int64})
        for (const bool self : {false, true}) {
            SCOPED_TRACE(std::string(npyTypeName(type)) + (self ? " with self" : " without self"));
            const std::string path = knnFile("equal.npy", type, self);
            for (const int k : {1, 5, 12}) {
                HubnessParams p;
                p.neighbors = path;
                p.k = k;
                const HubnessResult lists = computeHubness(p);
                ASSERT_TRUE(lists.ok()) << lists.message;
                EXPECT_EQ(lists.neighbors.n, 400);
                EXPECT_EQ(lists.neighbors.k, 12);
                EXPECT_TRUE(lists.listsDropped.empty());
                p.neighborListsMaxBytes = 0; // force streaming
                const HubnessResult streamed = computeHubness(p);
                ASSERT_TRUE(streamed.ok()) << streamed.message;
                EXPECT_EQ(streamed.neighbors.n, 0);
                EXPECT_TRUE(streamed.neighbors.indices.empty());
                EXPECT_TRUE(contains(streamed.listsDropped, "kept in memory"))
                    << streamed.listsDropped;
                EXPECT_EQ(streamed.kOccurrence, lists.kOccurrence);
                expectSameMeasures(streamed.measures, lists.measures);
                EXPECT_EQ(streamed.n, 400);
                EXPECT_EQ(streamed.missingNeighbors, 0);
                EXPECT_EQ(streamed.shortRows, 0);
                const nlohmann::json j = toJson(streamed);
                EXPECT_EQ(j["neighbor_lists"], false);
                EXPECT_TRUE(j["neighbor_lists_note"].is_string());
                EXPECT_EQ(toJson(lists)["neighbor_lists"], true);
                EXPECT_EQ(j["k_skewness"], toJson(lists)["k_skewness"]);
                // The digest is of the whole file, as read.
                ASSERT_EQ(streamed.filesRead.size(), 1u);
                const std::string bytes = fileBytes(path);
                EXPECT_EQ(streamed.filesRead[0].param, "neighbors");
                EXPECT_EQ(streamed.filesRead[0].bytes, bytes.size());
                EXPECT_EQ(streamed.filesRead[0].sha256, sha256Hex(bytes));
                EXPECT_EQ(lists.filesRead[0].sha256, sha256Hex(bytes));
            }
        }
}

TEST(NeighborFile, ChunksOfAnySizeGiveTheSameCounts) {
    const std::string path = knnFile("chunks.npy", NpyType::Int32, true);
    const KnnGraph graph = loadNeighbors(path);
    const std::vector<std::int64_t> expected = kOccurrence(graph, 7);
    for (const std::size_t chunk :
         {std::size_t(1), std::size_t(3 * 13 * 4), std::size_t(1) << 20}) {
        NeighborScanOptions options;
        options.k = 7;
        options.chunkBytes = chunk;
        const NeighborScan scan = scanNeighbors(path, options);
        EXPECT_TRUE(scan.selfDropped);
        EXPECT_EQ(scan.k, 12);
        EXPECT_EQ(scan.columns, 13);
        EXPECT_EQ(std::vector<std::int64_t>(scan.counts.begin(), scan.counts.end()), expected);
        EXPECT_EQ(scan.read.sha256, sha256Hex(fileBytes(path)));
    }
}

TEST(NeighborFile, MissingEntriesEndRows) {
    // faiss's output where a search found fewer than k: -1 fills the end of the row.
    const std::vector<std::int64_t> v = {1, 2, -1, 0, -1, -1, 0, 1, 3, -1, -1, -1};
    for (const NpyType type : {NpyType::Int32, NpyType::Int64}) {
        const std::string path = tempPath("missing.npy");
        writeIndices(path, 4, 3, v, type);
        NeighborScanOptions options;
        options.k = 3;
        options.keepListsUpTo = 1 << 20;
        NeighborScan scan = scanNeighbors(path, options);
        EXPECT_EQ(scan.counts, (std::vector<std::uint32_t>{2, 2, 1, 1}));
        EXPECT_EQ(scan.missing, 6);
        EXPECT_EQ(scan.shortRows, 3);
        EXPECT_FALSE(scan.selfDropped);
        EXPECT_EQ(scan.graph.n, 0); // no fixed-k lists with holes in them
        EXPECT_TRUE(contains(scan.listsDropped, "row 1 has missing neighbours"))
            << scan.listsDropped;
        options.k = 1;
        scan = scanNeighbors(path, options);
        EXPECT_EQ(scan.counts, (std::vector<std::uint32_t>{2, 1, 0, 0}));
        EXPECT_EQ(scan.shortRows, 1);

        HubnessParams p;
        p.neighbors = path;
        p.k = 3;
        p.includeKOccurrence = true;
        const HubnessResult r = computeHubness(p);
        ASSERT_TRUE(r.ok()) << r.message;
        EXPECT_EQ(r.kOccurrence, (std::vector<std::int64_t>{2, 2, 1, 1}));
        EXPECT_EQ(r.missingNeighbors, 6);
        EXPECT_EQ(r.shortRows, 3);
        EXPECT_TRUE(r.neighbors.indices.empty());
        const nlohmann::json j = toJson(r);
        EXPECT_EQ(j["missing_neighbors"], 6);
        EXPECT_EQ(j["short_rows"], 3);
        EXPECT_EQ(j["neighbor_lists"], false);
        // loadNeighbors promises fixed-k lists: it refuses, saying why.
        try {
            loadNeighbors(path);
            ADD_FAILURE() << "accepted";
        } catch (const DataFileError &e) {
            EXPECT_TRUE(contains(e.what(), "missing neighbours (-1)")) << e.what();
        }
    }
    // A self-search with holes: the rows that found something start with themselves.
    const std::string path = tempPath("missing_self.npy");
    writeIndices(path, 3, 3, {0, 1, -1, 1, 0, 2, -1, -1, -1});
    NeighborScanOptions options;
    options.k = 2;
    const NeighborScan scan = scanNeighbors(path, options);
    EXPECT_TRUE(scan.selfDropped);
    EXPECT_EQ(scan.counts, (std::vector<std::uint32_t>{1, 1, 1}));
    EXPECT_EQ(scan.shortRows, 2);
}

TEST(NeighborFile, RefusesWhatIsMalformed) {
    const std::string path = tempPath("bad.npy");
    writeIndices(path, 3, 3, {1, 2, -1, 0, -1, 2, 0, 1, -1}, NpyType::Int32);
    std::string m = refusal(path);
    EXPECT_TRUE(contains(m, "row 2, column 3") && contains(m, "follows a missing neighbour (-1)") &&
                contains(m, "column 2"))
        << m;
    writeIndices(path, 3, 2, {1, 2, 0, 3, 0, 1});
    m = refusal(path);
    EXPECT_TRUE(contains(m, "row 2, column 2") && contains(m, "index 3 is out of range")) << m;
    writeIndices(path, 3, 2, {1, 2, 0, -5, 0, 1});
    EXPECT_TRUE(contains(refusal(path), "index -5 is out of range"));
    writeIndices(path, 3, 3, {1, 2, 1, 0, 2, -1, 0, 1, -1});
    m = refusal(path);
    EXPECT_TRUE(contains(m, "row 1, column 3") && contains(m, "appears twice")) << m;
    writeIndices(path, 3, 2, {0, 1, 0, 2, 0, 1});
    EXPECT_TRUE(contains(refusal(path), "lists the point itself"));
    writeIndices(path, 3, 2, {1, 2, 0, 2, 0, 1}, NpyType::Int64, true);
    m = refusal(path);
    EXPECT_TRUE(contains(m, "Fortran")) << m;
    NeighborScanOptions k3;
    k3.k = 3;
    writeIndices(path, 3, 2, {1, 2, 0, 2, 0, 1});
    EXPECT_TRUE(contains(refusal(path, k3), "holds 2 neighbours per point"));
    writeIndices(path, 3, 3, {0, 1, 2, 1, 0, 2, 2, 0, 1});
    EXPECT_TRUE(contains(refusal(path, k3), "holds 2 neighbours per point"));

    // Truncated: the shape promises more bytes than the file holds.
    writeIndices(path, 4, 2, {1, 2, 0, 2, 0, 1, 0, 1}, NpyType::Int32);
    std::filesystem::resize_file(path, std::filesystem::file_size(path) - 5);
    m = refusal(path);
    EXPECT_TRUE(contains(m, path) && contains(m, "truncated")) << m;
    std::filesystem::resize_file(path, 20);
    EXPECT_TRUE(contains(refusal(path), "ends inside the header"));

    NpyArray f;
    f.type = NpyType::Float32;
    f.rows = 2;
    f.cols = 1;
    f.real = {1, 0};
    writeNpy(path, f);
    EXPECT_TRUE(contains(refusal(path), "expected int32 or int64"));
    EXPECT_TRUE(contains(refusal(::testing::TempDir()), "is a folder"));
}

TEST(NeighborFile, ProgressAndCancellation) {
    const std::string path = knnFile("cancel.npy", NpyType::Int32, false);
    NeighborScanOptions options;
    options.chunkBytes = 10 * 12 * 4; // 40 chunks of 10 rows
    std::vector<double> fractions;
    options.progress = [&](double f) { fractions.push_back(f); };
    NeighborScan scan = scanNeighbors(path, options);
    EXPECT_FALSE(scan.cancelled);
    ASSERT_EQ(fractions.size(), 40u);
    EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
    EXPECT_EQ(fractions.back(), 1.0);

    int polls = 0;
    options.stop = [&] { return ++polls > 3; };
    fractions.clear();
    scan = scanNeighbors(path, options);
    EXPECT_TRUE(scan.cancelled);
    EXPECT_EQ(fractions.size(), 3u);

    HubnessParams p;
    p.neighbors = path;
    p.k = 5;
    p.neighborListsMaxBytes = 0;
    RunControl<HubnessSnapshot> control;
    control.shouldStop = [] { return true; };
    EXPECT_EQ(computeHubness(p, control).termination, Termination::Cancelled);
    RunControl<HubnessSnapshot> watch;
    watch.progressIntervalSeconds = 0;
    double last = -1;
    watch.onProgress = [&](const HubnessSnapshot &s) {
        EXPECT_GE(s.fraction, last);
        last = s.fraction;
    };
    ASSERT_TRUE(computeHubness(p, watch).ok());
    EXPECT_EQ(last, 1.0);
}
