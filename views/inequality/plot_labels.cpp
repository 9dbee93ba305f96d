// SPDX-License-Identifier: MIT
#include "inequality/plot_labels.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include <QFontMetricsF>

#include <qcustomplot.h>

namespace dimscope::views::inequality_detail {

namespace {

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

} // namespace

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

bool VerticalMarker::visible() const { return line->visible(); }

double VerticalMarker::x() const { return line->point1->coords().x(); }

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

} // namespace dimscope::views::inequality_detail
