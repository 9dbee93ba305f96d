// SPDX-License-Identifier: MIT
#pragma once
// Training logs as users already have them, each read as a table of named numeric columns whose
// chosen x and y columns become one run or several:
// - PyTorch Lightning's CSVLogger metrics.csv: sorted columns with `epoch` and `step`, sparse
//   (a validation metric is empty on training rows); rows where y is empty are skipped, per metric;
// - TensorBoard's "download CSV": Wall time, Step, Value;
// - a W&B chart export: Step, then "<run> - <metric>" per run (with "__MIN"/"__MAX" helpers, which
//   are W&B's own display envelopes, not a spread across seeds: they are ignored, and a note says
//   so); every run of the chosen metric becomes a member of the seed ensemble;
// - any CSV (or TSV) with a header naming its columns.
//
// The x column defaults to the one named `step` in any case, else the first column. Every problem
// names the file, the line (the header is line 1) and the column, and quotes at most a short
// excerpt; NaN and Inf in the columns read are refused there. Columns not read are not checked.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/enum_names.h"
#include "common/run_control.h" // FileRead

namespace dimscope::training_log {

enum class LogFormat { Lightning, TensorBoard, Wandb, Csv };

inline const std::vector<std::string> &namesOf(LogFormat) {
    static const std::vector<std::string> names = {"lightning-csv", "tensorboard-csv", "wandb-csv",
                                                   "csv"};
    return names;
}

/// The x column `x` means when it is this: a column named step in any case, else the first.
inline constexpr const char *kDefaultX = "step";

/// Which columns to read.
struct LogSelection {
    std::string x =
        kDefaultX; ///< a column name (exact, else the one unique case-insensitive match)
    /// The metric: a column name, or for W&B a metric name shared by its runs
    /// ("train/loss" reads every "<run> - train/loss"); "" picks the first metric column whose
    /// name holds "loss", else the first metric column.
    std::string y;
};

/// One curve of the log: the points where y has a value, in increasing x (stable: rows that share
/// an x keep their order in the file).
struct LogRun {
    std::string name;      ///< W&B: the run's name; otherwise empty (the caller names it by file)
    std::string column;    ///< the y column read
    std::vector<double> x; ///< finite, non-decreasing
    std::vector<double> y; ///< finite
};

struct TrainingLog {
    std::string path;
    LogFormat format = LogFormat::Csv;
    std::vector<std::string> columns; ///< every column, as the header names it
    /// What y can name without leaving the file's vocabulary: its metric columns (not step, epoch,
    /// time or W&B helpers), and for W&B the metric names its runs share.
    std::vector<std::string> metrics;
    std::string xColumn;            ///< the x column read
    std::string yColumn;            ///< the metric read (W&B: the metric name, runs per column)
    std::int64_t rows = 0;          ///< data lines (not blank, not the header)
    std::vector<LogRun> runs;       ///< one, or one per W&B run of the metric
    std::vector<std::string> notes; ///< what a reader should know (a fallback, a re-sort, …)
};

/// Called every few tens of thousands of lines with the bytes parsed and the total; returning
/// false stops the read.
using ReadProgress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

/// Reads a log file (readLogText's bounds and checks). nullopt when `progress` stopped it. Throws
/// DataFileError for a bad file or a column that is not there. `read`, when given, receives the
/// record of the bytes read.
std::optional<TrainingLog> readTrainingLog(const std::string &path, const LogSelection &selection,
                                           const ReadProgress &progress = {},
                                           FileRead *read = nullptr);

/// The same on text in memory; `name` is used in messages and as the path.
std::optional<TrainingLog> parseTrainingLog(std::string_view text, const std::string &name,
                                            char separator, const LogSelection &selection,
                                            const ReadProgress &progress = {});

/// True for names of index columns rather than metrics: step, epoch, wall time, time, timestamp,
/// global_step, iteration and W&B's _step, _runtime, _timestamp (any case).
bool isIndexColumn(const std::string &name);

} // namespace dimscope::training_log
