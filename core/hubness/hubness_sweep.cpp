// SPDX-License-Identifier: MIT
#include "hubness/hubness_sweep.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "common/parallel.h"

namespace dimscope::hubness {

namespace {

SweepStat statOf(const std::vector<double> &v) {
    SweepStat s;
    if (v.empty())
        return s;
    for (double x : v)
        s.mean += x;
    s.mean /= static_cast<double>(v.size());
    if (v.size() > 1) {
        double ss = 0;
        for (double x : v)
            ss += (x - s.mean) * (x - s.mean);
        s.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
    }
    return s;
}

SweepPoint summarise(int value, const std::vector<HubnessMeasures> &runs) {
    const auto field = [&](auto get) {
        std::vector<double> v;
        for (const auto &m : runs)
            v.push_back(get(m));
        return statOf(v);
    };
    SweepPoint p;
    p.value = value;
    p.kSkewness = field([](const HubnessMeasures &m) { return m.kSkewness; });
    p.robinhood = field([](const HubnessMeasures &m) { return m.robinhood; });
    p.gini = field([](const HubnessMeasures &m) { return m.gini; });
    p.antihubOccurrence = field([](const HubnessMeasures &m) { return m.antihubOccurrence; });
    p.hubOccurrence = field([](const HubnessMeasures &m) { return m.hubOccurrence; });
    p.maxKOccurrence =
        field([](const HubnessMeasures &m) { return static_cast<double>(m.maxKOccurrence); });
    p.spearmanMeanDistance =
        field([](const HubnessMeasures &m) { return m.spearmanMeanDistance.value_or(0.0); });
    return p;
}

nlohmann::json statJson(const SweepStat &s) { return {{"mean", s.mean}, {"sd", s.sd}}; }

} // namespace

SweepResult computeSweep(const SweepParams &params, const RunControl<SweepSnapshot> &control) {
    const Stopwatch watch;
    SweepResult r;
    r.params = params;
    if (rejectInvalid(sweep::explorer(), params, r))
        return r;
    const bool alongD = params.axis == SweepAxis::Dimension;
    const std::vector<int> &values = alongD ? params.dimensions : params.ks;
    ProgressClock clock(control.progressIntervalSeconds);
    const auto publish = [&](bool last) {
        if (control.wantsProgress() && (clock.due() || last))
            control.onProgress(SweepSnapshot{r.points, static_cast<int>(values.size())});
    };
    const auto fail = [&](Termination t, const std::string &message) {
        r.termination = t;
        r.message = message;
        return r;
    };

    HubnessParams base;
    base.data = params.data;
    base.n = params.n;
    base.clusters = params.clusters;
    base.metric = params.metric;
    base.p = params.p;
    base.threads = params.threads;

    // Runs of one point (axis d) or of every point at once (axis k: one search per seed).
    std::vector<std::vector<HubnessMeasures>> runs(values.size());
    const auto measure = [&](const Eigen::MatrixXd &points, int k,
                             std::vector<std::int64_t> &occurrence) -> std::optional<KnnGraph> {
        KnnOptions options;
        options.k = k;
        options.metric = params.metric;
        options.p = params.p;
        options.threads = params.threads;
        KnnResult knn = exactKnn(points, options, control.shouldStop);
        if (!knn.ok()) {
            fail(knn.termination, knn.message);
            return std::nullopt;
        }
        occurrence = kOccurrence(knn.graph);
        return std::move(knn.graph);
    };
    const auto withSpearman = [](HubnessMeasures m, const std::vector<std::int64_t> &occurrence,
                                 const std::vector<double> &distance) {
        m.spearmanMeanDistance =
            spearman(std::vector<double>(occurrence.begin(), occurrence.end()), distance);
        return m;
    };
    const auto distances = [](const Eigen::MatrixXd &points) {
        const Eigen::RowVectorXd mean = points.colwise().mean();
        std::vector<double> out(static_cast<std::size_t>(points.rows()));
        for (Eigen::Index i = 0; i < points.rows(); ++i)
            out[static_cast<std::size_t>(i)] = (points.row(i) - mean).norm();
        return out;
    };

    if (alongD) {
        for (std::size_t v = 0; v < values.size(); ++v) {
            for (int s = 0; s < params.seeds; ++s) {
                if (control.stopRequested())
                    return fail(Termination::Cancelled, "cancelled");
                HubnessParams hp = base;
                hp.d = values[v];
                hp.seed = streamSeed(params.seed, static_cast<std::uint64_t>(s));
                const Eigen::MatrixXd points = generatePoints(hp);
                std::vector<std::int64_t> occurrence;
                if (!measure(points, params.k, occurrence))
                    return r;
                runs[v].push_back(withSpearman(hubnessMeasures(occurrence, params.k), occurrence,
                                               distances(points)));
            }
            r.points.push_back(summarise(values[v], runs[v]));
            publish(v + 1 == values.size());
        }
    } else {
        for (int s = 0; s < params.seeds; ++s) {
            if (control.stopRequested())
                return fail(Termination::Cancelled, "cancelled");
            HubnessParams hp = base;
            hp.d = params.d;
            hp.seed = streamSeed(params.seed, static_cast<std::uint64_t>(s));
            const Eigen::MatrixXd points = generatePoints(hp);
            std::vector<std::int64_t> unused;
            const auto graph = measure(points, values.back(), unused);
            if (!graph)
                return r;
            const std::vector<double> distance = distances(points);
            for (std::size_t v = 0; v < values.size(); ++v) {
                const std::vector<std::int64_t> occurrence = kOccurrence(*graph, values[v]);
                runs[v].push_back(
                    withSpearman(hubnessMeasures(occurrence, values[v]), occurrence, distance));
            }
            // Points are complete only after the last seed; publish the running summary so
            // the plot fills in seed by seed.
            r.points.clear();
            for (std::size_t v = 0; v < values.size(); ++v)
                r.points.push_back(summarise(values[v], runs[v]));
            publish(s + 1 == params.seeds);
        }
    }
    r.elapsedSeconds = watch.seconds();
    return r;
}

nlohmann::json toJson(const SweepResult &r) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto &p : r.points)
        points.push_back({{"value", p.value},
                          {"k_skewness", statJson(p.kSkewness)},
                          {"robinhood", statJson(p.robinhood)},
                          {"gini", statJson(p.gini)},
                          {"antihub_occurrence", statJson(p.antihubOccurrence)},
                          {"hub_occurrence", statJson(p.hubOccurrence)},
                          {"max_k_occurrence", statJson(p.maxKOccurrence)},
                          {"spearman_mean_distance", statJson(p.spearmanMeanDistance)}});
    return {{"axis", r.params.axis == SweepAxis::Dimension ? "d" : "k"}, {"points", points}};
}

} // namespace dimscope::hubness
