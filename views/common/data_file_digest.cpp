// SPDX-License-Identifier: MIT
#include "common/data_file_digest.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSet>

namespace dimscope::views {

namespace {

/// How a file is named under its parameter's path: relative inside a folder, else its file name
/// when it is the parameter's file, else its whole path.
QString nameUnder(const QString &base, const QString &file) {
    const QString folder = base.endsWith(QLatin1Char('/')) ? base : base + QLatin1Char('/');
    if (file.startsWith(folder))
        return file.mid(folder.size());
    if (file == base)
        return QFileInfo(file).fileName();
    return file;
}

} // namespace

QJsonObject dataFileDigests(const ParamSet &values, const std::vector<FileRead> &filesRead) {
    QJsonObject out;
    for (const ParamSpec &spec : values.specs()) {
        if (!spec.isPath || values.text(spec.name).empty())
            continue;
        const QString base = QString::fromStdString(values.text(spec.name));
        QJsonObject entry{{QStringLiteral("path"), base}};
        QJsonArray files;
        QSet<QString> seen; // a bias file shared by two layers is listed once
        for (const FileRead &read : filesRead) {
            const QString path = QString::fromStdString(read.path);
            if (read.param != spec.name || seen.contains(path))
                continue;
            seen.insert(path);
            files.append(
                QJsonObject{{QStringLiteral("name"), nameUnder(base, path)},
                            {QStringLiteral("bytes"), double(read.bytes)},
                            {QStringLiteral("sha256"), QString::fromStdString(read.sha256)}});
        }
        if (files.isEmpty())
            entry.insert(QStringLiteral("error"), QStringLiteral("not read by the run shown"));
        else
            entry.insert(QStringLiteral("files"), files);
        out.insert(QString::fromStdString(spec.name), entry);
    }
    return out;
}

} // namespace dimscope::views
