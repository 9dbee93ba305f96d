// SPDX-License-Identifier: MIT
#include "io/session.h"

#include "common/excerpt.h"
#include "io/param_file.h"
#include "io/user_file.h"
#include "registry.h"

namespace dimscope {

nlohmann::json sessionToJson(const Session &session) {
    nlohmann::json explorersJson = nlohmann::json::object();
    for (const auto &[name, state] : session.explorers)
        explorersJson[name] = {{"params", state.params.toJson()}, {"view", state.view}};
    return {{"format", kSessionFormat},
            {"version", kSessionVersion},
            {"dimscope", DIMSCOPE_VERSION},
            {"current", session.current},
            {"explorers", explorersJson}};
}

std::optional<std::string> readSession(const std::string &path, Session &out) {
    std::string text;
    try {
        text = readUserFile(path, kMaxParamFileBytes, "a dimscope session (JSON)", "sessions");
    } catch (const DataFileError &e) {
        return std::string(e.what());
    }
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded())
        return "'" + path + "' is not valid JSON (a truncated or damaged session?)";
    return sessionFromJson(doc, path, out);
}

std::optional<std::string> sessionFromJson(const nlohmann::json &doc, const std::string &path,
                                           Session &out) {
    const std::string in = "'" + path + "'";
    if (!doc.is_object() || !doc.contains("format") || doc["format"] != kSessionFormat)
        return in + " is not a dimscope session (no \"format\": \"" + kSessionFormat + "\")";
    if (!doc.contains("version") || !doc["version"].is_number_integer())
        return in + ": \"version\" must be a whole number";
    const auto version = doc["version"].get<std::int64_t>();
    if (version > kSessionVersion)
        return in + " is a session of version " + std::to_string(version) +
               ", written by a newer dimscope; this one (" + DIMSCOPE_VERSION +
               ") reads versions up to " + std::to_string(kSessionVersion);
    if (version < 1)
        return in + ": \"version\" " + std::to_string(version) + " is not a session version";
    if (!doc.contains("explorers") || !doc["explorers"].is_object() || doc["explorers"].empty())
        return in + ": \"explorers\" must be an object with the state of at least one explorer";
    Session session;
    for (const auto &[name, state] : doc["explorers"].items()) {
        const ExplorerInfo *explorer = findExplorer(name);
        if (!explorer)
            return in + ": \"explorers\" names an unknown explorer " + excerpt(name);
        const std::string where = in + ", explorer '" + name + "'";
        if (!state.is_object() || !state.contains("params") || !state["params"].is_object())
            return where + ": expected {\"params\": {…}, \"view\": {…}}";
        SessionExplorer loaded{ParamSet(explorer->specs()), nlohmann::json::object()};
        ParamFile file;
        file.path = path;
        file.explorer = name;
        file.params = state["params"];
        if (auto error = applyParamFile(file, *explorer, loaded.params))
            return where + ": " + *error;
        if (state.contains("view")) {
            if (!state["view"].is_object())
                return where + ": \"view\" must be an object of view settings";
            loaded.view = state["view"];
        }
        session.explorers.emplace(name, std::move(loaded));
    }
    if (!doc.contains("current") || !doc["current"].is_string())
        return in + ": \"current\" must name the explorer shown";
    session.current = doc["current"].get<std::string>();
    if (!session.explorers.count(session.current))
        return in + ": \"current\" is " + excerpt(session.current) +
               ", which has no state under \"explorers\"";
    out = std::move(session);
    return std::nullopt;
}

} // namespace dimscope
