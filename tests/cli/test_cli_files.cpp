// SPDX-License-Identifier: MIT
// The files the command line writes (issue 13, defects 3, 5 and 8): `compute --json` writes
// through a symbolic link and refuses devices and FIFOs; `export` refuses a CSV that would
// overwrite its own figure, writes figure, CSV and sidecars all or none, and on a full disk keeps
// the old figure and says "No space left on device" instead of replacing it with an empty file and
// exiting 0. No QStandardPaths warning when XDG_RUNTIME_DIR is unset.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "cli_test_support.h"

namespace {

using namespace dimscope::testing;
namespace fs = std::filesystem;

const QStringList kSmallAngles = {"angles", "--dimension", "10", "--pairs", "2000", "--seed", "2"};

QStringList args(std::initializer_list<QStringList> parts) {
    QStringList all;
    for (const auto &p : parts)
        all << p;
    return all;
}

class CliFiles : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    void TearDown() override {
        if (m_mounted)
            ::umount2(m_disk.c_str(), MNT_DETACH);
    }
    std::string path(const std::string &name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }
    QString qpath(const std::string &name) const { return QString::fromStdString(path(name)); }
    /// A 256 KiB tmpfs at `name`: a disk that fills up. Needs root; false where not allowed.
    bool mountSmallDisk(const std::string &name) {
        m_disk = path(name);
        fs::create_directories(m_disk);
        m_mounted = ::mount("tmpfs", m_disk.c_str(), "tmpfs", 0, "size=256k") == 0;
        return m_mounted;
    }

    QTemporaryDir m_dir;
    std::string m_disk;
    bool m_mounted = false;
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

TEST_F(CliFiles, ExportRefusesACsvThatIsItsOwnFigure) {
    writeFile(path("fig.png"), "the old figure");
    ProcessRun r = runDimscope(
        args({{"export"}, kSmallAngles, {"--out", qpath("fig.png"), "--csv", qpath("fig.png")}}));
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("--csv '" + path("fig.png") + "' is the same file as --out"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(readFile(path("fig.png")), "the old figure");
    // The same file under another name, and a CSV over the figure's sidecar.
    fs::create_symlink("fig.png", path("alias.csv"));
    r = runDimscope(
        args({{"export"}, kSmallAngles, {"--out", qpath("fig.png"), "--csv", qpath("alias.csv")}}));
    EXPECT_EQ(r.exitCode, 2) << r.err;
    r = runDimscope(args(
        {{"export"}, kSmallAngles, {"--out", qpath("fig.png"), "--csv", qpath("fig.png.json")}}));
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("is the same file as --out's sidecar"), std::string::npos) << r.err;
    EXPECT_EQ(readFile(path("fig.png")), "the old figure");
    EXPECT_EQ(namesIn(m_dir.path().toStdString()),
              (std::vector<std::string>{"alias.csv", "fig.png"}));
}

TEST_F(CliFiles, AFailedCsvLeavesTheOldFigureAndWritesNothing) {
    writeFile(path("fig.svg"), "old figure");
    writeFile(path("fig.svg.json"), "old sidecar");
    const ProcessRun r =
        runDimscope(args({{"export"},
                          kSmallAngles,
                          {"--out", qpath("fig.svg"), "--csv", qpath("no/such/data.csv")}}));
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("data.csv"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("No such file or directory"), std::string::npos) << r.err;
    EXPECT_EQ(readFile(path("fig.svg")), "old figure") << "the figure was replaced on failure";
    EXPECT_EQ(readFile(path("fig.svg.json")), "old sidecar");
    EXPECT_EQ(namesIn(m_dir.path().toStdString()),
              (std::vector<std::string>{"fig.svg", "fig.svg.json"}));
}

TEST_F(CliFiles, AFullDiskKeepsTheOldFigureAndSaysSo) {
    if (!mountSmallDisk("disk"))
        GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
    // A figure smaller than QSaveFile's 16 KiB buffer (a 20 × 20 pixel PNG, ~1 KiB) was lost
    // silently: replaced by an empty file, exit 0. Larger ones failed as "Unknown error" or not.
    const std::vector<std::pair<std::string, QStringList>> figures = {
        {"tiny.png", {"--width-mm", "10", "--height-mm", "10", "--dpi", "50"}},
        {"fig.png", {}},
        {"fig.svg", {}}};
    for (const auto &[name, format] : figures) {
        const std::string figure = m_disk + "/" + name;
        writeFile(figure, "old figure");
        writeFile(figure + ".json", "old sidecar");
        writeFile(m_disk + "/filler", std::string(300 << 10, 'f')); // fills the disk
        const ProcessRun r = runDimscope(
            args({{"export"}, kSmallAngles, format, {"--out", QString::fromStdString(figure)}}));
        EXPECT_EQ(r.exitCode, 1) << name << ": " << r.err;
        EXPECT_NE(r.err.find("No space left on device"), std::string::npos)
            << name << ": " << r.err;
        EXPECT_EQ(readFile(figure), "old figure") << name;
        EXPECT_EQ(readFile(figure + ".json"), "old sidecar") << name;
        fs::remove(m_disk + "/filler");
        fs::remove(figure);
        fs::remove(figure + ".json");
        EXPECT_EQ(namesIn(m_disk), std::vector<std::string>{}) << "left behind on " << name;
    }
    // compute --json too (it reported ENOSPC already; this keeps it so).
    writeFile(m_disk + "/run.json", "old run");
    writeFile(m_disk + "/filler", std::string(300 << 10, 'f'));
    const ProcessRun r = runDimscope(args(
        {{"compute"}, kSmallAngles, {"--json", QString::fromStdString(m_disk + "/run.json")}}));
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_EQ(readFile(m_disk + "/run.json"), "old run");
}

TEST_F(CliFiles, NoRuntimeFolderWarningWithoutXdgRuntimeDir) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
    env.insert(QStringLiteral("TMPDIR"), m_dir.path()); // where a private runtime folder goes
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(DIMSCOPE_BINARY),
            args({{"export"}, kSmallAngles, {"--out", qpath("fig.png")}}));
    ASSERT_TRUE(p.waitForFinished(300000));
    EXPECT_EQ(p.exitCode(), 0);
    const std::string err = p.readAllStandardError().toStdString();
    EXPECT_EQ(err, "") << "export printed a warning";
    EXPECT_EQ(namesIn(m_dir.path().toStdString()),
              (std::vector<std::string>{"fig.png", "fig.png.json"}))
        << "the private runtime folder was not removed";
}
