// SPDX-License-Identifier: MIT
// The inequality (1.1) of gradients.md §1: the reference checks of §1.7, the tightness cases of
// §1.4, the spectral norms, and the explorer contract (determinism, cancellation, invalid input,
// JSON).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>

#include <unistd.h>

#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "inequality/inequality.h"
#include "nets/model_folder.h"
#include "registry.h"
#include "support/reference_svd.h"

namespace {

using namespace dimscope;
using namespace dimscope::inequality;
using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd gaussian(int rows, int cols, boost::random::mt19937_64 &engine) {
    boost::random::normal_distribution<double> normal;
    MatrixXd m(rows, cols);
    for (int c = 0; c < cols; ++c)
        for (int r = 0; r < rows; ++r)
            m(r, c) = normal(engine);
    return m;
}

mlp::Objective projection(int d, boost::random::mt19937_64 &engine) {
    mlp::Objective o;
    o.u = gaussian(d, 1, engine);
    return o;
}

struct Tally {
    std::int64_t cases = 0, violations = 0, layerViolations = 0, nonFinite = 0;
    double maxRatio = 0;
    std::vector<double> ratios;
};

/// `nets` random nets with spec, one objective u and `samples` inputs each.
Tally run(mlp::InitSpec spec, const TermOptions &options, int nets, int samples,
          std::uint64_t seed) {
    boost::random::mt19937_64 engine(seed);
    Tally t;
    for (int m = 0; m < nets; ++m) {
        const mlp::Network net = mlp::randomNetwork(spec, engine);
        const BatchTerms terms = evaluateBatch(net, projection(net.outputDim(), engine),
                                               gaussian(net.inputDim(), samples, engine), options);
        for (int i = 0; i < samples; ++i) {
            ++t.cases;
            t.violations += terms.ratio(i) > kViolationThreshold;
            t.nonFinite += !std::isfinite(terms.ratio(i));
            t.maxRatio = std::max(t.maxRatio, terms.ratio(i));
            t.ratios.push_back(terms.ratio(i));
            for (int k = 0; k < net.depth(); ++k)
                t.layerViolations +=
                    terms.layerLhs(k, i) > kViolationThreshold * terms.layerRhs(k, i);
        }
    }
    return t;
}

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    return v[v.size() / 2];
}

const std::vector<mlp::Activation> kActivations = {
    mlp::Activation::Tanh,     mlp::Activation::Relu,     mlp::Activation::Softplus,
    mlp::Activation::Sigmoid,  mlp::Activation::Identity, mlp::Activation::Gelu,
    mlp::Activation::LeakyRelu};

// §1.7.1: 0 violations with spectral and with Frobenius norms, ≥ 10⁴ nets per norm across
// activations, gains and shapes; every per-layer inequality (§1.2 step 4) holds on its own too.
TEST(Inequality, NoViolationsOverTenThousandRandomNets) {
    const std::vector<std::vector<int>> shapes = {{4, 16, 16, 1}, {3, 3, 3, 3},
                                                  {2, 64, 1},     {8, 32, 32, 32, 4},
                                                  {5, 2, 7, 3},   {1, 8, 8, 8, 8, 2}};
    for (Norm norm : {Norm::Spectral, Norm::Frobenius}) {
        Tally all;
        std::uint64_t seed = 100;
        for (const auto &shape : shapes)
            for (mlp::Activation a : kActivations)
                for (double gain : {0.5, 1.0, 2.0}) {
                    mlp::InitSpec spec;
                    spec.widths = shape;
                    spec.activation = a;
                    spec.outputActivation = (seed % 2) ? a : mlp::Activation::Identity;
                    spec.gain = gain;
                    TermOptions options;
                    options.norm = norm;
                    const Tally t = run(spec, options, 80, 2, ++seed);
                    all.cases += t.cases;
                    all.violations += t.violations;
                    all.layerViolations += t.layerViolations;
                    all.nonFinite += t.nonFinite;
                    all.maxRatio = std::max(all.maxRatio, t.maxRatio);
                }
        SCOPED_TRACE(nameOf(norm));
        EXPECT_GE(all.cases / 2, 10000); // nets
        EXPECT_EQ(all.violations, 0);
        EXPECT_EQ(all.layerViolations, 0);
        EXPECT_EQ(all.nonFinite, 0);
        EXPECT_LE(all.maxRatio, kViolationThreshold);
        EXPECT_GT(all.maxRatio, 0.1); // not trivially satisfied
    }
}

