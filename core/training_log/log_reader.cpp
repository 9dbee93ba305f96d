// SPDX-License-Identifier: MIT
#include "training_log/log_reader.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "io/npy.h" // DataFileError
#include "training_log/log_text.h"

namespace dimscope::training_log {

namespace {

/// Lines between progress calls: a few milliseconds of parsing.
constexpr std::int64_t kLinesPerProgress = 65536;
/// Column names a message lists before it says how many more there are.
constexpr std::size_t kNamesListed = 8;

std::string lower(std::string s) {
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string listed(const std::vector<std::string> &names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kNamesListed; ++i)
        out += (i ? ", " : "") + excerpt(names[i]);
    if (names.size() > kNamesListed)
        out += " and " + std::to_string(names.size() - kNamesListed) + " more";
    return out.empty() ? "none" : out;
}

std::string columnAt(const std::vector<std::string> &columns, std::size_t c) {
    return "column " + std::to_string(c + 1) + " (" + excerpt(columns[c]) + ")";
}

/// A W&B chart export column: "<run> - <metric>", with "__MIN"/"__MAX" after helper metrics.
struct WandbColumn {
    bool matches = false;
    std::string run, metric;
    bool helper = false;
};

WandbColumn wandbColumn(const std::string &name) {
    WandbColumn w;
    const auto dash = name.rfind(" - ");
    if (dash == std::string::npos || dash == 0 || dash + 3 >= name.size())
        return w;
    w.matches = true;
    w.run = name.substr(0, dash);
    w.metric = name.substr(dash + 3);
    for (const char *suffix : {"__MIN", "__MAX"}) {
        const std::string s = suffix;
        if (w.metric.size() > s.size() &&
            w.metric.compare(w.metric.size() - s.size(), s.size(), s) == 0)
            w.helper = true;
    }
    return w;
}

LogFormat detectFormat(const std::vector<std::string> &columns) {
    std::vector<std::string> low;
    for (const auto &c : columns)
        low.push_back(lower(c));
    if (low == std::vector<std::string>{"wall time", "step", "value"})
        return LogFormat::TensorBoard;
    std::size_t metricColumns = 0, wandb = 0;
    for (const auto &c : columns) {
        if (isIndexColumn(c))
            continue;
        ++metricColumns;
        wandb += wandbColumn(c).matches ? 1 : 0;
    }
    if (wandb > 0 && wandb == metricColumns)
        return LogFormat::Wandb;
    const auto has = [&](const char *name) {
        return std::find(columns.begin(), columns.end(), name) != columns.end();
    };
    if (has("epoch") && has("step"))
        return LogFormat::Lightning;
    return LogFormat::Csv;
}

/// The index of the column `wanted` names: the exact name, else its one case-insensitive match.
/// nullopt when none; throws when the name is ambiguous.
std::optional<std::size_t> findColumn(const std::vector<std::string> &columns,
                                      const std::string &wanted, const std::string &file,
                                      const char *parameter) {
    std::vector<std::size_t> exact, loose;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c] == wanted)
            exact.push_back(c);
        else if (lower(columns[c]) == lower(wanted))
            loose.push_back(c);
    }
    const std::vector<std::size_t> &found = exact.empty() ? loose : exact;
    if (found.size() > 1)
        throw DataFileError(file + ": line 1 names " + std::to_string(found.size()) + " columns " +
                            excerpt(wanted) + " (columns " + std::to_string(found[0] + 1) +
                            " and " + std::to_string(found[1] + 1) + "); " + parameter +
                            " must name one column");
    if (found.empty())
        return std::nullopt;
    return found[0];
}

struct Target {
    std::size_t column = 0;
    LogRun run;
    std::int64_t firstDecrease = 0; ///< line where x first went down, 0 when it never did
};

std::size_t resolveX(TrainingLog &log, const std::string &x) {
    if (x == kDefaultX) {
        if (auto c = findColumn(log.columns, x, log.path, "x"))
            return *c;
        log.notes.push_back(log.path + ": no column is named step; x is the first column, " +
                            excerpt(log.columns[0]));
        return 0;
    }
    if (auto c = findColumn(log.columns, x, log.path, "x"))
        return *c;
    throw DataFileError(log.path + ": no column " + excerpt(x) + " for x; line 1 names " +
                        listed(log.columns));
}

