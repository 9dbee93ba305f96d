// SPDX-License-Identifier: MIT
#pragma once
// Writing the files of one export together, and the one wording every export error takes.

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace dimscope::views::figure {

/// "Cannot export “<path>”: <problem>".
QString fileError(const QString &path, const QString &problem);

/// A file's full content, written only once every file of an export has been prepared.
struct PendingFile {
    QString path;
    QByteArray bytes;
};

/// Writes every file through QSaveFile. All files are opened and written before any is
/// committed, so a directory in the way of the sidecar (say) is found before the figure replaces
/// the old one. Returns nullopt on success, else fileError() naming the file that failed.
std::optional<QString> writeAtomically(const std::vector<PendingFile> &files);

} // namespace dimscope::views::figure
