// SPDX-License-Identifier: MIT
// The explorer contract (tests/core/contract) held against the training explorer directly: its
// record is complete but not in the registry until its view exists (a contract test there demands
// a view for every registered explorer). Valid defaults read from TrainingParams, bindings that
// lose nothing, a stop request that ends the run as Cancelled, and the same numbers for the same
// seed whatever the thread count.
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>

#include <nlohmann/json.hpp>

#include "training/training.h"

namespace {

using namespace dimscope;

const ExplorerInfo &info() {
    static const ExplorerInfo i = training::explorer().info();
    return i;
}

ParamSet defaults() { return ParamSet(info().specs()); }

nlohmann::json resultOf(const ParamSet &values) {
    const JsonRun run = info().computeJson(values, {});
    EXPECT_EQ(run.termination, Termination::Completed) << run.message;
    return run.result;
}

std::vector<ParamValue> probeValues(const ParamSpec &s) {
    switch (s.type) {
    case ParamType::Integer: return {s.intMin, s.intMax, s.intMin + (s.intMax - s.intMin) / 3};
    case ParamType::Real: return {s.realMin, s.realMax, s.realMin + (s.realMax - s.realMin) / 3};
    case ParamType::Choice: return {s.choices.begin(), s.choices.end()};
    case ParamType::Flag: return {true, false};
    case ParamType::Text: return {s.textDefault};
    }
    return {};
}

bool isKebabCase(const std::string &name) {
    if (name.empty() || name.front() == '-' || name.back() == '-')
        return false;
    for (char c : name)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
            return false;
    return true;
}

TEST(TrainingContract, DescribesItselfAndEveryParameter) {
    EXPECT_EQ(info().name, "training");
    EXPECT_FALSE(info().title.empty());
    EXPECT_FALSE(info().summary.empty());
    bool hasSeed = false;
    for (const ParamSpec &s : info().specs()) {
        EXPECT_TRUE(isKebabCase(s.name)) << s.name;
        EXPECT_FALSE(s.label.empty()) << s.name;
        EXPECT_FALSE(s.help.empty()) << s.name;
        if (s.name == "seed") {
            hasSeed = true;
            EXPECT_EQ(s.intMax, kMaxSeed);
        }
    }
    EXPECT_TRUE(hasSeed);
    // The command line: --task T --optimizer O --lr … --steps … --seeds R --seed S
    // --init-scale --total-weight.
    for (const char *name : {"task", "optimizer", "lr", "steps", "seeds", "seed", "init-scale",
                             "total-weight", "threads"})
        EXPECT_NE(defaults().spec(name), nullptr) << name;
}

TEST(TrainingContract, DefaultsAreValid) {
    const auto problem = info().validate(defaults());
    EXPECT_FALSE(problem) << *problem;
}

TEST(TrainingContract, SpecDefaultsAreTheStructDefaults) {
    EXPECT_EQ(info().structDefaults(), defaults());
    for (const ParamSpec &s : info().specs()) {
        ParamValue stored;
        EXPECT_FALSE(s.accept(s.defaultValue(), stored)) << s.name;
    }
}

TEST(TrainingContract, EveryValueSurvivesTheBindingToParams) {
    for (const ParamSpec &s : info().specs())
        for (const ParamValue &v : probeValues(s)) {
            ParamSet values = defaults();
            ASSERT_FALSE(values.set(s.name, v)) << s.name;
            EXPECT_EQ(info().roundTrip(values), values)
                << s.name << " = " << values.valueText(s.name);
        }
}

TEST(TrainingContract, AStopRequestEndsTheRunAsCancelled) {
    const JsonRun stopped = info().computeJson(defaults(), [] { return true; });
    EXPECT_EQ(stopped.termination, Termination::Cancelled) << stopped.message;
    std::atomic<int> polls{0};
    const JsonRun late = info().computeJson(defaults(), [&polls] { return polls++ > 0; });
    EXPECT_EQ(late.termination, Termination::Cancelled) << late.message;
    EXPECT_TRUE(late.result.is_null()) << "a cancelled run has no result";
    // Stopped in the middle of training: a few thousand polls in.
    std::atomic<int> many{0};
    const JsonRun middle = info().computeJson(defaults(), [&many] { return many++ > 3000; });
    EXPECT_EQ(middle.termination, Termination::Cancelled) << middle.message;
    EXPECT_NE(middle.message.find("cancelled at step"), std::string::npos) << middle.message;
}

TEST(TrainingContract, SameSeedSameResultWhateverTheThreadCount) {
    ParamSet one = defaults(), three = defaults(), again = defaults(), other = defaults();
    ASSERT_FALSE(one.set("threads", std::int64_t(1)));
    ASSERT_FALSE(three.set("threads", std::int64_t(3)));
    ASSERT_FALSE(other.set("seed", std::int64_t(2)));
    const nlohmann::json first = resultOf(one);
    EXPECT_EQ(resultOf(three), first) << "threads 1 and 3 disagree";
    EXPECT_EQ(resultOf(again), first) << "the same seed twice disagrees";
    EXPECT_NE(resultOf(other), first) << "seed 2 gives the numbers of seed 1: is the seed read?";
}

} // namespace
