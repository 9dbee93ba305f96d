// SPDX-License-Identifier: MIT
#include "tasks/digits_data.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <system_error>

#include <zlib.h>

#include "io/user_file.h"

namespace dimscope::tasks {

namespace {

constexpr int kPixels = 64;
constexpr int kPixelMax = 16;
/// The file holds 1797 images of about 150 bytes; anything past this is not that file.
constexpr std::size_t kMaxBytes = std::size_t(64) << 20;

/// The whole file, inflated when it is gzip (it starts with 1f 8b), else as it is. Read through the
/// user-file reader (io/user_file.h): a FIFO is refused instead of blocking gzopen() for ever, a
/// folder or a device is refused by name, and the file is bounded before and after inflating.
std::optional<std::string> readAll(const std::string &path, std::string &text) {
    std::string raw;
    try {
        raw = readUserFile(path, kMaxBytes, "the digits as CSV, plain or gzip-compressed",
                           "digits files");
    } catch (const DataFileError &e) {
        return std::string(e.what());
    }
    if (raw.size() < 2 || static_cast<unsigned char>(raw[0]) != 0x1f ||
        static_cast<unsigned char>(raw[1]) != 0x8b) {
        text = std::move(raw);
        return std::nullopt;
    }
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) // 16: a gzip header, not zlib's
        return "cannot read the digits file '" + path + "': zlib could not start";
    stream.next_in = reinterpret_cast<Bytef *>(raw.data());
    stream.avail_in = static_cast<uInt>(raw.size());
    char buffer[1 << 16];
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END) {
            const std::string why = stream.msg ? stream.msg : "the data end early";
            inflateEnd(&stream);
            return "cannot read the digits file '" + path + "': " + why;
        }
        text.append(buffer, sizeof buffer - stream.avail_out);
        if (text.size() > kMaxBytes) {
            inflateEnd(&stream);
            return "the digits file '" + path + "' is larger than 64 MiB; expected 1797 lines";
        }
        if (status == Z_STREAM_END && stream.avail_in > 0) { // another gzip member, as gzip -c a b
            inflateReset(&stream);
            status = Z_OK;
        }
    }
    inflateEnd(&stream);
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
                return where(column) + excerpt(field) + " is not an integer in 0…" +
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
