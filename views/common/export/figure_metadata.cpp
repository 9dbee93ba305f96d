// SPDX-License-Identifier: MIT
#include "common/export/figure_metadata.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>

namespace dimscope::views::figure {

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
    return version.isEmpty() ? QStringLiteral("dimscope")
                             : QStringLiteral("dimscope %1").arg(version);
}

QString provenanceText(const QJsonObject &provenance) {
    return QString::fromUtf8(QJsonDocument(provenance).toJson(QJsonDocument::Compact));
}

QByteArray xmpPacket(const QString &title, const QString &creator, const QString &description) {
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    const QString xmp =
        QStringLiteral(
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

} // namespace dimscope::views::figure
