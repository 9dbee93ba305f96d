// SPDX-License-Identifier: MIT
#include "common/plot_style.h"

#include <algorithm>
#include <cmath>

#include <QCheckBox>
#include <QRegularExpression>

#include <qcustomplot.h>

#include "common/hidden_curves.h"
#include "common/legend_placement.h"
#include "common/screen_theme.h"
#include "common/typeset_ticker.h"
#include "common/view_settings.h"

namespace dimscope::views {

QColor paletteColor(int index) {
    static const QColor okabeIto[] = {
        QColor(0, 114, 178), QColor(213, 94, 0),   QColor(0, 158, 115), QColor(204, 121, 167),
        QColor(230, 159, 0), QColor(86, 180, 233), QColor(240, 228, 66)};
    return okabeIto[((index % 7) + 7) % 7];
}

QPen rolePen(SeriesRole role, int index) {
    switch (role) {
    case SeriesRole::Simulation: return QPen(paletteColor(index), 1.6);
    case SeriesRole::Theory: return QPen(QColor(20, 20, 20), 1.8);
    case SeriesRole::Approximation: {
        QPen p(QColor(213, 94, 0), 1.5, Qt::DashLine);
        return p;
    }
    case SeriesRole::Reference: return QPen(QColor(120, 120, 120), 1.2, Qt::DotLine);
    case SeriesRole::Highlight: return QPen(QColor(204, 0, 0), 1.6);
    }
    return QPen(Qt::black);
}

namespace {

void runLayoutPhases(QCustomPlot *plot) {
    for (const auto phase :
         {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
        plot->plotLayout()->update(phase);
}

/// Fewer ticks on the bottom axes where their labels would touch: QCustomPlot aims at five
/// whatever the axis length, and a narrow plane in the projector's text ran "−1.5−1−0.5"
/// together. True when a count changed, so the ticks need laying out again.
bool fitTickCounts(QCustomPlot *plot) {
    constexpr int kTicksAimedAt = 5; // QCustomPlot's default
    bool changed = false;
    for (QCPAxisRect *rect : plot->axisRects())
        for (QCPAxis *axis : rect->axes(QCPAxis::atBottom)) {
            const QSharedPointer<QCPAxisTicker> ticker = axis->ticker();
            if (!ticker || !axis->visible() || !axis->tickLabels() ||
                axis->scaleType() == QCPAxis::stLogarithmic ||
                !ticker.dynamicCast<QCPAxisTickerText>().isNull())
                continue; // a log axis's decades and a text ticker's labels are chosen already
            const QFontMetrics metrics(axis->tickLabelFont());
            const int gap = metrics.horizontalAdvance(QLatin1Char('0')) + 2; // a digit apart
            // The most ticks, up to the default, whose labels stand a gap apart.
            const int before = ticker->tickCount();
            int count = kTicksAimedAt;
            for (; count > 2; --count) {
                ticker->setTickCount(count);
                QVector<double> ticks;
                QVector<QString> labels;
                ticker->generate(axis->range(), plot->locale(), axis->numberFormat().at(0),
                                 axis->numberPrecision(), ticks, nullptr, &labels);
                int needed = 0;
                for (const QString &label : labels)
                    needed += metrics.horizontalAdvance(label) + gap;
                if (needed <= rect->width())
                    break;
            }
            ticker->setTickCount(count);
            changed = changed || count != before;
        }
    return changed;
}

/// `label` on two lines, broken at the space nearest its middle (as it is when it has none).
QString onTwoLines(QString label) {
    const qsizetype middle = label.size() / 2;
    qsizetype best = -1;
    for (qsizetype i = 0; i < label.size(); ++i)
        if (label.at(i) == QLatin1Char(' ') && (best < 0 || qAbs(i - middle) < qAbs(best - middle)))
            best = i;
    if (best >= 0)
        label[best] = QLatin1Char('\n');
    return label;
}

/// Axis labels longer than their axis go on two lines: in the projector's text on a small
/// screen, "LHS, the input-gradient side" ran past both ends of a squashed plot. The view's own
/// label is kept, and comes back whole when there is room. True when a label changed.
bool fitAxisLabels(QCustomPlot *plot) {
    static const char *const kOwn = "dimscope.axisLabel";
    static const char *const kShown = "dimscope.axisLabelShown";
    bool changed = false;
    for (QCPAxisRect *rect : plot->axisRects())
        for (QCPAxis *axis : rect->axes(QCPAxis::atLeft | QCPAxis::atBottom)) {
            if (!axis->visible())
                continue;
            const bool ours = axis->property(kShown).toString() == axis->label();
            const QString own = ours ? axis->property(kOwn).toString() : axis->label();
            const int length =
                axis->orientation() == Qt::Horizontal ? rect->width() : rect->height();
            const bool tooLong = !own.contains(QLatin1Char('\n')) &&
                                 QFontMetrics(axis->labelFont()).horizontalAdvance(own) > length;
            const QString shown = tooLong ? onTwoLines(own) : own;
            axis->setProperty(kOwn, own);
            axis->setProperty(kShown, shown);
            if (shown != axis->label()) {
                axis->setLabel(shown);
                changed = true;
            }
        }
    return changed;
}

/// Both fits above; true when the ticks or labels need laying out again.
bool fitAxesToTheirLength(QCustomPlot *plot) {
    const bool labels = fitAxisLabels(plot);
    return fitTickCounts(plot) || labels;
}

} // namespace

void applyPlotStyle(QCustomPlot *plot) {
    QFont font = plot->font();
    font.setPointSizeF(9.5);
    plot->setFont(font);
    plot->setNoAntialiasingOnDrag(false);
    plot->setAntialiasedElements(QCP::aeAll);
    plot->setBackground(Qt::white);
    plot->legend->setVisible(true);
    plot->legend->setFont(font);
    plot->legend->setBrush(QColor(255, 255, 255, 220));
    plot->legend->setBorderPen(QPen(QColor(200, 200, 200)));
    // Small symbols: the default 32 × 18 px icons make a legend wider than the data it labels.
    plot->legend->setIconSize(16, 10);
    plot->legend->setIconTextPadding(4);
    plot->legend->setRowSpacing(0);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    noteCurvesHiddenUnderOthers(plot); // before the placement: it changes the legend's width
    keepLegendClearOfData(plot);       // top right unless that hides data
    for (QCPAxis *axis : {plot->xAxis, plot->yAxis, plot->xAxis2, plot->yAxis2}) {
        axis->setTickLabelFont(font);
        axis->setLabelFont(font);
        axis->setBasePen(QPen(QColor(60, 60, 60), 1));
        axis->setTickPen(QPen(QColor(60, 60, 60), 1));
        axis->setSubTickPen(QPen(QColor(60, 60, 60), 1));
        axis->grid()->setPen(QPen(QColor(225, 225, 225), 1, Qt::SolidLine));
        axis->grid()->setSubGridPen(QPen(QColor(242, 242, 242), 1, Qt::SolidLine));
        axis->grid()->setZeroLinePen(Qt::NoPen);
    }
    useTypesetTickers(plot); // "−0.5", not "-0.5"
    // A closed box reads better in papers; the top and right axes carry no labels.
    plot->xAxis2->setVisible(true);
    plot->yAxis2->setVisible(true);
    plot->xAxis2->setTickLabels(false);
    plot->yAxis2->setTickLabels(false);
    // Without labels the mirror axes need no padding: it only opened a gap under the title.
    plot->xAxis2->setPadding(0);
    plot->yAxis2->setPadding(0);
    QObject::connect(plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), plot->xAxis2,
                     qOverload<const QCPRange &>(&QCPAxis::setRange));
    QObject::connect(plot->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), plot->yAxis2,
                     qOverload<const QCPRange &>(&QCPAxis::setRange));
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Views draw in the paper look; the screen theme (dark, projector, zoom) is derived from it
    // before every replot, so what a later run adds is themed too (screen_theme.h).
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] {
        applyScreenTheme(plot);
        fitTopMargin(plot);
    });
    // Ticks whose labels stand apart and axis labels that fit their axis, for this layout (and
    // again wherever a view lays out anew for ranges it set after the layout: layOutNow).
    QObject::connect(plot, &QCustomPlot::afterLayout, plot, [plot] {
        if (fitAxesToTheirLength(plot))
            runLayoutPhases(plot);
    });
    keepRoomForTheData(plot);
}

