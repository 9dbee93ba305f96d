// SPDX-License-Identifier: MIT
#include "inequality_plots.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>

#include <QFontMetricsF>
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

/// The layer of all text items: above the bars, points and marker lines ("main"), so no line or
/// bar is ever drawn across a label.
QCPLayer *labelLayer(QCustomPlot *plot) {
    const QString name = QStringLiteral("labels");
    if (!plot->layer(name))
        plot->addLayer(name, plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    return plot->layer(name);
}

QCPItemText *makeLabel(QCustomPlot *plot, const QColor &color) {
    auto *label = new QCPItemText(plot);
    label->setLayer(labelLayer(plot));
    label->setColor(color);
    label->setFont(plot->font());
    label->setClipToAxisRect(true);
    label->setPadding(QMargins(3, 1, 3, 1));
    label->setBrush(QColor(255, 255, 255, 225)); // readable over bars, points and grid lines
    return label;
}

/// A marker; its label is put in place by layoutLabels at every layout.
VerticalMarker makeMarker(QCustomPlot *plot, const QPen &pen) {
    VerticalMarker m;
    m.line = new QCPItemStraightLine(plot);
    m.line->setPen(pen);
    m.label = makeLabel(plot, pen.color());
    m.label->position->setType(QCPItemPosition::ptAbsolute);
    m.label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    m.hide();
    return m;
}

/// x ticks only over the histogram proper: the off-scale bars set apart at either side carry
/// their own labels, and a tick under them would read as a value of log10 R.
class GapTicker : public QCPAxisTicker {
public:
    void setShown(double from, double to) {
        m_from = from;
        m_to = to;
    }

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override {
        QVector<double> ticks = QCPAxisTicker::createTickVector(tickStep, range);
        const double eps = 1e-9 * tickStep;
        ticks.erase(std::remove_if(ticks.begin(), ticks.end(),
                                   [&](double t) { return t < m_from - eps || t > m_to + eps; }),
                    ticks.end());
        return ticks;
    }

private:
    double m_from = -std::numeric_limits<double>::infinity();
    double m_to = std::numeric_limits<double>::infinity();
};

/// The text box of a label (padding included), in pixels, as QCPItemText::draw measures it.
QSizeF labelSize(const QCPItemText *label) {
    const QRectF text =
        QFontMetricsF(label->font())
            .boundingRect(QRectF(0, 0, 0, 0), int(Qt::TextDontClip) | int(label->textAlignment()),
                          label->text());
    const QMargins p = label->padding();
    return {text.width() + p.left() + p.right(), text.height() + p.top() + p.bottom()};
}

/// Every bar of the plot with a positive value, in pixels.
QList<QRectF> barRects(QCustomPlot *plot) {
    QList<QRectF> rects;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto *bars = qobject_cast<QCPBars *>(plot->plottable(i));
        if (!bars || !bars->visible())
            continue;
        const double half = bars->width() / 2;
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
            if (!(it->value > 0))
                continue;
            const double x0 = bars->keyAxis()->coordToPixel(it->key - half);
            const double x1 = bars->keyAxis()->coordToPixel(it->key + half);
            const double y0 = bars->valueAxis()->coordToPixel(it->value);
            const double y1 = bars->valueAxis()->coordToPixel(0);
            rects << QRectF(QPointF(std::min(x0, x1), std::min(y0, y1)),
                            QPointF(std::max(x0, x1), std::max(y0, y1)));
        }
    }
    return rects;
}

/// A label to place: beside a marker's line, or above a bar of its own.
struct LabelTask {
    QCPItemText *label = nullptr;
    double anchorX = 0; ///< pixels: the line, or the bar's centre
    double barTop = std::numeric_limits<double>::quiet_NaN(); ///< pixels; NaN for a marker
};

