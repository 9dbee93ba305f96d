// SPDX-License-Identifier: MIT
#include "figure_export.h"

#include <QBuffer>
#include <QDateTime>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QRect>
#include <QSaveFile>
#include <QSet>
#include <QSvgGenerator>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace dimscope::views {
namespace {

// The logical coordinate system every format is drawn in: 1 unit = 1/96 in, the unit QCustomPlot's
// pixel-valued pens, paddings and tick lengths were designed for, so a figure looks like the screen.
constexpr double kLogicalDpi = 96.0;
constexpr double kMmPerInch = 25.4;
constexpr double kMetersPerInch = 0.0254;
// A bigger PNG is almost certainly a typo (1000 mm at 2400 dpi would need 35 GB of memory).
constexpr double kMaxPngPixels = 250e6;

enum class FigureType { Pdf, Svg, Png };

std::optional<FigureType> figureType(const QString &path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf"))
        return FigureType::Pdf;
    if (suffix == QLatin1String("svg"))
        return FigureType::Svg;
    if (suffix == QLatin1String("png"))
        return FigureType::Png;
    return std::nullopt;
}

QString rangeProblem(const char *field, double value, double lo, double hi, const char *unit) {
    // Written as !(in range) so NaN is refused too.
    if (value >= lo && value <= hi)
        return {};
    return QStringLiteral("%1 must be between %2 and %3 %4 (got %5).")
        .arg(QLatin1String(field))
        .arg(lo)
        .arg(hi)
        .arg(QLatin1String(unit))
        .arg(value);
}

QString fileError(const QString &path, const QString &problem) {
    return QStringLiteral("Cannot export “%1”: %2").arg(QDir::toNativeSeparators(path), problem);
}

/// A file's full content, written only once every file of an export has been prepared.
struct PendingFile {
    QString path;
    QByteArray bytes;
};

// All files are opened and written before any is committed, so a directory in the way of the
// sidecar (say) is found before the figure replaces the old one.
std::optional<QString> writeAtomically(const std::vector<PendingFile> &files) {
    std::vector<std::unique_ptr<QSaveFile>> savers;
    for (const PendingFile &file : files) {
        auto saver = std::make_unique<QSaveFile>(file.path);
        if (!saver->open(QIODevice::WriteOnly))
            return fileError(file.path, saver->errorString());
        if (saver->write(file.bytes) != file.bytes.size())
            return fileError(file.path, saver->errorString());
        savers.push_back(std::move(saver));
    }
    for (std::size_t i = 0; i < savers.size(); ++i) {
        if (!savers[i]->commit())
            return fileError(files[i].path, savers[i]->errorString());
    }
    return std::nullopt;
}

QByteArray sidecar(const QJsonObject &provenance, const QString &path, QJsonObject extra) {
    extra.insert(QStringLiteral("file"), QFileInfo(path).fileName());
    extra.insert(QStringLiteral("provenance"), provenance);
    extra.insert(QStringLiteral("exportedAt"),
                 QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    return QJsonDocument(extra).toJson(QJsonDocument::Indented);
}

QString metadataTitle(const QJsonObject &provenance) {
    const QString explorer = provenance.value(QStringLiteral("explorer")).toString();
    return explorer.isEmpty() ? QStringLiteral("dimscope figure")
                              : QStringLiteral("dimscope: %1").arg(explorer);
}

QString metadataCreator(const QJsonObject &provenance) {
    const QString version = provenance.value(QStringLiteral("version")).toString();
    return version.isEmpty() ? QStringLiteral("dimscope") : QStringLiteral("dimscope %1").arg(version);
}

QString provenanceText(const QJsonObject &provenance) {
    return QString::fromUtf8(QJsonDocument(provenance).toJson(QJsonDocument::Compact));
}

// QPdfWriter has no Subject field in Qt 6.4; XMP's dc:description is what PDF readers show as
// the subject, so we write the whole XMP packet ourselves.
QByteArray xmpPacket(const QString &title, const QString &creator, const QString &description) {
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    const QString xmp = QStringLiteral(
        "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>\n"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'>\n"
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
        "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'"
        " xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmlns:pdf='http://ns.adobe.com/pdf/1.3/'>\n"
        "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>%1</rdf:li></rdf:Alt></dc:title>\n"
        "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>%3</rdf:li></rdf:Alt>"
        "</dc:description>\n"
        "<xmp:CreatorTool>%2</xmp:CreatorTool>\n"
        "<pdf:Producer>%2</pdf:Producer>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>")
                            .arg(esc(title), esc(creator), esc(description));
    return xmp.toUtf8();
}

/// Puts the plot into export state (one font size, no adaptive sampling) and back again.
/// Fonts become point sizes resolved for a 96-dpi device: QCustomPlot measures text with
/// QFontMetrics(font), which would otherwise use the screen's DPI and disagree with the drawing.
class ExportState {
public:
    ExportState(QCustomPlot *plot, double fontPt)
        : m_plot(plot), m_dpiReference(1, 1, QImage::Format_RGB32), m_fontPt(fontPt) {
        const int dotsPerMeter = qRound(kLogicalDpi / kMetersPerInch);
        m_dpiReference.setDotsPerMeterX(dotsPerMeter);
        m_dpiReference.setDotsPerMeterY(dotsPerMeter);
        // Every original is read before anything is set: QCPLegend::setFont also sets its items'
        // fonts, so reading an item after the legend would record the export font.
        overrideFonts();
        for (const auto &apply : m_apply)
            apply();
        for (int i = 0; i < plot->graphCount(); ++i) {
            QCPGraph *graph = plot->graph(i);
            const bool old = graph->adaptiveSampling();
            graph->setAdaptiveSampling(false);
            m_restore.push_back([graph, old] { graph->setAdaptiveSampling(old); });
        }
    }
    ~ExportState() {
        // Forward order on purpose: QCPLegend::setFont overwrites its items' fonts, so the legend
        // is restored before its items (which come after it in the layout's element list).
        for (const auto &restore : m_restore)
            restore();
        // toPainter left the layout computed for the export size; lay out for the screen again.
        m_plot->replot();
    }
    ExportState(const ExportState &) = delete;
    ExportState &operator=(const ExportState &) = delete;

private:
    QFont exportFont(QFont font, double pt) const {
        font.setPointSizeF(pt);
        return QFont(font, &m_dpiReference);
    }
    template <class Object>
    void overrideFont(Object *object, QFont (Object::*get)() const, void (Object::*set)(const QFont &),
                      double pt) {
        const QFont old = (object->*get)();
        m_apply.push_back([object, set, font = exportFont(old, pt)] { (object->*set)(font); });
        m_restore.push_back([object, set, old] { (object->*set)(old); });
    }
    template <class Object>
    void overrideFont(Object *object, QFont (Object::*get)() const, void (Object::*set)(const QFont &)) {
        overrideFont(object, get, set, m_fontPt);
    }
    void overrideAxis(QCPAxis *axis) {
        // QCPAxisPainterPrivate::getTickLabelData draws tick labels 0.05 pt larger than their font
        // (a workaround for a QFontMetrics rounding bug), so we ask for 0.05 pt less.
        const double tickPt = m_fontPt - 0.05;
        overrideFont(axis, &QCPAxis::tickLabelFont, &QCPAxis::setTickLabelFont, tickPt);
        overrideFont(axis, &QCPAxis::selectedTickLabelFont, &QCPAxis::setSelectedTickLabelFont, tickPt);
        overrideFont(axis, &QCPAxis::labelFont, &QCPAxis::setLabelFont);
        overrideFont(axis, &QCPAxis::selectedLabelFont, &QCPAxis::setSelectedLabelFont);
    }
    void overrideFonts() {
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
                const QSize icon = legend->iconSize();
                m_apply.push_back([legend, size = (QSizeF(icon) * ratio).toSize()] {
                    legend->setIconSize(size.expandedTo(QSize(8, 6)));
                });
                m_restore.push_back([legend, icon] { legend->setIconSize(icon); });
                overrideFont(legend, &QCPLegend::font, &QCPLegend::setFont);
                overrideFont(legend, &QCPLegend::selectedFont, &QCPLegend::setSelectedFont);
            } else if (auto *item = qobject_cast<QCPAbstractLegendItem *>(element)) {
                overrideFont(item, &QCPAbstractLegendItem::font, &QCPAbstractLegendItem::setFont);
                overrideFont(item, &QCPAbstractLegendItem::selectedFont,
                             &QCPAbstractLegendItem::setSelectedFont);
            } else if (auto *text = qobject_cast<QCPTextElement *>(element)) {
                overrideFont(text, &QCPTextElement::font, &QCPTextElement::setFont);
                overrideFont(text, &QCPTextElement::selectedFont, &QCPTextElement::setSelectedFont);
            }
        }
        for (int i = 0; i < m_plot->itemCount(); ++i) {
            if (auto *text = qobject_cast<QCPItemText *>(m_plot->item(i))) {
                overrideFont(text, &QCPItemText::font, &QCPItemText::setFont);
                overrideFont(text, &QCPItemText::selectedFont, &QCPItemText::setSelectedFont);
            }
        }
    }

