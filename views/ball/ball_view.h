// SPDX-License-Identifier: MIT
#pragma once
// "The collapsing ball" (post 9147): the unit ball's volume and its share of the cube, rejection
// sampling live, the outer shell, and how norms and distances concentrate as the dimension grows.

#include <memory>

#include "common/explorer_view.h"

namespace dimscope::ball {
struct BallParams;
struct BallSnapshot;
struct BallResult;
} // namespace dimscope::ball

class QTabWidget;

namespace dimscope::views {

class BallPlots;

class BallView : public ExplorerView {
    Q_OBJECT
public:
    explicit BallView(QWidget *parent = nullptr);
    ~BallView() override;

    QList<PlotEntry> plots() const override;
    RunOutcome runBlocking(const ParamSet &values) override;

protected:
    void startRun(const ParamSet &values) override;

private:
    void prepare(const ball::BallParams &params);
    void drawSnapshot(const ball::BallSnapshot &snapshot);
    void drawResult(const ball::BallResult &result);

    std::unique_ptr<BallPlots> m_plots;
    std::unique_ptr<ball::BallParams> m_shown;  ///< parameters of the run on screen
    QTabWidget *m_tabs = nullptr;
};

} // namespace dimscope::views
