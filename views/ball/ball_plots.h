// SPDX-License-Identifier: MIT
#pragma once
// The six plots of "The collapsing ball": what each one shows, how its theory is drawn before the
// first sample arrives, and how Monte Carlo parts are drawn as they stream in. The view owns the
// layout, the run and the readouts; this class owns the series. GUI thread only.

#include <vector>

#include <QCoreApplication>
#include <QList>

#include "common/explorer_view.h"

namespace dimscope::ball {
struct BallParams;
struct BallSnapshot;
struct RejectionDemo;
struct NormStudy;
struct ContrastPoint;
struct Acceptance;
} // namespace dimscope::ball

class QCPBars;
class QCPErrorBars;
class QCPGraph;
class QCPItemText;

namespace dimscope::views {

class BallPlots {
    Q_DECLARE_TR_FUNCTIONS(BallPlots)
public:
    /// Creates the plots without a parent; the caller puts them into a layout.
    BallPlots();

    /// volume, shell, rejection, contrast, distance-cv, norms (the main one first).
    QList<PlotEntry> entries() const;
    QCustomPlot *volume() const { return m_volume; }
    QCustomPlot *shell() const { return m_shell; }
    QCustomPlot *rejection() const { return m_rejection; }
    QCustomPlot *contrast() const { return m_contrast; }
    QCustomPlot *distanceCv() const { return m_distanceCv; }
    QCustomPlot *norms() const { return m_norms; }

    /// Draws everything that follows from the parameters alone (exact curves, titles, ranges) and
    /// clears the Monte Carlo series of the previous run.
    void prepare(const ball::BallParams &params);
    /// Draws the Monte Carlo parts finished so far and queues a replot of every plot.
    void draw(const ball::RejectionDemo &demo, const ball::NormStudy &norms,
              const std::vector<ball::ContrastPoint> &contrast);

private:
    void prepareVolume(const ball::BallParams &params);
    void prepareShell(const ball::BallParams &params);
    void prepareRejection(const ball::BallParams &params);
    void prepareContrast(const ball::BallParams &params);
    void prepareNorms(const ball::BallParams &params);
    void drawAcceptance(const std::vector<ball::Acceptance> &perDimension);
    void drawRejection(const ball::RejectionDemo &demo);
    void drawContrast(const std::vector<ball::ContrastPoint> &points);
    void drawNorms(const ball::NormStudy &norms);

    QCustomPlot *m_volume = nullptr;
    QCPGraph *m_ratioCurve = nullptr;  ///< log10 V_n/2^n
    QCPGraph *m_volumeCurve = nullptr; ///< log10 V_n
    QCPGraph *m_acceptance = nullptr;  ///< measured log10 rate, n = 1…20
    QCPErrorBars *m_acceptanceErrors = nullptr;
    QCPGraph *m_acceptanceBound = nullptr; ///< nothing accepted: the Wilson upper bound
    QCPGraph *m_argmaxPoint = nullptr;
    QCPItemText *m_argmaxLabel = nullptr;
    QCPItemText *m_volumeLabel = nullptr; ///< direct curve labels: a legend would hide a curve
    QCPItemText *m_ratioLabel = nullptr;

    QCustomPlot *m_shell = nullptr;
    QCPGraph *m_shellCurve = nullptr;
    QList<QCPGraph *> m_shellReferences;
    QCPGraph *m_shellPoint = nullptr;
    QCPItemText *m_shellLabel = nullptr;

    QCustomPlot *m_rejection = nullptr;
    QCPGraph *m_bandLow = nullptr;
    QCPGraph *m_bandHigh = nullptr;
    QCPGraph *m_runningRate = nullptr;
    QCPGraph *m_exactRate = nullptr;

    QCustomPlot *m_contrast = nullptr;
    QCPGraph *m_uniformRc = nullptr;
    QCPGraph *m_gaussianRc = nullptr;
    QCPGraph *m_rcGuide = nullptr;

    QCustomPlot *m_distanceCv = nullptr;
    QCPGraph *m_exactCv = nullptr;
    QCPGraph *m_asymptoteCv = nullptr;
    QCPGraph *m_measuredCv = nullptr;

    QCustomPlot *m_norms = nullptr;
    QCPBars *m_normBars = nullptr;
    QCPGraph *m_chiDensity = nullptr;
    QCPGraph *m_meanLine = nullptr;
    QCPGraph *m_sqrtNLine = nullptr;

    int m_contrastMax = 2; ///< contrast-max-dimension of the run on screen
};

/// exp(naturalLog) as text: "0.00249", "402" or, outside 10⁻⁴…10⁶, "1.868 × 10⁻⁷⁰" (never
/// underflows or overflows).
QString powerText(double naturalLog, int precision = 4);

} // namespace dimscope::views
