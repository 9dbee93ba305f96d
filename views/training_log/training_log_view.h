// SPDX-License-Identifier: MIT
#pragma once
// "Training logs": the user's own training runs (Lightning, TensorBoard, W&B or any CSV with a
// step column) as publishable curves: each run's raw points faded behind, the seed ensemble's
// mean with a band the legend defines, a smoother the legend names, true log axes, every point
// kept and only the drawing decimated.

#include <memory>

#include "common/typed_explorer_view.h"
#include "training_log/training_log.h"

class QCheckBox;
class QComboBox;
class QLabel;

namespace dimscope::views {

class EnsembleLayer;

class TrainingLogView : public TypedExplorerView<training_log::TrainingLogExplorer> {
    Q_OBJECT
public:
    explicit TrainingLogView(QWidget *parent = nullptr);
    ~TrainingLogView() override;

    QList<PlotEntry> plots() const override;

    /// Reads `paths` (files or folders) as the runs of one ensemble and restarts.
    void openLogs(const QStringList &paths);
    /// Back to the example log shipped with dimscope.
    void showExample();
    /// Draws the metric `column` of the files on screen.
    void chooseMetric(const QString &column);

protected:
    void prepare(const training_log::TrainingLogParams &params) override;
    void drawSnapshot(const training_log::TrainingLogSnapshot &snapshot) override;
    void drawResult(const training_log::TrainingLogResult &result) override;

private:
    void rescale();

    QCustomPlot *m_plot = nullptr;
    std::unique_ptr<EnsembleLayer> m_layer;
    QLabel *m_source = nullptr;
    QComboBox *m_metric = nullptr;
    QCheckBox *m_raw = nullptr;
};

} // namespace dimscope::views