    QCustomPlot *m_plot;
    QImage m_dpiReference; ///< only its DPI matters: fonts are resolved for it
    double m_fontPt = 9;
    std::vector<std::function<void()>> m_apply;
    std::vector<std::function<void()>> m_restore;
};

/// Draws the plot onto an active painter whose (transformed) device is `deviceSize` units of
/// 1/96 in, not necessarily whole numbers, and whose logical DPI is 96.
void drawPlot(QCustomPlot *plot, QCPPainter &painter, QSizeF deviceSize, bool vector) {
    // toPainter takes whole logical pixels; the small remaining stretch (< 0.2 %) makes the drawing
    // fill the page exactly instead of leaving a sliver.
    const int w = qMax(1, qRound(deviceSize.width()));
    const int h = qMax(1, qRound(deviceSize.height()));
    painter.fillRect(QRectF(QPointF(0, 0), deviceSize), Qt::white);
    painter.scale(deviceSize.width() / w, deviceSize.height() / h);
    // Cosmetic pens (width 0) would be a one-device-pixel hairline: invisible at 1200 dpi print.
    painter.setMode(QCPPainter::pmNonCosmetic);
    painter.setMode(QCPPainter::pmVectorized, vector);
    plot->toPainter(&painter, w, h);
}

std::optional<QString> renderPdf(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out) {
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    // At 96 dpi the device unit is the logical unit, so point-size fonts resolve exactly.
    writer.setResolution(int(kLogicalDpi));
    const QPageSize pageSize(QSizeF(format.widthMm, format.heightMm), QPageSize::Millimeter, QString(),
                             QPageSize::ExactMatch);
    // Portrait keeps the size as given; Landscape would swap a wide custom page to tall.
    if (!writer.setPageLayout(QPageLayout(pageSize, QPageLayout::Portrait, QMarginsF())))
        return fileError(path, QStringLiteral("the PDF page size was refused"));
    const QString title = metadataTitle(provenance);
    const QString creator = metadataCreator(provenance);
    writer.setTitle(title);
    writer.setCreator(creator);
    writer.setDocumentXmpMetadata(xmpPacket(title, creator, provenanceText(provenance)));
    QCPPainter painter;
    if (!painter.begin(&writer))
        return fileError(path, QStringLiteral("could not start drawing the PDF"));
    // The page is whole points (QPageSize rounds), so fill that page rather than the request.
    const QSizeF pagePt = writer.pageLayout().fullRectPoints().size();
    drawPlot(plot, painter, pagePt * (kLogicalDpi / 72.0), true);
    if (!painter.end())
        return fileError(path, QStringLiteral("could not finish the PDF"));
    return std::nullopt;
}

