// SPDX-License-Identifier: MIT
// The files the command line writes (issue 13, defect 5): `compute --json` writes through a
// symbolic link and refuses devices and FIFOs.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <QTemporaryDir>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "cli_test_support.h"

namespace {

using dimscope::testing::ProcessRun;
using dimscope::testing::runDimscope;
namespace fs = std::filesystem;

const QStringList kSmallAngles = {"angles", "--dimension", "10", "--pairs", "2000", "--seed", "2"};

std::string readFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const std::string &path, const std::string &text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// Every name in `folder`, sorted: what a run left behind.
std::vector<std::string> namesIn(const std::string &folder) {
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

QStringList args(std::initializer_list<QStringList> parts) {
    QStringList all;
    for (const auto &p : parts)
        all << p;
    return all;
}

class CliFiles : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    std::string path(const std::string &name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }
    QString qpath(const std::string &name) const { return QString::fromStdString(path(name)); }
    QTemporaryDir m_dir;
};

} // namespace

TEST_F(CliFiles, ComputeJsonWritesThroughASymbolicLink) {
    fs::create_directories(path("results"));
    writeFile(path("results/run.json"), "old");
    fs::create_symlink("results/run.json", path("latest.json"));
    const ProcessRun r =
        runDimscope(args({{"compute"}, kSmallAngles, {"--json", qpath("latest.json")}}));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(path("latest.json"))) << "the link was replaced by a file";
    EXPECT_NE(readFile(path("results/run.json")).find("\"explorer\": \"angles\""),
              std::string::npos);
    EXPECT_EQ(namesIn(path("results")), std::vector<std::string>{"run.json"});
}

TEST_F(CliFiles, ComputeJsonRefusesDevicesAndFifosBeforeComputing) {
    ASSERT_EQ(::mkfifo(path("pipe").c_str(), 0600), 0);
    ProcessRun r = runDimscope(args({{"compute"}, kSmallAngles, {"--json", qpath("pipe")}}));
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("is not a regular file (a FIFO)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--json - writes to standard output"), std::string::npos) << r.err;
    struct stat info {};
    ASSERT_EQ(::lstat(path("pipe").c_str(), &info), 0);
    EXPECT_TRUE(S_ISFIFO(info.st_mode)) << "the FIFO was replaced";
    // A node like /dev/full (made here: replacing the real one as root is what this prevents).
    if (::mknod(path("full").c_str(), S_IFCHR | 0666, ::makedev(1, 7)) == 0) {
        r = runDimscope(args({{"compute"}, kSmallAngles, {"--json", qpath("full")}}));
        EXPECT_EQ(r.exitCode, 2) << r.err;
        EXPECT_NE(r.err.find("(a character device)"), std::string::npos) << r.err;
        ASSERT_EQ(::lstat(path("full").c_str(), &info), 0);
        EXPECT_TRUE(S_ISCHR(info.st_mode)) << "the device node was replaced by a regular file";
    }
    EXPECT_EQ(namesIn(m_dir.path().toStdString()).size(), fs::exists(path("full")) ? 2u : 1u);
}