// §1.7.3 / §1.4: width-1 nets are tight, R = 1, for any activation and weights.
TEST(Inequality, WidthOneNetsAreTight) {
    boost::random::mt19937_64 engine(17);
    double worst = 0;
    int checked = 0;
    for (Norm norm : {Norm::Spectral, Norm::Frobenius})
        for (mlp::Activation a : kActivations) {
            mlp::InitSpec spec;
            spec.widths = {1, 1, 1, 1, 1};
            spec.activation = a;
            spec.outputActivation = a;
            TermOptions options;
            options.norm = norm;
            for (int m = 0; m < 50; ++m) {
                const mlp::Network net = mlp::randomNetwork(spec, engine);
                const BatchTerms t =
                    evaluateBatch(net, projection(1, engine), gaussian(1, 4, engine), options);
                for (int i = 0; i < 4; ++i)
                    if (t.gradXSq(i) > 1e-200) { // dead ReLUs give R = 0 by the §1.3 convention
                        worst = std::max(worst, std::abs(t.ratio(i) - 1.0));
                        ++checked;
                    }
            }
        }
    EXPECT_GT(checked, 1000);
    EXPECT_LT(worst, 1e-12);
}

// §1.4: one linear layer with u a top left-singular vector of W is tight.
TEST(Inequality, SingleLinearLayerWithTopSingularVectorIsTight) {
    boost::random::mt19937_64 engine(5);
    mlp::InitSpec spec;
    spec.widths = {6, 4};
    spec.outputActivation = mlp::Activation::Identity;
    const mlp::Network net = mlp::randomNetwork(spec, engine);
    mlp::Objective o;
    o.u = reference::jacobiThinSvd(net.layers[0].weight).u.col(0);
    const BatchTerms t = evaluateBatch(net, o, gaussian(6, 3, engine), TermOptions{});
    for (int i = 0; i < 3; ++i)
        EXPECT_NEAR(t.ratio(i), 1.0, 1e-12);
}

// §1.7.4: norms smaller than spectral must produce violations (12–89 % with max-abs).
TEST(Inequality, MaxAbsAndRmsNormsMustViolate) {
    mlp::InitSpec spec;
    spec.widths = {4, 16, 16, 1};
    for (Norm norm : {Norm::MaxAbs, Norm::Rms}) {
        TermOptions options;
        options.norm = norm;
        const Tally t = run(spec, options, 1000, 1, 3);
        SCOPED_TRACE(nameOf(norm));
        EXPECT_GT(t.violations, 100);
    }
}

// §1.7.4: residual nets with a small branch gain must produce violations. §1.3 gives 0 at branch
// gain 1, 2 % (max R 1.64) at 0.3 and 7 % (max R 2.27) at 0.1. Our reading (W of a residual layer
// drawn with gain·branchGain, branch output unscaled) on 4-16-16-16-1 tanh, 2000 nets with one
// input each, matches the first two: seeds 1–8 give 1.7–2.7 % with max R 1.6–2.2 at 0.3 and none
// at 1. At 0.1 it gives 74–77 % with max R 12–15 (mean R 2.28–2.35), far from 7 %; no reading tried
// reproduces that row (docs/explorers/inequality.md, "Residual layers"). The bands pin our figures.
TEST(Inequality, ResidualBranchGainPointOneMustViolate) {
    mlp::InitSpec spec;
    spec.widths = {4, 16, 16, 16, 1};
    spec.residual = true;
    spec.branchGain = 0.1;
    const Tally small = run(spec, TermOptions{}, 2000, 1, 4);
    EXPECT_GE(small.violations, 1400); // 70–80 %
    EXPECT_LE(small.violations, 1600);
    EXPECT_GT(small.maxRatio, 5.0);
    double mean = 0;
    for (double r : small.ratios)
        mean += r / double(small.ratios.size());
    EXPECT_GT(mean, 2.0);
    EXPECT_LT(mean, 2.7);
    spec.branchGain = 0.3;
    const Tally medium = run(spec, TermOptions{}, 2000, 1, 4);
    EXPECT_GE(medium.violations, 20); // 1–3.5 %, §1.3: 2 %
    EXPECT_LE(medium.violations, 70);
    EXPECT_GT(medium.maxRatio, 1.3); // §1.3: 1.64
    EXPECT_LT(medium.maxRatio, 3.0);
    spec.branchGain = 1.0;
    EXPECT_EQ(run(spec, TermOptions{}, 2000, 1, 4).violations, 0);
    spec.residual = false;
    spec.branchGain = 0.1;
    EXPECT_EQ(run(spec, TermOptions{}, 2000, 1, 4).violations, 0);
}

