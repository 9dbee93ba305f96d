// SPDX-License-Identifier: MIT
// The adversarial search for the largest R and the certificate that makes a worst case
// reproducible.
#include "inequality/inequality.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "io/user_file.h"

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

/// j[key] as an integer; the message names the key.
int intField(const nlohmann::json &j, const char *key, const std::string &where) {
    const nlohmann::json &v = field(j, key, where);
    if (!v.is_number_integer() || v.get<std::int64_t>() < std::numeric_limits<int>::min() ||
        v.get<std::int64_t>() > std::numeric_limits<int>::max())
        throw std::runtime_error("certificate: " + where + ": \"" + key + "\" must be an integer");
    return v.get<int>();
}

std::string stringField(const nlohmann::json &j, const char *key, const std::string &where) {
    const nlohmann::json &v = field(j, key, where);
    if (!v.is_string())
        throw std::runtime_error("certificate: " + where + ": \"" + key + "\" must be a string");
    return v.get<std::string>();
}

Eigen::VectorXd vectorFrom(const nlohmann::json &j, const std::string &where) {
    if (!j.is_array())
        throw std::runtime_error("certificate: " + where + ": expected an array of numbers");
    Eigen::VectorXd v(Eigen::Index(j.size()));
    for (std::size_t i = 0; i < j.size(); ++i) {
        if (!j[i].is_number())
            throw std::runtime_error("certificate: " + where + ": entry " + std::to_string(i) +
                                     " is not a number");
        v(Eigen::Index(i)) = j[i].get<double>();
    }
    return v;
}

/// `o` reduced to one sample: Mse keeps its first target column, CrossEntropy its first class.
/// Throws std::invalid_argument if it does not fit a net with `outputDim` outputs.
mlp::Objective oneSample(const mlp::Objective &o, int outputDim) {
    mlp::Objective single = o;
    if (o.kind == mlp::Objective::Kind::Mse && o.targets.cols() > 1)
        single.targets = o.targets.leftCols(1);
    if (o.kind == mlp::Objective::Kind::CrossEntropy && o.classes.size() > 1)
        single.classes.resize(1);
    if (const auto problem = mlp::checkObjective(single, outputDim, 1))
        throw std::invalid_argument("adversarial search: " + *problem);
    return single;
}

/// A one-sample objective for a batch of n candidates: each gets the same target or class.
mlp::Objective forBatch(const mlp::Objective &single, Eigen::Index n) {
    mlp::Objective o = single;
    if (o.kind == mlp::Objective::Kind::Mse)
        o.targets = single.targets.col(0).replicate(1, n);
    if (o.kind == mlp::Objective::Kind::CrossEntropy)
        o.classes.assign(std::size_t(n), single.classes.front());
    return o;
}

/// The one-hot class of an MSE target, or nullopt if the target is not exactly some e_K.
std::optional<int> oneHotClass(const Eigen::VectorXd &target) {
    std::optional<int> k;
    for (Eigen::Index i = 0; i < target.size(); ++i) {
        if (target(i) == 1.0 && !k)
            k = int(i);
        else if (target(i) != 0.0)
            return std::nullopt;
    }
    return k;
}

/// The objective of certificateFromJson, checked against a net with `outputDim` outputs.
mlp::Objective objectiveFromJson(const nlohmann::json &j, int outputDim) {
    if (!j.is_object())
        throw std::runtime_error("certificate: \"objective\" must be an object with a \"kind\"");
    const std::string kind = stringField(j, "kind", "objective");
    const std::string outputs = "; the net has " + std::to_string(outputDim) + " outputs";
    const auto classIn = [&](const char *key) {
        const int k = intField(j, key, "objective");
        if (k < 0 || k >= outputDim)
            throw std::runtime_error("certificate: objective: \"" + std::string(key) + "\" " +
                                     std::to_string(k) + " is out of range" + outputs +
                                     " (0-based)");
        return k;
    };
    mlp::Objective o;
    if (kind == "u") {
        o.kind = mlp::Objective::Kind::Projection;
        o.u = vectorFrom(field(j, "u", "objective"), "objective u");
        if (o.u.size() != outputDim)
            throw std::runtime_error("certificate: objective: \"u\" has " +
                                     std::to_string(o.u.size()) + " entries" + outputs);
    } else if (kind == "sum") {
        o.kind = mlp::Objective::Kind::Sum;
    } else if (kind == "index") {
        o.kind = mlp::Objective::Kind::Index;
        o.index = classIn("index");
    } else if (kind == "mse") {
        o.kind = mlp::Objective::Kind::Mse;
        if (j.contains("label") && j.contains("target"))
            throw std::runtime_error(
                "certificate: objective: give \"label\" or \"target\", not both");
        if (j.contains("target")) {
            const Eigen::VectorXd target = vectorFrom(j["target"], "objective target");
            if (target.size() != outputDim)
                throw std::runtime_error("certificate: objective: \"target\" has " +
                                         std::to_string(target.size()) + " entries" + outputs);
            if (!target.allFinite())
                throw std::runtime_error("certificate: objective: \"target\" is not finite");
            o.targets = target;
        } else {
            if (!j.contains("label"))
                throw std::runtime_error(
                    "certificate: objective: missing \"label\" (the class K of the "
                    "target e_K) for kind mse");
            o.targets = Eigen::MatrixXd::Zero(outputDim, 1);
            o.targets(classIn("label"), 0) = 1.0;
        }
    } else if (kind == "ce") {
        o.kind = mlp::Objective::Kind::CrossEntropy;
        o.classes = {classIn("label")};
    } else {
        throw std::runtime_error("certificate: objective: unknown \"kind\" '" + kind +
                                 "'; expected u, sum, index, mse or ce");
    }
    if (const auto problem = mlp::checkObjective(o, outputDim, 1))
        throw std::runtime_error("certificate: objective: " + *problem);
    return o;
}

