// SPDX-License-Identifier: MIT
#include "inequality/inequality.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <new>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "common/memory.h"
#include "common/parallel.h"
#include "inequality/inequality_limits.h"
#include "nets/model_folder.h"

namespace dimscope::inequality {

namespace {

constexpr std::int64_t kMaxTotalSamples = 20000000;
constexpr int kMaxWidth = 4096;
// log10 R histogram: R in [1e-8, 1e2); R = 0 counts as underflow, violations land right of 0.
constexpr double kHistLo = -8.0, kHistHi = 2.0;
constexpr int kHistBins = 200;
// Random stream of the adversarial search (the nets use streams 0…nets−1).
constexpr std::uint64_t kSearchStream = 0xA5A5;

using Engine = boost::random::mt19937_64;

/// `output` split into its form ("u", "sum", "index", "mse", "ce") and K; nullopt if malformed.
struct OutputForm {
    std::string kind;
    int k = 0;
};

std::optional<OutputForm> parseOutput(const std::string &output) {
    if (output == "u" || output == "sum")
        return OutputForm{output, 0};
    for (const char *kind : {"index", "mse", "ce"}) {
        const std::string prefix = std::string(kind) + ":";
        if (output.rfind(prefix, 0) != 0)
            continue;
        const std::string digits = output.substr(prefix.size());
        if (digits.empty() || digits.size() > 9 ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        return OutputForm{kind, std::stoi(digits)};
    }
    return std::nullopt;
}

/// "output: 'ce:5' is out of range; the net has 3 outputs (0-based)", or nullopt when K fits.
std::optional<std::string> outputRangeError(const std::string &output, int outputDim,
                                            const char *what) {
    const auto form = parseOutput(output);
    if (!form || form->kind == "u" || form->kind == "sum" || form->k < outputDim)
        return std::nullopt;
    return "parameter 'output': '" + output + "' is out of range; the " + what + " has " +
           std::to_string(outputDim) + " outputs (0-based)";
}

} // namespace

mlp::Objective objectiveFor(const std::string &output, int outputDim, std::int64_t samples,
                            boost::random::mt19937_64 &engine) {
    const auto form = parseOutput(output);
    if (!form)
        throw std::invalid_argument("output: '" + output + "' is not allowed");
    if (auto e = outputRangeError(output, outputDim, "net"))
        throw std::invalid_argument(*e);
    mlp::Objective o;
    if (form->kind == "sum") {
        o.kind = mlp::Objective::Kind::Sum;
    } else if (form->kind == "index") {
        o.kind = mlp::Objective::Kind::Index;
        o.index = form->k;
    } else if (form->kind == "mse") {
        o.kind = mlp::Objective::Kind::Mse;
        o.targets = Eigen::MatrixXd::Zero(outputDim, Eigen::Index(samples));
        o.targets.row(form->k).setOnes();
    } else if (form->kind == "ce") {
        o.kind = mlp::Objective::Kind::CrossEntropy;
        o.classes.assign(std::size_t(samples), form->k);
    } else {
        boost::random::normal_distribution<double> normal;
        o.kind = mlp::Objective::Kind::Projection;
        o.u.resize(outputDim);
        for (int i = 0; i < outputDim; ++i)
            o.u(i) = normal(engine);
    }
    if (const auto problem = mlp::checkObjective(o, outputDim, int(samples)))
        throw std::invalid_argument("output: '" + output + "': " + *problem);
    return o;
}

namespace {

Eigen::MatrixXd gaussianInputs(int d, std::int64_t n, Engine &engine) {
    boost::random::normal_distribution<double> normal;
    Eigen::MatrixXd x(d, n);
    for (std::int64_t c = 0; c < n; ++c)
        for (int r = 0; r < d; ++r)
            x(r, c) = normal(engine);
    return x;
}

nlohmann::json finiteOrNull(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

nlohmann::json arrayOf(const std::vector<double> &v) {
    nlohmann::json a = nlohmann::json::array();
    for (double x : v)
        a.push_back(finiteOrNull(x));
    return a;
}

} // namespace

const ParamTable<InequalityParams> &paramTable() {
    const std::string widthsForm =
        "2 to 9 comma-separated integers in 1…" + std::to_string(kMaxWidth) + ", e.g. 4,16,16,1";
    static const auto table =
        ParamTable<InequalityParams>()
            .text("widths", "Widths d₀, d₁, …",
                  "Layer widths from input to output, comma-separated, e.g. 4,16,16,1",
                  &InequalityParams::widths)
            .acceptsOnly([](const std::string &t) { return parseWidths(t).has_value(); },
                         widthsForm)
            .choice("activation", "Activation", "Activation of the hidden layers",
                    &InequalityParams::activation)
            .choice("output-activation", "Output activation", "Activation of the last layer",
                    &InequalityParams::outputActivation)
            .advanced()
            .real("gain", "Init gain", "Weights are drawn from N(0, gain²/d_in)",
                  &InequalityParams::gain, 0.01, 10.0)
            .logScale()
            .real("bias-std", "Bias std", "Biases are drawn from N(0, bias-std²)",
                  &InequalityParams::biasStd, 0.0, 10.0)
            .choice("norm", "Norm of W and J",
                    "Matrix norm for ‖W‖ and ‖J‖; max-abs and rms are too small and break (1.1)",
                    &InequalityParams::norm)
            .flag("residual", "Residual",
                  "Skip connection around every square hidden layer (not the first or last)",
                  &InequalityParams::residual)
            .real("branch-gain", "Branch gain",
                  "Residual layers draw W ~ N(0, (gain × branch-gain)²/d_in), the branch output "
                  "unscaled: small values shrink ‖W‖ and let the skip dominate",
                  &InequalityParams::branchGain, 0.01, 10.0)
            .advanced()
            .flag("include-biases", "Include biases",
                  "Count bias gradients in ‖∇θ f‖² (the left side keeps its 1 + either way)",
                  &InequalityParams::includeBiases)
            .text("output", "Scalar f",
                  "f = uᵀh with random u (u), the sum of outputs (sum), one output (index:K), "
                  "½‖h − e_K‖² with the one-hot target of class K (mse:K) or softmax "
                  "cross-entropy with label K (ce:K); K is 0-based",
                  &InequalityParams::output)
            .acceptsOnly([](const std::string &t) { return parseOutput(t).has_value(); },
                         "u, sum, index:K, mse:K or ce:K (K a 0-based output)")
            .integer("samples", "Inputs per net", "Random inputs x ~ N(0, I) per net",
                     &InequalityParams::samples, 1, 1000000)
            .logScale()
            .integer("nets", "Random nets", "Independent random nets (the stress test)",
                     &InequalityParams::nets, 1, 1000000)
            .logScale()
            .seed(&InequalityParams::seed)
            .path("model", "Model folder", "Folder with model.json (replaces the random net)",
                  &InequalityParams::model)
            .path("inputs", "Inputs (.npy)", "N × d .npy file of inputs (replaces random inputs)",
                  &InequalityParams::inputs)
            .path("certificate", "Certificate",
                  "Certificate file (or compute output with result.worst) to evaluate: its net, f "
                  "and input replace the random net; norm and include-biases must match it",
                  &InequalityParams::certificate)
            .integer("search-steps", "Search steps",
                     "Adversarial search for the largest R on the first net, 0 = off",
                     &InequalityParams::searchSteps, 0, 100000)
            .advanced()
            .choice("search-over", "Search over",
                    "What the adversarial search may change: the input only, or the input and "
                    "every weight and bias (the certificate then carries the changed net)",
                    &InequalityParams::searchOver)
            .advanced()
            .threads(&InequalityParams::threads);
    return table;
}

std::optional<std::vector<int>> parseWidths(const std::string &text) {
    std::vector<int> widths;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
        if (b == std::string::npos)
            return std::nullopt;
        item = item.substr(b, e - b + 1);
        if (item.empty() || item.size() > 5 ||
            item.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        const int w = std::stoi(item);
        if (w < 1 || w > kMaxWidth)
            return std::nullopt;
        widths.push_back(w);
    }
    if (widths.size() < 2 || widths.size() > 9)
        return std::nullopt;
    return widths;
}

namespace {

/// The user's numbers (a model, a certificate, inputs) cannot be evaluated in double: invalid input
/// (exit 2), not a failed computation.
class UserNumbersError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What the table cannot check alone: the combinations of files, nets and search, K against the
/// net's outputs, the total number of samples and the memory of a run on random nets.
std::optional<std::string> checkInequality(const InequalityParams &p) {
    // A certificate brings its own net, f and input: widths and output are not read.
    if (!p.certificate.empty()) {
        if (!p.model.empty())
            return std::string("parameter 'model': cannot be combined with certificate (the "
                               "certificate holds the net)");
        if (!p.inputs.empty())
            return std::string("parameter 'inputs': cannot be combined with certificate (the "
                               "certificate holds the input)");
        if (p.nets != 1)
            return "parameter 'nets': must be 1 with a certificate (it holds one net), not " +
                   std::to_string(p.nets);
        if (p.searchSteps > 0)
            return "parameter 'search-steps': must be 0 with a certificate (a certificate is "
                   "evaluated, not searched), not " +
                   std::to_string(p.searchSteps);
        return std::nullopt;
    }
    if (p.model.empty())
        if (auto e = outputRangeError(p.output, parseWidths(p.widths)->back(), "net"))
            return e;
    if (!p.model.empty() && p.nets != 1)
        return std::string("parameter 'nets': must be 1 with a model folder (the model replaces "
                           "the random nets)");
    if (p.samples * p.nets > kMaxTotalSamples)
        return "parameter 'samples': samples × nets = " + std::to_string(p.samples * p.nets) +
               " is more than the " + std::to_string(kMaxTotalSamples) + " allowed";
    if (p.model.empty() && p.inputs.empty())
        return inequalityMemoryProblem(
            *parseWidths(p.widths), p.samples, p.nets, p.threads,
            "parameter 'samples': " + std::to_string(p.samples) + " inputs per net", "samples");
    return std::nullopt;
}

} // namespace

InequalityResult computeInequality(const InequalityParams &params,
                                   const RunControl<InequalitySnapshot> &control) {
    const Stopwatch watch;
    InequalityResult result;
    result.params = params;
    result.logRatio = Histogram(kHistLo, kHistHi, kHistBins);
    if (rejectInvalid(explorer(), params, result))
        return result;
    // The user's files: a model replaces the random nets, inputs replace the random inputs, and a
    // certificate replaces both and the objective (validate() refused the combinations).
    std::optional<mlp::Network> model;
    std::optional<Certificate> certificate;
    Eigen::MatrixXd fixedInputs;
    mlp::InitSpec spec;
    spec.widths =
        parseWidths(params.widths).value_or(std::vector<int>{}); // empty only with a certificate
    spec.activation = params.activation;
    spec.outputActivation = params.outputActivation;
    spec.gain = params.gain;
    spec.biasStd = params.biasStd;
    spec.residual = params.residual;
    spec.branchGain = params.branchGain;
    try {
        if (!params.certificate.empty()) {
            FileRead read;
            certificate = loadCertificate(params.certificate, &read);
            read.param = "certificate";
            result.filesRead.push_back(read);
            model = certificate->net;
            spec.widths = model->widths();
            fixedInputs = certificate->input;
        }
        if (!params.model.empty()) {
            std::vector<FileRead> read;
            model = mlp::loadModelFolder(params.model, &read);
            for (FileRead &file : read) {
                file.param = "model";
                result.filesRead.push_back(file);
            }
            spec.widths = model->widths();
        }
        if (!params.inputs.empty()) {
            FileRead read;
            fixedInputs = mlp::loadInputs(params.inputs, 0,
                                          &read); // d × N; the width is checked here, per source
            read.param = "inputs";
            result.filesRead.push_back(read);
            const std::string d = std::to_string(spec.widths.front());
            if (fixedInputs.rows() != spec.widths.front())
                throw DataFileError(params.inputs + ": the inputs have shape (" +
                                    std::to_string(fixedInputs.cols()) + ", " +
                                    std::to_string(fixedInputs.rows()) + ") but " +
                                    (model ? "the model takes " + d + " values per input"
                                           : "the net takes " + d +
                                                 " values per input (the first of widths " +
                                                 params.widths + ")") +
                                    "; expected an N × " + d + " array");
        }
    } catch (const std::exception &e) {
        result.termination = Termination::InvalidInput;
        result.message = e.what();
        return result;
    }
    // The certificate's norm and biases decide; parameters that say otherwise are refused, not
    // overridden.
    if (certificate &&
        (certificate->norm != params.norm || certificate->includeBiases != params.includeBiases)) {
        const bool norm = certificate->norm != params.norm;
        const std::string name = norm ? "norm" : "include-biases";
        const auto text = [&](Norm n, bool biases) {
            return norm ? nameOf(n) : std::string(biases ? "true" : "false");
        };
        const std::string wanted = text(certificate->norm, certificate->includeBiases);
        result.termination = Termination::InvalidInput;
        result.message = name + ": " + text(params.norm, params.includeBiases) +
                         " does not match the certificate '" + params.certificate +
                         "', which has " + name + " " + wanted + "; set " + name + " to " + wanted +
                         " to evaluate it";
        return result;
    }
    if (auto e = certificate ? std::nullopt
                             : outputRangeError(params.output, spec.widths.back(), "model")) {
        result.termination = Termination::InvalidInput;
        result.message = *e;
        return result;
    }
    if (auto e = model ? underflowProblem(*model, certificate ? params.certificate : params.model)
                       : std::nullopt) {
        result.termination = Termination::InvalidInput;
        result.message = *e;
        return result;
    }
    result.widths = spec.widths;
    const std::int64_t perNet = fixedInputs.size() ? fixedInputs.cols() : params.samples;
    const std::int64_t nets = params.nets;
    // A model or inputs file brings its own sizes: checked now that they are known.
    if (auto e = model || fixedInputs.size()
                     ? inequalityMemoryProblem(
                           spec.widths, perNet, nets, params.threads,
                           !params.inputs.empty()
                               ? params.inputs + ": " + std::to_string(perNet) + " inputs"
                               : std::to_string(perNet) + " inputs (parameter 'samples')",
                           !params.inputs.empty() ? "N (rows of the inputs file)" : "samples")
                     : std::nullopt) {
        result.termination = Termination::InvalidInput;
        result.message = *e;
        return result;
    }
    result.samplesPerNet = perNet;
    const auto total = std::size_t(nets * perNet);
    for (auto *v : {&result.lhs, &result.rhs, &result.ratio, &result.gradXSq, &result.gradThetaSq})
        v->assign(total, 0.0);

    TermOptions options;
    options.norm = params.norm;
    options.includeBiases = params.includeBiases;

    // Nets go in chunks to threads; each net owns the engine streamSeed(seed, net), so the numbers
    // do not depend on the thread count. Shared tallies sit under one mutex.
    std::mutex mutex;
    InequalitySnapshot live;
    live.netsTotal = nets;
    live.logRatio = result.logRatio;
    std::atomic<bool> stopped{false};
    std::atomic<std::int64_t> netsDone{0};
    const auto caller = std::this_thread::get_id();
    ProgressClock clock(control.progressIntervalSeconds);
    const std::int64_t chunkNets =
        std::clamp<std::int64_t>(4096 / std::max<std::int64_t>(perNet, 1), 1, 256);
    const std::int64_t chunks = (nets + chunkNets - 1) / chunkNets;
    const auto shouldStop = [&] {
        if (!stopped.load() && control.stopRequested())
            stopped.store(true);
        return stopped.load();
    };
    std::optional<BatchTerms> firstTerms;
    try {
        forEachChunk(
            chunks, params.threads,
            [&](std::int64_t chunk) {
                Histogram hist(kHistLo, kHistHi, kHistBins);
                std::int64_t violations = 0, netsViolating = 0;
                double maxRatio = 0;
                const std::int64_t begin = chunk * chunkNets,
                                   end = std::min(nets, begin + chunkNets);
                for (std::int64_t m = begin; m < end && !shouldStop(); ++m) {
                    Engine engine(streamSeed(params.seed, std::uint64_t(m)));
                    const mlp::Network net = model ? *model : mlp::randomNetwork(spec, engine);
                    const mlp::Objective objective =
                        certificate ? certificate->objective
                                    : objectiveFor(params.output, net.outputDim(), perNet, engine);
                    const Eigen::MatrixXd x = fixedInputs.size()
                                                  ? fixedInputs
                                                  : gaussianInputs(net.inputDim(), perNet, engine);
                    BatchTerms t = evaluateBatch(net, objective, x, options, shouldStop);
                    if (t.stopped)
                        break; // shouldStop() returned true, so `stopped` is set: reported as
                               // Cancelled below
                    // +inf R (a zero norm under a nonzero gradient) is reported as such; NaN means
                    // overflow.
                    if (t.ratio.array().isNaN().any() || !t.rhs.allFinite()) {
                        Eigen::Index i =
                            0; // the first input that overflowed, 1-based in the message
                        while (i + 1 < t.ratio.size() && !std::isnan(t.ratio(i)) &&
                               std::isfinite(t.rhs(i)))
                            ++i;
                        const std::string row =
                            " on input " + std::to_string(i + 1) + " of " +
                            std::to_string(t.ratio.size()) +
                            (params.inputs.empty()
                                 ? std::string()
                                 : " (row " + std::to_string(i + 1) + " of " + params.inputs + ")");
                        if (!model && params.inputs.empty())
                            throw std::runtime_error(
                                "net " + std::to_string(m + 1) +
                                ": the gradients overflowed (NaN or inf); lower the gain or depth");
                        // The user's numbers are beyond double: invalid input, exit 2.
                        if (!model)
                            throw UserNumbersError("net " + std::to_string(m + 1) +
                                                   ": the gradients overflowed (NaN or inf)" + row +
                                                   ": check the inputs' scale");
                        throw UserNumbersError(
                            certificate
                                ? params.certificate +
                                      ": the gradients of the certificate's net overflowed "
                                      "(NaN or inf) on its input: check the weights' scale"
                                : params.model + ": the model's gradients overflowed (NaN or inf)" +
                                      row + ": check the weights' scale");
                    }
                    const auto offset = std::size_t(m * perNet);
                    const std::int64_t violationsBefore = violations;
                    for (std::int64_t i = 0; i < perNet; ++i) {
                        const auto at = offset + std::size_t(i);
                        result.lhs[at] = t.lhs(i);
                        result.rhs[at] = t.rhs(i);
                        result.ratio[at] = t.ratio(i);
                        result.gradXSq[at] = t.gradXSq(i);
                        result.gradThetaSq[at] = t.gradThetaSq(i);
                        hist.add(t.ratio(i) > 0 ? std::log10(t.ratio(i))
                                                : -std::numeric_limits<double>::infinity());
                        violations += t.ratio(i) > kViolationThreshold;
                        maxRatio = std::max(maxRatio, t.ratio(i));
                    }
                    netsViolating += violations > violationsBefore;
                    if (m == 0)
                        firstTerms = std::move(t); // only chunk 0 writes it; read after the join
                    netsDone.fetch_add(1);
                }
                {
                    std::lock_guard<std::mutex> lock(mutex);
                    live.logRatio.merge(hist);
                    live.violations += violations;
                    live.netsViolating += netsViolating;
                    live.maxRatio = std::max(live.maxRatio, maxRatio);
                    live.netsDone = netsDone.load();
                }
                if (control.wantsProgress() && std::this_thread::get_id() == caller &&
                    clock.due()) {
                    InequalitySnapshot copy;
                    {
                        std::lock_guard<std::mutex> lock(mutex);
                        copy = live;
                    }
                    control.onProgress(copy);
                }
            },
            shouldStop);
    } catch (const UserNumbersError &e) {
        result.termination = Termination::InvalidInput;
        result.message = e.what();
        return result;
    } catch (const std::bad_alloc &) {
        // The checks estimate the memory first; this is for what they cannot see (other programs
        // taking memory meanwhile).
        result.termination = Termination::Failed;
        result.message = "out of memory: the memory available (" +
                         bytesText(availableMemoryBytes()) +
                         ") was not enough; use fewer samples or nets, or a narrower net";
        return result;
    } catch (const std::exception &e) {
        result.termination = Termination::Failed;
        result.message = e.what();
        return result;
    }
    result.netsDone = netsDone.load();
    result.logRatio = live.logRatio;
    result.violations = live.violations;
    result.netsViolating = live.netsViolating;
    result.maxRatio = live.maxRatio;
    if (stopped.load()) {
        result.termination = Termination::Cancelled;
        result.message = "cancelled after " + std::to_string(result.netsDone) + " of " +
                         std::to_string(nets) + " nets";
        result.elapsedSeconds = watch.seconds();
        return result;
    }
    if (nets == 1 && firstTerms) {
        const BatchTerms &t = *firstTerms;
        for (int k = 0; k < int(t.weightNorm.size()); ++k) {
            LayerTerms layer;
            layer.in = spec.widths[std::size_t(k)];
            layer.out = spec.widths[std::size_t(k) + 1];
            layer.weightNorm = t.weightNorm(k);
            for (Eigen::Index i = 0; i < t.lhs.size(); ++i) {
                layer.jacobianNorm.push_back(t.jacobianNorm(k, i));
                layer.lhs.push_back(t.layerLhs(k, i));
                layer.rhs.push_back(t.layerRhs(k, i));
            }
            result.layers.push_back(std::move(layer));
        }
    }
    if (params.searchSteps > 0) {
        Engine engine(streamSeed(params.seed, 0));
        const mlp::Network net = model ? *model : mlp::randomNetwork(spec, engine);
        const mlp::Objective objective = objectiveFor(params.output, net.outputDim(), 1, engine);
        SearchOptions search;
        search.steps = params.searchSteps;
        search.seed = streamSeed(params.seed, kSearchStream);
        search.perturbWeights = params.searchOver == SearchOver::InputAndWeights;
        result.worst = searchWorstInput(net, objective, options, search,
                                        [&] { return control.stopRequested(); });
        if (control.stopRequested()) {
            result.termination = Termination::Cancelled;
            result.message = "cancelled during the adversarial search";
        }
    }
    result.elapsedSeconds = watch.seconds();
    return result;
}

nlohmann::json toJson(const InequalityResult &r) {
    nlohmann::json j;
    j["widths"] = r.widths;
    j["nets"] = r.netsDone;
    j["samples_per_net"] = r.samplesPerNet;
    j["norm"] = nameOf(r.params.norm);
    j["lhs"] = arrayOf(r.lhs);
    j["rhs"] = arrayOf(r.rhs);
    j["ratio"] = arrayOf(r.ratio);
    j["grad_x_sq"] = arrayOf(r.gradXSq);
    j["grad_theta_sq"] = arrayOf(r.gradThetaSq);
    j["violations"] = r.violations;
    j["nets_violating"] = r.netsViolating;
    j["max_ratio"] = finiteOrNull(r.maxRatio);
    j["log10_ratio_histogram"] = {{"lo", r.logRatio.lo},
                                  {"hi", r.logRatio.hi},
                                  {"counts", r.logRatio.counts},
                                  {"underflow", r.logRatio.underflow},
                                  {"overflow", r.logRatio.overflow}};
    nlohmann::json layers = nlohmann::json::array();
    for (const LayerTerms &l : r.layers)
        layers.push_back({{"in", l.in},
                          {"out", l.out},
                          {"weight_norm", finiteOrNull(l.weightNorm)},
                          {"jacobian_norm", arrayOf(l.jacobianNorm)},
                          {"lhs", arrayOf(l.lhs)},
                          {"rhs", arrayOf(l.rhs)}});
    j["layers"] = layers;
    if (r.worst)
        j["worst"] = certificateToJson(*r.worst);
    return j;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const InequalitySnapshot &s) {
    return countedProgress(s.netsDone, s.netsTotal, "nets");
}

} // namespace

const InequalityExplorer &explorer() {
    static const InequalityExplorer definition{
        "inequality",
        "Input- vs parameter-gradient inequality",
        "‖∇ₓf‖² Σ (1+‖h‖²)/(‖W‖²‖J‖²) ≤ ‖∇θ f‖² for MLPs (post 8796): both sides per input, a "
        "stress test over random nets, an adversarial search, and the norms and skips that break "
        "it.",
        &paramTable,
        &checkInequality,
        &computeInequality,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::inequality
