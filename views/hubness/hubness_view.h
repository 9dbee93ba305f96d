// SPDX-License-Identifier: MIT
#pragma once
// "Hubness" (post 9147, geometry.md §1.2–1.3, §3): how often each point is among the others' k
// nearest neighbours (N_k); hubs appear as d grows and sit near the data mean. Synthetic points,
// the user's embeddings (.npy/.csv/.tsv) or a neighbour file; hubness reduction before/after.

#include <memory>

#include "common/typed_explorer_view.h"
#include "hubness/hubness.h"

class QCheckBox;
class QLabel;
class QTabWidget;

namespace dimscope::views {

class HubnessPlots;

class HubnessView : public TypedExplorerView<hubness::HubnessExplorer> {
    Q_OBJECT
public:
    explicit HubnessView(QWidget *parent = nullptr);
    ~HubnessView() override;

    QList<PlotEntry> plots() const override;

    /// Uses the points in `path` (.npy, .csv, .tsv) and restarts; problems show inline.
    void loadPoints(const QString &path);
    /// Uses the N×k neighbour indices in `path` (.npy) and restarts (reduction becomes none).
    void loadNeighbors(const QString &path);
    /// Back to synthetic data.
    void useSyntheticData();
    /// Log y on both N_k histograms.
    void setLogY(bool logY);
    /// The click handler of the projection: rings the reverse neighbours of point `index`
    /// (−1 clears) and returns how many there are.
    int selectPoint(int index);

protected:
    /// The source line (synthetic law, points file or neighbour file), on every edit.
    void showParams(const hubness::HubnessParams &params) override;
    void prepare(const hubness::HubnessParams &params) override;
    void drawSnapshot(const hubness::HubnessSnapshot &snapshot) override;
    void drawResult(const hubness::HubnessResult &result) override;
    void drawSharedResult(const std::shared_ptr<const hubness::HubnessResult> &result) override;

private:
    std::unique_ptr<HubnessPlots> m_plots;
    QLabel *m_source = nullptr;
    QCheckBox *m_logY = nullptr;
    QTabWidget *m_histograms = nullptr; ///< N_k histogram | before / after reduction
    int m_shownReduction = 0;           ///< the tab follows the reduction only when it changes
    QPoint m_pressPos;
};

} // namespace dimscope::views
