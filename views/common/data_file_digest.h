// SPDX-License-Identifier: MIT
#pragma once
// What an export's provenance says about the user's own data: the files a path parameter named
// that the run shown actually read, with their sizes and SHA-256, so that a figure can be traced
// to the exact data behind it and checked with `sha256sum`. The core hashes each file as it reads
// it (core/io/user_file.h), so the digest is of the bytes the run used: not of a file read again
// at export time (it may have changed since), and not of whatever else sits in a model folder.

#include <vector>

#include <QJsonObject>

#include "common/param_spec.h"
#include "common/run_control.h"

namespace dimscope::views {

/// {"<param>": {"path": …, "files": [{"name", "bytes", "sha256"}, …]}} for every path parameter
/// with a value, listing the files of `filesRead` (the shown run's RunOutcome::filesRead) that it
/// named, in the order read, each once. A file inside the parameter's folder is named relative to
/// it ("W1.npy"), the parameter's own file by its file name, any other by its path. A parameter
/// whose files the run did not read gets "error" instead of "files". Empty when no path parameter
/// is set.
QJsonObject dataFileDigests(const ParamSet &values, const std::vector<FileRead> &filesRead);

} // namespace dimscope::views
