// SPDX-License-Identifier: MIT
#include "cli_progress.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>

#include <signal.h>
#include <unistd.h>

namespace dimscope::cli {

bool stderrIsTerminal() { return isatty(fileno(stderr)) == 1; }

void ProgressLine::show(const ProgressNote &note) {
    const int percent = static_cast<int>(std::floor(100.0 * note.fraction));
    std::string line = m_explorer + ": " + std::to_string(percent) + " %";
    if (!note.stage.empty())
        line += "  " + note.stage;
    if (!m_rewrite) {
        std::cerr << line << "\n" << std::flush;
        return;
    }
    const std::size_t length = line.size();
    if (length < m_shown) // blank out the end of a longer previous line
        line.append(m_shown - length, ' ');
    m_shown = length;
    std::cerr << '\r' << line << std::flush;
}

void ProgressLine::finish() {
    if (m_rewrite && m_shown > 0)
        std::cerr << '\r' << std::string(m_shown, ' ') << '\r' << std::flush;
    m_shown = 0;
}

namespace {

// Lock-free, so reading and writing it from a signal handler is defined behaviour.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);
// What SIGINT did before (main's removal of temporary files, io/temp_cleanup.h): restored by the
// first Ctrl-C, so that a second one does what it would have done, and when the run ends.
struct sigaction previous {};

extern "C" void onInterrupt(int) {
    interrupted.store(true);
    ::sigaction(SIGINT, &previous, nullptr); // async-signal-safe
}

} // namespace

InterruptRequest::InterruptRequest() {
    interrupted.store(false);
    struct sigaction current {};
    // An ignored SIGINT (nohup, a background job) stays ignored.
    m_installed = ::sigaction(SIGINT, nullptr, &current) == 0 && current.sa_handler != SIG_IGN;
    if (!m_installed)
        return;
    previous = current;
    struct sigaction handler {};
    handler.sa_handler = onInterrupt;
    sigemptyset(&handler.sa_mask);
    ::sigaction(SIGINT, &handler, nullptr);
}

InterruptRequest::~InterruptRequest() {
    if (m_installed)
        ::sigaction(SIGINT, &previous, nullptr);
}

bool InterruptRequest::requested() const { return interrupted.load(); }

} // namespace dimscope::cli
