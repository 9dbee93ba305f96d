// SPDX-License-Identifier: MIT
#include "inequality/inequality_plots.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <qcustomplot.h>

#include "common/plot_style.h"
#include "common/typeset_ticker.h"
#include "inequality/inequality.h"
#include "inequality/percent_text.h"
#include "inequality/plot_labels.h"
#include "inequality/ratio_histogram.h"

namespace dimscope::views {

using namespace dimscope::inequality;
using namespace dimscope::views::inequality_detail;

namespace {

const QColor kViolationRed(204, 0, 0);
const QColor kSearchPurple(120, 40, 140);

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 220);
    return plot;
}

QCPBars *makeBars(QCustomPlot *plot, const QString &name, const QColor &color, int alpha = 110) {
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    QColor fill = color;
    fill.setAlpha(alpha);
    bars->setBrush(fill);
    bars->setPen(QPen(color.darker(110), 0.8));
    return bars;
}

} // namespace

InequalityPlots::InequalityPlots() {
    // layers: grouped bars per layer, plus the totals as a last group set apart.
    m_layers = makePlot();
    m_layerLhs = makeBars(m_layers, tr("LHS term"), paletteColor(0));
    m_layerRhs = makeBars(m_layers, tr("RHS block"), paletteColor(1));
    auto *group = new QCPBarsGroup(m_layers);
    group->setSpacingType(QCPBarsGroup::stAbsolute);
    group->setSpacing(1);
    for (auto *bars : {m_layerLhs, m_layerRhs}) {
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setWidth(0.36);
        bars->setBarsGroup(group);
    }
    m_layers->xAxis->setLabel(tr("layer t (dₜ → dₜ₊₁)"));
    m_layers->yAxis->setLabel(tr("squared-gradient term"));
    // The legend in a row of its own above the axes: inside, it would hide bars and their labels.
    moveLegendOutside(m_layers, LegendPlace::Above);

    // lhs-rhs: every input as a point, the line of equality and two guides of looseness.
    m_lhsRhs = makePlot();
    m_equality = addLineGraph(m_lhsRhs, tr("LHS = RHS (R = 1)"), SeriesRole::Theory);
    m_tenth = addLineGraph(m_lhsRhs, QString(), SeriesRole::Reference);
    m_hundredth = addLineGraph(m_lhsRhs, QString(), SeriesRole::Reference);
    m_tenth->removeFromLegend();
    m_hundredth->removeFromLegend();
    m_worstLabel = makeLabel(m_lhsRhs, kSearchPurple);
    m_worstArrow = new QCPItemLine(m_lhsRhs);
    m_worstArrow->setPen(QPen(kSearchPurple, 1.8));
    m_worstArrow->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 9, 11));
    m_worstArrow->setVisible(false);
    // The search's label goes where it hides the fewest points, at every layout (screen, export).
    m_connections << QObject::connect(m_lhsRhs, &QCustomPlot::afterLayout, m_lhsRhs, [this] {
        if (!m_worstLabel->visible())
            return;
        const QPointF anchor = m_worstArrow->visible()
                                   ? m_worstArrow->start->pixelPosition()
                                   : QPointF(m_lhsRhs->xAxis->coordToPixel(m_worstAt.x()),
                                             m_lhsRhs->yAxis->coordToPixel(m_worstAt.y()));
        std::optional<QLineF> arrow;
        if (m_worstArrow->visible())
            arrow =
                QLineF(m_worstArrow->start->pixelPosition(), m_worstArrow->end->pixelPosition());
        placeNear(m_lhsRhs, m_worstLabel, anchor, arrow);
    });
    m_points = addScatterGraph(m_lhsRhs, tr("inputs"));
    QColor blue = paletteColor(0);
    blue.setAlpha(150);
    m_points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, blue, blue, 3.5));
    m_violating = addScatterGraph(m_lhsRhs, tr("violations (R > 1)"));
    m_violating->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDisc, kViolationRed, kViolationRed, 5));
    m_worstPoint = addScatterGraph(m_lhsRhs, tr("worst found by search"));
    m_worstPoint->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssStar, QPen(kSearchPurple, 2), Qt::NoBrush, 11));
    setLogAxis(m_lhsRhs, true, true);
    m_guideTicks = QSharedPointer<QCPAxisTickerText>::create();
    m_lhsRhs->yAxis2->setTicker(m_guideTicks);
    m_lhsRhs->yAxis2->setTickLabels(true);
    m_lhsRhs->yAxis2->setSubTicks(false);
    m_lhsRhs->xAxis->setLabel(tr("RHS = ‖∇θ f‖²"));
    m_lhsRhs->yAxis->setLabel(tr("LHS, the input-gradient side"));
    // Labelled directly: a legend would sit where violations appear (above the diagonal).
    m_lhsRhs->legend->setVisible(false);

    const QPen boundPen(kViolationRed, 1.6);
    const QPen medianPen(QColor(60, 60, 60), 1.2, Qt::DashLine);
    const QPen worstPen(kSearchPurple, 1.4, Qt::DashDotLine);
    m_ratio = makePlot();
    m_ratioBars = makeBars(m_ratio, tr("R < 1"), paletteColor(0), 90);
    m_ratioBarsOver = makeBars(m_ratio, tr("R > 1 (violations)"), kViolationRed, 140);
    m_ratioBound = makeMarker(m_ratio, boundPen);
    m_ratioMedian = makeMarker(m_ratio, medianPen);
    m_ratioWorst = makeMarker(m_ratio, worstPen);
    m_connections << layoutOnEveryReplot(m_ratio, {&m_ratioBound, &m_ratioMedian, &m_ratioWorst},
                                         {});
    m_ratio->xAxis->setLabel(tr("log₁₀ R,  R = LHS / RHS"));
    m_ratio->yAxis->setLabel(tr("share of inputs (%)"));
    m_ratio->legend->setVisible(false); // the markers are labelled directly

    m_stress = makePlot();
    m_stressBars = makeBars(m_stress, tr("R < 1"), paletteColor(2), 90);
    m_stressBarsOver = makeBars(m_stress, tr("R > 1 (violations)"), kViolationRed, 140);
    // Inputs off the histogram's range, set apart at its ends so an export never drops them.
    m_stressUnderflow = makeBars(m_stress, tr("R = 0 or R < 10⁻⁸"), QColor(110, 110, 110), 90);
    m_stressOverflow = makeBars(m_stress, tr("R ≥ 10² (violations)"), kViolationRed, 140);
    QBrush hatched(kViolationRed, Qt::BDiagPattern);
    m_stressOverflow->setBrush(hatched);
    m_stressUnderflowLabel = makeLabel(m_stress, QColor(80, 80, 80));
    m_stressOverflowLabel = makeLabel(m_stress, kViolationRed);
    m_stressTicker = QSharedPointer<GapTicker>::create();
    m_stress->xAxis->setTicker(m_stressTicker);
    m_stress->xAxis2->setTicker(m_stressTicker);
    m_stressBound = makeMarker(m_stress, boundPen);
    m_stressMedian = makeMarker(m_stress, medianPen);
    m_stressWorst = makeMarker(m_stress, worstPen);
    m_connections << layoutOnEveryReplot(
        m_stress, {&m_stressBound, &m_stressMedian, &m_stressWorst},
        {{m_stressUnderflowLabel, m_stressUnderflow}, {m_stressOverflowLabel, m_stressOverflow}});
    m_stress->xAxis->setLabel(tr("log₁₀ R over all inputs of all nets"));
    m_stress->yAxis->setLabel(tr("share of inputs (%)"));
    m_stress->legend->setVisible(false);

    emptySingle();
    emptyStress();
}

