// SPDX-License-Identifier: MIT
// exportFigure: checks the request, puts the plot into export state, lets the format's renderer
// draw it, and writes the file with its provenance sidecar. The pieces live in figure_*.cpp:
// export_state (fonts, sampling), paint (drawing a plot in figure units), pdf / svg / png
// (one renderer each), metadata (sidecar, XMP, titles), files (atomic writes), csv (exportCsv).
#include "common/export/figure_export.h"

#include "common/export/colour_check.h"

#include "common/screen_theme.h"

#include "common/export/figure_export_state.h"
#include "common/export/figure_files.h"
#include "common/export/figure_formats.h"
#include "common/export/figure_geometry.h"
#include "common/export/figure_metadata.h"

#include <cmath>
#include <unordered_set>

#include <QFileInfo>
#include <QJsonArray>
#include <qcustomplot.h>

namespace dimscope::views {
namespace {

using figure::fileError;

enum class FigureType { Pdf, Svg, Png };

std::optional<FigureType> figureType(const QString &path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf"))
        return FigureType::Pdf;
    if (suffix == QLatin1String("svg"))
        return FigureType::Svg;
    if (suffix == QLatin1String("png"))
        return FigureType::Png;
    return std::nullopt;
}

QString rangeProblem(const char *field, double value, double lo, double hi, const char *unit) {
    // Written as !(in range) so NaN is refused too.
    if (value >= lo && value <= hi)
        return {};
    return QStringLiteral("%1 must be between %2 and %3 %4 (got %5).")
        .arg(QLatin1String(field))
        .arg(lo)
        .arg(hi)
        .arg(QLatin1String(unit))
        .arg(value);
}

/// While alive, the title rows above the plot's first axis rect are out of its layout, when
/// asked: a figure without a title, the plot on screen unchanged afterwards.
class TitleLeftOut {
public:
    TitleLeftOut(QCustomPlot *plot, bool leaveOut) : m_layout(plot->plotLayout()) {
        if (!leaveOut)
            return;
        for (int row = 0; row < m_layout->rowCount(); ++row) {
            QCPLayoutElement *element = m_layout->element(row, 0);
            if (qobject_cast<QCPAxisRect *>(element))
                break;
            if (auto *text = qobject_cast<QCPTextElement *>(element))
                m_taken.emplace_back(row, text);
        }
        for (const auto &[row, text] : m_taken) {
            m_layout->take(text);
            text->setVisible(false); // out of the layout, it would still draw where it was
        }
        m_layout->simplify();
    }
    ~TitleLeftOut() {
        for (const auto &[row, text] : m_taken) {
            m_layout->insertRow(row);
            m_layout->addElement(row, 0, text);
            text->setVisible(true);
        }
    }
    TitleLeftOut(const TitleLeftOut &) = delete;
    TitleLeftOut &operator=(const TitleLeftOut &) = delete;

private:
    QCPLayoutGrid *m_layout;
    std::vector<std::pair<int, QCPTextElement *>> m_taken;
};

/// While alive, scatter graphs of many points hold one point per 0.1 mm cell of the figure (and
/// none outside the axes' ranges): points drawn on the same spot are drawn once, so a 20 000-point
/// scatter is a small PDF or SVG that looks the same. Lines and the CSV keep every point.
class ScatterMerged {
public:
    static constexpr int kFewPoints = 2000; ///< below this, every point is kept
    static constexpr double kCellMm = 0.1;

    ScatterMerged(QCustomPlot *plot, const FigureFormat &format) {
        const double cellsX = format.widthMm / kCellMm, cellsY = format.heightMm / kCellMm;
        for (int i = 0; i < plot->graphCount(); ++i) {
            QCPGraph *graph = plot->graph(i);
            if (graph->lineStyle() != QCPGraph::lsNone || graph->scatterStyle().isNone() ||
                graph->data()->size() < kFewPoints)
                continue;
            QVector<QCPGraphData> kept;
            std::unordered_set<std::uint64_t> seen;
            for (const QCPGraphData &point : *graph->data()) {
                const double fx = fraction(graph->keyAxis(), point.key);
                const double fy = fraction(graph->valueAxis(), point.value);
                if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1))
                    continue; // outside the axes: clipped anyway
                const auto cell = (std::uint64_t(fx * cellsX) << 32) | std::uint64_t(fy * cellsY);
                if (seen.insert(cell).second)
                    kept.append(point);
            }
            auto merged = QSharedPointer<QCPGraphDataContainer>::create();
            merged->add(kept, true); // in key order, as read
            m_kept.emplace_back(graph, graph->data());
            graph->setData(merged);
        }
    }
    ~ScatterMerged() {
        for (const auto &[graph, data] : m_kept)
            graph->setData(data);
    }
    ScatterMerged(const ScatterMerged &) = delete;
    ScatterMerged &operator=(const ScatterMerged &) = delete;

private:
    /// Where `coord` sits in the axis range, 0…1 (in log space on a log axis).
    static double fraction(const QCPAxis *axis, double coord) {
        const QCPRange range = axis->range();
        if (axis->scaleType() == QCPAxis::stLogarithmic)
            return coord > 0 ? std::log(coord / range.lower) / std::log(range.upper / range.lower)
                             : -1.0;
        return (coord - range.lower) / (range.upper - range.lower);
    }

    std::vector<std::pair<QCPGraph *, QSharedPointer<QCPGraphDataContainer>>> m_kept;
};

