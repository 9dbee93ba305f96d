// SPDX-License-Identifier: MIT
// Figure and data export: the numbers that matter to a paper author are checked in the files
// themselves (page size, viewBox, pixels, DPI, font sizes, metadata), not in our own state.
// Set DIMSCOPE_EXPORT_REVIEW_DIR to also keep one-column PDF/SVG/PNG there for a visual review.

#include "common/export/figure_export.h"
#include "common/export/figure_export_state.h"
#include "common/export/figure_preview.h"
#include "common/plot_style.h"
#include "view_test_support.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTransform>
#include <QXmlStreamReader>
#include <QtEndian>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>
#include <memory>
#include <random>

using namespace dimscope::views;

namespace {

constexpr int kLinePoints = 60;
constexpr int kScatterPoints = 25;
constexpr int kBars = 8;

QJsonObject provenance() {
    return QJsonObject{{"explorer", "angles"},
                       {"version", "0.1.0"},
                       {"params", QJsonObject{{"dimension", 100}, {"seed", 42}}}};
}

/// A plot like the explorers draw: line, scatter with error bars, bars, legend, labels, title.
std::unique_ptr<QCustomPlot> makePlot() {
    auto plot = std::make_unique<QCustomPlot>();
    plot->resize(640, 420);
    QFont font = plot->font();
    font.setPointSizeF(9.5);
    plot->xAxis->setTickLabelFont(font);
    plot->yAxis->setTickLabelFont(font);
    plot->xAxis->setLabelFont(font);
    plot->yAxis->setLabelFont(font);
    plot->legend->setFont(font);

    QCPGraph *line = plot->addGraph();
    line->setName("theory, exact");
    line->setPen(QPen(QColor(20, 20, 20), 1.8));
    for (int i = 0; i < kLinePoints; ++i) {
        const double x = -1.0 + 2.0 * i / (kLinePoints - 1);
        line->addData(x, 1.2 * std::exp(-x * x * 4.0));
    }
    QCPGraph *scatter = plot->addGraph();
    scatter->setName("simulation \"n=100\"");
    scatter->setLineStyle(QCPGraph::lsNone);
    scatter->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(0, 114, 178), 5));
    for (int i = 0; i < kScatterPoints; ++i) {
        const double x = -0.96 + 1.92 * i / (kScatterPoints - 1);
        scatter->addData(x, 1.2 * std::exp(-x * x * 4.0) + 0.03 * std::sin(7.0 * i));
    }
    auto *errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
    errors->setDataPlottable(scatter);
    errors->removeFromLegend();
    for (int i = 0; i < kScatterPoints; ++i)
        errors->addData(0.05, 0.08);
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName("histogram");
    bars->setWidth(0.2);
    bars->setBrush(QColor(0, 158, 115, 70));
    for (int i = 0; i < kBars; ++i)
        bars->addData(-0.7 + 0.2 * i, 0.2 + 0.1 * i);

    plot->xAxis->setLabel("cos θ");
    plot->yAxis->setLabel("density");
    plot->xAxis->setRange(-1.05, 1.05);
    plot->yAxis->setRange(0, 1.45);
    plot->legend->setVisible(true);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0,
                                   new QCPTextElement(plot.get(), "Angles between random vectors",
                                                      QFont(font.family(), 11, QFont::Bold)));
    auto *note = new QCPItemText(plot.get());
    note->position->setCoords(-0.7, 1.3);
    note->setText("n = 100");
    note->setFont(font);
    plot->replot();
    return plot;
}

