// SPDX-License-Identifier: MIT
#pragma once
// "Hubness against dimension" (post 9147; geometry.md §3.1): k-skewness, Robin Hood, antihub share
// and Spearman(N_k, distance to the mean) against d or k, mean ± sd over seeds, points streaming in
// as they complete, beside the Poisson "no hubness" baseline and the §3.1 reference values.

#include <memory>

#include "common/explorer_view.h"

namespace dimscope::hubness {
struct SweepParams;
struct SweepPoint;
struct SweepResult;
} // namespace dimscope::hubness

namespace dimscope::views {

class HubnessSweepView : public ExplorerView {
    Q_OBJECT
public:
    explicit HubnessSweepView(QWidget *parent = nullptr);
    ~HubnessSweepView() override;

    QList<PlotEntry> plots() const override;
    RunOutcome runBlocking(const ParamSet &values) override;

protected:
    void startRun(const ParamSet &values) override;

private:
    struct Panel;
    /// Frames the plots for a run of `params` and draws what is known before any point: baselines
    /// and reference values.
    void prepare(const hubness::SweepParams &params);
    void drawPoints(const std::vector<hubness::SweepPoint> &points);
    void drawResult(const hubness::SweepResult &result);
    void rescale();

    std::vector<std::unique_ptr<Panel>> m_panels;
    std::unique_ptr<hubness::SweepParams> m_shown; ///< parameters of the run on screen
};

} // namespace dimscope::views
