// SPDX-License-Identifier: MIT
#include "loss_scaling/loss_scaling.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>

#include <nlohmann/json.hpp>

#include "common/memory.h"
#include "common/parallel.h"
#include "io/npy.h"
#include "loss_scaling/deep_net.h"

namespace dimscope::loss_scaling {

namespace {

constexpr int kMaxLog2Scale = 24;
/// Entries per counting chunk: chunks, not threads, fix the order of nothing (counts are sums of
/// integers), so any split gives the same numbers.
constexpr std::size_t kChunk = 1 << 16;
/// The sweep over S = 2⁰…2²⁴ reads at most this many entries (every k-th), so a file of millions
/// of gradients still redraws live; the shares at the chosen S always use every entry.
constexpr std::size_t kSweepEntries = 200000;
constexpr int kAdamCheckSteps = 20;

DeepNetShape shapeOf(const LossScalingParams &p) {
    DeepNetShape s;
    s.depth = p.depth;
    s.width = p.width;
    s.gain = p.initGain;
    s.samples = p.samples;
    return s;
}

std::vector<float> readGradientFile(const std::string &path) {
    const NpyArray a = readNpy(path, availableMemoryBytes() / 4, true,
                               "a gradient vector: a 1-D array, or a 2-D array whose entries are "
                               "all read");
    std::vector<float> g;
    if (a.isInteger())
        for (std::int64_t v : a.integer)
            g.push_back(static_cast<float>(v));
    else
        for (double v : a.real)
            g.push_back(static_cast<float>(v));
    if (g.empty())
        throw DataFileError(path + ": the array has no entries");
    return g;
}

/// The last file read, with its size and modification time: the scale slider re-runs the
/// explorer at every step, and a file of millions of gradients should be read once, not per step.
/// A file that changed on disk is read again.
struct FileCache {
    std::mutex mutex;
    std::string path;
    std::uintmax_t size = 0;
    std::filesystem::file_time_type modified;
    std::shared_ptr<const std::vector<float>> values;
};

std::shared_ptr<const std::vector<float>> cachedGradientFile(const std::string &path) {
    static FileCache cache;
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    const auto modified = std::filesystem::last_write_time(path, error);
    if (!error) {
        std::lock_guard<std::mutex> lock(cache.mutex);
        if (cache.values && cache.path == path && cache.size == size && cache.modified == modified)
            return cache.values;
    }
    auto values = std::make_shared<const std::vector<float>>(readGradientFile(path));
    if (!error) {
        std::lock_guard<std::mutex> lock(cache.mutex);
        cache.path = path;
        cache.size = size;
        cache.modified = modified;
        cache.values = values;
    }
    return values;
}

/// The gradients to study, as float32: the file's (every entry, in order) or the tiny net's.
std::shared_ptr<const std::vector<float>> loadGradients(const LossScalingParams &p) {
    if (!p.gradients.empty())
        return cachedGradientFile(p.gradients);
    const DeepNetShape shape = shapeOf(p);
    Eigen::ArrayXf grad;
    lossAndScaledGradient(shape, initialParameters(shape, p.seed), regressionData(shape, p.seed),
                          1.0f, std::nullopt, grad);
    return std::make_shared<const std::vector<float>>(grad.data(), grad.data() + grad.size());
}

/// The log₂|g·S| histogram's first edge and counts, for the non-zero entries.
void histogramOf(const std::vector<float> &g, float scale, int binsPerOctave, double &lo,
                 std::vector<std::int64_t> &counts) {
    double minLog = std::numeric_limits<double>::infinity(), maxLog = -minLog;
    std::vector<double> logs;
    logs.reserve(g.size());
    for (float v : g) {
        const float x = v * scale;
        if (x == 0 || !std::isfinite(x))
            continue;
        const double l = std::log2(std::fabs(double(x)));
        logs.push_back(l);
        minLog = std::min(minLog, l);
        maxLog = std::max(maxLog, l);
    }
    counts.clear();
    if (logs.empty()) {
        lo = 0;
        return;
    }
    lo = std::floor(minLog);
    const double hi = std::floor(maxLog) + 1;
    const auto bins = static_cast<std::size_t>((hi - lo) * binsPerOctave);
    counts.assign(bins, 0);
    for (double l : logs) {
        const auto i = static_cast<std::size_t>((l - lo) * binsPerOctave);
        ++counts[std::min(i, bins - 1)];
    }
}

} // namespace

FateShares countFates(NumberFormat format, const std::vector<float> &g, float scale,
                      std::size_t stride) {
    const FormatLimits f = limitsOf(format);
    FateShares s;
    for (std::size_t i = 0; i < g.size(); i += stride) {
        if (g[i] == 0)
            continue;
        ++s.nonzero;
        const double r = roundedMagnitude(format, g[i] * scale);
        if (r == 0)
            ++s.zero;
        else if (!(r <= f.largest))
            ++s.overflow;
        else if (r < f.smallestNormal)
            ++s.subnormal;
    }
    return s;
}

const ParamTable<LossScalingParams> &paramTable() {
    static const auto table =
        ParamTable<LossScalingParams>()
            .path("gradients", "Gradients (.npy)",
                  "Your own gradients as a .npy vector, e.g. torch.cat([p.grad.flatten() for p in "
                  "model.parameters()]) saved with numpy; empty = the tiny deep net's.",
                  &LossScalingParams::gradients)
            .choice("format", "Format",
                    "Where the gradients are stored: fp16, bf16, fp8 E4M3 or fp8 E5M2 (rounded to "
                    "nearest, ties to even).",
                    &LossScalingParams::format)
            .real("scale", "Loss scale S",
                  "The factor the loss (and so every gradient) is multiplied by, 1…2²⁴ (1024, "
                  "not 10).",
                  &LossScalingParams::scale, 1.0, 16777216.0)
            .logScale()
            .integer("depth", "Tanh layers", "Hidden tanh layers of the tiny net.",
                     &LossScalingParams::depth, 1, 32)
            .integer("width", "Width", "Units per hidden layer of the tiny net.",
                     &LossScalingParams::width, 2, 256)
            .real("init-gain", "Init gain",
                  "The tiny net's weights are N(0, gain²/d_in): below 1 the gradients shrink "
                  "layer by layer on the way back.",
                  &LossScalingParams::initGain, 0.01, 2.0)
            .integer("samples", "Batch", "Regression samples of the tiny net's batch.",
                     &LossScalingParams::samples, 1, 4096)
            .advanced()
            .integer("bins-per-octave", "Bins per octave",
                     "Histogram bins per factor of 2 of |g·S|.", &LossScalingParams::binsPerOctave,
                     1, 16)
            .advanced()
            .integer("train-steps", "Training steps",
                     "Adam steps of the tiny net in fp32 and in the format with the scaler; 0 = "
                     "no training.",
                     &LossScalingParams::trainSteps, 0, 100000)
            .choice("scaler", "Scaler",
                    "none (S = 1), fixed (S = scale) or dynamic (GradScaler: start at the initial "
                    "scale, halve and skip the step on inf/NaN, double after growth-interval "
                    "clean steps).",
                    &LossScalingParams::scaler)
            .integer("seeds", "Seeds", "Training replicates, each with its own weights and data.",
                     &LossScalingParams::seeds, 1, 32)
            .real("lr", "Learning rate", "Adam's learning rate.", &LossScalingParams::lr, 1e-6, 1.0)
            .logScale()
            .real("epsilon", "Adam ε", "Adam's ε, added to √v̂.", &LossScalingParams::epsilon, 1e-12,
                  1.0)
            .logScale()
            .advanced()
            .integer("growth-interval", "Growth interval",
                     "Dynamic scaler: clean steps in a row before S doubles (GradScaler: 2000).",
                     &LossScalingParams::growthInterval, 1, 1000000)
            .advanced()
            .real("initial-scale", "Initial scale",
                  "Dynamic scaler: the first S (GradScaler: 65536 = 2¹⁶).",
                  &LossScalingParams::initialScale, 1.0, 16777216.0)
            .logScale()
            .advanced()
            .threads(&LossScalingParams::threads)
            .seed(&LossScalingParams::seed,
                  "Random seed of the tiny net's weights and data; replicate r uses stream r.");
    return table;
}

LossScalingResult computeLossScaling(const LossScalingParams &params,
                                     const RunControl<LossScalingSnapshot> &control) {
    LossScalingResult r;
    r.params = params;
    if (rejectInvalid(explorer(), params, r))
        return r;
    const std::function<bool()> stop = [&control] { return control.stopRequested(); };
    const auto cancelled = [&r] {
        r.termination = Termination::Cancelled;
        r.message = "cancelled";
        return r;
    };
    if (stop())
        return cancelled();
    std::shared_ptr<const std::vector<float>> loaded;
    try {
        loaded = loadGradients(params);
    } catch (const DataFileError &e) {
        r.termination = Termination::InvalidInput;
        r.message = e.what();
        return r;
    }
    const std::vector<float> &g = *loaded;
    r.entries = static_cast<std::int64_t>(g.size());
    const float scale = static_cast<float>(params.scale);

    // The shares at S in every format, counted in chunks on the worker threads.
    const auto chunks = static_cast<std::int64_t>((g.size() + kChunk - 1) / kChunk);
    constexpr int kFormats = 4;
    std::vector<FateShares> parts(static_cast<std::size_t>(chunks * kFormats));
    forEachChunk(
        chunks, params.threads,
        [&](std::int64_t c) {
            const std::size_t begin = static_cast<std::size_t>(c) * kChunk;
            const std::vector<float> slice(g.begin() + std::ptrdiff_t(begin),
                                           g.begin() +
                                               std::ptrdiff_t(std::min(g.size(), begin + kChunk)));
            for (int f = 0; f < kFormats; ++f)
                parts[static_cast<std::size_t>(c * kFormats + f)] =
                    countFates(static_cast<NumberFormat>(f), slice, scale);
        },
        stop);
    if (stop())
        return cancelled();
    r.everyFormat.assign(kFormats, {});
    for (std::int64_t c = 0; c < chunks; ++c)
        for (int f = 0; f < kFormats; ++f) {
            FateShares &t = r.everyFormat[std::size_t(f)];
            const FateShares &p = parts[static_cast<std::size_t>(c * kFormats + f)];
            t.nonzero += p.nonzero;
            t.zero += p.zero;
            t.subnormal += p.subnormal;
            t.overflow += p.overflow;
        }
    r.shares = r.everyFormat[static_cast<std::size_t>(params.format)];

    histogramOf(g, scale, params.binsPerOctave, r.histogramLo, r.histogram);
    r.minAbs = std::numeric_limits<double>::infinity();
    for (float v : g)
        if (v != 0) {
            r.minAbs = std::min(r.minAbs, std::fabs(double(v)));
            r.maxAbs = std::max(r.maxAbs, std::fabs(double(v)));
        }
    if (!std::isfinite(r.minAbs))
        r.minAbs = 0;

    r.sweepStride = static_cast<std::int64_t>(std::max<std::size_t>(1, g.size() / kSweepEntries));
    for (int k = 0; k <= kMaxLog2Scale; ++k) {
        if (stop())
            return cancelled();
        r.sweepLog2Scale.push_back(k);
        r.sweep.push_back(countFates(params.format, g, std::ldexp(1.0f, k),
                                     static_cast<std::size_t>(r.sweepStride)));
    }
    const DeepNetShape shape = shapeOf(params);
    // At S = 1 the check would compare a run with itself: k = 1024 (the post's "e.g. 1000") then.
    const double k = params.scale > 1 ? params.scale : 1024.0;
    r.adamCheck = adamScaleCheck(shape, k, params.epsilon, params.lr, kAdamCheckSteps, params.seed);

    if (params.trainSteps > 0) {
        ScalerSettings s;
        s.shape = shape;
        s.format = params.format;
        s.scaler = params.scaler;
        s.fixedScale = params.scale;
        s.initialScale = params.initialScale;
        s.growthInterval = params.growthInterval;
        s.steps = params.trainSteps;
        s.seeds = params.seeds;
        s.lr = params.lr;
        s.epsilon = params.epsilon;
        s.threads = params.threads;
        s.seed = params.seed;
        TrainingTrace trace;
        ProgressClock clock(control.progressIntervalSeconds);
        const bool finished =
            trainWithScaler(s, trace, stop, [&](const TrainingTrace &t, std::int64_t done) {
                if (control.wantsProgress() && clock.due()) {
                    LossScalingSnapshot snap;
                    snap.training = t;
                    snap.stepsDone = done;
                    snap.stepsTotal = params.trainSteps;
                    control.onProgress(snap);
                }
            });
        if (!finished || stop())
            return cancelled();
        r.training = std::move(trace);
    }
    return r;
}

namespace {

using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json sharesJson(const FateShares &s) {
    return {{"zero_fraction", s.zeroFraction()},
            {"subnormal_fraction", s.subnormalFraction()},
            {"overflow_fraction", s.overflowFraction()}};
}

/// {mean, per_seed} as the training lab writes a series; the mean is over the seeds whose value
/// is finite there (null where none is).
json seriesJson(const std::vector<std::vector<double>> &perSeed) {
    json seeds = json::array();
    std::size_t points = 0;
    for (const auto &row : perSeed) {
        json a = json::array();
        for (double v : row)
            a.push_back(number(v));
        seeds.push_back(std::move(a));
        points = std::max(points, row.size());
    }
    json mean = json::array();
    for (std::size_t i = 0; i < points; ++i) {
        double total = 0;
        int n = 0;
        for (const auto &row : perSeed)
            if (i < row.size() && std::isfinite(row[i])) {
                total += row[i];
                ++n;
            }
        mean.push_back(n ? json(total / n) : json(nullptr));
    }
    return {{"mean", std::move(mean)}, {"per_seed", std::move(seeds)}};
}

} // namespace

nlohmann::json toJson(const LossScalingResult &r) {
    json j;
    const FormatLimits f = limitsOf(r.params.format);
    j["source"] = r.params.gradients.empty() ? json("tiny-net") : json(r.params.gradients);
    j["entries"] = r.entries;
    j["nonzero_entries"] = r.shares.nonzero;
    j["zero_fraction"] = r.shares.zeroFraction();
    j["subnormal_fraction"] = r.shares.subnormalFraction();
    j["overflow_fraction"] = r.shares.overflowFraction();
    j["min_abs"] = r.minAbs;
    j["max_abs"] = r.maxAbs;
    j["limits"] = {{"smallest_subnormal", f.smallestSubnormal},
                   {"smallest_normal", f.smallestNormal},
                   {"largest", f.largest},
                   {"has_infinity", f.hasInfinity}};
    std::vector<double> edges;
    const int per = r.params.binsPerOctave;
    for (std::size_t i = 0; i <= r.histogram.size(); ++i)
        edges.push_back(r.histogramLo + double(i) / per);
    j["histogram"] = {{"log2_edges", edges}, {"counts", r.histogram}};
    json every = json::object();
    for (std::size_t i = 0; i < r.everyFormat.size(); ++i)
        every[nameOf(static_cast<NumberFormat>(i))] = sharesJson(r.everyFormat[i]);
    j["formats"] = std::move(every);
    json sweep = {{"log2_scale", r.sweepLog2Scale}, {"stride", r.sweepStride}};
    for (const char *key : {"zero_fraction", "subnormal_fraction", "overflow_fraction"})
        sweep[key] = json::array();
    for (const FateShares &s : r.sweep) {
        sweep["zero_fraction"].push_back(s.zeroFraction());
        sweep["subnormal_fraction"].push_back(s.subnormalFraction());
        sweep["overflow_fraction"].push_back(s.overflowFraction());
    }
    j["scale_sweep"] = std::move(sweep);
    const AdamScaleCheck &a = r.adamCheck;
    j["adam_check"] = {{"k", a.k},
                       {"epsilon", a.epsilon},
                       {"steps", a.steps},
                       {"movement", a.movement},
                       {"scaled_vs_epsilon_over_k", a.scaledVsEpsOverK},
                       {"scaled_vs_plain", a.scaledVsPlain}};
    if (r.training) {
        const TrainingTrace &t = *r.training;
        j["steps"] = t.steps;
        j["train_loss"] = seriesJson(t.loss);
        j["fp32_train_loss"] = seriesJson(t.fp32Loss);
        j["scale"] = seriesJson(t.scale);     // S at every logged step
        j["skipped"] = seriesJson(t.skipped); // steps skipped so far
        j["skipped_steps"] = t.skippedTotal;  // per seed, over the run
    }
    return j;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const LossScalingSnapshot &s) {
    return countedProgress(s.stepsDone, s.stepsTotal, "steps");
}

} // namespace

const LossScalingExplorer &explorer() {
    static const LossScalingExplorer definition{
        "loss-scaling",
        "Loss scaling in low precision",
        "Will your gradients survive fp16, bf16 or fp8 (post 9059)? The log₂ histogram of |g·S| "
        "against each format's limits, the shares that vanish, go subnormal or overflow for every "
        "loss scale, and training with GradScaler's dynamic scaler.",
        &paramTable,
        nullptr,
        &computeLossScaling,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::loss_scaling
