// SPDX-License-Identifier: MIT
// The contract every registered explorer keeps, checked once over the registry instead of a copy
// per explorer: valid defaults read from the Params struct, bindings that lose nothing, a stop
// request that ends the run as Cancelled, and the same numbers for the same seed whatever the
// thread count.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/param_table.h"
#include "registry.h"
#include "support/quick_sizes.h"

using namespace dimscope;

namespace {

class ExplorerContract : public ::testing::TestWithParam<std::string> {
protected:
    const ExplorerInfo &explorer() const { return registeredExplorer(GetParam()); }
    ParamSet defaults() const { return ParamSet(explorer().specs()); }
    ParamSet quick() const;

    /// The run's result; fails the test unless it completed.
    nlohmann::json resultOf(const ParamSet &values) const {
        const JsonRun run = explorer().computeJson(values, {});
        EXPECT_EQ(run.termination, Termination::Completed) << run.message;
        return run.result;
    }
};

std::vector<std::string> explorerNames() {
    std::vector<std::string> names;
    for (const auto &e : explorers())
        names.push_back(e.name);
    return names;
}

/// Every value a parameter can be set to that a test should try: both ends and a middle of a
/// range, every choice, both flags. Text keeps its default (its forms are explorer-specific).
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

} // namespace

ParamSet ExplorerContract::quick() const {
    std::vector<std::string> unknown;
    ParamSet values = dimscope::test_support::quickParams(explorer(), unknown);
    EXPECT_TRUE(unknown.empty()) << unknown.front(); // a renamed parameter
    const auto problem = explorer().validate(values);
    EXPECT_FALSE(problem) << *problem;
    return values;
}

TEST(ExplorerRegistry, NamesAreUniqueAndFindable) {
    const auto names = explorerNames();
    ASSERT_FALSE(names.empty());
    for (const auto &name : names) {
        EXPECT_TRUE(isKebabCase(name)) << name;
        EXPECT_EQ(&registeredExplorer(name), findExplorer(name));
        EXPECT_EQ(std::count(names.begin(), names.end(), name), 1) << name;
    }
    EXPECT_EQ(findExplorer("no-such-explorer"), nullptr);
    EXPECT_THROW(registeredExplorer("no-such-explorer"), std::logic_error);
}

TEST_P(ExplorerContract, DescribesItselfAndEveryParameter) {
    const ExplorerInfo &e = explorer();
    EXPECT_FALSE(e.title.empty());
    EXPECT_FALSE(e.summary.empty());
    for (const ParamSpec &s : e.specs()) {
        EXPECT_TRUE(isKebabCase(s.name)) << s.name;
        EXPECT_FALSE(s.label.empty()) << s.name;
        EXPECT_FALSE(s.help.empty()) << s.name;
        if (s.type == dimscope::ParamType::Integer) {
            EXPECT_LE(s.intMin, s.intMax) << s.name;
        } else if (s.type == dimscope::ParamType::Real) {
            EXPECT_LE(s.realMin, s.realMax) << s.name;
        }
        if (s.name == "seed") { // explorers that draw no random numbers have none
            EXPECT_EQ(s.intMin, 0);
            EXPECT_EQ(s.intMax, kMaxSeed); // the same largest seed in every explorer
        }
    }
}

TEST_P(ExplorerContract, DefaultsAreValid) {
    const auto problem = explorer().validate(defaults());
    EXPECT_FALSE(problem) << *problem;
}

TEST_P(ExplorerContract, SpecDefaultsAreTheStructDefaults) {
    EXPECT_EQ(explorer().structDefaults(), defaults());
    // And every default lies in its range (a ParamSet built from the specs holds them unchecked).
    for (const ParamSpec &s : explorer().specs()) {
        ParamValue stored;
        EXPECT_FALSE(s.accept(s.defaultValue(), stored)) << s.name;
    }
}

