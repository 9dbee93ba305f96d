// SPDX-License-Identifier: MIT
#pragma once
// Writes a whole file or nothing: a temporary file beside the target, then rename(2). A failed
// write never destroys a good file that was there before.

#include <optional>
#include <string>

namespace dimscope {

/// nullopt on success; otherwise a message naming the file and the system's reason.
std::optional<std::string> writeFileAtomically(const std::string &path,
                                               const std::string &contents);

/// Whole file as bytes, or a message naming the file and the reason.
std::optional<std::string> readWholeFile(const std::string &path, std::string &contents);

} // namespace dimscope
