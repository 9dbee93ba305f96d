// SPDX-License-Identifier: MIT
#include "hubness/hubness_plots.h"
#include "common/number_text.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <qcustomplot.h>

#include "common/legend_placement.h"
#include "common/plot_style.h"
#include "hubness/hubness.h"
#include "hubness/hubness_plot_parts.h"

namespace dimscope::views {

using namespace dimscope::hubness;
using namespace dimscope::views::hubparts;

namespace {

constexpr double kLogFloor = 0.5; // log y: counts below one point are off the plot

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(260, 200);
    return plot;
}

QCPItemText *makeLabel(QCustomPlot *plot, const QColor &color) {
    auto *label = new QCPItemText(plot);
    label->setColor(color);
    label->setFont(plot->font());
    label->setClipToAxisRect(true);
    label->setPadding(QMargins(3, 1, 3, 1));
    label->setBrush(QColor(255, 255, 255, 210));
    return label;
}

/// Points per Nₖ value 0…max.
std::vector<double> countsOf(const std::vector<std::int64_t> &occurrence) {
    const std::int64_t max =
        occurrence.empty() ? 0 : *std::max_element(occurrence.begin(), occurrence.end());
    std::vector<double> counts(static_cast<std::size_t>(max + 1), 0.0);
    for (auto v : occurrence)
        counts[static_cast<std::size_t>(v)] += 1;
    return counts;
}

/// Expected points per Nₖ value under Poisson(k), at least far enough to fall below 0.01.
std::vector<double> poissonCounts(int k, std::int64_t n, std::size_t atLeast) {
    const int upper = std::max<int>(static_cast<int>(atLeast),
                                    static_cast<int>(k + 8 * std::sqrt(double(k)) + 8));
    std::vector<double> pmf = poissonReference(k, upper);
    for (auto &p : pmf)
        p *= double(n);
    return pmf;
}

/// A reduction as a figure names it: the option's name ("mp-gaussian") is for the command line.
QString reductionTitle(Reduction reduction) {
    switch (reduction) {
    case Reduction::None: return QObject::tr("No reduction");
    case Reduction::MpGaussian: return QObject::tr("Mutual proximity (Gaussian)");
    case Reduction::MpEmpiric: return QObject::tr("Mutual proximity (empiric)");
    case Reduction::LocalScaling: return QObject::tr("Local scaling");
    case Reduction::Nicdm: return QObject::tr("NICDM");
    case Reduction::DisSimLocal: return QObject::tr("DisSimLocal");
    case Reduction::Csls: return QObject::tr("CSLS");
    }
    return {};
}

double maxOf(const std::vector<double> &v) {
    return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

/// The Nₖ value below which `share` of the points lie.
double quantileOf(const std::vector<double> &counts, double share) {
    double total = 0, running = 0;
    for (double c : counts)
        total += c;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        running += counts[i];
        if (running >= share * total)
            return double(i);
    }
    return double(counts.size());
}

/// Where linear y's x axis ends: a little past `last`, the 99th percentile of the counts (or the
/// hub threshold, if larger), so that the bulk fills the plot; a tail label says what lies beyond.
double bulkEnd(double last) { return last * 1.15 + 3; }

/// How many points `counts` holds beyond x = `upper`.
double countBeyond(const std::vector<double> &counts, double upper) {
    double beyond = 0;
    for (std::size_t i = std::size_t(upper) + 1; i < counts.size(); ++i)
        beyond += counts[i];
    return beyond;
}

/// "+ 12 points beyond …", right-aligned at the axis rect's right edge, `y` down from its top.
QCPItemText *makeTailLabel(QCustomPlot *plot, double y) {
    QCPItemText *label = makeLabel(plot, QColor(60, 60, 60));
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(0.985, y);
    label->setPositionAlignment(Qt::AlignVCenter | Qt::AlignRight);
    label->setTextAlignment(Qt::AlignRight);
    return label;
}

/// Step-graph data; on a log axis zero counts drop just below the floor so the line goes down.
void setSteps(QCPGraph *g, const std::vector<double> &counts, bool logY) {
    QVector<double> x, y;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        x << double(i) - 0.5;
        y << (logY ? std::max(counts[i], 0.2 * kLogFloor) : counts[i]);
    }
    // One more step at zero, so the last bin is drawn with its full width.
    x << double(counts.size()) - 0.5;
    y << (logY ? 0.2 * kLogFloor : 0.0);
    g->setData(x, y, true);
}

