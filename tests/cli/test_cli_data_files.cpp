// SPDX-License-Identifier: MIT
// What a figure's sidecar says about the user's data (issue 13, defect 6): the files the run read,
// with the SHA-256 of the bytes read. A model folder used to be described by every .json and .npy
// in it, read or not.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <QCryptographicHash>
#include <QTemporaryDir>

#include <boost/random/mersenne_twister.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.h"
#include "nets/model_folder.h"

namespace {

using dimscope::testing::ProcessRun;
using dimscope::testing::runDimscope;
namespace fs = std::filesystem;

std::string readFile(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string sha256(const std::string &bytes) {
    return QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

} // namespace

TEST(CliDataFiles, AModelFolderIsDescribedByTheFilesTheRunRead) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const fs::path model = fs::path(dir.path().toStdString()) / "model";
    boost::random::mt19937_64 engine(5);
    dimscope::mlp::InitSpec spec;
    spec.widths = {3, 5, 1};
    dimscope::mlp::saveModelFolder(dimscope::mlp::randomNetwork(spec, engine), model.string());
    std::ofstream(model / "unused.npy") << "beside the model, never read";
    std::ofstream(model / "notes.json") << "{}";

    const std::string figure = (fs::path(dir.path().toStdString()) / "fig.svg").string();
    const ProcessRun r =
        runDimscope({"export", "inequality", "--model", QString::fromStdString(model.string()),
                     "--samples", "20", "--out", QString::fromStdString(figure)});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto sidecar = nlohmann::json::parse(readFile(figure + ".json"));
    const auto &entry = sidecar["provenance"]["data_files"]["model"];
    EXPECT_EQ(entry["path"], model.string());
    std::vector<std::string> names;
    for (const auto &file : entry["files"]) {
        const std::string name = file["name"];
        names.push_back(name);
        const std::string bytes = readFile(model / name);
        EXPECT_EQ(file["bytes"], bytes.size()) << name;
        EXPECT_EQ(file["sha256"], sha256(bytes)) << name;
    }
    EXPECT_EQ(names,
              (std::vector<std::string>{"model.json", "W1.npy", "b1.npy", "W2.npy", "b2.npy"}));
}

TEST(CliDataFiles, AWeightOutsideTheFolderIsRefused) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const fs::path root = dir.path().toStdString();
    boost::random::mt19937_64 engine(6);
    dimscope::mlp::InitSpec spec;
    spec.widths = {3, 5, 1};
    dimscope::mlp::saveModelFolder(dimscope::mlp::randomNetwork(spec, engine),
                                   (root / "model").string());
    fs::create_directories(root / "outside");
    fs::rename(root / "model" / "W1.npy", root / "outside" / "W.npy");
    auto manifest = nlohmann::json::parse(readFile(root / "model" / "model.json"));
    manifest["layers"][0]["weight"] = "../outside/W.npy";
    std::ofstream(root / "model" / "model.json") << manifest.dump();
    const ProcessRun r = runDimscope(
        {"compute", "inequality", "--model", QString::fromStdString((root / "model").string())});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("climbs out of the folder"), std::string::npos) << r.err;
}
