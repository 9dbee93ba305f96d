// SPDX-License-Identifier: MIT
#include "training_log/training_log.h"

#include <filesystem>
#include <new>

#include "io/npy.h" // DataFileError
#include "training_log/log_files.h"
#include "training_log/log_text.h"

namespace dimscope::training_log {

namespace {

std::optional<std::vector<std::string>> parseLogs(const std::string &text) {
    return splitLogList(text);
}

/// What the table cannot check alone: a centred window needs a middle point, and every log entry
/// must exist (its contents are checked when it is read).
std::optional<std::string> checkTrainingLog(const TrainingLogParams &p) {
    if (auto problem = curves::checkSmoother(smootherOf(p)))
        return "parameter 'window': " + *problem;
    return checkLogEntries(p.logs);
}

/// Notes for points a log axis cannot draw.
void noteLogAxes(TrainingLogResult &r) {
    std::int64_t xOff = 0, yOff = 0;
    for (const RunCurve &run : r.runs)
        for (std::size_t i = 0; i < run.raw.size(); ++i) {
            xOff += run.raw.x()[i] <= 0;
            yOff += run.raw.y()[i] <= 0;
        }
    if (r.params.logX && xOff > 0)
        r.notes.push_back("log x: " + std::to_string(xOff) + " points at " + r.xColumn +
                          " ≤ 0 are not drawn");
    if (r.params.logY && yOff > 0)
        r.notes.push_back("log y: " + std::to_string(yOff) + " points at " + r.yColumn +
                          " ≤ 0 are not drawn");
}

/// Reads every file into r.files and r.runs; false when a stop request ended the reading.
bool readAll(TrainingLogResult &r, const std::vector<std::string> &files,
             const RunControl<TrainingLogSnapshot> &control) {
    TrainingLogSnapshot snapshot;
    snapshot.filesTotal = static_cast<int>(files.size());
    std::vector<std::uint64_t> sizes;
    for (const auto &f : files) {
        std::error_code error;
        const auto size = std::filesystem::file_size(f, error);
        sizes.push_back(error ? 0 : size);
        snapshot.bytesTotal += sizes.back();
    }
    ProgressClock clock(control.progressIntervalSeconds);
    const std::vector<std::string> names = runNamesOf(files);
    LogSelection selection{r.params.x, r.params.y};
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (control.stopRequested())
            return false;
        snapshot.file = files[i];
        const std::uint64_t before = snapshot.bytesDone;
        const auto progress = [&](std::uint64_t done, std::uint64_t) {
            snapshot.bytesDone = before + done;
            if (control.wantsProgress() && clock.due())
                control.onProgress(snapshot);
            return !control.stopRequested();
        };
        FileRead read;
        std::optional<TrainingLog> log = readTrainingLog(files[i], selection, progress, &read);
        if (!log)
            return false;
        if (!r.example) { // the example ships with dimscope: it is not the user's data
            read.param = "log";
            r.filesRead.push_back(read);
        }
        if (i == 0) {
            selection.y = log->yColumn; // every other file reads the metric the first one chose
            r.xColumn = log->xColumn;
            r.yColumn = log->yColumn;
        }
        r.files.push_back({files[i], log->format, log->rows, log->columns, log->metrics});
        r.notes.insert(r.notes.end(), log->notes.begin(), log->notes.end());
        for (LogRun &run : log->runs) {
            RunCurve curve;
            curve.name = run.name.empty()   ? names[i]
                         : files.size() > 1 ? names[i] + ": " + run.name
                                            : run.name;
            curve.file = files[i];
            curve.column = run.column;
            curve.raw = curves::CurveSeries(std::move(run.x), std::move(run.y));
            r.runs.push_back(std::move(curve));
        }
        ++snapshot.filesDone;
        snapshot.bytesDone = before + sizes[i];
    }
    if (control.wantsProgress())
        control.onProgress(snapshot);
    return true;
}

} // namespace

