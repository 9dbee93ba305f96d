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
#include <vector>

#include <QByteArray>

class QCustomPlot;

namespace dimscope::views {

struct FigureFormat {
    double widthMm = 120; ///< outer width of the figure, 10…1000 mm
    double heightMm = 80; ///< outer height, 10…1000 mm
    double fontPt = 9;    ///< size of every text in the figure, 4…48 pt
    double dpi = 300;     ///< PNG only, 50…2400
    /// false: the plot's title is left out (a paper's caption says it); recorded only then.
    bool title = true;
    /// true: series that would look alike in greyscale or to a colour-blind reader get a dash,
    /// marker or hatching of their own (DistinctStrokes); recorded only then.
    bool distinctStrokes = false;
};

/// nullopt when every field is in range, else plain words naming the field.
std::optional<QString> validate(const FigureFormat &format);

/// The file suffixes exportFigure understands, lower case without the dot: "pdf", "svg", "png".
QStringList figureSuffixes();

/// One file of an export, its whole content in memory: exports are prepared first and written
/// together.
struct ExportFile {
    QString path;
    QByteArray bytes;
};

/// Writes every file of `files` or none (core/io/atomic_file.h): two entries that are the same file
/// (after symbolic links) are refused before anything is written, each file goes to a temporary
/// file beside its target, and the targets are replaced only once all are complete on disk. A
/// symbolic link is written through; a folder, FIFO or device in the way is refused. Returns
/// nullopt on success, else fileError() naming the file and the system's reason ("No space left
/// on device").
std::optional<QString> writeExport(const std::vector<ExportFile> &files);

/// True when a visible graph, bar, curve or colour map of `plot` holds data: an export of a plot
/// without any is refused rather than written as empty axes.
bool plotHasData(QCustomPlot *plot);

/// Renders `plot` as exportFigure does and appends the figure and its `<path>.json` sidecar to
/// `files`, writing nothing (a figure and its CSV are then written together by writeExport).
std::optional<QString> prepareFigure(QCustomPlot *plot, const QString &path,
                                     const FigureFormat &format, const QJsonObject &provenance,
                                     std::vector<ExportFile> &files);

/// Writes `plot` to `path`; the format comes from the suffix:
/// - .pdf: vector, fonts embedded, page exactly widthMm × heightMm (to the PDF's 1/72 in grid);
/// - .svg: width/height in mm and an explicit viewBox (1 user unit = 1/96 in);
/// - .png: widthMm/25.4·dpi × heightMm/25.4·dpi pixels, the DPI stored in the file.
/// Provenance (`explorer`, `version`, `params` incl. seed, `data_files`) and `export` (plot, type,
/// width_mm, height_mm, font_pt, dpi for PNG) go into the file's metadata (PDF title/creator/XMP
/// description, SVG <title>/<desc>/<metadata>, PNG text chunks) and into `<path>.json`: either
/// makes the same figure again (`dimscope export E --params FILE.json --out NEW`). A plot without
/// data is refused. Text comes out at exactly its point size (fontPt; QCustomPlot's tick-label
/// exponents ¾ of it) in all three formats, where Qt alone rounds it to whole 1/96 in (8 pt
/// → 8.25 pt; see figure_exact_text.h). Both files are written together by writeExport: a failed
/// export leaves existing files as they were. The plot's fonts, adaptive sampling and layout are
/// restored afterwards.
/// Returns nullopt on success, else a message naming the file and the problem.
std::optional<QString> exportFigure(QCustomPlot *plot, const QString &path,
                                    const FigureFormat &format, const QJsonObject &provenance);

/// Tidy CSV of every visible graph, bar and curve in `plots` (name → plot), one row per point:
/// `plot,series,kind,x,y` (+ `y_low,y_high` when any series has value error bars; empty cells
/// elsewhere). kind is line | scatter | bars | curve; series are named by their legend name or
/// "series N". RFC 4180 (CRLF, quoting), numbers with 17 significant digits (round-trip exact),
/// NaN/Inf/-Inf for non-finite values. Written with the `<path>.json` provenance sidecar by
/// writeExport. Returns nullopt on success, else a message naming the file and the problem.
std::optional<QString> exportCsv(const QList<QPair<QString, QCustomPlot *>> &plots,
                                 const QString &path, const QJsonObject &provenance);

/// exportCsv's CSV and its sidecar appended to `files`, writing nothing.
std::optional<QString> prepareCsv(const QList<QPair<QString, QCustomPlot *>> &plots,
                                  const QString &path, const QJsonObject &provenance,
                                  std::vector<ExportFile> &files);

} // namespace dimscope::views
