// SPDX-License-Identifier: MIT
// Each log format from a committed sample written as the tool writes it: Lightning's sparse
// metrics.csv, TensorBoard's download, a W&B export with several runs, a CSV with a Step column.
#include <algorithm>

#include <gtest/gtest.h>

#include "io/npy.h"
#include "log_test_support.h"
#include "training_log/log_reader.h"

using namespace dimscope;
using namespace dimscope::training_log;
using test::sample;

namespace {
TrainingLog read(const std::string &file, const std::string &y = {},
                 const std::string &x = kDefaultX) {
    return *readTrainingLog(sample(file), {x, y});
}
bool mentions(const std::vector<std::string> &notes, const std::string &text) {
    return std::any_of(notes.begin(), notes.end(),
                       [&](const std::string &n) { return n.find(text) != std::string::npos; });
}
} // namespace

TEST(LogReader, LightningSkipsRowsWithoutTheMetric) {
    const TrainingLog log = read("lightning_metrics.csv", "val_loss");
    EXPECT_EQ(log.format, LogFormat::Lightning);
    EXPECT_EQ(log.rows, 16);
    EXPECT_EQ(log.xColumn, "step");
    EXPECT_EQ(log.yColumn, "val_loss");
    ASSERT_EQ(log.runs.size(), 1u);
    EXPECT_EQ(log.runs[0].x, (std::vector<double>{19, 39}));
    EXPECT_EQ(log.runs[0].y, (std::vector<double>{0.9133999943733215, 0.6011999845504761}));
    // What y can name: the metrics, not the step or the epoch.
    EXPECT_EQ(log.metrics, (std::vector<std::string>{"lr-Adam", "train_acc_epoch", "train_acc_step",
                                                     "train_loss_epoch", "train_loss_step",
                                                     "val_acc", "val_loss"}));
}

TEST(LogReader, LightningDefaultsToTheFirstLossAndReadsEpochAsX) {
    const TrainingLog byStep = read("lightning_metrics.csv");
    EXPECT_EQ(byStep.yColumn, "train_loss_epoch"); // not lr-Adam, which sorts first
    EXPECT_EQ(byStep.runs[0].x, (std::vector<double>{19, 39}));
    const TrainingLog byEpoch = read("lightning_metrics.csv", "train_loss_step", "epoch");
    EXPECT_EQ(byEpoch.xColumn, "epoch");
    EXPECT_EQ(byEpoch.runs[0].x, (std::vector<double>{0, 0, 0, 1, 1, 1}));
    EXPECT_DOUBLE_EQ(byEpoch.runs[0].y[3], 0.8009999990463257);
}

TEST(LogReader, TensorBoardDownload) {
    const TrainingLog log = read("tensorboard_run-seed_1-tag-train_loss.csv");
    EXPECT_EQ(log.format, LogFormat::TensorBoard);
    EXPECT_EQ(log.xColumn, "Step"); // `step` in any case
    EXPECT_EQ(log.yColumn, "Value");
    EXPECT_EQ(log.metrics, std::vector<std::string>{"Value"});
    ASSERT_EQ(log.runs.size(), 1u);
    EXPECT_EQ(log.runs[0].x, (std::vector<double>{0, 100, 200, 300, 400, 500}));
    EXPECT_DOUBLE_EQ(log.runs[0].y[0], 2.3025851249694824);
    const TrainingLog byTime = read("tensorboard_run-seed_1-tag-train_loss.csv", "", "wall time");
    EXPECT_EQ(byTime.xColumn, "Wall time");
    EXPECT_DOUBLE_EQ(byTime.runs[0].x[1], 1714557303.0917146);
}

