// SPDX-License-Identifier: MIT
#include "angles/angles.h"
#include "numerics/constants.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <new>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "angles/angle_math.h"
#include "angles/angle_sampler.h"
#include "angles/angle_stats.h"
#include "common/parallel.h"
#include "numerics/fast_math.h"

namespace dimscope::angles {

namespace {

using detail::ChunkStats;
using detail::KsCounts;
using detail::Moments;

constexpr double kDegree = kPi / 180.0;
/// Vector-sampler sweep points are capped at this many coordinates (n · pairs) so the sweep stays
/// a few seconds even at n = 100000.
constexpr std::int64_t kSweepCoordinateCap = 200'000'000;
constexpr int kSweepPoints = 12;

// ---- one block of pairs (the main run or one sweep point) -------------------------------------

struct Block {
    SamplerSetup setup;
    std::uint64_t seed = 1;
    std::int64_t pairs = 0;
    double delta = 0; ///< radians
    int bins = 1;     ///< 1 = no histogram wanted (sweep points)
    int threads = 0;
    bool exactLaw = false;
    bool wantKs = false;
};

struct BlockOutcome {
    ChunkStats totals;
    std::optional<double> ks;
    bool cancelled = false;
};

class BlockRunner {
public:
    BlockRunner(const Block &block, const std::function<bool()> &stop)
        : m_block(block), m_stop(stop) {
        m_chunks =
            (block.pairs + chunkPairsTarget(block.setup) - 1) / chunkPairsTarget(block.setup);
    }

    /// afterMerge(totals, pairsDone) runs on the calling thread after every wave of chunks.
    BlockOutcome run(const std::function<void(const ChunkStats &)> &afterMerge) {
        BlockOutcome out;
        if (m_stop && m_stop()) {
            out.cancelled = true;
            return out;
        }
        // Chunk 0 first, alone: it is the deterministic pilot that fixes the histogram range of
        // laws without a closed form.
        std::vector<double> theta, cosine;
        if (!sample(0, theta, cosine)) {
            out.cancelled = true;
            return out;
        }
        m_shape = Histogram(0.0, kPi, m_block.bins);
        if (m_block.bins > 1)
            m_shape = Histogram(rangeLo(theta), rangeHi(theta), m_block.bins);
        if (m_block.wantKs)
            m_cdf = std::make_unique<CdfTable>(m_block.setup.dimension);
        out.totals = summarise(theta, cosine);
        afterMerge(out.totals);

        const int threads = m_block.threads > 0 ? m_block.threads : defaultThreadCount();
        std::int64_t waveSize = threads;
        for (std::int64_t next = 1; next < m_chunks;) {
            if (m_stop && m_stop()) {
                out.cancelled = true;
                return out;
            }
            const std::int64_t size = std::min(waveSize, m_chunks - next);
            std::vector<ChunkStats> wave(static_cast<std::size_t>(size));
            const Stopwatch watch;
            forEachChunk(
                size, threads,
                [&](std::int64_t i) {
                    std::vector<double> th, co;
                    if (sample(next + i, th, co))
                        wave[static_cast<std::size_t>(i)] = summarise(th, co);
                },
                m_stop);
            for (const auto &chunk : wave) {
                if (!chunk.finished) {
                    out.cancelled = true;
                    return out;
                }
                out.totals.merge(chunk); // chunk order: deterministic sums
            }
            next += size;
            afterMerge(out.totals);
            // Waves only pace the progress snapshots (~50 ms); results do not depend on them.
            if (watch.seconds() < 0.025 && waveSize < 64 * threads)
                waveSize *= 2;
        }
        if (m_block.wantKs)
            out.ks = ksDistance();
        return out;
    }

private:
    std::int64_t begin(std::int64_t chunk) const { return chunk * m_block.pairs / m_chunks; }