/// Places the labels of a histogram plot in pixels, in order: each one beside its line (right or
/// left) or above its bar, in the highest row from the top where it meets no label placed before
/// it, crosses no other marker's line and covers as few bars as possible. Runs at every layout
/// (screen and export), so the rows fit the size and fonts actually drawn.
void layoutLabels(QCustomPlot *plot, const QList<LabelTask> &tasks, const QList<double> &lines) {
    const QRectF area = plot->axisRect()->rect();
    if (area.width() < 10 || area.height() < 10)
        return;
    const QList<QRectF> bars = barRects(plot);
    QList<QRectF> placed;
    for (const LabelTask &task : tasks) {
        const QSizeF size = labelSize(task.label);
        const bool onBar = !std::isnan(task.barTop);
        struct Candidate {
            QRectF rect;
            double cost;
        };
        QList<Candidate> candidates;
        const auto add = [&](double x, double y, double preference) {
            x = std::clamp(x, area.left() + 1,
                           std::max(area.left() + 1, area.right() - 1 - size.width()));
            y = std::clamp(y, area.top() + 1,
                           std::max(area.top() + 1, area.bottom() - 1 - size.height()));
            candidates << Candidate{QRectF(QPointF(x, y), size), preference};
        };
        // A bar's label stays close above its bar (off-scale bars are often too short to see);
        // it climbs over the neighbouring bars rather than covering them.
        if (onBar)
            for (int k = 0; k < 10; ++k)
                add(task.anchorX - size.width() / 2,
                    task.barTop - 2 - size.height() - k * (size.height() + 2), 1.5 * k);
        for (int row = 0; row < 6; ++row) {
            const double y = area.top() + 2 + row * (size.height() + 2);
            if (onBar) {
                add(task.anchorX - size.width() / 2, y, 20 + 2 * row);
            } else {
                add(task.anchorX + 4, y, 2 * row);
                add(task.anchorX - 4 - size.width(), y, 2 * row + 1);
            }
        }
        const Candidate *best = nullptr;
        for (Candidate &c : candidates) {
            for (const QRectF &other : placed)
                if (c.rect.intersects(other.adjusted(-2, -1, 2, 1)))
                    c.cost += 1000;
            for (double x : lines)
                if (x > c.rect.left() + 1 && x < c.rect.right() - 1)
                    c.cost += 100;
            for (const QRectF &bar : bars)
                if (c.rect.intersects(bar) &&
                    !(onBar && std::abs(bar.center().x() - task.anchorX) < 1))
                    c.cost += 10;
            if (!best || c.cost < best->cost)
                best = &c;
        }
        if (!best)
            continue;
        task.label->position->setType(QCPItemPosition::ptAbsolute);
        task.label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
        task.label->position->setCoords(best->rect.topLeft());
        placed << best->rect;
    }
}

