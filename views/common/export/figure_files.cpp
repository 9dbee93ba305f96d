// SPDX-License-Identifier: MIT
#include "common/export/figure_files.h"

#include <QDir>
#include <QSaveFile>

#include <memory>

namespace dimscope::views::figure {

QString fileError(const QString &path, const QString &problem) {
    return QStringLiteral("Cannot export “%1”: %2").arg(QDir::toNativeSeparators(path), problem);
}

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

} // namespace dimscope::views::figure