QByteArray readAll(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QJsonObject readJson(const QString &path) {
    return QJsonDocument::fromJson(readAll(path)).object();
}

FigureFormat oneColumn() { return FigureFormat{85, 60, 8, 300}; }

/// The scale a transform applies to areas, as one length factor (exact for a rotation with a
/// uniform scale, which is what text gets).
double lengthScale(const QTransform &t) {
    return std::sqrt(std::abs(t.m11() * t.m22() - t.m12() * t.m21()));
}

/// The inflated page content of a one-page PDF written by QPdfWriter (FlateDecode).
QByteArray pdfPageContent(const QByteArray &pdf) {
    const auto contents =
        QRegularExpression(R"(/Contents\s+(\d+)\s+0\s+R)").match(QString::fromLatin1(pdf));
    if (!contents.hasMatch())
        return {};
    const QByteArray header = "\n" + contents.captured(1).toLatin1() + " 0 obj";
    const qsizetype object = pdf.indexOf(header);
    const qsizetype start = pdf.indexOf("stream\n", object);
    const qsizetype end = pdf.indexOf("endstream", start);
    if (object < 0 || start < 0 || end < 0)
        return {};
    const QByteArray deflated = pdf.mid(start + 7, end - start - 7);
    // qUncompress wants zlib data behind a 4-byte expected size; it grows the buffer as needed.
    QByteArray framed(4, '\0');
    qToBigEndian<quint32>(quint32(deflated.size() * 8), framed.data());
    return qUncompress(framed + deflated);
}

/// The size in pt every text of a PDF is drawn at: each Tf size times the scale of the text
/// matrix (Tm) and the current transformation matrix (q/Q/cm), on a page in points.
QList<double> pdfFontSizes(const QByteArray &pdf) {
    // Arrays, hex strings, literal strings, names, numbers, operators. (No raw string here: one
    // with quotes in it makes moc skip the file.)
    static const QRegularExpression token(QStringLiteral(
        "\\[[^\\]]*\\]|<[0-9A-Fa-f\\s]*>|\\((?:\\\\.|[^\\\\)])*\\)|/[^\\s/\\[\\]<>()]+|"
        "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)|[A-Za-z\x27\x22*]+"));
    const QString content = QString::fromLatin1(pdfPageContent(pdf));
    QList<double> sizes;
    QList<double> operands;
    QTransform ctm;
    QTransform tm;
    QList<QTransform> saved;
    const auto matrix = [&operands] {
        const auto o = operands.mid(operands.size() - 6);
        return QTransform(o[0], o[1], o[2], o[3], o[4], o[5]);
    };
    for (auto it = token.globalMatch(content); it.hasNext();) {
        const QString t = it.next().captured();
        bool isNumber = false;
        const double value = t.toDouble(&isNumber);
        if (isNumber) {
            operands << value;
            continue;
        }
        if (t == "q") {
            saved << ctm;
        } else if (t == "Q" && !saved.isEmpty()) {
            ctm = saved.takeLast();
        } else if (t == "cm" && operands.size() >= 6) {
            ctm = matrix() * ctm;
        } else if (t == "BT") {
            tm = QTransform();
        } else if (t == "Tm" && operands.size() >= 6) {
            tm = matrix();
        } else if (t == "Tf" && !operands.isEmpty()) {
            sizes << operands.last() * lengthScale(tm * ctm);
        }
        if (!t.startsWith('/') && !t.startsWith('[') && !t.startsWith('<') && !t.startsWith('('))
            operands.clear(); // an operator ends its operands
    }
    return sizes;
}

/// A <text> of one of our SVGs: its content, its size in pt, and where its origin lands, in user
/// units of 1/96 in (font-size and x, y under the transforms around it).
struct SvgText {
    QString text;
    double pointSize = 0;
    QPointF origin;
};

QList<SvgText> svgTexts(const QByteArray &svg) {
    static const QRegularExpression matrix(R"(^\s*matrix\(([^)]*)\)\s*$)");
    QList<SvgText> texts;
    QList<QTransform> transforms{QTransform()};
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        const auto type = xml.readNext();
        if (type == QXmlStreamReader::EndElement) {
            transforms.removeLast();
            continue;
        }
        if (type != QXmlStreamReader::StartElement)
            continue;
        QTransform t = transforms.last();
        const auto attributes = xml.attributes();
        const QString attr = attributes.value("transform").toString();
        if (!attr.isEmpty()) {
            const auto m = matrix.match(attr);
            const QStringList v =
                m.captured(1).split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts);
            if (!m.hasMatch() || v.size() != 6)
                return {SvgText{{}, std::nan(""), {}}}; // a transform we do not read: fail
            t = QTransform(v[0].toDouble(), v[1].toDouble(), v[2].toDouble(), v[3].toDouble(),
                           v[4].toDouble(), v[5].toDouble()) *
                t;
        }
        if (xml.name() != QLatin1String("text")) {
            transforms << t;
            continue;
        }
        const double size = attributes.value("font-size").toDouble() * lengthScale(t) * 72 / 96;
        const QPointF origin =
            t.map(QPointF(attributes.value("x").toDouble(), attributes.value("y").toDouble()));
        // Reads through the end tag, so nothing is pushed for it.
        texts << SvgText{xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed(),
                         size, origin};
    }
    return texts;
}

/// The size in pt every <text> of one of our SVGs is drawn at.
QList<double> svgFontSizes(const QByteArray &svg) {
    QList<double> sizes;
    for (const SvgText &text : svgTexts(svg))
        sizes << text.pointSize;
    return sizes;
}

} // namespace

