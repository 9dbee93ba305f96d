// SPDX-License-Identifier: MIT
#pragma once
// "Length extrapolation and random positions" (post 9444): which position ids and RoPE angles the
// training samples show, against the test range, for the chosen scheme and beside the other two;
// and the entropy of attention against length with and without log_m n scaling.

#include "common/typed_explorer_view.h"
#include "positions/positions.h"

class QCPColorMap;
class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;

namespace dimscope::views {

class PositionsView : public TypedExplorerView<positions::PositionsExplorer> {
    Q_OBJECT
public:
    explicit PositionsView(QWidget *parent = nullptr);

    QList<PlotEntry> plots() const override;

protected:
    void prepare(const positions::PositionsParams &params) override;
    void drawResult(const positions::PositionsResult &result) override;

private:
    void drawIds(const positions::PositionsResult &r);
    void drawRope(const positions::PositionsResult &r);
    void drawAngles(const positions::PositionsResult &r);
    void drawEntropy(const positions::PositionsResult &r);

    QCustomPlot *m_idsPlot = nullptr, *m_ropePlot = nullptr, *m_anglesPlot = nullptr,
                *m_entropyPlot = nullptr;
    QCPGraph *m_ids = nullptr;
    QCPItemRect *m_testRange = nullptr;
    QCPGraph *m_ropeLines[3] = {nullptr, nullptr, nullptr};
    QCPColorMap *m_angles = nullptr;
    QCPItemStraightLine *m_testTurns = nullptr;
    QCPGraph *m_plain = nullptr, *m_scaled = nullptr, *m_approxPlain = nullptr,
             *m_approxScaled = nullptr;
    QCPItemStraightLine *m_trainMarker = nullptr;
};

} // namespace dimscope::views