void setCountRange(QCustomPlot *plot, double maxCount, bool logY) {
    if (logY)
        plot->yAxis->setRange(kLogFloor, std::max(maxCount, 2.0) * 4);
    else
        plot->yAxis->setRange(0, std::max(maxCount, 1.0) * 1.12);
}

/// The Lorenz curve of N_k with only its corners: the end of each run of equal N_k (N_k are
/// integers, so the curve is straight in between). The same line as lorenzCurve's n + 1 points, in
/// O(distinct N_k) points, so that 10⁸ points (a streamed neighbour file) draw in kilobytes.
std::vector<std::array<double, 2>> lorenzCorners(const std::vector<std::int64_t> &occurrence) {
    std::vector<std::array<double, 2>> curve = {{0.0, 0.0}};
    if (occurrence.empty())
        return curve;
    const std::int64_t top =
        std::max<std::int64_t>(0, *std::max_element(occurrence.begin(), occurrence.end()));
    std::vector<std::int64_t> points(static_cast<std::size_t>(top) + 1, 0);
    double total = 0;
    for (const std::int64_t v : occurrence) {
        ++points[static_cast<std::size_t>(std::max<std::int64_t>(v, 0))];
        total += static_cast<double>(v);
    }
    const double n = static_cast<double>(occurrence.size());
    double seen = 0, mass = 0;
    for (std::size_t v = 0; v < points.size(); ++v) {
        if (points[v] == 0)
            continue;
        seen += static_cast<double>(points[v]);
        mass += static_cast<double>(points[v]) * static_cast<double>(v);
        curve.push_back({seen / n, total > 0 ? mass / total : 0.0});
    }
    return curve;
}

} // namespace

HubnessPlots::HubnessPlots() {
    // k-occurrence: integer bins, the Poisson reference as dots joined by a line.
    m_occurrence = makePlot();
    m_occurrenceBars = addHistogramBars(m_occurrence, tr("observed"));
    m_occurrenceBars->setWidth(1.0);
    QColor fill = paletteColor(0);
    fill.setAlpha(120);
    m_occurrenceBars->setBrush(fill);
    m_poisson = addLineGraph(m_occurrence, QString(), SeriesRole::Theory);
    m_poisson->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 3.5));
    m_hubLine = new QCPItemStraightLine(m_occurrence);
    m_hubLine->setPen(QPen(kHubColor, 1.2, Qt::DashLine));
    m_hubLabel = makeLabel(m_occurrence, kHubColor.darker(115));
    m_hubLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_hubLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_hubLabel->setPositionAlignment(Qt::AlignVCenter | Qt::AlignLeft);
    m_tailLabel = makeTailLabel(m_occurrence, 0.5);
    moveLegendOutside(m_occurrence, LegendPlace::Above);
    m_occurrence->xAxis->setLabel(tr("Nₖ: in how many k-NN lists a point appears"));
    m_occurrence->yAxis->setLabel(tr("points"));

    // lorenz: the curve, equality, the Poisson curve and the "80 % of the slots" point.
    m_lorenz = makePlot();
    m_equality = addLineGraph(m_lorenz, tr("equality"), SeriesRole::Reference);
    m_lorenzPoisson = addLineGraph(m_lorenz, tr("Poisson(k)"), SeriesRole::Approximation);
    // Dark dashes, as theory: the vermillion of Approximation is the hubs' colour here (the 80 %
    // guides), and the two read as one.
    m_lorenzPoisson->setPen(QPen(QColor(20, 20, 20), 1.4, Qt::DashLine));
    m_lorenzCurve = addLineGraph(m_lorenz, tr("Nₖ"), SeriesRole::Simulation);
    m_lorenzCurve->setPen(QPen(paletteColor(0), 2.0));
    m_eighty = addLineGraph(m_lorenz, QString(), SeriesRole::Reference);
    m_eighty->removeFromLegend();
    m_eighty->setPen(QPen(kHubColor, 1.0, Qt::DashLine));
    m_eightyPoint = makeDots(m_lorenz, tr("80 % of the slots"), kHubColor, 7);
    m_lorenz->xAxis->setLabel(tr("share of points, ascending Nₖ"));
    m_lorenz->yAxis->setLabel(tr("share of k-NN slots"));
    m_lorenz->xAxis->setRange(0, 1);
    m_lorenz->yAxis->setRange(0, 1);
    // Under the plot: the free triangle above the diagonal is no rectangle, and at one column or
    // in the projector's text the legend box reached over the equality and Poisson lines.
    moveLegendOutside(m_lorenz, LegendPlace::Below);
    m_equality->setData(QVector<double>{0, 1}, QVector<double>{0, 1}, true);

    setUpScatterPlots();

    // reduction: before and after as step outlines, so the overlap stays readable.
    m_reduction = makePlot();
    m_reductionPoisson = addLineGraph(m_reduction, tr("Poisson(k)"), SeriesRole::Reference);
    m_reductionPoisson->setPen(QPen(QColor(20, 20, 20), 1.2, Qt::DotLine));
    m_before = addLineGraph(m_reduction, tr("before"), SeriesRole::Simulation);
    m_before->setLineStyle(QCPGraph::lsStepLeft);
    m_before->setPen(QPen(QColor(110, 110, 110), 1.2));
    m_before->setBrush(QColor(150, 150, 150, 70));
    m_after = addLineGraph(m_reduction, tr("after"), SeriesRole::Simulation, 0);
    m_after->setLineStyle(QCPGraph::lsStepLeft);
    m_after->setPen(QPen(paletteColor(0), 2.0));
    m_reductionTailLabel = makeTailLabel(m_reduction, 0.3);
    moveLegendOutside(m_reduction, LegendPlace::Above);
    m_reduction->xAxis->setLabel(tr("Nₖ"));
    m_reduction->yAxis->setLabel(tr("points"));

    setPlotTitle(m_occurrence, tr("Nₖ histogram"));
    setPlotTitle(m_lorenz, tr("Lorenz curve of Nₖ"));
    setPlotTitle(m_reduction, tr("Before / after hubness reduction"));
    m_hubLine->setVisible(false);
    m_hubLabel->setVisible(false);
    m_tailLabel->setVisible(false);
    m_reductionTailLabel->setVisible(false);
}

