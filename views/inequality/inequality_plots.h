// SPDX-License-Identifier: MIT
#pragma once
// The four plots of the inequality explorer and how each is drawn:
//   layers   — one net, one input: each layer's left-side term against its right-side block;
//   lhs-rhs  — one net, many inputs: LHS against RHS (log–log) with the line of equality;
//   ratio    — one net: histogram of log10 R over the inputs;
//   stress   — many random nets: histogram of log10 R, streaming, with the violation count and
//              the inputs off its scale (R = 0, R ≥ 100) as labelled bars at its ends.
// A plot that the current mode cannot fill says in its title what to set. GUI thread only.
// Their parts: label placement in plot_labels.h, the log10 R histogram in ratio_histogram.h,
// percent text in percent_text.h (other numbers: common/number_text.h).

#include <cstdint>
#include <memory>
#include <optional>

#include <QCoreApplication>
#include <QList>
#include <QMetaObject>
#include <QPointF>
#include <QSharedPointer>

#include "common/explorer_view.h"
#include "inequality/plot_labels.h"

namespace dimscope {
struct Histogram;
}
namespace dimscope::inequality {
struct InequalityResult;
struct Certificate;
} // namespace dimscope::inequality

class QCPAxisTicker;
class QCPAxisTickerText;
class QCPBars;
class QCPGraph;
class QCPItemLine;
class QCPItemText;

namespace dimscope::views {

/// What the stress plot shows: the streaming histogram and the counts that go with it.
struct StressData {
    const Histogram *logRatio = nullptr; ///< log10 R, R = 0 (and R < 1e-8) as underflow
    std::int64_t violations = 0;         ///< inputs with R > kViolationThreshold
    std::int64_t netsViolating = 0;      ///< nets with at least one of them
    std::int64_t netsDone = 0;
    double maxRatio = 0;
    /// Median R to mark: exact when the run is done, else stressMedianEstimate()
    /// (ratio_histogram.h); nullopt hides it.
    std::optional<double> median;
};

class InequalityPlots {
    Q_DECLARE_TR_FUNCTIONS(InequalityPlots)
public:
    /// Creates the plots without a parent; the caller puts them into a layout.
    InequalityPlots();
    ~InequalityPlots();
    InequalityPlots(const InequalityPlots &) = delete;
    InequalityPlots &operator=(const InequalityPlots &) = delete;

    /// layers, lhs-rhs, ratio, stress (the main one first).
    QList<PlotEntry> entries() const;
    QCustomPlot *layers() const { return m_layers; }
    QCustomPlot *lhsRhs() const { return m_lhsRhs; }
    QCustomPlot *ratio() const { return m_ratio; }
    QCustomPlot *stress() const { return m_stress; }

    /// A finished single-net run: fills layers, lhs-rhs and ratio; empties stress.
    void drawSingle(const inequality::InequalityResult &result);
    /// A stress run so far (or finished): fills stress; empties the single-net plots. Clears the
    /// search marker (markWorst sets it once the run is done).
    void drawStress(const StressData &data);
    /// Marks the adversarial search's worst case (nullptr: none) on lhs-rhs, ratio and stress.
    void markWorst(const inequality::Certificate *worst, bool singleNet);

private:
    void emptySingle();
    void emptyStress();
    void drawLayers(const inequality::InequalityResult &result);
    void drawScatter(const inequality::InequalityResult &result);
    void drawRatioHistogram(const inequality::InequalityResult &result);
    /// Sets the square log–log range of lhs-rhs and redraws the guides R = 1, 0.1, 0.01 over it.
    void setScatterRange(double a, double b);
    /// Draws the stress histogram from m_stressData, m_stressHist and m_stressWorstRatio.
    void renderStress();
    /// Puts the search's worst case on lhs-rhs: the star, or an arrow at the edge when it lies
    /// outside the range fitted to the sampled points.
    void placeWorstOnScatter(const inequality::Certificate &worst);

    QCustomPlot *m_layers = nullptr;
    QCPBars *m_layerLhs = nullptr;
    QCPBars *m_layerRhs = nullptr;
    QList<QCPItemText *> m_layerLabels; ///< per-layer ratio above each pair of bars

    QCustomPlot *m_lhsRhs = nullptr;
    QCPGraph *m_points = nullptr;
    QCPGraph *m_violating = nullptr;
    QCPGraph *m_equality = nullptr;
    QCPGraph *m_tenth = nullptr;
    QCPGraph *m_hundredth = nullptr;
    /// "R = 1", "R = 0.1", "R = 0.01" where the guide lines leave the plot: tick labels of the
    /// right axis, which makes room for them at any font size (screen, projector, export).
    QSharedPointer<QCPAxisTickerText> m_guideTicks;
    QCPGraph *m_worstPoint = nullptr;
    QCPItemText *m_worstLabel = nullptr;
    QCPItemLine *m_worstArrow = nullptr; ///< points at a worst case outside the range
    QPointF m_worstAt;                   ///< (RHS, LHS) of the star inside the range

    QCustomPlot *m_ratio = nullptr;
    QCPBars *m_ratioBars = nullptr;
    QCPBars *m_ratioBarsOver = nullptr;
    inequality_detail::VerticalMarker m_ratioBound, m_ratioMedian, m_ratioWorst;

    QCustomPlot *m_stress = nullptr;
    QCPBars *m_stressBars = nullptr;
    QCPBars *m_stressBarsOver = nullptr;
    QCPBars *m_stressUnderflow = nullptr; ///< R = 0 or R < 1e-8, set apart at the left
    QCPBars *m_stressOverflow = nullptr;  ///< R ≥ 100, set apart at the right
    QCPItemText *m_stressUnderflowLabel = nullptr;
    QCPItemText *m_stressOverflowLabel = nullptr;
    QSharedPointer<QCPAxisTicker> m_stressTicker;
    inequality_detail::VerticalMarker m_stressBound, m_stressMedian, m_stressWorst;
    StressData m_stressData; ///< of the last drawStress; logRatio points at m_stressHist
    std::unique_ptr<Histogram> m_stressHist;
    std::optional<double> m_stressWorstRatio; ///< search result to mark on stress

    QList<QMetaObject::Connection> m_connections; ///< label layout hooks, cut in the destructor
};

} // namespace dimscope::views