/// The metric y = "" reads: the first whose name holds "loss" (Lightning sorts its columns, so
/// lr-Adam or train_acc would come first), else the first.
std::string defaultMetric(const std::vector<std::string> &metrics) {
    for (const auto &m : metrics)
        if (lower(m).find("loss") != std::string::npos)
            return m;
    return metrics.empty() ? std::string() : metrics[0];
}

std::vector<Target> resolveY(TrainingLog &log, std::size_t xColumn, const std::string &y) {
    const auto &columns = log.columns;
    std::vector<Target> targets;
    const auto single = [&](std::size_t c, std::string run) {
        if (c == xColumn)
            throw DataFileError(log.path + ": y and x are both " + columnAt(columns, c) +
                                "; choose another metric");
        Target t;
        t.column = c;
        t.run.name = std::move(run);
        t.run.column = columns[c];
        targets.push_back(std::move(t));
    };
    if (log.format == LogFormat::Wandb) {
        bool helpers = false;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const WandbColumn w = wandbColumn(columns[c]);
            helpers = helpers || (w.matches && w.helper);
            if (w.matches && !w.helper && c != xColumn &&
                std::find(log.metrics.begin(), log.metrics.end(), w.metric) == log.metrics.end())
                log.metrics.push_back(w.metric);
        }
        if (helpers)
            log.notes.push_back(log.path +
                                ": W&B's __MIN and __MAX columns are not read: they bound W&B's "
                                "own sampling of each run for display, not the spread of seeds");
        const std::string metric = y.empty() ? defaultMetric(log.metrics) : y;
        if (auto c = findColumn(columns, metric, log.path, "y")) {
            single(*c, wandbColumn(columns[*c]).run);
            log.yColumn = columns[*c];
            return targets;
        }
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const WandbColumn w = wandbColumn(columns[c]);
            if (w.matches && !w.helper && w.metric == metric && c != xColumn)
                single(c, w.run);
        }
        if (targets.empty())
            throw DataFileError(log.path + ": no run logs " + excerpt(metric) +
                                "; its metrics are " + listed(log.metrics));
        log.yColumn = metric;
        return targets;
    }
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (c != xColumn && !isIndexColumn(columns[c]))
            log.metrics.push_back(columns[c]);
    if (y.empty()) {
        if (log.metrics.empty())
            throw DataFileError(log.path + ": no metric column; line 1 names only " +
                                listed(columns));
        single(*findColumn(columns, defaultMetric(log.metrics), log.path, "y"), {});
    } else if (auto c = findColumn(columns, y, log.path, "y")) {
        single(*c, {});
    } else {
        throw DataFileError(log.path + ": no column " + excerpt(y) + " for y; its metrics are " +
                            listed(log.metrics));
    }
    log.yColumn = columns[targets[0].column];
    return targets;
}

[[noreturn]] void badCell(const TrainingLog &log, std::int64_t line, std::size_t c,
                          std::string_view cell, CellNumber kind) {
    const std::string where =
        log.path + ": line " + std::to_string(line) + ", " + columnAt(log.columns, c) + ": ";
    if (kind == CellNumber::NotFinite)
        throw DataFileError(where + excerpt(cell) +
                            " is not a finite number; dimscope plots finite values only (cut the "
                            "log where the run diverged, or choose another column)");
    throw DataFileError(where + excerpt(cell) + " is not a number; expected a decimal number" +
                        " or an empty cell");
}

/// Puts a run in increasing x, keeping the file's order among equal x.
void sortByX(LogRun &run) {
    std::vector<std::size_t> order(run.x.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return run.x[a] < run.x[b]; });
    std::vector<double> x(order.size()), y(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        x[i] = run.x[order[i]];
        y[i] = run.y[order[i]];
    }
    run.x = std::move(x);
    run.y = std::move(y);
}

} // namespace

bool isIndexColumn(const std::string &name) {
    static const std::vector<std::string> names = {
        "step",  "epoch",    "wall time",  "walltime",    "time",      "timestamp",
        "_step", "_runtime", "_timestamp", "global_step", "iteration", "relative time"};
    return std::find(names.begin(), names.end(), lower(name)) != names.end();
}

