// SPDX-License-Identifier: MIT
#include "pareto/pareto_tasks.h"

#include <algorithm>
#include <cmath>

#include "numerics/constants.h"
#include "pareto/min_norm.h"

namespace dimscope::pareto {

namespace {

/// Losses below this count as this in 1/L weights: a task at its own minimum with no offset.
constexpr double kTinyLoss = 1e-12;
/// A path past this radius has left the picture for good.
constexpr double kEscapeRadius = 1e6;

Eigen::MatrixXd gramOf(const std::vector<Point> &g) {
    const Eigen::Index n = Eigen::Index(g.size());
    Eigen::MatrixXd m(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            m(i, j) = g[std::size_t(i)].dot(g[std::size_t(j)]);
    return m;
}

} // namespace

bool isGradientBased(Method m) {
    return m == Method::Normalized || m == Method::Mgda || m == Method::Averaging ||
           m == Method::Softmax || m == Method::MainAux;
}

double Quadratic::loss(const Point &theta) const {
    const Point d = theta - centre;
    return scale * 0.5 * d.dot(curvature.cwiseProduct(d)) + offset;
}

Point Quadratic::gradient(const Point &theta) const {
    return scale * curvature.cwiseProduct(theta - centre);
}

std::vector<Point> Quadratic::levelSet(double level, int points) const {
    std::vector<Point> out;
    const double q = 2 * (level - offset) / scale; // (θ − c)ᵀ diag(a) (θ − c) = q
    if (!(q > 0))
        return out;
    for (int i = 0; i <= points; ++i) {
        const double t = 2 * kPi * i / points;
        out.push_back(centre + Point(std::sqrt(q / curvature.x()) * std::cos(t),
                                     std::sqrt(q / curvature.y()) * std::sin(t)));
    }
    return out;
}

MethodState startState(const std::vector<Quadratic> &tasks, const Point &theta0) {
    MethodState s;
    const Eigen::Index n = Eigen::Index(tasks.size());
    s.initialLoss.resize(n);
    for (Eigen::Index i = 0; i < n; ++i)
        s.initialLoss(i) = tasks[std::size_t(i)].loss(theta0);
    s.beta = Eigen::VectorXd::Zero(n);
    return s;
}

Eigen::VectorXd taskWeights(Method method, const Eigen::VectorXd &losses,
                            const Eigen::MatrixXd &gram, const MethodSettings &settings,
                            MethodState &state) {
    const Eigen::Index n = losses.size();
    const Eigen::VectorXd loss = losses.cwiseMax(kTinyLoss);
    Eigen::VectorXd w(n);
    switch (method) {
    case Method::Equal: w.setConstant(1.0 / double(n)); break;
    case Method::InitLoss: w = state.initialLoss.cwiseMax(kTinyLoss).cwiseInverse(); break;
    case Method::Realtime: w = loss.cwiseInverse(); break;
    case Method::GenMean: {
        const double gamma = settings.gamma;
        if (std::abs(gamma) < 1e-9) { // γ → 0: the geometric mean G, wᵢ = G/(n Lᵢ)
            const double geometric = std::exp(loss.array().log().mean());
            w = geometric / double(n) * loss.cwiseInverse();
        } else {
            const double mean = std::pow(loss.array().pow(gamma).mean(), 1.0 / gamma);
            w = (loss.array().pow(gamma - 1) * std::pow(mean, 1 - gamma) / double(n)).matrix();
        }
        break;
    }
    case Method::Normalized:
        for (Eigen::Index i = 0; i < n; ++i) {
            const double norm = std::sqrt(gram(i, i));
            w(i) = norm > 0 ? 1.0 / norm : 0.0;
        }
        break;
    case Method::Mgda: w = frankWolfeMinNorm(gram, settings.solverIterations); break;
    case Method::Averaging: w = averagingMinNorm(gram, settings.solverIterations); break;
    case Method::Softmax: {
        const double largest = gram.diagonal().maxCoeff();
        w = largest > 0 ? softmaxMinNorm(gram, settings.softmaxLr / largest,
                                         settings.solverIterations, state.beta)
                        : Eigen::VectorXd::Constant(n, 1.0 / double(n));
        break;
    }
    case Method::MainAux: w = mainAuxiliaryWeights(gram); break;
    }
    return w;
}

Direction direction(Method method, const std::vector<Quadratic> &tasks, const Point &theta,
                    const MethodSettings &settings, MethodState &state) {
    const Eigen::Index n = Eigen::Index(tasks.size());
    std::vector<Point> g;
    Eigen::VectorXd loss(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        g.push_back(tasks[std::size_t(i)].gradient(theta));
        loss(i) = tasks[std::size_t(i)].loss(theta);
    }
    Direction d;
    d.weights = taskWeights(method, loss, gramOf(g), settings, state);
    for (Eigen::Index i = 0; i < n; ++i)
        d.u += d.weights(i) * g[std::size_t(i)];
    return d;
}

Path trajectory(Method method, const std::vector<Quadratic> &tasks, const Point &theta0, double lr,
                int steps, const MethodSettings &settings) {
    Path path;
    path.method = method;
    path.points.reserve(std::size_t(steps) + 1);
    path.points.push_back(theta0);
    MethodState state = startState(tasks, theta0);
    Point theta = theta0;
    for (int t = 0; t < steps; ++t) {
        const Direction d = direction(method, tasks, theta, settings, state);
        theta -= lr * d.u;
        if (!theta.allFinite() || theta.norm() > kEscapeRadius) {
            path.divergedAt = t;
            break;
        }
        path.weights.push_back(d.weights);
        path.points.push_back(theta);
    }
    return path;
}

Point weightedMinimiser(const std::vector<Quadratic> &tasks, const Eigen::VectorXd &w) {
    Point h = Point::Zero(), hc = Point::Zero();
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const Point hi = w(Eigen::Index(i)) * tasks[i].scale * tasks[i].curvature;
        h += hi;
        hc += hi.cwiseProduct(tasks[i].centre);
    }
    return hc.cwiseQuotient(h);
}

std::vector<Point> paretoCurve(const Quadratic &a, const Quadratic &b, int points) {
    std::vector<Point> out;
    const std::vector<Quadratic> pair = {a, b};
    for (int i = 0; i <= points; ++i) {
        const double w = double(i) / points;
        out.push_back(weightedMinimiser(pair, Eigen::Vector2d(w, 1 - w)));
    }
    return out;
}

} // namespace dimscope::pareto
