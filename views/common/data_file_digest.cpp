// SPDX-License-Identifier: MIT
#include "common/data_file_digest.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace dimscope::views {

namespace {

/// Hashing runs on the GUI thread at export time (~0.5 s for this much): a larger file gets its
/// size and modification time instead.
constexpr qint64 kMaxHashedBytes = qint64(256) << 20;

/// {"name", "bytes", "sha256"}; {"name", "bytes", "modified"} past kMaxHashedBytes; {"name",
/// "error"} if the file cannot be read.
QJsonObject fileDigest(const QFileInfo &info) {
    QJsonObject o{{QStringLiteral("name"), info.fileName()}};
    if (info.size() > kMaxHashedBytes) {
        o.insert(QStringLiteral("bytes"), double(info.size()));
        o.insert(QStringLiteral("modified"), info.lastModified().toUTC().toString(Qt::ISODate));
        return o;
    }
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
            // A model folder: its description and arrays, not whatever else sits beside them.
            const QStringList modelFiles{QStringLiteral("*.json"), QStringLiteral("*.npy")};
            for (const QFileInfo &f : dir.entryInfoList(modelFiles, QDir::Files, QDir::Name))
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
