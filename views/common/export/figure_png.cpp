// SPDX-License-Identifier: MIT
#include "common/export/figure_files.h"
#include "common/export/figure_formats.h"
#include "common/export/figure_geometry.h"
#include "common/export/figure_metadata.h"
#include "common/export/figure_paint.h"

#include <QBuffer>
#include <QImage>
#include <QImageWriter>
#include <QPainter>

namespace dimscope::views::figure {
namespace {

// A bigger PNG is almost certainly a typo (1000 mm at 2400 dpi would need 35 GB of memory).
constexpr double kMaxPngPixels = 250e6;

} // namespace

std::optional<QString> renderPng(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out) {
    const QSize pixels = pngPixels(format);
    if (double(pixels.width()) * pixels.height() > kMaxPngPixels) {
        return fileError(path,
                         QStringLiteral("%1 × %2 pixels is too large; lower the DPI or the size.")
                             .arg(pixels.width())
                             .arg(pixels.height()));
    }
    QImage image(pixels, QImage::Format_RGB32);
    if (image.isNull())
        return fileError(path, QStringLiteral("not enough memory for the image"));
    // Drawn at a logical 96 dpi (so fonts resolve like on the other devices), stored at the
    // requested DPI afterwards.
    image.setDotsPerMeterX(dotsPerMeter(kLogicalDpi));
    image.setDotsPerMeterY(dotsPerMeter(kLogicalDpi));
    {
        QPainter painter;
        if (!painter.begin(&image))
            return fileError(path, QStringLiteral("could not start drawing the PNG"));
        const QSizeF logical = logicalSize(format);
        // Scale so the whole-pixel image is filled exactly.
        painter.scale(pixels.width() / logical.width(), pixels.height() / logical.height());
        const bool drawn = drawPlot(plot, painter, logical, false);
        painter.end();
        if (!drawn)
            return fileError(path, QStringLiteral("could not draw the PNG"));
    }
    image.setDotsPerMeterX(dotsPerMeter(format.dpi));
    image.setDotsPerMeterY(dotsPerMeter(format.dpi));
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setText(QStringLiteral("Title"), metadataTitle(provenance));
    writer.setText(QStringLiteral("Software"), metadataCreator(provenance));
    writer.setText(QStringLiteral("Description"), provenanceText(provenance));
    if (!writer.write(image))
        return fileError(path, writer.errorString());
    return std::nullopt;
}

} // namespace dimscope::views::figure
