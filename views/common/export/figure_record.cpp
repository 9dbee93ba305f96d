// SPDX-License-Identifier: MIT
#include "common/export/figure_record.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

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

/// Why `bytes` cannot be a whole PNG, or nothing: the signature, then chunks whose declared lengths
/// fit in what is left. libpng allocates a chunk's declared length before it reads it, so a damaged
/// length field would otherwise cost gigabytes before the read fails.
std::optional<QString> pngStructureProblem(const QByteArray &bytes) {
    static const char signature[] = "\x89PNG\r\n\x1a\n";
    if (!bytes.startsWith(QByteArray::fromRawData(signature, 8)))
        return QStringLiteral("it is not a PNG file (its first bytes are not PNG's signature)");
    qsizetype at = 8;
    while (at < bytes.size()) {
        constexpr qsizetype kHeader = 8, kCrc = 4;
        if (bytes.size() - at < kHeader)
            return QStringLiteral("the file is cut short %1 bytes into a chunk header at byte %2")
                .arg(bytes.size() - at)
                .arg(at);
        const auto *header = reinterpret_cast<const unsigned char *>(bytes.constData() + at);
        const std::uint32_t length = std::uint32_t(header[0]) << 24 |
                                     std::uint32_t(header[1]) << 16 |
                                     std::uint32_t(header[2]) << 8 | std::uint32_t(header[3]);
        QByteArray type = bytes.mid(at + 4, 4);
        for (char &c : type) // a damaged type may hold any byte; the message shows letters only
            if (!std::isalpha(static_cast<unsigned char>(c)))
                c = '?';
        const qsizetype left = bytes.size() - at - kHeader - kCrc;
        if (qsizetype(length) > left)
            return QStringLiteral("its chunk '%1' at byte %2 claims %3 bytes, but only %4 follow: "
                                  "the file is damaged or cut short")
                .arg(QLatin1String(type))
                .arg(at)
                .arg(length)
                .arg(std::max<qsizetype>(left, 0));
        if (type == "IEND")
            return std::nullopt;
        at += kHeader + qsizetype(length) + kCrc;
    }
    return QStringLiteral("the file ends without PNG's closing chunk: it is cut short");
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
    else if (suffix == QLatin1String("png")) {
        if (const auto problem = pngStructureProblem(bytes))
            return QStringLiteral("'%1' holds no dimscope record: %2").arg(path, *problem);
        text = pngDescription(bytes);
    } else
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