// With skips, (1.1) keeps its terms as written: ‖W_k‖ is the norm of the layer's own W (not of
// I + W or branchScale·W) and J_k = ∂h[k]/∂x includes the skip paths. Step 2 (∇ₓf = J_kᵀW_kᵀδ_k)
// still holds at plain layers and fails at residual ones, which is why (1.1) can fail (§1.3).
TEST(Inequality, ResidualLayerTermsAreTakenAsWritten) {
    boost::random::mt19937_64 engine(23);
    mlp::InitSpec spec;
    spec.widths = {4, 6, 6, 6, 2};
    spec.residual = true;
    spec.branchGain = 0.3;
    mlp::Network net = mlp::randomNetwork(spec, engine);
    ASSERT_TRUE(net.layers[1].residual && net.layers[2].residual);
    ASSERT_FALSE(net.layers[0].residual || net.layers[3].residual);
    net.layers[2].branchScale = 0.5;
    const mlp::Objective o = projection(2, engine);
    const MatrixXd x = gaussian(4, 5, engine);
    const BatchTerms t = evaluateBatch(net, o, x, TermOptions{});
    const mlp::ForwardPass pass = mlp::forward(net, x);
    const mlp::BackwardPass back =
        mlp::backward(net, pass, mlp::objectiveGradient(o, pass.h.back()));
    for (int k = 0; k < net.depth(); ++k) {
        const MatrixXd &w = net.layers[std::size_t(k)].weight;
        EXPECT_NEAR(t.weightNorm(k), matrixNorm(w, Norm::Spectral), 1e-12 * t.weightNorm(k));
        for (int i = 0; i < 5; ++i) {
            const MatrixXd j = mlp::jacobians(net, pass, i)[std::size_t(k)];
            EXPECT_NEAR(t.jacobianNorm(k, i), matrixNorm(j, Norm::Spectral),
                        1e-12 * t.jacobianNorm(k, i));
            const double hSq = pass.h[std::size_t(k)].col(i).squaredNorm();
            const double expected =
                t.gradXSq(i) * (1 + hSq) / std::pow(t.weightNorm(k) * t.jacobianNorm(k, i), 2);
            EXPECT_NEAR(t.layerLhs(k, i), expected, 1e-12 * expected);
            const VectorXd gx = back.gradInput.col(i);
            const double step2 =
                (j.transpose() * (w.transpose() * back.delta[std::size_t(k)].col(i)) - gx).norm() /
                gx.norm();
            if (net.layers[std::size_t(k)].residual)
                EXPECT_GT(step2, 0.01) << "layer " << k << " sample " << i;
            else
                EXPECT_LT(step2, 1e-12) << "layer " << k << " sample " << i;
        }
    }
}

// §1.7.4: dropping the bias gradients but keeping "1 +" must produce violations for 3-wide nets.
TEST(Inequality, DroppedBiasesMustViolateForThreeWideNets) {
    mlp::InitSpec spec;
    spec.widths = {3, 3, 3, 3};
    TermOptions options;
    options.includeBiases = false;
    const Tally t = run(spec, options, 2000, 1, 6);
    EXPECT_GT(t.violations, 0);
    options.includeBiases = true;
    EXPECT_EQ(run(spec, options, 2000, 1, 6).violations, 0);
}

