// SPDX-License-Identifier: MIT
#include "data_file_digest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace dimscope::views {

namespace {

/// {"name", "bytes", "sha256"}, or {"name", "error"} if the file cannot be read.
QJsonObject fileDigest(const QFileInfo &info) {
    QJsonObject o{{QStringLiteral("name"), info.fileName()}};
    QFile file(info.absoluteFilePath());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file)) {
        o.insert(QStringLiteral("error"), file.errorString());
        return o;
    }
    o.insert(QStringLiteral("bytes"), double(info.size()));
    o.insert(QStringLiteral("sha256"), QString::fromLatin1(hash.result().toHex()));
    return o;
}

} // namespace

QJsonObject dataFileDigests(const ParamSet &values) {
    QJsonObject out;
    for (const ParamSpec &spec : values.specs()) {
        if (!spec.isPath || values.text(spec.name).empty())
            continue;
        const QString path = QString::fromStdString(values.text(spec.name));
        const QFileInfo info(path);
        QJsonObject entry{{QStringLiteral("path"), info.absoluteFilePath()}};
        QJsonArray files;
        if (info.isDir()) {
            const QDir dir(path);
            for (const QFileInfo &f : dir.entryInfoList(QDir::Files, QDir::Name))
                files.append(fileDigest(f));
        } else if (info.isFile()) {
            files.append(fileDigest(info));
        }
        if (info.exists())
            entry.insert(QStringLiteral("files"), files);
        else
            entry.insert(QStringLiteral("error"), QStringLiteral("not found"));
        out.insert(QString::fromStdString(spec.name), entry);
    }
    return out;
}

} // namespace dimscope::views