/// Compares a stored lhs, rhs or ratio (null = not finite) with the recomputed value.
void checkStored(const nlohmann::json &j, const char *key, double recomputed) {
    const nlohmann::json &v = field(j, key, "top level");
    if (!v.is_null() && !v.is_number())
        throw std::runtime_error(std::string("certificate: \"") + key +
                                 "\" must be a number or null");
    const double stored = v.is_null() ? std::numeric_limits<double>::infinity() : v.get<double>();
    const bool same = v.is_null() ? !std::isfinite(recomputed)
                                  : std::isfinite(recomputed) &&
                                        std::abs(stored - recomputed) <=
                                            1e-9 * std::max(std::abs(stored), std::abs(recomputed));
    if (!same) {
        std::ostringstream m;
        m.precision(17);
        m << "certificate: \"" << key << "\": the file says " << (v.is_null() ? "null" : v.dump())
          << ", but its weights, input and objective give " << recomputed;
        throw std::runtime_error(m.str());
    }
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
        const double w = layer.weight.size() > 0
                             ? layer.weight.norm() / std::sqrt(double(layer.weight.size()))
                             : 0;
        const double b =
            layer.bias.size() > 0 ? layer.bias.norm() / std::sqrt(double(layer.bias.size())) : 0;
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

    const std::int64_t perRestart =
        std::max<std::int64_t>(1, search.steps / std::max(1, search.restarts));
    for (std::int64_t step = 0; step < search.steps;) {
        // A restart: the original net and the best of λ random inputs, each evaluated alone.
        mlp::Network current = net;
        const Eigen::MatrixXd start = gaussian(d, lambda);
        Eigen::VectorXd x = start.col(0);
        double currentLog = -std::numeric_limits<double>::infinity();
        for (Eigen::Index i = 0; i < lambda; ++i) {
            const BatchTerms t = evaluateBatch(net, objective, start.col(i), options, shouldStop);
            if (t.stopped)
                return best; // the caller reports the run as cancelled
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
                    layer.weight +=
                        rho * weightScale[k] * gaussian(layer.weight.rows(), layer.weight.cols());
                    layer.bias += rho * biasScale[k] * gaussian(layer.bias.size(), 1);
                }
                const Eigen::VectorXd cx = x + sigma * gaussian(d, 1);
                BatchTerms t = evaluateBatch(candidate, objective, cx, options, shouldStop);
                if (t.stopped)
                    return best;
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

Certificate searchWorstInput(const mlp::Network &net, const mlp::Objective &given,
                             const TermOptions &options, const SearchOptions &search,
                             const std::function<bool()> &shouldStop) {
    // One sample's f for the certificate; Mse and CrossEntropy are widened to each batch.
    const mlp::Objective objective = oneSample(given, net.outputDim());
    if (search.perturbWeights)
        return searchInputAndWeights(net, objective, options, search, shouldStop);
    const mlp::Objective batchObjective = forBatch(objective, std::max(1, search.population));
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

    const std::int64_t perRestart =
        std::max<std::int64_t>(1, search.steps / std::max(1, search.restarts));
    for (std::int64_t step = 0; step < search.steps;) {
        // A restart: the best of λ random inputs x ~ N(0, I), then hill climbing from it.
        Eigen::MatrixXd start = gaussian(lambda);
        BatchTerms t = evaluateBatch(net, batchObjective, start, options, shouldStop);
        if (t.stopped)
            return best;
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
            t = evaluateBatch(net, batchObjective, candidates, options, shouldStop);
            if (t.stopped)
                return best;
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
                          {"bias", std::vector<double>(layer.bias.data(),
                                                       layer.bias.data() + layer.bias.size())},
                          {"activation", nameOf(layer.activation)},
                          {"residual", layer.residual},
                          {"branch_scale", layer.branchScale}});
    }
    const mlp::Objective &o = c.objective;
    nlohmann::json objective;
    switch (o.kind) {
    case mlp::Objective::Kind::Sum: objective = {{"kind", "sum"}}; break;
    case mlp::Objective::Kind::Index: objective = {{"kind", "index"}, {"index", o.index}}; break;
    case mlp::Objective::Kind::Mse: {
        if (o.targets.cols() < 1)
            throw std::invalid_argument("certificate: the MSE objective has no target");
        const Eigen::VectorXd target = o.targets.col(0);
        if (const auto k = oneHotClass(target))
            objective = {{"kind", "mse"}, {"label", *k}};
        else
            objective = {
                {"kind", "mse"},
                {"target", std::vector<double>(target.data(), target.data() + target.size())}};
        break;
    }
    case mlp::Objective::Kind::CrossEntropy:
        if (o.classes.empty())
            throw std::invalid_argument("certificate: the cross-entropy objective has no class");
        objective = {{"kind", "ce"}, {"label", o.classes.front()}};
        break;
    case mlp::Objective::Kind::Projection:
        objective = {{"kind", "u"},
                     {"u", std::vector<double>(o.u.data(), o.u.data() + o.u.size())}};
        break;
    }
    const auto num = [](double v) {
        return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
    };
    return {{"format", kCertificateFormat},
            {"layers", layers},
            {"objective", objective},
            {"input", std::vector<double>(c.input.data(), c.input.data() + c.input.size())},
            {"norm", nameOf(c.norm)},
            {"include_biases", c.includeBiases},
            {"lhs", num(c.lhs)},
            {"rhs", num(c.rhs)},
            {"ratio", num(c.ratio)}};
}

