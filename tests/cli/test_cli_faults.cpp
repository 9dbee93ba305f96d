// SPDX-License-Identifier: MIT
// Faults injected into the command line's writes (issue 13): a read-only folder refuses the write
// with the system's reason and creates nothing; kill -9 at random moments of `export` and
// `compute --json` leaves the old file intact or the new one whole, never a torn file, and the
// next write clears the temporary files the killed runs left. (A full disk is in test_cli_files.)
// Ctrl-C stops a long compute, which writes nothing.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.h"

namespace {

using namespace dimscope::testing;
namespace fs = std::filesystem;

// Long enough that a kill lands inside the computation or the write, short enough for 25 kills.
const QStringList kAngles = {"angles", "--dimension", "50", "--pairs", "200000", "--seed", "3"};

/// Starts dimscope with `args`, kills it with SIGKILL after `delay`; true when the kill landed
/// before the process ended by itself.
bool killDuring(const QStringList &args, std::chrono::milliseconds delay) {
    QProcess p;
    p.start(QStringLiteral(DIMSCOPE_BINARY), args);
    if (!p.waitForStarted(30000))
        return false;
    const bool ended = p.waitForFinished(static_cast<int>(delay.count()));
    if (!ended) {
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
        p.waitForFinished(30000);
    }
    return !ended;
}

/// Ages every file in `folder` by two minutes: a killed run's temporary files count as stale
/// (their process gone, over a minute old) only after that.
void ageFiles(const std::string &folder) {
    const auto old = std::chrono::system_clock::now() - std::chrono::minutes(2);
    const std::time_t t = std::chrono::system_clock::to_time_t(old);
    for (const auto &entry : fs::directory_iterator(folder)) {
        struct utimbuf times = {t, t};
        ::utime(entry.path().c_str(), &times);
    }
}

class CliFaults : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }
    void TearDown() override {
        if (m_mounted)
            ::umount2(m_readOnly.c_str(), MNT_DETACH);
        else if (!m_readOnly.empty())
            ::chmod(m_readOnly.c_str(), 0755); // so that the temporary folder can go
    }
    std::string path(const std::string &name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }
    QString qpath(const std::string &name) const { return QString::fromStdString(path(name)); }
    /// A folder nobody may write to: a read-only tmpfs as root (root ignores permissions), mode
    /// 0555 otherwise. False where neither is possible.
    bool makeReadOnlyFolder(const std::string &name) {
        m_readOnly = path(name);
        fs::create_directories(m_readOnly);
        if (::geteuid() == 0) {
            m_mounted = ::mount("tmpfs", m_readOnly.c_str(), "tmpfs", MS_RDONLY, "size=64k") == 0;
            return m_mounted;
        }
        return ::chmod(m_readOnly.c_str(), 0555) == 0;
    }

    QTemporaryDir m_dir;
    std::string m_readOnly;
    bool m_mounted = false;
};

} // namespace

TEST_F(CliFaults, AReadOnlyFolderIsRefusedWithTheSystemsReasonAndNothingIsCreated) {
    if (!makeReadOnlyFolder("locked"))
        GTEST_SKIP() << "cannot make a read-only folder here";
    const std::vector<QStringList> writes = {
        {"compute", "angles", "--dimension", "10", "--pairs", "1000", "--json",
         QString::fromStdString(m_readOnly + "/run.json")},
        {"export", "angles", "--dimension", "10", "--pairs", "1000", "--out",
         QString::fromStdString(m_readOnly + "/fig.pdf"), "--csv",
         QString::fromStdString(m_readOnly + "/fig.csv")}};
    for (const QStringList &args : writes) {
        const ProcessRun r = runDimscope(args);
        EXPECT_EQ(r.exitCode, 1) << args.join(' ').toStdString() << "\n" << r.err;
        const bool reason = r.err.find("Read-only file system") != std::string::npos ||
                            r.err.find("Permission denied") != std::string::npos;
        EXPECT_TRUE(reason) << r.err;
        EXPECT_NE(r.err.find(m_readOnly), std::string::npos) << "names the file: " << r.err;
        EXPECT_EQ(namesIn(m_readOnly), std::vector<std::string>{});
    }
}