namespace {

/// A title that wraps onto a second line when the plot is narrower than it (a projector at
/// 200 %, a one-column figure) instead of being cut at both ends. QCPTextElement asks for the
/// whole one-line width as its minimum, which the layout cannot give a narrow plot.
class PlotTitle : public QCPTextElement {
public:
    PlotTitle(QCustomPlot *plot, const QString &text, const QFont &font)
        : QCPTextElement(plot, text, font) {
        setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
    }

protected:
    QSize minimumOuterSizeHint() const override {
        return {mMargins.left() + mMargins.right(), outerHeight()};
    }
    QSize maximumOuterSizeHint() const override { return {QWIDGETSIZE_MAX, outerHeight()}; }

    /// Wrapped lines of even length: at the full width the last line held one word ("… hubs ≥" /
    /// "20"). The narrowest width that keeps the number of lines, found by bisection with the
    /// metrics of the device drawn on (screen, PDF, SVG), and the text centred in it.
    void draw(QCPPainter *painter) override {
        painter->setFont(mainFont());
        painter->setPen(QPen(mainTextColor()));
        const QFontMetrics metrics(mainFont(), painter->device());
        const QString text = relationsKeptWhole(mText);
        const auto height = [&](int width) {
            return metrics.boundingRect(QRect(0, 0, width, QWIDGETSIZE_MAX), mTextFlags, text)
                .height();
        };
        const int full = height(mRect.width());
        int narrow = 1, wide = mRect.width();     // height(narrow) > full, height(wide) == full
        if (full > metrics.lineSpacing() * 3 / 2) // two lines or more
            while (wide - narrow > 1) {
                const int middle = (narrow + wide) / 2;
                (height(middle) > full ? narrow : wide) = middle;
            }
        const QRect box(mRect.center().x() - wide / 2, mRect.top(), wide, mRect.height());
        painter->drawText(box, mTextFlags, text, &mTextBoundingRect);
    }

private:
    /// "rank(Δ*) = 2", "hubs ≥ 20" never split at their relation sign: its spaces are made
    /// no-break ones for the wrapping.
    static QString relationsKeptWhole(QString text) {
        static const QRegularExpression relation(QStringLiteral(" ([=≈≠<>≤≥]) "));
        return text.replace(relation, QStringLiteral("\u00A0\\1\u00A0"));
    }

