// SPDX-License-Identifier: MIT
#pragma once
// Which files a training-log run reads: the `log` parameter's list of files and folders, the
// example log shipped with dimscope, and the names runs get from their files.
//
// The list is separated by semicolons (file names hold commas more often than semicolons):
// "seed1.csv; seed2.csv" or "lightning_logs". A folder stands for the CSV and TSV files in it and
// in its immediate subfolders, so Lightning's lightning_logs/version_*/metrics.csv is one entry.
//
// The example (resources/logs/mnist-mlp) is looked for, in order: beside an installed binary
// (<bin>/../share/dimscope/logs, as `cmake --install` and the .deb place it), in the source tree
// the binary was built from (a build tree, the tests), and under the configured install prefix.

#include <optional>
#include <string>
#include <vector>

namespace dimscope::training_log {

/// The example log's folder name under resources/logs and share/dimscope/logs.
inline constexpr const char *kExampleLog = "mnist-mlp";

/// "a.csv; b.csv" → {"/abs/a.csv", "/abs/b.csv"}: split at ';', trimmed, empty entries dropped,
/// each made absolute (saved parameters then reproduce from any working directory).
std::vector<std::string> splitLogList(const std::string &text);
/// The list's canonical text: absolute entries joined by "; ".
std::string joinLogList(const std::vector<std::string> &entries);

/// nullopt when every entry exists (a file or a folder); otherwise a message naming the first
/// that does not.
std::optional<std::string> checkLogEntries(const std::vector<std::string> &entries);

/// The files the entries stand for, in order: a file as it is, a folder as its *.csv and *.tsv
/// files and those of its immediate subfolders in natural order (version_2 before version_10).
/// Throws DataFileError for an entry that is missing or a folder without any.
std::vector<std::string> expandLogEntries(const std::vector<std::string> &entries);

/// The example log's folder. Throws DataFileError naming every place looked in when it is in none.
std::string exampleLogFolder();

/// A short name for each file's run: its stem ("seed_1.csv" → "seed_1"), or, when stems repeat
/// (metrics.csv in every version_N), its folder's name, or else its path.
std::vector<std::string> runNamesOf(const std::vector<std::string> &files);

} // namespace dimscope::training_log