    bool sample(std::int64_t chunk, std::vector<double> &theta, std::vector<double> &cosine) const {
        const std::int64_t count = begin(chunk + 1) - begin(chunk);
        theta.resize(static_cast<std::size_t>(count));
        cosine.resize(static_cast<std::size_t>(count));
        return samplePairs(m_block.setup,
                           streamSeed(m_block.seed, static_cast<std::uint64_t>(chunk)), count,
                           theta.data(), cosine.data(), m_stop);
    }

    // Two vectorisable passes (moments; band share and histogram bin), then the scattered counts.
    // Histogram bins use Histogram::add's formula, so the counts are the same as add() would give.
    ChunkStats summarise(const std::vector<double> &theta, const std::vector<double> &cosine) {
        ChunkStats s;
        Moments::ofPair(theta, cosine, s.theta, s.cosine);
        s.histogram = m_shape;
        const std::size_t count = theta.size();
        const double lo = m_shape.lo, width = m_shape.hi - m_shape.lo;
        const double bins = static_cast<double>(m_shape.bins()), delta = m_block.delta;
        std::vector<std::int32_t> bin(count);
        std::int64_t near = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const double t = theta[i];
            near += std::fabs(t - kPi / 2) < delta;
            const double v = (t - lo) / width * bins;
            // −1: underflow (or NaN, which add() also counts there); bins: overflow.
            bin[i] =
                static_cast<std::int32_t>(pickBits(t >= lo, pickBits(v < bins, v, bins), -1.0));
        }
        s.nearOrthogonal = near;
        // Four interleaved copies of [underflow, bins…, overflow]: most angles fall in a few
        // central bins, and consecutive increments of one counter would wait on each other's
        // stores.
        const std::size_t row = static_cast<std::size_t>(m_shape.bins()) + 2;
        std::vector<std::int64_t> tally(4 * row, 0);
        for (std::size_t i = 0; i < count; ++i)
            ++tally[(i & 3) * row + static_cast<std::size_t>(bin[i] + 1)];
        for (std::size_t k = 0; k < 4; ++k) {
            const std::int64_t *t = &tally[k * row];
            s.histogram.underflow += t[0];
            for (std::size_t b = 0; b + 2 < row; ++b)
                s.histogram.counts[b] += t[b + 1];
            s.histogram.overflow += t[row - 1];
        }
        if (m_cdf) {
            std::vector<std::uint32_t> bucket(count);
            m_cdf->buckets(theta.data(), bucket.data(), count, kKsBuckets);
            KsCounts::Lease lease(m_ksCounts);
            std::uint32_t *ks = lease.counts();
            // The 4 MB of counts live in L3, not L2: fetch a few increments ahead so the misses
            // overlap instead of each stalling the loop.
            constexpr std::size_t kAhead = 16;
            for (std::size_t i = 0; i < count; ++i) {
                if (i + kAhead < count)
                    __builtin_prefetch(ks + bucket[i + kAhead], 1);
                ++ks[bucket[i]];
            }
        }
        s.finished = true;
        return s;
    }

    // Exact laws: π/2 ± 6 exact sd. Others: the pilot's span widened by half on each side and by at
    // least ±8 pilot sd; samples that still fall outside are counted in under/overflow.
    double rangeLo(const std::vector<double> &pilot) const {
        if (m_block.exactLaw)
            return std::max(0.0, kPi / 2 - 6 * std::sqrt(exactVariance(m_block.setup.dimension)));
        const auto [lo, hi, mean, sd] = pilotSummary(pilot);
        const double v = std::min(lo - 0.5 * (hi - lo), mean - 8 * sd);
        return std::isfinite(v) ? std::max(0.0, v) : 0.0;
    }
    double rangeHi(const std::vector<double> &pilot) const {
        if (m_block.exactLaw)
            return std::min(kPi, kPi / 2 + 6 * std::sqrt(exactVariance(m_block.setup.dimension)));
        const auto [lo, hi, mean, sd] = pilotSummary(pilot);
        const double v = std::max(hi + 0.5 * (hi - lo), mean + 8 * sd);
        return std::isfinite(v) && v > rangeLo(pilot) ? std::min(kPi, v) : kPi;
    }
    static std::array<double, 4> pilotSummary(const std::vector<double> &pilot) {
        const auto [lo, hi] = std::minmax_element(pilot.begin(), pilot.end());
        const Moments m = Moments::of(pilot);
        return {*lo, *hi, m.mean, std::sqrt(m.variance())};
    }

