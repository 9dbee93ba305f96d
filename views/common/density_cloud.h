// SPDX-License-Identifier: MIT
#pragma once
// A point cloud that stays quick at a million points. Up to kDotLimit points it is the scatter of
// dots the caller styled; above that, a density image: the points counted per cell of about 2 × 2
// device pixels of the visible range, on a log colour scale, binned again whenever the axes or the
// plot's size change, so that zooming in resolves the cloud. The legend says which is drawn.
// Binning a million points takes a few milliseconds; as dots, the graph's own sort of a million
// keys took 150 ms on the GUI thread and drawing them took seconds. An exported figure keeps its
// axes and text as vectors, with the image as one small raster inside. The CSV export writes every
// point either way (figure_csv asks find()). GUI thread only.

#include <cstddef>
#include <memory>
#include <vector>

#include <QObject>
#include <QString>

class QCPAbstractPlottable;
class QCPColorMap;
class QCPGraph;

namespace dimscope::views {

/// Points a cloud reads where they are: the i-th is (x[i · stride], y[i · stride]), and `owner`
/// keeps the arrays alive. A view passes the arrays of its shared result, so that a million points
/// are not copied on the GUI thread when the result arrives (that copy was most of a 50 ms stall).
struct CloudPoints {
    std::shared_ptr<const void> owner;
    const double *x = nullptr;
    const double *y = nullptr;
    std::size_t count = 0;
    std::size_t stride = 1;

    double xAt(std::size_t i) const { return x[i * stride]; }
    double yAt(std::size_t i) const { return y[i * stride]; }
    /// Points of their own: the two vectors moved into the owner (equal length, or cut to x's).
    static CloudPoints owning(std::vector<double> x, std::vector<double> y);
};

class DensityCloud : public QObject {
    Q_OBJECT
public:
    /// Above this many points the cloud is an image, at and below it dots.
    static constexpr int kDotLimit = 10000;
    /// Dots a view may still draw over an image (its hubs, outliers). 5000 discs drew in ~10 ms,
    /// but at 10⁵ points they covered the dense core the image is there to show.
    static constexpr int kDotsOverImage = 2000;

    /// The DensityCloud of `dots`, made on first use (a child of the graph, so it lives and dies
    /// with it). Its image is added to the same axes, on the layer below the dots.
    static DensityCloud *of(QCPGraph *dots);
    /// The one attached to `plottable`, or nullptr.
    static const DensityCloud *find(const QCPAbstractPlottable *plottable);

    /// Every point of the cloud and the legend text of the image, e.g.
    /// "1 000 000 points, density"; the dots keep their own name. The image takes the dots'
    /// place in the legend while it is drawn. Redraws nothing itself.
    void setPoints(CloudPoints points, const QString &densityName);
    void setPoints(std::vector<double> x, std::vector<double> y, const QString &densityName) {
        setPoints(CloudPoints::owning(std::move(x), std::move(y)), densityName);
    }
    void clear() { setPoints(CloudPoints{}, QString()); }

    bool drawsDensity() const { return m_points.count > std::size_t(kDotLimit); }
    const CloudPoints &points() const { return m_points; }
    QCPColorMap *image() const { return m_image; }

    /// Counts the points into the cells of the current ranges and size (called on every change).
    void rebin();

private:
    explicit DensityCloud(QCPGraph *dots);

    QCPGraph *m_dots;
    QCPColorMap *m_image;
    CloudPoints m_points;
    /// What the image was last binned for: ranges and cells; rebin() skips when nothing changed.
    std::vector<double> m_binnedFor;
    /// Whether the dots were in the legend before the image (shown: it stands in for them) took
    /// their place there.
    bool m_dotsHadLegendEntry = false;
    bool m_darkGround = false; ///< the gradient is the one for a dark ground
};

} // namespace dimscope::views
