// SPDX-License-Identifier: MIT
#include "training_log/training_log_view.h"
#include "common/number_text.h"

#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "common/curves/ensemble_layer.h"
#include "common/flow_layout.h"
#include "common/plot_style.h"
#include "common/view_settings.h"

namespace dimscope::views {

using namespace dimscope::training_log;

namespace {

QString megabytes(std::uint64_t bytes) {
    return QLocale::c().toString(static_cast<double>(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
}

QString fileNames(const TrainingLogResult &r) {
    if (r.example)
        return TrainingLogView::tr("the example log (three seeds of an MNIST MLP)");
    QStringList names;
    for (const LogFileInfo &f : r.files)
        names << QFileInfo(QString::fromStdString(f.path)).fileName();
    if (names.size() > 3)
        return TrainingLogView::tr("%1 files: %2, …").arg(names.size()).arg(names.first());
    return names.join(QStringLiteral(", "));
}

/// The legend after the metric's name: the band and n, then the smoother.
QString legendOf(const TrainingLogResult &r) {
    QString legend = QString::fromStdString(r.bandLegend);
    if (!r.smootherLegend.empty())
        legend += QStringLiteral("; ") + QString::fromStdString(r.smootherLegend);
    return legend;
}

} // namespace

TrainingLogView::TrainingLogView(QWidget *parent)
    : TypedExplorerView(training_log::explorer(), parent) {
    m_plot = new QCustomPlot;
    applyPlotStyle(m_plot);
    m_plot->setMinimumSize(360, 260);
    moveLegendOutside(m_plot, LegendPlace::Above);
    m_layer = std::make_unique<EnsembleLayer>(m_plot, paletteColor(0));

    auto *open = new QPushButton(tr("Open logs…"));
    open->setToolTip(tr("One or more CSV logs: Lightning's metrics.csv, TensorBoard's "
                        "“Download CSV”, a W&B export, or any CSV with a step column. Several "
                        "files, or several runs in one file, are the seeds."));
    auto *folder = new QPushButton(tr("Open folder…"));
    folder->setToolTip(tr("A folder of logs, such as lightning_logs with version_* inside."));
    auto *example = new QPushButton(tr("Example log"));
    m_metric = new QComboBox;
    m_metric->setObjectName(QStringLiteral("metric"));
    m_metric->setToolTip(tr("The column drawn against the x column."));
    m_metric->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_raw = new QCheckBox(tr("Raw points"));
    m_raw->setChecked(true);
    m_raw->setToolTip(tr("Every logged point, faded behind the smoothed curves."));
    markViewSetting(m_raw, QStringLiteral("raw_points")); // saved in sessions
    m_source = new QLabel;
    m_source->setObjectName(QStringLiteral("source"));
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long path must not set the view's minimum width: it wraps at spaces, and what a narrow
    // window cuts off is in the tooltip.
    m_source->setWordWrap(true);
    m_source->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *bar = new FlowLayout; // wraps on a narrow screen instead of widening the view
    bar->setContentsMargins(4, 4, 4, 0);
    for (QWidget *widget : std::initializer_list<QWidget *>{open, folder, example})
        bar->addWidget(widget);
    bar->addGroup({new QLabel(tr("Metric")), m_metric});
    bar->addWidget(m_raw);
    auto *area = new QWidget;
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_source);
    layout->addWidget(m_plot, 1);
    setPlotArea(area);

    connect(open, &QPushButton::clicked, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(
            this, tr("Training logs"), QString(), tr("Logs (*.csv *.tsv *.txt);;All files (*)"));
        if (!paths.isEmpty())
            openLogs(paths);
    });
    connect(folder, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getExistingDirectory(this, tr("A folder of logs"));
        if (!path.isEmpty())
            openLogs({path});
    });
    connect(example, &QPushButton::clicked, this, &TrainingLogView::showExample);
    connect(m_metric, &QComboBox::textActivated, this, &TrainingLogView::chooseMetric);
    connect(m_raw, &QCheckBox::toggled, this, [this](bool on) {
        m_layer->setRawVisible(on);
        rescale();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
}

TrainingLogView::~TrainingLogView() = default;

QList<PlotEntry> TrainingLogView::plots() const {
    return {{QStringLiteral("curves"), tr("Training curves"), m_plot}};
}

void TrainingLogView::openLogs(const QStringList &paths) {
    ParamSet p = params();
    std::string joined;
    for (const QString &path : paths)
        joined += (joined.empty() ? "" : ";") + path.toStdString();
    if (auto problem = p.set("log", joined)) {
        rejectParams(QString::fromStdString(*problem));
        return;
    }
    p.set("y", std::string()); // the new files' first loss column
    setParams(p);
}

void TrainingLogView::showExample() {
    ParamSet p = params();
    p.set("log", std::string());
    p.set("y", std::string());
    setParams(p);
}

void TrainingLogView::chooseMetric(const QString &column) {
    ParamSet p = params();
    if (auto problem = p.set("y", column.toStdString())) {
        rejectParams(QString::fromStdString(*problem));
        return;
    }
    setParams(p);
}

void TrainingLogView::prepare(const TrainingLogParams &params) {
    setLogAxis(m_plot, params.logX, params.logY);
}

void TrainingLogView::drawSnapshot(const TrainingLogSnapshot &s) {
    setProgressText(tr("reading file %1 of %2, %3 of %4")
                        .arg(s.filesDone + 1)
                        .arg(s.filesTotal)
                        .arg(megabytes(s.bytesDone), megabytes(s.bytesTotal)));
}

void TrainingLogView::drawResult(const TrainingLogResult &r) {
    EnsembleLayerData data;
    data.name = QString::fromStdString(r.yColumn);
    for (const RunCurve &run : r.runs) {
        data.runNames.push_back(QString::fromStdString(run.name));
        data.raw.push_back(run.raw);
        if (!run.smoothed.empty())
            data.smoothed.emplace_back(run.raw.x(), run.smoothed);
    }
    data.ensemble = r.shownEnsemble();
    data.legend = legendOf(r);
    // The band and smoother go in the title: as one legend entry they were wider than a
    // one-column figure ("…EMA 0.6, debiase").
    const QString band = takeLegendBand(data);
    m_layer->show(data);

    m_plot->xAxis->setLabel(QString::fromStdString(r.xColumn));
    m_plot->yAxis->setLabel(QString::fromStdString(r.yColumn));
    const QString runs = r.runs.size() == 1 ? tr("1 run") : tr("%1 runs").arg(r.runs.size());
    const QString title =
        tr("%1 against %2, %3")
            .arg(QString::fromStdString(r.yColumn), QString::fromStdString(r.xColumn), runs);
    setPlotTitle(m_plot, band.isEmpty() ? title : title + QStringLiteral("; ") + band);
    rescale();
    m_plot->replot(QCustomPlot::rpQueuedReplot);

    {
        const QSignalBlocker block(m_metric);
        m_metric->clear();
        if (!r.files.empty())
            for (const std::string &m : r.files.front().metrics)
                m_metric->addItem(QString::fromStdString(m));
        m_metric->setCurrentText(QString::fromStdString(r.yColumn));
    }
    m_source->setText(tr("Showing %1").arg(fileNames(r)));
    m_source->setToolTip(m_source->text());

    std::int64_t rows = 0;
    QStringList formats;
    for (const LogFileInfo &f : r.files) {
        rows += f.rows;
        const QString format = QString::fromStdString(nameOf(f.format));
        if (!formats.contains(format))
            formats << format;
    }
    QList<Readout> readouts;
    readouts << Readout{tr("files"), tr("%1 (%2)").arg(r.files.size()).arg(formats.join(", ")),
                        tr("The logs read and the formats recognised.")};
    readouts << Readout{tr("rows"), groupedNumber(rows), tr("Data lines read, over every file.")};
    readouts << Readout{tr("runs"), QString::number(r.runs.size()),
                        tr("The seeds: one per file, or per W&B run in one file.")};
    readouts << Readout{tr("band"), QString::fromStdString(r.bandLegend),
                        tr("What the shaded band is, and how many seeds it is over.")};
    if (!r.smootherLegend.empty())
        readouts << Readout{tr("smoother"), QString::fromStdString(r.smootherLegend),
                            tr("The smoothed curves are drawn in front; the raw points stay "
                               "behind, faded, and are all in the exported CSV.")};
    for (const std::string &note : r.notes)
        readouts << Readout{tr("note"), QString::fromStdString(note), QString()};
    setReadouts(readouts);
    setProgressText(tr("%1 runs, %2 rows").arg(r.runs.size()).arg(groupedNumber(rows)));
}

void TrainingLogView::rescale() { frameOnLayers(m_plot, {m_layer.get()}); }

} // namespace dimscope::views
