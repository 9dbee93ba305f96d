// SPDX-License-Identifier: MIT
#pragma once
// The contract between a computation and whoever runs it (GUI runner, CLI, tests, benchmarks).
// Plain C++: no Qt, so the same compute functions serve every front end.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dimscope {

/// How a computation ended. Every Result carries one, so one generic runner can report all
/// explorers.
enum class Termination { Completed, Cancelled, InvalidInput, Failed };

/// Lower-case name for messages and JSON ("completed", "cancelled", "invalid-input", "failed").
const char *terminationName(Termination t);

/// A user's file that a run read, for the provenance of what it shows (core/io/user_file.h).
struct FileRead {
    std::string param;       ///< the parameter that named it: "input", "model", …
    std::string path;        ///< the file as opened (absolute when the parameter is)
    std::uint64_t bytes = 0; ///< bytes read: the whole file
    std::string sha256;      ///< SHA-256 of exactly those bytes, 64 lower-case hex digits
};

/// Base of every explorer Result: how the run ended and, unless Completed, why in plain words.
struct RunOutcome {
    Termination termination = Termination::Completed;
    std::string message;
    /// The user's files the run read, in the order read, each hashed as it was read (so a
    /// figure's sidecar names the bytes used, never a file read again later). Empty for runs on
    /// synthetic data.
    std::vector<FileRead> filesRead;
    bool ok() const { return termination == Termination::Completed; }
};

/// A run's progress in words, for front ends that know nothing of an explorer's Snapshot (the
/// command line): the share of the work done and what is being done.
struct ProgressNote {
    double fraction = 0; ///< 0…1
    std::string stage;   ///< "120 of 1000 steps", "neighbours"; may be empty
};

/// "120 of 1000 steps" at 120/1000 of the way: the note of a run that counts one kind of unit.
ProgressNote countedProgress(std::int64_t done, std::int64_t total, const std::string &what);

/// Passed to compute functions. Both callbacks may be empty. shouldStop is polled at every cheap
/// step (from the computing thread, possibly from several worker threads at once: it must be
/// thread-safe). onProgress is called from the thread that called compute, at most every
/// progressIntervalSeconds, with a self-contained snapshot (a value, safe to copy elsewhere).
template <class Snapshot>
struct RunControl {
    std::function<bool()> shouldStop;
    std::function<void(const Snapshot &)> onProgress;
    double progressIntervalSeconds = 0.05;

    bool stopRequested() const { return shouldStop && shouldStop(); }
    bool wantsProgress() const { return static_cast<bool>(onProgress); }
};

/// Tells a compute loop when the next progress snapshot is due (a time budget, not a count,
/// so small and large problems both redraw at a steady rate).
class ProgressClock {
public:
    explicit ProgressClock(double intervalSeconds)
        : m_interval(std::chrono::duration<double>(intervalSeconds)),
          m_next(std::chrono::steady_clock::now() +
                 std::chrono::duration_cast<Clock::duration>(m_interval)) {}
    /// True at most once per interval; resets the clock when it returns true.
    bool due() {
        const auto now = Clock::now();
        if (now < m_next)
            return false;
        m_next = now + std::chrono::duration_cast<Clock::duration>(m_interval);
        return true;
    }

private:
    using Clock = std::chrono::steady_clock;
    std::chrono::duration<double> m_interval;
    Clock::time_point m_next;
};

/// Seconds since construction, for Result::elapsed fields and benchmarks.
class Stopwatch {
public:
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

} // namespace dimscope