InequalityPlots::~InequalityPlots() {
    // The plots belong to the view's widgets and may outlive this object by a moment.
    for (const auto &c : m_connections)
        QObject::disconnect(c);
}

QList<PlotEntry> InequalityPlots::entries() const {
    return {{QStringLiteral("layers"), tr("Per-layer terms, one input"), m_layers},
            {QStringLiteral("lhs-rhs"), tr("LHS against RHS, many inputs"), m_lhsRhs},
            {QStringLiteral("ratio"), tr("Histogram of R, one net"), m_ratio},
            {QStringLiteral("stress"), tr("Stress test over random nets"), m_stress}};
}

void InequalityPlots::emptySingle() {
    m_layerLhs->data()->clear();
    m_layerRhs->data()->clear();
    for (auto *label : m_layerLabels)
        m_layers->removeItem(label);
    m_layerLabels.clear();
    m_layers->xAxis->setTicker(QSharedPointer<TypesetTicker<QCPAxisTicker>>::create());
    m_layers->xAxis->setRange(0, 4);
    m_layers->yAxis->setRange(0, 1);
    setPlotTitle(m_layers, tr("Per-layer terms: set Random nets = 1"));

    for (auto *g : {m_points, m_violating, m_equality, m_tenth, m_hundredth, m_worstPoint})
        g->data()->clear();
    m_worstLabel->setVisible(false);
    m_guideTicks->clear();
    m_worstArrow->setVisible(false);
    m_lhsRhs->xAxis->setRange(1e-3, 10);
    m_lhsRhs->yAxis->setRange(1e-3, 10);
    setPlotTitle(m_lhsRhs, tr("LHS vs RHS: set Random nets = 1"));

    m_ratioBars->data()->clear();
    m_ratioBarsOver->data()->clear();
    for (auto *m : {&m_ratioBound, &m_ratioMedian, &m_ratioWorst})
        m->hide();
    m_ratio->xAxis->setRange(-3, 0.5);
    m_ratio->yAxis->setRange(0, 10);
    setPlotTitle(m_ratio, tr("Histogram of R: set Random nets = 1"));
    for (auto *p : {m_layers, m_lhsRhs, m_ratio})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void InequalityPlots::emptyStress() {
    m_stressHist.reset();
    m_stressWorstRatio.reset();
    for (auto *bars : {m_stressBars, m_stressBarsOver, m_stressUnderflow, m_stressOverflow})
        bars->data()->clear();
    m_stressUnderflowLabel->setVisible(false);
    m_stressOverflowLabel->setVisible(false);
    for (auto *m : {&m_stressBound, &m_stressMedian, &m_stressWorst})
        m->hide();
    static_cast<GapTicker *>(m_stressTicker.data())
        ->setShown(-std::numeric_limits<double>::infinity(),
                   std::numeric_limits<double>::infinity());
    m_stress->xAxis->setRange(-3, 0.5);
    m_stress->yAxis->setRange(0, 10);
    setPlotTitle(m_stress, tr("Stress test: set Random nets > 1"));
    m_stress->replot(QCustomPlot::rpQueuedReplot);
}

void InequalityPlots::drawSingle(const InequalityResult &result) {
    emptyStress();
    drawLayers(result);
    drawScatter(result);
    drawRatioHistogram(result);
    for (auto *p : {m_layers, m_lhsRhs, m_ratio})
        p->replot(QCustomPlot::rpQueuedReplot);
}

void InequalityPlots::drawLayers(const InequalityResult &result) {
    for (auto *label : m_layerLabels)
        m_layers->removeItem(label);
    m_layerLabels.clear();
    if (result.layers.empty() || result.lhs.empty())
        return;
    const int depth = int(result.layers.size());
    QVector<double> keys, lhs, rhs, ratios;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int k = 0; k < depth; ++k) {
        const LayerTerms &layer = result.layers[std::size_t(k)];
        keys << k + 1;
        lhs << layer.lhs.front();
        rhs << layer.rhs.front();
        ratios << ratioOf(layer.lhs.front(), layer.rhs.front());
        ticker->addTick(k + 1, QStringLiteral("%1\n%2→%3").arg(k + 1).arg(layer.in).arg(layer.out));
    }
    // The sums, set apart from the layers: these are the two sides of (1.1).
    const double totalKey = depth + 1.4;
    keys << totalKey;
    lhs << result.lhs.front();
    rhs << result.rhs.front();
    ratios << result.ratio.front();
    ticker->addTick(totalKey, tr("Σ\nboth sides"));
    m_layers->xAxis->setTicker(ticker);
    m_layers->xAxis->setRange(0.4, totalKey + 0.6);
    m_layerLhs->setData(keys, lhs, true);
    m_layerRhs->setData(keys, rhs, true);
    m_layerLhs->setName(tr("LHS term"));
    m_layerRhs->setName(result.params.includeBiases ? tr("RHS block")
                                                    : tr("RHS block (no biases)"));

    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (const auto *v : {&lhs, &rhs})
        for (double x : *v)
            if (x > 0 && std::isfinite(x)) {
                lo = std::min(lo, x);
                hi = std::max(hi, x);
            }
    // Log y only when a linear axis would flatten some bars to nothing.
    const bool logY = hi > 0 && hi / lo > 40;
    setLogAxis(m_layers, false, logY);
    m_layers->xAxis->setTicker(ticker); // setLogAxis resets the x tickers
    m_layers->xAxis2->setTicker(ticker);
    if (hi <= 0)
        m_layers->yAxis->setRange(0, 1);
    else if (logY)
        m_layers->yAxis->setRange(lo / 3, hi * 10);
    else
        m_layers->yAxis->setRange(0, hi * 1.3);

    for (int i = 0; i < keys.size(); ++i) {
        auto *label = makeLabel(m_layers, ratios[i] > kViolationThreshold ? kViolationRed
                                                                          : QColor(40, 40, 40));
        label->position->setType(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(keys[i], std::max(lhs[i], rhs[i]));
        label->setPositionAlignment(Qt::AlignBottom | Qt::AlignHCenter);
        const bool total = i == keys.size() - 1;
        label->setText((total ? QStringLiteral("R = ") : QString()) + numberText(ratios[i], 2));
        if (total) {
            QFont bold = label->font();
            bold.setBold(true);
            label->setFont(bold);
        }
        m_layerLabels << label;
    }
    setPlotTitle(m_layers, tr("Terms per layer at one input (numbers: LHS/RHS)"));
}

void InequalityPlots::drawScatter(const InequalityResult &result) {
    QVector<double> x, y, vx, vy;
    std::int64_t hidden = 0, violations = 0;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (std::size_t i = 0; i < result.lhs.size(); ++i) {
        const double l = result.lhs[i], r = result.rhs[i];
        const bool violates = result.ratio[i] > kViolationThreshold;
        violations += violates;
        if (!(l > 0 && r > 0 && std::isfinite(l) && std::isfinite(r))) {
            ++hidden; // a log axis cannot show a zero gradient
            continue;
        }
        (violates ? vx : x) << r;
        (violates ? vy : y) << l;
        lo = std::min({lo, l, r});
        hi = std::max({hi, l, r});
    }
    m_points->setData(x, y);
    m_violating->setData(vx, vy);
    m_points->setName(tr("inputs (%1)").arg(groupedNumber(std::int64_t(x.size()))));
    m_violating->setName(tr("violations, R > 1 (%1)").arg(groupedNumber(violations)));
    if (hi <= 0) {
        lo = 1e-3;
        hi = 10;
    }
    setScatterRange(lo / 2.5, hi * 2.5);
    QString title =
        tr("LHS vs RHS, %1 inputs: %2 above the line")
            .arg(groupedNumber(std::int64_t(result.lhs.size())), groupedNumber(violations));
    if (hidden > 0)
        title += tr(" (%1 zero, not shown)").arg(groupedNumber(hidden));
    setPlotTitle(m_lhsRhs, title);
}

void InequalityPlots::setScatterRange(double a, double b) {
    // One range for both axes, so the line of equality is the diagonal and the distance below it
    // reads as looseness.
    m_lhsRhs->xAxis->setRange(a, b);
    m_lhsRhs->yAxis->setRange(a, b);
    const struct {
        QCPGraph *line;
        double r;
        const char *text;
    } guides[] = {
        {m_equality, 1.0, "R = 1"}, {m_tenth, 0.1, "R = 0.1"}, {m_hundredth, 0.01, "R = 0.01"}};
    m_guideTicks->clear();
    for (const auto &g : guides) {
        g.line->setData({a, b}, {a * g.r, b * g.r}, true);
        // Each line leaves the plot through the right edge at y = R·b: named there, outside.
        m_guideTicks->addTick(b * g.r, QString::fromUtf8(g.text));
    }
}

void InequalityPlots::drawRatioHistogram(const InequalityResult &result) {
    std::vector<double> logs;
    std::vector<char> violating;
    logs.reserve(result.ratio.size());
    std::int64_t zeros = 0, infinite = 0;
    for (double r : result.ratio) {
        if (r > 0 && std::isfinite(r)) {
            logs.push_back(std::log10(r));
            violating.push_back(r > kViolationThreshold);
        } else if (r > 0) {
            ++infinite;
        } else {
            ++zeros;
        }
    }
    QVector<double> centers, shares;
    double width = 0.1;
    if (!logs.empty()) {
        const auto [mn, mx] = std::minmax_element(logs.begin(), logs.end());
        const double span = std::max(*mx - *mn, 0.2);
        const int target = std::clamp(int(std::sqrt(double(logs.size()))), 10, 60);
        width = span / target;
        // Bins [k·width, (k+1)·width): 0 (R = 1) is an edge, and the bars right of it hold exactly
        // the violations. R = 1 up to round-off (R ≤ 1 + 1e-12 but log10 R ≥ 0: width-1 nets) goes
        // into the bar that ends at R = 1.
        const auto binOf = [&](std::size_t i) {
            if (!violating[i] && logs[i] >= 0)
                return std::int64_t(-1);
            return std::int64_t(std::floor(logs[i] / width));
        };
        std::int64_t kmin = std::numeric_limits<std::int64_t>::max(), kmax = -kmin;
        for (std::size_t i = 0; i < logs.size(); ++i) {
            kmin = std::min(kmin, binOf(i));
            kmax = std::max(kmax, binOf(i));
        }
        const int bins = int(kmax - kmin + 1);
        std::vector<std::int64_t> counts(std::size_t(bins), 0);
        for (std::size_t i = 0; i < logs.size(); ++i)
            ++counts[std::size_t(binOf(i) - kmin)];
        const double total = double(result.ratio.size());
        for (int i = 0; i < bins; ++i) {
            centers << (double(kmin + i) + 0.5) * width;
            shares << 100.0 * double(counts[std::size_t(i)]) / total;
        }
    }
    setSplitBars(m_ratioBars, m_ratioBarsOver, centers, shares, width);
    m_ratio->xAxis->setRange(histogramXRange(centers, shares, width));
    m_ratio->yAxis->setRange(0, std::max(1.0, maxOf(shares) * 1.3));
    m_ratioBound.place(0, tr("R = 1"));
    if (!logs.empty()) {
        std::vector<double> copy = logs;
        auto mid = copy.begin() + std::ptrdiff_t(copy.size() / 2);
        std::nth_element(copy.begin(), mid, copy.end());
        m_ratioMedian.place(*mid, tr("median %1").arg(numberText(std::pow(10.0, *mid), 2)));
    } else {
        m_ratioMedian.hide();
    }
    QString title =
        tr("R = LHS/RHS over %1 inputs").arg(groupedNumber(std::int64_t(result.ratio.size())));
    if (zeros > 0)
        title += tr(" (%1 with R = 0)").arg(groupedNumber(zeros));
    if (infinite > 0)
        title += tr(" (%1 with R = ∞, not shown)").arg(groupedNumber(infinite));
    setPlotTitle(m_ratio, title);
}

void InequalityPlots::drawStress(const StressData &data) {
    if (!m_layerLhs->data()->isEmpty() || !m_points->data()->isEmpty() ||
        !m_ratioBars->data()->isEmpty())
        emptySingle();
    if (!data.logRatio) {
        emptyStress();
        return;
    }
    m_stressHist = std::make_unique<Histogram>(*data.logRatio);
    m_stressData = data;
    m_stressData.logRatio = m_stressHist.get();
    m_stressWorstRatio.reset(); // the search ends with the run; markWorst puts it back
    renderStress();
}

void InequalityPlots::renderStress() {
    const Histogram &h = *m_stressHist;
    const StressData &d = m_stressData;
    const std::int64_t inputs = h.total();
    const double total = double(std::max<std::int64_t>(inputs, 1));

    // Pairs of the core's 0.05-wide bins: 0.1 in log10 R, smooth enough for a few hundred nets,
    // paired so that 0 stays an edge. The R = 1 round-off is moved left of it (splitAtBound): the
    // red bars are exactly the inputs with R > 1 + 1e-12.
    const BoundSplit split = splitAtBound(h, d.violations);
    const int merge = 2;
    const int offset = split.zeroBin >= 0 ? split.zeroBin % merge : 0;
    const double width = h.binWidth() * merge;
    QVector<double> centers, shares;
    if (inputs > 0)
        for (int i = offset > 0 ? offset - merge : 0; i < h.bins(); i += merge) {
            std::int64_t c = 0;
            for (int j = std::max(i, 0); j < std::min(i + merge, h.bins()); ++j)
                c += split.counts[std::size_t(j)];
            centers << h.lo + (i + merge * 0.5) * h.binWidth();
            shares << 100.0 * double(c) / total;
        }
    setSplitBars(m_stressBars, m_stressBarsOver, centers, shares, width);

    // The populated range, the bound at 0 and the search's R (when it is on the scale) in view.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int i = 0; i < centers.size(); ++i)
        if (shares[i] > 0) {
            lo = std::min(lo, centers[i] - width / 2);
            hi = std::max(hi, centers[i] + width / 2);
        }
    if (!std::isfinite(lo)) {
        lo = -3;
        hi = 0;
    }
    const std::optional<double> worst = m_stressWorstRatio;
    const bool worstOnScale =
        worst && *worst >= std::pow(10.0, h.lo) && *worst < std::pow(10.0, h.hi);
    if (worstOnScale) {
        lo = std::min(lo, std::log10(*worst) - width);
        hi = std::max(hi, std::log10(*worst) + width);
    }
    lo = std::min(lo, -0.5);
    hi = std::max(hi, 0.0);

    // Off-scale inputs as bars of their own beyond a gap of one bar width, labelled with what they
    // hold; the ticks stop at the histogram proper.
    const double underKey = lo - 1.5 * width, overKey = hi + 1.5 * width;
    const auto offScale = [&](QCPBars *bars, QCPItemText *label, std::int64_t count, double key,
                              const QString &text) {
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setWidth(width);
        bars->data()->clear();
        label->setVisible(count > 0);
        if (count == 0)
            return;
        bars->addData(key, 100.0 * double(count) / total);
        label->setText(text.arg(groupedNumber(count)));
    };
    offScale(m_stressUnderflow, m_stressUnderflowLabel, h.underflow, underKey,
             tr("R = 0 or < 10⁻⁸: %1"));
    offScale(m_stressOverflow, m_stressOverflowLabel, h.overflow, overKey, tr("R ≥ 10²: %1"));
    static_cast<GapTicker *>(m_stressTicker.data())
        ->setShown(h.underflow > 0 ? lo : -std::numeric_limits<double>::infinity(),
                   h.overflow > 0 ? hi : std::numeric_limits<double>::infinity());
    const double left = h.underflow > 0 ? underKey - width / 2 : lo;
    const double right = h.overflow > 0 ? overKey + width / 2 : hi;
    const double pad = 0.06 * (right - left);
    m_stress->xAxis->setRange(left - pad, right + std::max(pad, 0.35));
    double top = maxOf(shares);
    for (auto *bars : {m_stressUnderflow, m_stressOverflow})
        if (!bars->data()->isEmpty())
            top = std::max(top, bars->data()->constBegin()->value);
    m_stress->yAxis->setRange(0, std::max(1.0, top * 1.3));

    // A ratio at its place on the scale, or on the off-scale bar that holds it.
    const auto keyOf = [&](double r) {
        if (!(r >= std::pow(10.0, h.lo)))
            return h.underflow > 0 ? underKey : lo;
        if (r >= std::pow(10.0, h.hi))
            return h.overflow > 0 ? overKey : hi;
        return std::log10(r);
    };
    m_stressBound.place(0, tr("R = 1"));
    if (d.median)
        m_stressMedian.place(keyOf(*d.median), tr("median %1").arg(numberText(*d.median, 2)));
    else
        m_stressMedian.hide();
    if (worst)
        m_stressWorst.place(keyOf(*worst), tr("search, net 1\nR = %1").arg(numberText(*worst, 3)));
    else
        m_stressWorst.hide();

    const double share = 100.0 * double(d.violations) / total;
    QString title =
        tr("%1 of %2 inputs violate").arg(groupedNumber(d.violations), groupedNumber(inputs));
    if (d.violations > 0)
        title += tr(" (%1 %)").arg(percentText(share));
    // Two lines: one would not fit an 85 mm figure.
    title +=
        tr(",\nin %1 of %2 nets").arg(groupedNumber(d.netsViolating), groupedNumber(d.netsDone));
    setPlotTitle(m_stress, title);
    m_stress->replot(QCustomPlot::rpQueuedReplot);
}

void InequalityPlots::placeWorstOnScatter(const Certificate &worst) {
    // The axes stay fitted to the sampled points; a worst case outside them is shown by an arrow
    // at the edge pointing its way, labelled with where it is.
    const QCPRange range = m_lhsRhs->xAxis->range(); // the y range is the same
    const double la = std::log10(range.lower), lb = std::log10(range.upper);
    const double px = std::log10(worst.rhs), py = std::log10(worst.lhs);
    const QString value = tr("search max, R = %1").arg(numberText(worst.ratio, 3));
    if (px >= la && px <= lb && py >= la && py <= lb) {
        m_worstPoint->setData({worst.rhs}, {worst.lhs});
        m_worstPoint->setVisible(true);
        m_worstAt = QPointF(worst.rhs, worst.lhs);
        m_worstLabel->setText(value);
        m_worstLabel->setVisible(true);
        return;
    }
    const double margin = 0.04 * (lb - la);
    const double cx = std::clamp(px, la + margin, lb - margin);
    const double cy = std::clamp(py, la + margin, lb - margin);
    double dx = px - cx, dy = py - cy;
    const double n = std::hypot(dx, dy);
    dx /= n;
    dy /= n;
    const double length = 0.14 * (lb - la);
    const double tx = cx - dx * length, ty = cy - dy * length;
    m_worstArrow->start->setCoords(std::pow(10.0, tx), std::pow(10.0, ty));
    m_worstArrow->end->setCoords(std::pow(10.0, cx), std::pow(10.0, cy));
    m_worstArrow->setVisible(true);
    // The label goes next to the arrow's tail (placeNear, at every layout).
    m_worstLabel->setText(
        value + tr("\nat RHS %1, LHS %2").arg(numberText(worst.rhs, 3), numberText(worst.lhs, 3)));
    m_worstLabel->setVisible(true);
}

void InequalityPlots::markWorst(const Certificate *worst, bool singleNet) {
    m_worstPoint->data()->clear();
    m_worstPoint->setVisible(false);
    m_worstLabel->setVisible(false);
    m_worstArrow->setVisible(false);
    m_ratioWorst.hide();
    const bool usable = worst && worst->ratio > 0 && std::isfinite(worst->ratio);
    if (usable && singleNet) {
        if (worst->lhs > 0 && worst->rhs > 0 && std::isfinite(worst->lhs) &&
            std::isfinite(worst->rhs))
            placeWorstOnScatter(*worst);
        const double at = std::log10(worst->ratio);
        m_ratioWorst.place(at, tr("search %1").arg(numberText(worst->ratio, 3)));
        const QCPRange x = m_ratio->xAxis->range();
        if (at > x.upper - 0.2)
            m_ratio->xAxis->setRange(x.lower, at + 0.4);
        else if (at < x.lower + 0.2)
            m_ratio->xAxis->setRange(at - 0.4, x.upper);
    }
    if (m_stressHist) {
        m_stressWorstRatio =
            usable && !singleNet ? std::optional<double>(worst->ratio) : std::nullopt;
        renderStress();
    }
    for (auto *p : {m_lhsRhs, m_ratio, m_stress})
        p->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace dimscope::views
