// SPDX-License-Identifier: MIT
#include "inequality_plots.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QLocale>

#include <qcustomplot.h>

#include "common/plot_style.h"
#include "inequality.h"

namespace dimscope::views {

using namespace dimscope::inequality;

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

QCPItemText *makeLabel(QCustomPlot *plot, const QColor &color) {
    auto *label = new QCPItemText(plot);
    label->setColor(color);
    label->setFont(plot->font());
    label->setClipToAxisRect(true);
    label->setPadding(QMargins(3, 1, 3, 1));
    label->setBrush(QColor(255, 255, 255, 200)); // readable over bars and points
    return label;
}

/// A marker's label sits left of its line in its own row (from the top), so the labels of nearby
/// markers never overwrite each other and none is clipped by the right edge.
VerticalMarker makeMarker(QCustomPlot *plot, const QPen &pen, int row) {
    VerticalMarker m;
    m.line = new QCPItemStraightLine(plot);
    m.line->setPen(pen);
    m.label = makeLabel(plot, pen.color());
    m.label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m.label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m.label->position->setCoords(0, 0.01 + 0.075 * row);
    m.label->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
    m.hide();
    return m;
}

/// Histogram bars of shares in percent, split at 0 into "R < 1" and "R ≥ 1" (drawn red).
void setSplitBars(QCPBars *below, QCPBars *above, const QVector<double> &centers,
                  const QVector<double> &shares, double width) {
    QVector<double> kb, vb, ka, va;
    for (int i = 0; i < centers.size(); ++i) {
        if (centers[i] < 0) {
            kb << centers[i];
            vb << shares[i];
        } else {
            ka << centers[i];
            va << shares[i];
        }
    }
    for (auto *bars : {below, above}) {
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setWidth(width);
    }
    below->setData(kb, vb, true);
    above->setData(ka, va, true);
}

/// x range around the populated bins, always showing the bound at 0 with some room on its right.
QCPRange histogramXRange(const QVector<double> &centers, const QVector<double> &shares,
                         double width) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int i = 0; i < centers.size(); ++i)
        if (shares[i] > 0) {
            lo = std::min(lo, centers[i] - width / 2);
            hi = std::max(hi, centers[i] + width / 2);
        }
    if (!std::isfinite(lo))
        return QCPRange(-3, 0.5);
    lo = std::min(lo, -0.5);
    hi = std::max(hi, 0.0);
    const double pad = 0.06 * (hi - lo);
    return QCPRange(lo - pad, hi + std::max(pad, 0.35));
}

double maxOf(const QVector<double> &v) {
    return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

} // namespace

void VerticalMarker::place(double x, const QString &text) {
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    label->position->setCoords(x, label->position->coords().y());
    label->setText(text);
    line->setVisible(true);
    label->setVisible(true);
}

void VerticalMarker::hide() {
    line->setVisible(false);
    label->setVisible(false);
}

QString groupedNumber(std::int64_t v) {
    QLocale locale = QLocale::c();
    locale.setNumberOptions(QLocale::DefaultNumberOptions);
    return locale.toString(static_cast<qlonglong>(v)).replace(QLatin1Char(','), QChar(0x202F));
}

QString shortNumber(double v, int precision) {
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    return QLocale::c().toString(v, 'g', precision);
}

