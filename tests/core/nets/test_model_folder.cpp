// SPDX-License-Identifier: MIT
// Model folders (model.json + .npy weights): a round trip, and every malformed case gives a message
// that names the offending file and the problem.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <boost/random/mersenne_twister.hpp>
#include <nlohmann/json.hpp>

#include "inequality/inequality.h"
#include "nets/model_folder.h"

namespace {

namespace fs = std::filesystem;
using namespace dimscope;

class ModelFolder : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("dimscope_model_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        boost::random::mt19937_64 engine(4);
        mlp::InitSpec spec;
        spec.widths = {3, 5, 2};
        m_net = mlp::randomNetwork(spec, engine);
        mlp::saveModelFolder(m_net, m_dir.string());
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string path(const std::string &name) const { return (m_dir / name).string(); }
    nlohmann::json manifest() const {
        return nlohmann::json::parse(std::ifstream(path("model.json")));
    }
    void writeManifest(const nlohmann::json &j) const {
        std::ofstream(path("model.json")) << j.dump();
    }
    void writeArray(const std::string &name, std::int64_t rows, std::int64_t cols, double fill,
                    NpyType type = NpyType::Float64) const {
        NpyArray a;
        a.type = type;
        a.rows = rows;
        a.cols = cols;
        if (a.isInteger())
            a.integer.assign(std::size_t(rows * cols), 1);
        else
            a.real.assign(std::size_t(rows * cols), fill);
        writeNpy(path(name), a);
    }
    /// A hand-made v1.0 float64 file of any shape (writeNpy writes 2-D only), filled with 0.25.
    void writeShape(const std::string &name, const std::string &shape, int values) const {
        std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        header.append(128 - 10 - header.size() - 1, ' '); // preamble + header: a multiple of 64
        header += '\n';
        std::ofstream out(path(name), std::ios::binary);
        out.write("\x93NUMPY\x01\x00", 8);
        const char len[2] = {char(header.size() & 0xff), char(header.size() >> 8)};
        out.write(len, 2);
        out << header;
        for (int i = 0; i < values; ++i) {
            const double v = 0.25;
            out.write(reinterpret_cast<const char *>(&v), sizeof v);
        }
    }
    /// The message of loading the folder, which must fail.
    std::string loadError() const {
        try {
            mlp::loadModelFolder(m_dir.string());
        } catch (const DataFileError &e) {
            return e.what();
        }
        ADD_FAILURE() << "expected the model folder to be refused";
        return {};
    }
    /// Loading fails with a message that contains `file` and `words`.
    void expectFailure(const std::string &file, const std::string &words) const {
        try {
            mlp::loadModelFolder(m_dir.string());
            FAIL() << "expected a failure naming " << file;
        } catch (const DataFileError &e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(file), std::string::npos) << what;
            EXPECT_NE(what.find(words), std::string::npos) << what;
        }
    }

    fs::path m_dir;
    mlp::Network m_net;
};

TEST_F(ModelFolder, RoundTripIsExact) {
    const mlp::Network back = mlp::loadModelFolder(m_dir.string());
    ASSERT_EQ(back.depth(), 2);
    EXPECT_EQ(back.layers[0].weight, m_net.layers[0].weight);
    EXPECT_EQ(back.layers[1].bias, m_net.layers[1].bias);
    EXPECT_EQ(back.layers[1].activation, mlp::Activation::Identity);
}

TEST_F(ModelFolder, RowBiasAndFloat32AreAccepted) {
    writeArray("b1.npy", 1, 5, 0.5, NpyType::Float32);
    const mlp::Network back = mlp::loadModelFolder(m_dir.string());
    EXPECT_EQ(back.layers[0].bias, Eigen::VectorXd::Constant(5, 0.5));
}

TEST_F(ModelFolder, OneDimensionalBiasAsPyTorchSavesIt) {
    // np.save("b1.npy", linear.bias.detach().numpy()) writes shape (5,): a hand-made v1.0 file.
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }";
    header.append(128 - 10 - header.size() - 1, ' '); // preamble + header: a multiple of 64
    header += '\n';
    std::ofstream out(path("b1.npy"), std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const char len[2] = {char(header.size() & 0xff), char(header.size() >> 8)};
    out.write(len, 2);
    out << header;
    for (int i = 0; i < 5; ++i) {
        const double v = 0.25 * i;
        out.write(reinterpret_cast<const char *>(&v), sizeof v);
    }
    out.close();
    const mlp::Network back = mlp::loadModelFolder(m_dir.string());
    EXPECT_EQ(back.layers[0].bias, (Eigen::VectorXd(5) << 0, 0.25, 0.5, 0.75, 1.0).finished());
}

