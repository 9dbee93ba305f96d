// SPDX-License-Identifier: MIT
#include "common/export/figure_exact_text.h"

#include <QFontInfo>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>

#include <limits>

namespace dimscope::views::figure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

/// Replays the calls QPainter makes on a paint engine as QPainter calls on the target. Declaring
/// every feature makes QPainter pass primitives, transforms and clips through untouched.
class ForwardingPaintEngine : public QPaintEngine {
public:
    ForwardingPaintEngine(QPainter &target, const QTransform &toTarget)
        : QPaintEngine(QPaintEngine::AllFeatures), m_target(target), m_toTarget(toTarget),
          // QSvgPaintEngine writes the font's point size as given (font-size="10.6667"); the
          // PDF and raster engines draw at the rounded pixel size.
          m_roundsFontSizes(!target.paintEngine() ||
                            target.paintEngine()->type() != QPaintEngine::SVG) {}

    bool begin(QPaintDevice *) override {
        m_target.save();
        m_base = m_target.transform();
        m_world = QTransform();
        m_run = {};
        m_target.setTransform(m_toTarget * m_base);
        return true;
    }
    bool end() override {
        m_target.restore();
        return true;
    }
    Type type() const override { return QPaintEngine::User; }

    void updateState(const QPaintEngineState &state) override {
        const DirtyFlags dirty = state.state();
        // The transform first: a clip in the same update is in the new coordinates.
        if (dirty & DirtyTransform) {
            m_world = state.transform();
            m_target.setTransform(m_world * m_toTarget * m_base);
        }
        if (dirty & DirtyPen)
            m_target.setPen(state.pen());
        if (dirty & DirtyBrush)
            m_target.setBrush(state.brush());
        if (dirty & DirtyBrushOrigin)
            m_target.setBrushOrigin(state.brushOrigin());
        if (dirty & DirtyBackground)
            m_target.setBackground(state.backgroundBrush());
        if (dirty & DirtyBackgroundMode)
            m_target.setBackgroundMode(state.backgroundMode());
        if (dirty & DirtyHints) {
            m_target.setRenderHints(m_target.renderHints(), false);
            m_target.setRenderHints(state.renderHints(), true);
        }
        if (dirty & DirtyCompositionMode)
            m_target.setCompositionMode(state.compositionMode());
        if (dirty & DirtyOpacity)
            m_target.setOpacity(state.opacity());
        if (dirty & DirtyClipRegion)
            m_target.setClipRegion(state.clipRegion(), state.clipOperation());
        if (dirty & DirtyClipPath)
            m_target.setClipPath(state.clipPath(), state.clipOperation());
        if (dirty & DirtyClipEnabled)
            m_target.setClipping(state.isClipEnabled());
    }

    void drawRects(const QRect *rects, int count) override { m_target.drawRects(rects, count); }
    void drawRects(const QRectF *rects, int count) override { m_target.drawRects(rects, count); }
    void drawLines(const QLine *lines, int count) override { m_target.drawLines(lines, count); }
    void drawLines(const QLineF *lines, int count) override { m_target.drawLines(lines, count); }
    void drawEllipse(const QRectF &rect) override { m_target.drawEllipse(rect); }
    void drawEllipse(const QRect &rect) override { m_target.drawEllipse(rect); }
    void drawPath(const QPainterPath &path) override { m_target.drawPath(path); }
    void drawPoints(const QPointF *points, int count) override {
        m_target.drawPoints(points, count);
    }
    void drawPoints(const QPoint *points, int count) override {
        m_target.drawPoints(points, count);
    }
    void drawPolygon(const QPointF *points, int count, PolygonDrawMode mode) override {
        drawPolygonOf(points, count, mode);
    }
    void drawPolygon(const QPoint *points, int count, PolygonDrawMode mode) override {
        drawPolygonOf(points, count, mode);
    }
    void drawPixmap(const QRectF &rect, const QPixmap &pixmap, const QRectF &source) override {
        m_target.drawPixmap(rect, pixmap, source);
    }
    void drawTiledPixmap(const QRectF &rect, const QPixmap &pixmap,
                         const QPointF &offset) override {
        m_target.drawTiledPixmap(rect, pixmap, offset);
    }
    void drawImage(const QRectF &rect, const QImage &image, const QRectF &source,
                   Qt::ImageConversionFlags flags) override {
        m_target.drawImage(rect, image, source, flags);
    }