std::optional<double> histogramQuantile(const Histogram &h, double q) {
    const std::int64_t total = h.total();
    if (total == 0)
        return std::nullopt;
    const double target = q * double(total);
    double cumulative = double(h.underflow);
    if (cumulative >= target)
        return std::nullopt;
    for (int i = 0; i < h.bins(); ++i) {
        const double c = double(h.counts[std::size_t(i)]);
        if (cumulative + c >= target)
            return h.edge(i) + h.binWidth() * (c > 0 ? (target - cumulative) / c : 0.5);
        cumulative += c;
    }
    return std::nullopt;
}

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
    m_equalityLabel = makeLabel(m_lhsRhs, QColor(20, 20, 20));
    m_tenthLabel = makeLabel(m_lhsRhs, QColor(110, 110, 110));
    m_hundredthLabel = makeLabel(m_lhsRhs, QColor(110, 110, 110));
    for (auto *label : {m_equalityLabel, m_tenthLabel, m_hundredthLabel}) {
        label->setClipToAxisRect(false);
        label->setBrush(Qt::NoBrush);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    }
    // Room right of the axes for the guide labels.
    m_lhsRhs->axisRect()->setMinimumMargins(QMargins(0, 0, 64, 0));
    m_worstLabel = makeLabel(m_lhsRhs, kSearchPurple);
    m_worstLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_worstLabel->setPadding(QMargins(3, 1, 9, 1));
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
    m_lhsRhs->xAxis->setLabel(tr("RHS = ‖∇θ f‖²"));
    m_lhsRhs->yAxis->setLabel(tr("LHS of (1.1)"));
    // Labelled directly: a legend would sit where violations appear (above the diagonal).
    m_lhsRhs->legend->setVisible(false);

    const QPen boundPen(kViolationRed, 1.6);
    const QPen medianPen(QColor(60, 60, 60), 1.2, Qt::DashLine);
    const QPen worstPen(kSearchPurple, 1.4, Qt::DashDotLine);
    m_ratio = makePlot();
    m_ratioBars = makeBars(m_ratio, tr("R < 1"), paletteColor(0), 90);
    m_ratioBarsOver = makeBars(m_ratio, tr("R > 1 (violations)"), kViolationRed, 140);
    m_ratioBound = makeMarker(m_ratio, boundPen, 0);
    m_ratioMedian = makeMarker(m_ratio, medianPen, 1);
    m_ratioWorst = makeMarker(m_ratio, worstPen, 2);
    m_ratio->xAxis->setLabel(tr("log₁₀ R,  R = LHS / RHS"));
    m_ratio->yAxis->setLabel(tr("share of inputs (%)"));
    m_ratio->legend->setVisible(false); // the markers are labelled directly

    m_stress = makePlot();
    m_stressBars = makeBars(m_stress, tr("R < 1"), paletteColor(2), 90);
    m_stressBarsOver = makeBars(m_stress, tr("R > 1 (violations)"), kViolationRed, 140);
    m_stressBound = makeMarker(m_stress, boundPen, 0);
    m_stressMedian = makeMarker(m_stress, medianPen, 1);
    m_stressWorst = makeMarker(m_stress, worstPen, 2);
    m_stress->xAxis->setLabel(tr("log₁₀ R over all inputs of all nets"));
    m_stress->yAxis->setLabel(tr("share of inputs (%)"));
    m_stress->legend->setVisible(false);

    emptySingle();
    emptyStress();
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
    m_layers->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    m_layers->xAxis->setRange(0, 4);
    m_layers->yAxis->setRange(0, 1);
    setPlotTitle(m_layers, tr("Per-layer terms: set Random nets = 1"));

    for (auto *g : {m_points, m_violating, m_equality, m_tenth, m_hundredth, m_worstPoint})
        g->data()->clear();
    for (auto *label : {m_equalityLabel, m_tenthLabel, m_hundredthLabel, m_worstLabel})
        label->setVisible(false);
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
    m_stressBars->data()->clear();
    m_stressBarsOver->data()->clear();
    for (auto *m : {&m_stressBound, &m_stressMedian, &m_stressWorst})
        m->hide();
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
        label->setText((total ? QStringLiteral("R = ") : QString()) + shortNumber(ratios[i], 2));
        if (total) {
            QFont bold = label->font();
            bold.setBold(true);
            label->setFont(bold);
        }
        m_layerLabels << label;
    }
    setPlotTitle(m_layers, tr("Per-layer terms for input 1 (labels: LHS/RHS)"));
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
        QCPItemText *label;
        double r;
        const char *text;
    } guides[] = {{m_equality, m_equalityLabel, 1.0, "R = 1"},
                  {m_tenth, m_tenthLabel, 0.1, "R = 0.1"},
                  {m_hundredth, m_hundredthLabel, 0.01, "R = 0.01"}};
    for (const auto &g : guides) {
        g.line->setData({a, b}, {a * g.r, b * g.r}, true);
        // Each line leaves the plot through the right edge at y = R·b: label it there, outside.
        g.label->position->setCoords(1.0, b * g.r);
        g.label->setText(QString::fromUtf8(g.text));
        g.label->setVisible(true);
    }
}