namespace {

/// The settings a certificate was evaluated under ("norm", "include_biases").
CertificateSettings settingsFromJson(const nlohmann::json &j) {
    const auto norm = enumFrom<Norm>(stringField(j, "norm", "top level"));
    if (!norm)
        throw std::runtime_error("certificate: unknown norm");
    const auto &biases = field(j, "include_biases", "top level");
    if (!biases.is_boolean())
        throw std::runtime_error("certificate: \"include_biases\" must be true or false");
    return {*norm, biases.get<bool>()};
}

} // namespace

Certificate certificateFromJson(const nlohmann::json &j) {
    if (!j.is_object() || !j.contains("format") || j["format"] != kCertificateFormat)
        throw std::runtime_error(std::string("certificate: expected \"format\": \"") +
                                 kCertificateFormat + "\"");
    Certificate c;
    const auto &layers = field(j, "layers", "top level");
    if (!layers.is_array() || layers.empty())
        throw std::runtime_error("certificate: \"layers\" must be a non-empty array");
    for (std::size_t k = 0; k < layers.size(); ++k) {
        const std::string where = "layer " + std::to_string(k + 1);
        const auto &rows = field(layers[k], "weight", where);
        if (!rows.is_array() || rows.empty() || !rows[0].is_array())
            throw std::runtime_error("certificate: " + where +
                                     ": \"weight\" must be an array of rows");
        mlp::Layer layer;
        layer.weight.resize(Eigen::Index(rows.size()), Eigen::Index(rows[0].size()));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const Eigen::VectorXd row =
                vectorFrom(rows[r], where + " weight row " + std::to_string(r + 1));
            if (row.size() != layer.weight.cols())
                throw std::runtime_error("certificate: " + where +
                                         ": weight rows differ in length");
            layer.weight.row(Eigen::Index(r)) = row.transpose();
        }
        layer.bias = vectorFrom(field(layers[k], "bias", where), where + " bias");
        const auto act = enumFrom<mlp::Activation>(stringField(layers[k], "activation", where));
        if (!act)
            throw std::runtime_error("certificate: " + where + ": unknown activation");
        layer.activation = *act;
        if (layers[k].contains("residual") && !layers[k]["residual"].is_boolean())
            throw std::runtime_error("certificate: " + where +
                                     ": \"residual\" must be true or false");
        if (layers[k].contains("branch_scale") && !layers[k]["branch_scale"].is_number())
            throw std::runtime_error("certificate: " + where +
                                     ": \"branch_scale\" must be a number");
        layer.residual = layers[k].value("residual", false);
        layer.branchScale = layers[k].value("branch_scale", 1.0);
        c.net.layers.push_back(std::move(layer));
    }
    if (const auto problem = c.net.check())
        throw std::runtime_error("certificate: " + *problem);
    c.objective = objectiveFromJson(field(j, "objective", "top level"), c.net.outputDim());
    c.input = vectorFrom(field(j, "input", "top level"), "input");
    if (c.input.size() != c.net.inputDim())
        throw std::runtime_error("certificate: the input has the wrong length for the first layer");
    const CertificateSettings settings = settingsFromJson(j);
    c.norm = settings.norm;
    c.includeBiases = settings.includeBiases;
    // Recompute rather than trust the stored numbers, then hold the file to them: the certificate
    // proves itself. A batch of one may differ from the search's batches in the last bits.
    TermOptions options;
    options.norm = c.norm;
    options.includeBiases = c.includeBiases;
    const BatchTerms t = evaluateBatch(c.net, c.objective, c.input, options);
    c.lhs = t.lhs(0);
    c.rhs = t.rhs(0);
    c.ratio = t.ratio(0);
    checkStored(j, "lhs", c.lhs);
    checkStored(j, "rhs", c.rhs);
    checkStored(j, "ratio", c.ratio);
    return c;
}

