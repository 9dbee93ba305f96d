// SPDX-License-Identifier: MIT
// logit-kl against gradients.md §5: the golden values, the Bernoulli identity, symmetry,
// positivity, and the shift invariance of the softmax form only.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "logit_kl/logit_kl.h"
#include "logit_kl/logit_kl_math.h"

using namespace dimscope;
using namespace dimscope::logit_kl;

namespace {

/// KL(Ber(a) ‖ Ber(b)) + KL(Ber(b) ‖ Ber(a)) from its definition, with no logit in sight.
double symmetricBernoulliKl(double a, double b) {
    const auto kl = [](double x, double y) {
        return x * std::log(x / y) + (1 - x) * std::log((1 - x) / (1 - y));
    };
    return kl(a, b) + kl(b, a);
}

/// KL(p‖q) + KL(q‖p) of softmax(s), softmax(t), from the probabilities.
double symmetricSoftmaxKl(const std::vector<double> &s, const std::vector<double> &t) {
    const auto probs = [](const std::vector<double> &x) {
        double z = 0;
        for (double v : x)
            z += std::exp(v);
        std::vector<double> p;
        for (double v : x)
            p.push_back(std::exp(v) / z);
        return p;
    };
    const auto p = probs(s), q = probs(t);
    double d = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        d += p[i] * std::log(p[i] / q[i]) + q[i] * std::log(q[i] / p[i]);
    return d;
}

std::vector<double> randomLogits(boost::random::mt19937_64 &engine, int n) {
    boost::random::uniform_real_distribution<double> u(-6, 6);
    std::vector<double> v(static_cast<std::size_t>(n));
    for (double &x : v)
        x = u(engine);
    return v;
}

LogitKlParams example(double shift = 0) {
    LogitKlParams p;
    p.s = {2, -1, 0.5};
    p.t = {1, -2, 0.5};
    p.shift = shift;
    return p;
}

} // namespace

TEST(LogitKl, GoldenValuesOfSection5) {
    const LogitKlResult r = computeLogitKl(example());
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_NEAR(r.sigmoidKl, 0.299477, 5e-7);
    EXPECT_NEAR(r.softmaxKl, 0.190902, 5e-7);
    // Both classes that differ move by 1 and cross the same σ gap: σ(2) − σ(1) = σ(−1) − σ(−2).
    EXPECT_NEAR(r.perClassSigmoid[0], r.perClassSigmoid[1], 1e-15);
    EXPECT_EQ(r.perClassSigmoid[2], 0.0);
}

TEST(LogitKl, CommandLineKeys) {
    const nlohmann::json j = toJson(computeLogitKl(example()));
    for (const char *key : {"sigmoid_kl", "softmax_kl", "per_class_sigmoid", "per_class_softmax"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["per_class_sigmoid"].size(), 3u);
    EXPECT_NEAR(j["sigmoid_kl"].get<double>(), 0.299477, 5e-7);
}

TEST(LogitKl, SigmoidFormIsTheSumOfSymmetricBernoulliKls) {
    boost::random::mt19937_64 engine(7);
    for (int trial = 0; trial < 200; ++trial) {
        const auto s = randomLogits(engine, 2 + trial % 19),
                   t = randomLogits(engine, int(s.size()));
        const auto terms = sigmoidTerms(s, t);
        double bernoulli = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const double b = symmetricBernoulliKl(sigmoid(s[i]), sigmoid(t[i]));
            EXPECT_NEAR(terms[i], b, 1e-10 * std::max(1.0, b)) << "class " << i;
            bernoulli += b;
        }
        EXPECT_NEAR(sum(terms), bernoulli, 1e-10 * bernoulli);
    }
}

TEST(LogitKl, SoftmaxFormIsTheSymmetricKlOfTheDistributions) {
    boost::random::mt19937_64 engine(8);
    for (int trial = 0; trial < 200; ++trial) {
        const auto s = randomLogits(engine, 2 + trial % 19),
                   t = randomLogits(engine, int(s.size()));
        const double d = symmetricSoftmaxKl(s, t);
        EXPECT_NEAR(sum(softmaxTerms(s, t)), d, 1e-11 * std::max(1.0, d));
        // And the post's form Σ (pᵢ − qᵢ)(sᵢ − tᵢ), whose normalisers cancel.
        const auto ls = logSoftmax(s), lt = logSoftmax(t);
        double post = 0;
        for (std::size_t i = 0; i < s.size(); ++i)
            post += (std::exp(ls[i]) - std::exp(lt[i])) * (s[i] - t[i]);
        EXPECT_NEAR(post, d, 1e-11 * std::max(1.0, d));
    }
}

