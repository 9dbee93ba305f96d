// SPDX-License-Identifier: MIT
#pragma once
// One worker thread per view. Starting a job makes every older job stale: it sees shouldStop() and
// its results are dropped on the worker and again on the GUI thread (a generation counter, as in
// KDAB Hotspot's JobTracker). Snapshots are not queued: the worker keeps only the newest one, and a
// ~33 ms timer on the GUI thread pulls it, so plots redraw at most ~30 times a second however fast
// the computation publishes.

#include <any>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include <QElapsedTimer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

namespace dimscope::views {

namespace detail {
struct JobShared;
}

/// Handed to the work function; used on the worker thread (and by its helper threads for
/// shouldStop).
class JobControl {
public:
    JobControl(std::shared_ptr<detail::JobShared> shared, quint64 generation);
    /// True once a newer job started, the runner was cancelled or is being destroyed. Thread-safe.
    bool shouldStop() const;
    /// Replaces the pending snapshot (only the newest is ever shown).
    void publish(std::any snapshot);

private:
    std::shared_ptr<detail::JobShared> m_shared;
    quint64 m_generation;
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    using Work = std::function<std::any(JobControl &)>;

    explicit JobRunner(QObject *parent = nullptr);
    /// Cancels and waits: no worker outlives its runner.
    ~JobRunner() override;

    /// Starts `work` on the worker thread as soon as the previous (now stale) job has stopped.
    void start(Work work);
    /// Makes the current job stale; it ends within one step and nothing more is emitted for it.
    void cancel();
    bool isRunning() const { return m_running; }
    /// Seconds since the current (or last) job started.
    double elapsedSeconds() const;
    /// Blocks until the worker is idle (tests, shutdown).
    void waitForIdle();

    static constexpr int frameIntervalMs = 33;

signals:
    void snapshotReady(const std::any &snapshot);
    /// The newest job returned. `result` is what the work function returned.
    void finished(const std::any &result, double elapsedSeconds);
    /// The newest job threw; the message says what.
    void failed(const QString &message);

private:
    void deliverSnapshot();

    std::shared_ptr<detail::JobShared> m_shared;
    QThreadPool m_pool;
    QTimer m_frameTimer;
    QElapsedTimer m_clock;
    bool m_running = false;
};

} // namespace dimscope::views
