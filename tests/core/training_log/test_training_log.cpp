// SPDX-License-Identifier: MIT
// The training-log explorer: the example log at its defaults, several files and W&B runs as seed
// ensembles, bad files as InvalidInput with line and column, and the tidy CSV round trip. The
// explorer contract is checked with every registered explorer's (tests/core/contract).
#include <algorithm>
#include <atomic>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "curves/tidy_csv.h"
#include "log_test_support.h"
#include "training_log/log_files.h"
#include "training_log/training_log.h"

using namespace dimscope;
using namespace dimscope::training_log;
using test::sample;

namespace {

ParamSet defaults() { return ParamSet(paramTable().specs()); }

TrainingLogResult run(const TrainingLogParams &p) {
    TrainingLogResult r = computeTrainingLog(p);
    EXPECT_EQ(r.termination, Termination::Completed) << r.message;
    return r;
}

TrainingLogParams withLogs(std::vector<std::string> logs) {
    TrainingLogParams p;
    p.logs = std::move(logs);
    return p;
}

} // namespace

TEST(TrainingLog, DefaultsShowTheExampleLog) {
    const TrainingLogResult r = run({});
    EXPECT_TRUE(r.example);
    ASSERT_EQ(r.files.size(), 3u);
    for (const LogFileInfo &f : r.files) {
        EXPECT_EQ(f.format, LogFormat::Lightning);
        EXPECT_EQ(f.columns,
                  (std::vector<std::string>{"epoch", "step", "train_loss", "val_acc", "val_loss"}));
    }
    EXPECT_EQ(r.xColumn, "step");
    EXPECT_EQ(r.yColumn, "train_loss");
    ASSERT_EQ(r.runs.size(), 3u);
    EXPECT_EQ(r.runs[0].name, "version_0");
    EXPECT_EQ(r.runs[2].name, "version_2");
    EXPECT_EQ(r.runs[0].raw.size(), 93u); // a training row every 50 of 4690 steps
    EXPECT_EQ(r.runs[0].smoothed.size(), 93u);
    EXPECT_EQ(r.ensemble.nMin, 3);
    EXPECT_EQ(r.ensemble.nMax, 3);
    EXPECT_EQ(r.bandLegend, "mean ± 1 sd, n = 3 seeds");
    EXPECT_EQ(r.smootherLegend, "EMA 0.6, debiased");
    EXPECT_EQ(r.smoothedEnsemble.x, r.ensemble.x);
    EXPECT_TRUE(r.notes.empty()) << r.notes.front();
    // Training goes down: the smoothed mean ends well below where it starts.
    EXPECT_LT(r.smoothedEnsemble.mean.back(), 0.2 * r.smoothedEnsemble.mean.front());
}

TEST(TrainingLog, ExampleIsFoundAndItsMetricsAreListed) {
    const std::string folder = exampleLogFolder();
    EXPECT_NE(folder.find("mnist-mlp"), std::string::npos);
    TrainingLogParams p;
    p.y = "val_loss";
    p.band = curves::Band::Ci95;
    const TrainingLogResult r = run(p);
    EXPECT_EQ(r.runs[1].raw.size(), 10u); // one validation row an epoch
    EXPECT_EQ(r.bandLegend, "mean, 95 % CI, n = 3 seeds");
    EXPECT_EQ(r.files[0].metrics, (std::vector<std::string>{"train_loss", "val_acc", "val_loss"}));
}

TEST(TrainingLog, AWandbExportIsASeedEnsemble) {
    TrainingLogParams p = withLogs({sample("wandb_export_2024-05-01T12_00_00.000+02_00.csv")});
    p.smoothing = curves::Smoothing::None;
    const TrainingLogResult r = run(p);
    ASSERT_EQ(r.runs.size(), 3u);
    EXPECT_EQ(r.runs[1].name, "crisp-sky-2");
    EXPECT_EQ(r.ensemble.n, (std::vector<int>{3, 3, 3, 3, 3, 2, 2}));
    EXPECT_EQ(r.bandLegend, "mean ± 1 sd, n = 2–3 seeds");
    EXPECT_DOUBLE_EQ(r.ensemble.mean[6], (0.3015 + 0.2964) / 2);
    EXPECT_TRUE(r.smoothedEnsemble.x.empty());
    EXPECT_EQ(&r.shownEnsemble(), &r.ensemble);
    const nlohmann::json j = toJson(r);
    EXPECT_TRUE(j["smoothed_ensemble"].is_null());
    EXPECT_EQ(j["files"][0]["format"], "wandb-csv");
    EXPECT_EQ(j["band"]["legend"], "mean ± 1 sd, n = 2–3 seeds");
    EXPECT_EQ(j["notes"].size(), 2u); // the __MIN/__MAX note and the varying n
}

TEST(TrainingLog, SeveralFilesAreSeedsAndReadTheFirstFilesMetric) {
    const TrainingLogParams p =
        withLogs({sample("tensorboard_run-seed_1-tag-train_loss.csv"), sample("plain_steps.csv")});
    const TrainingLogResult bad = computeTrainingLog(p);
    EXPECT_EQ(bad.termination, Termination::InvalidInput);
    EXPECT_NE(bad.message.find("plain_steps.csv: no column 'Value' for y"), std::string::npos)
        << bad.message;
    EXPECT_TRUE(bad.runs.empty()) << "no partial result";
    TrainingLogParams q = withLogs({sample("plain_steps.csv"), sample("plain_steps.csv")});
    q.y = "loss";
    EXPECT_EQ(run(q).runs.size(), 2u);
}

