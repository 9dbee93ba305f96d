// SPDX-License-Identifier: MIT
#pragma once
// Runs the real dimscope binary (DIMSCOPE_BINARY, set by CMake) as a script would.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <QProcess>
#include <QStringList>

#include <gtest/gtest.h>

namespace dimscope::testing {

struct ProcessRun {
    int exitCode = -1; ///< -1 when the process crashed or did not finish
    std::string out, err;
};

inline ProcessRun runDimscope(const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral(DIMSCOPE_BINARY), args);
    EXPECT_TRUE(p.waitForFinished(300000)) << "dimscope did not finish";
    ProcessRun r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

/// The whole file at `path` ("" when it cannot be read).
inline std::string readFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeFile(const std::string &path, const std::string &text) {
    std::ofstream(path, std::ios::binary) << text;
}

/// Every name in `folder`, sorted: what a run left behind.
inline std::vector<std::string> namesIn(const std::string &folder) {
    std::vector<std::string> names;
    for (const auto &entry : std::filesystem::directory_iterator(folder))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace dimscope::testing