// QSvgGenerator in Qt 6.4 writes no clipping at all, so a zoomed-in graph would spill over the
// axes. We therefore draw the layerables ourselves (as QCustomPlot::draw does), one SVG fragment
// per run of layerables sharing a clip rect, and join the fragments with real <clipPath>s.
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
    QCPPainter painter;
    if (!painter.begin(&generator))
        return {};
    painter.scale(logical.width() / whole.width(), logical.height() / whole.height());
    painter.setMode(QCPPainter::pmNonCosmetic);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    draw(painter);
    painter.end();
    return out;
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

std::optional<QString> renderSvg(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out) {
    const QSizeF logical(format.widthMm / kMmPerInch * kLogicalDpi,
                         format.heightMm / kMmPerInch * kLogicalDpi);
    const QSize whole(qMax(1, qRound(logical.width())), qMax(1, qRound(logical.height())));
    // QCPGraph draws its legend line 5 px past the icon and relies on a clip SVG lacks; move those
    // 5 px from the icon to the padding so the line ends where the clip would have ended it.
    std::vector<std::pair<QCPLegend *, std::pair<QSize, int>>> legends;
    for (QCPLayoutElement *element : plot->plotLayout()->elements(true)) {
        auto *legend = qobject_cast<QCPLegend *>(element);
        if (!legend || std::any_of(legends.begin(), legends.end(),
                                   [legend](const auto &l) { return l.first == legend; }))
            continue;
        legends.push_back({legend, {legend->iconSize(), legend->iconTextPadding()}});
        legend->setIconSize(legend->iconSize() - QSize(5, 0));
        legend->setIconTextPadding(legend->iconTextPadding() + 5);
    }
    const auto restoreLegends = [&legends] {
        for (const auto &[legend, old] : legends) {
            legend->setIconSize(old.first);
            legend->setIconTextPadding(old.second);
        }
    };
    const QRect oldViewport = plot->viewport();
    plot->setViewport(QRect(QPoint(0, 0), whole));
    plot->plotLayout()->update(QCPLayoutElement::upPreparation);
    plot->plotLayout()->update(QCPLayoutElement::upMargins);
    plot->plotLayout()->update(QCPLayoutElement::upLayout);

    std::vector<SvgGroup> groups;
    for (int i = 0; i < plot->layerCount(); ++i) {
        for (QCPLayerable *child : plot->layer(i)->children()) {
            if (!child->realVisibility())
                continue;
            const QRect clip = LayerableAccess::clipOf(child).translated(0, -1); // as QCPLayer::draw
            if (groups.empty() || groups.back().clip != clip)
                groups.push_back({clip, {}});
            groups.back().members.push_back(child);
        }
    }
    const QRect fullClip = plot->viewport().translated(0, -1);
    const double sx = logical.width() / whole.width();
    const double sy = logical.height() / whole.height();
    QString defs;
    QString body;
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
        if (fragmentBody.isEmpty()) {
            plot->setViewport(oldViewport);
            restoreLegends();
            return fileError(path, QStringLiteral("could not draw the SVG"));
        }
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
        body += QStringLiteral("<g clip-path=\"url(#clip%1)\">%2</g>\n").arg(g).arg(fragmentBody);
    }
    plot->setViewport(oldViewport);
    restoreLegends();

    // Width/height in exact millimetres (QSvgGenerator would derive them from whole pixels), and
    // SVG 1.1 rather than Tiny 1.2, which has no clipPath.
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    const QString document =
        QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
                       "<svg width=\"%1mm\" height=\"%2mm\" viewBox=\"0 0 %3 %4\"\n"
                       " xmlns=\"http://www.w3.org/2000/svg\" "
                       "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\">\n"
                       "<title>%5</title>\n<desc>%6</desc>\n")
            .arg(QString::number(format.widthMm, 'g', 10), QString::number(format.heightMm, 'g', 10),
                 QString::number(logical.width(), 'g', 10), QString::number(logical.height(), 'g', 10),
                 esc(metadataTitle(provenance)), esc(provenanceText(provenance))) +
        QStringLiteral("<defs>\n%1</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
            .arg(defs) +
        body + QStringLiteral("</svg>\n");
    out = document.toUtf8();
    return std::nullopt;
}

