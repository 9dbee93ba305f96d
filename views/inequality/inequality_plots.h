// SPDX-License-Identifier: MIT
#pragma once
// The four plots of the inequality explorer and how each is drawn:
//   layers   — one net, one input: each layer's left-side term against its right-side block;
//   lhs-rhs  — one net, many inputs: LHS against RHS (log–log) with the line of equality;
//   ratio    — one net: histogram of log10 R over the inputs;
//   stress   — many random nets: histogram of log10 R, streaming, with the violation count.
// A plot that the current mode cannot fill says in its title what to set. GUI thread only.

#include <cstdint>
#include <optional>

#include <QCoreApplication>
#include <QList>

#include "common/explorer_view.h"

namespace dimscope {
struct Histogram;
}
namespace dimscope::inequality {
struct InequalityResult;
struct Certificate;
} // namespace dimscope::inequality

class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;

namespace dimscope::views {

/// A vertical line across a plot with a label at its top (R = 1, the median, the search's worst R).
struct VerticalMarker {
    QCPItemStraightLine *line = nullptr;
    QCPItemText *label = nullptr;
    void place(double x, const QString &text);
    void hide();
};

class InequalityPlots {
    Q_DECLARE_TR_FUNCTIONS(InequalityPlots)
public:
    /// Creates the plots without a parent; the caller puts them into a layout.
    InequalityPlots();

    /// layers, lhs-rhs, ratio, stress (the main one first).
    QList<PlotEntry> entries() const;
    QCustomPlot *layers() const { return m_layers; }
    QCustomPlot *lhsRhs() const { return m_lhsRhs; }
    QCustomPlot *ratio() const { return m_ratio; }
    QCustomPlot *stress() const { return m_stress; }

    /// A finished single-net run: fills layers, lhs-rhs and ratio; empties stress.
    void drawSingle(const inequality::InequalityResult &result);
    /// A stress run so far (or finished): fills stress; empties the single-net plots.
    void drawStress(const Histogram &logRatio, std::int64_t violations, std::int64_t netsDone);
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
    QCPItemText *m_equalityLabel = nullptr;
    QCPItemText *m_tenthLabel = nullptr;
    QCPItemText *m_hundredthLabel = nullptr;
    QCPGraph *m_worstPoint = nullptr;
    QCPItemText *m_worstLabel = nullptr;

    QCustomPlot *m_ratio = nullptr;
    QCPBars *m_ratioBars = nullptr;
    QCPBars *m_ratioBarsOver = nullptr;
    VerticalMarker m_ratioBound, m_ratioMedian, m_ratioWorst;

    QCustomPlot *m_stress = nullptr;
    QCPBars *m_stressBars = nullptr;
    QCPBars *m_stressBarsOver = nullptr;
    VerticalMarker m_stressBound, m_stressMedian, m_stressWorst;
};

/// The q-quantile of log10 R from a histogram whose underflow holds R = 0 (nullopt if empty or
/// the quantile falls outside the range).
std::optional<double> histogramQuantile(const Histogram &h, double q);
/// "2 000 000": thousands grouped with a narrow space.
QString groupedNumber(std::int64_t v);
/// Compact number for readouts and labels: 0.0312, 1.2e-05.
QString shortNumber(double v, int precision = 3);

} // namespace dimscope::views
