// SPDX-License-Identifier: MIT
// One binary: no arguments opens the window; a verb runs headless (see `dimscope --help`).
#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

#include <QApplication>
#include <QIcon>

#include "cli.h"
#include "common/excerpt.h"
#include "io/temp_cleanup.h"
#include "main_window.h"

namespace {

/// A runtime folder for a headless run when the environment has none (cron, containers, ssh
/// without a login session). Qt's offscreen platform asks QStandardPaths for it, which printed
/// "QStandardPaths: XDG_RUNTIME_DIR not set, defaulting to '/tmp/runtime-root'" on every export.
/// mkdtemp makes it as Qt requires (ours, mode 0700); it is removed when the run ends.
class PrivateRuntimeFolder {
public:
    PrivateRuntimeFolder() {
        if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
            return;
        std::error_code error;
        std::string pattern =
            (std::filesystem::temp_directory_path(error) / "dimscope-runtime-XXXXXX").string();
        if (!error && ::mkdtemp(pattern.data())) {
            m_path = pattern;
            qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(m_path));
        }
    }
    ~PrivateRuntimeFolder() {
        std::error_code error;
        if (!m_path.empty())
            std::filesystem::remove_all(m_path, error);
    }
    PrivateRuntimeFolder(const PrivateRuntimeFolder &) = delete;
    PrivateRuntimeFolder &operator=(const PrivateRuntimeFolder &) = delete;

private:
    std::string m_path;
};

int runHeadless(int argc, char **argv) {
    using namespace dimscope::cli;
    const std::string verb = argv[1];
    const Args rest(argv + 2, argv + argc);
    if (verb == "--help" || verb == "-h" || verb == "help") {
        std::cout << usageText();
        return Success;
    }
    if (verb == "--version" || verb == "-v") {
        std::cout << "dimscope " << DIMSCOPE_VERSION << "\n";
        return Success;
    }
    if (verb == "list")
        return runList(rest);
    if (verb == "compute")
        return runCompute(rest);
    // export and bench draw widgets, inspect reads PNG text: they need a QApplication, and no
    // display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const PrivateRuntimeFolder runtime; // outlives the application
    QApplication app(argc, argv);
    std::setlocale(LC_NUMERIC, "C"); // QApplication adopts the user's locale; strtod must not
    if (verb == "inspect")
        return runInspect(rest);
    return verb == "export" ? runExport(rest) : runBench(rest);
}

} // namespace

int main(int argc, char **argv) {
    // Ctrl-C or kill during a write removes its temporary file (io/atomic_file.h).
    dimscope::removeTempFilesOnSignals();
    if (argc > 1) {
        if (!dimscope::cli::isHeadlessVerb(argv[1])) {
            std::cerr << "dimscope: unknown command " << dimscope::excerpt(argv[1]) << "\n"
                      << dimscope::cli::usageText();
            return dimscope::cli::UsageError;
        }
        return runHeadless(argc, argv);
    }
    QApplication app(argc, argv);
    std::setlocale(LC_NUMERIC, "C"); // "0.5" must parse as a half whatever the user's locale
    QApplication::setOrganizationName(QStringLiteral("dimscope"));
    QApplication::setApplicationName(QStringLiteral("dimscope"));
    QApplication::setApplicationVersion(QStringLiteral(DIMSCOPE_VERSION));
    // The id names the installed .desktop entry: Wayland compositors match windows to entries (and
    // their icons) by it. The theme's icon is the installed one; the built-in copy serves a build
    // tree that was never installed.
    const QString appId = QStringLiteral(DIMSCOPE_APP_ID);
    const QIcon builtInIcon(QStringLiteral(":/icons/" DIMSCOPE_APP_ID ".svg"));
    QApplication::setDesktopFileName(appId);
    QApplication::setWindowIcon(QIcon::fromTheme(appId, builtInIcon));
    dimscope::app::MainWindow window;
    window.show();
    return QApplication::exec();
}
