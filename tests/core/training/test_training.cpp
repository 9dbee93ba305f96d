// SPDX-License-Identifier: MIT
// The training explorer's run: the result's keys and their shapes (`steps`, then per series
// {"mean", "per_seed"}), the mean over seeds, snapshots that change no number, the effective-step
// fan, EG's underflows counted through a run, divergence reported as Failed, and the checks that
// involve more than one field.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "training/training.h"

namespace {

using namespace dimscope;
using namespace dimscope::training;
using tasks::TaskKind;
using Kind = optim::OptimizerKind;

TrainingParams small(TaskKind task, Kind optimizer, std::int64_t steps, int seeds = 2) {
    TrainingParams p;
    p.task = task;
    p.optimizer = optimizer;
    p.steps = steps;
    p.seeds = seeds;
    return p;
}

TrainingResult run(const TrainingParams &p) {
    TrainingResult r = computeTraining(p);
    EXPECT_EQ(r.termination, Termination::Completed) << r.message;
    return r;
}

TEST(TrainingResult, OccamKeysShapesAndMeans) {
    TrainingParams p = small(TaskKind::Occam, Kind::Sgd, 300, 3);
    p.logEvery = 50;
    const TrainingResult r = run(p);
    const nlohmann::json j = toJson(r);
    EXPECT_EQ(j["steps"], nlohmann::json({0, 50, 100, 150, 200, 250, 300}));
    for (const char *key : {"train_loss", "test_loss", "gradient_norm", "arc_length",
                            "dirichlet_energy", "grad_theta_sq", "inequality_lhs"}) {
        ASSERT_TRUE(j.contains(key)) << key;
        ASSERT_EQ(j[key]["per_seed"].size(), 3u) << key;
        ASSERT_EQ(j[key]["mean"].size(), 7u) << key;
        for (std::size_t i = 0; i < 7; ++i) {
            double sum = 0;
            for (int s = 0; s < 3; ++s)
                sum += j[key]["per_seed"][s][i].get<double>();
            EXPECT_NEAR(j[key]["mean"][i].get<double>(), sum / 3, 1e-12) << key << " " << i;
        }
    }
    EXPECT_FALSE(j.contains("accuracy")) << "occam classifies nothing";
    EXPECT_FALSE(j.contains("underflow_count")) << "sgd underflows nothing";
    EXPECT_FALSE(j.contains("elapsed_s"));
    EXPECT_FALSE(j.contains("wall_seconds")) << "timings stay out of result";
    // Training lowers the loss of every seed.
    for (int s = 0; s < 3; ++s)
        EXPECT_LT(j["train_loss"]["per_seed"][s].back().get<double>(),
                  j["train_loss"]["per_seed"][s].front().get<double>());
    ASSERT_EQ(j["curve"]["per_seed"].size(), 3u);
    EXPECT_EQ(j["curve"]["per_seed"][0]["data_x"].size(), 12u);
    EXPECT_EQ(j["effective_step"]["coordinates"].size(), 64u);
    EXPECT_EQ(j["steps_per_epoch"], 1.0);
    // The seeds are independent replicates: different data, different curves.
    EXPECT_NE(j["train_loss"]["per_seed"][0], j["train_loss"]["per_seed"][1]);
}

TEST(TrainingResult, EverySeriesSharesTheLoggedSteps) {
    TrainingParams p = small(TaskKind::Moons, Kind::Egdd, 45, 2);
    p.logEvery = 10;
    p.batchSize = 32;
    const TrainingResult r = run(p);
    EXPECT_EQ(r.curves.steps, (std::vector<std::int64_t>{0, 10, 20, 30, 40, 45}));
    for (const Series &s : r.curves.series)
        for (const auto &seed : s.perSeed)
            EXPECT_EQ(seed.size(), 6u) << s.group << "/" << s.key;
    const nlohmann::json j = toJson(r);
    for (const char *key : {"accuracy", "train_accuracy", "test_loss"})
        EXPECT_TRUE(j.contains(key)) << key;
    for (const char *tensor : {"W1", "b1", "W2", "b2", "W3", "b3"})
        EXPECT_TRUE(j["egdd_scale"].contains(tensor)) << tensor;
    EXPECT_EQ(j["surface"]["per_seed"].size(), 2u);
    EXPECT_EQ(j["steps_per_epoch"], 8.0);
    for (const auto &a : j["accuracy"]["per_seed"][0])
        EXPECT_TRUE(a.get<double>() >= 0 && a.get<double>() <= 1);
}

TEST(TrainingResult, SnapshotsChangeNoNumber) {
    // Published after every wave (an interval of 0): the waves start at one step and double, yet
    // the result is the one of a run that nobody watched, and the last snapshot shows it.
    TrainingParams p = small(TaskKind::Spirals, Kind::MetaLr, 200, 3);
    p.batchSize = 64;
    std::vector<TrainingSnapshot> snapshots;
    RunControl<TrainingSnapshot> watched;
    watched.progressIntervalSeconds = 0;
    watched.onProgress = [&](const TrainingSnapshot &s) { snapshots.push_back(s); };
    const TrainingResult a = computeTraining(p, watched);
    ASSERT_EQ(a.termination, Termination::Completed) << a.message;
    const TrainingResult b = run(p);
    EXPECT_EQ(toJson(a), toJson(b));
    ASSERT_GE(snapshots.size(), 3u);
    for (std::size_t i = 1; i < snapshots.size(); ++i) {
        EXPECT_GT(snapshots[i].stepsDone, snapshots[i - 1].stepsDone);
        EXPECT_GE(snapshots[i].curves.steps.size(), snapshots[i - 1].curves.steps.size());
        EXPECT_EQ(snapshots[i].pictures.size(), 3u);
        EXPECT_EQ(snapshots[i].stepsTotal, 200);
    }
    EXPECT_EQ(snapshots.back().stepsDone, 200);
    EXPECT_EQ(snapshots.back().curves.steps, a.curves.steps);
    EXPECT_EQ(snapshots.back().curves.find("train_loss")->perSeed,
              a.curves.find("train_loss")->perSeed);
    for (const auto &seed : a.curves.wallSeconds)
        EXPECT_TRUE(std::is_sorted(seed.begin(), seed.end()));
}

struct Config {
    TaskKind task;
    Kind optimizer;
    int batchSize;
};

class ThreadCounts : public ::testing::TestWithParam<Config> {};

TEST_P(ThreadCounts, GiveTheSameNumbersWatchedOrNot) {
    // Every task and optimizer, mini-batches included: 1, 2 and 3 threads, and 2 threads with a
    // snapshot after every wave (other wave boundaries), give the same result.
    TrainingParams p = small(GetParam().task, GetParam().optimizer, 120, 3);
    p.batchSize = GetParam().batchSize;
    p.shiftStep = 60;
    p.totalWeight = GetParam().optimizer == Kind::EgPm ? 2.5 : 0.0;
    p.lr =
        GetParam().task == TaskKind::Quadratic2d || GetParam().task == TaskKind::Nnls ? 0.01 : 0.05;
    p.threads = 1;
    const nlohmann::json one = toJson(run(p));
    for (int threads : {2, 3}) {
        p.threads = threads;
        EXPECT_EQ(toJson(run(p)), one) << threads << " threads";
    }
    p.threads = 2;
    RunControl<TrainingSnapshot> watched;
    watched.progressIntervalSeconds = 0;
    int snapshots = 0;
    watched.onProgress = [&](const TrainingSnapshot &) { ++snapshots; };
    const TrainingResult r = computeTraining(p, watched);
    ASSERT_EQ(r.termination, Termination::Completed) << r.message;
    EXPECT_EQ(toJson(r), one) << "watched";
    EXPECT_GT(snapshots, 1);
}

INSTANTIATE_TEST_SUITE_P(Configs, ThreadCounts,
                         ::testing::Values(Config{TaskKind::Moons, Kind::Egdd, 32},
                                           Config{TaskKind::Spirals, Kind::Adam, 64},
                                           Config{TaskKind::SparseRegression, Kind::EgPm, 0},
                                           Config{TaskKind::Nnls, Kind::Egu, 0},
                                           Config{TaskKind::Shift, Kind::Momentum, 16},
                                           Config{TaskKind::Digits, Kind::MetaLr, 128},
                                           Config{TaskKind::Quadratic2d, Kind::ReparamGd, 0},
                                           Config{TaskKind::Occam, Kind::Sgd, 0}));

TEST(TrainingResult, TheFanTracesTheSameCoordinatesInEverySeed) {
    TrainingParams p = small(TaskKind::Occam, Kind::Sgd, 20, 2);
    p.fanSize = 10;
    const TrainingResult r = run(p);
    const EffectiveStepFan &fan = r.curves.fan;
    ASSERT_EQ(fan.coordinates.size(), 10u);
    EXPECT_TRUE(std::is_sorted(fan.coordinates.begin(), fan.coordinates.end()));
    EXPECT_EQ(std::adjacent_find(fan.coordinates.begin(), fan.coordinates.end()),
              fan.coordinates.end());
    ASSERT_EQ(fan.perSeed.size(), 2u);
    for (const auto &seed : fan.perSeed)
        for (const auto &trace : seed)
            for (float v : trace)
                EXPECT_FLOAT_EQ(v, 0.1f); // SGD's effective step is η everywhere
    const auto task = tasks::makeTask(taskSettings(p), 0);
    ASSERT_EQ(fan.labels.size(), 10u);
    for (std::size_t k = 0; k < 10; ++k)
        EXPECT_EQ(fan.labels[k], task->layout().label(fan.coordinates[k]));
    // Another seed samples other coordinates.
    p.seed = 2;
    EXPECT_NE(run(p).curves.fan.coordinates, fan.coordinates);
    // A task with fewer parameters than the fan traces them all: the quadratic's three, whose
    // meta-lr steps are η ν_i.
    TrainingParams q = small(TaskKind::Quadratic, Kind::MetaLr, 100, 1);
    q.lr = 1e-3;
    const TrainingResult m = run(q);
    ASSERT_EQ(m.curves.fan.coordinates, (std::vector<Eigen::Index>{0, 1, 2}));
    EXPECT_EQ(m.curves.fan.labels, (std::vector<std::string>{"theta[0]", "theta[1]", "theta[2]"}));
    EXPECT_FLOAT_EQ(m.curves.fan.perSeed[0][0].front(), 1e-3f);
    EXPECT_GT(m.curves.fan.perSeed[0][0].back(), 1e-3f) << "ν grows on the slow coordinate";
    ASSERT_EQ(m.curves.path.size(), 1u);
    EXPECT_EQ(m.curves.path[0].front(), (std::vector<double>{1, 1, 1}));
}

TEST(TrainingResult, EgUnderflowIsCountedNotHidden) {
    // §2.5's 2-D quadratic with EGU at η = 0.2: θ₂'s optimum −0.5 lies outside the orthant, so
    // θ₂ ← θ₂ e^{−η·10(θ₂+0.5)} shrinks by at least e^{−1} a step, through float's subnormals,
    // until a product below half the least subnormal rounds to exactly 0: one underflow, for good.
    TrainingParams p = small(TaskKind::Quadratic2d, Kind::Egu, 500, 1);
    p.lr = 0.2;
    p.logEvery = 1;
    const TrainingResult r = run(p);
    const Series *count = r.curves.find("underflow_count");
    ASSERT_NE(count, nullptr);
    const auto &c = count->perSeed[0];
    EXPECT_EQ(c.front(), 0.0);
    ASSERT_EQ(c.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(c.begin(), c.end()));
    const auto &path = r.curves.path[0];
    const auto first = std::size_t(std::find(c.begin(), c.end(), 1.0) - c.begin());
    ASSERT_GT(first, 0u);
    EXPECT_EQ(path[first][1], 0.0);
    const double before = path[first - 1][1];
    EXPECT_GT(before, 0.0);
    EXPECT_LT(before * std::exp(-0.2 * 10 * 0.5), std::numeric_limits<float>::denorm_min());
    for (std::size_t t = first; t < path.size(); ++t)
        ASSERT_EQ(path[t][1], 0.0) << "0 is absorbing";
    EXPECT_NEAR(path.back()[0], 1.0, 1e-5);
    const nlohmann::json j = toJson(r);
    EXPECT_EQ(j["underflow_count"]["mean"].back(), 1.0);
    EXPECT_TRUE(j.contains("contour"));
    EXPECT_EQ(j["contour"]["references"]["egd"]["x"].size(), 501u);
}

TEST(TrainingResult, AtSection2_5sRateTheWeightStopsAmongTheSubnormals) {
    // At §2.5's η = 0.05 the factor f = e^{−0.25} is above ½: deep in the subnormals, where θ₂ is
    // k times the least subnormal d, the product k·f·d rounds back to k·d once k(1 − f) < ½, i.e.
    // k ≤ 2. θ₂ never reaches 0 (no underflow is counted) but stops there, at 2d.
    TrainingParams p = small(TaskKind::Quadratic2d, Kind::Egu, 500, 1);
    p.lr = 0.05;
    const TrainingResult r = run(p);
    EXPECT_EQ(r.curves.find("underflow_count")->perSeed[0].back(), 0.0);
    const double k = std::floor(0.5 / (1 - std::exp(-0.25)));
    ASSERT_EQ(k, 2.0);
    EXPECT_EQ(r.curves.path[0].back()[1], k * double(std::numeric_limits<float>::denorm_min()));
}

TEST(TrainingResult, DivergenceIsFailedAtItsStep) {
    TrainingParams p = small(TaskKind::Quadratic, Kind::Sgd, 2000, 2);
    p.logEvery = 1;
    p.lr = 0.03; // 1 − η·100 = −2: the stiff coordinate doubles in size every step
    const TrainingResult r = computeTraining(p);
    EXPECT_EQ(r.termination, Termination::Failed);
    // |θ₃| ≈ 2^t: its gradient 100·θ₃ overflows float at t = 122 (2^122 > FLT_MAX / 100), which
    // makes θ₃ infinite in that step's update, so the loss at step 123 is the first not finite.
    EXPECT_NE(r.message.find("diverged at step 123"), std::string::npos) << r.message;
    EXPECT_EQ(r.stepsDone, 123);
    EXPECT_EQ(r.curves.find("train_loss")->perSeed[0].size(), 123u) << "every step up to it";
    const JsonRun json = explorer().info().computeJson(explorer().table().write(p), {});
    EXPECT_EQ(json.termination, Termination::Failed);
    EXPECT_TRUE(json.result.is_null()) << "no NaN curves";
}

TEST(TrainingChecks, RefuseWhatCannotRun) {
    const auto refused = [](TrainingParams p, const std::string &words) {
        const TrainingResult r = computeTraining(p);
        EXPECT_EQ(r.termination, Termination::InvalidInput) << words;
        EXPECT_NE(r.message.find(words), std::string::npos) << r.message;
    };
    refused(small(TaskKind::Occam, Kind::Egu, 10), "parameter 'optimizer'");
    refused(small(TaskKind::SparseRegression, Kind::ReparamGd, 10), "use 'eg-pm'");
    TrainingParams shift = small(TaskKind::Shift, Kind::Momentum, 3000);
    refused(shift, "parameter 'shift-step'");
    TrainingParams sparse = small(TaskKind::SparseRegression, Kind::Sgd, 10);
    sparse.dimension = 5;
    sparse.relevant = 6;
    refused(sparse, "parameter 'relevant'");
    TrainingParams egdd = small(TaskKind::Moons, Kind::Egdd, 10);
    egdd.initialGain = 1000;
    refused(egdd, "parameter 'initial-gain'");
    TrainingParams digits = small(TaskKind::Digits, Kind::Sgd, 10);
    digits.data = "/no/such/digits.csv";
    refused(digits, "parameter 'data'");
    TrainingParams huge = small(TaskKind::Quadratic, Kind::Sgd, 1000000, 64);
    huge.logEvery = 1;
    refused(huge, "parameter 'log-every'");
    TrainingParams lr = small(TaskKind::Quadratic, Kind::Sgd, 10);
    lr.lr = 0;
    refused(lr, "parameter 'lr'");
}

TEST(TrainingResult, DigitsTrains) {
    TrainingParams p = small(TaskKind::Digits, Kind::Adam, 60, 1);
    p.lr = 1e-2;
    p.batchSize = 64;
    const TrainingResult r = run(p);
    const Series *accuracy = r.curves.find("accuracy");
    ASSERT_NE(accuracy, nullptr);
    EXPECT_LT(accuracy->perSeed[0].front(), 0.3);
    EXPECT_GT(accuracy->perSeed[0].back(), 0.8) << "60 Adam steps learn the digits";
    EXPECT_NEAR(r.stepsPerEpoch, std::floor((1797 - 359) / 64.0), 1e-12);
}

} // namespace
