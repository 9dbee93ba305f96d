// SPDX-License-Identifier: MIT
// The adversarial search for the largest R and the certificate that makes a worst case reproducible.
#include "inequality.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

namespace dimscope::inequality {

namespace {

constexpr const char *kCertificateFormat = "dimscope-inequality-certificate/1";

/// log R with log 0 = −inf, so any positive ratio beats a zero one.
double logRatio(double r) { return r > 0 ? std::log(r) : -std::numeric_limits<double>::infinity(); }

const nlohmann::json &field(const nlohmann::json &j, const char *key, const std::string &where) {
    if (!j.is_object() || !j.contains(key))
        throw std::runtime_error("certificate: " + where + ": missing \"" + key + "\"");
    return j[key];
}

Eigen::VectorXd vectorFrom(const nlohmann::json &j, const std::string &where) {
    if (!j.is_array())
        throw std::runtime_error("certificate: " + where + ": expected an array of numbers");
    Eigen::VectorXd v(Eigen::Index(j.size()));
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_number())
            throw std::runtime_error("certificate: " + where + ": entry " + std::to_string(i) + " is not a number");
        v(Eigen::Index(i)) = j[i].get<double>();
    }
    return v;
}

/// searchWorstInput with search.perturbWeights: every candidate is its own net (input and weights
/// perturbed together), evaluated as a batch of one, so the certificate reproduces R bit for bit.
Certificate searchInputAndWeights(const mlp::Network &net, const mlp::Objective &objective,
                                  const TermOptions &options, const SearchOptions &search,
                                  const std::function<bool()> &shouldStop) {
    boost::random::mt19937_64 engine(search.seed);
    boost::random::normal_distribution<double> normal;
    const int d = net.inputDim(), lambda = std::max(1, search.population);
    const auto gaussian = [&](Eigen::Index rows, Eigen::Index cols) {
        Eigen::MatrixXd m(rows, cols);
        for (Eigen::Index c = 0; c < cols; ++c)
            for (Eigen::Index r = 0; r < rows; ++r)
                m(r, c) = normal(engine);
        return m;
    };
    // Each layer's scale: the RMS entry of W_k (and of b_k, or W_k's when b_k is zero).
    std::vector<double> weightScale, biasScale;
    for (const mlp::Layer &layer : net.layers) {
        const double w = layer.weight.size() > 0 ? layer.weight.norm() / std::sqrt(double(layer.weight.size())) : 0;
        const double b = layer.bias.size() > 0 ? layer.bias.norm() / std::sqrt(double(layer.bias.size())) : 0;
        weightScale.push_back(w > 0 ? w : 1.0);
        biasScale.push_back(b > 0 ? b : weightScale.back());
    }

    Certificate best;
    best.net = net;
    best.objective = objective;
    best.norm = options.norm;
    best.includeBiases = options.includeBiases;
    best.input = Eigen::VectorXd::Zero(d);
    double bestLog = -std::numeric_limits<double>::infinity();
    const auto keep = [&](const mlp::Network &n, const Eigen::VectorXd &x, const BatchTerms &t) {
        best.net = n;
        best.input = x;
        best.lhs = t.lhs(0);
        best.rhs = t.rhs(0);
        best.ratio = t.ratio(0);
        bestLog = logRatio(t.ratio(0));
    };

    const std::int64_t perRestart = std::max<std::int64_t>(1, search.steps / std::max(1, search.restarts));
    for (std::int64_t step = 0; step < search.steps;) {
        // A restart: the original net and the best of λ random inputs, each evaluated alone.
        mlp::Network current = net;
        const Eigen::MatrixXd start = gaussian(d, lambda);
        Eigen::VectorXd x = start.col(0);
        double currentLog = -std::numeric_limits<double>::infinity();
        for (Eigen::Index i = 0; i < lambda; ++i) {
            const BatchTerms t = evaluateBatch(net, objective, start.col(i), options);
            if (i == 0 || logRatio(t.ratio(0)) > currentLog) {
                x = start.col(i);
                currentLog = logRatio(t.ratio(0));
                if (currentLog > bestLog)
                    keep(net, x, t);
            }
        }
        ++step;
        const double sigma0 = 0.5 * std::max(1.0, x.norm() / std::sqrt(double(d)));
        double sigma = sigma0;
        for (std::int64_t s = 1; s < perRestart && step < search.steps; ++s, ++step) {
            if (shouldStop && shouldStop())
                return best;
            const double rho = 0.1 * sigma / sigma0;
            mlp::Network stepBest;
            Eigen::VectorXd stepX;
            double stepLog = -std::numeric_limits<double>::infinity();
            std::optional<BatchTerms> stepTerms;
            for (int i = 0; i < lambda; ++i) {
                mlp::Network candidate = current;
                for (std::size_t k = 0; k < candidate.layers.size(); ++k) {
                    mlp::Layer &layer = candidate.layers[k];
                    layer.weight += rho * weightScale[k] * gaussian(layer.weight.rows(), layer.weight.cols());
                    layer.bias += rho * biasScale[k] * gaussian(layer.bias.size(), 1);
                }
                const Eigen::VectorXd cx = x + sigma * gaussian(d, 1);
                BatchTerms t = evaluateBatch(candidate, objective, cx, options);
                if (!stepTerms || logRatio(t.ratio(0)) > stepLog) {
                    stepLog = logRatio(t.ratio(0));
                    stepBest = std::move(candidate);
                    stepX = cx;
                    stepTerms = std::move(t);
                }
            }
            if (stepLog > currentLog) {
                current = std::move(stepBest);
                x = stepX;
                currentLog = stepLog;
                sigma *= 1.5;
                if (currentLog > bestLog)
                    keep(current, x, *stepTerms);
            } else {
                sigma *= 0.7;
            }
            if (sigma < 1e-6)
                break;
        }
    }
    return best;
}

} // namespace

