// SPDX-License-Identifier: MIT
#pragma once
// "Hubness against dimension" (post 9147; geometry.md §3.1): k-skewness, Robin Hood, antihub share
// and Spearman(N_k, distance to the mean) against d or k, mean ± sd over seeds, points streaming in
// as they complete, beside the Poisson "no hubness" baseline and the §3.1 reference values.

#include <memory>

#include "common/typed_explorer_view.h"
#include "hubness/hubness_sweep.h"

namespace dimscope::views {

class HubnessSweepView : public TypedExplorerView<hubness::sweep::SweepExplorer> {
    Q_OBJECT
public:
    explicit HubnessSweepView(QWidget *parent = nullptr);
    ~HubnessSweepView() override;

    QList<PlotEntry> plots() const override;

protected:
    /// Frames the plots for a run of `params` and draws what is known before any point: baselines
    /// and reference values.
    void prepare(const hubness::SweepParams &params) override;
    void drawSnapshot(const hubness::SweepSnapshot &snapshot) override;
    void drawResult(const hubness::SweepResult &result) override;

private:
    struct Panel;
    void drawPoints(const std::vector<hubness::SweepPoint> &points);
    void rescale();

    std::vector<std::unique_ptr<Panel>> m_panels;
};

} // namespace dimscope::views
