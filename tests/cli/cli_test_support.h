// SPDX-License-Identifier: MIT
#pragma once
// Runs the real dimscope binary (DIMSCOPE_BINARY, set by CMake) as a script would.

#include <string>

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

} // namespace dimscope::testing