class TestFigureExport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void validateRefusesEachBadField();
    void pdfHasExactPageAndEmbeddedFonts();
    void svgHasMillimetresViewBoxAndFontSize();
    void fontSizeReadBackIsExact_data();
    void fontSizeReadBackIsExact();
    void pngHasPixelsDpiAndText();
    void sidecarCarriesProvenanceAndFormat();
    void csvHasOneRowPerPointWithExactValues();
    void failedExportKeepsExistingFile();
    void unwritablePathIsReported();
    void onScreenPlotIsRestored();
    void slideExportWithDistinctStrokesLeavesTheScreenPens();
    void previewIsTheExportAtTheScreensDensity();
    void manyScatterPointsMergeIntoASmallFile();
    void tickLabelsAreTypeset();
    void anOutsideLegendWrapsToTheSvgsWidth();
    void aLegendFrameHoldsItsTextAtTheExactSize();
    void legendSamplesHaveRoomForTwoDashes();
    void reviewFigures();

private:
    QTemporaryDir m_dir;
};

/// The record a figure carries: the caller's provenance plus the export settings; the settings
/// are checked here and taken off, so the rest can be compared with what was given.
QJsonObject withoutExportSettings(QJsonObject record, const QString &type) {
    const QJsonObject settings = record.take(QStringLiteral("export")).toObject();
    if (settings.value(QStringLiteral("type")).toString() != type ||
        settings.value(QStringLiteral("width_mm")).toDouble() != 85 ||
        settings.value(QStringLiteral("font_pt")).toDouble() != 8)
        record.insert(QStringLiteral("bad export settings"), settings);
    return record;
}

void TestFigureExport::initTestCase() {
    QVERIFY(m_dir.isValid());
    testing::keepSettingsIn(m_dir, "test_figure_export");
}

void TestFigureExport::validateRefusesEachBadField() {
    QVERIFY(!validate(FigureFormat{}));
    QVERIFY(!validate(FigureFormat{10, 1000, 4, 2400}));
    FigureFormat f;
    f.widthMm = 9.9;
    QVERIFY(validate(f) && validate(f)->contains("Width"));
    f = {};
    f.heightMm = 1001;
    QVERIFY(validate(f) && validate(f)->contains("Height"));
    f = {};
    f.fontPt = std::nan("");
    QVERIFY(validate(f) && validate(f)->contains("Font"));
    f = {};
    f.dpi = 49;
    QVERIFY(validate(f) && validate(f)->contains("Resolution"));

    auto plot = makePlot();
    f = {};
    f.fontPt = 100;
    const QString path = m_dir.filePath("invalid.pdf");
    const auto error = exportFigure(plot.get(), path, f, provenance());
    QVERIFY(error && error->contains("invalid.pdf") && error->contains("Font size"));
    QVERIFY(!QFile::exists(path));
    QVERIFY(exportFigure(plot.get(), m_dir.filePath("figure.eps"), FigureFormat{}, provenance()));
}

void TestFigureExport::pdfHasExactPageAndEmbeddedFonts() {
    auto plot = makePlot();
    const QString path = m_dir.filePath("fig.pdf");
    const auto error = exportFigure(plot.get(), path, oneColumn(), provenance());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    const QByteArray pdf = readAll(path);
    QVERIFY(pdf.startsWith("%PDF-"));

    const auto box = QRegularExpression(R"(/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\])")
                         .match(QString::fromLatin1(pdf));
    QVERIFY(box.hasMatch());
    QVERIFY(std::abs(box.captured(1).toDouble() - 85 / 25.4 * 72) <= 0.5);
    QVERIFY(std::abs(box.captured(2).toDouble() - 60 / 25.4 * 72) <= 0.5);
    QVERIFY2(pdf.contains("/FontFile"), "fonts are not embedded");
    // The XMP packet is stored uncompressed, so the provenance is greppable in the PDF.
    QVERIFY(pdf.contains("dimscope 0.1.0"));
    QVERIFY(pdf.contains("&quot;seed&quot;:42") || pdf.contains("\"seed\":42"));
}