QList<PlotEntry> HubnessPlots::entries() const {
    return {
        {QStringLiteral("k-occurrence"), tr("Nₖ histogram"), m_occurrence},
        {QStringLiteral("lorenz"), tr("Lorenz curve"), m_lorenz},
        {QStringLiteral("mean-distance"), tr("Nₖ against distance to the mean"), m_meanDistance},
        {QStringLiteral("projection"), tr("PCA projection"), m_projection},
        {QStringLiteral("reduction"), tr("Before / after reduction"), m_reduction}};
}

void HubnessPlots::draw(std::shared_ptr<const HubnessResult> result) {
    m_result = std::move(result);
    const HubnessResult &r = *m_result;
    m_k = r.k;
    m_n = r.n;
    m_hubThreshold = r.params.hubSize * r.k;
    drawOccurrence(r);
    drawLorenz(r);
    drawMeanDistance(r);
    drawProjection(r);
    drawReduction(r);
    selectPoint(-1);
    for (const auto &entry : entries())
        entry.plot->replot(QCustomPlot::rpQueuedReplot);
}

void HubnessPlots::drawOccurrence(const HubnessResult &r) {
    m_observedCounts = countsOf(r.kOccurrence);
    m_poissonCounts = poissonCounts(r.k, r.n, m_observedCounts.size());
    m_poisson->setName(tr("Poisson(%1): no hubness").arg(r.k));
    m_occurrenceBars->setName(tr("observed"));
    // Hundreds of one-unit bins: outlines would paint them dark.
    m_occurrenceBars->setPen(m_observedCounts.size() > 80 ? QPen(Qt::NoPen)
                                                          : QPen(paletteColor(0).darker(110), 0.8));
    m_hubLine->point1->setCoords(m_hubThreshold - 0.5, 0);
    m_hubLine->point2->setCoords(m_hubThreshold - 0.5, 1);
    m_hubLabel->position->setCoords(m_hubThreshold - 0.5, 0.12); // above the tails
    m_hubLabel->setText(tr("hubs: Nₖ ≥ %1").arg(numberText(std::ceil(m_hubThreshold), 3)));
    m_hubLine->setVisible(true);
    m_hubLabel->setVisible(true);
    setPlotTitle(m_occurrence, tr("k-skewness %1 (no hubs ≈ %2), max Nₖ %3")
                                   .arg(fixedText(r.measures.kSkewness, 2),
                                        fixedText(1 / std::sqrt(double(r.k)), 2))
                                   .arg(r.measures.maxKOccurrence));
    rescaleHistograms();
}

