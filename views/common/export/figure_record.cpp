// SPDX-License-Identifier: MIT
#include "common/export/figure_record.h"

#include <QBuffer>
#include <QByteArray>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonDocument>
#include <QXmlStreamReader>

#include "io/user_file.h"

namespace dimscope::views {

namespace {

/// Figures are read whole; a real one is far smaller (a 10⁶-point PDF is tens of MiB).
constexpr std::uint64_t kMaxFigureBytes = std::uint64_t(512) << 20;

/// The text of the first element named `name` (local name) within `xml`, or "".
QString firstElementText(const QByteArray &xml, const QString &name) {
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement && reader.name() == name)
            return reader.readElementText(QXmlStreamReader::IncludeChildElements);
    }
    return {};
}

/// The description JSON of a PDF: in its XMP packet (uncompressed, as PDF/A asks), dc:description.
QString pdfDescription(const QByteArray &bytes) {
    const qsizetype begin = bytes.indexOf("<x:xmpmeta");
    const qsizetype end = begin < 0 ? -1 : bytes.indexOf("</x:xmpmeta>", begin);
    if (end < 0)
        return {};
    return firstElementText(bytes.mid(begin, end - begin + 12), QStringLiteral("description"));
}

QString svgDescription(const QByteArray &bytes) {
    const QString metadata = firstElementText(bytes, QStringLiteral("metadata"));
    return metadata.isEmpty() ? firstElementText(bytes, QStringLiteral("desc")) : metadata;
}

QString pngDescription(const QByteArray &bytes) {
    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer, "png");
    return reader.text(QStringLiteral("Description"));
}

/// The record of a JSON document: a sidecar keeps it under "provenance"; `compute`'s output and
/// a parameter file have it at the top.
QJsonObject recordOf(const QJsonObject &doc) {
    if (doc.value(QStringLiteral("provenance")).isObject())
        return doc.value(QStringLiteral("provenance")).toObject();
    return doc;
}

} // namespace

std::optional<QString> readFigureRecord(const QString &path, QJsonObject &record) {
    QByteArray bytes;
    try {
        bytes = QByteArray::fromStdString(
            readUserFile(path.toStdString(), kMaxFigureBytes, "a figure or a sidecar", "figures"));
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    QString text;
    if (suffix == QLatin1String("pdf"))
        text = pdfDescription(bytes);
    else if (suffix == QLatin1String("svg"))
        text = svgDescription(bytes);
    else if (suffix == QLatin1String("png"))
        text = pngDescription(bytes);
    else
        text = QString::fromUtf8(bytes);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    const QJsonObject found = doc.isObject() ? recordOf(doc.object()) : QJsonObject();
    if (!found.value(QStringLiteral("explorer")).isString()) {
        const QString where = suffix == QLatin1String("pdf")   ? QStringLiteral("its XMP metadata")
                              : suffix == QLatin1String("svg") ? QStringLiteral("its <metadata>")
                              : suffix == QLatin1String("png") ? QStringLiteral("its text chunks")
                                                               : QStringLiteral("it");
        return QStringLiteral("'%1' holds no dimscope record in %2: it was not exported by "
                              "dimscope, or its metadata were removed")
            .arg(path, where);
    }
    record = QJsonObject();
    for (const char *key : {"explorer", "version", "params", "export", "data_files"})
        if (found.contains(QLatin1String(key)))
            record.insert(QLatin1String(key), found.value(QLatin1String(key)));
    return std::nullopt;
}

} // namespace dimscope::views
