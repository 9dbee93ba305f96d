// SPDX-License-Identifier: MIT
// The UCI digits as shipped (resources/data/digits.csv.gz) and the digits task's split; malformed
// files are refused with the line and column of the first problem.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tasks/digits_data.h"
#include "tasks/task.h"

namespace {

using namespace dimscope::tasks;

TEST(Digits, TheShippedFileHolds1797ImagesOfEveryDigit) {
    const std::string path = shippedDigitsPath();
    ASSERT_FALSE(path.empty());
    DigitsData data;
    const auto error = loadDigits(path, data);
    ASSERT_FALSE(error) << *error;
    ASSERT_EQ(data.images.cols(), 1797);
    ASSERT_EQ(data.images.rows(), 64);
    EXPECT_EQ(data.images.minCoeff(), 0.0f);
    EXPECT_EQ(data.images.maxCoeff(), 1.0f);
    for (int d = 0; d < 10; ++d) {
        const auto n = std::count(data.labels.begin(), data.labels.end(), d);
        EXPECT_GE(n, 174) << d; // 174…183 images of each digit
        EXPECT_LE(n, 183) << d;
    }
    // The first image is a 0: its first row is 0 0 5 13 9 1 0 0 (scikit-learn's digits[0]).
    EXPECT_EQ(data.labels[0], 0);
    EXPECT_FLOAT_EQ(data.images(2, 0), 5.0f / 16);
    EXPECT_FLOAT_EQ(data.images(3, 0), 13.0f / 16);
}

TEST(Digits, TheTaskHoldsOutASeededTestSplit) {
    TaskSettings s;
    s.kind = TaskKind::Digits;
    auto task = makeTask(s, 1);
    EXPECT_TRUE(task->classifies());
    EXPECT_EQ(task->layout().size(), 64 * 64 + 64 + 64 * 64 + 64 + 10 * 64 + 10);
    const Evaluation e = task->evaluate(task->initialParameters(), 0);
    EXPECT_NEAR(e.trainLoss, std::log(10.0), 0.5);
    // 359 test images (20 % of 1797): accuracy is a multiple of 1/359.
    EXPECT_NEAR(e.accuracy * 359, std::round(e.accuracy * 359), 1e-9);
    s.testFraction = 0.5;
    auto half = makeTask(s, 1);
    const Evaluation h = half->evaluate(half->initialParameters(), 0);
    EXPECT_NEAR(h.accuracy * 899, std::round(h.accuracy * 899), 1e-9);
}

class MalformedDigits : public ::testing::Test {
protected:
    std::string write(const std::string &text) {
        const auto path =
            std::filesystem::temp_directory_path() /
            ("dimscope_digits_" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv");
        std::ofstream(path) << text;
        m_paths.push_back(path);
        return path.string();
    }
    void TearDown() override {
        for (const auto &p : m_paths)
            std::filesystem::remove(p);
    }
    static std::string line(int pixel, int label, int fields = 65) {
        std::string s;
        for (int i = 0; i < fields; ++i)
            s += (i ? "," : "") + std::to_string(i + 1 == fields ? label : pixel);
        return s + "\n";
    }
    std::vector<std::filesystem::path> m_paths;
};

TEST_F(MalformedDigits, APlainFileReadsLikeTheGzipOne) {
    DigitsData data;
    const auto error = loadDigits(write(line(16, 7) + line(0, 3)), data);
    ASSERT_FALSE(error) << *error;
    EXPECT_EQ(data.labels, (std::vector<int>{7, 3}));
    EXPECT_EQ(data.images(63, 0), 1.0f);
}

TEST_F(MalformedDigits, NameTheLineAndColumn) {
    DigitsData data;
    auto error = loadDigits(write(line(1, 2) + line(1, 2, 64)), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("line 2, column 65"), std::string::npos) << *error;
    error = loadDigits(write(line(1, 2) + line(1, 2) + line(17, 2)), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("line 3, column 1"), std::string::npos) << *error;
    EXPECT_NE(error->find("'17'"), std::string::npos) << *error;
    error = loadDigits(write(line(1, 12)), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("line 1, column 65"), std::string::npos) << *error;
    EXPECT_NE(error->find("the digit"), std::string::npos) << *error;
    error = loadDigits(write(line(1, 2, 66)), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("line 1, column 66"), std::string::npos) << *error;
    error = loadDigits(write("0,0,x\n"), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("line 1, column 3"), std::string::npos) << *error;
    error = loadDigits(write(""), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("no images"), std::string::npos) << *error;
    error = loadDigits("/no/such/digits.csv", data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("cannot open"), std::string::npos) << *error;
}

TEST_F(MalformedDigits, TheTaskRefusesThemWithTheMessage) {
    TaskSettings s;
    s.kind = TaskKind::Digits;
    s.dataPath = write(line(1, 2) + line(1, 2, 64));
    try {
        makeTask(s, 1);
        FAIL() << "a malformed file made a task";
    } catch (const std::invalid_argument &e) {
        EXPECT_NE(std::string(e.what()).find("line 2, column 65"), std::string::npos) << e.what();
    }
}

} // namespace
