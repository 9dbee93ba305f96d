// SPDX-License-Identifier: MIT
#include "pareto/pareto_plots.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <QObject>

#include <qcustomplot.h>

#include "common/plot_style.h"
#include "pareto/method_colour.h"

namespace dimscope::views {

using namespace dimscope::pareto;

namespace {

/// Contours per task: the level at θ₀ above the task's minimum, then quarters of it.
constexpr int kContourLevels = 6;
constexpr int kEllipsePoints = 120;

QCPCurve *addCurve(QCustomPlot *plot, const QString &name, const std::vector<Point> &points,
                   const QPen &pen) {
    auto *curve = new QCPCurve(plot->xAxis, plot->yAxis);
    curve->setName(name);
    curve->setPen(pen);
    QVector<double> t, x, y;
    for (std::size_t i = 0; i < points.size(); ++i) {
        t << double(i);
        x << points[i].x();
        y << points[i].y();
    }
    curve->setData(t, x, y, true);
    if (name.isEmpty())
        curve->removeFromLegend();
    return curve;
}

void addArrow(QCustomPlot *plot, const Point &from, const Point &to, const QPen &pen) {
    auto *arrow = new QCPItemLine(plot);
    arrow->start->setCoords(from.x(), from.y());
    arrow->end->setCoords(to.x(), to.y());
    arrow->setPen(pen);
    arrow->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 9, 11));
}

/// Both axes over [lo, hi] with equal units per pixel, so ellipses and angles look as they are.
/// The box is kept on the plot (keepEqualAspect frames it again when the axis rect resizes).
void frameEqual(QCustomPlot *plot, Point lo, Point hi) {
    plot->setProperty("equalBox", QRectF(QPointF(lo.x(), lo.y()), QPointF(hi.x(), hi.y())));
    const Point centre = (lo + hi) / 2, half = (hi - lo) / 2;
    const QRect rect = plot->axisRect()->rect();
    plot->setProperty("equalBoxPixels", rect.size());
    if (rect.width() < 20 || rect.height() < 20) { // not laid out yet: the box as it is
        plot->xAxis->setRange(lo.x(), hi.x());
        plot->yAxis->setRange(lo.y(), hi.y());
        return;
    }
    const double w = rect.width(), h = rect.height();
    // Units per pixel: the larger need of the two axes.
    const double upp = std::max(2 * half.x() / w, 2 * half.y() / h);
    plot->xAxis->setRange(centre.x() - upp * w / 2, centre.x() + upp * w / 2);
    plot->yAxis->setRange(centre.y() - upp * h / 2, centre.y() + upp * h / 2);
}

} // namespace

void keepEqualAspect(QCustomPlot *plot) {
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] {
        const QRectF box = plot->property("equalBox").toRectF();
        if (box.isNull() ||
            plot->property("equalBoxPixels").toSize() == plot->axisRect()->rect().size())
            return;
        frameEqual(plot, Point(box.left(), box.top()), Point(box.right(), box.bottom()));
        layOutNow(plot); // the new ranges' ticks, in this replot: an export draws only once
    });
}

QColor taskColour(int task) {
    static const QColor colours[] = {QColor(90, 110, 170), QColor(170, 90, 90),
                                     QColor(90, 150, 90)};
    return colours[task % 3];
}

