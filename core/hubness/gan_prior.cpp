// SPDX-License-Identifier: MIT
#include "hubness/gan_prior.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "common/parallel.h"
#include "hubness/hubness_measures.h"
#include "neighbors/knn.h"

namespace dimscope::hubness {

namespace {

struct Moments {
    double sum = 0, sumSq = 0;
    std::int64_t count = 0;
    void add(double x) {
        sum += x;
        sumSq += x * x;
        ++count;
    }
    double mean() const { return count ? sum / static_cast<double>(count) : 0.0; }
    double sd() const {
        if (count < 2)
            return 0.0;
        const double m = mean();
        return std::sqrt(std::max(0.0, (sumSq - static_cast<double>(count) * m * m) /
                                           static_cast<double>(count - 1)));
    }
};

} // namespace

GanPriorResult computeGanPrior(const GanPriorParams &params,
                               const RunControl<GanPriorSnapshot> &control) {
    const Stopwatch watch;
    GanPriorResult r;
    r.params = params;
    if (rejectInvalid(gan::explorer(), params, r))
        return r;
    const double root = std::sqrt(static_cast<double>(params.zDim));
    const double hi = root + 5.0, lo = std::max(0.0, params.psi * (root - 5.0));
    r.normsAll = Histogram(lo, hi, params.bins);
    r.normsAccepted = Histogram(lo, hi, params.bins);
    r.normsTruncated = Histogram(lo, hi, params.bins);
    Moments all, accepted;
    double spearmanSum = 0;
    ProgressClock clock(control.progressIntervalSeconds);
    // Self counted: the latent is its own first neighbour, so k−1 others are searched and 1 added.
    const int others = params.countSelf ? params.k - 1 : params.k;
    const int bonus = params.countSelf ? 1 : 0;

    for (int round = 0; round < params.rounds; ++round) {
        if (control.stopRequested()) {
            r.termination = Termination::Cancelled;
            r.message = "cancelled";
            return r;
        }
        boost::random::mt19937_64 engine(
            streamSeed(params.seed, static_cast<std::uint64_t>(round)));
        boost::random::normal_distribution<double> normal;
        Eigen::MatrixXd z(params.batch, params.zDim);
        for (Eigen::Index i = 0; i < z.rows(); ++i)
            for (Eigen::Index t = 0; t < z.cols(); ++t)
                z(i, t) = normal(engine);

        std::vector<std::int64_t> value(static_cast<std::size_t>(params.batch), 0);
        if (others > 0) {
            KnnOptions options;
            options.k = others;
            options.threads = params.threads;
            const KnnResult knn = exactKnn(z, options, control.shouldStop);
            if (!knn.ok()) {
                r.termination = knn.termination;
                r.message = knn.message;
                return r;
            }
            value = kOccurrence(knn.graph);
        }
        for (auto &v : value)
            v += bonus;

        GanPriorRound stats;
        std::vector<double> norms(static_cast<std::size_t>(params.batch));
        Moments roundAll, roundAccepted;
        for (Eigen::Index i = 0; i < z.rows(); ++i) {
            const double norm = z.row(i).norm();
            const std::int64_t v = value[static_cast<std::size_t>(i)];
            norms[static_cast<std::size_t>(i)] = norm;
            const bool keep = params.rule == ThresholdRule::Greater ? v > params.threshold
                                                                    : v >= params.threshold;
            all.add(norm);
            roundAll.add(norm);
            r.normsAll.add(norm);
            r.normsTruncated.add(params.psi * norm);
            if (keep) {
                accepted.add(norm);
                roundAccepted.add(norm);
                r.normsAccepted.add(norm);
                ++stats.accepted;
            }
            stats.maxOccurrence = std::max(stats.maxOccurrence, v);
        }
        const std::vector<double> asReal(value.begin(), value.end());
        stats.skewness = populationSkewness(asReal).value_or(0.0);
        stats.spearmanNorm = spearman(asReal, norms).value_or(0.0);
        stats.meanNormAll = roundAll.mean();
        stats.meanNormAccepted = roundAccepted.mean();
        spearmanSum += stats.spearmanNorm;
        r.rounds.push_back(stats);
        if (round == 0) {
            r.firstBatchOccurrence = value;
            r.firstBatchNorms = norms;
        }
        r.drawn += params.batch;
        r.accepted += stats.accepted;
        if (control.wantsProgress() && (clock.due() || round + 1 == params.rounds))
            control.onProgress(GanPriorSnapshot{round + 1, r.drawn, r.accepted, params.rounds});
    }
    r.acceptanceShare = static_cast<double>(r.accepted) / static_cast<double>(r.drawn);
    r.meanNormAll = all.mean();
    r.sdNormAll = all.sd();
    r.meanNormAccepted = accepted.mean();
    r.sdNormAccepted = accepted.sd();
    r.meanNormTruncated = params.psi * r.meanNormAll;
    r.psiMatchingAccepted = r.meanNormAll > 0 ? r.meanNormAccepted / r.meanNormAll : 0.0;
    r.spearmanNorm = spearmanSum / params.rounds;
    r.elapsedSeconds = watch.seconds();
    return r;
}

double expectedNorm(int n) {
    const double half = 0.5 * static_cast<double>(n);
    return std::sqrt(2.0) * std::exp(std::lgamma(half + 0.5) - std::lgamma(half));
}

double chiDensity(int n, double r) {
    if (!(r > 0))
        return n == 1 && r == 0 ? std::sqrt(2.0 / 3.14159265358979323846) : 0.0;
    const double half = 0.5 * static_cast<double>(n);
    // In logs: r^(n−1) and Γ(n/2) overflow long before the density does (n in the thousands).
    return std::exp((n - 1) * std::log(r) - 0.5 * r * r - (half - 1.0) * std::log(2.0) -
                    std::lgamma(half));
}

nlohmann::json toJson(const GanPriorResult &r) {
    nlohmann::json j;
    j["drawn"] = r.drawn;
    j["accepted"] = r.accepted;
    j["acceptance_share"] = r.acceptanceShare;
    j["mean_norm_all"] = r.meanNormAll;
    j["sd_norm_all"] = r.sdNormAll;
    j["mean_norm_accepted"] = r.meanNormAccepted;
    j["sd_norm_accepted"] = r.sdNormAccepted;
    j["mean_norm_truncated"] = r.meanNormTruncated;
    j["psi_matching_accepted"] = r.psiMatchingAccepted;
    j["spearman_norm"] = r.spearmanNorm;
    nlohmann::json rounds = nlohmann::json::array();
    for (const auto &s : r.rounds)
        rounds.push_back({{"accepted", s.accepted},
                          {"max_k_occurrence", s.maxOccurrence},
                          {"k_skewness", s.skewness},
                          {"spearman_norm", s.spearmanNorm},
                          {"mean_norm_all", s.meanNormAll},
                          {"mean_norm_accepted", s.meanNormAccepted}});
    j["rounds"] = rounds;
    return j;
}

} // namespace dimscope::hubness
