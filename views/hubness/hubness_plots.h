// SPDX-License-Identifier: MIT
#pragma once
// The five plots of the hubness explorer and how each is drawn:
//   k-occurrence  — histogram of N_k with the Poisson(k) "no hubness" reference (linear or log y);
//   lorenz        — Lorenz curve of N_k, the line of equality, Gini and Robin Hood;
//   mean-distance — N_k against the distance to the data mean, Spearman ρ;
//   projection    — 2-D PCA of the points, size and colour by N_k; a click rings the reverse
//                   neighbours of the point under the mouse (these two: hubness_scatter.cpp);
//   reduction     — N_k histograms before and after a hubness reduction.
// A plot the current input cannot fill says in its title what to set. GUI thread only.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <QCoreApplication>
#include <QList>
#include <QPointF>

#include "common/explorer_view.h"

namespace dimscope::hubness {
struct HubnessResult;
}

class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace dimscope::views {

class HubnessPlots {
    Q_DECLARE_TR_FUNCTIONS(HubnessPlots)
public:
    /// Creates the plots without a parent; the caller puts them into a layout.
    HubnessPlots();

    /// k-occurrence, lorenz, mean-distance, projection, reduction (the main one first).
    QList<PlotEntry> entries() const;
    QCustomPlot *occurrence() const { return m_occurrence; }
    QCustomPlot *lorenz() const { return m_lorenz; }
    QCustomPlot *meanDistance() const { return m_meanDistance; }
    QCustomPlot *projection() const { return m_projection; }
    QCustomPlot *reduction() const { return m_reduction; }

    /// Draws a finished run into every plot and forgets the selected point. The result is kept,
    /// shared with the view, for what a click on a point shows.
    void draw(std::shared_ptr<const hubness::HubnessResult> result);
    /// Log-10 count axis for both histograms.
    void setLogY(bool logY);
    bool logY() const { return m_logY; }

    /// The point drawn nearest to `pixel` in the projection plot, within a few pixels; −1 if none.
    int pointAt(const QPointF &pixel) const;
    /// Rings the reverse neighbours of point `index` (the points that list it among their k NN)
    /// and marks it in the projection and mean-distance plots; −1 clears. Returns how many.
    int selectPoint(int index);
    int selectedPoint() const { return m_selected; }

private:
    void setUpScatterPlots(); ///< mean-distance and projection (hubness_scatter.cpp)
    void drawOccurrence(const hubness::HubnessResult &r);
    void drawLorenz(const hubness::HubnessResult &r);
    void drawMeanDistance(const hubness::HubnessResult &r);
    void drawProjection(const hubness::HubnessResult &r);
    void drawReduction(const hubness::HubnessResult &r);
    void rescaleHistograms();

    bool m_logY = false;
    int m_k = 10;
    double m_hubThreshold = 20;
    std::int64_t m_n = 0;

    QCustomPlot *m_occurrence = nullptr;
    QCPBars *m_occurrenceBars = nullptr;
    QCPGraph *m_poisson = nullptr;
    QCPItemStraightLine *m_hubLine = nullptr;
    QCPItemText *m_hubLabel = nullptr;
    QCPItemText *m_tailLabel = nullptr; ///< linear y: how many points lie beyond the x range
    QCPItemText *m_reductionTailLabel = nullptr; ///< the same for the reduction's histogram
    std::vector<double> m_observedCounts, m_poissonCounts; ///< points per N_k value

    QCustomPlot *m_lorenz = nullptr;
    QCPGraph *m_lorenzCurve = nullptr;
    QCPGraph *m_lorenzPoisson = nullptr;
    QCPGraph *m_equality = nullptr;
    QCPGraph *m_eighty = nullptr;      ///< the dashed guide to "80 % of the slots"
    QCPGraph *m_eightyPoint = nullptr; ///< the marker on the curve

    QCustomPlot *m_meanDistance = nullptr;
    QCPGraph *m_meanPoints = nullptr;
    QCPGraph *m_meanHubs = nullptr;
    QCPGraph *m_meanTrend = nullptr;
    QCPGraph *m_meanSelected = nullptr;
    QCPItemStraightLine *m_meanHubLine = nullptr;

    QCustomPlot *m_projection = nullptr;
    QList<QCPGraph *> m_classes;     ///< points by N_k class, antihubs first, strong hubs last
    QCPGraph *m_allPoints = nullptr; ///< above the dot limit: every point, as a density image
    QCPGraph *m_reverse = nullptr;
    QCPGraph *m_selectedMark = nullptr;
    QCPTextElement *m_selectionText = nullptr; ///< a row under the legend while a point is picked

    QCustomPlot *m_reduction = nullptr;
    QCPGraph *m_before = nullptr;
    QCPGraph *m_after = nullptr;
    QCPGraph *m_reductionPoisson = nullptr;
    std::vector<double> m_beforeCounts, m_afterCounts;

    /// What a click needs: the run on screen, with its coordinates, N_k and neighbour lists.
    std::shared_ptr<const hubness::HubnessResult> m_result;
    int m_selected = -1;
};

} // namespace dimscope::views
