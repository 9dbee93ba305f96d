// SPDX-License-Identifier: MIT
#pragma once
// One seed ensemble on a plot, in one colour: every run's raw points faded behind, then either
// each run (the every-seed band) or the mean with its band in front, and one legend entry that
// names the band, n and the smoother ("mean ± 1 sd, n = 5 seeds; EMA 0.6, debiased"). Every curve
// goes through a DecimatedGraph, so runs of 10⁶ points draw fast and export every point to CSV.
// Training, training-log and the labs built on them draw their curves with it.

#include <vector>

#include <QString>

#include "curves/curve_series.h"
#include "curves/ensemble.h"
#include "curves/smoothing.h"

class QCustomPlot;
class QCPGraph;

namespace dimscope::views {

struct EnsembleLayerData {
    QString name;                              ///< what the curves are: "val_loss", "adam"
    std::vector<QString> runNames;             ///< one per run ("version_0", "seed 3")
    std::vector<curves::CurveSeries> raw;      ///< every run's logged points
    std::vector<curves::CurveSeries> smoothed; ///< every run smoothed; empty: no smoothing
    curves::EnsembleCurve ensemble;            ///< of the runs shown (smoothed if any)
    QString legend;                            ///< the band, n, the smoother
};

/// How the runs are summarised: arithmetically, or in log y for a log axis (a geometric mean,
/// its band ×/÷ the geometric sd: EnsembleCurve::geometric).
enum class EnsembleScale { Linear, Log };

/// Log for a plot whose y axis is logarithmic.
EnsembleScale ensembleScaleOf(const QCustomPlot *plot);

/// The layer data of R runs logged at the same x (or each at its own x, one row per run):
/// smoothed with `smoother` (none leaves `smoothed` empty), summarised with `band` on `scale`,
/// the legend naming all three. Non-finite y are gaps; on the log scale, so are y ≤ 0.
EnsembleLayerData ensembleData(const QString &name, const std::vector<std::vector<double>> &x,
                               const std::vector<std::vector<double>> &y, curves::Band band,
                               const curves::Smoother &smoother,
                               EnsembleScale scale = EnsembleScale::Linear);

/// For a plot whose layers are all summarised alike: takes the band and smoother out of `data`'s
/// legend entry and returns them, for the title to say once ("mean ± 1 sd, n = 4 seeds"). Three
/// entries that each repeated it made a legend wider than a one-column figure.
QString takeLegendBand(EnsembleLayerData &data);

class EnsembleLayer {
public:
    /// Draws on `plot` in `colour` (a paletteColor of plot_style.h, or an explorer's own).
    EnsembleLayer(QCustomPlot *plot, QColor colour);
    ~EnsembleLayer(); ///< takes its graphs off the plot
    EnsembleLayer(const EnsembleLayer &) = delete;
    EnsembleLayer &operator=(const EnsembleLayer &) = delete;

    /// Replaces what the layer shows. Does not replot.
    void show(const EnsembleLayerData &data);
    void clear();

    /// Faded raw points behind the smoothed curves (on by default).
    void setRawVisible(bool visible);

    /// Smallest and largest finite y of everything shown (positive only for a log axis).
    bool yRange(double &lo, double &hi, bool positiveOnly) const;
    /// Smallest and largest x of everything shown.
    bool xRange(double &lo, double &hi) const;

private:
    QCPGraph *newGraph();
    void removeGraphs();

    QCustomPlot *m_plot;
    QColor m_colour;
    bool m_rawVisible = true;
    std::vector<QCPGraph *> m_raw;   ///< faded, not in the legend
    std::vector<QCPGraph *> m_front; ///< the mean or each run; the first carries the legend
    QCPGraph *m_lower = nullptr, *m_upper = nullptr; ///< the band: a fill between two graphs
};

/// Frames `plot` on the full data of `layers` (a graph holds only what the last range drew), with
/// a margin; a log axis frames only positive values.
void frameOnLayers(QCustomPlot *plot, const std::vector<const EnsembleLayer *> &layers);

} // namespace dimscope::views
