// SPDX-License-Identifier: MIT
// The two point clouds of the hubness explorer: Nₖ against the distance to the mean, and the
// 2-D PCA projection with its click-to-ring reverse neighbours.
#include <algorithm>
#include <cmath>

#include <qcustomplot.h>

#include "common/density_cloud.h"
#include "common/number_text.h"
#include "common/plot_style.h"
#include "hubness/hubness.h"
#include "hubness/hubness_plot_parts.h"
#include "hubness/hubness_plots.h"

namespace dimscope::views {

using namespace dimscope::hubness;
using namespace dimscope::views::hubparts;

namespace {

constexpr int kPickRadiusPx = 10;
constexpr int kClasses = 5;
constexpr double kStrongHubSize = 6.5; ///< marker of the last class, Nₖ ≥ 2 · hub threshold

/// Nₖ classes of the projection, antihubs first: 0 | 1…k−1 | k…hub−1 | hub…2·hub−1 | ≥ 2·hub.
int classOf(std::int64_t nk, int k, std::int64_t hub) {
    return nk == 0 ? 0 : nk < k ? 1 : nk < hub ? 2 : nk < 2 * hub ? 3 : 4;
}

QString rangeText(std::int64_t lo, std::int64_t hi) {
    return lo == hi ? QString::number(lo) : QStringLiteral("%1–%2").arg(lo).arg(hi);
}

/// Of the points `indices`, at most DensityCloud::kDotsOverImage: those with the largest Nₖ (hubs
/// drawn as dots over a density image stay few, and the strongest are the ones to see). Returns
/// whether any were left out.
bool keepStrongest(std::vector<std::size_t> &indices, const std::vector<std::int64_t> &nk) {
    const auto limit = std::size_t(DensityCloud::kDotsOverImage);
    if (indices.size() <= limit)
        return false;
    std::nth_element(indices.begin(), indices.begin() + std::ptrdiff_t(limit), indices.end(),
                     [&](std::size_t a, std::size_t b) { return nk[a] > nk[b]; });
    indices.resize(limit);
    return true;
}

/// The mean-distance cloud of every point, read where the result holds it: the distances in
/// place, Nₖ as doubles beside them (an 8 MB pass for a million points, not a copy of both).
CloudPoints distanceAgainstOccurrence(const std::shared_ptr<const HubnessResult> &result) {
    struct Owner {
        std::shared_ptr<const HubnessResult> result;
        std::vector<double> occurrence;
    };
    auto owner = std::make_shared<Owner>(
        Owner{result, std::vector<double>(result->kOccurrence.begin(), result->kOccurrence.end())});
    return {owner, result->distanceToMean.data(), owner->occurrence.data(),
            owner->occurrence.size(), 1};
}

QString densityName(std::size_t n) {
    return HubnessPlots::tr("%1 points, density (log)").arg(groupedNumber(std::int64_t(n)));
}

} // namespace

void HubnessPlots::setUpScatterPlots() {
    // mean-distance: every point, hubs on top, a median trend and the hub threshold.
    m_meanDistance = new QCustomPlot;
    applyPlotStyle(m_meanDistance);
    m_meanDistance->setMinimumSize(260, 200);
    m_meanPoints = makeDots(m_meanDistance, tr("points"), paletteColor(0), 3.5);
    m_meanHubs = makeDots(m_meanDistance, tr("hubs"), kHubColor, 4.5);
    m_meanTrend = addLineGraph(m_meanDistance, tr("median"), SeriesRole::Theory);
    m_meanSelected =
        makeDots(m_meanDistance, QString(), Qt::black, 13, QCPScatterStyle::ssCrossCircle);
    m_meanSelected->removeFromLegend();
    m_meanHubLine = new QCPItemStraightLine(m_meanDistance);
    m_meanHubLine->setPen(QPen(kHubColor, 1.0, Qt::DashLine));
    m_meanHubLine->setVisible(false);
    m_meanDistance->xAxis->setLabel(tr("distance to the data mean ‖x − mean‖"));
    m_meanDistance->yAxis->setLabel(tr("Nₖ"));
    setPlotTitle(m_meanDistance, tr("Nₖ against the distance to the mean"));

    // projection: Nₖ classes from antihubs (small, grey) to strong hubs (large, on top).
    m_projection = new QCustomPlot;
    applyPlotStyle(m_projection);
    m_projection->setMinimumSize(260, 200);
    m_projection->setToolTip(tr("Click a point: red rings mark the points that have it among "
                                "their k nearest neighbours. Drag to pan, wheel to zoom."));
    const struct {
        QColor color;
        double size;
    } classes[kClasses] = {{kGrey, 2},
                           // Okabe–Ito green, blue, purple, vermillion: sky blue beside blue and
                           // orange beside vermillion read as one class each.
                           {paletteColor(2), 2.5},
                           {paletteColor(0), 3.5},
                           {paletteColor(3), 5},
                           {kHubColor, kStrongHubSize}};
    for (const auto &c : classes)
        m_classes << makeDots(m_projection, QString(), c.color, c.size);
    // Markers keep their share of the plot: sized for a plot about 450 px wide, they merged into
    // one blob in a one-column export (its axes are about 260 px wide).
    QObject::connect(m_projection, &QCustomPlot::afterLayout, m_projection, [this, classes] {
        const double scale = std::clamp(m_projection->axisRect()->width() / 450.0, 0.6, 1.0);
        for (int c = 0; c < kClasses; ++c) {
            QCPScatterStyle style = m_classes[c]->scatterStyle();
            style.setSize(classes[c].size * scale);
            m_classes[c]->setScatterStyle(style);
        }
    });
    // Above DensityCloud::kDotLimit points: all of them as one density image, hubs as dots on it.
    m_allPoints = makeDots(m_projection, QString(), QColor(60, 80, 110), 2);
    m_allPoints->removeFromLegend();
    m_reverse =
        makeDots(m_projection, tr("reverse neighbours"), kRingColor, 9, QCPScatterStyle::ssCircle);
    m_reverse->setAdaptiveSampling(false); // every ring counts
    m_reverse->removeFromLegend();
    m_selectedMark =
        makeDots(m_projection, tr("clicked point"), Qt::black, 14, QCPScatterStyle::ssCrossCircle);
    m_selectedMark->setAdaptiveSampling(false);
    m_selectedMark->removeFromLegend();
    m_projection->xAxis->setLabel(tr("principal component 1"));
    m_projection->yAxis->setLabel(tr("principal component 2"));
    // The legend below the axes, in one row where it fits (inside it would hide points).
    moveLegendOutside(m_projection, LegendPlace::Below, kClasses);
    m_projection->legend->setColumnSpacing(8);
    m_projection->legend->setIconSize(8, 8);
    m_projection->legend->setIconTextPadding(3);
    m_selectionText = new QCPTextElement(m_projection, QString(), m_projection->font());
    m_selectionText->setMargins(QMargins(4, 0, 4, 4));
    setPlotTitle(m_projection, tr("PCA projection"));
}

void HubnessPlots::drawMeanDistance(const HubnessResult &r) {
    if (r.distanceToMean.empty()) {
        DensityCloud::of(m_meanPoints)->clear();
        for (auto *g : {m_meanHubs, m_meanTrend})
            g->data()->clear();
        m_meanHubLine->setVisible(false);
        setPlotTitle(m_meanDistance, tr("Needs coordinates: a neighbour file holds only indices"));
        return;
    }
    const std::size_t n = r.distanceToMean.size();
    // Above the dot limit every point is in the image, the distances read in place, and the
    // strongest hubs are dots on top; at or below it, the hubs in their own colour over the others.
    const bool dense = n > std::size_t(DensityCloud::kDotLimit);
    std::vector<std::size_t> hubs;
    std::vector<double> x, y; // the dots that are not hubs, when not dense
    double dmin = r.distanceToMean[0], dmax = dmin;
    for (std::size_t i = 0; i < n; ++i) { // one pass: a million points take milliseconds a pass
        dmin = std::min(dmin, r.distanceToMean[i]);
        dmax = std::max(dmax, r.distanceToMean[i]);
        if (double(r.kOccurrence[i]) >= m_hubThreshold) {
            hubs.push_back(i);
        } else if (!dense) {
            x.push_back(r.distanceToMean[i]);
            y.push_back(double(r.kOccurrence[i]));
        }
    }
    const bool someHubsLeftOut = dense && keepStrongest(hubs, r.kOccurrence);
    if (dense)
        DensityCloud::of(m_meanPoints)
            ->setPoints(distanceAgainstOccurrence(m_result), densityName(n));
    else
        DensityCloud::of(m_meanPoints)->setPoints(std::move(x), std::move(y), QString());
    QVector<double> hx, hy, tx, ty;
    for (const std::size_t i : hubs) {
        hx << r.distanceToMean[i];
        hy << double(r.kOccurrence[i]);
    }
    m_meanHubs->setData(hx, hy);
    // The dashed line is the hub threshold: said here, its only legend entry.
    m_meanHubs->setName(
        someHubsLeftOut
            ? tr("hubs (the %1 largest Nₖ)").arg(groupedNumber(hx.size()))
            : tr("hubs: Nₖ ≥ %1, dashed").arg(numberText(std::ceil(m_hubThreshold), 3)));
    // The median trend comes with the result: sorting a million distances here stalled the window.
    for (const auto &[distance, median] : r.meanDistanceTrend) {
        tx << distance;
        ty << median;
    }
    m_meanTrend->setData(tx, ty, true);
    m_meanHubLine->point1->setCoords(0, m_hubThreshold);
    m_meanHubLine->point2->setCoords(1, m_hubThreshold);
    m_meanHubLine->setVisible(true);
    const double pad = 0.04 * std::max(dmax - dmin, 1e-9);
    m_meanDistance->xAxis->setRange(dmin - pad, dmax + pad);
    const double top = double(r.measures.maxKOccurrence);
    m_meanDistance->yAxis->setRange(-0.03 * top - 0.5, top * 1.06 + 1);
    const auto rho = r.measures.spearmanMeanDistance;
    QString title;
    const QString value = rho ? fixedText(*rho, 2) : QString();
    if (!rho)
        title = tr("Spearman ρ undefined: Nₖ or the distance is constant");
    else if (*rho <= -0.6)
        title = tr("Spearman ρ = %1: hubs sit near the mean").arg(value);
    else if (*rho <= -0.3)
        title = tr("Spearman ρ = %1: hubs lean to the mean").arg(value);
    else
        title = tr("Spearman ρ = %1: Nₖ hardly depends on it").arg(value);
    setPlotTitle(m_meanDistance, title);
}

void HubnessPlots::drawProjection(const HubnessResult &r) {
    for (auto *g : m_classes) {
        g->data()->clear();
        g->removeFromLegend();
    }
    DensityCloud::of(m_allPoints)->clear();
    if (r.projection.empty()) {
        setPlotTitle(m_projection, tr("Needs coordinates: a neighbour file holds only indices"));
        return;
    }
    const auto hub = static_cast<std::int64_t>(std::ceil(m_hubThreshold));
    const std::size_t n = r.projection.size();
    // Above the dot limit every point goes into one density image and only the strong hubs stay
    // dots (the strongest kDotsOverImage, smaller, so that the image shows between them); at or
    // below it, five classes of dots.
    const bool dense = n > std::size_t(DensityCloud::kDotLimit);
    std::vector<std::size_t> members[kClasses];
    double xmin = 1e300, xmax = -1e300, ymin = 1e300, ymax = -1e300;
    for (std::size_t i = 0; i < n; ++i) {
        const auto &p = r.projection[i];
        xmin = std::min(xmin, p[0]);
        xmax = std::max(xmax, p[0]);
        ymin = std::min(ymin, p[1]);
        ymax = std::max(ymax, p[1]);
        if (!dense)
            members[classOf(r.kOccurrence[i], r.k, hub)].push_back(i);
        else if (r.kOccurrence[i] >= 2 * hub) // the last class
            members[kClasses - 1].push_back(i);
    }
    const QString names[kClasses] = {tr("Nₖ = 0"), rangeText(1, r.k - 1), rangeText(r.k, hub - 1),
                                     rangeText(hub, 2 * hub - 1),
                                     tr("strong hubs ≥ %1").arg(2 * hub)};
    for (int c = 0; c < kClasses; ++c) {
        const bool leftOut = dense && keepStrongest(members[c], r.kOccurrence);
        QVector<double> xs, ys;
        for (const std::size_t i : members[c]) {
            xs << r.projection[i][0];
            ys << r.projection[i][1];
        }
        m_classes[c]->setData(xs, ys);
        if (c == kClasses - 1) {
            QCPScatterStyle style = m_classes[c]->scatterStyle();
            style.setSize(dense ? 3 : kStrongHubSize);
            m_classes[c]->setScatterStyle(style);
        }
        m_classes[c]->setName(leftOut ? tr("%1 (the %2 largest)")
                                            .arg(names[c])
                                            .arg(groupedNumber(std::int64_t(members[c].size())))
                                      : names[c]);
        if (!xs.isEmpty())
            m_classes[c]->addToLegend();
    }
    // Above the dot limit every point is in one image, read in place from the result: x and y of
    // point i at 2i and 2i + 1 from the first x.
    static_assert(sizeof(r.projection[0]) == 2 * sizeof(double), "a point is two packed doubles");
    if (dense)
        DensityCloud::of(m_allPoints)
            ->setPoints(CloudPoints{m_result, &r.projection[0][0], &r.projection[0][1], n, 2},
                        densityName(n));
    const double px = 0.04 * std::max(xmax - xmin, 1e-9), py = 0.04 * std::max(ymax - ymin, 1e-9);
    m_projection->xAxis->setRange(xmin - px, xmax + px);
    m_projection->yAxis->setRange(ymin - py, ymax + py);
    setPlotTitle(m_projection,
                 r.d > 2 ? tr("PCA (2 of %1 axes), marker by Nₖ, hubs ≥ %2").arg(r.d).arg(hub)
                         : tr("The points, marker by Nₖ, hubs ≥ %1").arg(hub));
}

int HubnessPlots::pointAt(const QPointF &pixel) const {
    if (!m_result)
        return -1;
    const auto &points = m_result->projection;
    const auto &occurrence = m_result->kOccurrence;
    int best = -1;
    double bestSq = double(kPickRadiusPx * kPickRadiusPx);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double dx = m_projection->xAxis->coordToPixel(points[i][0]) - pixel.x();
        const double dy = m_projection->yAxis->coordToPixel(points[i][1]) - pixel.y();
        const double sq = dx * dx + dy * dy;
        // Among points equally close, the bigger Nₖ wins: hubs are drawn on top.
        if (sq < bestSq ||
            (best >= 0 && sq == bestSq && occurrence[i] > occurrence[std::size_t(best)])) {
            bestSq = sq;
            best = int(i);
        }
    }
    return best;
}

