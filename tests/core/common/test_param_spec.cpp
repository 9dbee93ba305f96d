// SPDX-License-Identifier: MIT
// ParamSpec / ParamSet: defaults, parsing per type, range errors naming the parameter, JSON round
// trip.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/param_spec.h"

using namespace dimscope;

namespace {
const std::vector<ParamSpec> &specs() {
    static const std::vector<ParamSpec> s = {
        ParamSpec::integer("dimension", "Dimension", "n", 100, 2, 100000),
        ParamSpec::real("mu", "Shift", "mean", 1.0, -10.0, 10.0),
        ParamSpec::choice("units", "Units", "angle units", {"degrees", "radians"}, "degrees"),
        ParamSpec::flag("center", "Centre", "subtract the mean", false),
        ParamSpec::text("file", "File", "a path"),
    };
    return s;
}
bool mentions(const std::optional<std::string> &error, const std::string &word) {
    return error && error->find(word) != std::string::npos;
}
} // namespace

TEST(ParamSpec, DefaultsAndAllowedText) {
    const ParamSet set(specs());
    EXPECT_EQ(set.integer("dimension"), 100);
    EXPECT_EQ(set.real("mu"), 1.0);
    EXPECT_EQ(set.text("units"), "degrees");
    EXPECT_FALSE(set.flag("center"));
    EXPECT_EQ(set.text("file"), "");
    EXPECT_EQ(specs()[0].allowedText(), "an integer in 2…100000");
    EXPECT_EQ(specs()[2].allowedText(), "one of degrees, radians");
    EXPECT_EQ(std::string(specs()[3].typeName()), "flag");
    EXPECT_THROW(set.value("nope"), std::out_of_range);
}

TEST(ParamSpec, ParsesGoodValuesOfEveryType) {
    ParamSet set(specs());
    EXPECT_FALSE(set.parse("dimension", "1000"));
    EXPECT_EQ(set.integer("dimension"), 1000);
    EXPECT_FALSE(set.parse("dimension", "1e4")); // scripts write 1e6
    EXPECT_EQ(set.integer("dimension"), 10000);
    EXPECT_FALSE(set.parse("mu", "-2.5"));
    EXPECT_EQ(set.real("mu"), -2.5);
    EXPECT_FALSE(set.parse("units", "radians"));
    EXPECT_EQ(set.text("units"), "radians");
    for (const char *t : {"true", "YES", "1", "on"}) {
        EXPECT_FALSE(set.parse("center", t)) << t;
        EXPECT_TRUE(set.flag("center"));
    }
    EXPECT_FALSE(set.parse("center", "off"));
    EXPECT_FALSE(set.flag("center"));
    EXPECT_FALSE(set.parse("file", "/tmp/x.csv"));
    EXPECT_EQ(set.valueText("file"), "/tmp/x.csv");
}

TEST(ParamSpec, RefusesBadValuesNamingTheParameterAndLeavesTheSetUnchanged) {
    ParamSet set(specs());
    const ParamSet before = set;
    EXPECT_TRUE(mentions(set.parse("dimension", "1"), "dimension"));
    EXPECT_TRUE(mentions(set.parse("dimension", "1"), "2…100000"));
    EXPECT_TRUE(mentions(set.parse("dimension", "2.5"), "dimension"));
    EXPECT_TRUE(mentions(set.parse("dimension", "1e9"), "dimension"));
    EXPECT_TRUE(mentions(set.parse("dimension", "ten"), "'ten'"));
    EXPECT_TRUE(mentions(set.parse("dimension", ""), "dimension"));
    EXPECT_TRUE(mentions(set.parse("mu", "11"), "mu"));
    EXPECT_TRUE(mentions(set.parse("mu", "nan"), "mu"));
    EXPECT_TRUE(mentions(set.parse("mu", "1x"), "mu"));
    EXPECT_TRUE(mentions(set.parse("units", "gradians"), "units"));
    EXPECT_TRUE(mentions(set.parse("center", "maybe"), "center"));
    EXPECT_TRUE(mentions(set.parse("bogus", "1"), "bogus"));
    EXPECT_TRUE(mentions(set.set("mu", std::string("one")), "mu"));
    EXPECT_TRUE(mentions(set.set("center", std::int64_t(1)), "center"));
    EXPECT_EQ(set, before);
}

TEST(ParamSpec, JsonRoundTrip) {
    ParamSet set(specs());
    ASSERT_FALSE(set.parse("dimension", "512"));
    ASSERT_FALSE(set.parse("mu", "0.25"));
    ASSERT_FALSE(set.parse("units", "radians"));
    ASSERT_FALSE(set.parse("center", "true"));
    const nlohmann::json j = set.toJson();
    EXPECT_EQ(j["dimension"], 512);
    EXPECT_EQ(j["center"], true);
    ParamSet copy(specs());
    EXPECT_NE(copy, set);
    ASSERT_FALSE(copy.fromJson(j));
    EXPECT_EQ(copy, set);
    // Bad JSON is refused as a whole, naming the key.
    EXPECT_TRUE(mentions(copy.fromJson({{"mu", 0.5}, {"dimension", 1}}), "dimension"));
    EXPECT_EQ(copy.real("mu"), 0.25);
    EXPECT_TRUE(mentions(copy.fromJson({{"unknown", 1}}), "unknown"));
    EXPECT_TRUE(mentions(copy.fromJson({{"mu", nlohmann::json::array()}}), "mu"));
    EXPECT_TRUE(copy.fromJson(nlohmann::json::array()).has_value());
}

TEST(ParamSpec, PathsBecomeAbsoluteSoSavedParametersWorkFromAnyDirectory) {
    static const std::vector<ParamSpec> specs = {ParamSpec::path("model", "Model", "a folder"),
                                                 ParamSpec::text("note", "Note", "free text")};
    ParamSet set(specs);
    ASSERT_FALSE(set.parse("model", "runs/../models/net").has_value());
    const std::string expected = (std::filesystem::current_path() / "models/net").string();
    EXPECT_EQ(set.text("model"), expected);
    ASSERT_FALSE(set.parse("note", "runs/x").has_value());
    EXPECT_EQ(set.text("note"), "runs/x"); // plain text is kept as typed
    ASSERT_FALSE(set.parse("model", "").has_value());
    EXPECT_EQ(set.text("model"), ""); // empty means none
    ASSERT_FALSE(set.fromJson(nlohmann::json{{"model", "/data/./m"}}).has_value());
    EXPECT_EQ(set.text("model"), "/data/m");
}
