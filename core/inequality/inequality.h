// SPDX-License-Identifier: MIT
#pragma once
// Explorer "inequality": the input- vs parameter-gradient penalty inequality (1.1) of post 8796
// (shared reference gradients.md §1). One random net or the user's model on many inputs, or a
// stress test over many random nets with a streaming histogram of log10 R, and an adversarial
// search for the largest R with an exportable certificate. Params → computeInequality →
// InequalityResult. The per-batch terms live in inequality_terms.h, the MLP engine in mlp.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/histogram.h"
#include "common/run_control.h"
#include "inequality/inequality_terms.h"
#include "nets/mlp.h"

namespace dimscope::inequality {

/// What the adversarial search may change.
enum class SearchOver { Input, InputAndWeights };

inline const std::vector<std::string> &namesOf(SearchOver) {
    static const std::vector<std::string> names = {"input", "input-and-weights"};
    return names;
}

struct InequalityParams {
    std::string widths = "4,16,16,1"; ///< d_0,…,d_L: 2…9 entries, each 1…4096 (random nets)
    mlp::Activation activation = mlp::Activation::Tanh;           ///< hidden layers
    mlp::Activation outputActivation = mlp::Activation::Identity; ///< last layer
    double gain = 1.0;          ///< W ~ N(0, gain²/d_in), 0.01…10
    double biasStd = 0.3;       ///< b ~ N(0, biasStd²), 0.01…10
    Norm norm = Norm::Spectral; ///< for ‖W_k‖ and ‖J_k‖
    bool residual = false;      ///< every square hidden layer gets a skip connection
    double branchGain = 1.0;   ///< residual layers' W ~ N(0, (gain·branchGain)²/d_in), 0.01…10;
                               ///< the branch output is not rescaled (branchScale 1)
    bool includeBiases = true; ///< count bias gradients in ‖∇_θf‖²
    /// f: "u" (uᵀh, u ~ N(0,I) per net), "sum", "index:K", "mse:K" (½‖h − e_K‖², e_K the one-hot
    /// target of class K) or "ce:K" (softmax cross-entropy with label K); K is 0-based, < d_L.
    /// Every form works with searchSteps > 0; the certificate stores it (see certificateToJson).
    std::string output = "u";
    std::int64_t samples = 1000; ///< inputs per net, x ~ N(0, I), 1…10^6 (ignored with `inputs`)
    std::int64_t nets = 1;       ///< independent random nets, 1…10^6; samples·nets ≤ 2·10^7
    std::uint64_t seed = 1; ///< 0…2^53−1; same seed, same numbers (whatever the thread count)
    std::string model;      ///< folder with model.json (replaces the random net; nets = 1)
    std::string inputs;     ///< N × d_0 .npy file of inputs (replaces the random inputs)
    /// A certificate file (certificateToJson's JSON, or a `dimscope compute inequality` output
    /// whose result.worst holds one): evaluates exactly its net, f and input as a single net with
    /// one sample. `norm` and `includeBiases` must equal the certificate's; `model`, `inputs`, nets
    /// > 1 and searchSteps > 0 are refused with it; the random-net and input parameters (widths,
    /// activation, output, samples, seed, …) are ignored.
    std::string certificate;
    std::int64_t searchSteps = 0; ///< adversarial search steps on the first net, 0 = none, ≤ 10^5
    SearchOver searchOver = SearchOver::Input; ///< input-and-weights: perturb W and b as well as x
    int threads = 0; ///< worker threads, 0 = all cores; results do not depend on it
};

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<InequalityParams> &paramTable();
/// "4,16,16,1" → {4,16,16,1}; nullopt on anything else (the message is validate()'s).
std::optional<std::vector<int>> parseWidths(const std::string &text);
/// The f that `output` names for a net with `outputDim` outputs and a batch of `samples` inputs
/// (mse:K and ce:K give every sample the label K). "u" draws u ~ N(0, I) from `engine`; the other
/// forms draw nothing. Throws std::invalid_argument naming `output` if it is malformed or K ≥
/// outputDim.
mlp::Objective objectiveFor(const std::string &output, int outputDim, std::int64_t samples,
                            boost::random::mt19937_64 &engine);

/// Layer k's (0-based) terms for every sample of a single net.
struct LayerTerms {
    int in = 0, out = 0;
    double weightNorm = 0;
    std::vector<double> jacobianNorm, lhs, rhs; ///< per sample
};

/// Progressive state of a stress test, published about every 50 ms.
struct InequalitySnapshot {
    std::int64_t netsDone = 0, netsTotal = 0;
    Histogram logRatio;             ///< log10 R over all samples so far (R = 0 counts as underflow)
    std::int64_t violations = 0;    ///< samples with R > 1 + 1e-12
    std::int64_t netsViolating = 0; ///< nets with at least one such sample
    double maxRatio = 0;
};

/// A reproducible worst case: the net, f, the input and what (1.1) gives there.
struct Certificate {
    mlp::Network net;
    /// Any kind. Mse and CrossEntropy hold one sample's target (targets d_L × 1) or class.
    mlp::Objective objective;
    Eigen::VectorXd input;
    Norm norm = Norm::Spectral;
    bool includeBiases = true;
    double lhs = 0, rhs = 0, ratio = 0;
};

struct InequalityResult : RunOutcome {
    InequalityParams params;
    std::vector<int> widths; ///< of the net(s) evaluated
    std::int64_t netsDone = 0;
    std::int64_t samplesPerNet = 0;
    /// One entry per sample, nets in order, inputs in input order.
    std::vector<double> lhs, rhs, ratio, gradXSq, gradThetaSq;
    std::int64_t violations = 0; ///< samples with R > 1 + 1e-12
    std::int64_t netsViolating =
        0; ///< nets with at least one such sample (§1.3 quotes shares of nets)
    double maxRatio = 0;
    Histogram logRatio;
    std::vector<LayerTerms> layers;   ///< single net only (nets == 1)
    std::optional<Certificate> worst; ///< when searchSteps > 0
    double elapsedSeconds = 0;
};

/// Validates (explorer().validate), then runs.
InequalityResult computeInequality(const InequalityParams &params,
                                   const RunControl<InequalitySnapshot> &control = {});

/// The `result` object of `dimscope compute inequality` (keys in the README; +inf R is null).
nlohmann::json toJson(const InequalityResult &result);

using InequalityExplorer = Explorer<InequalityParams, InequalitySnapshot, InequalityResult>;
/// The explorer's record. Its checks cover the parameters; files are checked when the run reads
/// them.
const InequalityExplorer &explorer();

// ---- Adversarial search (inequality_search.cpp) ----

struct SearchOptions {
    std::int64_t steps = 300; ///< evaluations rounds in all, 1…10^5
    int population = 16;      ///< candidates per step (one batch)
    int restarts = 4;         ///< independent starts; the steps are shared among them
    std::uint64_t seed = 1;
    /// Also perturb every layer's weights and biases (relative to the layer's scale); the
    /// certificate then carries the perturbed net. false keeps the input-only search.
    bool perturbWeights = false;
};

/// Maximises log R over the input of one net by random-restart (1+λ) hill climbing: each step
/// evaluates λ Gaussian perturbations x + σξ as one batch, keeps the best if it raises R, and
/// adapts σ (×1.5 on success, ×0.7 on failure; a restart when σ < 1e-6). Derivative-free, so it
/// works for every activation and norm; deterministic for a given seed. Never lowers R below the
/// best starting point. With search.perturbWeights each candidate also gets W_k + ρ·s_k·Ξ and
/// b_k + ρ·s'_k·ξ, with s_k = ‖W_k‖_F/√size (s'_k likewise for b_k, or s_k when b_k = 0) of the
/// original net and ρ = 0.1·σ/σ₀ following σ's adaptation; each restart starts from the original
/// net. Mse and CrossEntropy objectives give every candidate the target or class of their first
/// sample (objectiveFor(output, d_L, 1, …) makes such a one-sample objective); the certificate
/// keeps that one sample. Throws std::invalid_argument if `objective` does not fit the net.
Certificate searchWorstInput(const mlp::Network &net, const mlp::Objective &objective,
                             const TermOptions &options, const SearchOptions &search,
                             const std::function<bool()> &shouldStop = {});

/// {"format": "dimscope-inequality-certificate/1", "layers": [{"weight": [[…]], "bias": […],
/// "activation", "residual", "branch_scale"}], "objective", "input", "norm", "include_biases",
/// "lhs", "rhs", "ratio"}. "objective" is one of {"kind": "u", "u": […]}, {"kind": "sum"},
/// {"kind": "index", "index": K}, {"kind": "mse", "label": K} (target e_K; an MSE target that is
/// not one-hot is written as "target": […] instead) and {"kind": "ce", "label": K}; K is 0-based.
/// Numbers are written with full precision (round trip exact); non-finite lhs, rhs, ratio as null.
nlohmann::json certificateToJson(const Certificate &certificate);
/// Reads the certificate in the file at `path`: a bare certificate (certificateToJson's JSON) or
/// the output of `dimscope compute inequality` whose "result" holds one under "worst". Throws
/// std::runtime_error whose message starts with the path (cannot read, not JSON, no certificate,
/// or certificateFromJson's message). A folder, FIFO or device, or a file over 256 MiB, is refused
/// before it is read. `read`, when given, receives the record of the bytes read.
Certificate loadCertificate(const std::string &path, FileRead *read = nullptr);
/// What a certificate was evaluated under: evaluating it again needs the same settings.
struct CertificateSettings {
    Norm norm = Norm::Spectral;
    bool includeBiases = true;
};
/// Only the settings of the certificate in `path`, without reading its weights into memory or
/// re-evaluating it (loadCertificate does that); quick enough for the GUI thread. Throws like
/// loadCertificate.
CertificateSettings loadCertificateSettings(const std::string &path);
/// Reads certificateToJson's output (every "/1" certificate, including those written before mse
/// and ce were added), re-evaluates lhs, rhs and R from the weights, input and objective, and
/// checks them against the stored ones (relative 1e-9). Throws std::runtime_error naming the key
/// on malformed input (missing or mistyped field, unknown kind, label out of range) or a mismatch.
Certificate certificateFromJson(const nlohmann::json &json);

} // namespace dimscope::inequality
