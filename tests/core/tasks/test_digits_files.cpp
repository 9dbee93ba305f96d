// SPDX-License-Identifier: MIT
// The digits file a user gives the training tasks is read like every user file (issue 13, defects
// 7 and 9): a FIFO no longer blocks gzopen() for ever, a folder is refused as a folder, a long bad
// field is quoted short; gzip files of several members (gzip -c a b) read whole.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "tasks/digits_data.h"

using namespace dimscope::tasks;
namespace fs = std::filesystem;

namespace {

class DigitsFiles : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "dimscope-digits-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string path(const std::string &name) const { return m_dir + "/" + name; }
    static std::string line(int pixel, int label) {
        std::string s;
        for (int i = 0; i < 65; ++i)
            s += (i ? "," : "") + std::to_string(i == 64 ? label : pixel);
        return s + "\n";
    }
    std::string m_dir;
};

} // namespace

TEST_F(DigitsFiles, AFifoIsRefusedWithoutWaitingForAWriter) {
    const std::string fifo = path("digits.csv.gz");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // A reader that blocks in open() waits for a writer: one comes after 3 s and closes at once.
    std::atomic<bool> done{false};
    std::thread writer([&] {
        const auto start = std::chrono::steady_clock::now();
        while (!done && std::chrono::steady_clock::now() - start < std::chrono::seconds(3))
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        while (!done) {
            const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0)
                ::close(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    const auto start = std::chrono::steady_clock::now();
    DigitsData data;
    const auto error = loadDigits(fifo, data);
    const auto waited = std::chrono::steady_clock::now() - start;
    done = true;
    writer.join();
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("is not a regular file (a FIFO)"), std::string::npos) << *error;
    EXPECT_LT(waited, std::chrono::seconds(2));
}

TEST_F(DigitsFiles, AFolderAndALongFieldHaveShortMessages) {
    fs::create_directories(path("folder.csv"));
    DigitsData data;
    auto error = loadDigits(path("folder.csv"), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("is a folder"), std::string::npos) << *error;
    std::ofstream(path("long.csv")) << line(1, 2) << std::string(1 << 20, '7') << ",1\n";
    error = loadDigits(path("long.csv"), data);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("line 2, column 1"), std::string::npos) << error->substr(0, 200);
    EXPECT_LT(error->size(), 300u) << error->substr(0, 300);
}

TEST_F(DigitsFiles, GzipOfSeveralMembersReadsWhole) {
    const std::string gz = path("digits.csv.gz");
    for (const char *mode : {"wb", "ab"}) { // "ab" appends a second gzip member
        gzFile file = gzopen(gz.c_str(), mode);
        ASSERT_NE(file, nullptr);
        const std::string text = line(3, 4);
        ASSERT_EQ(gzwrite(file, text.data(), unsigned(text.size())), int(text.size()));
        gzclose(file);
    }
    DigitsData data;
    const auto error = loadDigits(gz, data);
    ASSERT_FALSE(error) << *error;
    EXPECT_EQ(data.labels, (std::vector<int>{4, 4}));
    // A damaged gzip file is reported, not read short.
    std::string bytes;
    {
        std::ifstream in(gz, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    bytes[12] = char(bytes[12] ^ 0x55);
    std::ofstream(path("bad.csv.gz"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const auto bad = loadDigits(path("bad.csv.gz"), data);
    ASSERT_TRUE(bad);
    EXPECT_NE(bad->find("cannot read the digits file"), std::string::npos) << *bad;
}
