// SPDX-License-Identifier: MIT
#pragma once
// A paint device that hands every drawing call on to another painter, except that text comes out
// at exactly the point size its font asks for.
//
// Why: Qt resolves a point-size font to a whole number of pixels of the device it is drawn on
// (QFontDatabasePrivate::load rounds `pt · dpi / 72`). Our figures are drawn in units of 1/96 in,
// so 8 pt (10.67 units) is drawn at 11 units = 8.25 pt, 7 pt at 6.75 pt, 13 pt at 12.75 pt; only
// multiples of 0.75 pt are exact. No QFont setting avoids it (setPixelSize takes an int; hinting
// does not change the rounding), and a finer unit would change every pen, padding and tick length
// QCustomPlot measures in pixels. So QCustomPlot lays out and draws as before, and each piece of
// text is redrawn on the target under a scale of exact/rounded size about its baseline origin.

#include <QPaintDevice>
#include <QSize>
#include <QTransform>

#include <memory>

class QPainter;

namespace dimscope::views::figure {

class ForwardingPaintEngine;

class ExactTextPaintDevice : public QPaintDevice {
public:
    /// `target` must be active and stay so while this device is painted on; its logical DPI
    /// becomes this device's. `size` is this device's size in its own units; `toTarget` maps them
    /// to the target's logical units (on top of the target's transform when painting begins).
    /// Text is positioned through `toTarget` but not shaped by it, so a slightly non-uniform
    /// `toTarget` (filling a page from whole units) does not stretch the glyphs.
    ExactTextPaintDevice(QPainter &target, QSize size, const QTransform &toTarget);
    ~ExactTextPaintDevice() override;
    ExactTextPaintDevice(const ExactTextPaintDevice &) = delete;
    ExactTextPaintDevice &operator=(const ExactTextPaintDevice &) = delete;

    QPaintEngine *paintEngine() const override;

protected:
    int metric(PaintDeviceMetric metric) const override;

private:
    std::unique_ptr<ForwardingPaintEngine> m_engine;
    QSize m_size;
    int m_dpiX;
    int m_dpiY;
};

} // namespace dimscope::views::figure
