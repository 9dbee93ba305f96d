// SPDX-License-Identifier: MIT
#pragma once
// Writes whole files or nothing: every file goes to a temporary file beside its target, and the
// targets are replaced by rename(2) only once every temporary file of the set is complete and on
// disk. A failed write (a full disk, a read-only folder, a signal) never destroys a good file that
// was there before, and reports the system's reason ("No space left on device").
//
// - A symbolic link is written through: its final target is replaced (the temporary file sits
//   beside the target), the link stays.
// - Only regular files are written: a folder, FIFO, socket or device in the way is refused, never
//   replaced by a file (writing to /dev/full as root used to replace the device node).
// - Temporary files are named FILE.dimscope-tmp.PID.XXXXXXXX (XXXXXXXX random hex). They are
//   removed on failure and on SIGINT, SIGTERM and SIGHUP (io/temp_cleanup.h); those left by a
//   killed process (kill -9, a power cut) are removed by the next write of the same FILE, once
//   their process no longer runs and they are over a minute old.
// - Several files (a figure and its sidecar) are replaced together: if one cannot be renamed into
//   place, the ones already replaced are put back from hard-link backups
//   (FILE.dimscope-old.PID.XXXXXXXX, removed afterwards), where the file system allows links.

#include <optional>
#include <string>
#include <vector>

namespace dimscope {

/// One file of a set, with its whole content.
struct FileToWrite {
    std::string path;
    std::string contents;
};

/// Why a write failed: the user's path (as given) and the reason in plain words.
struct WriteError {
    std::string path;
    std::string reason;
    /// "cannot write 'PATH': REASON".
    std::string message() const;
};

/// Writes every file of `files`, or none of them. Refuses two entries that are the same file
/// (after symbolic links: a figure and its CSV given one path) before writing anything.
std::optional<WriteError> writeFilesAtomically(const std::vector<FileToWrite> &files);

/// One file: nullopt on success; otherwise WriteError::message().
std::optional<std::string> writeFileAtomically(const std::string &path,
                                               const std::string &contents);

/// Why `path` cannot be written, found before any work is done: a folder, FIFO, socket or device
/// at it (after symbolic links: /dev/stdout is one), or a loop of links. nullopt when a write can
/// be tried (a missing folder or a full disk shows only then).
std::optional<std::string> unwritableTarget(const std::string &path);

/// The file a write to `path` replaces: symbolic links followed to their last target (which need
/// not exist yet), relative links resolved against their own folder. nullopt for a loop of links.
std::optional<std::string> writeTarget(const std::string &path);

/// True when `a` and `b` would write the same file (same target after links, or the same existing
/// file under two names).
bool sameWriteTarget(const std::string &a, const std::string &b);

} // namespace dimscope
