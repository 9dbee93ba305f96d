// SPDX-License-Identifier: MIT
#pragma once
// The one provenance record and the one reader of parameter files. `compute` writes the record
// around its result, every export sidecar and *Save parameters* write it, and `--params FILE`,
// *Open parameters* (and the sessions to come) read it back with readParamFile.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/explorer.h"
#include "common/param_spec.h"

namespace dimscope {

/// {"explorer": name, "version": dimscope's version, "params": every parameter, seed included}.
nlohmann::json provenance(const ExplorerInfo &explorer, const ParamSet &params);

/// What a parameter file holds.
struct ParamFile {
    std::string path;
    std::string explorer;  ///< the explorer the file names; empty for a bare parameter object
    nlohmann::json params; ///< {"name": value, …}, not yet checked against any explorer
    /// An export sidecar's figure settings, {"plot", "type", "width_mm", "height_mm", "font_pt",
    /// "dpi"} (exportSettingsJson), so that the figure can be made again; null elsewhere.
    nlohmann::json figure;
};

/// The largest parameter file read: far above any real one, and a bound for /dev/zero.
inline constexpr std::uint64_t kMaxParamFileBytes = 16u << 20;

/// Reads the file at `path`: the output of `compute`, an export sidecar (the record at the top
/// level, or under "provenance"), a file from *Save parameters*, or a bare {"name": value}
/// object. Refuses what is not a regular file, files over kMaxParamFileBytes and JSON of another
/// shape. Messages name the file.
std::optional<std::string> readParamFile(const std::string &path, ParamFile &out);

/// readParamFile's reading of a JSON document already parsed (from a figure's own metadata, say);
/// `path` names it in messages.
std::optional<std::string> paramFileFromJson(nlohmann::json doc, const std::string &path,
                                             ParamFile &out);

/// Sets the file's parameters in `values` (a ParamSet of `explorer`'s specs). Refuses a file that
/// names another explorer, unknown names and invalid values; on any error `values` is unchanged.
std::optional<std::string> applyParamFile(const ParamFile &file, const ExplorerInfo &explorer,
                                          ParamSet &values);

} // namespace dimscope