class TrainingLogFiles : public test::TempFolder {};

TEST_F(TrainingLogFiles, AFolderIsItsLogsInNaturalOrder) {
    for (int v : {10, 2, 1})
        write("lightning_logs/version_" + std::to_string(v) + "/metrics.csv",
              "epoch,step,train_loss\n0,0," + std::to_string(v) + "\n0,1,1\n");
    write("lightning_logs/version_1/hparams.yaml", "seed: 1\n");
    const TrainingLogResult r = run(withLogs({dir() + "/lightning_logs"}));
    ASSERT_EQ(r.runs.size(), 3u);
    EXPECT_EQ(r.runs[0].name, "version_1");
    EXPECT_EQ(r.runs[1].name, "version_2");
    EXPECT_EQ(r.runs[2].name, "version_10");
    EXPECT_DOUBLE_EQ(r.ensemble.mean[0], 13.0 / 3);
}

TEST_F(TrainingLogFiles, BadFilesAreInvalidInputWithLineAndColumn) {
    const std::string path = write("bad.csv", "step,loss\n0,1\n1,inf\n");
    const TrainingLogResult r = computeTrainingLog(withLogs({path}));
    EXPECT_EQ(r.termination, Termination::InvalidInput);
    EXPECT_EQ(r.message, path + ": line 3, column 2 ('loss'): 'inf' is not a finite number; "
                                "dimscope plots finite values only (cut the log where the run "
                                "diverged, or choose another column)");
    const TrainingLogResult missing = computeTrainingLog(withLogs({dir() + "/nope.csv"}));
    EXPECT_EQ(missing.termination, Termination::InvalidInput);
    EXPECT_NE(missing.message.find("parameter 'log': '"), std::string::npos) << missing.message;
    TrainingLogParams even;
    even.smoothing = curves::Smoothing::CentredAverage;
    even.window = 20;
    EXPECT_NE(computeTrainingLog(even).message.find("parameter 'window': a centred window of 20"),
              std::string::npos);
}

TEST_F(TrainingLogFiles, ATenRowLogRoundTripsThroughTidyCsv) {
    std::string a = "step,loss\n", b = "step,loss\n";
    for (int i = 0; i < 10; ++i) {
        a += std::to_string(10 * i) + "," + std::to_string(1.0 / (i + 1)) + "\n";
        b += std::to_string(10 * i) + "," + std::to_string(1.5 / (i + 1)) + "\n";
    }
    TrainingLogParams p = withLogs({write("seed_1.csv", a), write("seed_2.csv", b)});
    p.smoothing = curves::Smoothing::TrailingAverage;
    p.window = 3;
    const TrainingLogResult r = run(p);
    const std::vector<curves::TidySeries> series = tidySeries(r);
    // Two runs raw and smoothed, then the mean raw and smoothed, each with its band.
    ASSERT_EQ(series.size(), 6u);
    EXPECT_EQ(series[0].series, "seed_1");
    EXPECT_EQ(series[1].series, "seed_1, moving average, 3 points, trailing");
    EXPECT_EQ(series[4].series, "mean ± 1 sd, n = 2 seeds");
    EXPECT_EQ(series[5].series, "mean ± 1 sd, n = 2 seeds, moving average, 3 points, trailing");
    const std::vector<curves::TidySeries> back = curves::parseTidyCsv(curves::tidyCsv(series));
    ASSERT_EQ(back.size(), series.size());
    for (std::size_t s = 0; s < series.size(); ++s) {
        EXPECT_EQ(back[s].series, series[s].series);
        EXPECT_EQ(back[s].x, series[s].x);
        EXPECT_EQ(back[s].y, series[s].y);
        EXPECT_EQ(back[s].yLow, series[s].yLow);
        EXPECT_EQ(back[s].yHigh, series[s].yHigh);
    }
    // Every raw row of the log is there, exactly as the log wrote it.
    EXPECT_EQ(back[0].x, (std::vector<double>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}));
    EXPECT_EQ(back[0].y[2], std::stod(std::to_string(1.0 / 3)));
    EXPECT_EQ(back[2].y[9], std::stod(std::to_string(1.5 / 10)));
}

TEST_F(TrainingLogFiles, LogListsAreSemicolonSeparatedAndStoredAbsolute) {
    const ParamSpec *spec = explorer().info().specs().data();
    ASSERT_EQ(spec->name, "log");
    ParamSet values = defaults();
    ASSERT_FALSE(values.set("log", std::string(" a.csv ;; /tmp/b.csv ")));
    const std::string text = values.text("log");
    EXPECT_EQ(text.find(';'), text.rfind(';')) << "one separator left: " << text;
    EXPECT_EQ(text.front(), '/');
    EXPECT_NE(text.find("/a.csv; /tmp/b.csv"), std::string::npos) << text;
    EXPECT_EQ(explorer().table().read(values).logs.size(), 2u);
}