void HubnessPlots::drawLorenz(const HubnessResult &r) {
    // A point per point up to 10⁵ (the CSV export lists them); beyond, the corners only: the same
    // polyline (equal Nₖ make straight stretches) without sorting a million values here (90 ms).
    const auto curve =
        r.kOccurrence.size() > 100000 ? lorenzCorners(r.kOccurrence) : lorenzCurve(r.kOccurrence);
    QVector<double> x, y;
    x.reserve(int(curve.size()));
    y.reserve(int(curve.size()));
    for (const auto &p : curve) {
        x << p[0];
        y << p[1];
    }
    m_lorenzCurve->setData(x, y, true);
    // The Poisson Lorenz curve: cumulative share of points against cumulative share of slots.
    const auto pmf = poissonReference(r.k, int(r.k + 10 * std::sqrt(double(r.k)) + 10));
    QVector<double> px{0}, py{0};
    double cp = 0, cs = 0;
    for (std::size_t m = 0; m < pmf.size(); ++m) {
        cp += pmf[m];
        cs += double(m) * pmf[m] / r.k;
        px << cp;
        py << cs;
    }
    px << 1;
    py << 1;
    m_lorenzPoisson->setData(px, py, true);
    m_lorenzPoisson->setName(tr("Poisson(%1)").arg(r.k));

    // 80 % of the slots are held by the top (1 − p) of the points, where L(p) = 0.2.
    double p = 0.2;
    for (std::size_t i = 1; i < curve.size(); ++i)
        if (curve[i][1] >= 0.2) {
            const double dy = curve[i][1] - curve[i - 1][1];
            const double t = dy > 0 ? (0.2 - curve[i - 1][1]) / dy : 0;
            p = curve[i - 1][0] + t * (curve[i][0] - curve[i - 1][0]);
            break;
        }
    m_eighty->setData(QVector<double>{0, p, p}, QVector<double>{0.2, 0.2, 0}, true);
    m_eightyPoint->setData(QVector<double>{p}, QVector<double>{0.2}, true);
    // The dot is where the top points begin: below it, the rest hold 20 %.
    m_eightyPoint->setName(tr("top %1 %: 80 % of slots").arg(numberText(100 * (1 - p), 2)));
    setPlotTitle(m_lorenz,
                 tr("Gini %1, Robin Hood %2\n80 % of the slots held by %3 % of the points")
                     .arg(fixedText(r.measures.gini, 2), fixedText(r.measures.robinhood, 2),
                          numberText(100 * (1 - p), 2)));
}

void HubnessPlots::drawReduction(const HubnessResult &r) {
    m_reductionPoisson->setName(tr("Poisson(%1)").arg(r.k));
    if (!r.before) {
        m_beforeCounts.clear();
        m_afterCounts.clear();
        m_before->data()->clear();
        m_after->data()->clear();
        m_reductionPoisson->data()->clear();
        setPlotTitle(m_reduction,
                     r.params.neighbors.empty()
                         ? tr("No reduction: set Hubness reduction (e.g. mp-gaussian)")
                         : tr("A reduction needs distances: load points, not neighbours"));
        rescaleHistograms();
        return;
    }
    m_beforeCounts = countsOf(r.kOccurrenceBefore);
    m_afterCounts = countsOf(r.kOccurrence);
    const QString method = reductionTitle(r.params.reduction);
    m_before->setName(tr("before"));
    m_after->setName(tr("after"));
    setPlotTitle(m_reduction, tr("%1\nk-skewness %2 → %3, max Nₖ %4 → %5")
                                  .arg(method, fixedText(r.before->kSkewness, 2),
                                       fixedText(r.measures.kSkewness, 2))
                                  .arg(r.before->maxKOccurrence)
                                  .arg(r.measures.maxKOccurrence));
    rescaleHistograms();
}

