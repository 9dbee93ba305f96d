// SPDX-License-Identifier: MIT
// The adversarial search over the input and the weights (search-over input-and-weights): it never
// breaks (1.1) with spectral norms, does at least as well as the input-only search, breaks max-abs,
// and its certificate (which carries the changed weights) reproduces R. Loss objectives (mse:K,
// ce:K) search and certify like the others; malformed certificates are refused by field name.
// Evaluating a saved certificate (the `certificate` parameter): test_inequality_certificate.cpp.
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
#include "search_test_support.h"

namespace {

using namespace dimscope;
using namespace dimscope::inequality;
using dimscope::inequality::testing::lossParams;
using dimscope::inequality::testing::searchParams;

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
