// SPDX-License-Identifier: MIT
#include "common/export/figure_export_state.h"

#include "common/export/figure_geometry.h"
#include "common/plot_style.h"

#include <algorithm>

#include <QFontInfo>
#include <QFontMetricsF>
#include <QSet>
#include <QtMath>

#include <qcustomplot.h>

namespace dimscope::views::figure {

ExportState::ExportState(QCustomPlot *plot, double fontPt)
    : m_plot(plot), m_dpiReference(1, 1, QImage::Format_RGB32), m_fontPt(fontPt) {
    m_dpiReference.setDotsPerMeterX(dotsPerMeter(kLogicalDpi));
    m_dpiReference.setDotsPerMeterY(dotsPerMeter(kLogicalDpi));
    // Every original is read before anything is set: QCPLegend::setFont also sets its items'
    // fonts, so reading an item after the legend would record the export font.
    overrideFonts();
    for (const auto &apply : m_apply)
        apply();
    // The room above the plot for the export's tick font, not the screen's.
    for (QCPAxisRect *rect : plot->axisRects())
        m_restore.push_back([rect, old = rect->minimumMargins()] { rect->setMinimumMargins(old); });
    fitTopMargin(plot);
    for (int i = 0; i < plot->graphCount(); ++i) {
        QCPGraph *graph = plot->graph(i);
        const bool old = graph->adaptiveSampling();
        graph->setAdaptiveSampling(false);
        m_restore.push_back([graph, old] { graph->setAdaptiveSampling(old); });
    }
}

ExportState::~ExportState() {
    // Forward order on purpose: QCPLegend::setFont overwrites its items' fonts, so the legend
    // is restored before its items (which come after it in the layout's element list).
    for (const auto &restore : m_restore)
        restore();
    // No replot here: the strokes, title and paper look are still the export's until their
    // guards end too. A replot now would theme the export's pens as if the view had set them
    // (exportFigure replots once everything is back).
}

QFont ExportState::exportFont(QFont font, double pt) const {
    // The family fontconfig actually chose ("DejaVu Sans"), not an alias ("Sans Serif"): an SVG
    // names it in font-family, and a reader without that alias would substitute another font.
    font.setFamily(QFontInfo(font).family());
    font.setPointSizeF(pt);
    return QFont(font, &m_dpiReference);
}

template <class Object>
void ExportState::overrideFont(Object *object, QFont (Object::*get)() const,
                               void (Object::*set)(const QFont &), double pt) {
    const QFont old = (object->*get)();
    m_apply.push_back([object, set, font = exportFont(old, pt)] { (object->*set)(font); });
    m_restore.push_back([object, set, old] { (object->*set)(old); });
}

template <class Object>
void ExportState::overrideFont(Object *object, QFont (Object::*get)() const,
                               void (Object::*set)(const QFont &)) {
    overrideFont(object, get, set, m_fontPt);
}

/// Qt lays a font out at a whole number of pixels of the 96-dpi figure units (10 pt, 13.33 px,
/// at 13), and the export draws text at its exact size (figure_exact_text.h). Where the size
/// rounds down, text comes out wider than the room QCustomPlot measured for it (2.6 % at 10 pt),
/// and a legend's frame or the figure's edge cut its last letter. The extra width it needs.
int ExportState::exactTextExtra(const QFont &font, const QString &text) const {
    const double exact = font.pointSizeF() * kLogicalDpi / 72.0;
    const int laidOut = QFontInfo(font).pixelSize();
    if (laidOut <= 0 || exact <= laidOut || text.isEmpty())
        return 0;
    const double width = QFontMetricsF(font).boundingRect(QRectF(), Qt::TextDontClip, text).width();
    return qCeil(width * (exact / laidOut - 1));
}

/// Gives `object` (a legend item's margins, a text item's padding) room on the right for `text`
/// drawn at the exact size of `font`.
template <class Object>
void ExportState::widenForExactText(Object *object, QMargins (Object::*get)() const,
                                    void (Object::*set)(const QMargins &), const QFont &font,
                                    const QString &text) {
    const int extra = exactTextExtra(font, text);
    if (extra == 0)
        return;
    const QMargins old = (object->*get)();
    m_apply.push_back(
        [object, set, wider = old + QMargins(0, 0, extra, 0)] { (object->*set)(wider); });
    m_restore.push_back([object, set, old] { (object->*set)(old); });
}

void ExportState::overrideAxis(QCPAxis *axis) {
    // QCPAxisPainterPrivate::getTickLabelData draws tick labels 0.05 pt larger than their font
    // (a workaround for a QFontMetrics rounding bug), so we ask for 0.05 pt less.
    const double tickPt = m_fontPt - 0.05;
    overrideFont(axis, &QCPAxis::tickLabelFont, &QCPAxis::setTickLabelFont, tickPt);
    overrideFont(axis, &QCPAxis::selectedTickLabelFont, &QCPAxis::setSelectedTickLabelFont, tickPt);
    overrideFont(axis, &QCPAxis::labelFont, &QCPAxis::setLabelFont);
    overrideFont(axis, &QCPAxis::selectedLabelFont, &QCPAxis::setSelectedLabelFont);
}

void ExportState::overrideFonts() {
    // elements(true) can list an element twice (an axis rect returns its inset layout's
    // children, and the grid recurses into them again); overriding twice would record the
    // export font as the "original".
    QSet<QCPLayoutElement *> seen;
    const QList<QCPLayoutElement *> elements = m_plot->plotLayout()->elements(true);
    for (QCPLayoutElement *element : elements) {
        if (!element || seen.contains(element))
            continue;
        seen.insert(element);
        if (auto *rect = qobject_cast<QCPAxisRect *>(element)) {
            for (QCPAxis *axis : rect->axes())
                overrideAxis(axis);
        } else if (auto *scale = qobject_cast<QCPColorScale *>(element)) {
            if (scale->axis())
                overrideAxis(scale->axis());
        } else if (auto *legend = qobject_cast<QCPLegend *>(element)) {
            // Icons keep their on-screen proportion to the text; otherwise the fixed 18 px
            // icon sets the row height and an 8 pt legend looks double-spaced.
            const double ratio = m_fontPt / qMax(1.0, legend->font().pointSizeF());
            // The gap between icon and text too: at slide size (18 pt) the screen's 4 px left
            // the text touching its line sample.
            const QSize icon = legend->iconSize();
            const int padding = legend->iconTextPadding();
            // Line samples at least 1.5 em long, room for two dashes: scaled from
            // the screen's 16 px, an 8 pt sample was 13 units, too short for a dash to repeat.
            const int sampleLength = qRound(1.5 * m_fontPt * kLogicalDpi / 72);
            const QSize scaled = (QSizeF(icon) * ratio).toSize();
            m_apply.push_back(
                [legend, size = QSize(std::max(scaled.width(), sampleLength), scaled.height()),
                 gap = qMax(padding, qRound(padding * ratio))] {
                    legend->setIconSize(size.expandedTo(QSize(8, 6)));
                    legend->setIconTextPadding(gap);
                });
            m_restore.push_back([legend, icon, padding] {
                legend->setIconSize(icon);
                legend->setIconTextPadding(padding);
            });
            overrideFont(legend, &QCPLegend::font, &QCPLegend::setFont);
            overrideFont(legend, &QCPLegend::selectedFont, &QCPLegend::setSelectedFont);
        } else if (auto *item = qobject_cast<QCPAbstractLegendItem *>(element)) {
            overrideFont(item, &QCPAbstractLegendItem::font, &QCPAbstractLegendItem::setFont);
            overrideFont(item, &QCPAbstractLegendItem::selectedFont,
                         &QCPAbstractLegendItem::setSelectedFont);
            if (auto *entry = qobject_cast<QCPPlottableLegendItem *>(item))
                widenForExactText<QCPLayoutElement>(
                    item, &QCPLayoutElement::margins, &QCPLayoutElement::setMargins,
                    exportFont(item->font(), m_fontPt), entry->plottable()->name());
        } else if (auto *text = qobject_cast<QCPTextElement *>(element)) {
            overrideFont(text, &QCPTextElement::font, &QCPTextElement::setFont);
            overrideFont(text, &QCPTextElement::selectedFont, &QCPTextElement::setSelectedFont);
            widenForExactText<QCPLayoutElement>(text, &QCPLayoutElement::margins,
                                                &QCPLayoutElement::setMargins,
                                                exportFont(text->font(), m_fontPt), text->text());
        }
    }
    for (int i = 0; i < m_plot->itemCount(); ++i) {
        if (auto *text = qobject_cast<QCPItemText *>(m_plot->item(i))) {
            overrideFont(text, &QCPItemText::font, &QCPItemText::setFont);
            overrideFont(text, &QCPItemText::selectedFont, &QCPItemText::setSelectedFont);
            widenForExactText(text, &QCPItemText::padding, &QCPItemText::setPadding,
                              exportFont(text->font(), m_fontPt), text->text());
        }
    }
}

} // namespace dimscope::views::figure
