// SPDX-License-Identifier: MIT
#pragma once
// "GAN latents with the hub prior" (post 9147 §1.4; Liang et al. 2022): the k-occurrence histogram
// of one batch of latents with the threshold, hub value against ‖z‖, and the norms of all,
// accepted and truncated (ψz) latents beside the exact χ law. No GAN: everything is in Z space.

#include <memory>

#include "common/typed_explorer_view.h"
#include "hubness/gan_prior.h"

class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;

namespace dimscope::views {

class GanPriorView : public TypedExplorerView<hubness::gan::GanPriorExplorer> {
    Q_OBJECT
public:
    explicit GanPriorView(QWidget *parent = nullptr);
    ~GanPriorView() override;

    QList<PlotEntry> plots() const override;

protected:
    /// Titles, labels and the exact curves, which depend only on the parameters.
    void prepare(const hubness::GanPriorParams &params) override;
    void drawSnapshot(const hubness::GanPriorSnapshot &snapshot) override;
    void drawResult(const hubness::GanPriorResult &result) override;

private:
    void drawOccurrence(const hubness::GanPriorResult &result);
    void drawScatter(const hubness::GanPriorResult &result);
    void drawNorms(const hubness::GanPriorResult &result);
    void showReadouts(const hubness::GanPriorResult &result);

    QCustomPlot *m_occurrencePlot = nullptr;
    QCustomPlot *m_scatterPlot = nullptr;
    QCustomPlot *m_normPlot = nullptr;
    QCPGraph *m_rejectedSteps = nullptr; ///< hub-value histograms: step lines on a log axis
    QCPGraph *m_acceptedSteps = nullptr;
    QCPGraph *m_poisson = nullptr;
    QCPItemStraightLine *m_threshold = nullptr;
    QCPItemText *m_thresholdLabel = nullptr;
    QCPItemText *m_poissonLabel = nullptr; ///< labels the curve directly: no legend over the bars
    QCPGraph *m_rejectedPoints = nullptr;
    QCPGraph *m_acceptedPoints = nullptr;
    QCPItemStraightLine *m_scatterThreshold = nullptr;
    QCPBars *m_allNorms = nullptr;
    QCPBars *m_truncatedNorms = nullptr;
    QCPGraph *m_acceptedNorms = nullptr;
    QCPGraph *m_chi = nullptr;
    QCPGraph *m_chiTruncated = nullptr;
};

} // namespace dimscope::views