void TestFigureExport::svgHasMillimetresViewBoxAndFontSize() {
    auto plot = makePlot();
    const QString path = m_dir.filePath("fig.svg");
    const auto error = exportFigure(plot.get(), path, oneColumn(), provenance());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));

    QXmlStreamReader xml(readAll(path));
    QString title, desc;
    QList<double> fontSizes;
    bool sawRoot = false;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto attrs = xml.attributes();
        if (xml.name() == QLatin1String("svg")) {
            sawRoot = true;
            QCOMPARE(attrs.value("width").toString(), QString("85mm"));
            QCOMPARE(attrs.value("height").toString(), QString("60mm"));
            const QStringList box = attrs.value("viewBox").toString().split(' ');
            QCOMPARE(box.size(), 4);
            QCOMPARE(box[0].toDouble(), 0.0);
            QCOMPARE(box[1].toDouble(), 0.0);
            // 1 user unit = 1/96 in, so the viewBox is the size in inches × 96.
            QVERIFY(std::abs(box[2].toDouble() - 85 / 25.4 * 96) < 0.01);
            QVERIFY(std::abs(box[3].toDouble() - 60 / 25.4 * 96) < 0.01);
        } else if (xml.name() == QLatin1String("title")) {
            title = xml.readElementText();
        } else if (xml.name() == QLatin1String("desc")) {
            desc = xml.readElementText();
        }
        if (xml.name() == QLatin1String("text"))
            fontSizes << attrs.value("font-size").toDouble();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(sawRoot);
    QCOMPARE(title, QString("dimscope: angles"));
    QCOMPARE(withoutExportSettings(QJsonDocument::fromJson(desc.toUtf8()).object(), "svg"),
             provenance());
    // Every text (ticks, labels, legend, the bold 11 pt title, the item text) is 8 pt = 8·96/72
    // units.
    QVERIFY(fontSizes.size() >= 15);
    for (double size : fontSizes)
        QVERIFY2(std::abs(size - 8.0 * 96 / 72) < 0.01, qPrintable(QString::number(size)));
}

void TestFigureExport::fontSizeReadBackIsExact_data() {
    QTest::addColumn<double>("pt");
    QTest::addColumn<QString>("suffix");
    // Qt draws a point size at whole pixels of the device: at our 1/96 in unit only multiples of
    // 0.75 pt were exact, so 8 pt came out as 8.25 pt. 10.5 pt (14 units) always was exact.
    QList<double> sizes{8, 10.5};
    for (double pt = 6; pt <= 14; pt += 0.5) {
        if (!sizes.contains(pt))
            sizes << pt;
    }
    sizes << 18 << 7.3;
    for (double pt : sizes) {
        for (const char *suffix : {"pdf", "svg"})
            QTest::addRow("%s %g pt", suffix, pt) << pt << QString(suffix);
    }
}

void TestFigureExport::fontSizeReadBackIsExact() {
    QFETCH(double, pt);
    QFETCH(QString, suffix);
    auto plot = makePlot();
    FigureFormat format = oneColumn();
    format.fontPt = pt;
    const QString path = m_dir.filePath(QString("size_%1.%2").arg(pt).arg(suffix));
    const auto error = exportFigure(plot.get(), path, format, provenance());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    const QByteArray file = readAll(path);
    const QList<double> sizes = suffix == "pdf" ? pdfFontSizes(file) : svgFontSizes(file);
    // Ticks, axis labels, legend, title and the text item: at least 15 texts.
    QVERIFY2(sizes.size() >= 15, qPrintable(QString::number(sizes.size())));
    for (double size : sizes)
        QVERIFY2(std::abs(size - pt) < 0.005,
                 qPrintable(QString("%1 pt drawn as %2 pt").arg(pt).arg(size, 0, 'f', 4)));
}

void TestFigureExport::pngHasPixelsDpiAndText() {
    auto plot = makePlot();
    const QString path = m_dir.filePath("fig.png");
    const auto error = exportFigure(plot.get(), path, oneColumn(), provenance());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    QImageReader reader(path);
    const QImage image = reader.read();
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), qRound(85 / 25.4 * 300));      // 1004
    QCOMPARE(image.height(), qRound(60 / 25.4 * 300));     // 709
    QCOMPARE(image.dotsPerMeterX(), qRound(300 / 0.0254)); // 11811
    QCOMPARE(image.dotsPerMeterY(), qRound(300 / 0.0254));
    QCOMPARE(image.text("Software"), QString("dimscope 0.1.0"));
    QCOMPARE(withoutExportSettings(
                 QJsonDocument::fromJson(image.text("Description").toUtf8()).object(), "png"),
             provenance());
    // White paper at the corners: nothing drawn outside the figure's margins.
    QCOMPARE(image.pixelColor(0, 0), QColor(Qt::white));
    QCOMPARE(image.pixelColor(image.width() - 1, image.height() - 1), QColor(Qt::white));
}

