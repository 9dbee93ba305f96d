// SPDX-License-Identifier: MIT
// dimscope-bench labs [--repeats K] [--threads T]: the speed goals of issue 11. Every slider of
// logit-kl, loss-scaling and positions redraws without a GUI stall over 50 ms, so their computes
// at the defaults (and at a few slider positions) are timed here; the fp16 training presets must
// finish in a few seconds on two cores.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "bench.h"
#include "common/run_control.h"
#include "logit_kl/logit_kl.h"
#include "loss_scaling/loss_scaling.h"
#include "positions/positions.h"

namespace dimscope::bench {

namespace {

/// Median and worst of `repeats` timings of f, in milliseconds.
std::pair<double, double> timeMs(int repeats, const std::function<void()> &f) {
    std::vector<double> ms;
    for (int r = 0; r < repeats; ++r) {
        const Stopwatch watch;
        f();
        ms.push_back(1e3 * watch.seconds());
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}

template <class Run>
void report(const char *what, int repeats, Run run) {
    bool ok = true;
    const auto [median, worst] = timeMs(repeats, [&] { ok = run() && ok; });
    std::printf("%-58s median %8.2f ms   worst %8.2f ms%s\n", what, median, worst,
                ok ? "" : "   (FAILED)");
}

} // namespace

int benchLabs(const Args &args) {
    int repeats = 15, threads = 0;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        if (args[i] == "--repeats")
            repeats = std::max(1, std::atoi(args[i + 1].c_str()));
        else if (args[i] == "--threads")
            threads = std::atoi(args[i + 1].c_str());
    }
    std::printf("issue 11 slider paths (threads %d, %d repeats)\n", threads, repeats);

    // The R-Drop toy is trained once per setting and kept while s, t and c move: time it
    // uncached (a new seed per repeat), then the slider path with it cached.
    std::uint64_t toySeed = 1000;
    report("logit-kl R-Drop toy, uncached (4 seeds, 3 alphas, 200 steps)", 3, [&] {
        logit_kl::LogitKlParams p;
        p.threads = threads;
        p.seed = ++toySeed;
        return logit_kl::computeLogitKl(p).ok();
    });
    logit_kl::LogitKlParams cached;
    cached.threads = threads;
    cached.seed = toySeed;
    report("logit-kl slider path (3 classes, contour 121², toy cached)", repeats, [&] {
        cached.shift = cached.shift > 0 ? -0.5 : 0.5;
        return logit_kl::computeLogitKl(cached).ok();
    });
    logit_kl::LogitKlParams kl;
    kl.s.assign(20, 1.5);
    kl.t.assign(20, -0.5);
    kl.shift = 2.5;
    kl.contourPoints = 401;
    kl.rdropSteps = 0;
    report("logit-kl 20 classes, contour 401²", repeats,
           [&] { return logit_kl::computeLogitKl(kl).ok(); });

    loss_scaling::LossScalingParams ls;
    ls.threads = threads;
    report("loss-scaling defaults (tiny net, S = 1)", repeats,
           [&] { return loss_scaling::computeLossScaling(ls).ok(); });
    ls.scale = 4096;
    ls.format = loss_scaling::NumberFormat::Fp8E5M2;
    report("loss-scaling S = 4096, fp8-e5m2", repeats,
           [&] { return loss_scaling::computeLossScaling(ls).ok(); });

    positions::PositionsParams pos;
    pos.threads = threads;
    report("positions defaults (random, N 64, L 2048, M 512)", repeats,
           [&] { return positions::computePositions(pos).ok(); });
    pos.scheme = positions::Scheme::EqualMean;
    report("positions equal-mean (float positions)", repeats,
           [&] { return positions::computePositions(pos).ok(); });
    pos.scheme = positions::Scheme::Random;
    pos.testLength = 4096;
    pos.maxLength = 8192;
    report("positions M 4096, L 8192", repeats,
           [&] { return positions::computePositions(pos).ok(); });

    std::printf("\nissue 11 training presets (threads %d, 1 run each)\n", threads);
    for (const auto &[steps, scaler] :
         {std::pair<std::int64_t, loss_scaling::ScalerKind>{2000, loss_scaling::ScalerKind::None},
          {2000, loss_scaling::ScalerKind::Fixed},
          {2000, loss_scaling::ScalerKind::Dynamic},
          {5000, loss_scaling::ScalerKind::Dynamic}}) {
        loss_scaling::LossScalingParams t;
        t.threads = threads;
        t.trainSteps = steps;
        t.scaler = scaler;
        t.scale = 65536;
        const std::string what = "loss-scaling fp16, 4 seeds, " + std::to_string(steps) +
                                 " steps, scaler " + nameOf(scaler);
        report(what.c_str(), 1, [&] { return loss_scaling::computeLossScaling(t).ok(); });
    }
    return 0;
}

} // namespace dimscope::bench
