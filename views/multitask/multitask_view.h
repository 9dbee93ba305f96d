// SPDX-License-Identifier: MIT
#pragma once
// "Multi-task training curves" (gradients.md §3.4): each task's loss under each weighting method,
// seed ensembles with their band, and the share of the weights each method gives task 1 (MGDA's
// α₁(t)).

#include <memory>
#include <vector>

#include "common/typed_explorer_view.h"
#include "multitask/multitask.h"

namespace dimscope::views {

class EnsembleLayer;

class MultitaskView : public TypedExplorerView<multitask::MultitaskExplorer> {
    Q_OBJECT
public:
    explicit MultitaskView(QWidget *parent = nullptr);
    ~MultitaskView() override;

    QList<PlotEntry> plots() const override;

protected:
    void prepare(const multitask::MultitaskParams &params) override;
    void drawSnapshot(const multitask::MultitaskSnapshot &snapshot) override;
    void drawResult(const multitask::MultitaskResult &result) override;

private:
    struct Titles {
        QString loss1, loss2, weights;
    };
    /// Before a run; a run adds the band its curves show.
    Titles titles(const multitask::MultitaskParams &params) const;

    QCustomPlot *m_loss1Plot = nullptr;
    QCustomPlot *m_loss2Plot = nullptr;
    QCustomPlot *m_weightPlot = nullptr;
    std::vector<std::unique_ptr<EnsembleLayer>> m_layers;
};

} // namespace dimscope::views
