// SPDX-License-Identifier: MIT
#pragma once
// "Input- vs parameter-gradient inequality" (post 8796, gradients.md §1): both sides of (1.1) for
// one input and for many, where the bound is loose or tight, a stress test over random nets that
// counts violations, an adversarial search with a savable certificate, and the user's own model.

#include <cstdint>
#include <memory>
#include <optional>

#include "common/typed_explorer_view.h"
#include "inequality/inequality.h"

class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace dimscope::views {

class InequalityPlots;

class InequalityView : public TypedExplorerView<inequality::InequalityExplorer> {
    Q_OBJECT
public:
    explicit InequalityView(QWidget *parent = nullptr);
    ~InequalityView() override;

    QList<PlotEntry> plots() const override;

    /// Uses the model in `folder` (nets becomes 1) and restarts; a bad folder is reported inline
    /// with the core's message, which names the file. The Browse buttons end here.
    void loadModelFolder(const QString &folder);
    /// Uses the N × d inputs in `path` and restarts.
    void loadInputs(const QString &path);
    /// Evaluates the certificate in `path` (its net, f and input; norm and include-biases set to
    /// the certificate's) and restarts. nullopt on success, else the message naming the file.
    std::optional<QString> openCertificate(const QString &path);
    /// Back to random nets and random inputs.
    void useRandomNet();
    /// True when the run on screen found a worst case (search-steps > 0).
    bool hasCertificate() const { return static_cast<bool>(m_worst); }
    /// Writes the worst case as certificate JSON, atomically. nullopt on success, else the message.
    std::optional<QString> saveCertificate(const QString &path) const;
    /// The "Sample 2000 nets" button (§1.8): the stress test with kSampleNets random nets of the
    /// shape on screen, at most kSampleInputs inputs each; restarts.
    void sampleNets();

    /// Nets drawn by sampleNets().
    static constexpr std::int64_t kSampleNets = 2000;
    /// Inputs per net that sampleNets() keeps at most (fewer stay fewer).
    static constexpr std::int64_t kSampleInputs = 100;

protected:
    /// The shape row (§1.8: depth l, width of the hidden layers, input dim; one output) follows
    /// the widths when they are such a shape, and says "custom" otherwise; on every edit.
    void showParams(const inequality::InequalityParams &params) override;
    /// The source line and the tab that suits one net or many.
    void prepare(const inequality::InequalityParams &params) override;
    void drawSnapshot(const inequality::InequalitySnapshot &snapshot) override;
    void drawResult(const inequality::InequalityResult &result) override;

private:
    void chooseCertificatePath();
    /// Writes the shape row into the widths field and restarts.
    void applyShape();

    std::unique_ptr<InequalityPlots> m_plots;
    std::unique_ptr<inequality::Certificate> m_worst; ///< of the run on screen
    QTabWidget *m_tabs = nullptr;
    QLabel *m_source = nullptr;
    QPushButton *m_saveCertificate = nullptr;
    QSpinBox *m_depth = nullptr;
    QSpinBox *m_width = nullptr;
    QSpinBox *m_inputDim = nullptr;
    QLabel *m_shapeNote = nullptr;
    QPushButton *m_sampleNets = nullptr;
    bool m_singleShown = true; ///< the tab follows the mode only when the mode changes
};

} // namespace dimscope::views