    /// The wrapped text's height at the plot's width: the title row spans the whole plot, and
    /// the viewport is set before the layout is, so the height never lags a resize.
    int outerHeight() const {
        const QMargins outer = mParentPlot->plotLayout()->margins();
        const int width = std::max(1, mParentPlot->viewport().width() - outer.left() -
                                          outer.right() - mMargins.left() - mMargins.right());
        const QRect text = QFontMetrics(mFont).boundingRect(QRect(0, 0, width, QWIDGETSIZE_MAX),
                                                            mTextFlags, relationsKeptWhole(mText));
        return text.height() + mMargins.top() + mMargins.bottom();
    }
};

} // namespace

QCPTextElement *setPlotTitle(QCustomPlot *plot, const QString &title) {
    auto *layout = plot->plotLayout();
    if (auto *existing = qobject_cast<QCPTextElement *>(layout->element(0, 0))) {
        existing->setText(title);
        return existing;
    }
    layout->insertRow(0);
    QFont font = plot->font();
    font.setBold(true);
    auto *element = new PlotTitle(plot, title, font);
    layout->addElement(0, 0, element);
    return element;
}

QCPColorScale *addColourScale(QCustomPlot *plot, QCPColorMap *map, const QString &label) {
    auto *scale = new QCPColorScale(plot);
    // The axis rect and its scale share one cell of the plot's layout, as a grid of their own:
    // a second column of the layout would leave the title and an outside legend the axis rect's
    // width only, and they would wrap where the plot has room.
    QCPLayoutGrid *layout = plot->plotLayout();
    QCPAxisRect *rect = plot->axisRect(); // found through the layout: none while taken out of it
    int row = 0, column = 0;
    for (int i = 0; i < layout->elementCount(); ++i)
        if (layout->elementAt(i) == rect)
            layout->indexToRowCol(i, row, column);
    auto *pair = new QCPLayoutGrid;
    layout->take(rect);
    layout->addElement(row, column, pair);
    pair->setColumnSpacing(layout->columnSpacing());
    pair->addElement(0, 0, rect);
    pair->addElement(0, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->setBarWidth(8);
    // The map takes the scale's gradient and range when joined: give the scale the map's first.
    scale->setGradient(map->gradient());
    scale->setDataRange(map->dataRange());
    map->setColorScale(scale);
    scale->axis()->setLabel(label);
    scale->axis()->setTicker(QSharedPointer<TypesetTicker<QCPAxisTicker>>::create());
    scale->axis()->setTickLabelFont(plot->xAxis->tickLabelFont());
    scale->axis()->setLabelFont(plot->xAxis->labelFont());
    scale->axis()->setBasePen(plot->xAxis->basePen());
    scale->axis()->setTickPen(plot->xAxis->tickPen());
    scale->axis()->setSubTickPen(plot->xAxis->subTickPen());
    // The bar spans exactly the axis rect's height.
    auto *group = new QCPMarginGroup(plot);
    rect->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    return scale;
}

QCPGraph *addLineGraph(QCustomPlot *plot, const QString &name, SeriesRole role, int index) {
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setPen(rolePen(role, index));
    g->setAdaptiveSampling(true);
    return g;
}

QCPGraph *addScatterGraph(QCustomPlot *plot, const QString &name, int index) {
    QCPGraph *g = plot->addGraph();
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    QPen pen(paletteColor(index), 1.4);
    g->setPen(pen);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, pen, QColor(255, 255, 255), 6));
    return g;
}

