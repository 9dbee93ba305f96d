// SPDX-License-Identifier: MIT
// The adversarial search over the input and the weights (search-over input-and-weights): it never
// breaks (1.1) with spectral norms, does at least as well as the input-only search, breaks max-abs,
// and its certificate (which carries the changed weights) reproduces R.
#include <gtest/gtest.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "inequality.h"
#include "param_spec.h"

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
    p.searchWeights = weights;
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
        std::printf("seed %llu: R input-only %.15g, input-and-weights %.15g\n", (unsigned long long)seed,
                    a.worst->ratio, b.worst->ratio);
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
    const Certificate back = certificateFromJson(nlohmann::json::parse(certificateToJson(*r.worst).dump()));
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
    ParamSet values(paramSpecs());
    EXPECT_FALSE(paramsFrom(values).searchWeights);
    ASSERT_FALSE(values.parse("search-over", "input-and-weights"));
    EXPECT_TRUE(paramsFrom(values).searchWeights);
    EXPECT_TRUE(values.parse("search-over", "weights"));  // not a choice
}

} // namespace
