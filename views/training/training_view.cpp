// SPDX-License-Identifier: MIT
#include "training/training_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "common/curves/ensemble_layer.h"
#include "common/flow_layout.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"
#include "common/view_settings.h"
#include "training/task_picture_plot.h"

namespace dimscope::views {

using namespace dimscope::training;

/// What the plots show: the curves and pictures of the run last drawn (snapshot or result).
struct TrainingView::Shown {
    TrainingCurves curves;
    std::vector<tasks::TaskPicture> pictures;
    double stepsPerEpoch = 1.0;
    std::int64_t stepsDone = 0;
    bool final = false;
};

/// A pinned run: its losses, kept to draw behind later runs.
struct TrainingView::Pin {
    QString label;
    TrainingCurves curves;
    double stepsPerEpoch = 1.0;
    std::vector<std::unique_ptr<EnsembleLayer>> layers;
};

namespace {

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    plot->setMinimumSize(300, 200);
    return plot;
}

QString runLabel(const TrainingParams &p) {
    return QStringLiteral("%1, lr %2, %3")
        .arg(QString::fromStdString(nameOf(p.optimizer)), numberText(p.lr),
             QString::fromStdString(nameOf(p.task)));
}

/// Names the series the way a figure should: "train loss", not "train_loss".
QString seriesLabel(const std::string &key) {
    if (key == "train_loss")
        return TrainingView::tr("train loss");
    if (key == "test_loss")
        return TrainingView::tr("test loss");
    if (key == "accuracy")
        return TrainingView::tr("test accuracy");
    if (key == "train_accuracy")
        return TrainingView::tr("train accuracy");
    if (key == "gradient_norm")
        return TrainingView::tr("‖∇L‖ of the batch");
    if (key == "arc_length")
        return TrainingView::tr("arc length ∫√(1+f′²)");
    if (key == "dirichlet_energy")
        return TrainingView::tr("∫f′²");
    if (key == "grad_theta_sq")
        return TrainingView::tr("mean ‖∇θℓ‖²");
    if (key == "inequality_lhs")
        return TrainingView::tr("input-gradient side");
    return QString::fromStdString(key);
}

} // namespace

