// SPDX-License-Identifier: MIT
// The job runner's promises: only the newest job's results arrive; snapshots are rate-limited;
// a failing job reports its message; destroying the runner mid-run is safe.
#include <atomic>
#include <chrono>
#include <thread>

#include <QSignalSpy>
#include <QtTest>

#include "common/job_runner.h"

using dimscope::views::JobControl;
using dimscope::views::JobRunner;

namespace {

/// Work that publishes a counter as fast as it can until `steps` or a stop request.
JobRunner::Work counting(int tag, int steps, std::atomic<int> *stoppedEarly = nullptr) {
    return [=](JobControl &job) -> std::any {
        for (int i = 0; i < steps; ++i) {
            if (job.shouldStop()) {
                if (stoppedEarly)
                    ++*stoppedEarly;
                return std::any(-1);
            }
            job.publish(std::any(tag * 1000000 + i));
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        return std::any(tag);
    };
}

} // namespace

class TestJobRunner : public QObject {
    Q_OBJECT
private slots:
    void deliversResultOfNewestJobOnly() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy snapshots(&runner, &JobRunner::snapshotReady);
        runner.start(counting(1, 100000));
        runner.start(counting(2, 100000));
        runner.start(counting(3, 200));
        QVERIFY(finished.wait(10000));
        QTest::qWait(100);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(std::any_cast<int>(finished.at(0).at(0).value<std::any>()), 3);
        for (const auto &args : snapshots)
            QCOMPARE(std::any_cast<int>(args.at(0).value<std::any>()) / 1000000, 3);
        QVERIFY(!runner.isRunning());
    }

    void runningJobStopsWhenSuperseded() {
        JobRunner runner;
        QSignalSpy snapshots(&runner, &JobRunner::snapshotReady);
        QSignalSpy finished(&runner, &JobRunner::finished);
        std::atomic<int> stopped{0};
        runner.start(counting(1, 10000000, &stopped)); // ~30 min if never stopped
        QVERIFY(snapshots.wait(5000));                 // it is running now
        runner.start(counting(2, 10));
        QVERIFY(finished.wait(5000));
        QCOMPARE(stopped.load(), 1);
        QCOMPARE(std::any_cast<int>(finished.at(0).at(0).value<std::any>()), 2);
    }

    void snapshotsAreRateLimited() {
        JobRunner runner;
        QSignalSpy snapshots(&runner, &JobRunner::snapshotReady);
        QSignalSpy finished(&runner, &JobRunner::finished);
        QElapsedTimer clock;
        clock.start();
        runner.start(counting(1, 4000)); // publishes ~4000 times in ~1 s
        QVERIFY(finished.wait(20000));
        const double seconds = clock.elapsed() / 1000.0;
        QVERIFY2(snapshots.count() >= 2, "progress must be shown while running");
        // At most one frame per 33 ms (a coarse timer may fire 5 % early), plus the final one.
        QVERIFY2(snapshots.count() <= seconds * 1000.0 / (0.95 * JobRunner::frameIntervalMs) + 2,
                 qPrintable(QString("%1 snapshots in %2 s").arg(snapshots.count()).arg(seconds)));
    }

    void exceptionBecomesFailedWithMessage() {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(
            [](JobControl &) -> std::any { throw std::runtime_error("diverged at step 7"); });
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("diverged at step 7"));
        QCOMPARE(finished.count(), 0);
    }

    void cancelSuppressesResult() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(counting(1, 1000));
        runner.cancel();
        runner.waitForIdle();
        QTest::qWait(100);
        QCOMPARE(finished.count(), 0);
    }

    void destroyingMidRunIsSafe() {
        std::atomic<int> stopped{0};
        {
            JobRunner runner;
            runner.start(counting(1, 10000000, &stopped));
            QTest::qWait(50);
        } // destructor cancels and waits
        QCOMPARE(stopped.load(), 1);
        QTest::qWait(50); // no event may reach the dead runner
    }
};

QTEST_MAIN(TestJobRunner)
#include "test_job_runner.moc"