// §1.3: ∇ₓf = 0 (dead ReLUs) gives LHS 0 and R 0, never NaN.
TEST(Inequality, DeadReluGivesZeroNotNan) {
    boost::random::mt19937_64 engine(8);
    mlp::InitSpec spec;
    spec.widths = {3, 5, 5, 1};
    spec.activation = mlp::Activation::Relu;
    mlp::Network net = mlp::randomNetwork(spec, engine);
    net.layers[0].bias.setConstant(-100.0); // every first-layer unit is dead: J_1 = 0
    const BatchTerms t =
        evaluateBatch(net, projection(1, engine), gaussian(3, 10, engine), TermOptions{});
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(t.gradXSq(i), 0.0);
        EXPECT_EQ(t.lhs(i), 0.0);
        EXPECT_EQ(t.ratio(i), 0.0);
        EXPECT_TRUE(t.layerLhs.col(i).allFinite());
    }
    EXPECT_EQ(ratioOf(0.0, 0.0), 0.0);
    EXPECT_TRUE(std::isinf(ratioOf(1.0, 0.0)));
}

TEST(Inequality, MatrixNorms) {
    MatrixXd m(2, 3);
    m << 3, 0, 0, 0, -4, 0;
    EXPECT_NEAR(matrixNorm(m, Norm::Spectral), 4.0, 1e-14);
    EXPECT_NEAR(matrixNorm(m, Norm::Frobenius), 5.0, 1e-14);
    EXPECT_EQ(matrixNorm(m, Norm::MaxAbs), 4.0);
    EXPECT_NEAR(matrixNorm(m, Norm::Rms), 5.0 / std::sqrt(6.0), 1e-14);
    boost::random::mt19937_64 engine(2);
    const MatrixXd r = gaussian(7, 12, engine);
    const double largest = reference::jacobiSingularValues(r)(0);
    EXPECT_NEAR(matrixNorm(r, Norm::Spectral), largest, 1e-12 * largest);
}

// The batched Lanczos path (wide nets) agrees with the exact Gram eigenvalues, on both sides and
// through the W₀W₀ᵀ shortcut.
TEST(Inequality, LanczosSpectralNormsMatchExact) {
    boost::random::mt19937_64 engine(12);
    for (const std::vector<int> &widths :
         {std::vector<int>{100, 80, 90, 5}, std::vector<int>{30, 60, 60, 2}}) {
        mlp::InitSpec spec;
        spec.widths = widths;
        const mlp::Network net = mlp::randomNetwork(spec, engine);
        const mlp::ForwardPass pass = mlp::forward(net, gaussian(widths[0], 20, engine));
        TermOptions exact, iterative;
        exact.exactSide = 1000;
        iterative.exactSide = 0;
        const MatrixXd a = jacobianNorms(net, pass, exact), b = jacobianNorms(net, pass, iterative);
        EXPECT_LT(((a - b).array().abs() / a.array()).maxCoeff(), 1e-9);
        for (int i = 0; i < 20; i += 7)
            for (int k = 0; k < net.depth(); ++k) {
                const MatrixXd jacobian = mlp::jacobians(net, pass, i)[std::size_t(k)];
                EXPECT_NEAR(a(k, i), reference::jacobiSingularValues(jacobian)(0), 1e-12 * a(k, i));
            }
    }
}

// §1.4: median R for 4-16-16-1 (2000 nets, one input each): spectral 0.05–0.10, Frobenius
// 0.02–0.05.
TEST(Inequality, MedianRatioBandsForFourSixteenSixteenOne) {
    mlp::InitSpec spec;
    spec.widths = {4, 16, 16, 1};
    TermOptions options;
    const double spectral = median(run(spec, options, 2000, 1, 21).ratios);
    options.norm = Norm::Frobenius;
    const double frobenius = median(run(spec, options, 2000, 1, 21).ratios);
    EXPECT_GE(spectral, 0.05);
    EXPECT_LE(spectral, 0.10);
    EXPECT_GE(frobenius, 0.02);
    EXPECT_LE(frobenius, 0.05);
}