void InequalityPlots::drawRatioHistogram(const InequalityResult &result) {
    std::vector<double> logs;
    logs.reserve(result.ratio.size());
    std::int64_t zeros = 0;
    for (double r : result.ratio) {
        if (r > 0 && std::isfinite(r))
            logs.push_back(std::log10(r));
        else
            ++zeros;
    }
    QVector<double> centers, shares;
    double width = 0.1;
    if (!logs.empty()) {
        const auto [mn, mx] = std::minmax_element(logs.begin(), logs.end());
        const double span = std::max(*mx - *mn, 0.2);
        const int target = std::clamp(int(std::sqrt(double(logs.size()))), 10, 60);
        // Bin edges on multiples of the width, so 0 (R = 1) is an edge and violations get their own
        // bars.
        width = span / target;
        const double start = std::floor(*mn / width) * width;
        const int bins = int(std::ceil((*mx - start) / width)) + 1;
        std::vector<std::int64_t> counts(std::size_t(bins), 0);
        for (double v : logs)
            ++counts[std::size_t(std::clamp(int((v - start) / width), 0, bins - 1))];
        const double total = double(result.ratio.size());
        for (int i = 0; i < bins; ++i) {
            centers << start + (i + 0.5) * width;
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
        m_ratioMedian.place(*mid, tr("median %1").arg(shortNumber(std::pow(10.0, *mid), 2)));
    } else {
        m_ratioMedian.hide();
    }
    QString title =
        tr("R = LHS/RHS over %1 inputs").arg(groupedNumber(std::int64_t(result.ratio.size())));
    if (zeros > 0)
        title += tr(" (%1 with R = 0)").arg(groupedNumber(zeros));
    setPlotTitle(m_ratio, title);
}

void InequalityPlots::drawStress(const Histogram &logRatio, std::int64_t violations,
                                 std::int64_t netsDone) {
    if (!m_layerLhs->data()->isEmpty() || !m_points->data()->isEmpty() ||
        !m_ratioBars->data()->isEmpty())
        emptySingle();
    // Pairs of the core's 0.05-wide bins: 0.1 in log10 R, smooth enough for a few hundred nets.
    QVector<double> centers, shares;
    const double total = double(logRatio.total());
    const int merge = 2;
    const double width = logRatio.binWidth() * merge;
    if (total > 0)
        for (int i = 0; i + merge <= logRatio.bins(); i += merge) {
            std::int64_t c = 0;
            for (int j = 0; j < merge; ++j)
                c += logRatio.counts[std::size_t(i + j)];
            centers << logRatio.edge(i) + width / 2;
            shares << 100.0 * double(c) / total;
        }
    setSplitBars(m_stressBars, m_stressBarsOver, centers, shares, width);
    m_stress->xAxis->setRange(histogramXRange(centers, shares, width));
    m_stress->yAxis->setRange(0, std::max(1.0, maxOf(shares) * 1.3));
    m_stressBound.place(0, tr("R = 1"));
    if (const auto median = histogramQuantile(logRatio, 0.5))
        m_stressMedian.place(*median, tr("median %1").arg(shortNumber(std::pow(10.0, *median), 2)));
    else
        m_stressMedian.hide();
    setPlotTitle(m_stress, tr("%1 %2 in %3 nets")
                               .arg(groupedNumber(violations),
                                    violations == 1 ? tr("violation") : tr("violations"),
                                    groupedNumber(netsDone)));
    m_stress->replot(QCustomPlot::rpQueuedReplot);
}

void InequalityPlots::markWorst(const Certificate *worst, bool singleNet) {
    m_worstPoint->data()->clear();
    m_worstLabel->setVisible(false);
    m_ratioWorst.hide();
    m_stressWorst.hide();
    const bool usable = worst && worst->ratio > 0 && std::isfinite(worst->ratio);
    m_worstPoint->setVisible(usable && singleNet);
    if (usable) {
        const double at = std::log10(worst->ratio);
        const QString text = tr("search %1").arg(shortNumber(worst->ratio, 3));
        if (singleNet) {
            if (worst->lhs > 0 && worst->rhs > 0) {
                m_worstPoint->setData({worst->rhs}, {worst->lhs});
                m_worstLabel->position->setCoords(worst->rhs, worst->lhs);
                m_worstLabel->setText(tr("search max, R = %1").arg(shortNumber(worst->ratio, 3)));
                m_worstLabel->setVisible(true);
                // Keep the star inside the (square) range.
                const QCPRange r = m_lhsRhs->xAxis->range();
                setScatterRange(std::min({r.lower, worst->lhs / 2.5, worst->rhs / 2.5}),
                                std::max({r.upper, worst->lhs * 2.5, worst->rhs * 2.5}));
            }
            m_ratioWorst.place(at, text);
            QCPRange x = m_ratio->xAxis->range();
            if (at > x.upper - 0.2)
                m_ratio->xAxis->setRange(x.lower, at + 0.4);
        } else {
            m_stressWorst.place(at, tr("search, net 1: %1").arg(shortNumber(worst->ratio, 3)));
            QCPRange x = m_stress->xAxis->range();
            if (at > x.upper - 0.2)
                m_stress->xAxis->setRange(x.lower, at + 0.4);
        }
    }
    for (auto *p : {m_lhsRhs, m_ratio, m_stress})
        p->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace dimscope::views