namespace {

/// The certificate in the file at `path`: a bare one, or a compute output's result.worst. `where`
/// gets the prefix for messages about its contents. Without `withArrays`, "layers" and "input" are
/// skipped while parsing: the settings alone are read quickly even from a large file.
nlohmann::json certificateIn(const std::string &path, bool withArrays, std::string &where,
                             FileRead *read = nullptr) {
    // Weights are JSON text here (~25 bytes a number): 256 MiB is a net of ~10 M parameters. A
    // larger file would take gigabytes once parsed; such nets belong in a model folder. A folder,
    // FIFO or device is refused before anything is read (io/user_file.h).
    constexpr std::uint64_t kMaxCertificateBytes = std::uint64_t(256) << 20;
    std::string text;
    try {
        text = readUserFile(path, kMaxCertificateBytes,
                            "a certificate file (JSON; save larger nets as a model folder)",
                            "certificates", read);
    } catch (const DataFileError &e) {
        throw std::runtime_error(e.what());
    }
    const nlohmann::json::parser_callback_t skipArrays =
        [](int, nlohmann::json::parse_event_t event, nlohmann::json &parsed) {
            return event != nlohmann::json::parse_event_t::key ||
                   (parsed != "layers" && parsed != "input");
        };
    nlohmann::json doc = nlohmann::json::parse(text, withArrays ? nullptr : skipArrays, false);
    if (doc.is_discarded())
        throw std::runtime_error(path + ": not valid JSON");
    if (!doc.is_object())
        throw std::runtime_error(path +
                                 ": expected a certificate (a JSON object with \"format\": \"" +
                                 kCertificateFormat + "\")");
    where = ": ";
    if (doc.contains("format") || !doc.contains("result"))
        return doc;
    if (doc.contains("explorer") && doc["explorer"] != "inequality")
        throw std::runtime_error(path + ": the output of explorer " + doc["explorer"].dump() +
                                 ", not of inequality; expected a certificate");
    if (!doc["result"].is_object() || !doc["result"].contains("worst"))
        throw std::runtime_error(path +
                                 ": a compute output without \"worst\" in its \"result\"; only "
                                 "runs with search-steps > 0 hold a certificate");
    where = ": result.worst: ";
    return std::move(doc["result"]["worst"]);
}

} // namespace

Certificate loadCertificate(const std::string &path, FileRead *read) {
    std::string where;
    const nlohmann::json certificate = certificateIn(path, true, where, read);
    try {
        return certificateFromJson(certificate);
    } catch (const std::exception &e) {
        throw std::runtime_error(path + where + e.what());
    }
}

CertificateSettings loadCertificateSettings(const std::string &path) {
    std::string where;
    const nlohmann::json certificate = certificateIn(path, false, where);
    try {
        return settingsFromJson(certificate);
    } catch (const std::exception &e) {
        throw std::runtime_error(path + where + e.what());
    }
}

} // namespace dimscope::inequality
