// SPDX-License-Identifier: MIT
// The adversarial search over the input and the weights (search-over input-and-weights): it never
// breaks (1.1) with spectral norms, does at least as well as the input-only search, breaks max-abs,
// and its certificate (which carries the changed weights) reproduces R. Loss objectives (mse:K,
// ce:K) search and certify like the others; malformed certificates are refused by field name.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "common/param_spec.h"
#include "inequality/inequality.h"
#include "nets/model_folder.h"

namespace {

using namespace dimscope;
using namespace dimscope::inequality;

InequalityParams searchParams(bool weights, Norm norm = Norm::Spectral) {
    InequalityParams p;
    p.widths = "4,16,16,1";
    p.activation = mlp::Activation::Tanh;
    p.samples = 10;
    p.norm = norm;
    p.searchSteps = 200;
    p.searchOver = weights ? SearchOver::InputAndWeights : SearchOver::Input;
    p.seed = 7;
    return p;
}

bool sameNet(const mlp::Network &a, const mlp::Network &b) {
    if (a.layers.size() != b.layers.size())
        return false;
    for (std::size_t k = 0; k < a.layers.size(); ++k)
        if (a.layers[k].weight != b.layers[k].weight || a.layers[k].bias != b.layers[k].bias)
            return false;
    return true;
}

TEST(InequalityWeightSearch, SpectralNeverViolatedAndBeatsInputOnly) {
    for (std::uint64_t seed : {1u, 7u, 23u}) {
        InequalityParams in = searchParams(false), both = searchParams(true);
        in.seed = both.seed = seed;
        const InequalityResult a = computeInequality(in), b = computeInequality(both);
        ASSERT_TRUE(a.ok() && a.worst) << a.message;
        ASSERT_TRUE(b.ok() && b.worst) << b.message;
        EXPECT_LE(b.worst->ratio, kViolationThreshold) << "seed " << seed;
        EXPECT_GT(b.worst->ratio, 0.0);
        EXPECT_GE(b.worst->ratio, a.worst->ratio) << "seed " << seed;
        std::printf("seed %llu: R input-only %.15g, input-and-weights %.15g\n",
                    (unsigned long long)seed, a.worst->ratio, b.worst->ratio);
    }
}

TEST(InequalityWeightSearch, MaxAbsViolated) {
    const InequalityResult r = computeInequality(searchParams(true, Norm::MaxAbs));
    ASSERT_TRUE(r.ok() && r.worst) << r.message;
    EXPECT_GT(r.worst->ratio, 1.0);
}

TEST(InequalityWeightSearch, CertificateCarriesWeightsAndRoundTrips) {
    const InequalityParams p = searchParams(true);
    const InequalityResult r = computeInequality(p);
    ASSERT_TRUE(r.ok() && r.worst) << r.message;
    // The weights moved: the certificate's net is not the original one.
    const InequalityResult original = computeInequality(searchParams(false));
    ASSERT_TRUE(original.worst);
    EXPECT_FALSE(sameNet(r.worst->net, original.worst->net));
    const Certificate back =
        certificateFromJson(nlohmann::json::parse(certificateToJson(*r.worst).dump()));
    EXPECT_NEAR(back.ratio, r.worst->ratio, 1e-12 * r.worst->ratio);
    EXPECT_NEAR(back.lhs, r.worst->lhs, 1e-12 * r.worst->lhs);
    EXPECT_NEAR(back.rhs, r.worst->rhs, 1e-12 * r.worst->rhs);
    EXPECT_TRUE(sameNet(back.net, r.worst->net));
    EXPECT_EQ(back.input, r.worst->input);
}

TEST(InequalityWeightSearch, SeededDeterminism) {
    const InequalityParams p = searchParams(true, Norm::MaxAbs);
    const InequalityResult a = computeInequality(p), b = computeInequality(p);
    ASSERT_TRUE(a.worst && b.worst);
    EXPECT_EQ(a.worst->ratio, b.worst->ratio);
    EXPECT_EQ(a.worst->input, b.worst->input);
    EXPECT_TRUE(sameNet(a.worst->net, b.worst->net));
    InequalityParams other = p;
    other.seed = p.seed + 1;
    EXPECT_NE(computeInequality(other).worst->ratio, a.worst->ratio);
}

TEST(InequalityWeightSearch, ParameterParsesAndDefaultsToInput) {
    ParamSet values(paramTable().specs());
    EXPECT_EQ(paramTable().read(values).searchOver, SearchOver::Input);
    ASSERT_FALSE(values.parse("search-over", "input-and-weights"));
    EXPECT_EQ(paramTable().read(values).searchOver, SearchOver::InputAndWeights);
    EXPECT_TRUE(values.parse("search-over", "weights")); // not a choice
}

// ---- Loss objectives (mse:K, ce:K) in the search and the certificate ----

InequalityParams lossParams(const std::string &output, bool weights) {
    InequalityParams p = searchParams(weights);
    p.widths = "4,8,8,3";
    p.output = output;
    p.seed = 5;
    return p;
}

mlp::Network smallNet(std::uint64_t seed, int outputs = 3) {
    boost::random::mt19937_64 engine(seed);
    mlp::InitSpec spec;
    spec.widths = {4, 8, 8, outputs};
    return mlp::randomNetwork(spec, engine);
}

mlp::Objective lossObjective(const std::string &output, int outputs, std::int64_t samples = 1) {
    boost::random::mt19937_64 engine(0);
    return objectiveFor(output, outputs, samples, engine);
}

TEST(InequalityLossSearch, ValidateAcceptsLossObjectivesWithSearch) {
    for (const char *output : {"mse:2", "ce:0"}) {
        EXPECT_FALSE(explorer().validate(lossParams(output, false))) << output;
        EXPECT_FALSE(explorer().validate(lossParams(output, true))) << output;
    }
    // K is still checked against the net's outputs.
    const auto e = explorer().validate(lossParams("ce:3", false));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->rfind("parameter 'output'", 0), 0u) << *e;
}

