// SPDX-License-Identifier: MIT
// model.json that is not valid JSON for dimscope (issue 13, defect 9): a number beyond a double's
// range ("1e400") used to escape as nlohmann's own "number overflow parsing '1e400'" with no file
// name; every JSON problem now names model.json and stays one short line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <boost/random/mersenne_twister.hpp>

#include "inequality/inequality.h"
#include "nets/model_folder.h"

namespace {

namespace fs = std::filesystem;
using namespace dimscope;

class ModelManifest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("dimscope_manifest_" + std::to_string(::getpid()));
        fs::remove_all(m_dir);
        boost::random::mt19937_64 engine(2);
        mlp::InitSpec spec;
        spec.widths = {3, 4, 1};
        mlp::saveModelFolder(mlp::randomNetwork(spec, engine), m_dir.string());
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string json() const { return (m_dir / "model.json").string(); }
    void writeJson(const std::string &text) const { std::ofstream(json()) << text; }
    std::string loadError() const {
        try {
            mlp::loadModelFolder(m_dir.string());
        } catch (const std::exception &e) {
            return e.what();
        }
        return "(loaded)";
    }

    fs::path m_dir;
};

} // namespace

TEST_F(ModelManifest, ANumberBeyondTheDoubleRangeNamesTheFile) {
    writeJson(R"({"format": "dimscope-mlp/1", "layers": [{"weight": "W1.npy", "bias": "b1.npy",
        "activation": "tanh", "branch_scale": 1e400}, {"weight": "W2.npy", "bias": "b2.npy",
        "activation": "identity"}]})");
    const std::string e = loadError();
    EXPECT_EQ(e.rfind(json() + ": ", 0), 0u) << e;
    EXPECT_NE(e.find("a number beyond the range of a double (such as 1e400)"), std::string::npos)
        << e;
    // The same through the explorer: invalid input (exit 2), the message naming the file.
    inequality::InequalityParams p;
    p.model = m_dir.string();
    const auto r = inequality::computeInequality(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_EQ(r.message.rfind(json(), 0), 0u) << r.message;
}

TEST_F(ModelManifest, ASyntaxErrorIsOneShortLineNamingTheFile) {
    writeJson("{\"format\": " + std::string(100000, '7') + "x}");
    const std::string e = loadError();
    EXPECT_EQ(e.rfind(json() + ": not valid JSON", 0), 0u) << e.substr(0, 300);
    EXPECT_LT(e.size(), json().size() + 200) << e.substr(0, 300);
}
