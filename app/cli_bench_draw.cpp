// SPDX-License-Identifier: MIT
// `dimscope bench draw [--n N]`: how long the GUI thread is busy when a hubness result of N points
// (default a million) arrives, and when the user then zooms the projection. The result is made up
// (Nₖ with a heavy tail, a Gaussian cloud) so that no search has to run first; what is timed is
// the view's own work: the draw call, the first replot of each plot, and a zoom (rebinning the
// density image and replotting). Figures, not a pass/fail test (goal: each under 50 ms).
#include <ctime>
#include <iostream>
#include <memory>
#include <random>
#include <string>

#include <QElapsedTimer>
#include <qcustomplot.h>

#include "cli.h"
#include "hubness/hubness.h"
#include "hubness/hubness_measures.h"
#include "hubness/hubness_plots.h"

namespace dimscope::cli {

namespace {

/// CPU time of the calling thread, in ms.
double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

hubness::HubnessResult madeUpResult(std::int64_t n) {
    hubness::HubnessResult r;
    r.n = n;
    r.d = 128;
    r.k = 10;
    r.params.k = 10;
    std::mt19937_64 engine(1);
    std::normal_distribution<double> normal;
    std::gamma_distribution<double> occurrence(0.8, 12.5); // mean 10, a long right tail
    r.kOccurrence.resize(std::size_t(n));
    r.distanceToMean.resize(std::size_t(n));
    r.projection.resize(std::size_t(n));
    for (std::size_t i = 0; i < std::size_t(n); ++i) {
        r.kOccurrence[i] = std::int64_t(occurrence(engine));
        r.distanceToMean[i] = 11 + normal(engine) - 0.02 * double(r.kOccurrence[i]);
        r.projection[i] = {normal(engine) * 2, normal(engine)};
    }
    r.measures = hubness::hubnessMeasures(r.kOccurrence, r.k, n, r.params.hubSize);
    return r;
}

} // namespace

int runBenchDraw(const Args &args) {
    std::int64_t n = 1000000;
    for (std::size_t i = 1; i + 1 < args.size(); ++i)
        if (args[i] == "--n")
            n = std::stoll(args[i + 1]);
    if (n < 2) {
        std::cerr << "dimscope bench draw: --n must be at least 2\n";
        return UsageError;
    }
    const auto result = std::make_shared<const hubness::HubnessResult>(madeUpResult(n));
    views::HubnessPlots plots;
    for (const auto &entry : plots.entries())
        entry.plot->resize(640, 420);

    QElapsedTimer clock;
    clock.start();
    const double cpuStart = threadCpuMs();
    plots.draw(result);
    const double drawMs = clock.nsecsElapsed() * 1e-6;
    // The GUI thread's own CPU time too: on a shared machine the wall time includes waiting for
    // a core, which a user's idle desktop does not.
    std::cout << "hubness result of " << n << " points: draw call " << drawMs << " ms ("
              << threadCpuMs() - cpuStart << " ms of CPU)\n";
    for (const auto &entry : plots.entries()) {
        clock.restart();
        entry.plot->replot(QCustomPlot::rpImmediateRefresh);
        std::cout << "  first replot of " << entry.name.toStdString() << ": "
                  << clock.nsecsElapsed() * 1e-6 << " ms\n";
    }
    QCustomPlot *projection = plots.projection();
    clock.restart();
    projection->xAxis->scaleRange(0.5);
    projection->yAxis->scaleRange(0.5);
    projection->replot(QCustomPlot::rpImmediateRefresh);
    std::cout << "  zoom of the projection (rebin + replot): " << clock.nsecsElapsed() * 1e-6
              << " ms\n(goal: each under 50 ms)\n";
    return Success;
}

} // namespace dimscope::cli
