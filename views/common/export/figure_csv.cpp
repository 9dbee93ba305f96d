// SPDX-License-Identifier: MIT
// exportCsv: the plotted numbers of one or more plots as one tidy CSV.
#include "common/curves/decimated_graph.h"
#include "common/density_cloud.h"
#include "common/export/figure_export.h"
#include "common/export/figure_metadata.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <qcustomplot.h>

#include <cmath>
#include <utility>
#include <vector>

namespace dimscope::views {
namespace {

QString csvField(const QString &value) {
    static const QRegularExpression special(QStringLiteral("[\",\r\n]"));
    if (!value.contains(special))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvNumber(double v) {
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', 17);
}

struct CsvRow {
    double x = 0;
    double y = 0;
    double yLow = 0;
    double yHigh = 0;
    bool hasError = false;
};

struct CsvSeries {
    QString name;
    QString kind;
    std::vector<CsvRow> rows;
};

QCPErrorBars *valueErrorBarsOf(QCustomPlot *plot, QCPAbstractPlottable *target) {
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto *bars = qobject_cast<QCPErrorBars *>(plot->plottable(i));
        if (bars && bars->dataPlottable() == target &&
            bars->errorType() == QCPErrorBars::etValueError)
            return bars;
    }
    return nullptr;
}

template <class Container>
std::vector<CsvRow> rowsOf(const Container &data, QCPErrorBars *errors) {
    std::vector<CsvRow> rows;
    rows.reserve(std::size_t(data.size()));
    const int errorCount = errors ? errors->dataCount() : 0;
    int index = 0;
    for (auto it = data.constBegin(); it != data.constEnd(); ++it, ++index) {
        CsvRow row{it->mainKey(), it->mainValue()};
        if (index < errorCount) {
            const QCPErrorBarsData &e = errors->data()->at(index);
            row.yLow = row.y - e.errorMinus;
            row.yHigh = row.y + e.errorPlus;
            row.hasError = true;
        }
        rows.push_back(row);
    }
    return rows;
}

std::vector<CsvRow> rowsOf(const curves::CurveSeries &series) {
    std::vector<CsvRow> rows;
    rows.reserve(series.size());
    for (std::size_t i = 0; i < series.size(); ++i)
        rows.push_back({series.x()[i], series.y()[i]});
    return rows;
}

std::vector<CsvSeries> seriesOf(QCustomPlot *plot) {
    std::vector<CsvSeries> out;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *p = plot->plottable(i);
        if (!p->visible() || qobject_cast<QCPErrorBars *>(p))
            continue;
        CsvSeries series;
        QCPErrorBars *errors = valueErrorBarsOf(plot, p);
        if (auto *graph = qobject_cast<QCPGraph *>(p)) {
            series.kind = graph->lineStyle() == QCPGraph::lsNone ? QStringLiteral("scatter")
                                                                 : QStringLiteral("line");
            if (const DecimatedGraph *full = DecimatedGraph::find(graph)) {
                series.rows = rowsOf(full->series()); // every point, not what the screen kept
            } else if (const DensityCloud *cloud = DensityCloud::find(graph);
                       cloud && cloud->drawsDensity()) {
                // every point of a cloud drawn as a density image, not the image's cells
                const CloudPoints &points = cloud->points();
                series.rows.reserve(points.count);
                for (std::size_t k = 0; k < points.count; ++k)
                    series.rows.push_back({points.xAt(k), points.yAt(k)});
                series.name = cloud->image()->name();
            } else
                series.rows = rowsOf(*graph->data(), errors);
        } else if (auto *bars = qobject_cast<QCPBars *>(p)) {
            series.kind = QStringLiteral("bars");
            series.rows = rowsOf(*bars->data(), errors);
        } else if (auto *curve = qobject_cast<QCPCurve *>(p)) {
            series.kind = QStringLiteral("curve");
            series.rows = rowsOf(*curve->data(), errors);
        } else {
            continue; // colour maps, boxes and financial charts are not point series
        }
        if (series.name.isEmpty())
            series.name =
                p->name().isEmpty() ? QStringLiteral("series %1").arg(out.size() + 1) : p->name();
        out.push_back(std::move(series));
    }
    return out;
}

} // namespace

std::optional<QString> exportCsv(const QList<QPair<QString, QCustomPlot *>> &plots,
                                 const QString &path, const QJsonObject &provenance) {
    std::vector<ExportFile> files;
    if (auto problem = prepareCsv(plots, path, provenance, files))
        return problem;
    return writeExport(files);
}

std::optional<QString> prepareCsv(const QList<QPair<QString, QCustomPlot *>> &plots,
                                  const QString &path, const QJsonObject &provenance,
                                  std::vector<ExportFile> &files) {
    struct Named {
        QString plot;
        std::vector<CsvSeries> series;
    };
    std::vector<Named> all;
    bool anyErrors = false;
    for (const auto &[name, plot] : plots) {
        if (!plot)
            continue;
        Named named{name, seriesOf(plot)};
        for (const CsvSeries &s : named.series) {
            for (const CsvRow &row : s.rows)
                anyErrors = anyErrors || row.hasError;
        }
        all.push_back(std::move(named));
    }

    // RFC 4180: CRLF line ends, quoted fields only where needed.
    QStringList columns{QStringLiteral("plot"), QStringLiteral("series"), QStringLiteral("kind"),
                        QStringLiteral("x"), QStringLiteral("y")};
    if (anyErrors)
        columns << QStringLiteral("y_low") << QStringLiteral("y_high");
    QString text = columns.join(QLatin1Char(',')) + QLatin1String("\r\n");
    int rowCount = 0;
    for (const Named &named : all) {
        for (const CsvSeries &s : named.series) {
            const QString prefix = csvField(named.plot) + QLatin1Char(',') + csvField(s.name) +
                                   QLatin1Char(',') + s.kind + QLatin1Char(',');
            for (const CsvRow &row : s.rows) {
                text += prefix + csvNumber(row.x) + QLatin1Char(',') + csvNumber(row.y);
                if (anyErrors) {
                    text += row.hasError ? QLatin1Char(',') + csvNumber(row.yLow) +
                                               QLatin1Char(',') + csvNumber(row.yHigh)
                                         : QStringLiteral(",,");
                }
                text += QLatin1String("\r\n");
                ++rowCount;
            }
        }
    }

    QJsonArray plotNames;
    for (const Named &named : all)
        plotNames.append(named.plot);
    const QJsonObject extra{{QStringLiteral("format"), QStringLiteral("csv")},
                            {QStringLiteral("columns"), QJsonArray::fromStringList(columns)},
                            {QStringLiteral("plots"), plotNames},
                            {QStringLiteral("rows"), rowCount}};
    files.push_back({path, text.toUtf8()});
    files.push_back({path + QStringLiteral(".json"), figure::sidecar(provenance, path, extra)});
    return std::nullopt;
}

} // namespace dimscope::views
