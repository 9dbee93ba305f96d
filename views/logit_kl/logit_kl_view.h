// SPDX-License-Identifier: MIT
#pragma once
// "Symmetric KL for multi-label logits" (post 9039): each class's share of the sigmoid and the
// softmax form, both against a shift of every sᵢ, and the contour of the per-class term with the
// classes on it, and the R-Drop toy's validation F1 for α = 0, 0.5, 2 over seeds. Sliders beside
// the contour edit s, t and the shift live.

#include <memory>
#include <vector>

#include "common/typed_explorer_view.h"
#include "logit_kl/logit_kl.h"

class QCPBars;
class QCPColorMap;
class QCPGraph;
class QCPItemStraightLine;

namespace dimscope::views {

class EnsembleLayer;
class LogitSliders;

class LogitKlView : public TypedExplorerView<logit_kl::LogitKlExplorer> {
    Q_OBJECT
public:
    explicit LogitKlView(QWidget *parent = nullptr);
    ~LogitKlView() override;

    QList<PlotEntry> plots() const override;

protected:
    void showParams(const logit_kl::LogitKlParams &params) override;
    void drawResult(const logit_kl::LogitKlResult &result) override;

private:
    void drawBars(const logit_kl::LogitKlResult &r);
    void drawShift(const logit_kl::LogitKlResult &r);
    void drawContour(const logit_kl::LogitKlResult &r);
    void drawRDrop(const logit_kl::LogitKlResult &r);

    LogitSliders *m_sliders = nullptr;
    QCustomPlot *m_barsPlot = nullptr, *m_shiftPlot = nullptr, *m_contourPlot = nullptr;
    QCPBars *m_sigmoidBars = nullptr, *m_softmaxBars = nullptr;
    QCPGraph *m_sigmoidShift = nullptr, *m_softmaxShift = nullptr, *m_here = nullptr;
    QCPItemStraightLine *m_shiftMarker = nullptr;
    QCPColorMap *m_map = nullptr;
    QCPGraph *m_classPoints = nullptr, *m_diagonal = nullptr;
    QCustomPlot *m_rdropPlot = nullptr;
    std::vector<std::unique_ptr<EnsembleLayer>> m_rdropLayers;
};

} // namespace dimscope::views
