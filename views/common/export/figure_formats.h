// SPDX-License-Identifier: MIT
#pragma once
// One renderer per figure format. Each draws a plot that is already in export state
// (ExportState) into `out`, with the provenance in the format's own metadata, and returns
// nullopt on success or fileError(path, ...).

#include "common/export/figure_export.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class QCustomPlot;

namespace dimscope::views::figure {

/// Vector PDF, fonts embedded, page widthMm × heightMm to the PDF's whole-point grid.
std::optional<QString> renderPdf(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out);

/// SVG 1.1 with width/height in mm, a viewBox of 1/96 in units and real clip paths.
std::optional<QString> renderSvg(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out);

/// PNG of pngPixels(format) pixels with the DPI and text chunks stored.
std::optional<QString> renderPng(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out);

} // namespace dimscope::views::figure
