// SPDX-License-Identifier: MIT
#include "hubness/hubness_reduction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace dimscope::hubness {

namespace {

std::size_t at(std::int64_t i, int c, int s) { return static_cast<std::size_t>(i * c + s); }

/// Survival function of the standard normal, 1 − Φ(z).
double normalSurvival(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

/// Mean of the first m candidate distances of each row.
std::vector<double> meanDistance(const KnnGraph &g, int m) {
    std::vector<double> mu(static_cast<std::size_t>(g.n));
    for (std::int64_t i = 0; i < g.n; ++i) {
        double s = 0;
        for (int t = 0; t < m; ++t)
            s += g.distance(i, t);
        mu[static_cast<std::size_t>(i)] = s / m;
    }
    return mu;
}

double safeRatio(double num, double den) {
    if (den > 0)
        return num / den;
    return num > 0 ? std::numeric_limits<double>::max() : 0.0; // duplicates: zero spread
}

std::vector<double> mpGaussian(const KnnGraph &g) {
    const int c = g.k;
    const std::vector<double> mu = meanDistance(g, c);
    std::vector<double> sd(static_cast<std::size_t>(g.n));
    for (std::int64_t i = 0; i < g.n; ++i) {
        double s = 0;
        for (int t = 0; t < c; ++t) {
            const double e = g.distance(i, t) - mu[static_cast<std::size_t>(i)];
            s += e * e;
        }
        sd[static_cast<std::size_t>(i)] = std::sqrt(s / c);
    }
    const auto survival = [&](double dist, std::int64_t x) {
        const double m = mu[static_cast<std::size_t>(x)], s = sd[static_cast<std::size_t>(x)];
        if (s > 0)
            return normalSurvival((dist - m) / s);
        return dist < m ? 1.0 : dist > m ? 0.0 : 0.5;
    };
    std::vector<double> out(static_cast<std::size_t>(g.n * c));
    for (std::int64_t x = 0; x < g.n; ++x)
        for (int t = 0; t < c; ++t) {
            const double dist = g.distance(x, t);
            out[at(x, c, t)] = 1.0 - survival(dist, x) * survival(dist, g.index(x, t));
        }
    return out;
}

std::vector<double> mpEmpiric(const KnnGraph &g) {
    const int c = g.k;
    std::vector<double> out(static_cast<std::size_t>(g.n * c));
    std::vector<int> slot(static_cast<std::size_t>(g.n), -1); // position of z in C(x), or −1
    std::vector<double> dy(static_cast<std::size_t>(c));
    for (std::int64_t x = 0; x < g.n; ++x) {
        for (int t = 0; t < c; ++t)
            slot[static_cast<std::size_t>(g.index(x, t))] = t;
        for (int s = 0; s < c; ++s) {
            const std::int32_t y = g.index(x, s);
            const double dxy = g.distance(x, s);
            // Distances from y to x's candidates: stored when in C(y), else beyond all of C(y).
            const double beyond = g.distance(y, c - 1) + 1e-6;
            std::fill(dy.begin(), dy.end(), beyond);
            for (int t = 0; t < c; ++t) {
                const int p = slot[static_cast<std::size_t>(g.index(y, t))];
                if (p >= 0)
                    dy[static_cast<std::size_t>(p)] = g.distance(y, t);
            }
            int shared = 0;
            for (int t = 0; t < c; ++t)
                shared += (g.distance(x, t) > dxy && dy[static_cast<std::size_t>(t)] > dxy) ? 1 : 0;
            out[at(x, c, s)] = 1.0 - static_cast<double>(shared) / c;
        }
        for (int t = 0; t < c; ++t)
            slot[static_cast<std::size_t>(g.index(x, t))] = -1;
    }
    return out;
}

std::vector<double> disSimLocal(const KnnGraph &g, int localK, const Eigen::MatrixXd &points) {
    const int c = g.k;
    const Eigen::Index d = points.cols();
    std::vector<double> spread(static_cast<std::size_t>(g.n)); // ‖x − c_k(x)‖²
    Eigen::RowVectorXd centroid(d);
    for (std::int64_t x = 0; x < g.n; ++x) {
        centroid.setZero();
        for (int t = 0; t < localK; ++t)
            centroid += points.row(g.index(x, t));
        centroid /= localK;
        spread[static_cast<std::size_t>(x)] = (points.row(x) - centroid).squaredNorm();
    }
    std::vector<double> out(static_cast<std::size_t>(g.n * c));
    double lowest = 0;
    for (std::int64_t x = 0; x < g.n; ++x)
        for (int t = 0; t < c; ++t) {
            const double dist = g.distance(x, t);
            const double v = dist * dist - spread[static_cast<std::size_t>(x)] -
                             spread[static_cast<std::size_t>(g.index(x, t))];
            out[at(x, c, t)] = v;
            lowest = std::min(lowest, v);
        }
    if (lowest < 0)
        for (double &v : out)
            v -= lowest;
    return out;
}

} // namespace

std::vector<double> secondaryDistances(const KnnGraph &g, Reduction method, int localK,
                                       const Eigen::MatrixXd *points) {
    const int c = g.k;
    if (g.distances.size() != g.indices.size())
        throw std::invalid_argument("hubness reduction needs the candidates' distances");
    localK = std::clamp(localK, 1, c);
    std::vector<double> out(static_cast<std::size_t>(g.n * c));
    switch (method) {
    case Reduction::None: return g.distances;
    case Reduction::MpGaussian: return mpGaussian(g);
    case Reduction::MpEmpiric: return mpEmpiric(g);
    case Reduction::LocalScaling: {
        for (std::int64_t x = 0; x < g.n; ++x)
            for (int t = 0; t < c; ++t) {
                const double dist = g.distance(x, t);
                const double scale =
                    g.distance(x, localK - 1) * g.distance(g.index(x, t), localK - 1);
                out[at(x, c, t)] = 1.0 - std::exp(-safeRatio(dist * dist, scale));
            }
        return out;
    }
    case Reduction::Nicdm:
    case Reduction::Csls: {
        const std::vector<double> mu = meanDistance(g, localK);
        for (std::int64_t x = 0; x < g.n; ++x)
            for (int t = 0; t < c; ++t) {
                const double dist = g.distance(x, t);
                const double mx = mu[static_cast<std::size_t>(x)];
                const double my = mu[static_cast<std::size_t>(g.index(x, t))];
                out[at(x, c, t)] = method == Reduction::Nicdm ? safeRatio(dist, std::sqrt(mx * my))
                                                              : 2.0 * dist - mx - my;
            }
        return out;
    }
    case Reduction::DisSimLocal:
        if (!points)
            throw std::invalid_argument("DisSimLocal needs the vectors");
        return disSimLocal(g, localK, *points);
    }
    return out;
}

KnnGraph rerank(const KnnGraph &g, const std::vector<double> &secondary, int k) {
    const int c = g.k;
    k = std::min(k, c);
    KnnGraph out;
    out.n = g.n;
    out.k = k;
    out.indices.resize(static_cast<std::size_t>(g.n * k));
    out.distances.resize(static_cast<std::size_t>(g.n * k));
    std::vector<std::tuple<double, double, std::int32_t>> row(static_cast<std::size_t>(c));
    for (std::int64_t x = 0; x < g.n; ++x) {
        for (int t = 0; t < c; ++t)
            row[static_cast<std::size_t>(t)] = {secondary[at(x, c, t)],
                                                g.distances.empty() ? 0.0 : g.distance(x, t),
                                                g.index(x, t)};
        std::partial_sort(row.begin(), row.begin() + k, row.end());
        for (int t = 0; t < k; ++t) {
            out.indices[at(x, k, t)] = std::get<2>(row[static_cast<std::size_t>(t)]);
            out.distances[at(x, k, t)] = std::get<0>(row[static_cast<std::size_t>(t)]);
        }
    }
    return out;
}

KnnGraph reduceHubness(const KnnGraph &candidates, Reduction method, int k, int localK,
                       const Eigen::MatrixXd *points) {
    return rerank(candidates, secondaryDistances(candidates, method, localK, points), k);
}

} // namespace dimscope::hubness
