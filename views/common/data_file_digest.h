// SPDX-License-Identifier: MIT
#pragma once
// What an export's provenance says about the user's own data: the file (or each file of a folder)
// that a path parameter names, with its size and SHA-256, so that a figure can be traced to the
// exact data behind it and checked with `sha256sum`.

#include <QJsonObject>

#include "common/param_spec.h"

namespace dimscope::views {

/// {"<param>": {"path": …, "files": [{"name", "bytes", "sha256"}, …]}} for every path parameter
/// with a value; a folder lists its .json and .npy files by name. A file over 256 MiB gets its
/// size and modification time instead of a digest. A path that cannot be read gets "error" instead
/// of "files". Empty when no path parameter is set.
QJsonObject dataFileDigests(const ParamSet &values);

} // namespace dimscope::views
