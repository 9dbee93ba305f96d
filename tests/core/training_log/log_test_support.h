// SPDX-License-Identifier: MIT
#pragma once
// Shared by the training-log tests: the committed samples, and a temporary folder for files
// written by a test (removed with the fixture).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace dimscope::training_log::test {

/// tests/core/training_log/data, found from this file's own path.
inline std::string sample(const std::string &name) {
    return (std::filesystem::path(__FILE__).parent_path() / "data" / name).string();
}

class TempFolder : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "dimscope-log-test-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    /// Writes `text` to a file of that name in the folder; returns its path.
    std::string write(const std::string &name, const std::string &text) const {
        const std::filesystem::path path = std::filesystem::path(m_dir) / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    const std::string &dir() const { return m_dir; }

private:
    std::string m_dir;
};

} // namespace dimscope::training_log::test
