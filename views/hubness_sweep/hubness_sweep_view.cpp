// SPDX-License-Identifier: MIT
#include "hubness_sweep/hubness_sweep_view.h"
#include "common/number_text.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <QLocale>

#include <qcustomplot.h>

#include "common/legend_placement.h"
#include "common/param_form.h"
#include "common/plot_style.h"
#include "common/reflow_grid.h"
#include "hubness/hubness_sweep.h"

namespace dimscope::views {

using namespace dimscope::hubness;

namespace {

QString dataText(DataKind d) {
    switch (d) {
    case DataKind::Gaussian: return QStringLiteral("Gaussian");
    case DataKind::Uniform: return QStringLiteral("uniform [0,1]");
    case DataKind::Sphere: return QStringLiteral("sphere");
    case DataKind::Mixture: return QStringLiteral("mixture");
    }
    return {};
}

QString metricText(const SweepParams &p) {
    switch (p.metric) {
    case Metric::Euclidean: return QString();
    case Metric::Cosine: return QStringLiteral(", cosine");
    case Metric::Manhattan: return QStringLiteral(", L1");
    case Metric::Lp: return QStringLiteral(", L%1").arg(numberText(p.p, 3));
    }
    return {};
}

/// The values of geometry.md §3.1 (N = 10000, k = 5, seeds 0–2, mean ± sd) at d = 3, 20, 100.
struct Reference {
    DataKind data;
    Metric metric;
    int measure; ///< index into the panels: skewness, Robin Hood, antihub share, Spearman
    std::array<double, 3> mean, sd;
};
constexpr std::array<int, 3> kReferenceDims = {3, 20, 100};
const Reference kReferences[] = {
    {DataKind::Uniform, Metric::Euclidean, 0, {0.18, 1.52, 5.5}, {0.04, 0.03, 1.3}},
    {DataKind::Uniform, Metric::Euclidean, 1, {0.140, 0.301, 0.453}, {}},
    {DataKind::Uniform, Metric::Euclidean, 2, {0.002, 0.057, 0.178}, {}},
    {DataKind::Uniform, Metric::Euclidean, 3, {-0.02, -0.80, -0.86}, {}},
    {DataKind::Gaussian, Metric::Euclidean, 0, {0.10, 2.13, 9.5}, {0.02, 0.08, 2.9}},
    {DataKind::Gaussian, Metric::Euclidean, 1, {0.138, 0.400, 0.606}, {}},
    {DataKind::Gaussian, Metric::Euclidean, 2, {0.003, 0.154, 0.377}, {}},
    {DataKind::Gaussian, Metric::Euclidean, 3, {-0.05, -0.88, -0.87}, {}},
    {DataKind::Uniform, Metric::Cosine, 0, {0.06, 1.41, 7.4}, {0, 0, 1.8}},
    {DataKind::Gaussian, Metric::Cosine, 0, {0.08, 0.41, 0.45}, {}},
    {DataKind::Gaussian, Metric::Cosine, 1, {0.129, 0.167, 0.173}, {}},
};

const Reference *referenceFor(const SweepParams &p, int measure) {
    if (p.axis != SweepAxis::Dimension || p.n != 10000 || p.k != 5)
        return nullptr;
    for (const auto &r : kReferences)
        if (r.data == p.data && r.metric == p.metric && r.measure == measure)
            return &r;
    return nullptr;
}

/// Ticks at 1, 2, 5 × 10^m inside [lo, hi], and 3, labelled as plain numbers (a log axis of d
/// reads better as "2 5 10 20 50" than as powers of ten; 3 labels the classic d = 3). Not 30 or
/// 300: "20 30" ran together on a narrow plot.
void setPlainLogTicks(QCustomPlot *plot, double lo, double hi) {
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (double decade = 1; decade <= hi * 10; decade *= 10)
        for (double m : {1.0, 2.0, 3.0, 5.0}) {
            const double t = m * decade;
            if (t >= lo && t <= hi && (m != 3.0 || decade == 1))
                ticker->addTick(t, QLocale::c().toString(t, 'g', 7));
        }
    ticker->setSubTickCount(0);
    plot->xAxis->setTicker(ticker);
    plot->xAxis2->setTicker(ticker);
}

QCustomPlot *makePlot() {
    auto *plot = new QCustomPlot;
    applyPlotStyle(plot);
    setLogAxis(plot, true, false);
    plot->setMinimumSize(320, 220);
    return plot;
}

} // namespace

struct HubnessSweepView::Panel {
    QString name, title, yLabel;
    SweepStat SweepPoint::*field = nullptr;
    double (*baseline)(int k) = nullptr;
    bool nonNegative = true;
    QCustomPlot *plot = nullptr;
    QCPGraph *mean = nullptr, *poisson = nullptr, *reference = nullptr;
    QCPErrorBars *spread = nullptr, *referenceSpread = nullptr;
};

HubnessSweepView::HubnessSweepView(QWidget *parent)
    : TypedExplorerView(hubness::sweep::explorer(), parent) {
    const auto panel = [this](QString name, QString title, QString yLabel,
                              SweepStat SweepPoint::*field, double (*baseline)(int),
                              bool nonNegative) {
        auto p = std::make_unique<Panel>();
        p->name = std::move(name);
        p->title = std::move(title);
        p->yLabel = std::move(yLabel);
        p->field = field;
        p->baseline = baseline;
        p->nonNegative = nonNegative;
        p->plot = makePlot();
        setPlotTitle(p->plot, p->title);
        p->plot->yAxis->setLabel(p->yLabel);
        p->poisson = addLineGraph(p->plot, tr("Poisson(k): no hubness"), SeriesRole::Theory);
        p->poisson->setPen(QPen(QColor(60, 60, 60), 1.4, Qt::DashLine));
        p->reference = addScatterGraph(p->plot, tr("reference, N = 10⁴, k = 5"));
        p->reference->setScatterStyle(QCPScatterStyle(
            QCPScatterStyle::ssSquare, QPen(QColor(40, 40, 40), 1.3), Qt::NoBrush, 8));
        p->referenceSpread = new QCPErrorBars(p->plot->xAxis, p->plot->yAxis);
        p->referenceSpread->setDataPlottable(p->reference);
        p->referenceSpread->setPen(QPen(QColor(40, 40, 40), 1.0));
        p->referenceSpread->removeFromLegend();
        p->mean = addScatterGraph(p->plot, tr("mean ± sd"));
        p->mean->setLineStyle(QCPGraph::lsLine);
        p->mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, paletteColor(0), 6));
        p->spread = new QCPErrorBars(p->plot->xAxis, p->plot->yAxis);
        p->spread->setDataPlottable(p->mean);
        p->spread->setPen(QPen(paletteColor(0), 1.3));
        p->spread->setWhiskerWidth(7);
        p->spread->removeFromLegend();
        // Drawn below the data, listed after it: re-adding moves an entry to the legend's end.
        p->poisson->removeFromLegend();
        p->poisson->addToLegend();
        p->reference->removeFromLegend();
        m_panels.push_back(std::move(p));
    };
    const auto zero = [](int) { return 0.0; };
    panel(QStringLiteral("skewness"), tr("k-skewness (skewness of Nₖ)"), tr("k-skewness"),
          &SweepPoint::kSkewness, &poissonSkewness, false);
    panel(QStringLiteral("robinhood"), tr("Robin Hood index of Nₖ"), tr("Robin Hood (0…1)"),
          &SweepPoint::robinhood, &poissonRobinHood, true);
    panel(QStringLiteral("antihub"), tr("Antihubs: share with Nₖ = 0"), tr("antihub share"),
          &SweepPoint::antihubOccurrence, &poissonAntihubShare, true);
    panel(QStringLiteral("spearman"), tr("Hubs sit near the mean"),
          tr("Spearman ρ(Nₖ, ‖x − mean‖)"), &SweepPoint::spearmanMeanDistance,
          static_cast<double (*)(int)>(zero), false);
    m_panels[3]->poisson->setName(tr("no hubness: ρ = 0"));

    ReflowGrid::Arrangement cells;
    for (int i = 0; i < 4; ++i)
        cells.push_back({m_panels[std::size_t(i)]->plot, i / 2, i % 2});
    auto *area = new ReflowGrid;
    area->setWideOrOneColumn(cells);
    setPlotArea(area);
}

