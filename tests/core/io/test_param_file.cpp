// SPDX-License-Identifier: MIT
// The one provenance record and the one reader of parameter files: what compute, the sidecars and
// Save parameters write reads back; other explorers, unknown names, bad values, non-regular and
// oversized files are refused naming the file, and nothing is set half-way.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/param_file.h"
#include "registry.h"
#include "temp_dir.h"

using namespace dimscope;
using dimscope::testing::TempDir;

namespace {} // namespace

TEST(Provenance, HoldsExplorerVersionAndEveryParameter) {
    const ExplorerInfo &angles = registeredExplorer("angles");
    ParamSet values(angles.specs());
    ASSERT_FALSE(values.parse("seed", "42"));
    const nlohmann::json record = provenance(angles, values);
    EXPECT_EQ(record["explorer"], "angles");
    EXPECT_EQ(record["version"], DIMSCOPE_VERSION);
    EXPECT_EQ(record["params"]["seed"], 42);
    EXPECT_EQ(record["params"].size(), angles.specs().size());
}

TEST(ParamFile, ReadsEveryShapeItWrites) {
    TempDir dir;
    const ExplorerInfo &angles = registeredExplorer("angles");
    ParamSet values(angles.specs());
    ASSERT_FALSE(values.parse("dimension", "37"));
    nlohmann::json record = provenance(angles, values);
    nlohmann::json computed = record;
    computed["result"] = {{"mean", 90}};
    const std::vector<std::string> files = {
        dir.write("saved.json", record.dump()),     // Save parameters
        dir.write("compute.json", computed.dump()), // compute's output
        dir.write("sidecar.json", nlohmann::json{{"provenance", record}}.dump()), // a sidecar
        dir.write("bare.json", R"({"dimension": 37})"),                           // hand-written
    };
    for (const auto &path : files) {
        ParamFile file;
        ASSERT_FALSE(readParamFile(path, file)) << path;
        ParamSet read(angles.specs());
        ASSERT_FALSE(applyParamFile(file, angles, read)) << path;
        EXPECT_EQ(read.integer("dimension"), 37) << path;
        EXPECT_EQ(read, values) << path;
    }
}

TEST(ParamFile, RefusesWhatItCannotUseNamingTheFileAndSettingNothing) {
    TempDir dir;
    const ExplorerInfo &angles = registeredExplorer("angles");
    const auto refusal = [&](const std::string &path) {
        ParamFile file;
        if (auto error = readParamFile(path, file))
            return *error;
        ParamSet values(angles.specs());
        const ParamSet before = values;
        auto error = applyParamFile(file, angles, values);
        EXPECT_EQ(values, before) << "set half-way: " << path;
        return error.value_or("");
    };
    const std::string ball = dir.write("ball.json", R"({"explorer": "ball", "params": {}})");
    EXPECT_NE(refusal(ball).find("explorer 'ball', not 'angles'"), std::string::npos);
    const std::string unknown = dir.write("unknown.json", R"({"dimension": 37, "colour": 1})");
    EXPECT_NE(refusal(unknown).find("unknown parameter 'colour'"), std::string::npos);
    const std::string bad = dir.write("bad.json", R"({"dimension": 37, "pairs": 1})");
    EXPECT_NE(refusal(bad).find("parameter 'pairs'"), std::string::npos);
    EXPECT_NE(refusal(dir.write("text.json", "not json")).find("is not valid JSON"),
              std::string::npos);
    EXPECT_NE(refusal(dir.write("array.json", "[1, 2]")).find("holds JSON array"),
              std::string::npos);
    EXPECT_NE(
        refusal(dir.write("noparams.json", R"({"explorer": "angles"})")).find("no \"params\""),
        std::string::npos);
    EXPECT_NE(refusal(dir.path.string()).find("is not a regular file"), std::string::npos);
    EXPECT_NE(refusal("/dev/zero").find("is not a regular file"), std::string::npos);
    EXPECT_NE(refusal((dir.path / "missing.json").string()).find("cannot open"), std::string::npos);
    const std::string huge = (dir.path / "huge.json").string();
    {
        std::ofstream out(huge);
        out << "{\"pad\": \"" << std::string(kMaxParamFileBytes, 'x') << "\"}";
    }
    EXPECT_NE(refusal(huge).find("more than a parameter file can"), std::string::npos);
    const std::string fifo = (dir.path / "fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(refusal(fifo).find("is not a regular file"), std::string::npos); // and no hang
    for (const std::string &path : {ball, unknown, bad})
        EXPECT_NE(refusal(path).find(path), std::string::npos) << "the message names the file";
}
