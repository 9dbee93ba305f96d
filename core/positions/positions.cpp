// SPDX-License-Identifier: MIT
#include "positions/positions.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "common/parallel.h"

namespace dimscope::positions {

const ParamTable<PositionsParams> &paramTable() {
    static const auto table =
        ParamTable<PositionsParams>()
            .choice("scheme", "Training positions",
                    "standard: 0…N−1; random: sort(permutation(L)[:N]) (Ruoss et al.); "
                    "equal-mean: linspace(0,1,N)·n with n of mean N (Su).",
                    &PositionsParams::scheme)
            .choice("law", "Law of n",
                    "equal-mean: n from the exponential law of mean N, or M·Beta(a, b) of mean N.",
                    &PositionsParams::law)
            .integer("train-length", "Training length N", "Tokens per training sample.",
                     &PositionsParams::trainLength, 2, 4096)
            .logScale()
            .integer("max-length", "Largest length L",
                     "random: the ids are drawn from 0…L−1 (the paper's 2048).",
                     &PositionsParams::maxLength, 2, 65536)
            .logScale()
            .integer("test-length", "Test length M", "Tokens per test sequence: ids 0…M−1.",
                     &PositionsParams::testLength, 2, 65536)
            .logScale()
            .integer("samples", "Training samples", "Training sequences whose positions count.",
                     &PositionsParams::samples, 1, 100000)
            .logScale()
            .real("beta-a", "Beta a",
                  "equal-mean with the beta law: n = M·Beta(a, a(M−N)/N); a smaller a spreads n "
                  "more.",
                  &PositionsParams::betaA, 0.1, 100.0)
            .logScale()
            .advanced()
            .integer("head-dim", "Head dimension d",
                     "Dimension of q and k: d/2 RoPE frequencies, and logits q·k/√d.",
                     &PositionsParams::headDim, 2, 512)
            .advanced()
            .real("rope-base", "RoPE base", "θⱼ = base^(−2j/d).", &PositionsParams::ropeBase, 10.0,
                  1e7)
            .logScale()
            .advanced()
            .integer("angle-bins", "Angle bins", "Bins of the circle per RoPE frequency.",
                     &PositionsParams::angleBins, 8, 720)
            .advanced()
            .integer("entropy-trials", "Entropy trials",
                     "Random (q, keys) draws averaged at every length.",
                     &PositionsParams::entropyTrials, 10, 100000)
            .logScale()
            .advanced()
            .threads(&PositionsParams::threads)
            .seed(&PositionsParams::seed);
    return table;
}

namespace {

std::optional<std::string> checkPositions(const PositionsParams &p) {
    if (p.trainLength > p.maxLength)
        return "parameters 'train-length' and 'max-length': N = " + std::to_string(p.trainLength) +
               " distinct ids cannot be drawn from L = " + std::to_string(p.maxLength) +
               "; make L at least N";
    if (p.trainLength > p.testLength)
        return "parameters 'train-length' and 'test-length': the test length M = " +
               std::to_string(p.testLength) +
               " is below the training length N = " + std::to_string(p.trainLength) +
               "; extrapolation needs M ≥ N";
    if (p.headDim % 2 != 0)
        return "parameter 'head-dim': RoPE pairs coordinates, so d must be even, not " +
               std::to_string(p.headDim);
    return std::nullopt;
}

SchemeSettings settingsOf(const PositionsParams &p, Scheme scheme) {
    SchemeSettings s;
    s.scheme = scheme;
    s.law = p.law;
    s.trainLength = p.trainLength;
    s.maxLength = p.maxLength;
    s.testLength = p.testLength;
    s.betaA = p.betaA;
    return s;
}

/// Everything one scheme's samples show; false when stopped.
bool coverScheme(const PositionsParams &p, Scheme scheme, const std::vector<double> &theta,
                 SchemeCoverage &out, std::vector<std::int64_t> &idCounts, AngleTally &angles,
                 const std::function<bool()> &stop) {
    const SchemeSettings s = settingsOf(p, scheme);
    PositionTally tally;
    tally.ids.assign(static_cast<std::size_t>(std::max(p.maxLength, p.testLength)), 0);
    angles.bins = p.angleBins;
    angles.counts.assign(theta.size(), std::vector<std::int64_t>(std::size_t(p.angleBins), 0));
    // One stream per scheme, so a scheme's samples do not depend on which others are drawn.
    Xoshiro256pp engine(streamSeed(p.seed, 1000 + static_cast<std::uint64_t>(scheme)));
    double maxPosition = 0;
    for (int i = 0; i < p.samples; ++i) {
        if (i % 64 == 0 && stop && stop())
            return false;
        const std::vector<double> positions = samplePositions(s, engine);
        tallyPositions(positions, tally);
        maxPosition = std::max(maxPosition, positions.back());
        if (scheme == Scheme::EqualMean)
            tallyAngles(positions, theta, angles);
    }
    if (scheme != Scheme::EqualMean) {
        // Integer positions: the angles of each id once, weighted by its count.
        for (std::size_t j = 0; j < theta.size(); ++j)
            for (std::size_t id = 0; id < tally.ids.size(); ++id)
                if (tally.ids[id])
                    angles.counts[j][std::size_t(angleBin(double(id), theta[j], p.angleBins))] +=
                        tally.ids[id];
    }
    out.scheme = scheme;
    std::int64_t seen = 0;
    for (int id = 0; id < p.testLength; ++id)
        seen += tally.ids[std::size_t(id)] > 0;
    out.coverage = double(seen) / p.testLength;
    out.meanSpacing = tally.meanSpacing();
    out.testSpacing = scheme == Scheme::Random ? double(p.maxLength) / p.testLength : 1.0;
    out.maxPosition = maxPosition;
    out.angleTestCovered.clear();
    out.angleTrainSeen.clear();
    for (std::size_t j = 0; j < theta.size(); ++j) {
        const auto &row = angles.counts[j];
        std::int64_t bins = 0, covered = 0;
        for (std::int64_t c : row)
            bins += c > 0;
        for (int id = 0; id < p.testLength; ++id)
            covered += row[std::size_t(angleBin(id, theta[j], p.angleBins))] > 0;
        out.angleTrainSeen.push_back(double(bins) / p.angleBins);
        out.angleTestCovered.push_back(double(covered) / p.testLength);
    }
    idCounts = std::move(tally.ids);
    return true;
}

} // namespace

PositionsResult computePositions(const PositionsParams &params,
                                 const RunControl<PositionsSnapshot> &control) {
    PositionsResult r;
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
    r.frequencies = ropeFrequencies(params.headDim, params.ropeBase);
    for (Scheme scheme : {Scheme::Standard, Scheme::Random, Scheme::EqualMean}) {
        SchemeCoverage c;
        std::vector<std::int64_t> ids;
        AngleTally angles;
        if (!coverScheme(params, scheme, r.frequencies, c, ids, angles, stop))
            return cancelled();
        if (scheme == params.scheme) {
            r.chosen = c;
            r.idCounts = std::move(ids);
            r.trainAngles = std::move(angles);
        }
        r.everyScheme.push_back(std::move(c));
    }
    EntropySettings e;
    e.lengths = entropyLengths(params.testLength, params.trainLength);
    e.trainLength = params.trainLength;
    e.headDim = params.headDim;
    e.trials = params.entropyTrials;
    e.threads = params.threads;
    e.seed = params.seed;
    if (!attentionEntropy(e, r.entropy, stop))
        return cancelled();
    return r;
}

namespace {

using nlohmann::json;

json coverageJson(const SchemeCoverage &c) {
    return {{"coverage", c.coverage},
            {"mean_spacing", c.meanSpacing},
            {"test_spacing", c.testSpacing},
            {"max_position", c.maxPosition},
            {"angle_test_covered", c.angleTestCovered},
            {"angle_train_seen", c.angleTrainSeen}};
}

/// H(longest) − H(m): how much a curve still grows past the training length.
double growthPastTraining(const EntropyCurves &e, const std::vector<double> &curve, int m) {
    const auto it = std::find(e.lengths.begin(), e.lengths.end(), m);
    if (it == e.lengths.end())
        return 0.0;
    return curve.back() - curve[std::size_t(it - e.lengths.begin())];
}

} // namespace

nlohmann::json toJson(const PositionsResult &r) {
    json j;
    j["coverage"] = r.chosen.coverage;
    j["mean_spacing"] = r.chosen.meanSpacing;
    j["test_spacing"] = r.chosen.testSpacing;
    j["max_position"] = r.chosen.maxPosition;
    j["id_counts"] = r.idCounts;
    json rope = {{"frequencies", r.frequencies},
                 {"bins", r.trainAngles.bins},
                 {"train_counts", r.trainAngles.counts},
                 {"test_covered", r.chosen.angleTestCovered},
                 {"train_seen", r.chosen.angleTrainSeen}};
    j["rope"] = std::move(rope);
    json schemes = json::object();
    for (const SchemeCoverage &c : r.everyScheme)
        schemes[nameOf(c.scheme)] = coverageJson(c);
    j["schemes"] = std::move(schemes);
    const EntropyCurves &e = r.entropy;
    const int m = r.params.trainLength;
    j["entropy"] = {{"lengths", e.lengths},
                    {"lambda", e.lambda},
                    {"plain", e.plain},
                    {"log_scaled", e.logScaled},
                    {"plain_se", e.plainSe},
                    {"log_scaled_se", e.logScaledSe},
                    {"approx_plain", e.approxPlain},
                    {"approx_log_scaled", e.approxLogScaled},
                    {"plain_growth", growthPastTraining(e, e.plain, m)},
                    {"log_scaled_growth", growthPastTraining(e, e.logScaled, m)}};
    return j;
}

const PositionsExplorer &explorer() {
    static const PositionsExplorer definition{
        "positions",
        "Length extrapolation and random positions",
        "Which position ids and RoPE angles training shows a model under standard, random "
        "(Ruoss et al.) and equal-mean positions, and how attention's entropy grows with length "
        "with and without log_m n scaling (post 9444).",
        &paramTable,
        &checkPositions,
        &computePositions,
        &toJson,
    };
    return definition;
}

} // namespace dimscope::positions