TEST_F(ModelFolder, MissingFolderManifestAndWeightFile) {
    fs::remove(path("W2.npy"));
    expectFailure("W2.npy", "does not exist");
    fs::remove(path("model.json"));
    expectFailure("model.json", "does not exist");
    EXPECT_THROW(mlp::loadModelFolder((m_dir / "nope").string()), DataFileError);
}

TEST_F(ModelFolder, ShapesThatDoNotChain) {
    writeArray("W2.npy", 2, 4, 0.1);
    expectFailure("W2.npy", "layer 1 has 5 outputs");
}

TEST_F(ModelFolder, BiasOfTheWrongLength) {
    writeArray("b2.npy", 3, 1, 0.1);
    expectFailure("b2.npy", "expected 2 values");
}

TEST_F(ModelFolder, UnknownActivation) {
    nlohmann::json j = manifest();
    j["layers"][0]["activation"] = "swish";
    writeManifest(j);
    expectFailure("model.json", "unknown activation \"swish\"");
}

TEST_F(ModelFolder, WrongFormatAndBrokenJson) {
    nlohmann::json j = manifest();
    j["format"] = "keras";
    writeManifest(j);
    expectFailure("model.json", "dimscope-mlp/1");
    std::ofstream(path("model.json")) << "{\"format\": ";
    expectFailure("model.json", "not valid JSON");
}

TEST_F(ModelFolder, WrongDtype) {
    writeArray("W1.npy", 5, 3, 0, NpyType::Int64);
    expectFailure("W1.npy", "int64");
}

TEST_F(ModelFolder, NanWeight) {
    NpyArray a;
    a.rows = 5;
    a.cols = 3;
    a.real.assign(15, 0.1);
    a.real[4] = std::nan("");
    // The shared writer may refuse NaN; write the bytes through it only if it accepts them.
    try {
        writeNpy(path("W1.npy"), a);
    } catch (const DataFileError &) {
        GTEST_SKIP() << "writeNpy refuses NaN";
    }
    expectFailure("W1.npy", "");
}

TEST_F(ModelFolder, ResidualLayerMustBeSquare) {
    nlohmann::json j = manifest();
    j["layers"][0]["residual"] = true;
    writeManifest(j);
    expectFailure("W1.npy", "square");
}

TEST_F(ModelFolder, InputsOfTheWrongWidth) {
    writeArray("x.npy", 10, 4, 0.2);
    try {
        mlp::loadInputs(path("x.npy"), 3);
        FAIL();
    } catch (const DataFileError &e) {
        EXPECT_NE(std::string(e.what()).find("x.npy"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("N × 3"), std::string::npos) << e.what();
    }
    writeArray("x.npy", 10, 3, 0.2);
    EXPECT_EQ(mlp::loadInputs(path("x.npy"), 3).cols(), 10);
}

TEST_F(ModelFolder, ExplorerRunsTheModelOnTheInputs) {
    NpyArray x;
    x.rows = 4;
    x.cols = 3;
    for (int i = 0; i < 12; ++i)
        x.real.push_back(0.1 * i - 0.5);
    writeNpy(path("x.npy"), x);
    inequality::InequalityParams p;
    p.model = m_dir.string();
    p.inputs = path("x.npy");
    p.output = "index:1";
    const inequality::InequalityResult r = inequality::computeInequality(p);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.ratio.size(), 4u);
    EXPECT_EQ(r.widths, (std::vector<int>{3, 5, 2}));
    // Input 2 (row 2 of x.npy) gives the same numbers as a direct evaluation.
    mlp::Objective o;
    o.kind = mlp::Objective::Kind::Index;
    o.index = 1;
    const Eigen::VectorXd x2 = (Eigen::VectorXd(3) << 0.1, 0.2, 0.3).finished();
    const auto t = inequality::evaluateBatch(m_net, o, x2, inequality::TermOptions{});
    EXPECT_NEAR(r.ratio[2], t.ratio(0), 1e-15);
    EXPECT_EQ(r.violations, 0);
    p.output = "index:2";
    EXPECT_EQ(inequality::computeInequality(p).termination, Termination::InvalidInput);
    writeArray("x.npy", 4, 2, 0.1);
    p.output = "sum";
    const auto bad = inequality::computeInequality(p);
    EXPECT_EQ(bad.termination, Termination::InvalidInput);
    EXPECT_NE(bad.message.find("x.npy"), std::string::npos);
}

