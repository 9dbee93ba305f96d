// SPDX-License-Identifier: MIT
#pragma once
// Reading a figure's record back from the figure itself: the provenance and export settings that
// exportFigure wrote into a PDF's XMP packet, an SVG's <metadata>, a PNG's text chunk, or a
// sidecar (or any file of parameters with an "explorer"). `dimscope inspect` prints it; with it a
// figure found alone, without its sidecar, still says how to make it again.

#include <optional>

#include <QJsonObject>
#include <QString>

namespace dimscope::views {

/// The record in the file at `path`: {"explorer", "version", "params", "export", "data_files"}
/// as far as the file holds them. The type is told by the suffix (.pdf, .svg, .png, else JSON).
/// Returns a message naming the file when it cannot be read or holds no dimscope record.
std::optional<QString> readFigureRecord(const QString &path, QJsonObject &record);

} // namespace dimscope::views
