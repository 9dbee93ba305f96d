// SPDX-License-Identifier: MIT
// SVG export. QSvgGenerator in Qt 6.4 writes no clipping at all, so a zoomed-in graph would spill
// over the axes. We therefore draw the layerables ourselves (as QCustomPlot::draw does), one SVG
// fragment per run of layerables sharing a clip rect, and join the fragments with real <clipPath>s.
#include "common/export/figure_files.h"
#include "common/export/figure_formats.h"
#include "common/export/figure_geometry.h"
#include "common/export/figure_metadata.h"
#include "common/export/figure_paint.h"
#include "common/plot_style.h"

#include <QBuffer>
#include <QFontInfo>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgGenerator>

#include <qcustomplot.h>

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace dimscope::views::figure {
namespace {

// QCPLayerable's draw hooks are protected; naming them through a derived class is the standard
// way to reach them without patching QCustomPlot.
struct LayerableAccess : QCPLayerable {
    static QRect clipOf(const QCPLayerable *l) { return (l->*(&LayerableAccess::clipRect))(); }
    static void drawOn(QCPLayerable *l, QCPPainter *painter) {
        (l->*(&LayerableAccess::applyDefaultAntialiasingHint))(painter);
        (l->*(&LayerableAccess::draw))(painter);
    }
};

struct SvgGroup {
    QRect clip;
    std::vector<QCPLayerable *> members;
};

QByteArray svgFragment(const std::function<void(QCPPainter &)> &draw, QSizeF logical, QSize whole) {
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setResolution(int(kLogicalDpi)); // device unit = 1/96 in, as for the other formats
    generator.setSize(whole);
    QPainter target;
    if (!target.begin(&generator))
        return {};
    // Every group the generator writes names the painter's font, drawn text or not: start from
    // the family fontconfig resolves ("DejaVu Sans"), not its alias ("Sans Serif").
    QFont font = target.font();
    font.setFamily(QFontInfo(font).family());
    target.setFont(font);
    const bool drawn = paintInFigureUnits(target, logical, whole, true, draw);
    target.end();
    return drawn ? out : QByteArray();
}

/// The <defs> content and the body of one QSvgGenerator document, ids made unique by `prefix`.
std::pair<QString, QString> svgParts(const QByteArray &svg, const QString &prefix) {
    QString text = QString::fromUtf8(svg);
    static const QRegularExpression id(QStringLiteral("id=\"([^\"]+)\""));
    static const QRegularExpression ref(QStringLiteral("(url\\(#|href=\"#)"));
    text.replace(id, QStringLiteral("id=\"%1\\1\"").arg(prefix));
    text.replace(ref, QStringLiteral("\\1%1").arg(prefix));
    const int defsOpen = text.indexOf(QLatin1String("<defs>"));
    const int defsClose = text.indexOf(QLatin1String("</defs>"));
    const int svgClose = text.lastIndexOf(QLatin1String("</svg>"));
    if (defsOpen < 0 || defsClose < defsOpen || svgClose < defsClose)
        return {};
    return {text.mid(defsOpen + 6, defsClose - defsOpen - 6),
            text.mid(defsClose + 7, svgClose - defsClose - 7)};
}

/// For the lifetime of the object, the plot is laid out on a `whole`-unit viewport with legend
/// icons that end where their clip would have ended them; afterwards it is as before.
class SvgLayout {
public:
    SvgLayout(QCustomPlot *plot, QSize whole) : m_plot(plot), m_oldViewport(plot->viewport()) {
        // QCPGraph draws its legend line 5 px past the icon and relies on a clip SVG lacks; move
        // those 5 px from the icon to the padding so the line ends where the clip would have.
        for (QCPLayoutElement *element : plot->plotLayout()->elements(true)) {
            auto *legend = qobject_cast<QCPLegend *>(element);
            if (!legend || std::any_of(m_legends.begin(), m_legends.end(),
                                       [legend](const auto &l) { return l.legend == legend; }))
                continue;
            m_legends.push_back({legend, legend->iconSize(), legend->iconTextPadding()});
            legend->setIconSize(legend->iconSize() - QSize(5, 0));
            legend->setIconTextPadding(legend->iconTextPadding() + 5);
        }
        plot->setViewport(QRect(QPoint(0, 0), whole));
        layOutNow(plot);
        // What a replot does after its layout, which the SVG's direct drawing skips: outside
        // legends choose their columns for this width (a row that fit the screen ran past a
        // one-column figure's edge) and density images bin for it.
        emit plot->afterLayout();
    }
    ~SvgLayout() {
        m_plot->setViewport(m_oldViewport);
        for (const LegendIcon &old : m_legends) {
            old.legend->setIconSize(old.iconSize);
            old.legend->setIconTextPadding(old.iconTextPadding);
        }
    }
    SvgLayout(const SvgLayout &) = delete;
    SvgLayout &operator=(const SvgLayout &) = delete;

private:
    struct LegendIcon {
        QCPLegend *legend;
        QSize iconSize;
        int iconTextPadding;
    };
    QCustomPlot *m_plot;
    QRect m_oldViewport;
    std::vector<LegendIcon> m_legends;
};

/// The visible layerables in drawing order, in runs that share one clip rect.
std::vector<SvgGroup> clipGroups(QCustomPlot *plot) {
    std::vector<SvgGroup> groups;
    for (int i = 0; i < plot->layerCount(); ++i) {
        for (QCPLayerable *child : plot->layer(i)->children()) {
            if (!child->realVisibility())
                continue;
            const QRect clip =
                LayerableAccess::clipOf(child).translated(0, -1); // as QCPLayer::draw
            if (groups.empty() || groups.back().clip != clip)
                groups.push_back({clip, {}});
            groups.back().members.push_back(child);
        }
    }
    return groups;
}

/// The whole document around the joined fragments. Width/height in exact millimetres
/// (QSvgGenerator would derive them from whole pixels), and SVG 1.1 rather than Tiny 1.2, which
/// has no clipPath.
QString svgDocument(const FigureFormat &format, QSizeF logical, const QJsonObject &provenance,
                    const QString &defs, const QString &body) {
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    return QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                          "<svg width=\"%1mm\" height=\"%2mm\" viewBox=\"0 0 %3 %4\"\n"
                          " xmlns=\"http://www.w3.org/2000/svg\" "
                          "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\">\n"
                          "<title>%5</title>\n<desc>%6</desc>\n"
                          // The record again, for tools: SVG's element for machine-readable data.
                          "<metadata id=\"dimscope-provenance\">%6</metadata>\n")
               .arg(QString::number(format.widthMm, 'g', 10),
                    QString::number(format.heightMm, 'g', 10),
                    QString::number(logical.width(), 'g', 10),
                    QString::number(logical.height(), 'g', 10), esc(metadataTitle(provenance)),
                    esc(provenanceText(provenance))) +
           QStringLiteral(
               "<defs>\n%1</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
               .arg(defs) +
           body + QStringLiteral("</svg>\n");
}

} // namespace

std::optional<QString> renderSvg(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out) {
    const QSizeF logical = logicalSize(format);
    const QSize whole = wholeUnits(logical);
    QString defs;
    QString body;
    {
        const SvgLayout layout(plot, whole);
        const std::vector<SvgGroup> groups = clipGroups(plot);
        const QRect fullClip = plot->viewport().translated(0, -1);
        const double sx = logical.width() / whole.width();
        const double sy = logical.height() / whole.height();
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const SvgGroup &group = groups[g];
            const QByteArray svg = svgFragment(
                [&group](QCPPainter &painter) {
                    for (QCPLayerable *member : group.members) {
                        painter.save();
                        painter.setClipRect(group.clip);
                        LayerableAccess::drawOn(member, &painter);
                        painter.restore();
                    }
                },
                logical, whole);
            const auto [fragmentDefs, fragmentBody] = svgParts(svg, QStringLiteral("f%1_").arg(g));
            if (fragmentBody.isEmpty())
                return fileError(path, QStringLiteral("could not draw the SVG"));
            defs += fragmentDefs;
            if (group.clip.contains(fullClip)) {
                body += fragmentBody;
                continue;
            }
            const QRectF c(group.clip.x() * sx, group.clip.y() * sy, group.clip.width() * sx,
                           group.clip.height() * sy);
            defs += QStringLiteral("<clipPath id=\"clip%1\"><rect x=\"%2\" y=\"%3\" width=\"%4\" "
                                   "height=\"%5\"/></clipPath>\n")
                        .arg(g)
                        .arg(c.x())
                        .arg(c.y())
                        .arg(c.width())
                        .arg(c.height());
            body +=
                QStringLiteral("<g clip-path=\"url(#clip%1)\">%2</g>\n").arg(g).arg(fragmentBody);
        }
    }
    out = svgDocument(format, logical, provenance, defs, body).toUtf8();
    return std::nullopt;
}

} // namespace dimscope::views::figure
