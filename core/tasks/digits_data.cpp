// SPDX-License-Identifier: MIT
#include "tasks/digits_data.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <system_error>

#include <zlib.h>

namespace dimscope::tasks {

namespace {

constexpr int kPixels = 64;
constexpr int kPixelMax = 16;
/// The file holds 1797 images of about 150 bytes; anything past this is not that file.
constexpr std::size_t kMaxBytes = std::size_t(64) << 20;

/// The whole file, inflated when it is gzip (zlib's gzread reads plain files unchanged).
std::optional<std::string> readAll(const std::string &path, std::string &text) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file)
        return "cannot open the digits file '" + path + "'";
    char buffer[1 << 16];
    for (;;) {
        const int n = gzread(file, buffer, sizeof buffer);
        if (n < 0) {
            int code = 0;
            const std::string why = gzerror(file, &code);
            gzclose(file);
            return "cannot read the digits file '" + path + "': " + why;
        }
        if (n == 0)
            break;
        text.append(buffer, std::size_t(n));
        if (text.size() > kMaxBytes) {
            gzclose(file);
            return "the digits file '" + path + "' is larger than 64 MiB; expected 1797 lines";
        }
    }
    gzclose(file);
    return std::nullopt;
}

} // namespace

std::optional<std::string> loadDigits(const std::string &path, DigitsData &out) {
    std::string text;
    if (auto error = readAll(path, text))
        return error;
    std::vector<float> pixels;
    std::vector<int> labels;
    std::istringstream lines(text);
    std::string line;
    int lineNumber = 0;
    while (std::getline(lines, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.empty())
            continue;
        const auto where = [&](int column) {
            return "digits file '" + path + "', line " + std::to_string(lineNumber) + ", column " +
                   std::to_string(column) + ": ";
        };
        std::size_t pos = 0;
        for (int column = 1; column <= kPixels + 1; ++column) {
            const std::size_t end = line.find(',', pos);
            const std::string field =
                line.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
            char *stop = nullptr;
            const long value = std::strtol(field.c_str(), &stop, 10);
            const int max = column <= kPixels ? kPixelMax : 9;
            if (field.empty() || *stop != '\0' || value < 0 || value > max)
                return where(column) + "'" + field + "' is not an integer in 0…" +
                       std::to_string(max) + (column <= kPixels ? " (a pixel)" : " (the digit)");
            if (column <= kPixels)
                pixels.push_back(float(value) / kPixelMax);
            else
                labels.push_back(int(value));
            if (column <= kPixels && end == std::string::npos)
                return where(column + 1) + "the line ends after " + std::to_string(column) +
                       " fields; expected 65 (64 pixels and the digit)";
            if (column == kPixels + 1 && end != std::string::npos)
                return where(column + 1) + "more than 65 fields; expected 64 pixels and the digit";
            pos = end + 1;
        }
    }
    if (labels.empty())
        return "the digits file '" + path + "' holds no images";
    out.images =
        Eigen::Map<const Eigen::MatrixXf>(pixels.data(), kPixels, Eigen::Index(labels.size()));
    out.labels = std::move(labels);
    return std::nullopt;
}

std::vector<std::string> shippedDigitsPlaces() {
    namespace fs = std::filesystem;
    std::vector<std::string> places;
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error)
        places.push_back(
            (self.parent_path() / DIMSCOPE_DATA_FROM_BIN / "dimscope" / "data" / "digits.csv.gz")
                .lexically_normal()
                .string());
    places.push_back(std::string(DIMSCOPE_SOURCE_DATA_DIR) + "/digits.csv.gz");
    places.push_back(std::string(DIMSCOPE_INSTALLED_DATA_DIR) + "/digits.csv.gz");
    return places;
}

std::string shippedDigitsPath() {
    std::error_code error;
    for (const std::string &p : shippedDigitsPlaces())
        if (std::filesystem::is_regular_file(p, error))
            return p;
    return {};
}

} // namespace dimscope::tasks