    double ksDistance() const { return ksFromCounts(m_ksCounts.total()); }

    Block m_block;
    const std::function<bool()> &m_stop;
    std::int64_t m_chunks = 1;
    Histogram m_shape;
    std::unique_ptr<CdfTable> m_cdf;
    KsCounts m_ksCounts;
};

std::vector<int> sweepDimensions(int dimension) {
    std::vector<int> dims;
    for (int k = 0; k < kSweepPoints; ++k) {
        const double n = 2.0 * std::pow(dimension / 2.0, k / double(kSweepPoints - 1));
        const int rounded = std::clamp(static_cast<int>(std::lround(n)), 2, dimension);
        if (dims.empty() || rounded > dims.back())
            dims.push_back(rounded);
    }
    return dims;
}

} // namespace

const ParamTable<AngleParams> &paramTable() {
    static const auto table =
        ParamTable<AngleParams>()
            .integer("dimension", "Dimension n", "Number of coordinates of each random vector.",
                     &AngleParams::dimension, 2, 100000)
            .logScale()
            .integer("pairs", "Pairs M",
                     "Number of independent vector pairs (x, y) whose angle is measured.",
                     &AngleParams::pairs, 1000, 10000000)
            .logScale()
            .choice("distribution", "Distribution",
                    "Law of the coordinates: gaussian N(0,1), sphere (uniform directions), cube "
                    "U[-1,1], unit-cube U[0,1], or shifted-gaussian N(mu,1).",
                    &AngleParams::distribution)
            .real("mu", "Shift mu", "Coordinate mean of the shifted-gaussian law N(mu,1).",
                  &AngleParams::mu, -10.0, 10.0)
            .onlyWhen("distribution", {"shifted-gaussian"})
            .flag("center", "Centre the data",
                  "Subtract the sample mean of each batch of 1024 vectors (x's and y's in "
                  "separate batches; smaller runs use one batch per chunk of at least 500) before "
                  "measuring angles.",
                  &AngleParams::center)
            .choice("sampler", "Sampler",
                    "vectors draws real n-dimensional vectors; exact draws each angle in O(1) from "
                    "its Beta law (isotropic laws only).",
                    &AngleParams::sampler)
            .integer("bins", "Histogram bins", "Number of bins of the angle histogram.",
                     &AngleParams::bins, 10, 2000)
            .advanced()
            .choice("units", "Angle units", "Units of every angle in plots and results.",
                    &AngleParams::units)
            .real("delta", "Near-orthogonal band δ (°)",
                  "Half-width in degrees of the band |θ−90°| < δ whose share is reported.",
                  &AngleParams::deltaDegrees, 0.01, 89.0)
            .integer("sweep-pairs", "Sweep pairs",
                     "Pairs per point of the dimension sweep (about 12 values of n from 2 to the "
                     "dimension); 0 turns the sweep off, and the vectors sampler caps n·pairs at "
                     "2e8.",
                     &AngleParams::sweepPairs, 0, 1000000)
            .logScale()
            .threads(&AngleParams::threads)
            .seed(&AngleParams::seed);
    return table;
}

bool isIsotropic(Distribution d) {
    return d == Distribution::Gaussian || d == Distribution::Sphere;
}

bool hasExactLaw(const AngleParams &p) {
    return isIsotropic(p.distribution) ||
           (p.distribution == Distribution::ShiftedGaussian && (p.center || p.mu == 0.0));
}