TrainingView::TrainingView(QWidget *parent)
    : TypedExplorerView(training::explorer(), parent), m_shown(std::make_unique<Shown>()) {
    m_lossPlot = makePlot();
    m_secondPlot = makePlot();
    m_optimizerPlot = makePlot();
    m_modelPlot = makePlot();
    // As many entries a row as fit (the outside legend's fit): one a row squeezed the axes of a
    // one-column export under a three-row legend.
    for (QCustomPlot *plot : {m_lossPlot, m_secondPlot, m_optimizerPlot})
        moveLegendOutside(plot, LegendPlace::Above);

    m_xAxis = new QComboBox;
    m_xAxis->addItems({tr("steps"), tr("epochs"), tr("wall time (s)")});
    m_xAxis->setToolTip(tr("Wall time is the mean over seeds of the seconds since the run "
                           "began; it is a view of the run, not part of its result."));
    m_band = new QComboBox;
    m_band->addItems({tr("mean ± 1 sd"), tr("mean, 95 % CI"), tr("every seed")});
    m_band->setToolTip(tr("The band over seeds, stated in each plot's title. On a log axis it is "
                          "geometric: the geometric mean ×/÷ the geometric sd."));
    m_smoothing = new QComboBox;
    m_smoothing->addItems({tr("no smoothing"), tr("EMA 0.6, debiased"), tr("EMA 0.9, debiased"),
                           tr("centred average of 21"), tr("trailing average of 21")});
    m_smoothing->setToolTip(tr("Smoothed curves are drawn over the raw ones, faded behind; the "
                               "legend names the smoother."));
    m_logX = new QCheckBox(tr("Log x"));
    m_logY = new QCheckBox(tr("Log loss axis"));
    m_logY->setChecked(true);
    // Saved in sessions with the parameters (common/view_settings.h).
    markViewSetting(m_xAxis, QStringLiteral("x_axis"));
    markViewSetting(m_band, QStringLiteral("band"));
    markViewSetting(m_smoothing, QStringLiteral("smoothing"));
    markViewSetting(m_logX, QStringLiteral("log_x"));
    markViewSetting(m_logY, QStringLiteral("log_y"));
    auto *pin = new QPushButton(tr("Pin run"));
    pin->setToolTip(tr("Keep these losses on the plot, faded, to compare later runs with."));
    auto *unpin = new QPushButton(tr("Clear pins"));

    auto *bar = new FlowLayout; // wraps on a narrow screen instead of widening the view
    bar->setContentsMargins(4, 4, 4, 0);
    bar->addGroup({new QLabel(tr("x")), m_xAxis});
    for (QWidget *widget :
         std::initializer_list<QWidget *>{m_band, m_smoothing, m_logX, m_logY, pin, unpin})
        bar->addWidget(widget);
    auto *grid = new ReflowGrid;
    grid->setWideOrOneColumn(
        {{m_lossPlot, 0, 0}, {m_secondPlot, 0, 1}, {m_optimizerPlot, 1, 0}, {m_modelPlot, 1, 1}});
    auto *area = new QWidget;
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(grid, 1);
    setPlotArea(area);

    const auto redraw = [this] { drawCurves(); };
    connect(m_xAxis, qOverload<int>(&QComboBox::currentIndexChanged), this, redraw);
    connect(m_band, qOverload<int>(&QComboBox::currentIndexChanged), this, redraw);
    connect(m_smoothing, qOverload<int>(&QComboBox::currentIndexChanged), this, redraw);
    connect(m_logX, &QCheckBox::toggled, this, redraw);
    connect(m_logY, &QCheckBox::toggled, this, redraw);
    connect(pin, &QPushButton::clicked, this, &TrainingView::pinRun);
    connect(unpin, &QPushButton::clicked, this, &TrainingView::clearPins);
}

TrainingView::~TrainingView() = default;

QList<PlotEntry> TrainingView::plots() const {
    return {{QStringLiteral("loss"), tr("Losses"), m_lossPlot},
            {QStringLiteral("metrics"), tr("Accuracy or the task's metrics"), m_secondPlot},
            {QStringLiteral("optimizer"), tr("The optimizer's state"), m_optimizerPlot},
            {QStringLiteral("model"), tr("The model"), m_modelPlot}};
}

void TrainingView::setXAxis(XAxis axis) { m_xAxis->setCurrentIndex(static_cast<int>(axis)); }

curves::Band TrainingView::band() const {
    static const curves::Band bands[] = {curves::Band::Sd, curves::Band::Ci95,
                                         curves::Band::EverySeed};
    return bands[std::clamp(m_band->currentIndex(), 0, 2)];
}

curves::Smoother TrainingView::smoother() const {
    static const curves::Smoothing kinds[] = {
        curves::Smoothing::None, curves::Smoothing::Ema, curves::Smoothing::Ema,
        curves::Smoothing::CentredAverage, curves::Smoothing::TrailingAverage};
    const int index = std::clamp(m_smoothing->currentIndex(), 0, 4);
    curves::Smoother s;
    s.kind = kinds[index];
    s.emaWeight = index == 2 ? 0.9 : 0.6;
    s.window = 21;
    return s;
}

std::vector<double> TrainingView::xOf(const TrainingCurves &c, double stepsPerEpoch) const {
    std::vector<double> x(c.steps.begin(), c.steps.end());
    switch (static_cast<XAxis>(m_xAxis->currentIndex())) {
    case XAxis::Steps: break;
    case XAxis::Epochs:
        for (double &v : x)
            v /= std::max(stepsPerEpoch, 1e-300);
        break;
    case XAxis::WallTime:
        for (std::size_t i = 0; i < x.size(); ++i) {
            double sum = 0;
            int n = 0;
            for (const std::vector<double> &seed : c.wallSeconds)
                if (i < seed.size()) {
                    sum += seed[i];
                    ++n;
                }
            x[i] = n ? sum / n : x[i];
        }
        // Seeds run in parallel waves: the mean can step back by rounding; keep x increasing.
        for (std::size_t i = 1; i < x.size(); ++i)
            x[i] = std::max(x[i], x[i - 1]);
        break;
    }
    return x;
}

