// SPDX-License-Identifier: MIT
#pragma once
// "Angles between random vectors" (post 7076): the histogram of θ against the exact law, and how
// the variance and the share of near-orthogonal pairs move with the dimension.

#include "common/explorer_view.h"

namespace dimscope::angles {
struct AngleSnapshot;
struct AngleResult;
struct AngleParams;
} // namespace dimscope::angles

class QCPBars;
class QCPGraph;

namespace dimscope::views {

class AnglesView : public ExplorerView {
    Q_OBJECT
public:
    explicit AnglesView(QWidget *parent = nullptr);
    ~AnglesView() override;

    QList<PlotEntry> plots() const override;
    RunOutcome runBlocking(const ParamSet &values) override;

protected:
    void startRun(const ParamSet &values) override;

private:
    void prepareTheory(const angles::AngleParams &params);
    void drawSnapshot(const angles::AngleSnapshot &snapshot);
    void drawResult(const angles::AngleResult &result);

    QCustomPlot *m_histogramPlot = nullptr;
    QCustomPlot *m_variancePlot = nullptr;
    QCustomPlot *m_nearPlot = nullptr;
    QCPBars *m_bars = nullptr;
    QCPGraph *m_exactDensity = nullptr;
    QCPGraph *m_normalDensity = nullptr;
    QCPGraph *m_exactVariance = nullptr;
    QCPGraph *m_laplaceVariance = nullptr;
    QCPGraph *m_sweepVariance = nullptr;
    QCPGraph *m_exactNear = nullptr;
    QCPGraph *m_sweepNear = nullptr;
    struct Shown;
    std::unique_ptr<Shown> m_shown;  ///< parameters of the run on screen (units, δ, law)
};

} // namespace dimscope::views
