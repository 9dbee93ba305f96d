// SPDX-License-Identifier: MIT
#pragma once
// Provenance in and next to exported files: the `<file>.json` sidecar and the title, creator and
// description each format stores in its own metadata.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace dimscope::views::figure {

/// The sidecar JSON: `extra` plus `file` (the file's name), `provenance` and `exportedAt` (UTC).
QByteArray sidecar(const QJsonObject &provenance, const QString &path, QJsonObject extra);

/// "dimscope: <explorer>", or "dimscope figure" without an explorer.
QString metadataTitle(const QJsonObject &provenance);

/// "dimscope <version>", or "dimscope" without a version.
QString metadataCreator(const QJsonObject &provenance);

/// The provenance as compact JSON, for description fields.
QString provenanceText(const QJsonObject &provenance);

/// A complete XMP packet with dc:title, dc:description, xmp:CreatorTool and pdf:Producer.
/// QPdfWriter has no Subject field in Qt 6.4; XMP's dc:description is what PDF readers show as
/// the subject, so we write the whole packet ourselves.
QByteArray xmpPacket(const QString &title, const QString &creator, const QString &description);

} // namespace dimscope::views::figure
