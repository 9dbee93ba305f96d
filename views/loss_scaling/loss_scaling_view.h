// SPDX-License-Identifier: MIT
#pragma once
// "Loss scaling in low precision" (post 9059): the log₂ histogram of |g·S| against the chosen
// format's limits, the shares that vanish, go subnormal or overflow for every S = 2⁰…2²⁴ with the
// slider's S marked, and — with training steps — fp32 against the simulated format under the
// scaler, over seeds, with the scale's trace and the skipped steps.

#include <memory>
#include <vector>

#include "common/typed_explorer_view.h"
#include "loss_scaling/loss_scaling.h"

class QCPBars;
class QCPGraph;
class QCPItemStraightLine;

namespace dimscope::views {

class EnsembleLayer;

class LossScalingView : public TypedExplorerView<loss_scaling::LossScalingExplorer> {
    Q_OBJECT
public:
    explicit LossScalingView(QWidget *parent = nullptr);
    ~LossScalingView() override;

    QList<PlotEntry> plots() const override;

protected:
    void prepare(const loss_scaling::LossScalingParams &params) override;
    void drawSnapshot(const loss_scaling::LossScalingSnapshot &snapshot) override;
    void drawResult(const loss_scaling::LossScalingResult &result) override;

private:
    void drawHistogram(const loss_scaling::LossScalingResult &r);
    void drawSweep(const loss_scaling::LossScalingResult &r);
    void drawTraining(const loss_scaling::TrainingTrace &trace);

    QCustomPlot *m_histogramPlot = nullptr, *m_sweepPlot = nullptr, *m_lossPlot = nullptr,
                *m_scalePlot = nullptr;
    QCPBars *m_bars = nullptr;
    std::vector<QCPGraph *> m_limitLines; ///< smallest subnormal, smallest normal, largest
    QCPGraph *m_zero = nullptr, *m_subnormal = nullptr, *m_overflow = nullptr;
    QCPItemStraightLine *m_scaleMarker = nullptr;
    std::vector<std::unique_ptr<EnsembleLayer>> m_layers;
};

} // namespace dimscope::views