TEST(InequalityLossSearch, CertificatesRoundTripToTheLastBits) {
    for (bool weights : {false, true})
        for (const std::string output : {"mse:2", "ce:1"}) {
            const std::string what = output + (weights ? " input-and-weights" : " input");
            const InequalityResult r = computeInequality(lossParams(output, weights));
            ASSERT_TRUE(r.ok() && r.worst) << what << ": " << r.message;
            const Certificate &w = *r.worst;
            EXPECT_GT(w.ratio, 0.0) << what;
            EXPECT_LE(w.ratio, kViolationThreshold) << what; // (1.1) holds for any scalar f
            const nlohmann::json j = certificateToJson(w);
            EXPECT_EQ(j["format"], "dimscope-inequality-certificate/1");
            const bool mse = output[0] == 'm';
            EXPECT_EQ(j["objective"],
                      (nlohmann::json{{"kind", mse ? "mse" : "ce"}, {"label", mse ? 2 : 1}}))
                << what << ": " << j["objective"].dump();
            const Certificate back = certificateFromJson(nlohmann::json::parse(j.dump()));
            EXPECT_NEAR(back.ratio, w.ratio, 1e-12 * w.ratio) << what;
            EXPECT_NEAR(back.lhs, w.lhs, 1e-12 * w.lhs) << what;
            EXPECT_NEAR(back.rhs, w.rhs, 1e-12 * w.rhs) << what;
            EXPECT_TRUE(sameNet(back.net, w.net)) << what;
            EXPECT_EQ(back.input, w.input) << what;
            ASSERT_EQ(back.objective.kind, w.objective.kind) << what;
            if (mse) {
                Eigen::VectorXd e2 = Eigen::VectorXd::Zero(3);
                e2(2) = 1;
                EXPECT_EQ(back.objective.targets, Eigen::MatrixXd(e2)) << what;
                EXPECT_EQ(w.objective.targets, Eigen::MatrixXd(e2)) << what;
            } else {
                EXPECT_EQ(back.objective.classes, std::vector<int>{1}) << what;
                EXPECT_EQ(w.objective.classes, std::vector<int>{1}) << what;
            }
            // The certificate's numbers are f's: evaluating that f directly gives them too.
            TermOptions options;
            const BatchTerms t =
                evaluateBatch(back.net, lossObjective(output, 3), back.input, options);
            EXPECT_NEAR(t.ratio(0), w.ratio, 1e-12 * w.ratio) << what;
        }
}

