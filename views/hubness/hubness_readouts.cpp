// SPDX-License-Identifier: MIT
#include "hubness/hubness_readouts.h"
#include "common/number_text.h"

#include <cmath>

#include <QCoreApplication>
#include <QFileInfo>

#include "hubness/hubness.h"
#include "hubness/hubness_plots.h"

namespace dimscope::views {

using namespace dimscope::hubness;

namespace {

QString tr(const char *text) { return QCoreApplication::translate("HubnessReadouts", text); }

QString percent(double share) {
    if (share > 0 && share < 0.0005)
        return QStringLiteral("< 0.1 %");
    return QString::number(100 * share, 'f', 1) + QStringLiteral(" %");
}

/// 0…1 measures: three decimals, so values line up and compare at a glance.
QString unit(double v) { return fixedText(v, 3); }

QString skewVerdict(double s, int k) {
    if (s < 1 / std::sqrt(double(k)) + 0.25)
        return tr("≈ none");
    if (s < 1)
        return tr("mild");
    if (s < 3)
        return tr("strong");
    return tr("very strong");
}

QString rhoVerdict(double rho) {
    if (rho <= -0.6)
        return tr("hubs at the mean");
    if (rho <= -0.3)
        return tr("moderate");
    return tr("no link");
}

/// "0.40" or "0.61 → 0.25" with a reduction.
template <class Format>
QString beforeAfter(const HubnessResult &r, double HubnessMeasures::*field, Format format) {
    if (!r.before)
        return format(r.measures.*field);
    return format((*r.before).*field) + QStringLiteral(" → ") + format(r.measures.*field);
}

QString source(const HubnessResult &r) {
    const auto &p = r.params;
    if (!p.neighbors.empty())
        return tr("neighbours: %1").arg(QFileInfo(QString::fromStdString(p.neighbors)).fileName());
    if (!p.input.empty())
        return QFileInfo(QString::fromStdString(p.input)).fileName();
    return QString::fromStdString(nameOf(p.data));
}

/// What the "k-NN time" readout timed: the search that ran.
/// ", 1 row again in double", ", 1 234 rows again in double": the count kept with its noun.
QString rowsAgainText(std::int64_t rows) {
    return (rows == 1 ? tr(", 1\u00A0row") : tr(", %1\u00A0rows").arg(groupedNumber(rows))) +
           tr(" again in double");
}

QString searchTimeHelp(const HubnessResult &r) {
    QString what;
    if (r.approximate)
        what = tr("Time of the approximate (HNSW) search, its index build included.");
    else if (r.partitioned)
        what = tr("Time of the partitioned search, its k-means and choice of cells included.");
    else if (r.autoSearchedExactly)
        what = tr("Time of the exact k-nearest-neighbour search (self excluded), with the k-means "
                  "before it: search = auto tried cells, but they would have searched %1 % of "
                  "the pairs, too many to save time.")
                   .arg(numberText(100 * r.workShare, 2));
    else
        what = tr("Time of the exact k-nearest-neighbour search (self excluded).");
    if (r.rowsSearchedInDouble > 0)
        what += tr(" For %1 points the float search could not prove its neighbours (points far "
                   "from the data's centre next to their neighbour distances, or more exact ties "
                   "than it keeps): they were searched again in double.")
                    .arg(groupedNumber(r.rowsSearchedInDouble));
    return what + tr(" Then the metric. With a reduction it searched the candidates, then "
                     "re-ranked.");
}

} // namespace

PoissonBaseline poissonBaseline(int k, double hubSize) {
    const auto pmf = poissonReference(k, int(k + 12 * std::sqrt(double(k)) + 12));
    PoissonBaseline b;
    b.skewness = 1 / std::sqrt(double(k));
    b.antihubShare = pmf.front();
    double rootMean = 0;
    for (std::size_t m = 0; m < pmf.size(); ++m) {
        const double v = double(m);
        b.robinhood += std::abs(v - k) * pmf[m];
        rootMean += std::sqrt(v) * pmf[m];
        if (v >= hubSize * k)
            b.hubOccurrence += v * pmf[m];
        for (std::size_t j = 0; j < pmf.size(); ++j)
            b.gini += std::abs(v - double(j)) * pmf[m] * pmf[j];
    }
    b.robinhood /= 2.0 * k;
    b.gini /= 2.0 * k;
    b.atkinson = 1 - rootMean * rootMean / k;
    b.hubOccurrence /= k;
    return b;
}

QList<Readout> hubnessReadouts(const HubnessResult &r) {
    const auto &m = r.measures;
    const PoissonBaseline base = poissonBaseline(r.k, r.params.hubSize);
    const auto num = [](double v) { return unit(v); };
    const auto skew = [](double v) { return fixedText(v, 2); };
    // The "no hubs" value answers "is this high?"; with a reduction the row shows before → after
    // instead (the left column has room for one of the two).
    const bool reduced = r.before.has_value();
    const auto noHubs = [reduced](const QString &v) {
        return reduced ? QString() : tr("  (no hubs %1)").arg(v);
    };
    QList<Readout> rows;
    rows << Readout{tr("data"), source(r),
                    tr("Where the points come from: a synthetic law (Data), your points file, or "
                       "a neighbour file (then only the neighbour lists are known).")};
    rows << Readout{tr("N · d · k"),
                    QStringLiteral("%1 · %2 · %3")
                        .arg(groupedNumber(r.n), r.d > 0 ? groupedNumber(r.d) : tr("–"))
                        .arg(r.k),
                    tr("N points, d coordinates each (unknown for a neighbour file), k neighbours "
                       "per list. Mean Nₖ is always k, since N lists of k slots are shared out.")};
    if (!r.params.neighbors.empty() && (!r.listsDropped.empty() || r.missingNeighbors > 0))
        rows << Readout{
            tr("lists"),
            (r.listsDropped.empty() ? tr("kept") : tr("not kept")) +
                (r.missingNeighbors > 0 ? tr(", %1 rows short of k").arg(groupedNumber(r.shortRows))
                                        : QString()),
            tr("A large neighbour file is streamed: Nₖ is counted in one pass and the lists are "
               "not kept, so a point's reverse neighbours are not highlighted. The measures are "
               "the same. Rows short of k end in -1 (faiss found fewer). %1")
                .arg(QString::fromStdString(r.listsDropped))};
    if (r.params.neighbors.empty())
        rows << Readout{tr("k-NN time"),
                        tr("%1 s, %2%3%4")
                            .arg(numberText(r.knnSeconds, 3),
                                 QString::fromStdString(nameOf(r.params.metric)),
                                 r.autoSearchedExactly ? tr(", exact (auto)") : QString(),
                                 r.rowsSearchedInDouble > 0 ? rowsAgainText(r.rowsSearchedInDouble)
                                                            : QString()),
                        searchTimeHelp(r)};
    if (r.approximate) {
        QString value = r.recall
                            ? tr("%1 at efSearch %2").arg(numberText(*r.recall, 3)).arg(r.efSearch)
                            : tr("not measured (efSearch %1)").arg(r.efSearch);
        if (r.params.targetRecall > 0)
            value += r.targetRecallMet
                         ? tr(", target %1 met").arg(numberText(r.params.targetRecall, 3))
                         : tr(", BELOW the target %1").arg(numberText(r.params.targetRecall, 3));
        rows << Readout{tr("recall@k"), value,
                        tr("Approximate (HNSW) search: the share of the true k nearest it found, "
                           "measured against exact search on %1 sampled points. With a target "
                           "recall, efSearch was doubled until that share reached it, up to %2.")
                            .arg(r.params.recallSample)
                            .arg(hubness::kMaxTunedEfSearch)};
    }
    if (r.partitioned)
        rows << Readout{
            tr("recall@k"),
            tr("%1 searching %2 of %3 cells (%4 % of exact's work), target %5 %6")
                .arg(numberText(r.recall.value_or(0), 3))
                .arg(r.probes)
                .arg(r.cells)
                .arg(numberText(100 * r.workShare, 2))
                .arg(numberText(r.params.targetRecall > 0 ? r.params.targetRecall
                                                          : hubness::kDefaultTargetRecall,
                                3))
                .arg(r.targetRecallMet ? tr("met") : tr("NOT met")),
            tr("Partitioned search: k-means cells, each searched exactly against its nearest "
               "cells only. The recall is the share of the true k nearest of %1 sampled points "
               "that lie in searched cells, counted exactly: those are the ones found. Cells "
               "searched per cell: the fewest that meet the target.")
                .arg(r.params.recallSample)};
    if (r.before)
        rows << Readout{tr("reduction"), QString::fromStdString(nameOf(r.params.reduction)),
                        tr("The secondary distance that re-ranked each point's %1 nearest "
                           "candidates. Values below read before → after.")
                            .arg(r.params.candidates)};
    rows << Readout{
        tr("k-skewness"),
        beforeAfter(r, &HubnessMeasures::kSkewness, skew) + QStringLiteral("  ") +
            skewVerdict(m.kSkewness, r.k),
        tr("Standardised third moment of Nₖ (population moments, as scipy.stats.skew and "
           "scikit-hubness). 0 ≈ no hubness, > 1 strong, > 3 very strong. Pure chance (Nₖ ~ "
           "Poisson(k)) gives ≈ 1/√k = %1. Real low-d data often lies below that. At high d a "
           "single huge hub can dominate it: read Robin Hood too.")
            .arg(numberText(base.skewness, 2))};
    rows << Readout{tr("truncnorm skew"), beforeAfter(r, &HubnessMeasures::kSkewnessTruncnorm, num),
                    tr("The skewness of a normal law truncated at Nₖ = 0 with the same mean and "
                       "sd (scikit-hubness' k_skewness_truncnorm): a baseline that grows when "
                       "the sd is large against the mean k. Compare it with k-skewness.")};
    rows << Readout{tr("Robin Hood"),
                    beforeAfter(r, &HubnessMeasures::robinhood, num) + noHubs(num(base.robinhood)),
                    tr("0 … 1: the share of all k-NN slots that would have to move from points "
                       "above k to points below k for every point to have Nₖ = k. Equals the "
                       "largest gap between the Lorenz curve and the diagonal. Poisson(k) "
                       "gives %1; Gaussian d = 100, k = 5 gives about 0.6.")
                        .arg(num(base.robinhood))};
    rows << Readout{tr("Gini"),
                    beforeAfter(r, &HubnessMeasures::gini, num) + noHubs(num(base.gini)),
                    tr("0 … 1: twice the area between the Lorenz curve and the diagonal; 0 when "
                       "every point has Nₖ = k, → 1 when one point takes all slots. Poisson(k) "
                       "gives %1.")
                        .arg(num(base.gini))};
    rows << Readout{tr("Atkinson"),
                    beforeAfter(r, &HubnessMeasures::atkinson, num) + noHubs(num(base.atkinson)),
                    tr("0 … 1, ε = 0.5: 1 − (mean √Nₖ)² / k. Most sensitive to the low end, "
                       "i.e. to antihubs. Poisson(k) gives %1.")
                        .arg(num(base.atkinson))};
    rows << Readout{tr("antihubs"),
                    beforeAfter(r, &HubnessMeasures::antihubOccurrence, percent) +
                        noHubs(percent(base.antihubShare)),
                    tr("0 … 100 %: points with Nₖ = 0, in nobody's k-NN list — they can never "
                       "be retrieved. Poisson(k) gives e^(−k) = %1.")
                        .arg(percent(base.antihubShare))};
    rows << Readout{tr("hub occurrence"),
                    beforeAfter(r, &HubnessMeasures::hubOccurrence, num) +
                        noHubs(num(base.hubOccurrence)),
                    tr("0 … 1: the share of all k-NN slots taken by hubs (Nₖ ≥ %1 · k = %2). "
                       "%3 hubs here. Poisson(k) gives %4.")
                        .arg(numberText(r.params.hubSize, 3), numberText(r.params.hubSize * r.k, 3),
                             groupedNumber(m.hubCount), num(base.hubOccurrence))};
    rows << Readout{tr("groupie ratio"), beforeAfter(r, &HubnessMeasures::groupieRatio, num),
                    tr("0 … 1: max Nₖ / (N k), the share of all slots held by the biggest hub. "
                       "Without hubness it is about (k + 4√k) / (N k).")};
    rows << Readout{tr("max Nₖ"),
                    (r.before ? QStringLiteral("%1 → ").arg(r.before->maxKOccurrence) : QString()) +
                        QStringLiteral("%1  (mean %2)").arg(m.maxKOccurrence).arg(r.k),
                    tr("The largest Nₖ: the biggest hub is among the k nearest neighbours of "
                       "this many points. Without hubness it stays near k + 4√k = %1.")
                        .arg(numberText(r.k + 4 * std::sqrt(double(r.k)), 2))};
    const QString rhoMeaning =
        tr("−1 … 1: Spearman rank correlation of Nₖ with ‖x − mean‖. ≈ −0.8 or below: hubs sit "
           "near the data mean (Radovanović 2010), the high-dimensional effect. ≈ 0: Nₖ does not "
           "depend on it (low d, or cosine on Gaussian data). Needs point coordinates.");
    if (m.spearmanMeanDistance) {
        QString value = fixedText(*m.spearmanMeanDistance, 2);
        if (r.before && r.before->spearmanMeanDistance)
            value = fixedText(*r.before->spearmanMeanDistance, 2) + QStringLiteral(" → ") + value;
        rows << Readout{
            tr("Spearman ρ"),
            r.before ? value : value + QStringLiteral("  ") + rhoVerdict(*m.spearmanMeanDistance),
            rhoMeaning};
    } else {
        rows << Readout{tr("Spearman ρ"), tr("– (no coordinates)"), rhoMeaning};
    }
    return rows;
}

} // namespace dimscope::views