namespace {

/// What the table cannot check alone: a sweep point needs enough pairs, and the exact sampler
/// needs a law with an exact angle distribution.
std::optional<std::string> checkAngles(const AngleParams &p) {
    if (p.sweepPairs > 0 && p.sweepPairs < 100)
        return "parameter 'sweep-pairs': " + std::to_string(p.sweepPairs) +
               " is too few for a sweep point; expected 0 (no sweep) or 100…1000000";
    if (p.sampler == Sampler::Exact && !hasExactLaw(p))
        return "parameter 'sampler': 'exact' draws angles from the Beta law, which holds only for "
               "isotropic vectors (gaussian, sphere, or shifted-gaussian with center); "
               "distribution '" +
               nameOf(p.distribution) + "' needs sampler 'vectors'";
    return std::nullopt;
}

} // namespace

AngleResult computeAngles(const AngleParams &params, const RunControl<AngleSnapshot> &control) {
    const Stopwatch watch;
    AngleResult result;
    result.params = params;
    if (rejectInvalid(explorer(), params, result))
        return result;
    const bool exactLaw = hasExactLaw(params);
    const std::vector<int> sweepDims =
        params.sweepPairs > 0 ? sweepDimensions(params.dimension) : std::vector<int>{};
    const auto sweepPairsFor = [&](int n) {
        return params.sampler == Sampler::Vectors
                   ? std::min(params.sweepPairs, kSweepCoordinateCap / n)
                   : params.sweepPairs;
    };
    AngleSnapshot snapshot;
    snapshot.pairsTotal = params.pairs;
    for (int n : sweepDims)
        snapshot.pairsTotal += sweepPairsFor(n);
    ProgressClock clock(control.progressIntervalSeconds);
    const std::function<bool()> stop = [&control] { return control.stopRequested(); };
    const auto publish = [&] {
        if (control.wantsProgress() && clock.due())
            control.onProgress(snapshot);
    };
    try {
        Block main;
        main.setup = samplerSetup(params);
        main.seed = params.seed;
        main.pairs = params.pairs;
        main.delta = params.deltaDegrees * kDegree;
        main.bins = params.bins;
        main.threads = params.threads;
        main.exactLaw = exactLaw;
        main.wantKs = exactLaw;
        BlockOutcome outcome = BlockRunner(main, stop).run([&](const ChunkStats &totals) {
            snapshot.pairsDone = totals.theta.count;
            snapshot.histogram = totals.histogram;
            snapshot.mean = totals.theta.mean;
            snapshot.variance = totals.theta.variance();
            publish();
        });
        const ChunkStats &t = outcome.totals;
        result.pairsDone = t.theta.count;
        result.histogram = t.histogram;
        result.mean = t.theta.mean;
        result.variance = t.theta.variance();
        result.meanCos = t.cosine.mean;
        result.varianceCos = t.cosine.variance();
        result.nearOrthogonalShare =
            t.theta.count ? double(t.nearOrthogonal) / double(t.theta.count) : 0.0;
        if (outcome.cancelled) {
            result.termination = Termination::Cancelled;
            result.message = "cancelled after " + std::to_string(result.pairsDone) + " pairs";
            result.elapsedSeconds = watch.seconds();
            return result;
        }
        if (!std::isfinite(result.mean) || !std::isfinite(result.variance) ||
            !std::isfinite(result.meanCos)) {
            result.termination = Termination::Failed;
            result.message =
                "an angle was not finite (a zero-length vector was drawn); try another seed";
            return result;
        }
        if (exactLaw) {
            result.exactMean = exactMean();
            result.exactVariance = exactVariance(params.dimension);
            result.ksDistance = outcome.ks;
        }
        for (std::size_t i = 0; i < sweepDims.size(); ++i) {
            Block point = main;
            point.setup.dimension = sweepDims[i];
            point.seed = streamSeed(~params.seed, i); // a stream family apart from the main run's
            point.pairs = sweepPairsFor(sweepDims[i]);
            point.bins = 1;
            point.exactLaw = false;
            point.wantKs = false;
            const std::int64_t before = snapshot.pairsDone;
            BlockOutcome o = BlockRunner(point, stop).run([&](const ChunkStats &totals) {
                snapshot.pairsDone = before + totals.theta.count;
                publish();
            });
            if (o.cancelled) {
                result.termination = Termination::Cancelled;
                result.message =
                    "cancelled during the dimension sweep (n = " + std::to_string(sweepDims[i]) +
                    ")";
                result.elapsedSeconds = watch.seconds();
                return result;
            }
            SweepPoint sp;
            sp.dimension = sweepDims[i];
            sp.pairs = o.totals.theta.count;
            sp.mean = o.totals.theta.mean;
            sp.variance = o.totals.theta.variance();
            sp.nearOrthogonalShare =
                double(o.totals.nearOrthogonal) / double(std::max<std::int64_t>(1, sp.pairs));
            result.sweep.push_back(sp);
            snapshot.sweep = result.sweep;
        }
        if (control.wantsProgress())
            control.onProgress(snapshot); // the final state, whatever the clock says
    } catch (const std::bad_alloc &) {
        result.termination = Termination::Failed;
        result.message = "out of memory (pairs = " + std::to_string(params.pairs) +
                         ", dimension = " + std::to_string(params.dimension) + "); use fewer pairs";
    } catch (const std::exception &e) {
        result.termination = Termination::Failed;
        result.message = e.what();
    }
    result.elapsedSeconds = watch.seconds();
    return result;
}