void HubnessPlots::setLogY(bool logY) {
    m_logY = logY;
    rescaleHistograms();
    m_occurrence->replot(QCustomPlot::rpQueuedReplot);
    m_reduction->replot(QCustomPlot::rpQueuedReplot);
}

void HubnessPlots::rescaleHistograms() {
    setLogAxis(m_occurrence, false, m_logY);
    setLogAxis(m_reduction, false, m_logY);
    m_occurrenceBars->setBaseValue(m_logY ? kLogFloor : 0.0);
    QVector<double> keys, values;
    for (std::size_t i = 0; i < m_observedCounts.size(); ++i)
        if (m_observedCounts[i] > 0) {
            keys << double(i);
            values << m_observedCounts[i];
        }
    m_occurrenceBars->setData(keys, values, true);
    // The reference ends where it expects fewer than 0.01 points: its dots beyond, all on the
    // axis, drew a thick dotted band over the hub tail the figure is about.
    QVector<double> pk, pv;
    for (std::size_t i = 0; i < m_poissonCounts.size(); ++i) {
        if (i > 0 && m_poissonCounts[i] < 0.01 && m_poissonCounts[i] < m_poissonCounts[i - 1])
            break; // past the mode (the left tail of a large k is as small)
        pk << double(i);
        pv << m_poissonCounts[i];
    }
    m_poisson->setData(pk, pv, true);
    // Linear y draws a bin of a few points as nothing: show the bulk and say what lies beyond.
    // Log y shows every bin up to the largest hub.
    const double maxX = std::max(double(m_observedCounts.size()) - 1, m_hubThreshold + 2);
    double upper = maxX;
    if (!m_logY)
        upper =
            std::min(maxX, bulkEnd(std::max(quantileOf(m_observedCounts, 0.99), m_hubThreshold)));
    const double beyond = countBeyond(m_observedCounts, upper);
    m_tailLabel->setVisible(beyond > 0);
    // What the figure says, not how to use the window: the Log y box's tooltip says that.
    // Two lines: on one, a narrow plot's label reached back over the Poisson peak.
    m_tailLabel->setText(tr("+ %1 points beyond,\nup to Nₖ = %2")
                             .arg(groupedNumber(std::int64_t(beyond)))
                             .arg(m_observedCounts.size() - 1));
    m_occurrence->xAxis->setRange(-0.8, upper + 0.8);
    placeBesideVerticalLine(m_hubLabel, m_hubThreshold - 0.5);
    setCountRange(m_occurrence, std::max(maxOf(m_observedCounts), maxOf(m_poissonCounts)), m_logY);
    m_reductionTailLabel->setVisible(false);
    if (m_beforeCounts.empty())
        return;
    setSteps(m_before, m_beforeCounts, m_logY);
    setSteps(m_after, m_afterCounts, m_logY);
    const std::size_t bins = std::max(m_beforeCounts.size(), m_afterCounts.size());
    const auto poisson = poissonCounts(m_k, m_n, bins);
    QVector<double> rk, rv;
    for (std::size_t i = 0; i < poisson.size(); ++i) {
        rk << double(i);
        rv << poisson[i];
    }
    m_reductionPoisson->setData(rk, rv, true);
    // As above: linear y shows the bulk of both histograms and says what lies beyond.
    double reductionUpper = double(bins);
    if (!m_logY)
        reductionUpper = std::min(
            reductionUpper,
            bulkEnd(std::max(quantileOf(m_beforeCounts, 0.99), quantileOf(m_afterCounts, 0.99))));
    const double beforeBeyond = countBeyond(m_beforeCounts, reductionUpper);
    const double afterBeyond = countBeyond(m_afterCounts, reductionUpper);
    m_reductionTailLabel->setVisible(beforeBeyond + afterBeyond > 0);
    m_reductionTailLabel->setText(tr("beyond: %1 before, %2 after\n(max Nₖ %3)")
                                      .arg(groupedNumber(std::int64_t(beforeBeyond)),
                                           groupedNumber(std::int64_t(afterBeyond)))
                                      .arg(bins - 1));
    m_reduction->xAxis->setRange(-1, reductionUpper + 1);
    setCountRange(m_reduction,
                  std::max({maxOf(m_beforeCounts), maxOf(m_afterCounts), maxOf(poisson)}), m_logY);
}

} // namespace dimscope::views
