// SPDX-License-Identifier: MIT
#include "training/task_picture_plot.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <qcustomplot.h>

#include "common/plot_style.h"

namespace dimscope::views {

namespace {

QVector<double> q(const std::vector<double> &v) { return QVector<double>(v.begin(), v.end()); }

void drawCurve(QCustomPlot *plot, const std::vector<tasks::TaskPicture> &pictures) {
    const tasks::CurvePicture &first = *pictures.front().curve;
    QCPGraph *truth = addLineGraph(plot, QObject::tr("truth"), SeriesRole::Theory);
    truth->setData(q(first.x), q(first.truth), true);
    // Every other seed's fit faded behind the first's.
    for (std::size_t s = pictures.size(); s-- > 1;)
        if (pictures[s].curve) {
            QCPGraph *g = plot->addGraph();
            QColor c = paletteColor(0);
            c.setAlpha(70);
            g->setPen(QPen(c, 1.0));
            g->removeFromLegend();
            g->setData(q(pictures[s].curve->x), q(pictures[s].curve->fit), true);
        }
    QCPGraph *fit = addLineGraph(plot, QObject::tr("fit, seed 1"), SeriesRole::Simulation, 0);
    fit->setData(q(first.x), q(first.fit), true);
    QCPGraph *data = addScatterGraph(plot, QObject::tr("training points"), 1);
    data->setData(q(first.dataX), q(first.dataY));
    plot->xAxis->setLabel(QStringLiteral("x"));
    plot->yAxis->setLabel(QStringLiteral("y"));
}

void drawWeights(QCustomPlot *plot, const tasks::WeightsPicture &w) {
    QVector<double> index, learned, truth;
    for (std::size_t i = 0; i < w.learned.size(); ++i) {
        index << double(i);
        learned << w.learned[i];
        truth << (i < w.truth.size() ? w.truth[i] : 0.0);
    }
    QCPGraph *stems =
        addLineGraph(plot, QObject::tr("learned w, seed 1"), SeriesRole::Simulation, 0);
    stems->setLineStyle(QCPGraph::lsImpulse);
    stems->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    stems->setData(index, learned, true);
    if (!w.truth.empty()) {
        QCPGraph *t = addScatterGraph(plot, QObject::tr("truth w*"), 1);
        t->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCrossCircle, 8));
        t->setData(index, truth, true);
    }
    plot->xAxis->setLabel(QObject::tr("coordinate"));
    plot->yAxis->setLabel(QObject::tr("weight"));
}

void drawSurface(QCustomPlot *plot, const tasks::SurfacePicture &s) {
    auto *map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->setName(QObject::tr("predicted class"));
    map->removeFromLegend();
    map->data()->setSize(s.columns, s.rows);
    map->data()->setRange(QCPRange(s.xMin, s.xMax), QCPRange(s.yMin, s.yMax));
    for (int j = 0; j < s.rows; ++j)
        for (int i = 0; i < s.columns; ++i)
            map->data()->setCell(i, j, s.predicted[std::size_t(j * s.columns + i)]);
    QCPColorGradient gradient;
    gradient.clearColorStops();
    for (int c = 0; c < s.classes; ++c) {
        QColor colour = paletteColor(c).lighter(165);
        gradient.setColorStopAt(s.classes > 1 ? double(c) / (s.classes - 1) : 0.0, colour);
    }
    gradient.setLevelCount(std::max(2, s.classes));
    map->setGradient(gradient);
    map->setInterpolate(false);
    map->setDataRange(QCPRange(0, std::max(1, s.classes - 1)));
    for (int c = 0; c < s.classes; ++c) {
        QVector<double> x, y;
        for (std::size_t p = 0; p < s.labels.size(); ++p)
            if (s.labels[p] == c) {
                x << s.pointsX[p];
                y << s.pointsY[p];
            }
        QCPGraph *points = addScatterGraph(plot, QObject::tr("class %1").arg(c), c);
        points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, paletteColor(c), 5));
        points->setData(x, y);
    }
    plot->xAxis->setRange(s.xMin, s.xMax);
    plot->yAxis->setRange(s.yMin, s.yMax);
    plot->xAxis->setLabel(QStringLiteral("x₁"));
    plot->yAxis->setLabel(QStringLiteral("x₂"));
}