std::optional<TrainingLog> parseTrainingLog(std::string_view text, const std::string &name,
                                            char separator, const LogSelection &selection,
                                            const ReadProgress &progress) {
    TrainingLog log;
    log.path = name;
    CsvScanner scan(text, separator);
    std::vector<std::string_view> cells;
    if (!scan.next(cells, name))
        throw DataFileError(name + ": the file is empty; expected a header line naming the "
                                   "columns (such as step,loss), then one row per line");
    const std::int64_t headerLine = scan.line();
    double ignored = 0;
    const bool headerless = std::all_of(cells.begin(), cells.end(), [&](std::string_view c) {
        return parseNumber(c, ignored) == CellNumber::Number;
    });
    for (std::size_t c = 0; c < cells.size(); ++c) {
        std::string column = headerless ? std::string() : CsvScanner::unquoted(cells[c]);
        log.columns.push_back(column.empty() ? "column " + std::to_string(c + 1) : column);
    }
    if (headerless)
        log.notes.push_back(name + ": line " + std::to_string(headerLine) +
                            " holds numbers, not column names; the columns are called column 1 "
                            "to column " +
                            std::to_string(cells.size()));
    log.format = detectFormat(log.columns);
    const std::size_t xColumn = resolveX(log, selection.x);
    log.xColumn = log.columns[xColumn];
    std::vector<Target> targets = resolveY(log, xColumn, selection.y);

    const std::size_t width = log.columns.size();
    bool row = headerless; // a header-less file's first line is a row
    for (;;) {
        if (!row && !scan.next(cells, name))
            break;
        row = false;
        const std::int64_t line = scan.line();
        ++log.rows;
        if (cells.size() != width)
            throw DataFileError(name + ": line " + std::to_string(line) + ": " +
                                std::to_string(cells.size()) + " cells; expected " +
                                std::to_string(width) + " like the header (line " +
                                std::to_string(headerLine) + ")");
        bool haveX = false;
        double x = 0;
        for (Target &t : targets) {
            double y = 0;
            const CellNumber kind = parseNumber(cells[t.column], y);
            if (kind == CellNumber::Empty)
                continue; // this row logs other metrics
            if (kind != CellNumber::Number)
                badCell(log, line, t.column, cells[t.column], kind);
            if (!haveX) {
                const CellNumber xKind = parseNumber(cells[xColumn], x);
                if (xKind == CellNumber::Empty)
                    throw DataFileError(name + ": line " + std::to_string(line) + ", " +
                                        columnAt(log.columns, xColumn) +
                                        ": the x cell is empty "
                                        "where " +
                                        excerpt(log.columns[t.column]) +
                                        " has a value; expected a number");
                if (xKind != CellNumber::Number)
                    badCell(log, line, xColumn, cells[xColumn], xKind);
                haveX = true;
            }
            if (!t.run.x.empty() && x < t.run.x.back() && t.firstDecrease == 0)
                t.firstDecrease = line;
            t.run.x.push_back(x);
            t.run.y.push_back(y);
        }
        if (progress && log.rows % kLinesPerProgress == 0 && !progress(scan.offset(), text.size()))
            return std::nullopt;
    }
    if (log.rows == 0)
        throw DataFileError(name + ": only a header line; expected rows of numbers after it");

    for (Target &t : targets) {
        if (t.firstDecrease > 0) {
            sortByX(t.run);
            log.notes.push_back(name + ": " + excerpt(log.xColumn) + " goes back at line " +
                                std::to_string(t.firstDecrease) +
                                " (a run resumed from a checkpoint?); the points are drawn in "
                                "order of x");
        }
        if (t.run.x.empty()) {
            if (targets.size() == 1)
                throw DataFileError(name + ": " + columnAt(log.columns, t.column) +
                                    " is empty in every row; expected a metric with values");
            log.notes.push_back(name + ": run " + excerpt(t.run.name) + " has no value of " +
                                excerpt(log.yColumn) + " and is left out");
            continue;
        }
        log.runs.push_back(std::move(t.run));
    }
    return log;
}

std::optional<TrainingLog> readTrainingLog(const std::string &path, const LogSelection &selection,
                                           const ReadProgress &progress, FileRead *read) {
    const std::string text = readLogText(path, kMaxLogBytes, read);
    return parseTrainingLog(text, path, separatorFor(path, text), selection, progress);
}

} // namespace dimscope::training_log
