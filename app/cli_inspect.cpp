// SPDX-License-Identifier: MIT
// `dimscope inspect FILE`: what a figure says about itself, read from the file alone.
#include <iostream>

#include <QJsonDocument>

#include "cli.h"
#include "common/excerpt.h"
#include "common/export/figure_record.h"

namespace dimscope::cli {

int runInspect(const Args &args) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << usageText();
        return Success;
    }
    if (args.size() != 1) {
        std::cerr << "dimscope inspect: name one file (a .pdf, .svg or .png figure, or a sidecar)"
                  << (args.size() > 1 ? "; got " + excerpt(args[1]) + " too" : std::string())
                  << "\n";
        return UsageError;
    }
    QJsonObject record;
    if (const auto problem = views::readFigureRecord(QString::fromStdString(args[0]), record)) {
        std::cerr << "dimscope inspect: " << problem->toStdString() << "\n";
        return ComputationFailed;
    }
    std::cout << QJsonDocument(record).toJson(QJsonDocument::Indented).toStdString();
    return Success;
}

} // namespace dimscope::cli
