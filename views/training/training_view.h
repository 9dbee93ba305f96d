// SPDX-License-Identifier: MIT
#pragma once
// "Training lab" (gradients.md §1.8, §2): a small model trained live by one of the essays'
// optimizers, over R seeds. Curves of the losses and accuracy (mean with a stated band, or every
// seed), the optimizer's inner state (a fan of per-coordinate effective steps, EGDD's scale, the
// weights EG underflowed to 0), the task's own metrics (Occam: arc length beside the train loss)
// and the model itself. A run can be pinned and later runs compared against it.

#include <memory>
#include <vector>

#include "common/typed_explorer_view.h"
#include "curves/ensemble.h"
#include "curves/smoothing.h"
#include "training/training.h"

class QCheckBox;
class QComboBox;
class QLabel;

namespace dimscope::views {

class EnsembleLayer;

class TrainingView : public TypedExplorerView<training::TrainingExplorer> {
    Q_OBJECT
public:
    explicit TrainingView(QWidget *parent = nullptr);
    ~TrainingView() override;

    QList<PlotEntry> plots() const override;

    /// The x axis of every curve: logged steps, epochs (passes over the training set) or the
    /// mean wall time over seeds.
    enum class XAxis { Steps, Epochs, WallTime };
    void setXAxis(XAxis axis);
    /// Keeps the curves on screen as a faded reference for later runs (train loss, and test loss
    /// where there is one); clearPins() drops them.
    void pinRun();
    void clearPins();
    int pinCount() const { return static_cast<int>(m_pins.size()); }

protected:
    void prepare(const training::TrainingParams &params) override;
    void drawSnapshot(const training::TrainingSnapshot &snapshot) override;
    void drawResult(const training::TrainingResult &result) override;

private:
    struct Shown;
    struct Pin;
    void drawCurves();
    void drawPins();
    std::vector<double> xOf(const training::TrainingCurves &curves, double stepsPerEpoch) const;
    curves::Band band() const;
    curves::Smoother smoother() const;
    void showReadouts();

    QCustomPlot *m_lossPlot = nullptr;
    QCustomPlot *m_secondPlot = nullptr;
    QCustomPlot *m_optimizerPlot = nullptr;
    QCustomPlot *m_modelPlot = nullptr;
    std::vector<std::unique_ptr<EnsembleLayer>> m_layers; ///< of the run on screen
    std::vector<std::unique_ptr<Pin>> m_pins;
    std::unique_ptr<Shown> m_shown; ///< the curves and pictures last drawn
    QComboBox *m_xAxis = nullptr;
    QComboBox *m_band = nullptr;
    QComboBox *m_smoothing = nullptr;
    QCheckBox *m_logX = nullptr;
    QCheckBox *m_logY = nullptr;
};

} // namespace dimscope::views
