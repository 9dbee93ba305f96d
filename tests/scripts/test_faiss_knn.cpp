// SPDX-License-Identifier: MIT
// scripts/faiss_knn.py on a small sharded case: its neighbour file holds dimscope's own exact k-NN
// (euclidean and cosine, continuous random data so there are no ties), the hubness explorer and
// `dimscope compute hubness --neighbors` read it, and bad input exits 2 with the file named.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "hubness/hubness.h"
#include "io/npy.h"

using namespace dimscope;
using namespace dimscope::hubness;

namespace {

std::string tempPath(const std::string &name) {
    return ::testing::TempDir() + "dimscope_test_faiss_knn_" + name;
}

std::string quoted(const std::string &s) { return "'" + s + "'"; }

struct Outcome {
    int exitCode = -1;
    std::string out, err;
};

std::string slurp(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Outcome run(const std::string &command) {
    const std::string out = tempPath("stdout.txt"), err = tempPath("stderr.txt");
    const int status = std::system((command + " > " + quoted(out) + " 2> " + quoted(err)).c_str());
    Outcome r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

Outcome script(const std::string &args) {
    return run(std::string(DIMSCOPE_PYTHON) + " " +
               quoted(std::string(DIMSCOPE_SCRIPTS) + "/faiss_knn.py") + " " + args);
}

bool contains(const std::string &s, const std::string &part) {
    return s.find(part) != std::string::npos;
}

/// Skips (or, where faiss must be there, fails) when Debian's python3 cannot import faiss.
bool haveFaiss() {
    if (run(std::string(DIMSCOPE_PYTHON) + " -c 'import numpy, faiss'").exitCode == 0)
        return true;
    if (std::getenv("DIMSCOPE_REQUIRE_FAISS"))
        ADD_FAILURE() << DIMSCOPE_PYTHON << " cannot import numpy and faiss (python3-faiss, "
                      << "python3-numpy), and DIMSCOPE_REQUIRE_FAISS is set";
    return false;
}

/// 2 shards of 300 × 16 float32 gaussian points; returns all 600 in order.
Eigen::MatrixXd writeShards() {
    HubnessParams p;
    p.n = 600;
    p.d = 16;
    p.seed = 11;
    Eigen::MatrixXd points = generatePoints(p);
    for (int s = 0; s < 2; ++s) {
        NpyArray a;
        a.type = NpyType::Float32;
        a.rows = 300;
        a.cols = 16;
        for (int i = 0; i < 300; ++i)
            for (int t = 0; t < 16; ++t) {
                const float v = static_cast<float>(points(s * 300 + i, t));
                a.real.push_back(v);
                points(s * 300 + i, t) = v; // the points as the script sees them
            }
        writeNpy(tempPath("shard" + std::to_string(s) + ".npy"), a);
    }
    return points;
}

} // namespace

TEST(FaissKnn, ShardsGiveDimscopesExactNeighbours) {
    if (!haveFaiss())
        GTEST_SKIP() << "python3 faiss is not installed";
    const Eigen::MatrixXd points = writeShards();
    for (const Metric metric : {Metric::Euclidean, Metric::Cosine}) {
        SCOPED_TRACE(nameOf(metric));
        const std::string out = tempPath("nn.npy");
        // A glob, as the README shows it: sorted, so shard0 comes first.
        const Outcome r = script(quoted(tempPath("shard*.npy")) + " --k 10 --metric " +
                                 nameOf(metric) + " --batch 128 --out " + quoted(out));
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const NpyArray nn = readNpy(out);
        EXPECT_EQ(nn.type, NpyType::Int32);
        ASSERT_EQ(nn.rows, 600);
        ASSERT_EQ(nn.cols, 10);
        KnnOptions options;
        options.k = 10;
        options.metric = metric;
        const KnnResult exact = exactKnn(points, options);
        ASSERT_TRUE(exact.ok()) << exact.message;
        int sameOrder = 0;
        for (int i = 0; i < 600; ++i) {
            std::set<std::int64_t> mine, theirs;
            bool ordered = true;
            for (int j = 0; j < 10; ++j) {
                const std::int64_t v = nn.integer[static_cast<std::size_t>(i * 10 + j)];
                theirs.insert(v);
                mine.insert(exact.graph.index(i, j));
                ordered = ordered && v == exact.graph.index(i, j);
            }
            EXPECT_EQ(mine, theirs) << "row " << i + 1;
            sameOrder += ordered;
        }
        EXPECT_GE(sameOrder, 590); // float32 distances may swap a near tie's order, not the set

        HubnessParams p;
        p.neighbors = out;
        p.k = 10;
        const HubnessResult fromFile = computeHubness(p);
        ASSERT_TRUE(fromFile.ok()) << fromFile.message;
        HubnessParams q;
        q.k = 10;
        q.metric = metric;
        EXPECT_EQ(fromFile.kOccurrence, computeHubnessOf(points, q).kOccurrence);
        EXPECT_EQ(fromFile.missingNeighbors, 0);

#ifdef DIMSCOPE_BINARY
        const Outcome cli = run(std::string(quoted(DIMSCOPE_BINARY)) +
                                " compute hubness --neighbors " + quoted(out) + " --k 10");
        ASSERT_EQ(cli.exitCode, 0) << cli.err;
        const nlohmann::json j = nlohmann::json::parse(cli.out);
        EXPECT_EQ(j["result"]["n"], 600);
        EXPECT_EQ(j["result"]["missing_neighbors"], 0);
        EXPECT_EQ(j["result"]["k_skewness"], fromFile.measures.kSkewness);
#endif
    }
}

TEST(FaissKnn, ApproximateIndexMayLeaveMissingNeighbours) {
    if (!haveFaiss())
        GTEST_SKIP() << "python3 faiss is not installed";
    writeShards();
    const std::string out = tempPath("ivf.npy");
    // 64 lists, 1 probed: rows whose list is small come back with -1 at their end.
    const Outcome r =
        script(quoted(tempPath("shard0.npy")) + " " + quoted(tempPath("shard1.npy")) +
               " --k 30 --index ivf --nlist 64 --nprobe 1 --quiet --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    HubnessParams p;
    p.neighbors = out;
    p.k = 30;
    const HubnessResult h = computeHubness(p);
    ASSERT_TRUE(h.ok()) << h.message;
    EXPECT_GT(h.missingNeighbors, 0);
    EXPECT_GT(h.shortRows, 0);
    EXPECT_TRUE(h.neighbors.indices.empty());
#ifdef DIMSCOPE_BINARY
    const Outcome cli = run(std::string(quoted(DIMSCOPE_BINARY)) + " compute hubness --neighbors " +
                            quoted(out) + " --k 30");
    ASSERT_EQ(cli.exitCode, 0) << cli.err;
    EXPECT_EQ(nlohmann::json::parse(cli.out)["result"]["missing_neighbors"], h.missingNeighbors);
#endif
}

TEST(FaissKnn, BadInputExitsTwoNamingTheFile) {
    if (!haveFaiss())
        GTEST_SKIP() << "python3 faiss is not installed";
    writeShards();
    const std::string out = tempPath("bad_out.npy");
    Outcome r = script(quoted(tempPath("no_such.npy")) + " --out " + quoted(out));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "no_such.npy: no such file")) << r.err;

    NpyArray narrow;
    narrow.type = NpyType::Float64;
    narrow.rows = 4;
    narrow.cols = 15;
    narrow.real.assign(60, 0.5);
    writeNpy(tempPath("narrow.npy"), narrow);
    r = script(quoted(tempPath("shard0.npy")) + " " + quoted(tempPath("narrow.npy")) + " --out " +
               quoted(out));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "narrow.npy: 15 columns") && contains(r.err, "has 16")) << r.err;

    NpyArray ints;
    ints.type = NpyType::Int64;
    ints.rows = 4;
    ints.cols = 2;
    ints.integer.assign(8, 1);
    writeNpy(tempPath("ints.npy"), ints);
    r = script(quoted(tempPath("ints.npy")) + " --out " + quoted(out));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "holds int64 values; expected float32 or float64")) << r.err;

    r = script(quoted(tempPath("shard0.npy")) + " --k 300 --out " + quoted(out));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(contains(r.err, "at most 299 neighbours")) << r.err;
    std::ifstream written(out);
    EXPECT_FALSE(written.good()); // nothing written on failure

    r = script("--help");
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(contains(r.out, "--metric") && contains(r.out, "dimscope compute hubness"));
}
