// SPDX-License-Identifier: MIT
// Bad input of any kind exits 2 with a short message that names it (issue 13, defects 4 and 9):
// parameter files that are folders, FIFOs or /dev/zero; runs too large for memory, refused with the
// figure and a size that fits; CSV cells that are not decimal numbers; folders given as files; and
// arguments thousands of characters long, quoted as a short excerpt instead of echoed whole.
#include <filesystem>
#include <fstream>
#include <string>

#include <QTemporaryDir>

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "cli_test_support.h"

namespace {

using dimscope::testing::ProcessRun;
using dimscope::testing::runDimscope;

QString longText(int items) {
    QStringList parts;
    for (int i = 1; i <= items; ++i)
        parts << QString::number(i);
    return parts.join(QLatin1Char(','));
}

} // namespace

TEST(CliLimits, ParameterFilesThatAreNotFilesExitTwo) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString fifo = dir.filePath("params.json");
    ASSERT_EQ(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    for (const QString &params : {dir.path(), fifo, QStringLiteral("/dev/zero")}) {
        for (const QStringList &verb :
             {QStringList{"compute", "angles"},
              QStringList{"export", "angles", "--out", dir.filePath("fig.png")}}) {
            const ProcessRun r = runDimscope(verb + QStringList{"--params", params});
            EXPECT_EQ(r.exitCode, 2)
                << verb.join(' ').toStdString() << " " << params.toStdString() << ": " << r.err;
            EXPECT_NE(r.err.find("is not a regular file"), std::string::npos) << r.err;
        }
    }
}

TEST(CliLimits, RunsTooLargeForMemoryExitTwoWithTheFigureAndWhatFits) {
    ProcessRun r = runDimscope({"compute", "hubness", "--n", "1000000", "--d", "100000"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("need about"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" would fit at d = 100000"), std::string::npos) << r.err;
    r = runDimscope(
        {"compute", "inequality", "--widths", "4096,4096,4096,4096,1", "--samples", "1000000"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("need about"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("samples ≤ "), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("bad_alloc"), std::string::npos) << r.err;
}

TEST(CliLimits, PointFilesGiveTheirProblemAndPosition) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const auto compute = [&](const QString &name, const std::string &text) {
        std::ofstream(dir.filePath(name).toStdString(), std::ios::binary) << text;
        return runDimscope({"compute", "hubness", "--input", dir.filePath(name), "--k", "2"});
    };
    ProcessRun r = compute("hex.csv", "1,2\n3,4\n0x10,5\n6,7\n");
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("line 3, column 1: '0x10' is not a number"), std::string::npos) << r.err;
    r = compute("nan.csv", "1,2\n3,4\n5,nan\n6,7\n");
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("line 3, column 2: 'nan' is not finite"), std::string::npos) << r.err;
    std::filesystem::create_directories(dir.filePath("folder.csv").toStdString());
    r = runDimscope({"compute", "hubness", "--input", dir.filePath("folder.csv")});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("folder.csv: is a folder"), std::string::npos) << r.err;
}

TEST(CliLimits, LongArgumentsAreQuotedShort) {
    const QString list = longText(5000); // ~24 000 characters
    const std::vector<QStringList> cases = {
        {"compute", "hubness", "--metric", list},
        {"compute", "hubness-sweep", "--dimensions", list},
        {"compute", "inequality", "--widths", list},
        {"compute", "hubness", "--" + list, "1"},
        {"compute", list},
        {"export", "angles", "--out", list},
        {"export", "angles", "--out", "x.png", "--plot", list},
        {"export", "angles", "--out", "x.png", "--width-mm", list},
        {"list", list},
        {list},
    };
    const std::string echoed = list.left(200).toStdString();
    for (const QStringList &args : cases) {
        const std::string shown = args.join(' ').left(60).toStdString();
        const ProcessRun r = runDimscope(args);
        EXPECT_EQ(r.exitCode, 2) << shown;
        // A short excerpt at most (the usage text may follow an unknown command).
        EXPECT_EQ(r.err.find(echoed), std::string::npos) << shown << ": " << r.err.substr(0, 400);
        // The usage text alone is about 1.5 kB; the list is tens of kB.
        EXPECT_LT(r.err.size(), 2500u) << shown << ": " << r.err.substr(0, 400);
    }
}
