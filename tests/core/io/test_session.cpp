// SPDX-License-Identifier: MIT
// Sessions (issue 12): what is saved opens again with identical parameters, for every registered
// explorer; a session from a newer dimscope, a truncated or hand-edited file, unknown explorers
// or parameters, and missing keys are refused with a message naming the file and the place, and
// nothing is loaded half-way.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "io/session.h"
#include "registry.h"
#include "temp_dir.h"

using namespace dimscope;
using dimscope::testing::TempDir;

namespace {

/// Every registered explorer, its seed moved off the default so the round trip is not trivial.
Session everyExplorer() {
    Session session;
    for (const ExplorerInfo &explorer : explorers()) {
        SessionExplorer state{ParamSet(explorer.specs()), {{"log_y", true}}};
        if (state.params.spec("seed")) {
            EXPECT_FALSE(state.params.parse("seed", "4242"));
        }
        session.explorers.emplace(explorer.name, std::move(state));
    }
    session.current = explorers().back().name;
    return session;
}

std::string refusal(const std::string &text) {
    TempDir dir;
    Session loaded = everyExplorer();
    const nlohmann::json before = sessionToJson(loaded);
    const auto error = readSession(dir.write("s.json", text), loaded);
    EXPECT_EQ(sessionToJson(loaded), before) << "a refused session changed what was loaded";
    return error.value_or("");
}

} // namespace

TEST(Session, RoundTripsEveryExplorerExactly) {
    TempDir dir;
    const Session saved = everyExplorer();
    const std::string text = sessionToJson(saved).dump(2);
    Session loaded;
    ASSERT_FALSE(readSession(dir.write("s.json", text), loaded));
    EXPECT_EQ(loaded.current, saved.current);
    ASSERT_EQ(loaded.explorers.size(), explorers().size());
    for (const auto &[name, state] : saved.explorers) {
        EXPECT_EQ(loaded.explorers.at(name).params.toJson(), state.params.toJson()) << name;
        EXPECT_EQ(loaded.explorers.at(name).view, state.view) << name;
    }
    EXPECT_EQ(sessionToJson(loaded).dump(2), text);
}

TEST(Session, MissingParametersTakeTheirDefaults) {
    TempDir dir;
    Session loaded;
    ASSERT_FALSE(readSession(dir.write("s.json", R"({"format": "dimscope-session", "version": 1,
        "current": "angles", "explorers": {"angles": {"params": {"dimension": 7}}}})"),
                             loaded));
    const ParamSet &angles = loaded.explorers.at("angles").params;
    EXPECT_EQ(angles.integer("dimension"), 7);
    EXPECT_EQ(angles.toJson()["pairs"],
              ParamSet(registeredExplorer("angles").specs()).toJson()["pairs"]);
}

TEST(Session, RefusesWhatItCannotReadWholly) {
    const std::string good = sessionToJson(everyExplorer()).dump();
    EXPECT_NE(refusal(good.substr(0, good.size() / 2)).find("not valid JSON"), std::string::npos);
    EXPECT_NE(refusal(R"({"explorer": "angles", "params": {}})").find("not a dimscope session"),
              std::string::npos);
    const std::string future = refusal(R"({"format": "dimscope-session", "version": 2,
        "current": "angles", "explorers": {"angles": {"params": {}}}})");
    EXPECT_NE(future.find("newer dimscope"), std::string::npos) << future;
    EXPECT_NE(refusal(R"({"format": "dimscope-session", "version": 1, "current": "angles",
        "explorers": {"nosuch": {"params": {}}}})")
                  .find("unknown explorer"),
              std::string::npos);
    const std::string badValue = refusal(R"({"format": "dimscope-session", "version": 1,
        "current": "angles", "explorers": {"ball": {"params": {}},
        "angles": {"params": {"dimension": -3}}}})");
    EXPECT_NE(badValue.find("explorer 'angles'"), std::string::npos) << badValue;
    EXPECT_NE(badValue.find("dimension"), std::string::npos) << badValue;
    EXPECT_NE(refusal(R"({"format": "dimscope-session", "version": 1, "current": "ball",
        "explorers": {"angles": {"params": {}}}})")
                  .find("\"current\""),
              std::string::npos);
    EXPECT_NE(refusal(R"({"format": "dimscope-session", "version": 1,
        "explorers": {"angles": {"params": {}}}})")
                  .find("\"current\""),
              std::string::npos);
    EXPECT_NE(refusal(R"({"format": "dimscope-session", "current": "angles",
        "explorers": {"angles": {"params": {}}}})")
                  .find("\"version\""),
              std::string::npos);
    EXPECT_NE(refusal(R"({"format": "dimscope-session", "version": 1, "current": "angles",
        "explorers": {"angles": {"params": {}, "view": 3}}})")
                  .find("\"view\""),
              std::string::npos);
}

TEST(Session, RefusesFoldersNamingThem) {
    TempDir dir;
    Session loaded;
    const auto error = readSession(dir.path.string(), loaded);
    ASSERT_TRUE(error);
    EXPECT_NE(error->find(dir.path.string()), std::string::npos) << *error;
}