QJsonObject formatJson(FigureType type, const QString &path, const FigureFormat &format) {
    QJsonObject json{{QStringLiteral("type"), QFileInfo(path).suffix().toLower()},
                     {QStringLiteral("widthMm"), format.widthMm},
                     {QStringLiteral("heightMm"), format.heightMm},
                     {QStringLiteral("fontPt"), format.fontPt}};
    if (!format.title)
        json.insert(QStringLiteral("title"), false);
    if (format.distinctStrokes)
        json.insert(QStringLiteral("distinctStrokes"), true);
    if (type == FigureType::Png) {
        const QSize pixels = figure::pngPixels(format);
        json.insert(QStringLiteral("dpi"), format.dpi);
        json.insert(QStringLiteral("pixels"), QJsonArray{pixels.width(), pixels.height()});
    }
    return json;
}

/// The figure's record: how to make it again. Written into the file's own metadata and its
/// sidecar, read back by `--params` and `dimscope inspect`.
QJsonObject exportSettingsJson(FigureType type, const QString &path, const FigureFormat &format,
                               const QString &plotName) {
    QJsonObject json{{QStringLiteral("type"), QFileInfo(path).suffix().toLower()},
                     {QStringLiteral("width_mm"), format.widthMm},
                     {QStringLiteral("height_mm"), format.heightMm},
                     {QStringLiteral("font_pt"), format.fontPt}};
    if (!plotName.isEmpty())
        json.insert(QStringLiteral("plot"), plotName);
    if (type == FigureType::Png)
        json.insert(QStringLiteral("dpi"), format.dpi);
    if (!format.title)
        json.insert(QStringLiteral("title"), false);
    if (format.distinctStrokes)
        json.insert(QStringLiteral("distinct_strokes"), true);
    return json;
}

} // namespace

bool plotHasData(QCustomPlot *plot) {
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *p = plot->plottable(i);
        if (!p->visible())
            continue;
        if (const auto *map = qobject_cast<QCPColorMap *>(p)) {
            if (map->data()->keySize() > 0 && map->data()->valueSize() > 0)
                return true;
        } else if (p->interface1D() && p->interface1D()->dataCount() > 0) {
            return true;
        }
    }
    return false;
}

std::optional<QString> validate(const FigureFormat &format) {
    QStringList problems;
    for (const QString &p : {rangeProblem("Width", format.widthMm, 10, 1000, "mm"),
                             rangeProblem("Height", format.heightMm, 10, 1000, "mm"),
                             rangeProblem("Font size", format.fontPt, 4, 48, "pt"),
                             rangeProblem("Resolution", format.dpi, 50, 2400, "dpi")}) {
        if (!p.isEmpty())
            problems << p;
    }
    if (problems.isEmpty())
        return std::nullopt;
    return problems.join(QLatin1Char(' '));
}

QStringList figureSuffixes() {
    return {QStringLiteral("pdf"), QStringLiteral("svg"), QStringLiteral("png")};
}

std::optional<QString> exportFigure(QCustomPlot *plot, const QString &path,
                                    const FigureFormat &format, const QJsonObject &provenance) {
    std::vector<ExportFile> files;
    if (auto problem = prepareFigure(plot, path, format, provenance, files))
        return problem;
    return writeExport(files);
}

std::optional<QString> prepareFigure(QCustomPlot *plot, const QString &path,
                                     const FigureFormat &format, const QJsonObject &given,
                                     std::vector<ExportFile> &files) {
    if (!plot)
        return fileError(path, QStringLiteral("there is no plot to export."));
    if (!plotHasData(plot))
        return fileError(path, QStringLiteral("the plot has no data at these parameters; an "
                                              "empty figure is not exported."));
    if (const auto problem = validate(format))
        return fileError(path, *problem);
    const auto type = figureType(path);
    if (!type) {
        return fileError(path, QStringLiteral("unknown file type “.%1”; use .pdf, .svg or .png.")
                                   .arg(QFileInfo(path).suffix()));
    }

    const QJsonObject provenance = [&] {
        QJsonObject record = given;
        record.insert(QStringLiteral("export"),
                      exportSettingsJson(*type, path, format,
                                         given.value(QStringLiteral("plot")).toString()));
        return record;
    }();
    QByteArray bytes;
    std::optional<QString> problem;
    {
        // The paper look first, whatever theme the screen shows; the export fonts go over it.
        const PaperLook paper(plot, paperPenScale(format.fontPt));
        const TitleLeftOut untitled(plot, !format.title);
        const DistinctStrokes strokes(plot, format.distinctStrokes);
        const ScatterMerged merged(plot, format);
        figure::ExportState state(plot, format.fontPt);
        switch (*type) {
        case FigureType::Pdf:
            problem = figure::renderPdf(plot, format, path, provenance, bytes);
            break;
        case FigureType::Svg:
            problem = figure::renderSvg(plot, format, path, provenance, bytes);
            break;
        case FigureType::Png:
            problem = figure::renderPng(plot, format, path, provenance, bytes);
            break;
        }
    }
    // toPainter left the layout computed for the export size: lay out for the screen again,
    // now that every export setting is undone.
    plot->replot();
    if (problem)
        return problem;

    const QByteArray json = figure::sidecar(
        provenance, path, {{QStringLiteral("format"), formatJson(*type, path, format)}});
    files.push_back({path, bytes});
    files.push_back({path + QStringLiteral(".json"), json});
    return std::nullopt;
}

} // namespace dimscope::views
