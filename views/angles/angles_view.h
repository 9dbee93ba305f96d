// SPDX-License-Identifier: MIT
#pragma once
// "Angles between random vectors" (post 7076): the histogram of θ against the exact law, and how
// the variance and the share of near-orthogonal pairs move with the dimension.

#include "angles/angles.h"
#include "common/typed_explorer_view.h"

class QCheckBox;
class QCPBars;
class QCPGraph;

namespace dimscope::views {

class AnglesView : public TypedExplorerView<angles::AnglesExplorer> {
    Q_OBJECT
public:
    explicit AnglesView(QWidget *parent = nullptr);

    QList<PlotEntry> plots() const override;

protected:
    void prepare(const angles::AngleParams &params) override;
    void drawSnapshot(const angles::AngleSnapshot &snapshot) override;
    void drawResult(const angles::AngleResult &result) override;

private:
    /// The histogram's x axis over every angle when "Whole 0–180° axis" is on.
    void applyWholeAxis();

    QCheckBox *m_fullRange = nullptr;
    angles::Units m_units = angles::Units::Degrees;
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
};

} // namespace dimscope::views