Certificate searchWorstInput(const mlp::Network &net, const mlp::Objective &objective, const TermOptions &options,
                             const SearchOptions &search, const std::function<bool()> &shouldStop) {
    if (search.perturbWeights)
        return searchInputAndWeights(net, objective, options, search, shouldStop);
    boost::random::mt19937_64 engine(search.seed);
    boost::random::normal_distribution<double> normal;
    const int d = net.inputDim(), lambda = std::max(1, search.population);
    const auto gaussian = [&](int cols) {
        Eigen::MatrixXd m(d, cols);
        for (int c = 0; c < cols; ++c)
            for (int r = 0; r < d; ++r)
                m(r, c) = normal(engine);
        return m;
    };

    Certificate best;
    best.net = net;
    best.objective = objective;
    best.norm = options.norm;
    best.includeBiases = options.includeBiases;
    best.input = Eigen::VectorXd::Zero(d);
    double bestLog = -std::numeric_limits<double>::infinity();
    const auto keep = [&](const BatchTerms &t, const Eigen::MatrixXd &x, Eigen::Index i) {
        best.input = x.col(i);
        best.lhs = t.lhs(i);
        best.rhs = t.rhs(i);
        best.ratio = t.ratio(i);
        bestLog = logRatio(t.ratio(i));
    };

    const std::int64_t perRestart = std::max<std::int64_t>(1, search.steps / std::max(1, search.restarts));
    for (std::int64_t step = 0; step < search.steps;) {
        // A restart: the best of λ random inputs x ~ N(0, I), then hill climbing from it.
        Eigen::MatrixXd start = gaussian(lambda);
        BatchTerms t = evaluateBatch(net, objective, start, options);
        Eigen::Index arg = 0;
        for (Eigen::Index i = 1; i < lambda; ++i)
            if (logRatio(t.ratio(i)) > logRatio(t.ratio(arg)))
                arg = i;
        Eigen::VectorXd x = start.col(arg);
        double current = logRatio(t.ratio(arg));
        if (current > bestLog)
            keep(t, start, arg);
        ++step;
        double sigma = 0.5 * std::max(1.0, x.norm() / std::sqrt(double(d)));
        for (std::int64_t s = 1; s < perRestart && step < search.steps; ++s, ++step) {
            if (shouldStop && shouldStop())
                return best;
            const Eigen::MatrixXd candidates = x.replicate(1, lambda) + sigma * gaussian(lambda);
            t = evaluateBatch(net, objective, candidates, options);
            arg = 0;
            for (Eigen::Index i = 1; i < lambda; ++i)
                if (logRatio(t.ratio(i)) > logRatio(t.ratio(arg)))
                    arg = i;
            if (logRatio(t.ratio(arg)) > current) {
                x = candidates.col(arg);
                current = logRatio(t.ratio(arg));
                sigma *= 1.5;
                if (current > bestLog)
                    keep(t, candidates, arg);
            } else {
                sigma *= 0.7;
            }
            if (sigma < 1e-6)
                break;
        }
    }
    return best;
}