void TrainingView::prepare(const TrainingParams &params) {
    *m_shown = Shown{};
    m_layers.clear();
    m_modelPlot->clearPlottables();
    setPlotTitle(m_lossPlot, tr("Losses: %1").arg(runLabel(params)));
    setPlotTitle(m_modelPlot, tr("The model"));
    for (QCustomPlot *plot : {m_lossPlot, m_secondPlot, m_optimizerPlot, m_modelPlot})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingView::drawSnapshot(const TrainingSnapshot &s) {
    m_shown->curves = s.curves;
    m_shown->pictures = s.pictures;
    m_shown->stepsPerEpoch = s.stepsPerEpoch;
    m_shown->stepsDone = s.stepsDone;
    drawCurves();
    setProgressText(tr("step %1 of %2").arg(s.stepsDone).arg(s.stepsTotal));
}

void TrainingView::drawResult(const TrainingResult &r) {
    m_shown->curves = r.curves;
    m_shown->pictures = r.pictures;
    m_shown->stepsPerEpoch = r.stepsPerEpoch;
    m_shown->stepsDone = r.stepsDone;
    m_shown->final = true;
    drawCurves();
    showReadouts();
    setProgressText(tr("%1 steps × %2 seeds").arg(r.stepsDone).arg(r.params.seeds));
}

void TrainingView::drawCurves() {
    const TrainingCurves &c = m_shown->curves;
    const std::vector<double> x = xOf(c, m_shown->stepsPerEpoch);
    const curves::Band b = band();
    const curves::Smoother smooth = smoother();
    m_layers.clear();
    const QString xLabel = m_xAxis->currentText();
    const bool logX = m_logX->isChecked();
    setLogAxis(m_lossPlot, logX, m_logY->isChecked());
    setLogAxis(m_optimizerPlot, logX, true);
    // The band and smoother of each plot, said once in its title: in every legend entry they
    // made entries wider than the plot.
    std::map<const QCustomPlot *, QString> bands;
    const auto titled = [&bands](const QCustomPlot *plot, const QString &title) {
        const QString &band = bands[plot];
        return band.isEmpty() ? title : title + QStringLiteral("; ") + band;
    };
    // Set before the layers are made: a log axis gets geometric bands (ensembleScaleOf).
    const auto layer = [&](QCustomPlot *plot, const std::string &key, const std::string &group,
                           int colour) -> const EnsembleLayer * {
        const Series *series = c.find(key, group);
        if (!series)
            return nullptr;
        auto l = std::make_unique<EnsembleLayer>(plot, paletteColor(colour));
        EnsembleLayerData data =
            ensembleData(group.empty() ? seriesLabel(key) : QString::fromStdString(key), {x},
                         series->perSeed, b, smooth, ensembleScaleOf(plot));
        bands[plot] = takeLegendBand(data);
        l->show(data);
        m_layers.push_back(std::move(l));
        return m_layers.back().get();
    };

    // Losses, with the pinned runs behind.
    std::vector<const EnsembleLayer *> losses;
    for (const auto &[key, colour] :
         {std::pair<const char *, int>{"train_loss", 0}, {"test_loss", 1}})
        if (const EnsembleLayer *l = layer(m_lossPlot, key, {}, colour))
            losses.push_back(l);
    drawPins();
    for (const auto &pin : m_pins)
        for (const auto &l : pin->layers)
            losses.push_back(l.get());
    frameOnLayers(m_lossPlot, losses);
    setPlotTitle(m_lossPlot, titled(m_lossPlot, tr("Losses: %1").arg(runLabel(shown()))));
    m_lossPlot->xAxis->setLabel(xLabel);
    m_lossPlot->yAxis->setLabel(tr("loss"));

    // Accuracy for classifiers; the Occam lab's arc length and ∫f′²; else the gradient norm.
    std::vector<const EnsembleLayer *> second;
    QString title;
    if (c.find("accuracy")) {
        title = tr("Accuracy");
        m_secondPlot->yAxis->setLabel(tr("accuracy"));
        setLogAxis(m_secondPlot, logX, false);
        for (const auto &[key, colour] :
             {std::pair<const char *, int>{"accuracy", 0}, {"train_accuracy", 1}})
            if (const EnsembleLayer *l = layer(m_secondPlot, key, {}, colour))
                second.push_back(l);
    } else if (c.find("arc_length")) {
        // A figure's words: no section of the reference, no "beside" another plot of the window.
        title = tr("Simplicity of the fit");
        m_secondPlot->yAxis->setLabel(
            tr("measure")); // the legend names each; a list overran the axis
        setLogAxis(m_secondPlot, logX, true);
        for (const auto &[key, colour] : {std::pair<const char *, int>{"arc_length", 0},
                                          {"dirichlet_energy", 2},
                                          {"inequality_lhs", 4}})
            if (const EnsembleLayer *l = layer(m_secondPlot, key, {}, colour))
                second.push_back(l);
    } else {
        title = tr("Gradient norm");
        m_secondPlot->yAxis->setLabel(tr("‖∇θ L‖"));
        setLogAxis(m_secondPlot, logX, true);
        if (const EnsembleLayer *l = layer(m_secondPlot, "gradient_norm", {}, 0))
            second.push_back(l);
    }
    setPlotTitle(m_secondPlot, titled(m_secondPlot, title));
    frameOnLayers(m_secondPlot, second);
    m_secondPlot->xAxis->setLabel(xLabel);

    // The optimizer: a fan of effective steps (seed 1), and EGDD's scale per tensor.
    std::vector<const EnsembleLayer *> optimizer;
    QString alikeNote; // said in the title: in the legend entry it ran past a narrow plot's edge
    if (!c.fan.perSeed.empty() && !c.fan.perSeed.front().empty()) {
        const auto &coordinates = c.fan.perSeed.front();
        std::vector<std::vector<double>> rows;
        for (const std::vector<float> &coordinate : coordinates)
            rows.emplace_back(coordinate.begin(), coordinate.end());
        auto fan = std::make_unique<EnsembleLayer>(m_optimizerPlot, paletteColor(5));
        // Plain SGD moves every coordinate by the same lr: one line, and the legend says why.
        const bool alike = std::all_of(rows.begin(), rows.end(),
                                       [&](const std::vector<double> &r) { return r == rows[0]; });
        const QString name = alike ? tr("effective step, seed 1")
                                   : tr("effective step, %1 coordinates, seed 1").arg(rows.size());
        if (alike)
            alikeNote = tr(": all %1 coordinates alike").arg(rows.size());
        EnsembleLayerData data = ensembleData(name, {x}, rows, curves::Band::EverySeed, {});
        for (std::size_t i = 0; i < data.runNames.size() && i < c.fan.labels.size(); ++i)
            data.runNames[i] = QString::fromStdString(c.fan.labels[i]);
        data.legend.clear();
        fan->show(data);
        optimizer.push_back(fan.get());
        m_layers.push_back(std::move(fan));
    }
    int colour = 1;
    bool egdd = false;
    for (const Series &s : c.series)
        if (s.group == "egdd_scale")
            if (const EnsembleLayer *l = layer(m_optimizerPlot, s.key, s.group, colour++)) {
                optimizer.push_back(l);
                egdd = true;
            }
    const Series *underflow = c.find("underflow_count");
    double underflows = 0;
    if (underflow)
        for (const auto &seed : underflow->perSeed)
            if (!seed.empty())
                underflows = std::max(underflows, seed.back());
    setPlotTitle(
        m_optimizerPlot,
        titled(m_optimizerPlot,
               underflow
                   ? tr("Effective steps; %1 weights underflowed to exactly 0").arg(underflows)
               : egdd ? tr("Effective steps and EGDD's scale s")
                      : tr("Effective step per coordinate") + alikeNote));
    frameOnLayers(m_optimizerPlot, optimizer);
    m_optimizerPlot->yAxis->setLabel(egdd ? tr("step size, scale s") : tr("step size"));
    m_optimizerPlot->xAxis->setLabel(xLabel);

    std::vector<std::vector<double>> path =
        c.path.empty() ? std::vector<std::vector<double>>{} : c.path.front();
    const bool picture = drawTaskPicture(m_modelPlot, m_shown->pictures, path,
                                         QString::fromStdString(nameOf(shown().optimizer)));
    setPlotTitle(m_modelPlot, picture ? tr("The model, step %1").arg(m_shown->stepsDone)
                                      : tr("(this task has no picture)"));
    for (QCustomPlot *plot : {m_lossPlot, m_secondPlot, m_optimizerPlot, m_modelPlot})
        plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingView::pinRun() {
    if (!m_shown->final)
        return;
    auto pin = std::make_unique<Pin>();
    pin->label = runLabel(shown());
    pin->curves = m_shown->curves;
    pin->stepsPerEpoch = m_shown->stepsPerEpoch;
    m_pins.push_back(std::move(pin));
    drawCurves();
}

void TrainingView::clearPins() {
    m_pins.clear();
    drawCurves();
}

void TrainingView::drawPins() {
    int colour = 2;
    for (const auto &pin : m_pins) {
        pin->layers.clear();
        const std::vector<double> x = xOf(pin->curves, pin->stepsPerEpoch);
        if (const Series *s = pin->curves.find("train_loss")) {
            auto l = std::make_unique<EnsembleLayer>(m_lossPlot, paletteColor(colour));
            EnsembleLayerData data =
                ensembleData(tr("pinned: %1, train loss").arg(pin->label), {x}, s->perSeed, band(),
                             smoother(), ensembleScaleOf(m_lossPlot));
            data.raw.clear(); // a reference: its smoothed curve only
            l->setRawVisible(false);
            l->show(data);
            pin->layers.push_back(std::move(l));
        }
        colour = colour == 6 ? 2 : colour + 1;
    }
}

void TrainingView::showReadouts() {
    const TrainingCurves &c = m_shown->curves;
    QList<Readout> rows;
    const auto last = [&](const char *key, const QString &label, const QString &meaning) {
        const Series *s = c.find(key);
        if (!s || s->perSeed.empty())
            return;
        const std::vector<double> mean = s->mean();
        double sd = 0;
        const double m = mean.empty() ? NAN : mean.back();
        int n = 0;
        for (const auto &seed : s->perSeed)
            if (!seed.empty() && std::isfinite(seed.back())) {
                sd += (seed.back() - m) * (seed.back() - m);
                ++n;
            }
        sd = n > 1 ? std::sqrt(sd / (n - 1)) : NAN;
        rows << Readout{label,
                        n > 1
                            ? tr("%1 ± %2 (sd, %3 seeds)").arg(numberText(m), numberText(sd)).arg(n)
                            : numberText(m),
                        meaning};
    };
    last("train_loss", tr("train loss"), tr("Mean over seeds at the last step."));
    last("test_loss", tr("test loss"), tr("On held-out data, or against the noiseless truth."));
    last("accuracy", tr("test accuracy"), tr("Share of the test set classified right."));
    last("arc_length", tr("arc length"),
         tr("∫√(1+f′²) over the data's interval: a simpler "
            "function is a shorter curve (§1.8)."));
    last("underflow_count", tr("underflows"),
         tr("Weights an exponentiated update drove to "
            "exactly 0; they stay there."));
    rows << Readout{tr("steps"), QString::number(m_shown->stepsDone),
                    tr("Optimizer steps taken by every seed.")};
    setReadouts(rows);
}

} // namespace dimscope::views
