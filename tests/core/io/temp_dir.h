// SPDX-License-Identifier: MIT
#pragma once
// A folder of the test process's own under the system's temporary folder, removed with it; the
// file-reading tests write their inputs there.

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace dimscope::testing {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("dimscope_io_test_" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
    /// Writes `text` to `name` in the folder; returns its path.
    std::string write(const std::string &name, const std::string &text) const {
        const auto file = path / name;
        std::ofstream(file) << text;
        return file.string();
    }
};

} // namespace dimscope::testing
