// SPDX-License-Identifier: MIT
// Bad logs: every problem names the file, the line (the header is line 1) and the column, quotes
// at most a short excerpt, refuses NaN, Inf and hexadecimal; what is not a regular file, or is
// too large, is refused before it is read.
#include <chrono>
#include <string>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "io/npy.h"
#include "log_test_support.h"
#include "training_log/log_reader.h"
#include "training_log/log_text.h"

using namespace dimscope;
using namespace dimscope::training_log;

namespace {

/// The message parsing `text` throws (fails the test when it does not throw).
std::string errorOf(const std::string &text, const LogSelection &selection = {}) {
    try {
        parseTrainingLog(text, "log.csv", ',', selection);
    } catch (const DataFileError &e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for: " << text.substr(0, 200);
    return {};
}

std::string fileErrorOf(const std::string &path, std::uint64_t maxBytes = kMaxLogBytes) {
    try {
        readLogText(path, maxBytes);
    } catch (const DataFileError &e) {
        return e.what();
    }
    ADD_FAILURE() << "no error for " << path;
    return {};
}

} // namespace

TEST(LogErrors, NamesTheLineAndColumnOfABadCell) {
    EXPECT_EQ(errorOf("step,loss\n0,1\n1,abc\n"),
              "log.csv: line 3, column 2 ('loss'): 'abc' is not a number; expected a decimal "
              "number or an empty cell");
    EXPECT_EQ(errorOf("step,loss\n0,1\n1,2,3\n"),
              "log.csv: line 3: 3 cells; expected 2 like the header (line 1)");
    EXPECT_EQ(errorOf("step,loss\n0,1\n,2\n"),
              "log.csv: line 3, column 1 ('step'): the x cell is empty where 'loss' has a value; "
              "expected a number");
}

TEST(LogErrors, LinesCountBlankLinesAndTheHeaderIsLineOne) {
    EXPECT_NE(errorOf("step,loss\n\n0,1\n\n1,x\n").find("line 5, column 2"), std::string::npos);
    EXPECT_NE(errorOf("\xEF\xBB\xBFstep,loss\r\n0,1\r\n1,x\r\n").find("line 3, column 2"),
              std::string::npos);
}

TEST(LogErrors, RefusesNanAndInfWithTheirPosition) {
    EXPECT_EQ(errorOf("step,loss\n0,1\n1,nan\n"),
              "log.csv: line 3, column 2 ('loss'): 'nan' is not a finite number; dimscope plots "
              "finite values only (cut the log where the run diverged, or choose another column)");
    EXPECT_NE(errorOf("step,loss\n0,1\n1,-inf\n")
                  .find("line 3, column 2 ('loss'): '-inf' is not "
                        "a finite number"),
              std::string::npos);
    EXPECT_NE(errorOf("step,loss\ninf,1\n").find("line 2, column 1 ('step'): 'inf'"),
              std::string::npos);
    EXPECT_NE(errorOf("step,loss\n0,1e999\n").find("'1e999' is not a finite number"),
              std::string::npos);
    // Beyond a double's range towards zero is the nearest double, not an error.
    EXPECT_EQ(parseTrainingLog("step,loss\n0,1e-999\n", "u.csv", ',', {})->runs[0].y[0], 0.0);
}

TEST(LogErrors, HexadecimalAndOtherNonDecimalsAreNotNumbers) {
    EXPECT_NE(errorOf("step,loss\n0,0x10\n").find("'0x10' is not a number"), std::string::npos);
    EXPECT_NE(errorOf("step,loss\n0,\"1,5\"\n").find("'1,5' is not a number"), std::string::npos);
    EXPECT_NE(errorOf("step,loss\n0,1.5.2\n").find("is not a number"), std::string::npos);
    EXPECT_NE(errorOf("step,loss\n0,++1\n").find("is not a number"), std::string::npos);
    double v = 0;
    EXPECT_EQ(parseNumber("+1.5e-3", v), CellNumber::Number);
    EXPECT_EQ(v, 1.5e-3);
    EXPECT_EQ(parseNumber(".5", v), CellNumber::Number);
    EXPECT_EQ(parseNumber("0X1p3", v), CellNumber::NotNumber);
    EXPECT_EQ(parseNumber("NaN", v), CellNumber::NotFinite);
    EXPECT_EQ(parseNumber("", v), CellNumber::Empty);
}

TEST(LogErrors, QuotesAtMostAShortExcerpt) {
    const std::string huge(1 << 20, 'x');
    const std::string message = errorOf("step,loss\n0," + huge + "\n");
    EXPECT_LT(message.size(), 200u) << message.substr(0, 300);
    EXPECT_NE(message.find("'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' (1.0 MiB)"),
              std::string::npos)
        << message;
    // A long column name in a message is cut too, and never mid-character.
    const std::string name(300, 'n');
    EXPECT_LT(errorOf("step," + name + "\n0,z\n").size(), 200u);
    EXPECT_EQ(excerpt("ééééééééééééééééééééééé"), "'éééééééééééééééééééé…' (46 bytes)");
    EXPECT_EQ(excerpt("a\x01z"), "'a?z'");
}

TEST(LogErrors, MissingColumnsListTheChoices) {
    EXPECT_EQ(errorOf("step,loss,acc\n0,1,2\n", {"step", "val_loss"}),
              "log.csv: no column 'val_loss' for y; its metrics are 'loss', 'acc'");
    EXPECT_EQ(errorOf("step,loss\n0,1\n", {"epoch", ""}),
              "log.csv: no column 'epoch' for x; line 1 names 'step', 'loss'");
    EXPECT_NE(errorOf("step,loss\n0,1\n", {"step", "step"}).find("y and x are both column 1"),
              std::string::npos);
    EXPECT_NE(errorOf("step,Loss,loss\n0,1,2\n", {"step", "LOSS"}).find("names 2 columns 'LOSS'"),
              std::string::npos);
    EXPECT_NE(errorOf("step,epoch\n0,1\n").find("no metric column"), std::string::npos);
}

TEST(LogErrors, EmptyFilesAndQuotes) {
    EXPECT_NE(errorOf("").find("the file is empty"), std::string::npos);
    EXPECT_NE(errorOf("\n\n  \n").find("the file is empty"), std::string::npos);
    EXPECT_NE(errorOf("step,loss\n").find("only a header line"), std::string::npos);
    EXPECT_NE(errorOf("step,loss\n0,\n1,\n").find("column 2 ('loss') is empty in every row"),
              std::string::npos);
    EXPECT_EQ(errorOf("step,loss\n0,\"1\n"),
              "log.csv: line 2, column 2: a quote opens a cell but the line ends before it "
              "closes; expected one row per line");
    EXPECT_NE(errorOf("step,loss\n0,\"1\"x\n").find("'x' follows a closing quote"),
              std::string::npos);
}

class LogFileErrors : public test::TempFolder {};

TEST_F(LogFileErrors, RefusesWhatIsNotARegularFileBeforeReadingIt) {
    EXPECT_NE(fileErrorOf(dir()).find(": is a folder"), std::string::npos);
    EXPECT_NE(fileErrorOf(dir() + "/missing.csv").find("cannot open the file"), std::string::npos);
    // A FIFO without a writer would block a plain open() for ever.
    const std::string fifo = dir() + "/pipe.csv";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_NE(fileErrorOf(fifo).find("is not a regular file"), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    EXPECT_NE(fileErrorOf("/dev/zero").find("is not a regular file"), std::string::npos);
}

TEST_F(LogFileErrors, BoundsTheBytesRead) {
    const std::string path = write("big.csv", "step,loss\n" + std::string(5000, '\n') + "0,1\n");
    EXPECT_NE(fileErrorOf(path, 1000)
                  .find("holds 5014 bytes; training logs are read up to 1000 "
                        "bytes"),
              std::string::npos);
    EXPECT_EQ(readLogText(path).size(), 5014u);
}