TEST_F(ModelFolder, WeightOfTheWrongDimensionSaysOutInNotPoints) {
    for (const auto &[shape, values] :
         {std::pair<std::string, int>{"(15,)", 15}, {"(5, 3, 1)", 15}}) {
        writeShape("W1.npy", shape, values);
        const std::string e = loadError();
        EXPECT_NE(e.find("W1.npy"), std::string::npos) << e;
        EXPECT_NE(e.find("shape " + shape), std::string::npos) << e;
        EXPECT_NE(
            e.find(
                "the weight of layer 1 to be a 2-D array shaped (out, in), as PyTorch's nn.Linear"),
            std::string::npos)
            << e;
        EXPECT_EQ(e.find("points"), std::string::npos) << e;
    }
    // The same file read as points keeps the points wording.
    try {
        readNpy(path("W1.npy"));
        FAIL();
    } catch (const DataFileError &e) {
        EXPECT_NE(std::string(e.what()).find("rows = points, columns = coordinates"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(ModelFolder, BiasMessagesListTheOneDimensionalShapeFirst) {
    writeArray("b2.npy", 3, 1, 0.1);
    std::string e = loadError();
    EXPECT_NE(e.find("b2.npy"), std::string::npos) << e;
    EXPECT_NE(e.find("has 3 values; expected 2 values to match the weight's 2 rows, shaped (2,) as "
                     "PyTorch's "
                     "nn.Linear stores it, (2, 1) or (1, 2)"),
              std::string::npos)
        << e;
    writeArray("b2.npy", 2, 2, 0.1);
    e = loadError();
    EXPECT_NE(e.find("has shape (2, 2); expected 2 values"), std::string::npos) << e;
    writeShape("b2.npy", "(2, 1, 1)", 2);
    e = loadError();
    EXPECT_NE(e.find("shape (2, 1, 1); expected the bias of layer 2 to be shaped (2,) as PyTorch's "
                     "nn.Linear "
                     "stores it, (2, 1) or (1, 2)"),
              std::string::npos)
        << e;
}

/// m_net with identity activations and weights scaled by 1e200: its gradients overflow.
mlp::Network overflowingNet(mlp::Network net) {
    for (auto &layer : net.layers) {
        layer.activation = mlp::Activation::Identity;
        layer.weight *= 1e200;
    }
    return net;
}

TEST_F(ModelFolder, OverflowOfAUsersModelBlamesTheWeightsNotTheGain) {
    mlp::saveModelFolder(overflowingNet(m_net), m_dir.string());
    inequality::InequalityParams p;
    p.model = m_dir.string();
    p.samples = 4;
    auto r = inequality::computeInequality(p);
    ASSERT_EQ(r.termination, Termination::InvalidInput) << r.message;
    EXPECT_NE(
        r.message.find(
            "the model's gradients overflowed (NaN or inf) on input 1 of 4: check the weights' "
            "scale"),
        std::string::npos)
        << r.message;
    EXPECT_EQ(r.message.find("gain"), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find("net 1"), std::string::npos) << r.message;

    // With an inputs file the row is named.
    NpyArray x;
    x.rows = 3;
    x.cols = 3;
    x.real = {0, 0, 0, 1, 2, 3, 1, 1, 1};
    writeNpy(path("x.npy"), x);
    p.inputs = path("x.npy");
    r = inequality::computeInequality(p);
    ASSERT_EQ(r.termination, Termination::InvalidInput) << r.message;
    EXPECT_NE(r.message.find("on input 1 of 3 (row 1 of " + path("x.npy") + "): check"),
              std::string::npos)
        << r.message;

    // A certificate of such a net (its stored numbers null, as certificateToJson writes them).
    inequality::Certificate c;
    c.net = overflowingNet(m_net);
    c.objective.kind = mlp::Objective::Kind::Index;
    c.input = Eigen::VectorXd::Ones(3);
    c.lhs = c.rhs = c.ratio = std::nan("");
    std::ofstream(path("certificate.json")) << inequality::certificateToJson(c).dump();
    inequality::InequalityParams q;
    q.certificate = path("certificate.json");
    r = inequality::computeInequality(q);
    ASSERT_EQ(r.termination, Termination::InvalidInput) << r.message;
    EXPECT_NE(r.message.find("the certificate's net"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("check the weights' scale"), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find("gain"), std::string::npos) << r.message;
}

TEST_F(ModelFolder, InputsOfTheWrongWidthForARandomNetSpeakOfTheNet) {
    writeArray("x.npy", 10, 3, 0.2);
    inequality::InequalityParams p;
    p.widths = "4,8,1";
    p.inputs = path("x.npy");
    auto r = inequality::computeInequality(p);
    ASSERT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(
        r.message.find(
            "x.npy: the inputs have shape (10, 3) but the net takes 4 values per input (the first "
            "of widths 4,8,1); expected an N × 4 array"),
        std::string::npos)
        << r.message;
    EXPECT_EQ(r.message.find("the model"), std::string::npos) << r.message;
    // With a model folder it is the model's width.
    writeArray("x.npy", 10, 4, 0.2);
    p.model = m_dir.string();
    r = inequality::computeInequality(p);
    ASSERT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("but the model takes 3 values per input; expected an N × 3 array"),
              std::string::npos)
        << r.message;
}

} // namespace