TEST(LogitKl, BothFormsAreSymmetricAndPositiveUnlessEqual) {
    boost::random::mt19937_64 engine(9);
    for (int trial = 0; trial < 200; ++trial) {
        const auto s = randomLogits(engine, 5), t = randomLogits(engine, 5);
        EXPECT_DOUBLE_EQ(sum(sigmoidTerms(s, t)), sum(sigmoidTerms(t, s)));
        EXPECT_NEAR(sum(softmaxTerms(s, t)), sum(softmaxTerms(t, s)), 1e-14);
        for (double term : sigmoidTerms(s, t))
            EXPECT_GT(term, 0.0); // every class differs, σ is strictly increasing
        EXPECT_GT(sum(softmaxTerms(s, t)), 0.0);
        EXPECT_EQ(sum(sigmoidTerms(s, s)), 0.0);
        EXPECT_EQ(sum(softmaxTerms(s, s)), 0.0);
    }
    // One class apart by a hair is still positive.
    EXPECT_GT(sigmoidTerm(0.3, 0.3 + 1e-6), 0.0);
}

TEST(LogitKl, OnlyTheSoftmaxFormIgnoresAShiftOfEveryLogit) {
    const LogitKlResult base = computeLogitKl(example());
    for (double c : {-6.0, -1.5, 0.7, 3.0, 6.0}) {
        const LogitKlResult r = computeLogitKl(example(c));
        ASSERT_TRUE(r.ok());
        EXPECT_NEAR(r.softmaxKl, base.softmaxKl, 1e-14) << "c = " << c;
        for (std::size_t i = 0; i < 3; ++i)
            EXPECT_NEAR(r.perClassSoftmax[i], base.perClassSoftmax[i], 1e-14);
        EXPECT_GT(std::fabs(r.sigmoidKl - base.sigmoidKl), 0.01) << "c = " << c;
        EXPECT_EQ(r.softmaxKlUnshifted, base.softmaxKl);
        EXPECT_EQ(r.sigmoidKlUnshifted, base.sigmoidKl);
    }
    // The sweep is flat for softmax and not for sigmoid.
    const auto &sw = base.sweep;
    ASSERT_EQ(sw.c.size(), sw.softmax.size());
    double lo = 1e9, hi = -1e9;
    for (double v : sw.sigmoid) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    EXPECT_GT(hi - lo, 1.0);
    for (double v : sw.softmax)
        EXPECT_NEAR(v, base.softmaxKl, 1e-13);
}

TEST(LogitKl, ContourHoldsThePerClassTerm) {
    LogitKlParams p = example();
    p.contourPoints = 13;
    const LogitKlResult r = computeLogitKl(p);
    ASSERT_EQ(r.contour.axis.size(), 13u);
    EXPECT_EQ(r.contour.axis.front(), -6.0);
    EXPECT_EQ(r.contour.axis.back(), 6.0);
    for (std::size_t j = 0; j < 13; ++j)
        for (std::size_t i = 0; i < 13; ++i) {
            const double v = r.contour.values[j * 13 + i];
            EXPECT_DOUBLE_EQ(v, sigmoidTerm(r.contour.axis[i], r.contour.axis[j]));
            if (i == j) {
                EXPECT_EQ(v, 0.0);
            }
        }
}

TEST(LogitKl, ListsParseAndPrintCanonically) {
    EXPECT_EQ(printLogits(*parseLogits("2, -1 ;0.5")), "2,-1,0.5");
    EXPECT_EQ(printLogits(*parseLogits("+1,.25,-0")), "1,0.25,0");
    EXPECT_FALSE(parseLogits("1"));     // one class
    EXPECT_FALSE(parseLogits("1,2,x")); // not a number
    EXPECT_FALSE(parseLogits("1,21"));  // outside ±20
    EXPECT_FALSE(parseLogits("1,nan")); // not finite
    std::string many;
    for (int i = 0; i < kMaxClasses + 1; ++i)
        many += "1,";
    EXPECT_FALSE(parseLogits(many)); // 21 classes
    const auto v = parseLogits("0.1,0.2,0.30000000000000004");
    ASSERT_TRUE(v);
    EXPECT_EQ(*parseLogits(printLogits(*v)), *v); // shortest form, same doubles
}

TEST(LogitKl, DifferentLengthsAreRefusedWithTheirCounts) {
    LogitKlParams p = example();
    p.t = {1, 2};
    const LogitKlResult r = computeLogitKl(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("s has 3"), std::string::npos) << r.message;
}
