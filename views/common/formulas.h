// SPDX-License-Identifier: MIT
#pragma once
// Typeset formulas in the explanation pages. A page writes TeX between <tex> and </tex> (or
// <tex display> for a formula on its own line); resources/formulas/render.mjs turns each into an
// SVG by MathJax, committed under resources/formulas/svg and compiled in as ":/formulas/KEY.svg".
// Here each is drawn in the page's text colour and size and put in the page as an image.

#include <QColor>
#include <QHash>
#include <QImage>
#include <QString>
#include <QUrl>

namespace dimscope::views {

/// The SVG's name for a formula: the first 16 hex digits of SHA-1 over "display:" or "inline:"
/// and the TeX exactly as the page writes it (render.mjs computes the same).
QString formulaKey(const QString &tex, bool display);

/// `html` with every <tex>…</tex> replaced by an <img> of its SVG, drawn `pixelsPerEm` pixels to
/// the em in `colour` at `devicePixelRatio`; the images go into `images` under their URLs (for
/// the text browser's loadResource). A formula without its SVG (render.mjs not run after an
/// edit) shows as its TeX in italics. A display formula wider than `maxWidth` pixels (when > 0)
/// is shown scaled down to it, so that a narrow pane does not scroll sideways, and so is an
/// inline one wider than `maxWidth` less a list's indent (40 px); `widest`, when given, receives
/// the width the widest formula needs to be shown at its natural size (an inline one's with the
/// indent).
QString typesetFormulas(const QString &html, double pixelsPerEm, const QColor &colour,
                        double devicePixelRatio, QHash<QUrl, QImage> &images, int maxWidth = 0,
                        int *widest = nullptr);

} // namespace dimscope::views
