// SPDX-License-Identifier: MIT
#include "hubness/hubness_view.h"
#include "common/number_text.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "common/flow_layout.h"
#include "common/param_form.h"
#include "common/reflow_grid.h"
#include "common/view_settings.h"
#include "hubness/hubness.h"
#include "hubness/hubness_plots.h"
#include "hubness/hubness_readouts.h"

namespace dimscope::views {

using namespace dimscope::hubness;

namespace {

QString stageText(const std::string &stage) {
    if (stage == "data")
        return HubnessView::tr("reading the points");
    if (stage == "neighbours")
        return HubnessView::tr("k-nearest neighbours");
    if (stage == "reduction")
        return HubnessView::tr("hubness reduction");
    return HubnessView::tr("measures and projection");
}

} // namespace

HubnessView::HubnessView(QWidget *parent)
    : TypedExplorerView(hubness::explorer(), parent), m_plots(std::make_unique<HubnessPlots>()) {
    auto *loadPointsButton = new QPushButton(tr("Load points…"));
    loadPointsButton->setToolTip(tr("Your embeddings: .npy (float32/float64, 2-D), .csv or .tsv "
                                    "(numbers, optional header). Rows are points."));
    auto *loadNeighborsButton = new QPushButton(tr("Load neighbours…"));
    loadNeighborsButton->setToolTip(
        tr("A precomputed N×k integer .npy of neighbour indices (e.g. from faiss): the measures "
           "without any search. Row i lists point i's neighbours, 0-based."));
    auto *synthetic = new QPushButton(tr("Synthetic data"));
    synthetic->setToolTip(tr("Forget the files; draw points from the Data law."));
    m_source = new QLabel;
    m_source->setObjectName(QStringLiteral("source"));
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_logY = new QCheckBox(tr("Log y (histograms)"));
    m_logY->setObjectName(QStringLiteral("logY"));
    markViewSetting(m_logY, QStringLiteral("log_y")); // saved in sessions
    m_logY->setToolTip(tr("Log count axis: shows the hubs in the far tail that a linear axis "
                          "draws as nothing."));
    auto *bar = new FlowLayout; // wraps on a narrow screen instead of widening the view
    bar->setContentsMargins(4, 4, 4, 0);
    for (QWidget *widget : std::initializer_list<QWidget *>{loadPointsButton, loadNeighborsButton,
                                                            synthetic, m_source, m_logY})
        bar->addWidget(widget);

    // Two by two, so every plot is wide enough for its title; one column, scrolled, where the
    // text is large (the projector theme at 200 %). The before/after histogram shares a tab with
    // the Nₖ histogram: it is empty until a reduction is chosen.
    m_histograms = new QTabWidget;
    m_histograms->setDocumentMode(true);
    m_histograms->addTab(m_plots->occurrence(), tr("Nₖ histogram"));
    m_histograms->addTab(m_plots->reduction(), tr("Before / after reduction"));
    auto *grid = new ReflowGrid;
    grid->setWideOrOneColumn({{m_histograms, 0, 0},
                              {m_plots->projection(), 0, 1},
                              {m_plots->lorenz(), 1, 0},
                              {m_plots->meanDistance(), 1, 1}});

    auto *area = new QWidget;
    auto *areaLayout = new QVBoxLayout(area);
    areaLayout->setContentsMargins(0, 0, 0, 0);
    areaLayout->addLayout(bar);
    areaLayout->addWidget(grid, 1);
    setPlotArea(area);

    connect(loadPointsButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Points, one row per point"), QString::fromStdString(params().text("input")),
            tr("Points (*.npy *.csv *.tsv *.tab *.txt);;All files (*)"));
        if (!path.isEmpty())
            loadPoints(path);
    });
    connect(loadNeighborsButton, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Neighbour indices, N × k"),
                                         QString::fromStdString(params().text("neighbors")),
                                         tr("NumPy arrays (*.npy);;All files (*)"));
        if (!path.isEmpty())
            loadNeighbors(path);
    });
    connect(synthetic, &QPushButton::clicked, this, &HubnessView::useSyntheticData);
    connect(m_logY, &QCheckBox::toggled, this, [this](bool on) { m_plots->setLogY(on); });

    // A click (press and release in place) picks a point; a drag pans as usual.
    QCustomPlot *projection = m_plots->projection();
    connect(projection, &QCustomPlot::mousePress, this,
            [this](QMouseEvent *e) { m_pressPos = e->pos(); });
    connect(projection, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *e) {
        if (e->button() == Qt::LeftButton && (e->pos() - m_pressPos).manhattanLength() <= 3)
            selectPoint(m_plots->pointAt(e->position()));
    });

    showParams(paramTable().read(params()));
}

HubnessView::~HubnessView() = default;

QList<PlotEntry> HubnessView::plots() const { return m_plots->entries(); }

void HubnessView::prepare(const HubnessParams &params) {
    if (static_cast<int>(params.reduction) != m_shownReduction) {
        m_shownReduction = static_cast<int>(params.reduction);
        m_histograms->setCurrentIndex(params.reduction == Reduction::None ? 0 : 1);
    }
}

void HubnessView::loadPoints(const QString &path) {
    ParamSet p = params();
    p.set("input", path.toStdString());
    p.set("neighbors", std::string());
    setParams(p);
}

void HubnessView::loadNeighbors(const QString &path) {
    ParamSet p = params();
    p.set("neighbors", path.toStdString());
    p.set("input", std::string());
    p.set("reduction", std::string("none")); // a neighbour file has no distances to rescore
    setParams(p);
}

void HubnessView::useSyntheticData() {
    ParamSet p = params();
    p.set("input", std::string());
    p.set("neighbors", std::string());
    setParams(p);
}

void HubnessView::setLogY(bool logY) { m_logY->setChecked(logY); }

int HubnessView::selectPoint(int index) { return m_plots->selectPoint(index); }

void HubnessView::showParams(const HubnessParams &params) {
    QString text;
    if (!params.neighbors.empty())
        text = tr("Neighbour file: %1")
                   .arg(QFileInfo(QString::fromStdString(params.neighbors)).fileName());
    else if (!params.input.empty())
        text =
            tr("Points file: %1").arg(QFileInfo(QString::fromStdString(params.input)).fileName());
    else
        text = tr("Synthetic %1 points, N = %2, d = %3")
                   .arg(QString::fromStdString(nameOf(params.data)), groupedNumber(params.n),
                        groupedNumber(params.d));
    m_source->setText(text);
    m_source->setToolTip(
        QString::fromStdString(params.neighbors.empty() ? params.input : params.neighbors));
}

void HubnessView::drawSnapshot(const HubnessSnapshot &s) {
    setProgressText(tr("%1, %2 %").arg(stageText(s.stage)).arg(qRound(100 * s.fraction)));
}

void HubnessView::drawResult(const HubnessResult &result) {
    drawSharedResult(std::make_shared<const HubnessResult>(result));
}

void HubnessView::drawSharedResult(const std::shared_ptr<const HubnessResult> &result) {
    m_plots->draw(result);
    setReadouts(hubnessReadouts(*result));
    setProgressText(
        tr("N = %1, k-NN %2 s").arg(groupedNumber(result->n), numberText(result->knnSeconds, 2)));
}

} // namespace dimscope::views