// ---- The explorer ----

InequalityParams smallStress() {
    InequalityParams p;
    p.samples = 3;
    p.nets = 200;
    p.seed = 9;
    return p;
}

TEST(InequalityExplorer, SameSeedSameNumbersWhateverTheThreads) {
    InequalityParams p = smallStress();
    p.threads = 1;
    const InequalityResult a = computeInequality(p);
    p.threads = 2;
    const InequalityResult b = computeInequality(p);
    ASSERT_TRUE(a.ok()) << a.message;
    ASSERT_TRUE(b.ok()) << b.message;
    EXPECT_EQ(a.ratio, b.ratio);
    EXPECT_EQ(a.lhs, b.lhs);
    EXPECT_EQ(a.gradThetaSq, b.gradThetaSq);
    EXPECT_EQ(a.ratio.size(), 600u);
    EXPECT_EQ(a.violations, 0);
    EXPECT_EQ(a.logRatio.total(), 600);
    p.seed = 10;
    EXPECT_NE(computeInequality(p).ratio, a.ratio);
}

TEST(InequalityExplorer, StressTestCountsViolationsForMaxAbs) {
    InequalityParams p = smallStress();
    p.norm = Norm::MaxAbs;
    const InequalityResult r = computeInequality(p);
    ASSERT_TRUE(r.ok()) << r.message;
    EXPECT_GT(r.violations, 0);
    EXPECT_GT(r.maxRatio, 1.0);
    const auto counted = std::count_if(r.ratio.begin(), r.ratio.end(),
                                       [](double x) { return x > kViolationThreshold; });
    EXPECT_EQ(counted, r.violations);
}

TEST(InequalityExplorer, CancellationEndsWithCancelled) {
    InequalityParams p = smallStress();
    p.nets = 100000;
    p.samples = 1;
    std::atomic<int> polls{0};
    RunControl<InequalitySnapshot> control;
    control.shouldStop = [&] { return ++polls > 50; };
    const InequalityResult r = computeInequality(p, control);
    EXPECT_EQ(r.termination, Termination::Cancelled);
    EXPECT_LT(r.netsDone, 100000);
}

TEST(InequalityExplorer, ProgressSnapshotsArrive) {
    InequalityParams p = smallStress();
    p.nets = 5000;
    p.samples = 1;
    int snapshots = 0;
    std::int64_t lastDone = 0;
    RunControl<InequalitySnapshot> control;
    control.progressIntervalSeconds = 0.0;
    control.onProgress = [&](const InequalitySnapshot &s) {
        ++snapshots;
        EXPECT_GE(s.netsDone, lastDone);
        lastDone = s.netsDone;
        EXPECT_EQ(s.netsTotal, 5000);
    };
    EXPECT_TRUE(computeInequality(p, control).ok());
    EXPECT_GT(snapshots, 0);
}

TEST(InequalityExplorer, InvalidFieldsAreNamed) {
    const auto expectInvalid = [](InequalityParams p, const std::string &field) {
        const InequalityResult r = computeInequality(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput) << field;
        EXPECT_EQ(r.message.rfind("parameter '" + field + "'", 0), 0u) << r.message;
    };
    InequalityParams p;
    p.widths = "4,x,1";
    expectInvalid(p, "widths");
    p.widths = "4";
    expectInvalid(p, "widths");
    p.widths = "4,0,1";
    expectInvalid(p, "widths");
    p = {};
    p.gain = 0;
    expectInvalid(p, "gain");
    p = {};
    p.biasStd = -1;
    expectInvalid(p, "bias-std");
    p = {};
    p.output = "index:1";
    expectInvalid(p, "output");
    p.output = "first";
    expectInvalid(p, "output");
    p = {};
    p.samples = 0;
    expectInvalid(p, "samples");
    p = {};
    p.nets = 0;
    expectInvalid(p, "nets");
    p = {};
    p.nets = 100000;
    p.samples = 1000;
    expectInvalid(p, "samples");
    p = {};
    p.model = "/nonexistent";
    p.nets = 2;
    expectInvalid(p, "nets");
    p = {};
    p.model = "/nonexistent-folder-for-dimscope";
    const InequalityResult r = computeInequality(p);
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_NE(r.message.find("/nonexistent-folder-for-dimscope"), std::string::npos);
}

