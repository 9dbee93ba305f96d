// SPDX-License-Identifier: MIT
#include "ball/ball.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "common/parallel.h"

namespace dimscope::ball {

namespace {

// Independent random streams per part: streamSeed(streamSeed(seed, part), chunk or task).
constexpr std::uint64_t kRejectionStream = 1, kNormStream = 2, kContrastStream = 3;
// The demo tracks per-n acceptance up to this n: beyond it ρ_n < 1e-8 and nothing is accepted.
constexpr int kPrefixDimensions = 20;
// Rough share of a default run's time per part, for BallSnapshot::progress only.
constexpr double kRejectionWeight = 0.1, kNormWeight = 0.1, kContrastWeight = 0.8;

using Engine = boost::random::mt19937_64;

/// Uniform in [−1, 1) from the top 53 bits: cheaper than a distribution object in the hot loop,
/// and the same numbers on every platform.
inline double uniformSigned(Engine &engine) {
    return static_cast<double>(engine() >> 11) * 0x1.0p-52 - 1.0;
}

/// Everything the parts share during one run. Fields below `mutex` are guarded by it.
class Run {
public:
    Run(const BallParams &params, const RunControl<BallSnapshot> &control)
        : params(params), m_control(control), m_clock(control.progressIntervalSeconds),
          m_caller(std::this_thread::get_id()) {}

    /// Thread-safe; once true it stays true, so every part sees the same answer.
    bool stopped() {
        if (m_stopped.load(std::memory_order_relaxed))
            return true;
        if (m_control.stopRequested())
            m_stopped.store(true, std::memory_order_relaxed);
        return m_stopped.load(std::memory_order_relaxed);
    }
    bool wasStopped() const { return m_stopped.load(); }

    /// Publishes a copy of `live` when due. Only the calling thread publishes (the contract of
    /// onProgress); calls from workers return at once, so kernels may call it anywhere.
    void maybePublish() {
        if (!m_control.wantsProgress() || std::this_thread::get_id() != m_caller || !m_clock.due())
            return;
        BallSnapshot copy;
        {
            std::lock_guard<std::mutex> lock(mutex);
            copy = live;
        }
        m_control.onProgress(copy);
    }