void drawLandscape(QCustomPlot *plot, const ParetoResult &r) {
    plot->clearPlottables();
    plot->clearItems();
    const std::vector<Quadratic> tasks = tasksOf(r.params);
    const Point start(r.params.startX, r.params.startY);
    Point lo = start, hi = start;
    const auto include = [&](const Point &p) {
        if (!p.allFinite() || p.norm() > 50)
            return;
        lo = lo.cwiseMin(p);
        hi = hi.cwiseMax(p);
    };
    for (const Quadratic &t : tasks)
        include(t.centre);
    for (const auto &curve : r.paretoCurves)
        for (const Point &p : curve)
            include(p);
    const Point margin = ((hi - lo) * 0.2).cwiseMax(Point(0.5, 0.5));
    lo -= margin;
    hi += margin;

    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const Quadratic &t = tasks[i];
        QColor c = taskColour(int(i));
        c.setAlpha(120);
        const double top = t.loss(start) - t.offset;
        for (int k = 0; k < kContourLevels; ++k) {
            const double level = t.offset + top * std::pow(0.25, k);
            addCurve(plot, k == 0 ? QObject::tr("L%1 contours").arg(i + 1) : QString(),
                     t.levelSet(level, kEllipsePoints), QPen(c, 1.0));
        }
    }
    if (!r.paretoInterior.empty()) {
        QCPGraph *cloud = plot->addGraph();
        cloud->setName(QObject::tr("Pareto set, inside"));
        cloud->setLineStyle(QCPGraph::lsNone);
        cloud->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(150, 150, 150), 3));
        QVector<double> x, y;
        for (const Point &p : r.paretoInterior) {
            x << p.x();
            y << p.y();
        }
        cloud->setData(x, y);
    }
    for (std::size_t k = 0; k < r.paretoCurves.size(); ++k)
        addCurve(plot, k == 0 ? QObject::tr("Pareto set") : QString(), r.paretoCurves[k],
                 QPen(QColor(20, 20, 20), 3.0));
    // The chosen path last, on top.
    std::vector<std::size_t> order(r.paths.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_partition(order.begin(), order.end(),
                          [&](std::size_t m) { return Method(m) != r.params.method; });
    for (std::size_t m : order) {
        const Path &path = r.paths[m];
        const bool chosen = path.method == r.params.method;
        QPen pen(methodColour(path.method), chosen ? 3.0 : 1.5);
        if (isGradientBased(path.method))
            pen.setStyle(Qt::DashLine);
        QString name = QString::fromStdString(nameOf(path.method));
        if (path.divergedAt >= 0)
            name += QObject::tr(" (diverged)");
        addCurve(plot, name, path.points, pen);
    }
    QCPGraph *marks = plot->addGraph();
    marks->setName(QObject::tr("θ₀, arrow point"));
    marks->setLineStyle(QCPGraph::lsNone);
    marks->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.5), QColor(255, 255, 255), 8));
    marks->setData({start.x(), r.arrows.point.x()}, {start.y(), r.arrows.point.y()});
    plot->xAxis->setLabel(QStringLiteral("θ₁"));
    plot->yAxis->setLabel(QStringLiteral("θ₂"));
    frameEqual(plot, lo, hi);
}

void drawArrowPanel(QCustomPlot *plot, const ParetoResult &r) {
    plot->clearPlottables();
    plot->clearItems();
    const ArrowPanel &a = r.arrows;
    const Point origin = Point::Zero();
    double longest = 0;
    for (const Point &g : a.gradients)
        longest = std::max(longest, g.norm());
    if (!(longest > 0))
        longest = 1;
    // The hull of the gradients: a segment for two tasks, a triangle for three.
    std::vector<Point> hull = a.gradients;
    hull.push_back(a.gradients.front());
    QCPCurve *h =
        addCurve(plot, QObject::tr("hull of the gᵢ"), hull, QPen(QColor(120, 120, 120), 1.2));
    h->setBrush(QColor(200, 200, 200, 70));
    for (std::size_t i = 0; i < a.gradients.size(); ++i) {
        addArrow(plot, origin, a.gradients[i], QPen(taskColour(int(i)), 2.2));
        // A legend entry for the arrow: a short curve in its colour.
        addCurve(plot, QObject::tr("g%1 = ∇L%1").arg(i + 1), {origin, a.gradients[i]},
                 QPen(taskColour(int(i)), 2.2));
    }
    addArrow(plot, origin, a.minNorm, QPen(QColor(20, 20, 20), 2.6));
    addCurve(plot, QObject::tr("u* (MGDA)"), {origin, a.minNorm}, QPen(QColor(20, 20, 20), 2.6));
    // The normalised sum has length ≤ n whatever the gradients' scale: drawn as a direction, at
    // half the longest gradient's length.
    const double n = a.normalizedSum.norm();
    const Point shown = n > 0 ? Point(a.normalizedSum / n * 0.5 * longest) : origin;
    QPen dashed(methodColour(Method::Normalized), 2.0, Qt::DashLine);
    addArrow(plot, origin, shown, dashed);
    addCurve(plot, QObject::tr("Σ gᵢ/‖gᵢ‖ (direction)"), {origin, shown}, dashed);
    plot->xAxis->setLabel(QObject::tr("∂/∂θ₁"));
    plot->yAxis->setLabel(QObject::tr("∂/∂θ₂"));
    Point lo = origin, hi = origin;
    for (const Point &g : a.gradients) {
        lo = lo.cwiseMin(g);
        hi = hi.cwiseMax(g);
    }
    const Point margin = Point::Constant(0.12 * longest);
    frameEqual(plot, lo - margin, hi + margin);
}

} // namespace dimscope::views