TEST(InequalityExplorer, ParamSpecsRoundTripAndJsonKeys) {
    ParamSet values(paramTable().specs());
    ASSERT_FALSE(values.parse("widths", "3,5,2"));
    ASSERT_FALSE(values.parse("samples", "4"));
    ASSERT_FALSE(values.parse("output", "index:1"));
    ASSERT_FALSE(values.parse("norm", "frobenius"));
    const InequalityParams p = paramTable().read(values);
    EXPECT_EQ(p.norm, Norm::Frobenius);
    EXPECT_FALSE(explorer().validate(p));
    const InequalityResult r = computeInequality(p);
    ASSERT_TRUE(r.ok()) << r.message;
    const nlohmann::json j = toJson(r);
    for (const char *key :
         {"lhs", "rhs", "ratio", "grad_x_sq", "grad_theta_sq", "violations", "max_ratio", "layers"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["ratio"].size(), 4u);
    EXPECT_EQ(j["layers"].size(), 2u);
    EXPECT_EQ(j["layers"][0]["lhs"].size(), 4u);
    // The per-layer terms add up to the totals.
    for (std::size_t i = 0; i < 4; ++i) {
        double lhs = 0, rhs = 0;
        for (const auto &layer : r.layers) {
            lhs += layer.lhs[i];
            rhs += layer.rhs[i];
        }
        EXPECT_NEAR(lhs, r.lhs[i], 1e-12 * r.lhs[i]);
        EXPECT_NEAR(rhs, r.rhs[i], 1e-12 * r.rhs[i]);
    }
    const JsonRun run = registeredExplorer(explorer().name).computeJson(values, {});
    EXPECT_TRUE(run.ok());
    EXPECT_EQ(run.result["ratio"], j["ratio"]);
    EXPECT_EQ(registeredExplorer(explorer().name).name, "inequality");
}

// ---- Loss objectives: output mse:K (½‖h − e_K‖²) and ce:K (softmax cross-entropy, label K) ----

// (1.1) holds for any scalar f of the output, losses included: 0 violations with spectral norms.
TEST(InequalityLoss, MseAndCrossEntropyGiveNoViolationsWithSpectralNorms) {
    for (const char *output : {"mse:1", "ce:2"})
        for (mlp::Activation a :
             {mlp::Activation::Tanh, mlp::Activation::Relu, mlp::Activation::Gelu}) {
            InequalityParams p;
            p.widths = "4,16,16,3";
            p.activation = a;
            p.output = output;
            p.nets = 300;
            p.samples = 3;
            p.seed = 41;
            const InequalityResult r = computeInequality(p);
            SCOPED_TRACE(std::string(output) + " " + nameOf(a));
            ASSERT_TRUE(r.ok()) << r.message;
            EXPECT_EQ(r.netsDone, 300);
            EXPECT_EQ(r.violations, 0);
            EXPECT_LE(r.maxRatio, kViolationThreshold);
            EXPECT_GT(r.maxRatio, 0.05); // not trivially satisfied
            // A norm smaller than spectral still breaks it: the objectives are not degenerate.
            p.norm = Norm::MaxAbs;
            EXPECT_GT(computeInequality(p).violations, 0);
        }
}

// ∇ₓf of the explorer's mse:K and ce:K objectives against central finite differences of f, and
// ‖∇ₓf‖² as evaluateBatch reports it.
TEST(InequalityLoss, InputGradientMatchesCentralDifferences) {
    boost::random::mt19937_64 engine(43);
    const int samples = 6;
    for (const char *output : {"mse:0", "mse:2", "ce:0", "ce:3"})
        for (mlp::Activation a :
             {mlp::Activation::Tanh, mlp::Activation::Softplus, mlp::Activation::Gelu}) {
            mlp::InitSpec spec;
            spec.widths = {5, 9, 7, 4};
            spec.activation = a;
            const mlp::Network net = mlp::randomNetwork(spec, engine);
            const mlp::Objective o = objectiveFor(output, net.outputDim(), samples, engine);
            const MatrixXd x = gaussian(5, samples, engine);
            const mlp::ForwardPass pass = mlp::forward(net, x);
            const MatrixXd grad =
                mlp::backward(net, pass, mlp::objectiveGradient(o, pass.h.back())).gradInput;
            // Samples are independent, so moving coordinate j of every column at once gives each
            // sample's ∂f/∂x_j.
            const double step = 1e-5;
            const auto f = [&](const MatrixXd &at) {
                return mlp::objectiveValue(o, mlp::forward(net, at).h.back());
            };
            MatrixXd numeric(5, samples);
            for (int j = 0; j < 5; ++j) {
                MatrixXd plus = x, minus = x;
                plus.row(j).array() += step;
                minus.row(j).array() -= step;
                numeric.row(j) = ((f(plus) - f(minus)) / (2 * step)).transpose();
            }
            const BatchTerms t = evaluateBatch(net, o, x, TermOptions{});
            SCOPED_TRACE(std::string(output) + " " + nameOf(a));
            for (int i = 0; i < samples; ++i) {
                ASSERT_GT(grad.col(i).norm(), 1e-8);
                const double rel = (numeric.col(i) - grad.col(i)).norm() / grad.col(i).norm();
                EXPECT_LT(rel, 1e-6) << "sample " << i;
                EXPECT_NEAR(t.gradXSq(i), grad.col(i).squaredNorm(),
                            1e-12 * grad.col(i).squaredNorm());
            }
        }
}

TEST(InequalityLoss, ObjectivesHaveTheDocumentedForm) {
    boost::random::mt19937_64 engine(1);
    const MatrixXd h = gaussian(3, 2, engine);
    const mlp::Objective mse = objectiveFor("mse:1", 3, 2, engine);
    const mlp::Objective ce = objectiveFor("ce:2", 3, 2, engine);
    for (int i = 0; i < 2; ++i) {
        const VectorXd target = VectorXd::Unit(3, 1);
        EXPECT_NEAR(mlp::objectiveValue(mse, h)(i), 0.5 * (h.col(i) - target).squaredNorm(), 1e-14);
        const double lse = std::log(h.col(i).array().exp().sum());
        EXPECT_NEAR(mlp::objectiveValue(ce, h)(i), lse - h(2, i), 1e-14);
    }
    EXPECT_THROW(objectiveFor("ce:3", 3, 2, engine), std::invalid_argument);
    EXPECT_THROW(objectiveFor("mse:x", 3, 2, engine), std::invalid_argument);
}

TEST(InequalityLoss, LabelBeyondTheOutputWidthIsRefusedNamingOutput) {
    const auto expectOutputError = [](const InequalityParams &p) {
        const InequalityResult r = computeInequality(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput) << p.output;
        EXPECT_EQ(r.message.rfind("parameter 'output'", 0), 0u) << r.message;
        return r.message;
    };
    InequalityParams p;
    p.widths = "4,8,3";
    for (const char *bad :
         {"ce:3", "ce:17", "mse:3", "mse:2 ", "ce:", "ce:-1", "ce:x", "mse", "cross:0"}) {
        p.output = bad;
        expectOutputError(p);
    }
    p.output = "ce:3";
    EXPECT_NE(expectOutputError(p).find("3 outputs"), std::string::npos);
    p.output = "ce:2";
    EXPECT_FALSE(explorer().validate(p).has_value());
    // The search and its certificate take every form (test_inequality_search.cpp).
    p.searchSteps = 10;
    EXPECT_FALSE(explorer().validate(p).has_value());

    // A model folder: K is checked against the model's outputs (3-5-2 here).
    const auto dir = std::filesystem::temp_directory_path() /
                     ("dimscope_ineq_loss_" + std::to_string(::getpid()));
    boost::random::mt19937_64 engine(4);
    mlp::InitSpec spec;
    spec.widths = {3, 5, 2};
    mlp::saveModelFolder(mlp::randomNetwork(spec, engine), dir.string());
    InequalityParams m;
    m.model = dir.string();
    m.samples = 5;
    m.output = "ce:2";
    EXPECT_NE(expectOutputError(m).find("model has 2 outputs"), std::string::npos);
    for (const char *good : {"ce:1", "mse:0"}) {
        m.output = good;
        const InequalityResult r = computeInequality(m);
        EXPECT_TRUE(r.ok()) << good << ": " << r.message;
        EXPECT_EQ(r.ratio.size(), 5u);
        EXPECT_EQ(r.violations, 0);
    }
    std::filesystem::remove_all(dir);
}

// As `dimscope compute inequality --output ce:0` runs it.
TEST(InequalityLoss, ComputeJsonRunsWithCrossEntropy) {
    ParamSet values(paramTable().specs());
    ASSERT_FALSE(values.parse("widths", "4,16,16,3"));
    ASSERT_FALSE(values.parse("samples", "50"));
    ASSERT_FALSE(values.parse("nets", "4"));
    ASSERT_FALSE(values.parse("output", "ce:0"));
    const JsonRun run = registeredExplorer(explorer().name).computeJson(values, {});
    ASSERT_TRUE(run.ok()) << run.message;
    EXPECT_EQ(run.result["ratio"].size(), 200u);
    EXPECT_EQ(run.result["violations"], 0);
    EXPECT_GT(run.result["max_ratio"].get<double>(), 0.0);
    ASSERT_FALSE(values.parse("output", "ce:3"));
    const JsonRun bad = registeredExplorer(explorer().name).computeJson(values, {});
    EXPECT_FALSE(bad.ok());
    EXPECT_EQ(bad.message.rfind("parameter 'output'", 0), 0u) << bad.message;
}

// ---- The adversarial search and its certificate ----

TEST(InequalitySearch, FindsViolationsForMaxAbsAndNoneForSpectral) {
    boost::random::mt19937_64 engine(31);
    mlp::InitSpec spec;
    spec.widths = {3, 3, 3, 3};
    const mlp::Network net = mlp::randomNetwork(spec, engine);
    const mlp::Objective o = projection(3, engine);
    SearchOptions search;
    search.steps = 200;
    const Certificate valid = searchWorstInput(net, o, TermOptions{}, search);
    EXPECT_LE(valid.ratio, kViolationThreshold);
    EXPECT_GT(valid.ratio, 0.0);
    // The search beats plain sampling of the same number of inputs.
    const BatchTerms sampled = evaluateBatch(net, o, gaussian(3, 200 * 16, engine), TermOptions{});
    EXPECT_GE(valid.ratio, sampled.ratio.maxCoeff() * 0.999);

    TermOptions maxAbs;
    maxAbs.norm = Norm::MaxAbs;
    const Certificate broken = searchWorstInput(net, o, maxAbs, search);
    EXPECT_GT(broken.ratio, 1.0);
}

TEST(InequalitySearch, CertificateReproducesItsRatio) {
    InequalityParams p;
    p.widths = "3,4,4,1";
    p.samples = 10;
    p.norm = Norm::MaxAbs;
    p.searchSteps = 100;
    const InequalityResult r = computeInequality(p);
    ASSERT_TRUE(r.ok()) << r.message;
    ASSERT_TRUE(r.worst);
    const nlohmann::json text = nlohmann::json::parse(certificateToJson(*r.worst).dump());
    const Certificate back = certificateFromJson(text);
    // Recomputed from the round-tripped weights; a batch of one may differ from the search's
    // batches in the last bits (GEMM blocking).
    EXPECT_NEAR(back.ratio, r.worst->ratio, 1e-12 * r.worst->ratio);
    EXPECT_EQ(back.input, r.worst->input);
    EXPECT_EQ(computeInequality(p).worst->ratio, r.worst->ratio); // deterministic
    nlohmann::json bad = text;
    bad["layers"][0].erase("bias");
    EXPECT_THROW(certificateFromJson(bad), std::runtime_error);
}

} // namespace
