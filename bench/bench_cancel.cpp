// SPDX-License-Identifier: MIT
// dimscope-bench cancel [--after-ms T] [--runs R]: how long each registered explorer takes to
// return once a stop is requested T ms into a run at its defaults (best, median and worst of R).
// A slider drag starts a new run on every step, so this latency is what a user waits for. The
// view tests assert only that cancelling works; the time is measured here.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench.h"
#include "registry.h"

namespace dimscope::bench {

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

/// Milliseconds from the stop request to the return, or a negative value when the run ended first.
double cancelLatency(const ExplorerInfo &explorer, int afterMs) {
    std::atomic<bool> stop{false};
    Clock::time_point requested{};
    std::thread timer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(afterMs));
        requested = Clock::now();
        stop = true;
    });
    const JsonRun run =
        explorer.computeJson(ParamSet(explorer.specs()), [&] { return stop.load(); });
    const Clock::time_point returned = Clock::now();
    timer.join();
    if (run.termination != Termination::Cancelled)
        return -1;
    return ms(returned - requested);
}

} // namespace

int benchCancel(const Args &args) {
    int afterMs = 20, runs = 5;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        if (args[i] == "--after-ms")
            afterMs = std::stoi(args[i + 1]);
        else if (args[i] == "--runs")
            runs = std::stoi(args[i + 1]);
    }
    std::printf("stop requested %d ms into a run at the defaults; latency to return, %d runs\n",
                afterMs, runs);
    std::printf("%-16s %10s %10s %10s\n", "explorer", "best ms", "median ms", "worst ms");
    for (const ExplorerInfo &e : explorers()) {
        std::vector<double> latencies;
        for (int r = 0; r < runs; ++r)
            if (const double t = cancelLatency(e, afterMs); t >= 0)
                latencies.push_back(t);
        if (latencies.empty()) {
            std::printf("%-16s finished within %d ms every time\n", e.name.c_str(), afterMs);
            continue;
        }
        std::sort(latencies.begin(), latencies.end());
        std::printf("%-16s %10.2f %10.2f %10.2f%s\n", e.name.c_str(), latencies.front(),
                    latencies[latencies.size() / 2], latencies.back(),
                    int(latencies.size()) < runs ? "  (some runs finished first)" : "");
    }
    return 0;
}

} // namespace dimscope::bench