TEST(InequalityLossSearch, NonOneHotMseTargetRoundTrips) {
    const mlp::Network net = smallNet(11);
    mlp::Objective o;
    o.kind = mlp::Objective::Kind::Mse;
    o.targets = Eigen::MatrixXd(3, 1);
    o.targets << 0.25, -1.5, 0.1;
    SearchOptions search;
    search.steps = 60;
    const Certificate c = searchWorstInput(net, o, TermOptions{}, search);
    const nlohmann::json j = certificateToJson(c);
    ASSERT_TRUE(j["objective"].contains("target")) << j["objective"].dump();
    EXPECT_FALSE(j["objective"].contains("label"));
    const Certificate back = certificateFromJson(nlohmann::json::parse(j.dump()));
    EXPECT_EQ(back.objective.targets, o.targets);
    EXPECT_NEAR(back.ratio, c.ratio, 1e-12 * c.ratio);
}

TEST(InequalityLossSearch, SearchNeverEndsBelowItsStartingPoint) {
    const mlp::Network net = smallNet(3);
    for (const std::string output : {"mse:0", "ce:2", "u"})
        for (bool weights : {false, true}) {
            const std::string what = output + (weights ? " input-and-weights" : " input");
            const mlp::Objective o = lossObjective(output, 3);
            SearchOptions search;
            search.seed = 17;
            search.perturbWeights = weights;
            // One step is the starting point alone (the best of the first λ random inputs); the
            // long search begins with the same draws.
            search.steps = 1;
            const Certificate start = searchWorstInput(net, o, TermOptions{}, search);
            search.steps = 200;
            const Certificate found = searchWorstInput(net, o, TermOptions{}, search);
            EXPECT_GT(start.ratio, 0.0) << what;
            EXPECT_GE(found.ratio, start.ratio) << what;
            EXPECT_LE(found.ratio, kViolationThreshold) << what;
            std::printf("%s: R start %.6g, after 200 steps %.6g\n", what.c_str(), start.ratio,
                        found.ratio);
            // The certificate's R is what the certificate's net, f and input give.
            const BatchTerms t =
                evaluateBatch(found.net, found.objective, found.input, TermOptions{});
            EXPECT_NEAR(t.ratio(0), found.ratio, 1e-12 * found.ratio) << what;
        }
}

TEST(InequalityLossSearch, ManySampleLossObjectivesUseTheFirstSample) {
    // objectiveFor with 10 samples gives every sample label K: the search uses one of them.
    const mlp::Network net = smallNet(4);
    SearchOptions search;
    search.steps = 40;
    for (const std::string output : {"mse:1", "ce:1"}) {
        const Certificate one =
            searchWorstInput(net, lossObjective(output, 3, 1), TermOptions{}, search);
        const Certificate ten =
            searchWorstInput(net, lossObjective(output, 3, 10), TermOptions{}, search);
        EXPECT_EQ(one.ratio, ten.ratio) << output;
        EXPECT_EQ(one.input, ten.input) << output;
        EXPECT_EQ(certificateToJson(one), certificateToJson(ten)) << output;
    }
    mlp::Objective empty;
    empty.kind = mlp::Objective::Kind::CrossEntropy;
    EXPECT_THROW(searchWorstInput(net, empty, TermOptions{}, search), std::invalid_argument);
}

/// The certificateFromJson message for `j`, or "" if it was accepted.
std::string refusal(const nlohmann::json &j) {
    try {
        certificateFromJson(j);
    } catch (const std::runtime_error &e) {
        return e.what();
    }
    return "";
}