HubnessSweepView::~HubnessSweepView() = default;

QList<PlotEntry> HubnessSweepView::plots() const {
    QList<PlotEntry> out;
    for (const auto &p : m_panels)
        out.append({p->name, p->title, p->plot});
    return out;
}

void HubnessSweepView::drawSnapshot(const SweepSnapshot &snapshot) {
    drawPoints(snapshot.points);
    if (shown().axis == SweepAxis::Dimension)
        setProgressText(
            tr("%1 of %2 dimensions").arg(snapshot.points.size()).arg(snapshot.pointsTotal));
}

void HubnessSweepView::prepare(const SweepParams &params) {
    const bool alongD = params.axis == SweepAxis::Dimension;
    const std::vector<int> &values = alongD ? params.dimensions : params.ks;
    const double lo = values.front() / 1.4, hi = values.back() * 1.4;
    const QString setting = alongD ? tr("%1, N = %2, k = %3")
                                         .arg(dataText(params.data), groupedNumber(params.n))
                                         .arg(params.k)
                                   : tr("%1, N = %2, d = %3")
                                         .arg(dataText(params.data), groupedNumber(params.n))
                                         .arg(params.d);
    const QString xLabel = (alongD ? tr("dimension d") : tr("neighbours k")) +
                           QStringLiteral("  (") + setting + metricText(params) +
                           QStringLiteral(")");
    const QString meanName =
        params.seeds > 1 ? tr("mean ± sd, %1 seeds").arg(params.seeds) : tr("one seed");

    // Poisson baseline: flat along d; along k on every integer k (log-spaced beyond 200 values).
    QVector<double> keys;
    if (alongD) {
        keys = {lo, hi};
    } else {
        for (int k = values.front(); k <= values.back();
             k = std::max(k + 1, static_cast<int>(k * 1.02)))
            keys << k;
        if (keys.last() != values.back())
            keys << values.back();
    }
    for (std::size_t i = 0; i < m_panels.size(); ++i) {
        Panel &p = *m_panels[i];
        p.plot->xAxis->setLabel(xLabel);
        p.plot->xAxis->setRange(lo, hi);
        setPlainLogTicks(p.plot, lo, hi);
        p.mean->setName(meanName);
        p.mean->data()->clear();
        p.spread->data()->clear();
        QVector<double> base;
        for (double key : keys)
            base << p.baseline(alongD ? params.k : static_cast<int>(key));
        p.poisson->setData(keys, base, true);

        const Reference *ref = referenceFor(params, static_cast<int>(i));
        QVector<double> rx, ry, rsd;
        if (ref)
            for (std::size_t j = 0; j < kReferenceDims.size(); ++j) {
                rx << kReferenceDims[j];
                ry << ref->mean[j];
                rsd << ref->sd[j];
            }
        p.reference->setData(rx, ry, true);
        p.referenceSpread->setData(rsd);
        p.reference->removeFromLegend();
        if (ref)
            p.reference->addToLegend();
    }
    rescale();
}

