// SPDX-License-Identifier: MIT
// dimscope-bench lora: issue 10's speed goal for the LoRA lab, "2000 steps of each method at
// 32 × 32 in well under a second": every method alone (runMethod, logging every 10 steps with the
// spectrum, as the explorer logs its chosen method), then the explorer's default run (chosen
// method with the spectrum, every other method's losses).
// dimscope-bench pareto: the Pareto lab at its defaults (nine paths of 500 steps, the Pareto set,
// the arrow panel), which must stay well under ~50 ms to redraw while a slider is dragged; and
// with the third task.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "bench.h"
#include "common/run_control.h"
#include "lora/lora.h"
#include "pareto/pareto.h"

namespace {

using namespace dimscope;

/// The best CPU time (std::clock, one thread) and the median wall time of `reps` runs.
struct Timing {
    double cpu = 1e300, wall = 0;
};

template <class F>
Timing timeIt(int reps, F &&f) {
    std::vector<double> t;
    Timing out;
    for (int r = 0; r < reps; ++r) {
        const std::clock_t c0 = std::clock();
        const Stopwatch w;
        f();
        t.push_back(w.seconds());
        out.cpu = std::min(out.cpu, double(std::clock() - c0) / CLOCKS_PER_SEC);
    }
    std::sort(t.begin(), t.end());
    out.wall = t[t.size() / 2];
    return out;
}

} // namespace

namespace dimscope::bench {

int benchLora(const Args &) {
    const lora::Regression task = lora::makeRegression(32, 32, 256, 2, 2.5, 1);
    std::printf(
        "lora: 2000 full-batch steps at 32 x 32, batch 256, r = 1, logged every 10 steps\n");
    for (lora::Method m : {lora::Method::Full, lora::Method::Lora, lora::Method::LoraSymmetric,
                           lora::Method::Projection, lora::Method::Additive}) {
        lora::RunSettings s;
        s.method = m;
        s.rank = 1;
        s.lr = m == lora::Method::Additive ? 0.01 : 0.1;
        s.steps = 2000;
        s.logEvery = 10;
        const Timing t = timeIt(5, [&] { lora::runMethod(task, s, {}); });
        std::printf("  %-15s %7.1f ms wall (median of 5), %7.1f ms cpu (best)\n", nameOf(m).c_str(),
                    t.wall * 1e3, t.cpu * 1e3);
    }
    const Timing all = timeIt(5, [] { lora::computeLora(lora::LoraParams{}); });
    std::printf("  explorer defaults (lora + 4 compared methods + theory): %.1f ms wall, %.1f ms "
                "cpu\n",
                all.wall * 1e3, all.cpu * 1e3);
    return 0;
}

int benchPareto(const Args &) {
    pareto::ParetoParams p;
    const Timing two = timeIt(21, [&] { pareto::computePareto(p); });
    p.thirdTask = true;
    const Timing three = timeIt(21, [&] { pareto::computePareto(p); });
    std::printf("pareto defaults (9 paths x 500 steps): two tasks %.2f ms wall (median of 21), "
                "%.2f ms cpu; three tasks %.2f ms wall, %.2f ms cpu\n",
                two.wall * 1e3, two.cpu * 1e3, three.wall * 1e3, three.cpu * 1e3);
    return 0;
}

} // namespace dimscope::bench
