// SPDX-License-Identifier: MIT
#pragma once
// Sessions: the whole state of a dimscope window in one versioned JSON file, so that a lesson or
// a figure's exploration can be closed and picked up again. A session holds, for every explorer
// that was opened, its parameters (seed included) and its view's settings, plus which explorer
// was shown. `dimscope export E --session FILE` renders E's state from one, headless.
//
//   {"format": "dimscope-session", "version": 1, "dimscope": "0.1.0", "current": "angles",
//    "explorers": {"angles": {"params": {…}, "view": {…}}, …}}
//
// Reading checks everything before anything is used: a session from a newer dimscope, a
// truncated or hand-edited file, an unknown explorer or parameter, a bad value: one message
// naming the file and the place, and nothing loaded.

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/param_spec.h"

namespace dimscope {

inline constexpr const char *kSessionFormat = "dimscope-session";
/// The session layout this dimscope writes and the newest it reads.
inline constexpr int kSessionVersion = 1;

struct SessionExplorer {
    ParamSet params;
    /// The view's own settings (log axes, smoothing, …) as the view saved them; the core does not
    /// look inside, beyond requiring an object.
    nlohmann::json view = nlohmann::json::object();
};

struct Session {
    std::string current; ///< the explorer shown; one of `explorers`
    std::map<std::string, SessionExplorer> explorers;
};

nlohmann::json sessionToJson(const Session &session);

/// Reads and checks the session at `path` (a regular file of at most kMaxParamFileBytes). On
/// success `out` holds every explorer's parameters, each a complete and valid ParamSet; on any
/// problem `out` is unchanged and the message names the file and the place.
std::optional<std::string> readSession(const std::string &path, Session &out);

/// readSession's checks on a document already parsed; `path` names it in messages.
std::optional<std::string> sessionFromJson(const nlohmann::json &doc, const std::string &path,
                                           Session &out);

} // namespace dimscope
