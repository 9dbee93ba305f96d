// SPDX-License-Identifier: MIT
// The command-line contract of every registered explorer, run through the real binary: values
// just outside each range, NaN and unknown choices exit 2 with a message naming the parameter, and
// `dimscope list --json` keeps its shape so that tools can read every range from it.
#include <limits>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_test_support.h"
#include "common/param_spec.h"
#include "registry.h"

using namespace dimscope;
using dimscope::testing::ProcessRun;
using dimscope::testing::runDimscope;

namespace {

/// Values `compute` must refuse for this parameter, as command-line text.
std::vector<std::string> refusedValues(const ParamSpec &s) {
    switch (s.type) {
    case ParamType::Integer: return {std::to_string(s.intMin - 1), std::to_string(s.intMax + 1)};
    case ParamType::Real:
        return {formatReal(s.realMin - std::max(1.0, std::abs(s.realMin))),
                formatReal(s.realMax + std::max(1.0, std::abs(s.realMax))), "nan"};
    case ParamType::Choice: return {"no-such-choice"};
    case ParamType::Flag: return {"maybe"};
    case ParamType::Text: return {};
    }
    return {};
}

std::set<std::string> keysOf(const nlohmann::json &object) {
    std::set<std::string> keys;
    for (const auto &[key, value] : object.items())
        keys.insert(key);
    return keys;
}

} // namespace

TEST(CliContract, ValuesOutsideTheRangeExitTwoNamingTheParameter) {
    int refused = 0;
    for (const ExplorerInfo &e : explorers())
        for (const ParamSpec &s : e.specs())
            for (const std::string &value : refusedValues(s)) {
                const ProcessRun r = runDimscope({"compute", QString::fromStdString(e.name),
                                                  QString::fromStdString("--" + s.name),
                                                  QString::fromStdString(value)});
                SCOPED_TRACE(e.name + " --" + s.name + " " + value);
                EXPECT_EQ(r.exitCode, 2) << r.err;
                EXPECT_NE(r.err.find("'" + s.name + "'"), std::string::npos) << r.err;
                EXPECT_TRUE(r.out.empty()) << "no result may be written";
                ++refused;
            }
    EXPECT_GT(refused, 50);
}

TEST(CliContract, ListJsonKeepsItsShapeAndEveryRange) {
    const ProcessRun r = runDimscope({"list", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    ASSERT_TRUE(doc.is_array());
    ASSERT_EQ(doc.size(), explorers().size());
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const nlohmann::json &e = doc[i];
        const ExplorerInfo &info = explorers()[i];
        EXPECT_EQ(keysOf(e), (std::set<std::string>{"name", "title", "summary", "params"}));
        EXPECT_EQ(e["name"], info.name);
        ASSERT_EQ(e["params"].size(), info.specs().size()) << info.name;
        for (std::size_t k = 0; k < info.specs().size(); ++k) {
            const ParamSpec &s = info.specs()[k];
            const nlohmann::json &p = e["params"][k];
            std::set<std::string> expected = {"name", "label", "type", "help", "default"};
            if (s.type == ParamType::Integer || s.type == ParamType::Real)
                expected.insert({"min", "max"});
            if (s.type == ParamType::Choice)
                expected.insert("choices");
            EXPECT_EQ(keysOf(p), expected) << info.name << " " << s.name;
            EXPECT_EQ(p["name"], s.name);
            EXPECT_EQ(p["type"], s.typeName());
            if (s.type == ParamType::Integer) {
                EXPECT_EQ(p["min"], s.intMin);
                EXPECT_EQ(p["max"], s.intMax);
                EXPECT_EQ(p["default"], s.intDefault);
            } else if (s.type == ParamType::Real) {
                EXPECT_EQ(p["min"], s.realMin);
                EXPECT_EQ(p["max"], s.realMax);
            } else if (s.type == ParamType::Choice) {
                EXPECT_EQ(p["choices"], s.choices);
                EXPECT_EQ(p["default"], s.choiceDefault);
            }
        }
    }
}