std::optional<QString> renderPng(QCustomPlot *plot, const FigureFormat &format, const QString &path,
                                 const QJsonObject &provenance, QByteArray &out) {
    const QSize pixels(qRound(format.widthMm / kMmPerInch * format.dpi),
                       qRound(format.heightMm / kMmPerInch * format.dpi));
    if (double(pixels.width()) * pixels.height() > kMaxPngPixels) {
        return fileError(path, QStringLiteral("%1 × %2 pixels is too large; lower the DPI or the size.")
                                   .arg(pixels.width())
                                   .arg(pixels.height()));
    }
    QImage image(pixels, QImage::Format_RGB32);
    if (image.isNull())
        return fileError(path, QStringLiteral("not enough memory for the image"));
    // Drawn at a logical 96 dpi (so fonts resolve like on the other devices), stored at the
    // requested DPI afterwards.
    const int logicalDpm = qRound(kLogicalDpi / kMetersPerInch);
    image.setDotsPerMeterX(logicalDpm);
    image.setDotsPerMeterY(logicalDpm);
    {
        QCPPainter painter;
        if (!painter.begin(&image))
            return fileError(path, QStringLiteral("could not start drawing the PNG"));
        const QSizeF logical(format.widthMm / kMmPerInch * kLogicalDpi,
                             format.heightMm / kMmPerInch * kLogicalDpi);
        // Scale so the whole-pixel image is filled exactly.
        painter.scale(pixels.width() / logical.width(), pixels.height() / logical.height());
        drawPlot(plot, painter, logical, false);
        painter.end();
    }
    const int dpm = qRound(format.dpi / kMetersPerInch);
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setText(QStringLiteral("Title"), metadataTitle(provenance));
    writer.setText(QStringLiteral("Software"), metadataCreator(provenance));
    writer.setText(QStringLiteral("Description"), provenanceText(provenance));
    if (!writer.write(image))
        return fileError(path, writer.errorString());
    return std::nullopt;
}