TEST(InequalityLossSearch, MalformedCertificatesNameTheField) {
    SearchOptions search;
    search.steps = 20;
    const nlohmann::json ce = certificateToJson(
        searchWorstInput(smallNet(8), lossObjective("ce:1", 3), TermOptions{}, search));
    const nlohmann::json mse = certificateToJson(
        searchWorstInput(smallNet(8), lossObjective("mse:0", 3), TermOptions{}, search));
    ASSERT_EQ(refusal(ce), "");
    ASSERT_EQ(refusal(mse), "");

    struct Case {
        std::string name;
        nlohmann::json base;
        std::function<void(nlohmann::json &)> edit;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases = {
        {"unknown kind",
         ce,
         [](nlohmann::json &j) { j["objective"]["kind"] = "hinge"; },
         {"kind", "hinge", "mse", "ce"}},
        {"kind not a string",
         ce,
         [](nlohmann::json &j) { j["objective"]["kind"] = 3; },
         {"kind", "string"}},
        {"missing kind",
         ce,
         [](nlohmann::json &j) { j["objective"].erase("kind"); },
         {"missing", "kind"}},
        {"ce label too large",
         ce,
         [](nlohmann::json &j) { j["objective"]["label"] = 3; },
         {"label", "3", "out of range", "3 outputs"}},
        {"ce label negative",
         ce,
         [](nlohmann::json &j) { j["objective"]["label"] = -1; },
         {"label", "-1", "out of range"}},
        {"ce label not an integer",
         ce,
         [](nlohmann::json &j) { j["objective"]["label"] = 1.5; },
         {"label", "integer"}},
        {"ce label a string",
         ce,
         [](nlohmann::json &j) { j["objective"]["label"] = "1"; },
         {"label", "integer"}},
        {"ce label missing",
         ce,
         [](nlohmann::json &j) { j["objective"].erase("label"); },
         {"missing", "label"}},
        {"mse label too large",
         mse,
         [](nlohmann::json &j) { j["objective"]["label"] = 7; },
         {"label", "7", "out of range"}},
        {"mse label missing",
         mse,
         [](nlohmann::json &j) { j["objective"].erase("label"); },
         {"missing", "label"}},
        {"mse target short",
         mse,
         [](nlohmann::json &j) {
             j["objective"].erase("label");
             j["objective"]["target"] = {1.0, 0.0};
         },
         {"target", "2 entries", "3 outputs"}},
        {"mse label and target",
         mse,
         [](nlohmann::json &j) {
             j["objective"]["target"] = {1.0, 0.0, 0.0};
         },
         {"label", "target", "not both"}},
        {"index out of range",
         ce,
         [](nlohmann::json &j) {
             j["objective"] = {{"kind", "index"}, {"index", 4}};
         },
         {"index", "4", "out of range"}},
        {"index missing",
         ce,
         [](nlohmann::json &j) {
             j["objective"] = {{"kind", "index"}};
         },
         {"missing", "index"}},
        {"u wrong length",
         ce,
         [](nlohmann::json &j) {
             j["objective"] = {{"kind", "u"}, {"u", {1.0, 2.0}}};
         },
         {"u", "2 entries", "3 outputs"}},
        {"u missing",
         ce,
         [](nlohmann::json &j) {
             j["objective"] = {{"kind", "u"}};
         },
         {"missing", "u"}},
        {"objective not an object",
         ce,
         [](nlohmann::json &j) { j["objective"] = "ce:1"; },
         {"objective", "object"}},
        {"objective missing",
         ce,
         [](nlohmann::json &j) { j.erase("objective"); },
         {"missing", "objective"}},
        {"input missing", ce, [](nlohmann::json &j) { j.erase("input"); }, {"missing", "input"}},
        {"norm missing", ce, [](nlohmann::json &j) { j.erase("norm"); }, {"missing", "norm"}},
        {"norm not a string", ce, [](nlohmann::json &j) { j["norm"] = 2; }, {"norm", "string"}},
        {"include_biases missing",
         ce,
         [](nlohmann::json &j) { j.erase("include_biases"); },
         {"missing", "include_biases"}},
        {"include_biases not a bool",
         ce,
         [](nlohmann::json &j) { j["include_biases"] = "yes"; },
         {"include_biases"}},
        {"ratio missing", ce, [](nlohmann::json &j) { j.erase("ratio"); }, {"missing", "ratio"}},
        {"lhs missing", mse, [](nlohmann::json &j) { j.erase("lhs"); }, {"missing", "lhs"}},
        {"ratio tampered",
         ce,
         [](nlohmann::json &j) { j["ratio"] = j["ratio"].get<double>() * 1.01; },
         {"ratio", "give"}},
        {"rhs tampered",
         mse,
         [](nlohmann::json &j) { j["rhs"] = j["rhs"].get<double>() * 0.5; },
         {"rhs", "give"}},
        {"ratio not a number",
         ce,
         [](nlohmann::json &j) { j["ratio"] = "big"; },
         {"ratio", "number"}},
        {"label changed", ce, [](nlohmann::json &j) { j["objective"]["label"] = 0; }, {"give"}},
        {"activation missing",
         ce,
         [](nlohmann::json &j) { j["layers"][1].erase("activation"); },
         {"layer 2", "activation"}},
        {"activation not a string",
         ce,
         [](nlohmann::json &j) { j["layers"][0]["activation"] = 1; },
         {"layer 1", "activation"}},
        {"residual not a bool",
         ce,
         [](nlohmann::json &j) { j["layers"][0]["residual"] = "no"; },
         {"layer 1", "residual"}},
    };
    for (const Case &c : cases) {
        nlohmann::json j = c.base;
        c.edit(j);
        const std::string message = refusal(j);
        ASSERT_NE(message, "") << c.name << ": accepted";
        std::printf("%-26s %s\n", c.name.c_str(), message.c_str());
        EXPECT_EQ(message.rfind("certificate: ", 0), 0u) << c.name << ": " << message;
        for (const std::string &m : c.mentions)
            EXPECT_NE(message.find(m), std::string::npos)
                << c.name << ": '" << message << "' should mention " << m;
    }
}

TEST(InequalityLossSearch, OldCertificatesStillRead) {
    // A /1 certificate as written before mse and ce existed: a width-1 net (R = 1 exactly) and
    // f = h_0, written out by hand. z = 2·0.3 + 0.5, δ = tanh'(z), LHS = RHS = δ²(1 + 0.3²).
    const double z = 2 * 0.3 + 0.5, delta = 1 - std::tanh(z) * std::tanh(z);
    const double side = delta * delta * (1 + 0.3 * 0.3);
    const nlohmann::json old =
        nlohmann::json::parse(R"({
        "format": "dimscope-inequality-certificate/1",
        "layers": [{"weight": [[2.0]], "bias": [0.5], "activation": "tanh", "residual": false, "branch_scale": 1.0}],
        "objective": {"kind": "index", "index": 0},
        "input": [0.3], "norm": "spectral", "include_biases": true,
        "lhs": )" + nlohmann::json(side).dump() +
                              R"(, "rhs": )" + nlohmann::json(side).dump() + R"(, "ratio": 1.0})");
    const Certificate c = certificateFromJson(old);
    EXPECT_EQ(c.objective.kind, mlp::Objective::Kind::Index);
    EXPECT_NEAR(c.ratio, 1.0, 1e-12);
    EXPECT_NEAR(c.lhs, side, 1e-12 * side);
    // u and sum, as certificateToJson has always written them.
    const mlp::Network net = smallNet(9);
    SearchOptions search;
    search.steps = 20;
    for (const std::string output : {"u", "sum", "index:2"}) {
        const Certificate found =
            searchWorstInput(net, lossObjective(output, 3), TermOptions{}, search);
        const nlohmann::json j = certificateToJson(found);
        EXPECT_EQ(j["objective"]["kind"], output.substr(0, output.find(':'))) << output;
        const Certificate back = certificateFromJson(nlohmann::json::parse(j.dump()));
        EXPECT_EQ(back.objective.kind, found.objective.kind) << output;
        EXPECT_NEAR(back.ratio, found.ratio, 1e-12 * found.ratio) << output;
    }
}

