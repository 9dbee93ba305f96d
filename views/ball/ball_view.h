// SPDX-License-Identifier: MIT
#pragma once
// "The collapsing ball" (post 9147): the unit ball's volume and its share of the cube, rejection
// sampling live, the outer shell, and how norms and distances concentrate as the dimension grows.

#include <memory>

#include "ball/ball.h"
#include "common/typed_explorer_view.h"

class QTabWidget;

namespace dimscope::views {

class BallPlots;

class BallView : public TypedExplorerView<ball::BallExplorer> {
    Q_OBJECT
public:
    explicit BallView(QWidget *parent = nullptr);
    ~BallView() override;

    QList<PlotEntry> plots() const override;

protected:
    void prepare(const ball::BallParams &params) override;
    void drawSnapshot(const ball::BallSnapshot &snapshot) override;
    void drawResult(const ball::BallResult &result) override;

private:
    std::unique_ptr<BallPlots> m_plots;
    QTabWidget *m_tabs = nullptr;
};

} // namespace dimscope::views
