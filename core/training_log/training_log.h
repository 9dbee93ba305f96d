// SPDX-License-Identifier: MIT
#pragma once
// Explorer "training-log": a user's own training logs (Lightning, TensorBoard, W&B or any CSV with
// a step column) drawn as publishable curves: every run, the seed ensemble's mean with a band whose
// definition the legend states, and a smoother that names itself. Several files, or several runs
// in one file, are the seeds. Params → computeTrainingLog → TrainingLogResult (+ snapshots while
// large files are read). At its defaults it shows the example log shipped in resources/logs.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/explorer.h"
#include "common/run_control.h"
#include "curves/curve_series.h"
#include "curves/ensemble.h"
#include "curves/smoothing.h"
#include "curves/tidy_csv.h"
#include "training_log/log_reader.h"

namespace dimscope::training_log {

struct TrainingLogParams {
    /// Log files and folders, absolute paths; empty shows the example log (log_files.h). One text
    /// on the command line and in JSON: entries separated by ';'. A folder stands for its .csv and
    /// .tsv files and those of its immediate subfolders (lightning_logs/version_*/metrics.csv).
    std::vector<std::string> logs;
    /// The x column: "step" (the default) takes the column named step in any case, else the first
    /// column; another name takes that column (exact, else its one case-insensitive match).
    std::string x = kDefaultX;
    /// The metric: a column, or a W&B metric name shared by its runs; "" takes the first metric
    /// column of the first file whose name holds "loss", else its first metric column (not step,
    /// epoch or time), and every file then reads that one.
    std::string y;
    curves::Smoothing smoothing = curves::Smoothing::Ema;
    double emaWeight = 0.6; ///< α of the debiased EMA, 0…0.999 (TensorBoard's default 0.6)
    int window = 21;        ///< moving-average window in points, 1…100001, odd when centred
    curves::Band band = curves::Band::Sd;
    bool logX = false; ///< log x axis: the view's, recorded here so an export reproduces it
    bool logY = false; ///< log y axis: the view's, recorded here so an export reproduces it
};

/// The parameter table (form, command line, `list`, range checks). Static storage.
const ParamTable<TrainingLogParams> &paramTable();
/// The smoother the parameters describe.
curves::Smoother smootherOf(const TrainingLogParams &params);

/// Progress while files are read, about every 50 ms.
struct TrainingLogSnapshot {
    int filesDone = 0, filesTotal = 0;
    std::uint64_t bytesDone = 0, bytesTotal = 0; ///< over every file
    std::string file;                            ///< the file being read
};

/// One file as read.
struct LogFileInfo {
    std::string path;
    LogFormat format = LogFormat::Csv;
    std::int64_t rows = 0;            ///< data lines
    std::vector<std::string> columns; ///< every column the header names
    std::vector<std::string> metrics; ///< what y can name (log_reader.h)
};

/// One run (one seed): every raw point, and its smoothed values at the same x.
struct RunCurve {
    std::string name;             ///< "version_0", a file's stem, or a W&B run's name
    std::string file;             ///< the file it came from
    std::string column;           ///< its y column in that file
    curves::CurveSeries raw;      ///< every logged point, increasing x
    std::vector<double> smoothed; ///< one per raw point; empty when smoothing is none
};

struct TrainingLogResult : RunOutcome {
    TrainingLogParams params;
    bool example = false; ///< the example log was shown (no `log` given)
    std::vector<LogFileInfo> files;
    std::string xColumn, yColumn; ///< as the first file names them
    std::vector<RunCurve> runs;
    curves::EnsembleCurve ensemble;         ///< of the raw runs
    curves::EnsembleCurve smoothedEnsemble; ///< of the smoothed runs; empty when smoothing is none
    std::string bandLegend;                 ///< "mean ± 1 sd, n = 3 seeds" (curves/ensemble.h)
    std::string smootherLegend;             ///< "EMA 0.6, debiased"; "" when smoothing is none
    std::vector<std::string> notes; ///< fallbacks, re-sorts, ragged runs, points a log axis hides

    /// The ensemble to draw in front: the smoothed one, or the raw one without smoothing.
    const curves::EnsembleCurve &shownEnsemble() const;
};

/// Validates (explorer().validate), then reads and summarises. A bad file or a column that is not
/// there gives InvalidInput with the file, line and column; a stop request gives Cancelled.
TrainingLogResult computeTrainingLog(const TrainingLogParams &params,
                                     const RunControl<TrainingLogSnapshot> &control = {});

/// The `result` object of `dimscope compute training-log` (keys in docs/explorers/training-log.md).
nlohmann::json toJson(const TrainingLogResult &result);

/// Every series a figure of `result` plots, each with every raw point (decimated on screen or
/// not), for the tidy CSV (curves/tidy_csv.h): each run raw, each run smoothed, and with two or
/// more runs the mean (its band as y_low, y_high), raw and smoothed.
std::vector<curves::TidySeries> tidySeries(const TrainingLogResult &result,
                                           const std::string &plot = "curves");

using TrainingLogExplorer = Explorer<TrainingLogParams, TrainingLogSnapshot, TrainingLogResult>;
/// The explorer's record: name, parameters, checks, compute, JSON.
const TrainingLogExplorer &explorer();

} // namespace dimscope::training_log