// ---- The `certificate` parameter: evaluate a saved certificate ----

/// A fresh folder under the temp directory, removed with the object.
struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string &name)
        : path(std::filesystem::temp_directory_path() /
               ("dimscope_ineq_cert_" + name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
    std::string write(const std::string &file, const std::string &text) const {
        const std::string at = (path / file).string();
        std::ofstream(at, std::ios::binary) << text;
        return at;
    }
};

/// What `dimscope compute inequality --certificate path` runs (through ParamSet, as the CLI does),
/// with `norm` and `include-biases` as given; widths and output are set to values the run ignores.
InequalityParams certificateParams(const std::string &path, Norm norm, bool includeBiases = true) {
    ParamSet values(paramTable().specs());
    EXPECT_FALSE(values.parse("certificate", path));
    EXPECT_FALSE(values.parse("norm", nameOf(norm)));
    EXPECT_FALSE(values.set("include-biases", includeBiases));
    EXPECT_FALSE(values.parse("widths", "7,7"));  // ignored with a certificate
    EXPECT_FALSE(values.parse("output", "ce:9")); // ignored (the certificate's f is used)
    EXPECT_FALSE(values.parse("samples", "500")); // ignored (one input)
    return paramTable().read(values);
}

/// The certificate the search of `p` finds, also written to `folder`/`file`.
Certificate searchedCertificate(const InequalityParams &p, const TempFolder &folder,
                                const std::string &file, std::string &path) {
    const InequalityResult r = computeInequality(p);
    EXPECT_TRUE(r.ok() && r.worst) << r.message;
    path = folder.write(file, certificateToJson(*r.worst).dump(2));
    return *r.worst;
}

TEST(InequalityCertificateParam, RoundTripGivesTheSameRAndLayerTerms) {
    const TempFolder folder("roundtrip");
    struct Case {
        std::string name;
        InequalityParams search;
    };
    InequalityParams noBiases = searchParams(false);
    noBiases.includeBiases = false;
    const std::vector<Case> cases = {
        {"spectral input", searchParams(false)},
        {"spectral input-and-weights", searchParams(true)},
        {"max-abs input-and-weights", searchParams(true, Norm::MaxAbs)},
        {"ce:1", lossParams("ce:1", true)},
        {"mse:2", lossParams("mse:2", false)},
        {"no biases", noBiases}};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case &c = cases[i];
        std::string path;
        const Certificate w =
            searchedCertificate(c.search, folder, "c" + std::to_string(i) + ".json", path);
        const InequalityResult r =
            computeInequality(certificateParams(path, w.norm, w.includeBiases));
        ASSERT_TRUE(r.ok()) << c.name << ": " << r.message;
        EXPECT_EQ(r.widths, w.net.widths()) << c.name;
        EXPECT_EQ(r.netsDone, 1) << c.name;
        EXPECT_EQ(r.samplesPerNet, 1) << c.name;
        ASSERT_EQ(r.ratio.size(), 1u) << c.name;
        EXPECT_NEAR(r.ratio[0], w.ratio, 1e-12 * w.ratio) << c.name;
        EXPECT_NEAR(r.lhs[0], w.lhs, 1e-12 * w.lhs) << c.name;
        EXPECT_NEAR(r.rhs[0], w.rhs, 1e-12 * w.rhs) << c.name;
        EXPECT_EQ(r.maxRatio, r.ratio[0]) << c.name;
        EXPECT_EQ(r.violations, w.ratio > kViolationThreshold ? 1 : 0) << c.name;
        EXPECT_EQ(r.netsViolating, r.violations) << c.name;
        EXPECT_EQ(r.logRatio.total(), 1) << c.name;
        EXPECT_FALSE(r.worst) << c.name;
        // The per-layer terms are those of the certificate's net, f and input.
        TermOptions options;
        options.norm = w.norm;
        options.includeBiases = w.includeBiases;
        const BatchTerms t = evaluateBatch(w.net, w.objective, w.input, options);
        ASSERT_EQ(r.layers.size(), w.net.layers.size()) << c.name;
        double lhsSum = 0;
        for (std::size_t k = 0; k < r.layers.size(); ++k) {
            const LayerTerms &l = r.layers[k];
            const auto kk = Eigen::Index(k);
            EXPECT_EQ(l.in, w.net.layers[k].weight.cols()) << c.name;
            EXPECT_EQ(l.out, w.net.layers[k].weight.rows()) << c.name;
            ASSERT_EQ(l.lhs.size(), 1u) << c.name;
            EXPECT_NEAR(l.weightNorm, t.weightNorm(kk), 1e-12 * t.weightNorm(kk))
                << c.name << " layer " << k;
            EXPECT_NEAR(l.jacobianNorm[0], t.jacobianNorm(kk, 0), 1e-12 * t.jacobianNorm(kk, 0))
                << c.name;
            EXPECT_NEAR(l.lhs[0], t.layerLhs(kk, 0), 1e-12 * t.layerLhs(kk, 0))
                << c.name << " layer " << k;
            EXPECT_NEAR(l.rhs[0], t.layerRhs(kk, 0), 1e-12 * t.layerRhs(kk, 0))
                << c.name << " layer " << k;
            lhsSum += l.lhs[0];
        }
        EXPECT_NEAR(lhsSum, r.lhs[0], 1e-12 * r.lhs[0]) << c.name;
        std::printf("%-28s R certificate %.17g, re-run %.17g\n", c.name.c_str(), w.ratio,
                    r.ratio[0]);
    }
}

