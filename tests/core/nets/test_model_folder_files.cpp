// SPDX-License-Identifier: MIT
// Which files a model folder may name, and the record of what was read (issue 13, defect 6). Only
// files inside the folder: "../outside/W.npy", absolute paths and symbolic links that lead out used
// to be loaded, while the sidecar's digest covered the folder's own files. The records are of the
// bytes read, in the order read.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <boost/random/mersenne_twister.hpp>
#include <nlohmann/json.hpp>

#include "inequality/inequality.h"
#include "io/sha256.h"
#include "nets/model_folder.h"

namespace {

namespace fs = std::filesystem;
using namespace dimscope;

class ModelFolderFiles : public ::testing::Test {
protected:
    void SetUp() override {
        m_root =
            fs::temp_directory_path() / ("dimscope_folder_files_" + std::to_string(::getpid()));
        fs::remove_all(m_root);
        boost::random::mt19937_64 engine(3);
        mlp::InitSpec spec;
        spec.widths = {3, 4, 2};
        m_net = mlp::randomNetwork(spec, engine);
        mlp::saveModelFolder(m_net, folder().string());
        fs::create_directories(m_root / "outside");
        fs::copy_file(folder() / "W1.npy", m_root / "outside" / "W.npy");
    }
    void TearDown() override { fs::remove_all(m_root); }

    fs::path folder() const { return m_root / "model"; }
    /// model.json with layer 1's weight named `name`.
    void nameWeight(const std::string &name) const {
        nlohmann::json j = nlohmann::json::parse(std::ifstream(folder() / "model.json"));
        j["layers"][0]["weight"] = name;
        std::ofstream(folder() / "model.json") << j.dump();
    }
    std::string loadError() const {
        try {
            mlp::loadModelFolder(folder().string());
        } catch (const std::exception &e) {
            return e.what();
        }
        return "(loaded)";
    }
    static std::string bytesOf(const fs::path &p) {
        std::ifstream in(p, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    fs::path m_root;
    mlp::Network m_net;
};

} // namespace

TEST_F(ModelFolderFiles, FilesOutsideTheFolderAreRefused) {
    nameWeight("../outside/W.npy");
    std::string e = loadError();
    EXPECT_NE(e.find("layer 1: \"weight\": '../outside/W.npy' climbs out of the folder with '..'; "
                     "expected a file inside the model folder"),
              std::string::npos)
        << e;
    nameWeight((m_root / "outside" / "W.npy").string());
    e = loadError();
    EXPECT_NE(e.find("is an absolute path; expected a file inside the model folder"),
              std::string::npos)
        << e;
    // A link inside the folder that leads out.
    fs::create_symlink(m_root / "outside" / "W.npy", folder() / "link.npy");
    nameWeight("link.npy");
    e = loadError();
    EXPECT_NE(e.find("\"weight\": 'link.npy' leads through a symbolic link to"), std::string::npos)
        << e;
    EXPECT_NE(e.find("outside the folder"), std::string::npos) << e;
    // A linked folder that leads out, too.
    fs::create_directory_symlink(m_root / "outside", folder() / "shared");
    nameWeight("shared/W.npy");
    EXPECT_NE(loadError().find("outside the folder"), std::string::npos);
    nameWeight("");
    EXPECT_NE(loadError().find("\"weight\": '' is empty"), std::string::npos);
}

TEST_F(ModelFolderFiles, SubfoldersAndLinksThatStayInsideAreRead) {
    fs::create_directories(folder() / "weights");
    fs::rename(folder() / "W1.npy", folder() / "weights" / "W1.npy");
    nameWeight("weights/W1.npy");
    EXPECT_EQ(mlp::loadModelFolder(folder().string()).layers[0].weight, m_net.layers[0].weight);
    fs::create_symlink("weights/W1.npy", folder() / "first.npy");
    nameWeight("first.npy");
    EXPECT_EQ(mlp::loadModelFolder(folder().string()).layers[0].weight, m_net.layers[0].weight);
}

TEST_F(ModelFolderFiles, RecordsAreOfTheFilesReadAndTheirBytes) {
    std::ofstream(folder() / "unused.npy") << "not read";
    std::vector<FileRead> read;
    mlp::loadModelFolder(folder().string(), &read);
    std::vector<std::string> names;
    for (const FileRead &r : read) {
        names.push_back(fs::path(r.path).filename().string());
        const std::string bytes = bytesOf(r.path);
        EXPECT_EQ(r.bytes, bytes.size()) << r.path;
        EXPECT_EQ(r.sha256, sha256Hex(bytes)) << r.path;
    }
    EXPECT_EQ(names,
              (std::vector<std::string>{"model.json", "W1.npy", "b1.npy", "W2.npy", "b2.npy"}));

    // The explorer hands them on, with the parameter that named them, and the inputs after them.
    NpyArray x;
    x.rows = 2;
    x.cols = 3;
    x.real = {1, 2, 3, 4, 5, 6};
    writeNpy((m_root / "x.npy").string(), x);
    inequality::InequalityParams p;
    p.model = folder().string();
    p.inputs = (m_root / "x.npy").string();
    const auto result = inequality::computeInequality(p);
    ASSERT_TRUE(result.ok()) << result.message;
    ASSERT_EQ(result.filesRead.size(), 6u);
    EXPECT_EQ(result.filesRead[0].param, "model");
    EXPECT_EQ(result.filesRead[5].param, "inputs");
    EXPECT_EQ(result.filesRead[5].sha256, sha256Hex(bytesOf(m_root / "x.npy")));
}
