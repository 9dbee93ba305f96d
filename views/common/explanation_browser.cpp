// SPDX-License-Identifier: MIT
#include "common/explanation_browser.h"

#include <algorithm>
#include <cmath>

#include <QEvent>
#include <QFile>
#include <QFontMetricsF>
#include <QScrollBar>

#include "common/formulas.h"

namespace dimscope::views {

namespace {

/// MathJax's TeX fonts have an x-height of 0.442 em; like MathJax in a browser, the formulas are
/// scaled so that their x-height matches the text's.
constexpr double kTexXHeightEm = 0.442;

} // namespace

ExplanationBrowser::ExplanationBrowser(const QString &name, QWidget *parent)
    : QTextBrowser(parent) {
    QFile page(QStringLiteral(":/explanations/%1.html").arg(name));
    if (page.open(QIODevice::ReadOnly))
        m_page = QString::fromUtf8(page.readAll());
    typeset();
}

QVariant ExplanationBrowser::loadResource(int type, const QUrl &name) {
    if (type == QTextDocument::ImageResource && name.scheme() == QLatin1String("formula"))
        return m_formulas.value(name);
    return QTextBrowser::loadResource(type, name);
}

void ExplanationBrowser::changeEvent(QEvent *event) {
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        typeset();
}

void ExplanationBrowser::resizeEvent(QResizeEvent *event) {
    QTextBrowser::resizeEvent(event);
    typeset(); // only when the formulas' width limit changes what is shown
}

int ExplanationBrowser::formulaWidthLimit() const {
    const int width = viewport()->width() - 2 * int(std::ceil(document()->documentMargin())) - 4;
    // In steps of 16 px, so that dragging a splitter typesets again every 16 px, not every pixel.
    return std::max(48, width / 16 * 16);
}

void ExplanationBrowser::typeset() {
    const QColor colour = palette().color(QPalette::Text);
    const int pixelSize = QFontInfo(font()).pixelSize();
    const int limit = formulaWidthLimit();
    const bool sameLook = colour == m_drawnIn && pixelSize == m_drawnAt && !m_formulas.isEmpty();
    // The limit matters only where a formula is wider than the pane.
    const int cap = sameLook && limit >= m_widest ? 0 : limit;
    if (sameLook && cap == m_cappedAt)
        return;
    m_drawnIn = colour;
    m_drawnAt = pixelSize;
    const double pixelsPerEm = QFontMetricsF(font()).xHeight() / kTexXHeightEm;
    m_formulas.clear();
    const int scroll = verticalScrollBar()->value();
    setHtml(typesetFormulas(m_page, pixelsPerEm, colour, devicePixelRatioF(), m_formulas, limit,
                            &m_widest));
    m_cappedAt = limit >= m_widest ? 0 : limit;
    verticalScrollBar()->setValue(scroll);
}

} // namespace dimscope::views
