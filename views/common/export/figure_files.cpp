// SPDX-License-Identifier: MIT
// Writing the files of an export: every figure, CSV and sidecar goes through the core's atomic
// writes (core/io/atomic_file.h), all files of one export together.
//
// Not QSaveFile: Qt 6.4's QSaveFile::commit() can report success on a full disk when the file is
// smaller than its buffer (the flush fails inside commit and the old file is replaced by an empty
// one, exit 0), and reports larger failures as "Unknown error" (issue 13, defect 3). The core's
// writer checks every write(2), fsync(2) and close(2) and reports errno's own words.
#include "common/export/figure_files.h"
#include "common/export/figure_export.h"

#include <QDir>

#include "io/atomic_file.h"

namespace dimscope::views {

namespace figure {

QString fileError(const QString &path, const QString &problem) {
    return QStringLiteral("Cannot export “%1”: %2").arg(QDir::toNativeSeparators(path), problem);
}

} // namespace figure

std::optional<QString> writeExport(const std::vector<ExportFile> &files) {
    std::vector<FileToWrite> writes;
    writes.reserve(files.size());
    for (const ExportFile &file : files)
        writes.push_back({file.path.toStdString(), file.bytes.toStdString()});
    if (const auto error = writeFilesAtomically(writes))
        return figure::fileError(QString::fromStdString(error->path),
                                 QString::fromStdString(error->reason) + QLatin1Char('.'));
    return std::nullopt;
}

} // namespace dimscope::views
