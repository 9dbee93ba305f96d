// SPDX-License-Identifier: MIT
#pragma once
// Figures for papers: PDF, SVG and PNG with exact physical sizes and one font size, so a figure
// drops into LaTeX at 100 % and its text matches the caption; plus the plotted numbers as CSV.
// Every export writes `<file>.json` next to the file with the provenance given by the caller.
// GUI thread only (QCustomPlot is a widget).

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

class QCustomPlot;

namespace dimscope::views {

struct FigureFormat {
    double widthMm = 120; ///< outer width of the figure, 10…1000 mm
    double heightMm = 80; ///< outer height, 10…1000 mm
    double fontPt = 9;    ///< size of every text in the figure, 4…48 pt
    double dpi = 300;     ///< PNG only, 50…2400
};

/// nullopt when every field is in range, else plain words naming the field.
std::optional<QString> validate(const FigureFormat &format);

/// The file suffixes exportFigure understands, lower case without the dot: "pdf", "svg", "png".
QStringList figureSuffixes();

/// Writes `plot` to `path`; the format comes from the suffix:
/// - .pdf: vector, fonts embedded, page exactly widthMm × heightMm (to the PDF's 1/72 in grid);
/// - .svg: width/height in mm and an explicit viewBox (1 user unit = 1/96 in);
/// - .png: widthMm/25.4·dpi × heightMm/25.4·dpi pixels, the DPI stored in the file.
/// Provenance (`explorer`, `version`, `params` incl. seed) goes into the file's metadata (PDF
/// title/creator/XMP description, SVG <title>/<desc>, PNG text chunks) and into `<path>.json`
/// with the format. Text comes out at exactly its point size (fontPt; QCustomPlot's tick-label
/// exponents ¾ of it) in all three formats, where Qt alone rounds it to whole 1/96 in (8 pt
/// → 8.25 pt; see figure_exact_text.h). Both files are written atomically: a failed export
/// leaves existing files as they were. The plot's fonts, adaptive sampling and layout are
/// restored afterwards.
/// Returns nullopt on success, else a message naming the file and the problem.
std::optional<QString> exportFigure(QCustomPlot *plot, const QString &path,
                                    const FigureFormat &format, const QJsonObject &provenance);

/// Tidy CSV of every visible graph, bar and curve in `plots` (name → plot), one row per point:
/// `plot,series,kind,x,y` (+ `y_low,y_high` when any series has value error bars; empty cells
/// elsewhere). kind is line | scatter | bars | curve; series are named by their legend name or
/// "series N". RFC 4180 (CRLF, quoting), numbers with 17 significant digits (round-trip exact),
/// NaN/Inf/-Inf for non-finite values. Atomic; also writes the `<path>.json` provenance sidecar.
/// Returns nullopt on success, else a message naming the file and the problem.
std::optional<QString> exportCsv(const QList<QPair<QString, QCustomPlot *>> &plots,
                                 const QString &path, const QJsonObject &provenance);

} // namespace dimscope::views