TEST(LogReader, WandbExportGivesOneRunPerColumnAndIgnoresMinMax) {
    const TrainingLog log = read("wandb_export_2024-05-01T12_00_00.000+02_00.csv");
    EXPECT_EQ(log.format, LogFormat::Wandb);
    EXPECT_EQ(log.xColumn, "Step");
    EXPECT_EQ(log.yColumn, "train/loss");
    EXPECT_EQ(log.metrics, std::vector<std::string>{"train/loss"});
    ASSERT_EQ(log.runs.size(), 3u);
    EXPECT_EQ(log.runs[0].name, "olive-dream-3");
    EXPECT_EQ(log.runs[1].name, "crisp-sky-2");
    EXPECT_EQ(log.runs[2].name, "lucky-river-1");
    EXPECT_EQ(log.runs[0].x.size(), 7u);
    EXPECT_EQ(log.runs[1].x.size(), 5u); // stopped at step 400: its empty cells are skipped
    EXPECT_DOUBLE_EQ(log.runs[2].y[6], 0.2964);
    EXPECT_TRUE(mentions(log.notes, "__MIN and __MAX columns are not read"));
    // One run by its full column name.
    const TrainingLog one =
        read("wandb_export_2024-05-01T12_00_00.000+02_00.csv", "crisp-sky-2 - train/loss");
    ASSERT_EQ(one.runs.size(), 1u);
    EXPECT_EQ(one.runs[0].name, "crisp-sky-2");
}

TEST(LogReader, AnyCsvWithAStepColumn) {
    const TrainingLog log = read("plain_steps.csv");
    EXPECT_EQ(log.format, LogFormat::Csv);
    EXPECT_EQ(log.xColumn, "Step");
    EXPECT_EQ(log.yColumn, "loss");
    EXPECT_EQ(log.columns, (std::vector<std::string>{"Step", "loss", "lr", "comment"}));
    EXPECT_EQ(log.runs[0].x, (std::vector<double>{0, 10, 20, 30, 40}));
    EXPECT_EQ(log.runs[0].y, (std::vector<double>{2.30, 1.95, 1.61, 1.20, 1.02}));
    // A text column is only refused when it is read.
    EXPECT_THROW(read("plain_steps.csv", "comment"), DataFileError);
}

TEST(LogReader, WithoutAStepColumnXIsTheFirstColumn) {
    const auto log = parseTrainingLog("iter,loss\n1,0.5\n2,0.25\n", "a.csv", ',', {});
    EXPECT_EQ(log->xColumn, "iter");
    EXPECT_EQ(log->yColumn, "loss");
    EXPECT_TRUE(mentions(log->notes, "no column is named step"));
    const auto tsv = parseTrainingLog("epoch\tacc\n0\t0.5\n", "a.tsv", '\t', {});
    EXPECT_EQ(tsv->runs[0].y, std::vector<double>{0.5});
}

TEST(LogReader, AHeaderlessFileNamesItsColumns) {
    const auto log = parseTrainingLog("0,2.5\n1,2.0\n", "n.csv", ',', {});
    EXPECT_EQ(log->columns, (std::vector<std::string>{"column 1", "column 2"}));
    EXPECT_EQ(log->runs[0].x, (std::vector<double>{0, 1}));
    EXPECT_TRUE(mentions(log->notes, "holds numbers, not column names"));
}

TEST(LogReader, AResumedRunIsPutInOrderOfX) {
    const auto log =
        parseTrainingLog("step,loss\n0,3\n10,2\n20,1.5\n10,2.1\n20,1.4\n30,1\n", "r.csv", ',', {});
    EXPECT_EQ(log->runs[0].x, (std::vector<double>{0, 10, 10, 20, 20, 30}));
    EXPECT_EQ(log->runs[0].y, (std::vector<double>{3, 2, 2.1, 1.5, 1.4, 1}));
    EXPECT_TRUE(mentions(log->notes, "goes back at line 5"));
}

TEST(LogReader, ProgressCanStopARead) {
    std::string text = "step,loss\n";
    for (int i = 0; i < 200000; ++i)
        text += std::to_string(i) + ",1\n";
    int calls = 0;
    const auto stopped =
        parseTrainingLog(text, "big.csv", ',', {}, [&](std::uint64_t done, std::uint64_t total) {
            EXPECT_LE(done, total);
            return ++calls < 2;
        });
    EXPECT_FALSE(stopped);
    EXPECT_EQ(calls, 2);
}