void drawContour(QCustomPlot *plot, const tasks::ContourPicture &c,
                 const std::vector<std::vector<double>> &path, const QString &optimizer) {
    auto *map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->removeFromLegend();
    const int nx = int(c.x.size()), ny = int(c.y.size());
    map->data()->setSize(nx, ny);
    map->data()->setRange(QCPRange(c.x.front(), c.x.back()), QCPRange(c.y.front(), c.y.back()));
    double lo = 1e300, hi = -1e300;
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            const double v = std::log10(1e-3 + c.loss[std::size_t(j * nx + i)]);
            map->data()->setCell(i, j, v);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    QCPColorGradient gradient(QCPColorGradient::gpGrayscale);
    gradient.setColorStopAt(0, QColor(250, 250, 250));
    gradient.setColorStopAt(1, QColor(160, 160, 160));
    gradient.setLevelCount(12); // bands of equal log loss read as contours
    map->setGradient(gradient);
    map->setDataRange(QCPRange(lo, hi));
    const auto addPath = [plot](const QString &name, const QVector<double> &x,
                                const QVector<double> &y, const QPen &pen) {
        auto *curve = new QCPCurve(plot->xAxis, plot->yAxis);
        curve->setName(name);
        curve->setPen(pen);
        QVector<double> t(x.size());
        std::iota(t.begin(), t.end(), 0.0);
        curve->setData(t, x, y);
    };
    int colour = 1;
    for (const tasks::ContourPicture::Path &p : c.references)
        addPath(QString::fromStdString(p.name), q(p.x), q(p.y),
                QPen(paletteColor(colour++), 1.2, Qt::DashLine));
    if (!path.empty()) {
        QVector<double> x, y;
        for (const std::vector<double> &theta : path)
            if (theta.size() >= 2) {
                x << theta[0];
                y << theta[1];
            }
        addPath(optimizer + QObject::tr(" (this run)"), x, y, QPen(paletteColor(0), 2.2));
    }
    QCPGraph *optimum = addScatterGraph(plot, QObject::tr("optimum c; over θ ≥ 0"), 6);
    optimum->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QColor(20, 20, 20), 10));
    optimum->setData({c.optimum[0], c.constrained[0]}, {c.optimum[1], c.constrained[1]});
    plot->xAxis->setRange(c.x.front(), c.x.back());
    plot->yAxis->setRange(c.y.front(), c.y.back());
    plot->xAxis->setLabel(QStringLiteral("θ₁"));
    plot->yAxis->setLabel(QStringLiteral("θ₂"));
}

} // namespace

bool drawTaskPicture(QCustomPlot *plot, const std::vector<tasks::TaskPicture> &pictures,
                     const std::vector<std::vector<double>> &path, const QString &optimizer) {
    plot->clearPlottables();
    plot->clearItems();
    if (pictures.empty())
        return false;
    const tasks::TaskPicture &first = pictures.front();
    if (first.curve)
        drawCurve(plot, pictures);
    else if (first.weights)
        drawWeights(plot, *first.weights);
    else if (first.surface)
        drawSurface(plot, *first.surface);
    else if (first.contour)
        drawContour(plot, *first.contour, path, optimizer);
    else
        return false;
    if (!first.surface && !first.contour) {
        plot->rescaleAxes();
        // A margin, so the points at the ends are drawn whole rather than cut by the frame.
        plot->xAxis->scaleRange(1.04);
        plot->yAxis->scaleRange(1.1);
    }
    return true;
}

} // namespace dimscope::views
