// SPDX-License-Identifier: MIT
#pragma once
// "LoRA as a projected optimizer" (post 9590): the loss of every update rule against the step with
// the rank-r floor beside it, the spectrum of W − W₀ as it grows, the cosine between the rule's
// first-order update and the full gradient, and LoRA's factor norms with their balance.

#include <memory>

#include "common/typed_explorer_view.h"
#include "lora/lora.h"

class QCheckBox;
class QCPItemText;

namespace dimscope::views {

class LoraView : public TypedExplorerView<lora::LoraExplorer> {
    Q_OBJECT
public:
    explicit LoraView(QWidget *parent = nullptr);

    QList<PlotEntry> plots() const override;

protected:
    void prepare(const lora::LoraParams &params) override;
    void drawSnapshot(const lora::LoraSnapshot &snapshot) override;
    void drawResult(const lora::LoraResult &result) override;
    void drawSharedResult(const std::shared_ptr<const lora::LoraResult> &result) override;

private:
    /// The step axis of every plot, log or linear as the box says. On a log axis step 0, which
    /// it cannot show, is left out, and the reference lines start at step 1.
    void applyStepAxis(const lora::LoraResult &result);
    void drawLosses(const lora::LoraResult &result);
    /// Ends the loss axis a few decades below the floors; the title names the runs that fall
    /// below it.
    void showBelowAxis(const lora::LoraResult &result, double top);
    void drawSpectrum(const lora::LoraResult &result);
    void drawCosineAndFactors(const lora::LoraResult &result);
    void showReadouts(const lora::LoraResult &result);

    QCustomPlot *m_lossPlot = nullptr;
    QCPItemText *m_rankFloorLabel = nullptr, *m_additiveFloorLabel = nullptr;
    QString m_lossTitle; ///< the run's, before "below the axis: full to 2.6e-30"
    QCustomPlot *m_spectrumPlot = nullptr;
    QCustomPlot *m_cosinePlot = nullptr;
    QCustomPlot *m_factorPlot = nullptr;
    QCheckBox *m_logSteps = nullptr;
    std::shared_ptr<const lora::LoraResult> m_result; ///< drawn again when the step axis changes
};

} // namespace dimscope::views
