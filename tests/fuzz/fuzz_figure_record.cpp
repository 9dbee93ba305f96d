// SPDX-License-Identifier: MIT
// The record `dimscope inspect` and File → Open read back from a figure: the XMP packet of a PDF,
// the <metadata> of an SVG, the text chunks of a PNG, or a sidecar's JSON. The input's first byte
// picks which of the four the rest is read as, so one corpus covers every kind.
#include <QJsonObject>
#include <QString>

#include "common/export/figure_record.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    using namespace dimscope;
    if (size == 0)
        return 0;
    static const char *const kinds[] = {"figure.pdf", "figure.svg", "figure.png", "figure.json"};
    const std::string path =
        fuzz::writeInput(kinds[data[0] % 4], fuzz::bytesOf(data + 1, size - 1));
    QJsonObject record;
    if (const auto problem = views::readFigureRecord(QString::fromStdString(path), record))
        if (std::size_t(problem->size()) > fuzz::kLongestMessage)
            std::abort();
    return 0;
}