void TestFigureExport::sidecarCarriesProvenanceAndFormat() {
    auto plot = makePlot();
    const QString path = m_dir.filePath("sidecar.png");
    QVERIFY(!exportFigure(plot.get(), path, oneColumn(), provenance()));
    const QJsonObject json = readJson(path + ".json");
    QCOMPARE(withoutExportSettings(json.value("provenance").toObject(), "png"), provenance());
    QCOMPARE(json.value("file").toString(), QString("sidecar.png"));
    const QJsonObject format = json.value("format").toObject();
    QCOMPARE(format.value("type").toString(), QString("png"));
    QCOMPARE(format.value("widthMm").toDouble(), 85.0);
    QCOMPARE(format.value("heightMm").toDouble(), 60.0);
    QCOMPARE(format.value("fontPt").toDouble(), 8.0);
    QCOMPARE(format.value("dpi").toDouble(), 300.0);
}

void TestFigureExport::csvHasOneRowPerPointWithExactValues() {
    auto first = makePlot();
    auto second = std::make_unique<QCustomPlot>();
    QCPCurve *curve = new QCPCurve(second->xAxis, second->yAxis);
    curve->addData(0, 0.1, 0.2);
    curve->addData(1, 1.0 / 3.0, -2e-300);
    curve->addData(2, std::nan(""), INFINITY);
    (new QCPGraph(second->xAxis, second->yAxis))->addData(5, 6); // unnamed → "series 2"
    const QString path = m_dir.filePath("data.csv");
    const auto error =
        exportCsv({{"main, left", first.get()}, {"phase", second.get()}}, path, provenance());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));

    const QString text = QString::fromUtf8(readAll(path));
    QVERIFY(text.endsWith("\r\n"));
    QStringList lines = text.split("\r\n");
    lines.removeLast();
    QCOMPARE(lines.first(), QString("plot,series,kind,x,y,y_low,y_high"));
    QCOMPARE(lines.size(), 1 + kLinePoints + kScatterPoints + kBars + 3 + 1);
    QCOMPARE(lines.filter(",line,").size(), kLinePoints + 1);
    QCOMPARE(lines.filter(",scatter,").size(), kScatterPoints);
    QCOMPARE(lines.filter(",bars,").size(), kBars);
    QCOMPARE(lines.filter(",curve,").size(), 3);

    // Quoting (RFC 4180) for a comma in the plot name and quotes in the series name.
    const QString firstScatter = lines.filter(",scatter,").first();
    QVERIFY(firstScatter.startsWith(R"("main, left","simulation ""n=100""",scatter,)"));
    const QStringList cells = firstScatter.split(',').mid(4);
    QCPGraph *scatter = first->graph(1);
    QCOMPARE(cells[0].toDouble(), scatter->data()->at(0)->key);
    QCOMPARE(cells[1].toDouble(), scatter->data()->at(0)->value);
    QCOMPARE(cells[2].toDouble(), scatter->data()->at(0)->value - 0.05);
    QCOMPARE(cells[3].toDouble(), scatter->data()->at(0)->value + 0.08);
    // Round-trip exact numbers; non-finite values spelled so R and pandas read them.
    QVERIFY(lines.contains("phase,series 1,curve,0.10000000000000001,0.20000000000000001,,"));
    QVERIFY(lines.contains("phase,series 1,curve,0.33333333333333331,-2.0000000000000001e-300,,"));
    QVERIFY(lines.contains("phase,series 1,curve,NaN,Inf,,"));
    QVERIFY(lines.contains("phase,series 2,line,5,6,,"));
    QVERIFY(lines.filter(",line,").first().startsWith("\"main, left\",\"theory, exact\",line,-1,"));

    const QJsonObject json = readJson(path + ".json");
    QCOMPARE(json.value("provenance").toObject(), provenance());
    QCOMPARE(json.value("rows").toInt(), lines.size() - 1);
}

void TestFigureExport::failedExportKeepsExistingFile() {
    auto plot = makePlot();
    const QString path = m_dir.filePath("precious.pdf");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("an earlier, good figure");
    }
    // A directory where the sidecar should go makes the export fail after rendering; the figure
    // must not have been replaced (works even as root, unlike a read-only folder).
    QVERIFY(QDir(m_dir.path()).mkdir("precious.pdf.json"));
    const auto error = exportFigure(plot.get(), path, oneColumn(), provenance());
    QVERIFY(error);
    QVERIFY2(error->contains("precious.pdf.json"), qPrintable(*error));
    QCOMPARE(readAll(path), QByteArray("an earlier, good figure"));

    FigureFormat bad = oneColumn();
    bad.widthMm = 0;
    QVERIFY(exportFigure(plot.get(), path, bad, provenance()));
    QCOMPARE(readAll(path), QByteArray("an earlier, good figure"));

    const QString csv = m_dir.filePath("precious.csv");
    QVERIFY(QDir(m_dir.path()).mkdir("precious.csv.json"));
    {
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("old data");
    }
    QVERIFY(exportCsv({{"p", plot.get()}}, csv, provenance()));
    QCOMPARE(readAll(csv), QByteArray("old data"));
}

void TestFigureExport::unwritablePathIsReported() {
    auto plot = makePlot();
    const QString path = m_dir.filePath("no/such/folder/fig.svg");
    const auto error = exportFigure(plot.get(), path, oneColumn(), provenance());
    QVERIFY(error);
    QVERIFY2(error->contains("fig.svg"), qPrintable(*error));
    const auto csvError =
        exportCsv({{"p", plot.get()}}, m_dir.filePath("no/such/data.csv"), provenance());
    QVERIFY(csvError && csvError->contains("data.csv"));
    QVERIFY(exportFigure(nullptr, m_dir.filePath("x.pdf"), oneColumn(), provenance()));
}

void TestFigureExport::onScreenPlotIsRestored() {
    auto plot = makePlot();
    const QFont tick = plot->xAxis->tickLabelFont();
    const QFont label = plot->yAxis->labelFont();
    const QFont legend = plot->legend->font();
    const QFont legendItem = plot->legend->item(1)->font();
    auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0));
    QVERIFY(title);
    const QFont titleFont = title->font();
    const QFont noteFont = qobject_cast<QCPItemText *>(plot->item(0))->font();
    plot->graph(1)->setAdaptiveSampling(true);
    const QRect axisRect = plot->axisRect()->outerRect();
    const QRect viewport = plot->viewport();

    for (const char *suffix : {"pdf", "svg", "png"})
        QVERIFY(!exportFigure(plot.get(), m_dir.filePath(QString("restore.") + suffix), oneColumn(),
                              provenance()));

    QCOMPARE(plot->xAxis->tickLabelFont(), tick);
    QCOMPARE(plot->yAxis->labelFont(), label);
    QCOMPARE(plot->legend->font(), legend);
    QCOMPARE(plot->legend->item(1)->font(), legendItem);
    QCOMPARE(title->font(), titleFont);
    QCOMPARE(qobject_cast<QCPItemText *>(plot->item(0))->font(), noteFont);
    QVERIFY(plot->graph(1)->adaptiveSampling());
    QCOMPARE(plot->viewport(), viewport);
    QCOMPARE(plot->axisRect()->outerRect(), axisRect);
}

void TestFigureExport::slideExportWithDistinctStrokesLeavesTheScreenPens() {
    // A slide's thicker lines (PaperLook's pen scale) and the strokes that tell confused series
    // apart both change pens during an export; neither may stay on screen, however often the
    // figure is exported.
    QCustomPlot plot;
    applyPlotStyle(&plot);
    const QColor colours[] = {QColor("#cc0000"), QColor("#008800"), QColor("#0070c0")};
    for (int i = 0; i < 3; ++i) {
        QCPGraph *graph = plot.addGraph();
        graph->setName(QStringLiteral("line %1").arg(i));
        graph->setPen(QPen(colours[i], 1.5));
        // Markers of their own already: the strokes that tell them apart must be dashes.
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        for (int x = 0; x < 60; ++x)
            graph->addData(x, x * (i + 1));
    }
    plot.rescaleAxes();
    plot.replot();
    FigureFormat slide{254, 143, 18, 150};
    slide.distinctStrokes = true;
    for (int round = 0; round < 2; ++round) {
        const QString path = m_dir.filePath(QStringLiteral("slide_%1.pdf").arg(round));
        QVERIFY(!exportFigure(&plot, path, slide, provenance()));
        plot.replot();
        for (int i = 0; i < 3; ++i)
            QCOMPARE(plot.graph(i)->pen(), QPen(colours[i], 1.5));
    }
}

void TestFigureExport::previewIsTheExportAtTheScreensDensity() {
    auto plot = makePlot();
    const FigureFormat format{85, 60, 8, 300, true};
    QImage preview;
    // 144 device pixels per inch at a device pixel ratio of 1.5: 85 mm is 481.9 device pixels,
    // shown as 321 logical ones.
    QVERIFY(!renderPreview(plot.get(), format, 144, 1.5, preview));
    QCOMPARE(preview.width(), qRound(85 / 25.4 * 144));
    QCOMPARE(preview.height(), qRound(60 / 25.4 * 144));
    QCOMPARE(preview.devicePixelRatio(), 1.5);
    // The same pixels as the PNG export at that density.
    std::vector<ExportFile> files;
    FigureFormat png = format;
    png.dpi = 144;
    QVERIFY(!prepareFigure(plot.get(), m_dir.filePath("same.png"), png, provenance(), files));
    QImage exported;
    QVERIFY(exported.loadFromData(files.front().bytes, "png"));
    exported.setDevicePixelRatio(1.5);
    QCOMPARE(preview.convertToFormat(QImage::Format_RGB32),
             exported.convertToFormat(QImage::Format_RGB32));
}

void TestFigureExport::tickLabelsAreTypeset() {
    // "−0.5" with a true minus and "10⁻⁶" in superscript, read from the file: QCustomPlot's own
    // labels were "-0.5" and a hyphen in its drawn powers.
    QCustomPlot plot;
    plot.resize(640, 420);
    applyPlotStyle(&plot);
    setLogAxis(&plot, false, true);
    QCPGraph *line = plot.addGraph();
    line->setName("line");
    line->addData(-1, 1e-6);
    line->addData(1, 1);
    plot.xAxis->setRange(-1, 1);
    plot.yAxis->setRange(1e-6, 1);
    const QString path = m_dir.filePath("ticks.svg");
    const auto error = exportFigure(&plot, path, oneColumn(), provenance());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    QStringList texts;
    for (const SvgText &text : svgTexts(readAll(path)))
        texts << text.text;
    QVERIFY2(texts.contains(QString::fromUtf8("−0.5")), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains(QString::fromUtf8("10⁻⁶")), qPrintable(texts.join(" | ")));
    for (const QString &text : texts)
        QVERIFY2(!text.contains(QLatin1Char('-')), qPrintable(text));
}

void TestFigureExport::anOutsideLegendWrapsToTheSvgsWidth() {
    // One row under a 900 px plot on screen; two columns at one column's 85 mm. The SVG once
    // kept the screen's row and ran past its right edge.
    QCustomPlot plot;
    plot.resize(900, 420);
    applyPlotStyle(&plot);
    const QStringList names{"series one, long", "series two, long", "series three, long"};
    for (const QString &name : names) {
        QCPGraph *graph = plot.addGraph();
        graph->setName(name);
        graph->addData(0, 0);
        graph->addData(1, 1);
    }
    moveLegendOutside(&plot, LegendPlace::Below);
    plot.replot();
    const QString path = m_dir.filePath("legend.svg");
    const auto error = exportFigure(&plot, path, oneColumn(), provenance());
    QVERIFY2(!error, qPrintable(error.value_or(QString())));
    QSet<int> rows;
    for (const SvgText &text : svgTexts(readAll(path)))
        if (names.contains(text.text))
            rows << qRound(text.origin.y());
    QCOMPARE(rows.size(), 2); // three entries in two columns
}

void TestFigureExport::aLegendFrameHoldsItsTextAtTheExactSize() {
    // 10 pt is 13.33 units of 1/96 in. Qt lays text out at 13 and the export draws it at 13.33,
    // 2.6 % wider: the frame of a slide's legend cut the last letter of its longest entry.
    QCustomPlot plot;
    plot.resize(640, 420);
    applyPlotStyle(&plot);
    QCPGraph *graph = plot.addGraph();
    graph->setName(QString::fromUtf8("exact ½ψ₁(n/2) rad², the longest entry of all"));
    graph->addData(0, 0);
    graph->addData(1, 1);
    plot.replot();
    const figure::ExportState state(&plot, 10);
    plot.setViewport(QRect(0, 0, 484, 302)); // 128 × 80 mm
    layOutNow(&plot);
    const QCPAbstractLegendItem *item = plot.legend->itemWithPlottable(graph);
    QVERIFY(item);
    QImage fine(1, 1, QImage::Format_RGB32); // text at 1200 dpi is at its exact size
    fine.setDotsPerMeterX(qRound(1200 / 0.0254));
    fine.setDotsPerMeterY(qRound(1200 / 0.0254));
    const double drawn =
        QFontMetricsF(QFont(item->font(), &fine)).horizontalAdvance(graph->name()) * 96 / 1200;
    const double start =
        item->rect().left() + plot.legend->iconSize().width() + plot.legend->iconTextPadding();
    const double frame = plot.legend->outerRect().right();
    QVERIFY2(start + drawn < frame,
             qPrintable(
                 QStringLiteral("text ends at %1, the frame at %2").arg(start + drawn).arg(frame)));
}

void TestFigureExport::legendSamplesHaveRoomForTwoDashes() {
    // Scaled from the screen's 16 px at 9.5 pt, an 8 pt sample was 13 units: one and a half
    // dashes of a dashed pen, hard to tell from a solid line.
    QCustomPlot plot;
    applyPlotStyle(&plot);
    const QSize screen = plot.legend->iconSize();
    {
        const figure::ExportState state(&plot, 8);
        QCOMPARE(plot.legend->iconSize().width(), qRound(1.5 * 8 * 96 / 72.0));
        QVERIFY(plot.legend->iconSize().height() < screen.height()); // rows stay tight
    }
    QCOMPARE(plot.legend->iconSize(), screen);
}

void TestFigureExport::manyScatterPointsMergeIntoASmallFile() {
    // 40 000 points of which many overlap at figure scale: the SVG keeps one per 0.1 mm cell,
    // the on-screen plot and the CSV keep all of them.
    QCustomPlot plot;
    plot.resize(500, 400);
    applyPlotStyle(&plot);
    QCPGraph *dots = addScatterGraph(&plot, QStringLiteral("points"));
    std::mt19937 random(3);
    std::normal_distribution<double> normal(0.0, 0.25); // a dense core, as embeddings have
    for (int i = 0; i < 40000; ++i)
        dots->addData(normal(random), normal(random));
    plot.xAxis->setRange(-4, 4);
    plot.yAxis->setRange(-4, 4);
    plot.replot();
    std::vector<ExportFile> files;
    const FigureFormat format{85, 60, 8, 300, true};
    QVERIFY(!prepareFigure(&plot, m_dir.filePath("many.svg"), format, provenance(), files));
    QCOMPARE(dots->dataCount(), 40000);
    const QByteArray svg = files.front().bytes;
    // Each drawn marker is one <path> or <circle>/<ellipse> element; far fewer than 40 000.
    const int drawn = int(svg.count("<ellipse") + svg.count("<circle") + svg.count("<path"));
    QVERIFY2(drawn > 1000 && drawn < 25000, qPrintable(QString::number(drawn)));
    QVERIFY2(svg.size() < 6 * 1024 * 1024, qPrintable(QString::number(svg.size())));
    std::vector<ExportFile> csv;
    QVERIFY(!prepareCsv({{QStringLiteral("many"), &plot}}, m_dir.filePath("many.csv"), provenance(),
                        csv));
    QVERIFY(csv.front().bytes.count("\n") >= 40000);
}

void TestFigureExport::reviewFigures() {
    const QString dir = qEnvironmentVariable("DIMSCOPE_EXPORT_REVIEW_DIR");
    if (dir.isEmpty())
        QSKIP("DIMSCOPE_EXPORT_REVIEW_DIR not set");
    QVERIFY(QDir().mkpath(dir));
    auto plot = makePlot();
    const struct {
        const char *name;
        FigureFormat format;
    } sizes[] = {{"one_column", {85, 60, 8, 300}},
                 {"two_columns", {175, 90, 9, 300}},
                 {"slide", {254, 143, 18, 150}},
                 {"tiny", {40, 30, 6, 300}}};
    for (const auto &size : sizes) {
        for (const char *suffix : {"pdf", "svg", "png"}) {
            const QString path = QDir(dir).filePath(QString(size.name) + "." + suffix);
            const auto error = exportFigure(plot.get(), path, size.format, provenance());
            QVERIFY2(!error, qPrintable(error.value_or(QString())));
        }
    }
    QVERIFY(plot->toPixmap(640, 420).save(QDir(dir).filePath("screen_after.png")));
    // Zoomed in, so lines and bars cross the axis rect: clipping must hold in every format.
    plot->xAxis->setRange(-0.5, 0.5);
    plot->yAxis->setRange(0.3, 1.0);
    for (const char *suffix : {"pdf", "svg", "png"})
        QVERIFY(!exportFigure(plot.get(), QDir(dir).filePath(QString("zoomed.") + suffix),
                              oneColumn(), provenance()));
}

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