// ---- CSV ----

QString csvField(const QString &value) {
    static const QRegularExpression special(QStringLiteral("[\",\r\n]"));
    if (!value.contains(special))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvNumber(double v) {
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', 17);
}

struct CsvRow {
    double x = 0;
    double y = 0;
    double yLow = 0;
    double yHigh = 0;
    bool hasError = false;
};

struct CsvSeries {
    QString name;
    QString kind;
    std::vector<CsvRow> rows;
};

QCPErrorBars *valueErrorBarsOf(QCustomPlot *plot, QCPAbstractPlottable *target) {
    for (int i = 0; i < plot->plottableCount(); ++i) {
        auto *bars = qobject_cast<QCPErrorBars *>(plot->plottable(i));
        if (bars && bars->dataPlottable() == target && bars->errorType() == QCPErrorBars::etValueError)
            return bars;
    }
    return nullptr;
}

template <class Container>
std::vector<CsvRow> rowsOf(const Container &data, QCPErrorBars *errors) {
    std::vector<CsvRow> rows;
    rows.reserve(std::size_t(data.size()));
    const int errorCount = errors ? errors->dataCount() : 0;
    int index = 0;
    for (auto it = data.constBegin(); it != data.constEnd(); ++it, ++index) {
        CsvRow row{it->mainKey(), it->mainValue()};
        if (index < errorCount) {
            const QCPErrorBarsData &e = errors->data()->at(index);
            row.yLow = row.y - e.errorMinus;
            row.yHigh = row.y + e.errorPlus;
            row.hasError = true;
        }
        rows.push_back(row);
    }
    return rows;
}

std::vector<CsvSeries> seriesOf(QCustomPlot *plot) {
    std::vector<CsvSeries> out;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable *p = plot->plottable(i);
        if (!p->visible() || qobject_cast<QCPErrorBars *>(p))
            continue;
        CsvSeries series;
        QCPErrorBars *errors = valueErrorBarsOf(plot, p);
        if (auto *graph = qobject_cast<QCPGraph *>(p)) {
            series.kind = graph->lineStyle() == QCPGraph::lsNone ? QStringLiteral("scatter")
                                                                 : QStringLiteral("line");
            series.rows = rowsOf(*graph->data(), errors);
        } else if (auto *bars = qobject_cast<QCPBars *>(p)) {
            series.kind = QStringLiteral("bars");
            series.rows = rowsOf(*bars->data(), errors);
        } else if (auto *curve = qobject_cast<QCPCurve *>(p)) {
            series.kind = QStringLiteral("curve");
            series.rows = rowsOf(*curve->data(), errors);
        } else {
            continue; // colour maps, boxes and financial charts are not point series
        }
        series.name = p->name().isEmpty() ? QStringLiteral("series %1").arg(out.size() + 1) : p->name();
        out.push_back(std::move(series));
    }
    return out;
}

} // namespace

std::optional<QString> validate(const FigureFormat &format) {
    QStringList problems;
    for (const QString &p : {rangeProblem("Width", format.widthMm, 10, 1000, "mm"),
                             rangeProblem("Height", format.heightMm, 10, 1000, "mm"),
                             rangeProblem("Font size", format.fontPt, 4, 48, "pt"),
                             rangeProblem("Resolution", format.dpi, 50, 2400, "dpi")}) {
        if (!p.isEmpty())
            problems << p;
    }
    if (problems.isEmpty())
        return std::nullopt;
    return problems.join(QLatin1Char(' '));
}