/// Puts `label` next to the pixel `anchor`, inside the axis rect, where it covers the fewest
/// scatter points of the plot, neither the anchor nor `avoid` (an arrow).
void placeNear(QCustomPlot *plot, QCPItemText *label, QPointF anchor, std::optional<QLineF> avoid) {
    const QRectF area = plot->axisRect()->rect();
    if (area.width() < 10 || area.height() < 10)
        return;
    // The scatter points, and the guide lines sampled (a label over a line costs less than one
    // over a point: 10 samples weigh as much as a point).
    QList<QPair<QPointF, double>> points;
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *g = plot->graph(i);
        if (!g->visible())
            continue;
        const auto pixel = [g](auto it) {
            return QPointF(g->keyAxis()->coordToPixel(it->key),
                           g->valueAxis()->coordToPixel(it->value));
        };
        if (g->lineStyle() == QCPGraph::lsNone) {
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
                points << qMakePair(pixel(it), 1.0);
        } else if (g->data()->size() >= 2) {
            for (auto it = g->data()->constBegin(); std::next(it) != g->data()->constEnd(); ++it) {
                const QLineF segment(pixel(it), pixel(std::next(it)));
                for (int k = 0; k <= 60; ++k)
                    points << qMakePair(segment.pointAt(k / 60.0), 0.1);
            }
        }
    }
    const QSizeF size = labelSize(label);
    const double w = size.width(), h = size.height(), d = 9;
    const QPointF a = anchor;
    const QPointF corners[] = {{a.x() - d - w, a.y() - h / 2}, {a.x() + d, a.y() - h / 2},
                               {a.x() - w / 2, a.y() + d},     {a.x() - w / 2, a.y() - d - h},
                               {a.x() - d - w, a.y() + d},     {a.x() + d, a.y() + d},
                               {a.x() - d - w, a.y() - d - h}, {a.x() + d, a.y() - d - h}};
    // Beside the anchor first; the corners of the plot (farther from what it labels, so at a
    // price) when everything near it is crowded.
    QList<QPair<QPointF, double>> candidates;
    for (int k = 0; k < int(std::size(corners)); ++k)
        candidates << qMakePair(corners[k], 0.1 * k);
    for (const QPointF &c : {area.topLeft(), area.topRight() - QPointF(w, 0),
                             area.bottomLeft() - QPointF(0, h), area.bottomRight() - QPointF(w, h)})
        candidates << qMakePair(c, 4.0);
    double bestCost = std::numeric_limits<double>::infinity();
    QPointF best;
    for (const auto &[corner, price] : candidates) {
        const double x = std::clamp(corner.x(), area.left() + 1,
                                    std::max(area.left() + 1, area.right() - 1 - w));
        const double y =
            std::clamp(corner.y(), area.top() + 1, std::max(area.top() + 1, area.bottom() - 1 - h));
        const QRectF rect(QPointF(x, y), size);
        double cost = price;
        for (const auto &[p, weight] : points)
            cost += rect.contains(p) ? weight : 0;
        if (rect.adjusted(-3, -3, 3, 3).contains(a))
            cost += 500;
        if (avoid)
            for (int i = 0; i <= 12; ++i)
                if (rect.contains(avoid->pointAt(i / 12.0)))
                    cost += 50;
        if (cost < bestCost) {
            bestCost = cost;
            best = QPointF(x, y);
        }
    }
    label->position->setType(QCPItemPosition::ptAbsolute);
    label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->position->setCoords(best);
}

/// Lays out the labels of `markers` (in this order, after the labels of `barLabels`' bars) at
/// every layout of `plot`.
QMetaObject::Connection layoutOnEveryReplot(QCustomPlot *plot, QList<VerticalMarker *> markers,
                                            QList<QPair<QCPItemText *, QCPBars *>> barLabels) {
    return QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot, markers, barLabels] {
        QList<LabelTask> tasks;
        QList<double> lines;
        for (const VerticalMarker *m : markers)
            if (m->visible())
                lines << plot->xAxis->coordToPixel(m->x());
        // The bound first (it is always there), then the off-scale bars, then the others.
        const auto addMarker = [&](const VerticalMarker *m) {
            if (m->visible())
                tasks << LabelTask{m->label, plot->xAxis->coordToPixel(m->x())};
        };
        if (!markers.isEmpty())
            addMarker(markers.front());
        for (const auto &[label, bars] : barLabels)
            if (label->visible() && !bars->data()->isEmpty()) {
                const auto point = bars->data()->constBegin();
                tasks << LabelTask{label, plot->xAxis->coordToPixel(point->key),
                                   plot->yAxis->coordToPixel(point->value)};
            }
        for (int i = 1; i < markers.size(); ++i)
            addMarker(markers[i]);
        layoutLabels(plot, tasks, lines);
    });
}

/// Histogram bars of shares in percent, split at 0: left of it blue, right of it red. The callers
/// bin so that only violations (R > 1 + 1e-12) lie right of 0.
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
    label->setText(text);
    line->setVisible(true);
    label->setVisible(true);
}

void VerticalMarker::hide() {
    line->setVisible(false);
    label->setVisible(false);
}

bool VerticalMarker::visible() const {
    return line->visible();
}