TEST(InequalityCertificateParam, ReadsAComputeOutputWithResultWorst) {
    const TempFolder folder("compute");
    const InequalityResult searched = computeInequality(searchParams(true, Norm::Frobenius));
    ASSERT_TRUE(searched.ok() && searched.worst) << searched.message;
    const nlohmann::json output = {{"explorer", "inequality"}, {"result", toJson(searched)}};
    const std::string path = folder.write("run.json", output.dump(2));
    const InequalityResult r = computeInequality(certificateParams(path, Norm::Frobenius));
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_EQ(r.ratio.size(), 1u);
    EXPECT_NEAR(r.ratio[0], searched.worst->ratio, 1e-12 * searched.worst->ratio);

    // Without a search there is no certificate in the output; another explorer's output is refused.
    InequalityParams plain = searchParams(false);
    plain.searchSteps = 0;
    const nlohmann::json plainOutput = {{"explorer", "inequality"},
                                        {"result", toJson(computeInequality(plain))}};
    const std::string none = folder.write("plain.json", plainOutput.dump());
    const InequalityResult noWorst = computeInequality(certificateParams(none, Norm::Spectral));
    EXPECT_EQ(noWorst.termination, Termination::InvalidInput);
    EXPECT_EQ(noWorst.message.rfind(none + ": ", 0), 0u) << noWorst.message;
    EXPECT_NE(noWorst.message.find("worst"), std::string::npos) << noWorst.message;
    EXPECT_NE(noWorst.message.find("search-steps"), std::string::npos) << noWorst.message;
    const std::string angles = folder.write(
        "angles.json", nlohmann::json({{"explorer", "angles"}, {"result", {{"mean", 1}}}}).dump());
    const InequalityResult other = computeInequality(certificateParams(angles, Norm::Spectral));
    EXPECT_EQ(other.termination, Termination::InvalidInput);
    EXPECT_NE(other.message.find("angles"), std::string::npos) << other.message;

    // A certificate inside a compute output whose numbers were changed: the path and where it sits.
    nlohmann::json tampered = output;
    tampered["result"]["worst"]["ratio"] = searched.worst->ratio * 1.01;
    const std::string bad = folder.write("tampered-run.json", tampered.dump());
    const InequalityResult refused = computeInequality(certificateParams(bad, Norm::Frobenius));
    EXPECT_EQ(refused.termination, Termination::InvalidInput);
    EXPECT_EQ(refused.message.rfind(bad + ": result.worst: certificate: \"ratio\"", 0), 0u)
        << refused.message;
}

