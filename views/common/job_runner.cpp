// SPDX-License-Identifier: MIT
#include "common/job_runner.h"

#include <exception>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

namespace dimscope::views {

namespace {

/// Computations use every core; the GUI thread must still get one at once when the user drags a
/// slider. On Linux nice is per thread and inherited by the threads a computation starts, so the
/// worker (and its helpers) run a little behind the GUI thread. Elsewhere this does nothing.
void lowerWorkerPriority() {
#ifdef Q_OS_LINUX
    constexpr int workerNice = 5;
    if (getpriority(PRIO_PROCESS, 0) < workerNice)
        setpriority(PRIO_PROCESS, 0, workerNice); // 0 = the calling thread, on Linux
#endif
}

} // namespace

namespace detail {
struct JobShared {
    std::atomic<quint64> generation{0};
    std::mutex mutex; // guards the fields below
    std::any snapshot;
    quint64 snapshotGeneration = 0;
    bool snapshotFresh = false;
};
} // namespace detail

JobControl::JobControl(std::shared_ptr<detail::JobShared> shared, quint64 generation)
    : m_shared(std::move(shared)), m_generation(generation) {}

bool JobControl::shouldStop() const { return m_shared->generation.load() != m_generation; }

void JobControl::publish(std::any snapshot) {
    std::lock_guard<std::mutex> lock(m_shared->mutex);
    m_shared->snapshot = std::move(snapshot);
    m_shared->snapshotGeneration = m_generation;
    m_shared->snapshotFresh = true;
}

JobRunner::JobRunner(QObject *parent)
    : QObject(parent), m_shared(std::make_shared<detail::JobShared>()) {
    qRegisterMetaType<std::any>("std::any");
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
    m_frameTimer.setInterval(frameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &JobRunner::deliverSnapshot);
}

JobRunner::~JobRunner() {
    cancel();
    m_pool.waitForDone();
}

void JobRunner::start(Work work) {
    const quint64 generation = ++m_shared->generation;
    m_running = true;
    m_clock.start();
    m_frameTimer.start();
    auto shared = m_shared;
    m_pool.start([this, shared, generation, work = std::move(work)] {
        // A queue of stale jobs builds up while a slider is dragged: skip them without starting.
        if (shared->generation.load() != generation)
            return;
        lowerWorkerPriority();
        JobControl control(shared, generation);
        std::any result;
        QString error;
        try {
            result = work(control);
        } catch (const std::bad_alloc &) {
            error = tr("Out of memory: the chosen sizes need more memory than is available.");
        } catch (const std::exception &e) {
            error = QString::fromStdString(e.what());
        } catch (...) {
            error = tr("Unknown error in the computation.");
        }
        if (shared->generation.load() != generation)
            return;
        // Queued to the GUI thread. The destructor waits for this task, so `this` is alive here;
        // if the runner is deleted before the event is handled, Qt discards the event with it.
        QMetaObject::invokeMethod(
            this,
            [this, generation, result = std::move(result), error] {
                if (m_shared->generation.load() != generation)
                    return; // a newer job started after this one finished
                deliverSnapshot();
                m_running = false;
                m_frameTimer.stop();
                if (error.isEmpty())
                    emit finished(result, elapsedSeconds());
                else
                    emit failed(error);
            },
            Qt::QueuedConnection);
    });
}

void JobRunner::cancel() {
    ++m_shared->generation;
    m_running = false;
    m_frameTimer.stop();
}

double JobRunner::elapsedSeconds() const {
    return m_clock.isValid() ? m_clock.nsecsElapsed() * 1e-9 : 0.0;
}

void JobRunner::waitForIdle() { m_pool.waitForDone(); }

void JobRunner::deliverSnapshot() {
    std::any snapshot;
    {
        std::lock_guard<std::mutex> lock(m_shared->mutex);
        if (!m_shared->snapshotFresh || m_shared->snapshotGeneration != m_shared->generation.load())
            return;
        snapshot = std::move(m_shared->snapshot);
        m_shared->snapshot.reset();
        m_shared->snapshotFresh = false;
    }
    emit snapshotReady(snapshot);
}

} // namespace dimscope::views