TEST_F(CliFaults, KillNineLeavesTheOldFileOrTheWholeNewOneAndTheNextWriteClearsUp) {
    // The old files, and what a complete new one looks like.
    writeFile(path("run.json"), "old run");
    writeFile(path("fig.pdf"), "old figure");
    writeFile(path("fig.pdf.json"), "old sidecar");
    const auto computeTo = [](const QString &out) {
        return QStringList{"compute"} + kAngles + QStringList{"--json", out};
    };
    const auto exportTo = [](const QString &out) {
        return QStringList{"export"} + kAngles + QStringList{"--out", out, "--width-mm", "80"};
    };
    // The kills land during the runs whatever the build's speed (a -O3 run is several times
    // quicker than a -O1 one): each kind of run is timed once, whole, in a folder of its own,
    // and the kills come at 5–95 % of that time.
    const auto timeOf = [&](const QStringList &args) {
        QElapsedTimer clock;
        clock.start();
        EXPECT_EQ(runDimscope(args).exitCode, 0) << args.join(' ').toStdString();
        return std::max<qint64>(20, clock.elapsed());
    };
    QTemporaryDir probe;
    ASSERT_TRUE(probe.isValid());
    const qint64 computeMs = timeOf(computeTo(probe.filePath("run.json")));
    const qint64 exportMs = timeOf(exportTo(probe.filePath("fig.pdf")));
    std::mt19937 random(7);
    std::uniform_real_distribution<double> when(0.05, 0.95);
    int killed = 0, kills = 25;
    for (int i = 0; i < kills; ++i) {
        const bool exportRun = i % 2 == 1;
        const QStringList args =
            exportRun ? exportTo(qpath("fig.pdf")) : computeTo(qpath("run.json"));
        const double delay = when(random) * double(exportRun ? exportMs : computeMs);
        killed += killDuring(args, std::chrono::milliseconds(std::llround(delay))) ? 1 : 0;

        const std::string run = readFile(path("run.json"));
        if (run != "old run") {
            EXPECT_TRUE(nlohmann::json::accept(run)) << "a torn run.json after kill " << i;
        }
        const std::string figure = readFile(path("fig.pdf"));
        if (figure != "old figure") {
            EXPECT_EQ(figure.rfind("%PDF-", 0), 0u) << "after kill " << i;
            EXPECT_NE(figure.find("%%EOF", figure.size() - 16), std::string::npos)
                << "a torn fig.pdf after kill " << i;
            const std::string sidecar = readFile(path("fig.pdf.json"));
            EXPECT_TRUE(nlohmann::json::accept(sidecar)) << "after kill " << i;
        }
    }
    std::cout << "[ kills    ] " << killed << " of " << kills << " landed during a run\n";
    EXPECT_GT(killed, kills / 3) << "too few kills landed to tell anything";

    // The next writes of the same files, once the killed runs' leftovers are stale, clear them.
    ageFiles(m_dir.path().toStdString());
    ASSERT_EQ(
        runDimscope(QStringList{"compute"} + kAngles + QStringList{"--json", qpath("run.json")})
            .exitCode,
        0);
    ASSERT_EQ(runDimscope(QStringList{"export"} + kAngles +
                          QStringList{"--out", qpath("fig.pdf"), "--width-mm", "80"})
                  .exitCode,
              0);
    EXPECT_EQ(namesIn(m_dir.path().toStdString()),
              (std::vector<std::string>{"fig.pdf", "fig.pdf.json", "run.json"}));
}

TEST_F(CliFaults, CtrlCStopsALongComputeWhichShowedItsProgressAndWritesNothing) {
    // Minutes of work: it only ends early if Ctrl-C stops it.
    const QStringList args = {"compute",  "angles", "--dimension",     "20000",      "--pairs",
                              "10000000", "--json", qpath("run.json"), "--progress", "on"};
    QProcess p;
    p.start(QStringLiteral(DIMSCOPE_BINARY), args);
    ASSERT_TRUE(p.waitForStarted(30000));
    std::string err;
    QElapsedTimer clock;
    clock.start();
    while (err.find("\n") == std::string::npos && clock.elapsed() < 120000) {
        p.waitForReadyRead(1000);
        err += p.readAllStandardError().toStdString();
    }
    // Not a terminal, so one line per note: "angles: 3 %  300000 of 10000000 pairs".
    const std::string first = err.substr(0, err.find('\n'));
    EXPECT_TRUE(std::regex_search(first, std::regex("^angles: [0-9]+ %  [0-9]+ of [0-9]+ pairs$")))
        << first;
    ::kill(static_cast<pid_t>(p.processId()), SIGINT);
    const bool ended = p.waitForFinished(60000);
    if (!ended)
        p.kill();
    ASSERT_TRUE(ended) << "Ctrl-C did not stop the run";
    err += p.readAllStandardError().toStdString();
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit) << "ended by the signal, not by the run";
    EXPECT_EQ(p.exitCode(), 1);
    EXPECT_NE(err.find("cancelled"), std::string::npos) << err;
    EXPECT_EQ(namesIn(m_dir.path().toStdString()), std::vector<std::string>{});
}

TEST_F(CliFaults, AnUnknownProgressModeExitsTwo) {
    const ProcessRun r = runDimscope({"compute", "angles", "--progress", "maybe"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--progress"), std::string::npos) << r.err;
}