void HubnessSweepView::drawPoints(const std::vector<SweepPoint> &points) {
    for (const auto &panel : m_panels) {
        QVector<double> x, y, sd;
        for (const auto &point : points) {
            const SweepStat &s = point.*(panel->field);
            x << point.value;
            y << s.mean;
            sd << s.sd;
        }
        panel->mean->setData(x, y, true);
        panel->spread->setData(sd);
    }
    rescale();
}

void HubnessSweepView::rescale() {
    for (const auto &panel : m_panels) {
        Panel &p = *panel;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        const auto include = [&](const QCPGraph *g, const QCPErrorBars *bars) {
            for (int i = 0; i < g->dataCount(); ++i) {
                const double v = g->data()->at(i)->value;
                const double e = bars && i < bars->dataCount() ? bars->data()->at(i).errorPlus : 0;
                lo = std::min(lo, v - e);
                hi = std::max(hi, v + e);
            }
        };
        include(p.mean, p.spread);
        include(p.reference, p.referenceSpread);
        include(p.poisson, nullptr);
        if (!std::isfinite(lo))
            continue;
        if (p.nonNegative)
            lo = std::min(0.0, lo);
        if (p.name == QLatin1String("spearman"))
            hi = std::max(hi, 0.0);
        const double span = std::max(hi - lo, 0.05);
        // Headroom above the data for the legend, which goes to whichever top corner is emptier.
        // Below the data a small margin too, also for values that cannot be negative: a curve at
        // 0 (Poisson's anti-hub share) was hidden in the frame, and points there cut in half.
        const double top = hi + 0.45 * span, bottom = lo - 0.06 * span;
        p.plot->yAxis->setRange(bottom, top);
        const QCPRange xr = p.plot->xAxis->range();
        int left = 0, right = 0;
        for (int i = 0; i < p.mean->dataCount(); ++i) {
            const auto d = p.mean->data()->at(i);
            const double fx = std::log(d->key / xr.lower) / std::log(xr.upper / xr.lower);
            if ((d->value - bottom) / (top - bottom) > 0.55)
                (fx < 0.5 ? left : right) += 1;
        }
        setLegendCorner(p.plot, Qt::AlignTop | (left <= right ? Qt::AlignLeft : Qt::AlignRight));
        p.plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void HubnessSweepView::drawResult(const SweepResult &result) {
    drawPoints(result.points);
    const SweepParams &p = shown();
    const bool alongD = p.axis == SweepAxis::Dimension;
    setProgressText(tr("%1 points × %2 seeds").arg(result.points.size()).arg(p.seeds));
    if (result.points.empty())
        return;
    const SweepPoint &last = result.points.back();
    const int k = alongD ? p.k : last.value;
    const QString at = alongD ? tr("d = %1").arg(last.value) : tr("k = %1").arg(last.value);
    // Mean to the decimal of the sd's second digit: "5.9 ± 1.1", "0.571 ± 0.0055".
    const auto stat = [&](const SweepStat &s) {
        if (p.seeds < 2 || !(s.sd > 0))
            return numberText(s.mean, 3);
        const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(s.sd))), 0, 5);
        return fixedText(s.mean, decimals) + QStringLiteral(" ± ") + fixedText(s.sd, decimals);
    };
    const auto poisson = [](double v) {
        return tr("Poisson(k), no hubness: %1. ").arg(numberText(v, 3));
    };
    QList<Readout> rows;
    // A count stays with its noun: in a narrow pane the value broke at every space ("8 / points /
    // × 3 / seeds"); now only before "×".
    rows << Readout{tr("runs"),
                    tr("%1\u00A0points × %2\u00A0seeds").arg(result.points.size()).arg(p.seeds),
                    tr("Each point is the mean over independent data sets (seed streams); the bars "
                       "show their sample standard deviation.")};
    rows << Readout{
        tr("k-skewness at %1").arg(at), stat(last.kSkewness),
        poisson(poissonSkewness(k)) +
            tr("Skewness of Nₖ. Without hubness (a random graph) Nₖ is Poisson(k), skewness "
               "1/√k; values above about 1 mean a long right tail: hubs. Low dimensions "
               "sit below the Poisson value.")};
    rows << Readout{tr("Robin Hood"), stat(last.robinhood),
                    poisson(poissonRobinHood(k)) +
                        tr("Share of all neighbour slots that would have to move from rich to poor "
                           "points to make Nₖ equal: 0 = equal, 1 = one point gets everything.")};
    rows << Readout{
        tr("antihub share"), stat(last.antihubOccurrence),
        poisson(poissonAntihubShare(k)) +
            tr("Share of points that are nobody's neighbour (Nₖ = 0). Poisson(k) gives "
               "e^−k; in high dimensions a large part of the data becomes invisible to k-NN.")};
    rows << Readout{
        tr("Spearman ρ"), stat(last.spearmanMeanDistance),
        tr("Rank correlation of Nₖ with the distance to the data mean, −1…1. Strongly "
           "negative: hubs are the points near the centre (Radovanović 2010, Fig. 3).")};
    rows << Readout{tr("max Nₖ"), stat(last.maxKOccurrence),
                    tr("The largest hub: how many points list it among their k nearest neighbours "
                       "(at most N − 1).")};
    if (alongD) {
        const auto first = std::find_if(result.points.begin(), result.points.end(),
                                        [](const SweepPoint &q) { return q.kSkewness.mean > 1.0; });
        rows << Readout{
            tr("hubs from"),
            first == result.points.end() ? tr("not within these d")
                                         : tr("d = %1 (k-skewness > 1)").arg(first->value),
            tr("The first swept dimension whose mean k-skewness exceeds 1, a common rule "
               "of thumb for marked hubness.")};
    }
    setReadouts(rows);
}

} // namespace dimscope::views