nlohmann::json toJson(const AngleResult &r) {
    const bool degrees = r.params.units == Units::Degrees;
    const double f = degrees ? 180.0 / kPi : 1.0;
    const auto orNull = [](const std::optional<double> &v, double scale) {
        return v ? nlohmann::json(*v * scale) : nlohmann::json(nullptr);
    };
    const bool exactLaw = hasExactLaw(r.params);
    nlohmann::json j;
    j["units"] = nameOf(r.params.units);
    j["pairs"] = r.pairsDone;
    j["mean"] = r.mean * f;
    j["variance"] = r.variance * f * f;
    j["exact_mean"] = orNull(r.exactMean, f);
    j["exact_variance"] = orNull(r.exactVariance, f * f);
    j["ks_distance"] = orNull(r.ksDistance, 1.0);
    j["mean_cos"] = r.meanCos;
    j["variance_cos"] = r.varianceCos;
    j["near_orthogonal_share"] = r.nearOrthogonalShare;
    j["exact_near_orthogonal_share"] =
        exactLaw ? nlohmann::json(nearOrthogonalProbability(r.params.dimension,
                                                            r.params.deltaDegrees * kDegree))
                 : nlohmann::json(nullptr);
    nlohmann::json h;
    std::vector<double> edges = r.histogram.edges(), density = r.histogram.density();
    for (auto &e : edges)
        e *= f;
    for (auto &d : density)
        d /= f;
    h["edges"] = edges;
    h["density"] = density;
    h["underflow"] = r.histogram.underflow;
    h["overflow"] = r.histogram.overflow;
    j["histogram"] = h;
    j["sweep"] = nlohmann::json::array();
    for (const auto &p : r.sweep)
        j["sweep"].push_back(
            {{"dimension", p.dimension},
             {"pairs", p.pairs},
             {"mean", p.mean * f},
             {"variance", p.variance * f * f},
             {"exact_variance", exactLaw ? nlohmann::json(exactVariance(p.dimension) * f * f)
                                         : nlohmann::json(nullptr)},
             {"near_orthogonal_share", p.nearOrthogonalShare}});
    return j;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const AngleSnapshot &s) {
    if (s.pairsTotal > 0)
        return countedProgress(s.pairsDone, s.pairsTotal, "pairs");
    ProgressNote note;
    note.stage = std::to_string(s.sweep.size()) + " sweep points";
    return note;
}

} // namespace

const AnglesExplorer &explorer() {
    static const AnglesExplorer definition{
        "angles",
        "Angles between random vectors",
        "The angle between two random vectors in n dimensions concentrates at 90° (variance "
        "½ψ₁(n/2)); compare sampled vectors of several laws with the exact Beta law.",
        &paramTable,
        &checkAngles,
        &computeAngles,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::angles