QCPBars *addHistogramBars(QCustomPlot *plot, const QString &name, int index) {
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    QColor fill = paletteColor(index);
    fill.setAlpha(90);
    bars->setBrush(fill);
    bars->setPen(QPen(paletteColor(index).darker(110), 0.8));
    bars->setWidthType(QCPBars::wtPlotCoords);
    return bars;
}

namespace {

/// The legend in one column to the right of the axis rect (and of its colour scale, if any):
/// the cell that holds them becomes a grid of [that cell | a column of spacer, legend, spacer].
void moveLegendRight(QCustomPlot *plot, QCPLegend *legend) {
    QCPLayoutGrid *layout = plot->plotLayout();
    int row = 0, column = 0;
    for (int i = 0; i < layout->elementCount(); ++i) {
        QCPLayoutElement *cell = layout->elementAt(i);
        if (cell && (cell == plot->axisRect() || cell->elements(true).contains(plot->axisRect())))
            layout->indexToRowCol(i, row, column);
    }
    QCPLayoutElement *plotCell = layout->element(row, column);
    layout->take(plotCell);
    layout->simplify();
    auto *side = new QCPLayoutGrid;
    layout->addElement(row, column, side);
    side->setColumnSpacing(0);
    side->addElement(0, 0, plotCell);
    auto *centring = new QCPLayoutGrid;
    side->addElement(0, 1, centring);
    side->setColumnStretchFactors({1, 0.001}); // the legend column as wide as the legend
    centring->setRowSpacing(0);
    centring->addElement(0, 0, new QCPLayoutElement(plot));
    centring->addElement(1, 0, legend);
    centring->addElement(2, 0, new QCPLayoutElement(plot));
    centring->setRowStretchFactors({1, 0.001, 1});
    legend->setWrap(0);
    legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(2, 0, 6, 0)); // the last letters clear of the edge
}

} // namespace

void moveLegendOutside(QCustomPlot *plot, LegendPlace place, int perRow) {
    QCPLegend *legend = plot->legend;
    plot->axisRect()->insetLayout()->take(legend);
    if (place == LegendPlace::Right) {
        moveLegendRight(plot, legend);
        return;
    }
    QCPLayoutGrid *layout = plot->plotLayout();
    layout->simplify();
    int axisRow = 0;
    for (int r = 0; r < layout->rowCount(); ++r) {
        QCPLayoutElement *cell = layout->element(r, 0);
        // The axis rect itself, or the grid it shares with a colour scale (addColourScale).
        if (cell && (cell == plot->axisRect() || cell->elements(true).contains(plot->axisRect())))
            axisRow = r;
    }
    const int row = place == LegendPlace::Above ? axisRow : axisRow + 1;
    layout->insertRow(row);
    // Between two empty cells that take the spare width, so the entries stand centred over the
    // plot: stretched over all of it, two entries stood at its left edge and its middle.
    auto *centring = new QCPLayoutGrid;
    layout->addElement(row, 0, centring);
    centring->setColumnSpacing(0);
    centring->addElement(0, 0, new QCPLayoutElement(plot));
    centring->addElement(0, 1, legend);
    centring->addElement(0, 2, new QCPLayoutElement(plot));
    centring->setColumnStretchFactors({1, 0.001, 1});
    layout->setRowStretchFactor(row, 0.001); // as tall as the legend, no more
    legend->setWrap(perRow);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setColumnSpacing(10);
    legend->setMargins(QMargins(4, 0, 4, place == LegendPlace::Below ? 2 : 0));
    keepOutsideLegendWhole(plot);
}

