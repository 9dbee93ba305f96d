// SPDX-License-Identifier: MIT
#include "common/density_cloud.h"

#include "common/screen_theme.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <qcustomplot.h>

namespace dimscope::views {

namespace {

const char *const kObjectName = "dimscope-density-cloud";
const char *const kLayerName = "density";

/// The layer just below the plottables' own: above the grid, under every dot and line.
QCPLayer *densityLayer(QCustomPlot *plot) {
    if (QCPLayer *existing = plot->layer(QLatin1String(kLayerName)))
        return existing;
    plot->addLayer(QLatin1String(kLayerName), plot->layer(QStringLiteral("main")),
                   QCustomPlot::limBelow);
    return plot->layer(QLatin1String(kLayerName));
}

/// From a faint tint of the dots' colour for one point in a cell to a strong shade for the
/// densest cell: pale to dark on a light ground, dim to bright on a dark one (the dark and
/// projector themes), so density always stands out from the empty ground. Empty cells stay
/// transparent, so the grid shows through.
QCPColorGradient gradientFor(QColor color, bool darkGround) {
    color.setAlpha(255);
    QColor faint = darkGround ? color.darker(170) : color.lighter(175);
    faint.setAlpha(darkGround ? 150 : 120);
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, faint);
    g.setColorStopAt(0.5, color);
    g.setColorStopAt(1.0, darkGround ? color.lighter(190) : color.darker(230));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

/// The image with its colour scale as legend icon, pale to dark: QCPColorMap's own icon, a
/// thumbnail of the whole image, read as a speck at legend size.
class DensityImage : public QCPColorMap {
public:
    using QCPColorMap::QCPColorMap;

protected:
    void drawLegendIcon(QCPPainter *painter, const QRectF &rect) const override {
        QLinearGradient scale(rect.topLeft(), rect.topRight());
        for (const double t : {0.0, 0.25, 0.5, 0.75, 1.0})
            scale.setColorAt(t, QColor::fromRgba(gradient().color(t, QCPRange(0, 1))));
        painter->fillRect(rect, QBrush(scale));
    }
};

} // namespace

CloudPoints CloudPoints::owning(std::vector<double> x, std::vector<double> y) {
    y.resize(x.size());
    auto both = std::make_shared<std::pair<std::vector<double>, std::vector<double>>>(std::move(x),
                                                                                      std::move(y));
    return {both, both->first.data(), both->second.data(), both->first.size(), 1};
}

DensityCloud::DensityCloud(QCPGraph *dots)
    : QObject(dots), m_dots(dots), m_image(new DensityImage(dots->keyAxis(), dots->valueAxis())) {
    setObjectName(QLatin1String(kObjectName));
    m_image->setLayer(densityLayer(dots->parentPlot()));
    m_image->setInterpolate(false);
    // Cells of width w centred from lower + w/2 (set in rebin) cover exactly the axis range.
    m_image->setTightBoundary(false);
    m_image->setGradient(gradientFor(dots->scatterStyle().brush().color(), false));
    m_image->setDataScaleType(QCPAxis::stLogarithmic);
    m_image->setVisible(false);
    m_image->removeFromLegend();
    // Every replot lays the plot out first; by then the ranges and the size are final.
    connect(dots->parentPlot(), &QCustomPlot::afterLayout, this, &DensityCloud::rebin);
}

DensityCloud *DensityCloud::of(QCPGraph *dots) {
    if (auto *existing =
            dots->findChild<DensityCloud *>(QLatin1String(kObjectName), Qt::FindDirectChildrenOnly))
        return existing;
    return new DensityCloud(dots);
}

const DensityCloud *DensityCloud::find(const QCPAbstractPlottable *plottable) {
    return plottable ? plottable->findChild<const DensityCloud *>(QLatin1String(kObjectName),
                                                                  Qt::FindDirectChildrenOnly)
                     : nullptr;
}

void DensityCloud::setPoints(CloudPoints points, const QString &densityName) {
    m_points = std::move(points);
    m_binnedFor.clear();
    m_image->setName(densityName);
    QCPLegend *legend = m_dots->parentPlot()->legend;
    const bool imageShown = m_image->visible(); // standing in for the dots until now
    if (drawsDensity()) {
        if (!imageShown) // the dots' legend entry comes back with the dots
            m_dotsHadLegendEntry = legend && legend->hasItemWithPlottable(m_dots);
        m_dots->data()->clear();
        m_dots->removeFromLegend();
        m_image->setVisible(true);
        m_image->addToLegend();
    } else {
        if (imageShown && m_dotsHadLegendEntry)
            m_dots->addToLegend();
        QVector<double> x(qsizetype(m_points.count)), y(qsizetype(m_points.count));
        for (std::size_t i = 0; i < m_points.count; ++i) {
            x[qsizetype(i)] = m_points.xAt(i);
            y[qsizetype(i)] = m_points.yAt(i);
        }
        m_dots->setData(x, y);
        m_image->setVisible(false);
        m_image->removeFromLegend();
        m_image->data()->clear();
    }
}

void DensityCloud::rebin() {
    if (!drawsDensity())
        return;
    const bool dark = showsDarkGround(m_dots->parentPlot());
    if (dark != m_darkGround) { // the theme changed since the last layout
        m_darkGround = dark;
        m_image->setGradient(gradientFor(m_dots->scatterStyle().brush().color(), dark));
    }
    const QCPRange keys = m_dots->keyAxis()->range(), values = m_dots->valueAxis()->range();
    const QRect rect = m_dots->keyAxis()->axisRect()->rect();
    const double ratio = m_dots->parentPlot()->devicePixelRatioF();
    // Cells of about 2 × 2 device pixels: fine enough to look smooth.
    // And no more cells per axis than √N / 2, so that a cloud spread evenly puts about four
    // points in a cell: 30 000 points in an exported figure at 300 dpi were speckle, not density.
    const int most = std::clamp(int(std::sqrt(double(m_points.count)) / 2), 16, 800);
    const int nx = std::clamp(int(rect.width() * ratio / 2), 16, most);
    const int ny = std::clamp(int(rect.height() * ratio / 2), 16, most);
    const std::vector<double> binnedFor = {keys.lower,   keys.upper, values.lower,
                                           values.upper, double(nx), double(ny)};
    if (binnedFor == m_binnedFor)
        return;
    if (!(keys.size() > 0) || !(values.size() > 0) || !std::isfinite(keys.size()) ||
        !std::isfinite(values.size()))
        return; // axes being set up; the next layout bins
    m_binnedFor = binnedFor;

    std::vector<double> counts(std::size_t(nx) * std::size_t(ny), 0.0);
    const double sx = nx / keys.size(), sy = ny / values.size();
    for (std::size_t i = 0; i < m_points.count; ++i) {
        const double fx = (m_points.xAt(i) - keys.lower) * sx;
        const double fy = (m_points.yAt(i) - values.lower) * sy;
        if (fx >= 0 && fx < nx && fy >= 0 && fy < ny) // outside the view (or NaN): not drawn
            counts[std::size_t(fy) * std::size_t(nx) + std::size_t(fx)] += 1;
    }
    const double w = keys.size() / nx, h = values.size() / ny;
    auto *data = new QCPColorMapData(nx, ny, QCPRange(keys.lower + w / 2, keys.upper - w / 2),
                                     QCPRange(values.lower + h / 2, values.upper - h / 2));
    double densest = 1;
    for (int cy = 0; cy < ny; ++cy)
        for (int cx = 0; cx < nx; ++cx) {
            const double c = counts[std::size_t(cy) * std::size_t(nx) + std::size_t(cx)];
            densest = std::max(densest, c);
            data->setCell(cx, cy, c > 0 ? c : std::nan("")); // empty: transparent
        }
    m_image->setData(data); // takes ownership
    m_image->setDataRange(QCPRange(1, std::max(2.0, densest)));
}

} // namespace dimscope::views