    /// `origin` is the left end of the text's baseline, laid out by QPainter for the rounded size.
    void drawTextItem(const QPointF &origin, const QTextItem &item) override {
        QFont font = item.font();
        // The painter drawing on this device draws decorations itself, as lines.
        font.setUnderline(false);
        font.setOverline(false);
        font.setStrikeOut(false);
        m_target.save();
        m_target.setFont(font); // resolved for the target device, as it will be drawn
        double scale = 1;
        if (m_roundsFontSizes && font.pointSizeF() > 0) {
            const double exactPx = font.pointSizeF() * m_target.device()->logicalDpiY() / 72.0;
            const int drawnPx = QFontInfo(m_target.font()).pixelSize();
            if (drawnPx > 0)
                scale = exactPx / drawnPx;
        }
        // QPainter hands over a line in pieces (one per script or fallback font: "ε = 0.1" is
        // three). A piece that continues the previous one starts where that one's scaled text
        // ended, so a line shrinks or grows as a whole about its start instead of each piece
        // about its own, which would leave gaps or overlaps between them.
        double x = origin.x();
        if (m_run.world == m_world && qAbs(m_run.baseline - origin.y()) < 1e-6 &&
            qAbs(m_run.laidOutEnd - origin.x()) < 1e-3)
            x = m_run.drawnEnd;
        m_run = {m_world, origin.y(), origin.x() + item.width(), x + scale * item.width()};
        // Placed where QCustomPlot put it (world, then toTarget), shaped by the world's rotation
        // only (toTarget's tiny stretch would distort the glyphs), then scaled to the exact size.
        const QPointF anchor = (m_world * m_toTarget).map(QPointF(x, origin.y()));
        const QTransform shape(m_world.m11(), m_world.m12(), m_world.m21(), m_world.m22(), 0, 0);
        m_target.setTransform(QTransform::fromScale(scale, scale) * shape *
                              QTransform::fromTranslate(anchor.x(), anchor.y()) * m_base);
        m_target.setLayoutDirection(
            (item.renderFlags() & QTextItem::RightToLeft) ? Qt::RightToLeft : Qt::LeftToRight);
        m_target.drawText(QPointF(0, 0), item.text());
        m_target.restore();
    }

private:
    template <class Point>
    void drawPolygonOf(const Point *points, int count, PolygonDrawMode mode) {
        switch (mode) {
        case PolylineMode: m_target.drawPolyline(points, count); break;
        case ConvexMode: m_target.drawConvexPolygon(points, count); break;
        case OddEvenMode: m_target.drawPolygon(points, count, Qt::OddEvenFill); break;
        case WindingMode: m_target.drawPolygon(points, count, Qt::WindingFill); break;
        }
    }

    /// The last piece of text drawn, in this device's coordinates.
    struct TextRun {
        QTransform world;
        double baseline = kNaN;
        double laidOutEnd = kNaN; ///< where QPainter's layout ended it
        double drawnEnd = kNaN;   ///< where it ended at its exact size
    };

    QPainter &m_target;
    QTransform m_toTarget;
    bool m_roundsFontSizes;
    QTransform m_base;  ///< the target's transform when painting began
    QTransform m_world; ///< the transform of the painter drawing on this device
    TextRun m_run;
};

ExactTextPaintDevice::ExactTextPaintDevice(QPainter &target, QSize size, const QTransform &toTarget)
    : m_engine(std::make_unique<ForwardingPaintEngine>(target, toTarget)), m_size(size),
      m_dpiX(target.device()->logicalDpiX()), m_dpiY(target.device()->logicalDpiY()) {}

ExactTextPaintDevice::~ExactTextPaintDevice() = default;

QPaintEngine *ExactTextPaintDevice::paintEngine() const { return m_engine.get(); }

int ExactTextPaintDevice::metric(PaintDeviceMetric metric) const {
    switch (metric) {
    case PdmWidth: return m_size.width();
    case PdmHeight: return m_size.height();
    case PdmWidthMM: return qRound(m_size.width() * 25.4 / m_dpiX);
    case PdmHeightMM: return qRound(m_size.height() * 25.4 / m_dpiY);
    case PdmNumColors: return 0; // true colour, as QImage::Format_RGB32 reports
    case PdmDepth: return 32;
    case PdmDpiX:
    case PdmPhysicalDpiX: return m_dpiX;
    case PdmDpiY:
    case PdmPhysicalDpiY: return m_dpiY;
    case PdmDevicePixelRatio: return 1;
    case PdmDevicePixelRatioScaled: return int(devicePixelRatioFScale());
    }
    return QPaintDevice::metric(metric);
}

} // namespace dimscope::views::figure
