// SPDX-License-Identifier: MIT
#include "common/export/figure_files.h"
#include "common/export/figure_formats.h"
#include "common/export/figure_geometry.h"
#include "common/export/figure_metadata.h"
#include "common/export/figure_paint.h"

#include <QBuffer>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace dimscope::views::figure {

std::optional<QString> renderPdf(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out) {
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    // At 96 dpi the device unit is the logical unit, so point-size fonts resolve exactly.
    writer.setResolution(int(kLogicalDpi));
    const QPageSize pageSize(QSizeF(format.widthMm, format.heightMm), QPageSize::Millimeter,
                             QString(), QPageSize::ExactMatch);
    // Portrait keeps the size as given; Landscape would swap a wide custom page to tall.
    if (!writer.setPageLayout(QPageLayout(pageSize, QPageLayout::Portrait, QMarginsF())))
        return fileError(path, QStringLiteral("the PDF page size was refused"));
    const QString title = metadataTitle(provenance);
    const QString creator = metadataCreator(provenance);
    writer.setTitle(title);
    writer.setCreator(creator);
    writer.setDocumentXmpMetadata(xmpPacket(title, creator, provenanceText(provenance)));
    QPainter painter;
    if (!painter.begin(&writer))
        return fileError(path, QStringLiteral("could not start drawing the PDF"));
    // The page is whole points (QPageSize rounds), so fill that page rather than the request.
    const QSizeF pagePt = writer.pageLayout().fullRectPoints().size();
    const bool drawn = drawPlot(plot, painter, pagePt * (kLogicalDpi / 72.0), true);
    if (!painter.end() || !drawn)
        return fileError(path, QStringLiteral("could not finish the PDF"));
    return std::nullopt;
}

} // namespace dimscope::views::figure