int HubnessPlots::selectPoint(int index) {
    static const HubnessResult kNone;
    const HubnessResult &r = m_result ? *m_result : kNone;
    const auto &points = r.projection;
    if (index < 0 || std::size_t(index) >= points.size())
        index = -1;
    m_selected = index;
    QVector<double> rx, ry;
    // A neighbour file may hold more columns than k; only the first k count.
    const int rowLength = r.neighbors.k;
    if (index >= 0 && rowLength > 0) {
        const std::size_t rows = r.neighbors.indices.size() / std::size_t(rowLength);
        const int cols = std::min(m_k, rowLength);
        for (std::size_t row = 0; row < rows; ++row)
            for (int c = 0; c < cols; ++c)
                if (r.neighbors.indices[row * std::size_t(rowLength) + std::size_t(c)] == index) {
                    rx << points[row][0];
                    ry << points[row][1];
                    break;
                }
    }
    m_reverse->setData(rx, ry);
    // The explanation row exists only while a point is picked, so exports stay clean otherwise.
    QCPLayoutGrid *layout = m_projection->plotLayout();
    const bool shown = layout->hasElement(layout->rowCount() - 1, 0) &&
                       layout->element(layout->rowCount() - 1, 0) == m_selectionText;
    if (index < 0) {
        m_selectedMark->data()->clear();
        m_meanSelected->data()->clear();
        if (shown) {
            layout->take(m_selectionText);
            layout->simplify();
        }
    } else {
        const auto i = std::size_t(index);
        m_selectedMark->setData(QVector<double>{points[i][0]}, QVector<double>{points[i][1]});
        if (i < r.distanceToMean.size())
            m_meanSelected->setData(QVector<double>{r.distanceToMean[i]},
                                    QVector<double>{double(r.kOccurrence[i])});
        m_selectionText->setText(
            tr("Point %1 (crossed): Nₖ = %2. Red rings: the %3 points\nthat have it among their "
               "%4 nearest neighbours.")
                .arg(index)
                .arg(r.kOccurrence[i])
                .arg(rx.size())
                .arg(m_k));
        if (!shown) {
            layout->addElement(layout->rowCount(), 0, m_selectionText);
            layout->setRowStretchFactor(layout->rowCount() - 1, 0.001);
        }
    }
    m_projection->replot(QCustomPlot::rpQueuedReplot);
    m_meanDistance->replot(QCustomPlot::rpQueuedReplot);
    return int(rx.size());
}

} // namespace dimscope::views