QStringList figureSuffixes() {
    return {QStringLiteral("pdf"), QStringLiteral("svg"), QStringLiteral("png")};
}

std::optional<QString> exportFigure(QCustomPlot *plot, const QString &path, const FigureFormat &format,
                                    const QJsonObject &provenance) {
    if (!plot)
        return fileError(path, QStringLiteral("there is no plot to export."));
    if (const auto problem = validate(format))
        return fileError(path, *problem);
    const auto type = figureType(path);
    if (!type) {
        return fileError(path, QStringLiteral("unknown file type “.%1”; use .pdf, .svg or .png.")
                                   .arg(QFileInfo(path).suffix()));
    }

    QByteArray bytes;
    std::optional<QString> problem;
    {
        ExportState state(plot, format.fontPt);
        switch (*type) {
        case FigureType::Pdf: problem = renderPdf(plot, format, path, provenance, bytes); break;
        case FigureType::Svg: problem = renderSvg(plot, format, path, provenance, bytes); break;
        case FigureType::Png: problem = renderPng(plot, format, path, provenance, bytes); break;
        }
    }
    if (problem)
        return problem;

    QJsonObject formatJson{{QStringLiteral("type"), QFileInfo(path).suffix().toLower()},
                           {QStringLiteral("widthMm"), format.widthMm},
                           {QStringLiteral("heightMm"), format.heightMm},
                           {QStringLiteral("fontPt"), format.fontPt}};
    if (*type == FigureType::Png) {
        formatJson.insert(QStringLiteral("dpi"), format.dpi);
        formatJson.insert(QStringLiteral("pixels"),
                          QJsonArray{qRound(format.widthMm / kMmPerInch * format.dpi),
                                     qRound(format.heightMm / kMmPerInch * format.dpi)});
    }
    const QString sidecarPath = path + QStringLiteral(".json");
    return writeAtomically(
        {{path, bytes},
         {sidecarPath, sidecar(provenance, path, {{QStringLiteral("format"), formatJson}})}});
}

std::optional<QString> exportCsv(const QList<QPair<QString, QCustomPlot *>> &plots, const QString &path,
                                 const QJsonObject &provenance) {
    struct Named {
        QString plot;
        std::vector<CsvSeries> series;
    };
    std::vector<Named> all;
    bool anyErrors = false;
    for (const auto &[name, plot] : plots) {
        if (!plot)
            continue;
        Named named{name, seriesOf(plot)};
        for (const CsvSeries &s : named.series) {
            for (const CsvRow &row : s.rows)
                anyErrors = anyErrors || row.hasError;
        }
        all.push_back(std::move(named));
    }

    // RFC 4180: CRLF line ends, quoted fields only where needed.
    QStringList columns{QStringLiteral("plot"), QStringLiteral("series"), QStringLiteral("kind"),
                        QStringLiteral("x"), QStringLiteral("y")};
    if (anyErrors)
        columns << QStringLiteral("y_low") << QStringLiteral("y_high");
    QString text = columns.join(QLatin1Char(',')) + QLatin1String("\r\n");
    int rowCount = 0;
    for (const Named &named : all) {
        for (const CsvSeries &s : named.series) {
            const QString prefix = csvField(named.plot) + QLatin1Char(',') + csvField(s.name) +
                                   QLatin1Char(',') + s.kind + QLatin1Char(',');
            for (const CsvRow &row : s.rows) {
                text += prefix + csvNumber(row.x) + QLatin1Char(',') + csvNumber(row.y);
                if (anyErrors) {
                    text += row.hasError ? QLatin1Char(',') + csvNumber(row.yLow) + QLatin1Char(',') +
                                               csvNumber(row.yHigh)
                                         : QStringLiteral(",,");
                }
                text += QLatin1String("\r\n");
                ++rowCount;
            }
        }
    }

    QJsonArray plotNames;
    for (const Named &named : all)
        plotNames.append(named.plot);
    const QJsonObject extra{{QStringLiteral("format"), QStringLiteral("csv")},
                            {QStringLiteral("columns"), QJsonArray::fromStringList(columns)},
                            {QStringLiteral("plots"), plotNames},
                            {QStringLiteral("rows"), rowCount}};
    return writeAtomically({{path, text.toUtf8()},
                            {path + QStringLiteral(".json"), sidecar(provenance, path, extra)}});
}

} // namespace dimscope::views