TEST(InequalityCertificateParam, NormOrBiasesOtherThanTheCertificatesAreRefused) {
    const TempFolder folder("mismatch");
    std::string spectral, noBiases;
    searchedCertificate(searchParams(false), folder, "spectral.json", spectral);
    InequalityParams p = searchParams(false);
    p.includeBiases = false;
    searchedCertificate(p, folder, "no-biases.json", noBiases);

    const InequalityResult norm = computeInequality(certificateParams(spectral, Norm::Frobenius));
    EXPECT_EQ(norm.termination, Termination::InvalidInput);
    EXPECT_EQ(norm.message.rfind("norm: frobenius", 0), 0u) << norm.message;
    for (const std::string &m :
         {spectral, std::string("norm spectral"), std::string("set norm to spectral")})
        EXPECT_NE(norm.message.find(m), std::string::npos)
            << "'" << norm.message << "' should mention " << m;
    EXPECT_TRUE(norm.ratio.empty());
    std::printf("%s\n", norm.message.c_str());

    const InequalityResult biases =
        computeInequality(certificateParams(noBiases, Norm::Spectral, true));
    EXPECT_EQ(biases.termination, Termination::InvalidInput);
    EXPECT_EQ(biases.message.rfind("include-biases: true", 0), 0u) << biases.message;
    EXPECT_NE(biases.message.find("include-biases false"), std::string::npos) << biases.message;
    EXPECT_NE(biases.message.find(noBiases), std::string::npos) << biases.message;
    std::printf("%s\n", biases.message.c_str());
    EXPECT_TRUE(computeInequality(certificateParams(noBiases, Norm::Spectral, false)).ok());
}