nlohmann::json certificateToJson(const Certificate &c) {
    nlohmann::json layers = nlohmann::json::array();
    for (const mlp::Layer &layer : c.net.layers) {
        nlohmann::json w = nlohmann::json::array();
        for (Eigen::Index r = 0; r < layer.weight.rows(); ++r) {
            nlohmann::json row = nlohmann::json::array();
            for (Eigen::Index col = 0; col < layer.weight.cols(); ++col)
                row.push_back(layer.weight(r, col));
            w.push_back(row);
        }
        layers.push_back({{"weight", w},
                          {"bias", std::vector<double>(layer.bias.data(), layer.bias.data() + layer.bias.size())},
                          {"activation", mlp::activationName(layer.activation)},
                          {"residual", layer.residual},
                          {"branch_scale", layer.branchScale}});
    }
    nlohmann::json objective;
    switch (c.objective.kind) {
    case mlp::Objective::Kind::Sum: objective = {{"kind", "sum"}}; break;
    case mlp::Objective::Kind::Index: objective = {{"kind", "index"}, {"index", c.objective.index}}; break;
    default:
        objective = {{"kind", "u"},
                     {"u", std::vector<double>(c.objective.u.data(), c.objective.u.data() + c.objective.u.size())}};
    }
    const auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    return {{"format", kCertificateFormat},
            {"layers", layers},
            {"objective", objective},
            {"input", std::vector<double>(c.input.data(), c.input.data() + c.input.size())},
            {"norm", normName(c.norm)},
            {"include_biases", c.includeBiases},
            {"lhs", num(c.lhs)},
            {"rhs", num(c.rhs)},
            {"ratio", num(c.ratio)}};
}

Certificate certificateFromJson(const nlohmann::json &j) {
    if (!j.is_object() || !j.contains("format") || j["format"] != kCertificateFormat)
        throw std::runtime_error(std::string("certificate: expected \"format\": \"") + kCertificateFormat + "\"");
    Certificate c;
    const auto &layers = field(j, "layers", "top level");
    if (!layers.is_array() || layers.empty())
        throw std::runtime_error("certificate: \"layers\" must be a non-empty array");
    for (std::size_t k = 0; k < layers.size(); ++k) {
        const std::string where = "layer " + std::to_string(k + 1);
        const auto &rows = field(layers[k], "weight", where);
        if (!rows.is_array() || rows.empty() || !rows[0].is_array())
            throw std::runtime_error("certificate: " + where + ": \"weight\" must be an array of rows");
        mlp::Layer layer;
        layer.weight.resize(Eigen::Index(rows.size()), Eigen::Index(rows[0].size()));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const Eigen::VectorXd row = vectorFrom(rows[r], where + " weight row " + std::to_string(r + 1));
            if (row.size() != layer.weight.cols())
                throw std::runtime_error("certificate: " + where + ": weight rows differ in length");
            layer.weight.row(Eigen::Index(r)) = row.transpose();
        }
        layer.bias = vectorFrom(field(layers[k], "bias", where), where + " bias");
        const auto act = mlp::parseActivation(field(layers[k], "activation", where).get<std::string>());
        if (!act)
            throw std::runtime_error("certificate: " + where + ": unknown activation");
        layer.activation = *act;
        layer.residual = layers[k].value("residual", false);
        layer.branchScale = layers[k].value("branch_scale", 1.0);
        c.net.layers.push_back(std::move(layer));
    }
    if (const auto problem = c.net.check())
        throw std::runtime_error("certificate: " + *problem);
    const auto &objective = field(j, "objective", "top level");
    const std::string kind = field(objective, "kind", "objective").get<std::string>();
    if (kind == "sum") {
        c.objective.kind = mlp::Objective::Kind::Sum;
    } else if (kind == "index") {
        c.objective.kind = mlp::Objective::Kind::Index;
        c.objective.index = field(objective, "index", "objective").get<int>();
    } else if (kind == "u") {
        c.objective.u = vectorFrom(field(objective, "u", "objective"), "objective u");
    } else {
        throw std::runtime_error("certificate: objective kind must be u, sum or index");
    }
    if (const auto problem = mlp::checkObjective(c.objective, c.net.outputDim(), 1))
        throw std::runtime_error("certificate: " + *problem);
    c.input = vectorFrom(field(j, "input", "top level"), "input");
    if (c.input.size() != c.net.inputDim())
        throw std::runtime_error("certificate: the input has the wrong length for the first layer");
    const auto norm = parseNorm(field(j, "norm", "top level").get<std::string>());
    if (!norm)
        throw std::runtime_error("certificate: unknown norm");
    c.norm = *norm;
    c.includeBiases = field(j, "include_biases", "top level").get<bool>();
    // Recompute rather than trust the stored numbers: the certificate proves itself.
    TermOptions options;
    options.norm = c.norm;
    options.includeBiases = c.includeBiases;
    const BatchTerms t = evaluateBatch(c.net, c.objective, c.input, options);
    c.lhs = t.lhs(0);
    c.rhs = t.rhs(0);
    c.ratio = t.ratio(0);
    return c;
}

} // namespace dimscope::inequality
