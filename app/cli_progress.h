// SPDX-License-Identifier: MIT
#pragma once
// What `dimscope compute` shows while a long run goes on, and Ctrl-C as a request to stop it.

#include <cstddef>
#include <string>
#include <utility>

#include "common/run_control.h"

namespace dimscope::cli {

/// Whether standard error is a terminal (where a progress line may rewrite itself).
bool stderrIsTerminal();

/// Writes an explorer's progress notes to standard error: on a terminal one line that rewrites
/// itself, elsewhere (a log file) one line per note.
class ProgressLine {
public:
    ProgressLine(std::string explorer, bool rewrite)
        : m_explorer(std::move(explorer)), m_rewrite(rewrite) {}
    void show(const ProgressNote &note);
    /// Clears a rewritten line, so that what follows starts on a clean line.
    void finish();

private:
    std::string m_explorer;
    bool m_rewrite;
    std::size_t m_shown = 0; ///< characters of the line on screen
};

/// While it lives, the first Ctrl-C (SIGINT) asks the run to stop: requested() turns true, the
/// run ends as cancelled and writes nothing. A second Ctrl-C does what SIGINT did before (ends
/// the process, removing temporary files), as does any Ctrl-C once it is gone: keep it to the
/// computation, not the writes after it. An ignored SIGINT is left ignored.
class InterruptRequest {
public:
    InterruptRequest();
    ~InterruptRequest();
    InterruptRequest(const InterruptRequest &) = delete;
    InterruptRequest &operator=(const InterruptRequest &) = delete;
    bool requested() const;

private:
    bool m_installed = false;
};

} // namespace dimscope::cli