void fitTopMargin(QCustomPlot *plot) {
    for (QCPAxisRect *rect : plot->axisRects()) {
        int labelHeight = 0;
        for (QCPAxis *axis : rect->axes(QCPAxis::atLeft | QCPAxis::atRight))
            if (axis->visible() && axis->tickLabels())
                labelHeight = std::max(labelHeight, QFontMetrics(axis->tickLabelFont()).height());
        QMargins margins = rect->minimumMargins();
        // 0.6, not 0.5: a power of ten's exponent ("10⁻³") stands above the line.
        margins.setTop(qCeil(0.6 * labelHeight) + 1);
        rect->setMinimumMargins(margins);
    }
}

void layOutNow(QCustomPlot *plot) {
    runLayoutPhases(plot);
    if (fitAxesToTheirLength(plot))
        runLayoutPhases(plot);
}

void setLogAxis(QCustomPlot *plot, bool logX, bool logY) {
    const auto configure = [](QCPAxis *axis, QCPAxis *mirror, bool log) {
        axis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        mirror->setScaleType(axis->scaleType());
        QSharedPointer<QCPAxisTicker> ticker;
        if (log) {
            auto logTicker = QSharedPointer<TypesetTicker<QCPAxisTickerLog>>::create();
            ticker = logTicker;
            axis->setNumberFormat(QStringLiteral("eb"));
            axis->setNumberPrecision(0);
        } else {
            ticker = QSharedPointer<TypesetTicker<QCPAxisTicker>>::create();
            axis->setNumberFormat(QStringLiteral("gb"));
            axis->setNumberPrecision(6);
        }
        axis->setTicker(ticker);
        mirror->setTicker(ticker);
    };
    configure(plot->xAxis, plot->xAxis2, logX);
    configure(plot->yAxis, plot->yAxis2, logY);
}

void useLogStepAxis(QCustomPlot *plot, double first, double last) {
    setLogAxis(plot, true, plot->yAxis->scaleType() == QCPAxis::stLogarithmic);
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraphDataContainer &data = *plot->graph(i)->data();
        const bool reference = data.size() == 2 && data.constBegin()->key < 1;
        const double value = reference ? data.constBegin()->value : 0;
        data.removeBefore(1);
        if (reference)
            data.add(QCPGraphData(1, value));
    }
    plot->xAxis->setRange(std::max(1.0, first), std::max(last, std::max(1.0, first) * 2));
}

QCheckBox *makeLogStepBox(const QString &toolTip) {
    auto *box = new QCheckBox(QCheckBox::tr("Log step axis"));
    box->setChecked(true);
    box->setToolTip(toolTip);
    markViewSetting(box, QStringLiteral("log_steps")); // saved in sessions
    return box;
}

void placeBesideVerticalLine(QCPItemText *label, double x) {
    const QCPAxis *axis = label->position->keyAxis();
    const QCPRange range = axis->range();
    const double fraction = axis->scaleType() == QCPAxis::stLogarithmic && x > 0 && range.lower > 0
                                ? std::log(x / range.lower) / std::log(range.upper / range.lower)
                                : (x - range.lower) / range.size();
    const Qt::Alignment vertical = label->positionAlignment() & Qt::AlignVertical_Mask;
    const bool leftOfLine = fraction > 0.55;
    label->setPositionAlignment(vertical | (leftOfLine ? Qt::AlignRight : Qt::AlignLeft));
    label->setTextAlignment(leftOfLine ? Qt::AlignRight : Qt::AlignLeft);
    // A gap between the text and the line: "keep > 50" touched its dashed threshold.
    constexpr int kGap = 4;
    QMargins padding = label->padding();
    padding.setLeft(std::max(padding.left(), kGap));
    padding.setRight(std::max(padding.right(), kGap));
    label->setPadding(padding);
    label->position->setCoords(x, label->position->value());
}

} // namespace dimscope::views
