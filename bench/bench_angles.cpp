// SPDX-License-Identifier: MIT
// dimscope-bench angles [repeats [vectors|exact|normals]]: the speed goals of the angles explorer —
// vectors sampler at n = 1000, M = 10^6 on 1 and 2 threads, the exact sampler at M = 10^7, and raw
// normals/s. The optional last argument runs one group only. Each run also prints the process CPU
// time: on a machine shared with other jobs, wall time mostly measures the neighbours.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>

#include "angles/angles.h"
#include "bench.h"
#include "numerics/fast_random.h"

namespace {

using namespace dimscope;

void timeRun(const char *label, angles::AngleParams p, int repeats) {
    double best = 1e300, bestCpu = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const std::clock_t cpuStart = std::clock();
        const angles::AngleResult result = angles::computeAngles(p);
        const double cpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        if (!result.ok()) {
            std::printf("%s: %s\n", label, result.message.c_str());
            return;
        }
        best = std::min(best, result.elapsedSeconds);
        bestCpu = std::min(bestCpu, cpu);
        std::printf("  %-34s run %d: %7.3f s  %7.2f M pairs/s  (cpu %7.3f s)\n", label, r + 1,
                    result.elapsedSeconds, double(p.pairs) / result.elapsedSeconds / 1e6, cpu);
    }
    std::printf("%-36s best: %7.3f s  %7.2f M pairs/s  (best cpu %7.3f s)\n", label, best,
                double(p.pairs) / best / 1e6, bestCpu);
}

void timeNormals(int repeats) {
    double best = 1e300, sink = 0;
    const long count = 200'000'000;
    for (int r = 0; r < repeats; ++r) {
        Xoshiro256pp e(1);
        const FastNormal normal;
        const Stopwatch watch;
        for (long i = 0; i < count; ++i)
            sink += normal(e);
        best = std::min(best, watch.seconds());
    }
    std::printf("%-36s best: %7.1f M normals/s (checksum %.3g)\n", "xoshiro256++ + FastNormal",
                count / best / 1e6, sink);
}

} // namespace

int dimscope::bench::benchAngles(const Args &args) {
    const int repeats = args.empty() ? 3 : std::max(1, std::stoi(args[0]));
    const std::string only = args.size() > 1 ? args[1] : "";
    if (!only.empty() && only != "vectors" && only != "exact" && only != "normals") {
        std::fprintf(stderr, "angles: unknown group '%s' (vectors, exact or normals)\n",
                     only.c_str());
        return 2;
    }
    const auto wanted = [&only](const char *group) { return only.empty() || only == group; };
    angles::AngleParams p;
    p.dimension = 1000;
    p.pairs = 1'000'000;
    p.sweepPairs = 0;
    if (wanted("vectors")) {
        p.threads = 1;
        timeRun("vectors n=1000 M=1e6 threads=1", p, repeats);
        p.threads = 2;
        timeRun("vectors n=1000 M=1e6 threads=2", p, repeats);
    }
    if (wanted("exact")) {
        p.sampler = angles::Sampler::Exact;
        p.pairs = 10'000'000;
        p.threads = 1;
        timeRun("exact n=1000 M=1e7 threads=1", p, repeats);
        p.threads = 2;
        timeRun("exact n=1000 M=1e7 threads=2", p, repeats);
    }
    if (wanted("normals"))
        timeNormals(repeats);
    return 0;
}
