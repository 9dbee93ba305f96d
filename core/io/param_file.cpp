// SPDX-License-Identifier: MIT
#include "io/param_file.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

#include "io/user_file.h"

namespace dimscope {

nlohmann::json provenance(const ExplorerInfo &explorer, const ParamSet &params) {
    return {
        {"explorer", explorer.name}, {"version", DIMSCOPE_VERSION}, {"params", params.toJson()}};
}

std::optional<std::string> readParamFile(const std::string &path, ParamFile &out) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return "cannot open '" + path + "': " + std::strerror(errno);
    if (!S_ISREG(info.st_mode))
        return "'" + path + "' is not a regular file; parameters are read from a JSON file";
    if (static_cast<std::uint64_t>(info.st_size) > kMaxParamFileBytes)
        return "'" + path + "' holds " + std::to_string(info.st_size) +
               " bytes, more than a parameter file can (" + std::to_string(kMaxParamFileBytes) +
               ")";
    std::string text;
    try { // the file may have changed since stat: read it as any user file, bounded
        text =
            readUserFile(path, kMaxParamFileBytes, "a JSON file of parameters", "parameter files");
    } catch (const DataFileError &e) {
        return std::string(e.what());
    }
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded())
        return "'" + path + "' is not valid JSON";
    return paramFileFromJson(doc, path, out);
}

std::optional<std::string> paramFileFromJson(nlohmann::json doc, const std::string &path,
                                             ParamFile &out) {
    if (doc.is_object() && doc.contains("provenance"))
        doc = doc["provenance"]; // a sidecar that keeps the record under a key of its own
    if (!doc.is_object())
        return "'" + path + "' holds JSON " + doc.type_name() +
               "; a parameter file holds an object";
    ParamFile file;
    file.path = path;
    if (doc.contains("explorer")) {
        if (!doc["explorer"].is_string())
            return "'" + path + "': \"explorer\" must be the name of an explorer";
        file.explorer = doc["explorer"].get<std::string>();
        if (!doc.contains("params") || !doc["params"].is_object())
            return "'" + path + "' names explorer " + excerpt(file.explorer) +
                   " but holds no \"params\" object";
        file.params = doc["params"];
        if (doc.contains("export")) { // a figure's record: how to make the figure again
            if (!doc["export"].is_object())
                return "'" + path + "': \"export\" must be an object of figure settings";
            file.figure = doc["export"];
        }
    } else {
        file.params = doc.contains("params") ? doc["params"] : doc;
    }
    out = std::move(file);
    return std::nullopt;
}

std::optional<std::string> applyParamFile(const ParamFile &file, const ExplorerInfo &explorer,
                                          ParamSet &values) {
    if (!file.explorer.empty() && file.explorer != explorer.name)
        return "'" + file.path + "' holds parameters of explorer " + excerpt(file.explorer) +
               ", not '" + explorer.name + "'";
    if (auto error = values.fromJson(file.params))
        return "in '" + file.path + "': " + *error;
    return std::nullopt;
}

} // namespace dimscope
