// SPDX-License-Identifier: MIT
#include "ball/ball_view.h"
#include "common/number_text.h"

#include <cmath>

#include <QTabWidget>

#include <qcustomplot.h>

#include "ball/ball.h"
#include "ball/ball_plots.h"
#include "common/param_form.h"
#include "common/reflow_grid.h"

namespace dimscope::views {

using namespace dimscope::ball;

namespace {

/// A page of the tab widget: one wide plot on top, two side by side below.
QWidget *plotPage(QCustomPlot *top, QCustomPlot *left, QCustomPlot *right) {
    auto *page = new ReflowGrid;
    page->setWideOrOneColumn(
        {{top, 0, 0, 1, 2, {}, 3}, {left, 1, 0, 1, 1, {}, 2}, {right, 1, 1, 1, 1, {}, 2}});
    return page;
}

QString progressText(const BallSnapshot &s, const BallParams &p) {
    switch (s.stage) {
    case Stage::Curves: return BallView::tr("exact curves");
    case Stage::Rejection:
        return BallView::tr("rejection demo: %1 of %2 points")
            .arg(groupedNumber(s.rejection.main.samples), groupedNumber(p.demoPoints));
    case Stage::Norms:
        return BallView::tr("norms: %1 of %2 vectors")
            .arg(groupedNumber(s.norms.samples), groupedNumber(p.normSamples));
    case Stage::Contrast:
    case Stage::Done: {
        const auto total = contrastDimensions(p.contrastMaxDimension).size();
        return BallView::tr("contrast: %1 of %2 dimensions").arg(s.contrast.size()).arg(total);
    }
    }
    return {};
}

/// The readout table. Parts not measured yet (null) show their exact values only.
QList<Readout> readouts(const BallParams &p, const RejectionDemo *demo, const NormStudy *norms,
                        const std::vector<ContrastPoint> *contrast) {
    const auto tr = [](const char *text) { return BallView::tr(text); };
    const QString pending = tr("(measuring…)");
    QList<Readout> rows;
    const int n = p.demoDimension;
    const double logRatio = logCubeRatio(n);
    rows << Readout{tr("Vₙ/2ⁿ, n = %1").arg(n),
                    tr("%1\n1 point in %2").arg(powerText(logRatio, 6), powerText(-logRatio, 3)),
                    tr("Exact share of the cube [−1, 1]ⁿ filled by the unit ball: the acceptance "
                       "rate of “uniform in the cube, keep if ‖x‖ ≤ 1”. 79 % at n = 2, 0.25 % at "
                       "n = 10, 2.5·10⁻⁸ at n = 20: rejection sampling becomes hopeless.")};
    if (demo && demo->main.samples > 0) {
        const Acceptance &a = demo->main;
        const bool inside = a.exact >= a.wilson.low && a.exact <= a.wilson.high;
        rows << Readout{
            tr("measured share"),
            tr("%1\n95 %: %2–%3%4")
                .arg(numberText(a.rate, 4), numberText(a.wilson.low, 3),
                     numberText(a.wilson.high, 3), inside ? QString() : tr(" (exact outside)")),
            tr("Share of the demo's cube points that fell inside the ball, with "
               "its 95 % Wilson interval. The exact Vₙ/2ⁿ lies inside the interval in 95 % of "
               "runs; more points make the interval narrower.")};
        rows << Readout{tr("points drawn"),
                        tr("%1\n%2 kept").arg(groupedNumber(a.samples), groupedNumber(a.accepted)),
                        tr("Cube points drawn by the rejection demo, and how many of them "
                           "landed in the ball.")};
    } else {
        rows << Readout{tr("measured share"), pending, tr("The rejection demo is running.")};
    }
    rows << Readout{tr("largest Vₙ"),
                    tr("n = %1 (V = %2)")
                        .arg(volumeArgmax(p.maxDimension))
                        .arg(numberText(ballVolume(volumeArgmax(p.maxDimension)), 6)),
                    tr("The dimension where the unit ball's volume peaks (n = 5, V₅ ≈ 5.264). "
                       "Beyond it the volume falls to 0 faster than exponentially: "
                       "V₂₀ ≈ 0.026, V₁₀₀ ≈ 2.4·10⁻⁴⁰.")};
    rows << Readout{
        tr("shell share, n = %1").arg(n),
        tr("%1 % (ε = %2)")
            .arg(numberText(100 * shellFraction(n, p.epsilon), 4), numberText(p.epsilon, 4)),
        tr("Share of the ball's volume in the outer shell 1 − ε ≤ r ≤ 1, exactly "
           "1 − (1 − ε)ⁿ. Near 100 % means almost all the volume lies near the "
           "surface (99.997 % for ε = 0.1 at n = 100).")};
    const int m = p.normDimension;
    const QString measuredMean =
        norms && norms->samples > 0 ? tr("measured %1").arg(numberText(norms->mean, 6)) : pending;
    rows << Readout{tr("E‖z‖ vs √n, n = %1").arg(m),
                    tr("%1 vs %2\n%3")
                        .arg(numberText(chiMean(m), 6),
                             numberText(std::sqrt(static_cast<double>(m)), 6), measuredMean),
                    tr("Mean length of z ~ N(0, I) in n dimensions, exactly √2 Γ((n+1)/2)/Γ(n/2): "
                       "just below √n (by about 1/(4√n)). Gaussian vectors do not fill a ball, "
                       "they sit on a shell of this radius.")};
    const QString measuredSd =
        norms && norms->samples > 0 ? tr("measured %1").arg(numberText(norms->sd, 4)) : pending;
    rows << Readout{
        tr("sd ‖z‖ vs 1/√2"),
        tr("%1 vs %2\n%3").arg(numberText(chiSd(m), 5), numberText(std::sqrt(0.5), 5), measuredSd),
        tr("Spread of the length: tends to 1/√2 ≈ 0.707 whatever n is, so compared "
           "with the radius √n the shell gets ever thinner. Much larger than 0.7 only for "
           "n ≤ 2.")};
    if (contrast && !contrast->empty()) {
        const ContrastPoint &c = contrast->back();
        rows << Readout{
            tr("contrast, d = %1").arg(c.dimension),
            tr("uniform %1\nGaussian %2")
                .arg(numberText(c.uniformMedianRc, 3), numberText(c.gaussianMedianRc, 3)),
            tr("Median over queries of (Dmax − Dmin)/Dmin: how much farther the "
               "farthest data point is than the nearest. Large (≫ 1) for d = 2 or 3; "
               "below 0.1 from d ≈ 1000, when “nearest” and “farthest” are almost the "
               "same distance and nearest-neighbour search loses its meaning.")};
        rows << Readout{tr("distance CV"),
                        tr("%1\nexact %2, 1/√(2d) %3")
                            .arg(numberText(c.gaussianDistanceCv, 3),
                                 numberText(c.exactDistanceCv, 3), numberText(c.asymptoteCv, 3)),
                        tr("sd/mean of ‖x − y‖ for Gaussian x, y (Monte Carlo, exact, and the "
                           "large-d asymptote). 0.52 at d = 2, 0.07 at d = 100: all pair "
                           "distances become nearly equal.")};
    } else {
        rows << Readout{tr("contrast"), pending, tr("The contrast study is running.")};
    }
    return rows;
}

} // namespace

BallView::BallView(QWidget *parent)
    : TypedExplorerView(ball::explorer(), parent), m_plots(std::make_unique<BallPlots>()) {
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(plotPage(m_plots->volume(), m_plots->rejection(), m_plots->shell()),
                   tr("Volume and sampling"));
    m_tabs->addTab(plotPage(m_plots->contrast(), m_plots->distanceCv(), m_plots->norms()),
                   tr("Concentration of distances and norms"));
    setPlotArea(m_tabs);
}

BallView::~BallView() = default;

QList<PlotEntry> BallView::plots() const { return m_plots->entries(); }

void BallView::prepare(const BallParams &params) {
    m_plots->prepare(params);
    setReadouts(readouts(params, nullptr, nullptr, nullptr));
}

void BallView::drawSnapshot(const BallSnapshot &snapshot) {
    m_plots->draw(snapshot.rejection, snapshot.norms, snapshot.contrast);
    setProgressText(progressText(snapshot, shown()));
}

void BallView::drawResult(const BallResult &result) {
    m_plots->draw(result.rejection, result.norms, result.contrast);
    setProgressText(
        tr("%1 cube points, %2 Gaussian vectors, %3 contrast dimensions")
            .arg(groupedNumber(result.rejection.main.samples), groupedNumber(result.norms.samples))
            .arg(result.contrast.size()));
    setReadouts(readouts(result.params, &result.rejection, &result.norms, &result.contrast));
}

} // namespace dimscope::views
