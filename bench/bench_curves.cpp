// SPDX-License-Identifier: MIT
// dimscope-bench curves [--points N] [--columns C] [--rows R] [--repeats K]: the speed goals of
// training curves (issue 9). A curve of N = 10^6 logged points must redraw in well under 30 ms:
// its decimation to C = 2000 pixel columns is timed here (linear x, a zoom, log x, with gaps), with
// the smoothers and a seed ensemble. A log of R = 10^6 rows must open in about a second: one is
// written to /tmp as Lightning's CSVLogger writes it, then read, and read by the explorer.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "bench.h"
#include "common/run_control.h"
#include "curves/curve_series.h"
#include "curves/ensemble.h"
#include "curves/smoothing.h"
#include "curves/tidy_csv.h"
#include "training_log/log_reader.h"
#include "training_log/training_log.h"

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

curves::CurveSeries lossCurve(std::size_t n, unsigned seed, bool gaps) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<double> normal;
    curves::CurveSeries s;
    s.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double clean = 0.05 + 2.25 * std::exp(-double(i) / (0.1 * double(n)));
        const bool gap = gaps && i % 10007 < 3; // a few short stretches of NaN
        s.append(double(i), gap ? NAN : clean * std::exp(0.2 * normal(engine)));
    }
    return s;
}

/// Writes a Lightning-like metrics.csv of `rows` rows (a validation row every 1000) to `path`.
void writeLightningLog(const std::string &path, std::int64_t rows) {
    std::mt19937_64 engine(7);
    std::normal_distribution<double> normal;
    std::ofstream out(path, std::ios::binary);
    out << "epoch,step,train_loss,val_acc,val_loss\r\n";
    char line[160];
    for (std::int64_t i = 0; i < rows; ++i) {
        const double loss =
            (0.05 + 2.25 * std::exp(-double(i) / 2e5)) * std::exp(0.2 * normal(engine));
        if (i % 1000 == 999)
            std::snprintf(line, sizeof line, "%lld,%lld,,%.16g,%.16g\r\n",
                          static_cast<long long>(i / 10000), static_cast<long long>(i),
                          0.98 - 0.5 * std::exp(-double(i) / 2e5), 1.1 * loss);
        else
            std::snprintf(line, sizeof line, "%lld,%lld,%.16g,,\r\n",
                          static_cast<long long>(i / 10000), static_cast<long long>(i), loss);
        out << line;
    }
}

} // namespace

int benchCurves(const Args &args) {
    std::size_t points = 1000000;
    int columns = 2000, repeats = 21;
    std::int64_t rows = 1000000;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        if (args[i] == "--points")
            points = std::stoul(args[i + 1]);
        else if (args[i] == "--columns")
            columns = std::stoi(args[i + 1]);
        else if (args[i] == "--rows")
            rows = std::stoll(args[i + 1]);
        else if (args[i] == "--repeats")
            repeats = std::max(1, std::stoi(args[i + 1]));
    }
    const curves::CurveSeries curve = lossCurve(points, 1, false);
    const curves::CurveSeries gappy = lossCurve(points, 2, true);
    const double last = double(points - 1);
    std::printf("decimation of %zu points to %d pixel columns, median and worst of %d (ms)\n",
                points, columns, repeats);
    struct Case {
        const char *name;
        const curves::CurveSeries *series;
        curves::DecimationRequest request;
    };
    const Case cases[] = {
        {"linear x, whole curve", &curve, {0, last, columns}},
        {"linear x, zoom to 10 %", &curve, {0.45 * last, 0.55 * last, columns}},
        {"log x, whole curve", &curve, {1, last, columns, curves::AxisScale::Log}},
        {"linear x, with NaN gaps", &gappy, {0, last, columns}},
    };
    for (const Case &c : cases) {
        std::size_t drawn = 0;
        const auto [median, worst] =
            timeMs(repeats, [&] { drawn = c.series->decimate(c.request).x.size(); });
        std::printf("  %-26s %8.2f %8.2f   %zu points drawn\n", c.name, median, worst, drawn);
    }

    std::printf("smoothing %zu points (ms)\n", points);
    for (const curves::Smoother &s :
         {curves::Smoother{curves::Smoothing::Ema, 0.9, 21},
          curves::Smoother{curves::Smoothing::CentredAverage, 0.9, 101}}) {
        const auto [median, worst] = timeMs(5, [&] { (void)curves::smooth(curve.y(), s); });
        std::printf("  %-36s %8.2f %8.2f\n", curves::legendText(s).c_str(), median, worst);
    }
    std::vector<curves::CurveSeries> seeds;
    for (unsigned s = 0; s < 5; ++s)
        seeds.push_back(lossCurve(points / 5, 10 + s, false));
    const auto [ensembleMs, ensembleWorst] =
        timeMs(5, [&] { (void)curves::ensemble(seeds, curves::Band::Ci95); });
    std::printf("ensemble of 5 seeds x %zu points, 95 %% CI (ms) %8.2f %8.2f\n", points / 5,
                ensembleMs, ensembleWorst);

    const std::string path = (std::filesystem::temp_directory_path() /
                              ("dimscope-bench-log-" + std::to_string(::getpid()) + ".csv"))
                                 .string();
    writeLightningLog(path, rows);
    const double mb = double(std::filesystem::file_size(path)) / 1e6;
    std::printf("a Lightning metrics.csv of %lld rows (%.1f MB) in %s\n",
                static_cast<long long>(rows), mb, path.c_str());
    std::size_t read = 0;
    const auto [readMs, readWorst] = timeMs(5, [&] {
        read = training_log::readTrainingLog(path, {"step", "train_loss"})->runs[0].x.size();
    });
    std::printf("  read train_loss (%zu points)          %8.1f ms median, %8.1f worst\n", read,
                readMs, readWorst);
    training_log::TrainingLogParams params;
    params.logs = {path};
    std::size_t csvBytes = 0;
    const auto [exploreMs, exploreWorst] = timeMs(5, [&] {
        const auto r = training_log::computeTrainingLog(params);
        if (!r.ok())
            std::printf("  failed: %s\n", r.message.c_str());
    });
    std::printf("  explorer at its defaults (read, EMA)  %8.1f ms median, %8.1f worst\n", exploreMs,
                exploreWorst);
    const auto result = training_log::computeTrainingLog(params);
    const auto [csvMs, csvWorst] =
        timeMs(3, [&] { csvBytes = curves::tidyCsv(training_log::tidySeries(result)).size(); });
    std::printf("  tidy CSV of every point (%.1f MB)     %8.1f ms median, %8.1f worst\n",
                double(csvBytes) / 1e6, csvMs, csvWorst);
    std::filesystem::remove(path);
    return 0;
}

} // namespace dimscope::bench
