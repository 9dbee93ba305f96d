// SPDX-License-Identifier: MIT
#pragma once
// Temporary files of writes under way, removed when the process is interrupted. An atomic write
// (io/atomic_file.h) creates FILE.dimscope-tmp.PID.XXXXXXXX beside FILE and renames it over FILE
// when complete; a run stopped by Ctrl-C or `kill` in between would leave it behind. The handlers
// remove every registered file, then let the signal end the process as it would have.
//
// A kill -9 cannot be caught: its temporary files stay, and the next write of the same FILE
// removes them once their process is gone (atomic_file.cpp).

#include <cstddef>

namespace dimscope {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the registered temporary files,
/// restore the default action and re-raise the signal. A signal that is ignored or already handled
/// (nohup, a test harness) is left alone. Call once, early in main().
void removeTempFilesOnSignals();

/// Registers `path` for removal on a signal until unregisterTempFile(slot). Returns the slot, or
/// -1 when the table is full or the path too long (the file is then merely not cleaned up on a
/// signal). Thread-safe and lock-free.
int registerTempFile(const char *path);
void unregisterTempFile(int slot);

/// Slots in the table: more than the files of any one export.
inline constexpr std::size_t kTempFileSlots = 64;

} // namespace dimscope