    const BallParams &params;
    std::mutex mutex;
    BallSnapshot live;

private:
    const RunControl<BallSnapshot> &m_control;
    ProgressClock m_clock;
    std::thread::id m_caller;
    std::atomic<bool> m_stopped{false};
};

void setRate(Acceptance &a) {
    a.rate = a.samples > 0 ? static_cast<double>(a.accepted) / static_cast<double>(a.samples) : 0.0;
    a.wilson = wilsonInterval(a.accepted, a.samples);
}

// Part 2. Fused and storage-free: each point is drawn one coordinate at a time and abandoned as
// soon as its squared norm passes 1 (the sum only grows), so a point costs ≈ Σρ_k ≈ 4 uniforms
// whatever n is. Its first k coordinates are a uniform point of [−1,1]^k, which gives the
// acceptance at every k ≤ 20 from the same stream.
void runRejection(Run &run) {
    const BallParams &p = run.params;
    const int dim = p.demoDimension;
    const int prefixDims = std::min(dim, kPrefixDimensions);
    // At most ~1024 chunks (one trace point each), at least 65536 points per chunk (~1 ms).
    const std::int64_t perChunk = std::max<std::int64_t>(65536, (p.demoPoints + 1023) / 1024);
    const std::int64_t chunks = (p.demoPoints + perChunk - 1) / perChunk;
    std::vector<std::int64_t> chunkAccepted(static_cast<std::size_t>(chunks), -1);
    std::int64_t contiguous = 0, contiguousSamples = 0, contiguousAccepted = 0;
    {
        std::lock_guard<std::mutex> lock(run.mutex);
        RejectionDemo &demo = run.live.rejection;
        demo.samplesTotal = p.demoPoints;
        demo.main.dimension = dim;
        demo.main.exact = cubeRatio(dim);
        for (int k = 1; k <= prefixDims; ++k) {
            Acceptance a;
            a.dimension = k;
            a.exact = cubeRatio(k);
            demo.perDimension.push_back(a);
        }
        run.live.stage = Stage::Rejection;
    }
    const std::uint64_t partSeed = streamSeed(p.seed, kRejectionStream);
    const auto work = [&](std::int64_t chunk) {
        const std::int64_t count = std::min(perChunk, p.demoPoints - chunk * perChunk);
        Engine engine(streamSeed(partSeed, static_cast<std::uint64_t>(chunk)));
        std::vector<std::int64_t> prefix(static_cast<std::size_t>(prefixDims), 0);
        std::int64_t accepted = 0;
        for (std::int64_t i = 0; i < count; ++i) {
            if ((i & 0xFFFF) == 0 && run.stopped())
                return;
            double sum = 0;
            int k = 0;
            for (; k < dim; ++k) {
                const double u = uniformSigned(engine);
                sum += u * u;
                if (sum > 1.0)
                    break;
                if (k < prefixDims)
                    ++prefix[static_cast<std::size_t>(k)];
            }
            if (k == dim)
                ++accepted;
        }
        {
            std::lock_guard<std::mutex> lock(run.mutex);
            RejectionDemo &demo = run.live.rejection;
            demo.main.samples += count;
            demo.main.accepted += accepted;
            setRate(demo.main);
            for (int k = 0; k < prefixDims; ++k) {
                Acceptance &a = demo.perDimension[static_cast<std::size_t>(k)];
                a.samples += count;
                a.accepted += prefix[static_cast<std::size_t>(k)];
                setRate(a);
            }
            // The trace follows chunk order, not finishing order, so it is thread-count
            // independent.
            chunkAccepted[static_cast<std::size_t>(chunk)] = accepted;
            while (contiguous < chunks &&
                   chunkAccepted[static_cast<std::size_t>(contiguous)] >= 0) {
                contiguousSamples += std::min(perChunk, p.demoPoints - contiguous * perChunk);
                contiguousAccepted += chunkAccepted[static_cast<std::size_t>(contiguous)];
                ++contiguous;
                demo.trace.push_back({contiguousSamples,
                                      static_cast<double>(contiguousAccepted) / contiguousSamples,
                                      wilsonInterval(contiguousAccepted, contiguousSamples)});
            }
            run.live.progress =
                kRejectionWeight * demo.main.samples / static_cast<double>(p.demoPoints);
        }
        run.maybePublish();
    };
    forEachChunk(chunks, p.threads, work, [&] { return run.stopped(); });
}

// Part 3: ‖z‖ for z ~ N(0, I_n), streamed (no vector is stored).
void runNorms(Run &run) {
    const BallParams &p = run.params;
    const int n = p.normDimension;
    const double exactMean = chiMean(n), exactSd = chiSd(n);
    // ~2^20 normals per chunk (a few ms), at most ~1024 chunks.
    const std::int64_t perChunk =
        std::max<std::int64_t>({1, (1 << 20) / n, (p.normSamples + 1023) / 1024});
    const std::int64_t chunks = (p.normSamples + perChunk - 1) / perChunk;
    const Histogram empty(std::max(0.0, exactMean - 7.0 * exactSd), exactMean + 7.0 * exactSd,
                          p.bins);
    std::vector<Moments> chunkMoments(static_cast<std::size_t>(chunks));
    {
        std::lock_guard<std::mutex> lock(run.mutex);
        NormStudy &s = run.live.norms;
        s.dimension = n;
        s.samplesTotal = p.normSamples;
        s.histogram = empty;
        s.exactMean = exactMean;
        s.exactSd = exactSd;
        s.sqrtN = std::sqrt(static_cast<double>(n));
        for (int b = 0; b < p.bins; ++b)
            s.chiDensityAtCenters.push_back(chiDensity(n, empty.center(b)));
        run.live.stage = Stage::Norms;
    }
    const std::uint64_t partSeed = streamSeed(p.seed, kNormStream);
    const auto work = [&](std::int64_t chunk) {
        const std::int64_t count = std::min(perChunk, p.normSamples - chunk * perChunk);
        Engine engine(streamSeed(partSeed, static_cast<std::uint64_t>(chunk)));
        boost::random::normal_distribution<double> normal;
        Histogram histogram = empty;
        Moments m;
        for (std::int64_t i = 0; i < count; ++i) {
            if (((i & 0x3FF) == 0 || n >= 1024) && run.stopped()) // ≤ ~1 ms between checks
                return;
            double sum = 0;
            for (int j = 0; j < n; ++j) {
                const double z = normal(engine);
                sum += z * z;
            }
            const double r = std::sqrt(sum);
            histogram.add(r);
            m.add(r);
        }
        {
            std::lock_guard<std::mutex> lock(run.mutex);
            NormStudy &s = run.live.norms;
            s.histogram.merge(histogram);
            s.samples += count;
            chunkMoments[static_cast<std::size_t>(chunk)] = m;
            Moments all;
            for (const Moments &c : chunkMoments) // index order: independent of finishing order
                all = Moments::combine(all, c);
            s.mean = all.mean;
            s.sd = std::sqrt(all.sampleVariance());
            run.live.progress =
                kRejectionWeight + kNormWeight * s.samples / static_cast<double>(p.normSamples);
        }
        run.maybePublish();
    };
    forEachChunk(chunks, p.threads, work, [&] { return run.stopped(); });
}

struct LawOutcome {
    bool done = false;
    ContrastSample sample;
};

void runContrast(Run &run) {
    const BallParams &p = run.params;
    const std::vector<int> grid = contrastDimensions(p.contrastMaxDimension);
    const auto tasks = static_cast<std::int64_t>(2 * grid.size());
    std::vector<LawOutcome> outcomes(static_cast<std::size_t>(tasks));
    double totalWork = 0, doneWork = 0;
    for (int d : grid)
        totalWork += 2.0 * d;
    {
        std::lock_guard<std::mutex> lock(run.mutex);
        run.live.stage = Stage::Contrast;
    }
    const std::uint64_t partSeed = streamSeed(p.seed, kContrastStream);
    // Tasks in increasing d, so the plot fills from the left; each task owns its stream.
    const auto work = [&](std::int64_t task) {
        const auto index = static_cast<std::size_t>(task / 2);
        const Law law = task % 2 == 0 ? Law::Uniform : Law::Gaussian;
        const std::optional<ContrastSample> sample = sampleContrast(
            law, grid[index], p.contrastDataPoints, p.contrastQueries,
            streamSeed(partSeed, static_cast<std::uint64_t>(task)), [&] { return run.stopped(); },
            [&] { run.maybePublish(); });
        if (!sample)
            return;
        {
            std::lock_guard<std::mutex> lock(run.mutex);
            outcomes[static_cast<std::size_t>(task)] = {true, *sample};
            doneWork += grid[index];
            run.live.progress =
                kRejectionWeight + kNormWeight + kContrastWeight * doneWork / totalWork;
            run.live.contrast.clear();
            for (std::size_t i = 0; i < grid.size(); ++i) {
                const LawOutcome &u = outcomes[2 * i], &g = outcomes[2 * i + 1];
                if (!u.done || !g.done)
                    continue;
                const int d = grid[i];
                run.live.contrast.push_back({d, u.sample.medianRc, g.sample.medianRc,
                                             g.sample.meanDistance, g.sample.distanceCv,
                                             gaussianDistanceMean(d), gaussianDistanceCv(d),
                                             gaussianDistanceCvAsymptote(d)});
            }
        }
        run.maybePublish();
    };
    forEachChunk(tasks, p.threads, work, [&] { return run.stopped(); });
}

} // namespace

const ParamTable<BallParams> &paramTable() {
    static const auto table =
        ParamTable<BallParams>()
            .integer("max-dimension", "Largest n of the curves",
                     "Exact V_n, V_n/2^n and shell curves are drawn for n = 1 to this value.",
                     &BallParams::maxDimension, 1, 10000)
            .logScale()
            .real("epsilon", "Shell thickness ε",
                  "Relative thickness ε of the outer shell whose volume share 1-(1-ε)^n is drawn.",
                  &BallParams::epsilon, 0.0001, 0.9999)
            .integer("demo-dimension", "Demo dimension n",
                     "Dimension n of the rejection demo: uniform points in [-1,1]^n kept if "
                     "|x| <= 1.",
                     &BallParams::demoDimension, 1, 1000)
            .logScale()
            .integer("demo-points", "Demo points",
                     "Number of cube points the rejection demo draws.", &BallParams::demoPoints,
                     1000, 1000000000)
            .logScale()
            .integer("contrast-max-dimension", "Largest contrast d",
                     "Last dimension d of the contrast grid 2, 3, 5, 10, 20, 50, ... (the slow "
                     "part).",
                     &BallParams::contrastMaxDimension, 2, 10000)
            .logScale()
            .integer("contrast-data-points", "Contrast data points",
                     "Data points per dimension and law among which each query's Dmin and Dmax "
                     "are found.",
                     &BallParams::contrastDataPoints, 10, 5000)
            .logScale()
            .advanced()
            .integer("contrast-queries", "Contrast queries",
                     "Queries per dimension and law (same law as the data) whose median contrast "
                     "is shown.",
                     &BallParams::contrastQueries, 1, 1000)
            .logScale()
            .advanced()
            .integer("norm-dimension", "Norm dimension n",
                     "Dimension n of the Gaussian vectors z ~ N(0, I_n) whose norms are "
                     "histogrammed.",
                     &BallParams::normDimension, 1, 100000)
            .logScale()
            .integer("norm-samples", "Norm samples",
                     "Number of Gaussian vectors drawn for the norm histogram.",
                     &BallParams::normSamples, 100, 10000000)
            .logScale()
            .integer("bins", "Histogram bins", "Bins of the norm histogram.", &BallParams::bins, 10,
                     2000)
            .advanced()
            .threads(&BallParams::threads)
            .seed(&BallParams::seed);
    return table;
}

BallResult computeBall(const BallParams &params, const RunControl<BallSnapshot> &control) {
    const Stopwatch stopwatch;
    BallResult result;
    result.params = params;
    if (rejectInvalid(explorer(), params, result))
        return result;
    Run run(params, control);
    try {
        run.live.curves = volumeCurves(params.maxDimension, params.epsilon);
        run.maybePublish();
        // Cheap parts first so the view fills quickly; the contrast sweep streams in last.
        if (!run.stopped())
            runRejection(run);
        if (!run.stopped())
            runNorms(run);
        if (!run.stopped())
            runContrast(run);
        if (!run.stopped()) {
            std::lock_guard<std::mutex> lock(run.mutex);
            run.live.stage = Stage::Done;
            run.live.progress = 1.0;
        }
    } catch (const std::exception &e) {
        result.termination = Termination::Failed;
        result.message = e.what();
    } catch (...) {
        result.termination = Termination::Failed;
        result.message = "unknown error";
    }
    if (result.termination == Termination::Completed && run.wasStopped()) {
        result.termination = Termination::Cancelled;
        result.message = "cancelled";
    }
    result.curves = std::move(run.live.curves);
    result.rejection = std::move(run.live.rejection);
    result.norms = std::move(run.live.norms);
    result.contrast = std::move(run.live.contrast);
    result.elapsedSeconds = stopwatch.seconds();
    return result;
}

namespace {

nlohmann::json intervalJson(const Interval &i) { return {{"low", i.low}, {"high", i.high}}; }

nlohmann::json acceptanceJson(const Acceptance &a) {
    return {{"dimension", a.dimension},         {"samples", a.samples},
            {"accepted", a.accepted},           {"rate", a.rate},
            {"wilson", intervalJson(a.wilson)}, {"exact", a.exact}};
}

} // namespace

nlohmann::json toJson(const BallResult &r) {
    using nlohmann::json;
    const BallParams &p = r.params;
    json out;
    const VolumeCurves &c = r.curves;
    out["volume"] = {{"dimension", c.dimension},
                     {"volume", c.volume},
                     {"log10_volume", c.log10Volume},
                     {"cube_ratio", c.cubeRatio},
                     {"log10_cube_ratio", c.log10CubeRatio},
                     {"epsilon", c.epsilon},
                     {"shell_fraction", c.shellFraction},
                     {"argmax_dimension", c.argmaxDimension},
                     {"max_volume", c.maxVolume}};
    const RejectionDemo &d = r.rejection;
    json perDimension = json::array(), trace = {{"samples", json::array()},
                                                {"rate", json::array()},
                                                {"wilson_low", json::array()},
                                                {"wilson_high", json::array()}};
    for (const Acceptance &a : d.perDimension)
        perDimension.push_back(acceptanceJson(a));
    for (const TracePoint &t : d.trace) {
        trace["samples"].push_back(t.samples);
        trace["rate"].push_back(t.rate);
        trace["wilson_low"].push_back(t.wilson.low);
        trace["wilson_high"].push_back(t.wilson.high);
    }
    out["rejection"] = {{"samples_total", d.samplesTotal},
                        {"main", acceptanceJson(d.main)},
                        {"per_dimension", perDimension},
                        {"trace", trace}};
    const NormStudy &n = r.norms;
    out["norms"] = {{"dimension", n.dimension},
                    {"samples_total", n.samplesTotal},
                    {"samples", n.samples},
                    {"mean", n.mean},
                    {"sd", n.sd},
                    {"exact_mean", n.exactMean},
                    {"exact_sd", n.exactSd},
                    {"sqrt_n", n.sqrtN},
                    {"histogram",
                     {{"lo", n.histogram.lo},
                      {"hi", n.histogram.hi},
                      {"counts", n.histogram.counts},
                      {"underflow", n.histogram.underflow},
                      {"overflow", n.histogram.overflow},
                      {"density", n.histogram.density()}}},
                    {"chi_density_at_centers", n.chiDensityAtCenters}};
    json contrast = json::array();
    for (const ContrastPoint &pt : r.contrast)
        contrast.push_back({{"dimension", pt.dimension},
                            {"uniform_median_rc", pt.uniformMedianRc},
                            {"gaussian_median_rc", pt.gaussianMedianRc},
                            {"gaussian_mean_distance", pt.gaussianMeanDistance},
                            {"gaussian_distance_cv", pt.gaussianDistanceCv},
                            {"exact_mean_distance", pt.exactMeanDistance},
                            {"exact_distance_cv", pt.exactDistanceCv},
                            {"asymptote_cv", pt.asymptoteCv}});
    out["contrast"] = {{"data_points", p.contrastDataPoints},
                       {"queries", p.contrastQueries},
                       {"points", contrast}};
    return out;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const BallSnapshot &s) {
    static const char *const stages[] = {"exact curves", "rejection demo", "norms", "contrast",
                                         "done"};
    return {s.progress, stages[static_cast<int>(s.stage)]};
}

} // namespace

const BallExplorer &explorer() {
    static const BallExplorer definition{
        "ball",
        "The collapsing ball",
        "The unit ball's share of its cube collapses to 0 (V_n/2^n), rejection sampling fails, "
        "volume sits in a thin shell, and distances and norms concentrate.",
        &paramTable,
        nullptr, // every check is a range
        &computeBall,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::ball