TEST_P(ExplorerContract, EveryValueSurvivesTheBindingToParams) {
    // ParamSet → Params → ParamSet is the identity: no member narrows a value, no choice maps
    // to another, at both ends of every range.
    for (const ParamSpec &s : explorer().specs())
        for (const ParamValue &v : probeValues(s)) {
            ParamSet values = defaults();
            ASSERT_FALSE(values.set(s.name, v)) << s.name;
            EXPECT_EQ(explorer().roundTrip(values), values)
                << s.name << " = " << values.valueText(s.name);
        }
}

TEST_P(ExplorerContract, AStopRequestEndsTheRunAsCancelled) {
    const JsonRun stopped = explorer().computeJson(defaults(), [] { return true; });
    EXPECT_EQ(stopped.termination, Termination::Cancelled) << stopped.message;
    // Stopped after it began: the first poll says go on, every later one says stop.
    std::atomic<int> polls{0};
    const JsonRun late = explorer().computeJson(defaults(), [&polls] { return polls++ > 0; });
    EXPECT_EQ(late.termination, Termination::Cancelled) << late.message;
    EXPECT_TRUE(late.result.is_null()) << "a cancelled run has no result";
}

TEST_P(ExplorerContract, ProgressNotesClimbFromZeroToOneAndSayWhatIsDone) {
    // What the command line shows: shares in [0, 1] that never go back, each with words. An
    // explorer that reports progress says something during a run (of the quick sizes).
    std::vector<ProgressNote> notes;
    ParamSet values = quick();
    // Loss scaling's default trains nothing (train-steps 0), and its training is what it reports.
    if (values.spec("train-steps")) {
        ASSERT_FALSE(values.set("train-steps", std::int64_t(200)));
    }
    // Every 10 ms, as a terminal would be told ten times less often. At 0 s, every step's snapshot
    // is built, and a snapshot holds the curves so far: training's default run took minutes under
    // ASan. A run too short for one interval is repeated at 0 s, where every poll reports.
    const auto collect = [&](double interval) {
        notes.clear();
        const JsonRun run = explorer().computeJson(
            values, {}, [&notes](const ProgressNote &note) { notes.push_back(note); }, interval);
        EXPECT_EQ(run.termination, Termination::Completed) << run.message;
    };
    collect(0.01);
    if (!explorer().reportsProgress) {
        EXPECT_TRUE(notes.empty());
        return;
    }
    if (notes.empty())
        collect(0.0);
    ASSERT_FALSE(notes.empty()) << "no progress during the run";
    double previous = 0;
    for (const ProgressNote &note : notes) {
        EXPECT_GE(note.fraction, previous) << note.stage;
        EXPECT_LE(note.fraction, 1.0) << note.stage;
        EXPECT_FALSE(note.stage.empty());
        previous = note.fraction;
    }
}

TEST_P(ExplorerContract, SameSeedSameResultWhateverTheThreadCount) {
    ParamSet one = quick(), three = quick(), again = quick(), other = quick();
    const bool threaded = one.spec("threads") != nullptr;
    if (threaded) {
        ASSERT_FALSE(one.set("threads", std::int64_t(1)));
        ASSERT_FALSE(three.set("threads", std::int64_t(3)));
    }
    const nlohmann::json first = resultOf(one);
    EXPECT_EQ(resultOf(three), first) << "threads 1 and 3 disagree";
    EXPECT_EQ(resultOf(again), first) << "the same seed twice disagrees";
    if (other.spec("seed")) { // an explorer with a seed must read it
        ASSERT_FALSE(other.set("seed", std::int64_t(2)));
        EXPECT_NE(resultOf(other), first) << "seed 2 gives the numbers of seed 1: is it read?";
    }
}

INSTANTIATE_TEST_SUITE_P(Registered, ExplorerContract, ::testing::ValuesIn(explorerNames()),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                             std::string name = info.param;
                             for (char &c : name)
                                 if (c == '-')
                                     c = '_';
                             return name;
                         });
