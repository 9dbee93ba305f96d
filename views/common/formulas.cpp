// SPDX-License-Identifier: MIT
#include "common/formulas.h"

#include <algorithm>

#include <cmath>
#include <optional>

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgRenderer>

namespace dimscope::views {

namespace {

/// MathJax's SVG: the viewBox counts thousandths of an em; `width` is in ex, and its ratio to the
/// viewBox width gives the ex in em (0.442 for its TeX fonts); the root's vertical-align, in ex,
/// puts the baseline.
struct FormulaSvg {
    QByteArray bytes;
    double widthEm = 0, heightEm = 0, baselineEm = 0;
};

std::optional<FormulaSvg> readFormula(const QString &key) {
    QFile file(QStringLiteral(":/formulas/%1.svg").arg(key));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    FormulaSvg svg;
    svg.bytes = file.readAll();
    const QString text = QString::fromUtf8(svg.bytes);
    static const QRegularExpression viewBox(QStringLiteral("viewBox=\"([-0-9.]+) ([-0-9.]+) "
                                                           "([0-9.]+) ([0-9.]+)\""));
    static const QRegularExpression width(QStringLiteral("width=\"([0-9.]+)ex\""));
    static const QRegularExpression align(QStringLiteral("vertical-align: ([-0-9.]+)ex"));
    const auto box = viewBox.match(text);
    const auto w = width.match(text);
    if (!box.hasMatch() || !w.hasMatch() || w.captured(1).toDouble() <= 0)
        return std::nullopt;
    svg.widthEm = box.captured(3).toDouble() / 1000;
    svg.heightEm = box.captured(4).toDouble() / 1000;
    const double emPerEx = svg.widthEm / w.captured(1).toDouble();
    const auto a = align.match(text);
    svg.baselineEm = a.hasMatch() ? -a.captured(1).toDouble() * emPerEx : 0;
    return svg;
}

QImage drawFormula(FormulaSvg svg, double pixelsPerEm, const QColor &colour, double ratio,
                   QSize &logical) {
    svg.bytes.replace("currentColor", colour.name().toLatin1());
    // Small on the screen, MathJax's hairlines (the bars of =, +, the fraction rule) fall between
    // pixels and fade: an outline of a quarter of a device pixel keeps them (viewBox units are
    // thousandths of an em).
    const double devicePerEm = pixelsPerEm * ratio;
    if (devicePerEm < 24)
        svg.bytes.replace("stroke-width=\"0\"",
                          "stroke-width=\"" + QByteArray::number(qRound(250 / devicePerEm)) + '"');
    QSvgRenderer renderer(svg.bytes);
    logical = QSize(int(std::ceil(svg.widthEm * pixelsPerEm)),
                    int(std::ceil(svg.heightEm * pixelsPerEm)));
    QImage image(logical * ratio, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())));
    painter.end();
    image.setDevicePixelRatio(ratio);
    return image;
}

QString escaped(const QString &tex) { return tex.toHtmlEscaped(); }

/// An inline formula may stand in a list item, indented by QTextDocument's indent width (40 px
/// by default): it keeps that much inside the limit a display formula has.
constexpr int kListIndent = 40;

/// Inline formulas at this share of the text's em.
constexpr double kInlineScale = 0.9;

} // namespace

QString formulaKey(const QString &tex, bool display) {
    const QByteArray text =
        (display ? QByteArrayLiteral("display:") : QByteArrayLiteral("inline:")) + tex.toUtf8();
    return QString::fromLatin1(
        QCryptographicHash::hash(text, QCryptographicHash::Sha1).toHex().left(16));
}

QString typesetFormulas(const QString &html, double pixelsPerEm, const QColor &colour,
                        double devicePixelRatio, QHash<QUrl, QImage> &images, int maxWidth,
                        int *widest) {
    if (widest)
        *widest = 0;
    static const QRegularExpression tag(QStringLiteral("<tex( display)?>([\\s\\S]*?)</tex>"));
    QString out;
    qsizetype done = 0;
    for (auto it = tag.globalMatch(html); it.hasNext();) {
        const auto match = it.next();
        out += html.mid(done, match.capturedStart() - done);
        done = match.capturedEnd();
        const bool display = match.capturedLength(1) > 0;
        const QString tex = match.captured(2);
        const QString key = formulaKey(tex, display);
        const auto svg = readFormula(key);
        if (!svg) { // the page was edited without render.mjs: the TeX, readable still
            out += QStringLiteral("<i>%1</i>").arg(tex);
            continue;
        }
        // TeX's glyphs are larger than a sans-serif text's of the same em: inline, a size smaller.
        const double perEm = display ? pixelsPerEm : pixelsPerEm * kInlineScale;
        const int natural = int(std::ceil(svg->widthEm * perEm));
        if (widest)
            *widest = std::max(*widest, natural + (display ? 0 : kListIndent));
        const int room = display ? maxWidth : std::max(maxWidth / 2, maxWidth - kListIndent);
        // Too wide: drawn at the smaller size it is shown at. Drawn large and shown smaller, its
        // thin strokes faded out (the two bars of = read as one, −).
        const double shownPerEm = maxWidth > 0 && natural > room ? perEm * room / natural : perEm;
        QSize logical;
        const QImage image = drawFormula(*svg, shownPerEm, colour, devicePixelRatio, logical);
        const QUrl url(QStringLiteral("formula:%1").arg(key));
        images.insert(url, image);
        // Inline formulas sit on the text's baseline: Qt aligns an image's bottom to it, so
        // an image reaching below the baseline goes "middle", which is close for most formulas.
        const bool descends = svg->baselineEm > 0.05;
        const QString img =
            QStringLiteral("<img src=\"%1\" width=\"%2\" height=\"%3\" alt=\"%4\"%5>")
                .arg(url.toString())
                .arg(logical.width())
                .arg(logical.height())
                .arg(escaped(tex), !display && descends
                                       ? QStringLiteral(" style=\"vertical-align: middle\"")
                                       : QString());
        // The punctuation after an inline formula stays on its line: a line began with ", one".
        qsizetype punctuation = 0;
        while (!display && done + punctuation < html.size() &&
               QStringLiteral(",.;:)").contains(html.at(done + punctuation)))
            ++punctuation;
        if (punctuation == 0) {
            out += img;
            continue;
        }
        // A word joiner (U+2060) forbids the break; Qt ignores white-space: nowrap in a span.
        out += img + QStringLiteral("&#x2060;") + html.mid(done, punctuation);
        done += punctuation;
    }
    out += html.mid(done);
    return out;
}

} // namespace dimscope::views
