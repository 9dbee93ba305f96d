// SPDX-License-Identifier: MIT
#pragma once
// "Multi-task weighting on a Pareto front" (posts 8870, 8896, 8907): the parameter plane with every
// task's contours, the Pareto set and nine methods' paths; the gradients at one point with their
// hull and min-norm point; the chosen path's task losses and weights against the step. Computes in
// milliseconds, so it redraws while a slider is dragged.

#include <memory>

#include "common/typed_explorer_view.h"
#include "pareto/pareto.h"

class QCheckBox;

namespace dimscope::views {

class ParetoView : public TypedExplorerView<pareto::ParetoExplorer> {
    Q_OBJECT
public:
    explicit ParetoView(QWidget *parent = nullptr);

    QList<PlotEntry> plots() const override;

protected:
    void prepare(const pareto::ParetoParams &params) override;
    void drawResult(const pareto::ParetoResult &result) override;
    void drawSharedResult(const std::shared_ptr<const pareto::ParetoResult> &result) override;

private:
    void drawAlongPath(const pareto::ParetoResult &result);
    void showReadouts(const pareto::ParetoResult &result);

    QCustomPlot *m_landscapePlot = nullptr;
    QCustomPlot *m_arrowPlot = nullptr;
    QCustomPlot *m_lossPlot = nullptr;
    QCustomPlot *m_weightPlot = nullptr;
    QCheckBox *m_logSteps = nullptr;
    std::shared_ptr<const pareto::ParetoResult> m_result; ///< drawn again when the box changes
};

} // namespace dimscope::views