const ParamTable<TrainingLogParams> &paramTable() {
    using P = TrainingLogParams;
    static const auto table =
        ParamTable<P>()
            .list<std::vector<std::string>>(
                "log", "Log files",
                "Training logs to draw: files or folders separated by ';' (a folder stands for "
                "its .csv/.tsv files and those one level down, such as lightning_logs). Several "
                "files, or several W&B runs, are the seeds. Empty: the example log.",
                &P::logs, &parseLogs, &joinLogList, "file or folder paths separated by ';'")
            .text("x", "x column",
                  "Column on the x axis: 'step' takes the column named step in any case, else "
                  "the first column; epoch or 'Wall time' are other choices.",
                  &P::x)
            .acceptsOnly([](const std::string &t) { return !t.empty(); }, "a column name")
            .text("y", "Metric",
                  "Column on the y axis (or a W&B metric name, for every run that logs it); "
                  "empty takes the first metric column whose name holds 'loss', else the first.",
                  &P::y)
            .choice("smoothing", "Smoothing",
                    "none; ema, TensorBoard's debiased exponential moving average; or a moving "
                    "average centred on, or trailing, each point. The raw points stay drawn.",
                    &P::smoothing)
            .real("ema-weight", "EMA weight",
                  "Weight α of the EMA: 0 is no smoothing, 0.99 very smooth.", &P::emaWeight, 0.0,
                  curves::kMaxEmaWeight)
            .integer("window", "Window (points)",
                     "Points in a moving-average window (odd when centred).", &P::window, 1,
                     curves::kMaxWindow)
            .logScale()
            .choice("band", "Band over seeds",
                    "sd: mean ± 1 sample sd; ci95: 95 % confidence interval of the mean "
                    "(Student's t, n − 1 degrees of freedom); none; every-seed draws every run.",
                    &P::band)
            .flag("log-x", "Log x axis", "Logarithmic x axis; points at x ≤ 0 are not drawn.",
                  &P::logX)
            .flag("log-y", "Log y axis", "Logarithmic y axis; points at y ≤ 0 are not drawn.",
                  &P::logY);
    return table;
}

curves::Smoother smootherOf(const TrainingLogParams &p) {
    return {p.smoothing, p.emaWeight, p.window};
}

const curves::EnsembleCurve &TrainingLogResult::shownEnsemble() const {
    return params.smoothing == curves::Smoothing::None ? ensemble : smoothedEnsemble;
}

TrainingLogResult computeTrainingLog(const TrainingLogParams &params,
                                     const RunControl<TrainingLogSnapshot> &control) {
    TrainingLogResult r;
    r.params = params;
    if (rejectInvalid(explorer(), params, r))
        return r;
    const auto cancelled = [&r] {
        TrainingLogResult c;
        c.params = r.params;
        c.termination = Termination::Cancelled;
        c.message = "cancelled while reading the logs";
        return c;
    };
    try {
        if (control.stopRequested())
            return cancelled();
        std::vector<std::string> entries = params.logs;
        if (entries.empty()) {
            entries = {exampleLogFolder()};
            r.example = true;
        }
        if (!readAll(r, expandLogEntries(entries), control))
            return cancelled();
        if (control.stopRequested())
            return cancelled();

        const curves::Smoother smoother = smootherOf(params);
        std::vector<const curves::CurveSeries *> raw;
        std::vector<curves::CurveSeries> smoothed;
        for (RunCurve &run : r.runs) {
            raw.push_back(&run.raw);
            if (params.smoothing == curves::Smoothing::None)
                continue;
            run.smoothed = curves::smooth(run.raw.y(), smoother);
            smoothed.emplace_back(run.raw.x(), run.smoothed);
        }
        // On a log y axis, summarised in log y (a geometric band, curves/ensemble.h).
        r.ensemble = curves::ensemble(raw, params.band, params.logY);
        if (params.smoothing != curves::Smoothing::None)
            r.smoothedEnsemble = curves::ensemble(smoothed, params.band, params.logY);
        if (control.stopRequested())
            return cancelled();
        r.bandLegend = curves::bandLegend(r.ensemble);
        r.smootherLegend = curves::legendText(smoother);
        for (auto &note : curves::ensembleNotes(r.ensemble))
            r.notes.push_back(std::move(note));
        noteLogAxes(r);
    } catch (const DataFileError &e) {
        r.termination = Termination::InvalidInput;
        r.message = e.what();
    } catch (const std::bad_alloc &) {
        r.termination = Termination::Failed;
        r.message = "out of memory while reading the logs; read fewer or smaller files";
    } catch (const std::exception &e) {
        r.termination = Termination::Failed;
        r.message = e.what();
    }
    if (!r.ok()) { // no partial result: a failed run shows nothing rather than part of a log
        TrainingLogResult failed;
        failed.params = params;
        failed.termination = r.termination;
        failed.message = r.message;
        return failed;
    }
    return r;
}

namespace {

/// What the command line shows while it waits.
ProgressNote describeProgress(const TrainingLogSnapshot &s) {
    ProgressNote note = countedProgress(static_cast<std::int64_t>(s.bytesDone),
                                        static_cast<std::int64_t>(s.bytesTotal), "bytes");
    note.stage = s.file + ": " + note.stage;
    return note;
}

} // namespace

const TrainingLogExplorer &explorer() {
    static const TrainingLogExplorer definition{
        "training-log",
        "Your training logs",
        "Training curves from your own logs (Lightning, TensorBoard, W&B or any CSV with a step "
        "column): every seed, their mean with a stated band, and a named smoother.",
        &paramTable,
        &checkTrainingLog,
        &computeTrainingLog,
        &toJson,
        &describeProgress,
    };
    return definition;
}

} // namespace dimscope::training_log