TEST(InequalityCertificateParam, BadFilesAreRefusedNamingThePath) {
    const TempFolder folder("bad");
    std::string good;
    const Certificate w = searchedCertificate(searchParams(false), folder, "good.json", good);
    nlohmann::json tampered = certificateToJson(w);
    tampered["ratio"] = w.ratio * 1.001;
    nlohmann::json noInput = certificateToJson(w);
    noInput.erase("input");
    const std::string missing = (folder.path / "no-such-certificate.json").string();
    struct Case {
        std::string name, path;
        std::vector<std::string> mentions;
    };
    const std::vector<Case> cases = {
        {"tampered R",
         folder.write("tampered.json", tampered.dump()),
         {"certificate: \"ratio\"", "give"}},
        {"missing field", folder.write("no-input.json", noInput.dump()), {"missing", "input"}},
        {"missing file", missing, {"cannot open"}},
        {"a folder", folder.path.string(), {"folder"}},
        {"not JSON", folder.write("garbage.json", "{\"format\": "), {"not valid JSON"}},
        {"not an object", folder.write("array.json", "[1, 2]"), {"format"}},
        {"another format",
         folder.write("other.json", R"({"format": "dimscope-mlp/1"})"),
         {"format"}},
    };
    for (const Case &c : cases) {
        const InequalityResult r = computeInequality(certificateParams(c.path, Norm::Spectral));
        EXPECT_EQ(r.termination, Termination::InvalidInput) << c.name << ": " << r.message;
        EXPECT_EQ(r.message.rfind(c.path + ": ", 0), 0u) << c.name << ": " << r.message;
        for (const std::string &m : c.mentions)
            EXPECT_NE(r.message.find(m), std::string::npos)
                << c.name << ": '" << r.message << "' should mention " << m;
        EXPECT_TRUE(r.ratio.empty()) << c.name;
        std::printf("%-14s %s\n", c.name.c_str(), r.message.c_str());
    }
    EXPECT_TRUE(computeInequality(certificateParams(good, Norm::Spectral)).ok());
}

TEST(InequalityCertificateParam, CombinationsWithOtherSourcesAreRefused) {
    const TempFolder folder("combos");
    std::string path;
    searchedCertificate(searchParams(false), folder, "c.json", path);
    const InequalityParams base = certificateParams(path, Norm::Spectral);
    ASSERT_FALSE(explorer().validate(base)) << *explorer().validate(base);
    boost::random::mt19937_64 engine(2);
    mlp::InitSpec spec;
    spec.widths = {4, 16, 16, 1};
    const std::string model = (folder.path / "model").string();
    mlp::saveModelFolder(mlp::randomNetwork(spec, engine), model);
    struct Case {
        std::string name;
        std::function<void(InequalityParams &)> edit;
    };
    const std::vector<Case> cases = {
        {"model", [&](InequalityParams &p) { p.model = model; }},
        {"inputs", [&](InequalityParams &p) { p.inputs = (folder.path / "x.npy").string(); }},
        {"nets", [](InequalityParams &p) { p.nets = 2; }},
        {"search-steps", [](InequalityParams &p) { p.searchSteps = 10; }},
    };
    for (const Case &c : cases) {
        InequalityParams p = base;
        c.edit(p);
        const auto e = explorer().validate(p);
        ASSERT_TRUE(e) << c.name;
        EXPECT_EQ(e->rfind("parameter '" + c.name + "'", 0), 0u) << *e;
        EXPECT_NE(e->find("certificate"), std::string::npos) << *e;
        const InequalityResult r = computeInequality(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput) << c.name;
        EXPECT_EQ(r.message, *e);
        std::printf("%s\n", e->c_str());
    }
    // Relative paths are made absolute when set, so a saved parameter set reproduces the run
    // anywhere.
    ParamSet values(paramTable().specs());
    ASSERT_FALSE(values.parse("certificate", "cert.json"));
    EXPECT_TRUE(std::filesystem::path(paramTable().read(values).certificate).is_absolute());
    EXPECT_TRUE(ParamSet(paramTable().specs()).text("certificate").empty());
}

} // namespace

// A search on wide layers polls the stop inside every evaluation (each ‖W‖₂ of a 300 × 300 layer is
// a Lanczos run), not only between steps, and returns as soon as it fires.
TEST(InequalitySearchStop, PollsInsideEvaluationsAndStopsAtOnce) {
    boost::random::mt19937_64 engine(3);
    mlp::InitSpec spec;
    spec.widths = {4, 300, 300, 1};
    const mlp::Network net = mlp::randomNetwork(spec, engine);
    mlp::Objective objective;
    objective.u = Eigen::VectorXd::Ones(1);
    for (const bool weights : {false, true}) {
        SearchOptions search;
        search.steps = 2;
        search.restarts = 1;
        search.population = 4;
        search.perturbWeights = weights;
        int polls = 0;
        searchWorstInput(net, objective, TermOptions{}, search, [&] { return ++polls < 0; });
        EXPECT_GT(polls, 2 * search.population) << weights; // more than one poll per evaluation
        for (const int stopAt : {1, 5}) {
            int calls = 0;
            searchWorstInput(net, objective, TermOptions{}, search,
                             [&] { return ++calls >= stopAt; });
            EXPECT_EQ(calls, stopAt)
                << weights; // nothing polled after the stop, so nothing computed
        }
    }
}