double VerticalMarker::x() const {
    return line->point1->coords().x();
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

BoundSplit splitAtBound(const Histogram &h, std::int64_t violations) {
    BoundSplit split;
    split.counts = h.counts;
    if (h.bins() < 2)
        return split;
    const double k = -h.lo / h.binWidth();
    const int zero = int(std::lround(k));
    if (zero < 1 || zero >= h.bins() || std::abs(k - zero) > 1e-6)
        return split;
    split.zeroBin = zero;
    // Every sample right of the zero bin is a violation (R ≥ 10^0.05 > 1 + 1e-12), so the
    // violations in the zero bin are what is left of the count; the rest of that bin is R = 1 up
    // to round-off (a width-1 net puts most of its inputs there).
    std::int64_t beyond = h.overflow;
    for (int i = zero + 1; i < h.bins(); ++i)
        beyond += h.counts[std::size_t(i)];
    const std::int64_t inZero = h.counts[std::size_t(zero)];
    const std::int64_t violating = std::clamp<std::int64_t>(violations - beyond, 0, inZero);
    split.tight = inZero - violating;
    split.counts[std::size_t(zero)] -= split.tight;
    split.counts[std::size_t(zero - 1)] += split.tight;
    return split;
}

std::optional<double> stressMedianEstimate(const Histogram &h, std::int64_t violations,
                                           double maxRatio) {
    const std::int64_t total = h.total();
    if (total == 0)
        return std::nullopt;
    const BoundSplit split = splitAtBound(h, violations);
    const double target = 0.5 * double(total);
    double cumulative = double(h.underflow);
    if (cumulative >= target)
        return 0.0;
    const auto atMost = [maxRatio](double r) { return std::min(r, maxRatio); };
    for (int i = 0; i < h.bins(); ++i) {
        double c = double(h.counts[std::size_t(i)]);
        if (i == split.zeroBin) {
            // The tight samples are R = 1 (a point, not spread over the bin).
            if (cumulative + double(split.tight) >= target)
                return atMost(1.0);
            cumulative += double(split.tight);
            c -= double(split.tight);
        }
        if (c > 0 && cumulative + c >= target)
            return atMost(std::pow(10.0, h.edge(i) + h.binWidth() * (target - cumulative) / c));
        cumulative += c;
    }
    return atMost(std::pow(10.0, h.hi)); // in the overflow
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
    m_layers->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    m_layers->xAxis->setRange(0, 4);
    m_layers->yAxis->setRange(0, 1);
    setPlotTitle(m_layers, tr("Per-layer terms: set Random nets = 1"));

    for (auto *g : {m_points, m_violating, m_equality, m_tenth, m_hundredth, m_worstPoint})
        g->data()->clear();
    for (auto *label : {m_equalityLabel, m_tenthLabel, m_hundredthLabel, m_worstLabel})
        label->setVisible(false);
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
        m_ratioMedian.place(*mid, tr("median %1").arg(shortNumber(std::pow(10.0, *mid), 2)));
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

namespace {

/// "46", "4.6", "0.046": a share in percent with two or three significant digits.
QString percentText(double share) {
    if (share >= 10)
        return QString::number(qRound(share));
    return shortNumber(share, 2);
}

} // namespace

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
        m_stressMedian.place(keyOf(*d.median), tr("median %1").arg(shortNumber(*d.median, 2)));
    else
        m_stressMedian.hide();
    if (worst)
        m_stressWorst.place(keyOf(*worst), tr("search, net 1\nR = %1").arg(shortNumber(*worst, 3)));
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
    const QString value = tr("search max, R = %1").arg(shortNumber(worst.ratio, 3));
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
        value +
        tr("\nat RHS %1, LHS %2").arg(shortNumber(worst.rhs, 3), shortNumber(worst.lhs, 3)));
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
        m_ratioWorst.place(at, tr("search %1").arg(shortNumber(worst->ratio, 3)));
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
