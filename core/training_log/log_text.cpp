// SPDX-License-Identifier: MIT
#include "training_log/log_text.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/npy.h" // DataFileError

namespace dimscope::training_log {

namespace {

constexpr std::size_t kExcerptBytes = 40;

/// Closes a descriptor on every way out.
struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0)
            ::close(fd);
    }
};

bool isSpace(char c, char sep) { return c == ' ' || (c == '\t' && sep != '\t') || c == '\r'; }

std::string_view trimmed(std::string_view s, char sep) {
    while (!s.empty() && isSpace(s.front(), sep))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back(), sep))
        s.remove_suffix(1);
    return s;
}

std::string sizeText(std::uint64_t bytes) {
    char buffer[32];
    if (bytes >= (std::uint64_t(1) << 30))
        std::snprintf(buffer, sizeof buffer, "%.1f GiB", double(bytes) / double(1 << 30));
    else if (bytes >= (1 << 20))
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", double(bytes) / double(1 << 20));
    else
        std::snprintf(buffer, sizeof buffer, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buffer;
}

} // namespace

std::string readLogText(const std::string &path, std::uint64_t maxBytes) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (file.fd < 0)
        throw DataFileError(path + ": cannot open the file: " + std::strerror(errno));
    struct stat info {};
    if (::fstat(file.fd, &info) != 0)
        throw DataFileError(path + ": cannot read the file: " + std::strerror(errno));
    if (S_ISDIR(info.st_mode))
        throw DataFileError(path + ": is a folder; expected a CSV file (a folder is read as the "
                                   "CSV files in it only when given as an entry of the log list)");
    if (!S_ISREG(info.st_mode))
        throw DataFileError(path + ": is not a regular file (a FIFO, socket or device); expected "
                                   "a CSV file");
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > maxBytes)
        throw DataFileError(path + ": holds " + sizeText(size) + "; training logs are read up to " +
                            sizeText(maxBytes));
    std::string text(static_cast<std::size_t>(size), '\0');
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t got = ::read(file.fd, text.data() + done, text.size() - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw DataFileError(path + ": cannot read the file: " + std::strerror(errno));
        if (got == 0)
            break; // the file shrank while it was read: keep what is there
        done += static_cast<std::size_t>(got);
    }
    text.resize(done);
    return text;
}

std::string excerpt(std::string_view text) {
    std::size_t cut = std::min(text.size(), kExcerptBytes);
    // Back off to the start of a UTF-8 character, never cutting one in two.
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    std::string out = "'";
    for (std::size_t i = 0; i < cut; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        out +=
            c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c); // keep messages one printable line
    }
    out += cut < text.size() ? "…' (" + sizeText(text.size()) + ")" : std::string("'");
    return out;
}

CellNumber parseNumber(std::string_view cell, double &value) {
    if (cell.empty())
        return CellNumber::Empty;
    // A leading '+' is a sign Python and C never print but people type; from_chars refuses it.
    if (cell.size() > 1 && cell[0] == '+' && ((cell[1] >= '0' && cell[1] <= '9') || cell[1] == '.'))
        cell.remove_prefix(1);
    const char *first = cell.data(), *last = cell.data() + cell.size();
    const auto [end, error] = std::from_chars(first, last, value, std::chars_format::general);
    if (end != last || error == std::errc::invalid_argument)
        return CellNumber::NotNumber; // "0x10" stops at the x, "1,5" at the comma
    if (error == std::errc::result_out_of_range) {
        // Beyond a double's range: an overflow is refused, an underflow is the nearest double.
        const std::string copy(cell);
        value = std::strtod(copy.c_str(), nullptr);
        return std::isfinite(value) ? CellNumber::Number : CellNumber::NotFinite;
    }
    return std::isfinite(value) ? CellNumber::Number : CellNumber::NotFinite;
}

CsvScanner::CsvScanner(std::string_view text, char separator) : m_text(text), m_sep(separator) {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") { // a UTF-8 byte-order mark, as Excel writes
        m_text.remove_prefix(3);
    }
}

bool CsvScanner::next(std::vector<std::string_view> &cells, const std::string &name) {
    while (m_pos < m_text.size()) {
        ++m_line;
        std::size_t end = m_text.find('\n', m_pos);
        if (end == std::string_view::npos)
            end = m_text.size();
        std::string_view line = m_text.substr(m_pos, end - m_pos);
        m_pos = end + 1 > m_text.size() ? m_text.size() : end + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (trimmed(line, m_sep).empty())
            continue;
        cells.clear();
        std::size_t i = 0;
        for (;;) {
            while (i < line.size() && isSpace(line[i], m_sep))
                ++i;
            std::string_view cell;
            if (i < line.size() && line[i] == '"') {
                std::size_t close = i + 1;
                for (;;) {
                    close = line.find('"', close);
                    if (close == std::string_view::npos)
                        throw DataFileError(name + ": line " + std::to_string(m_line) +
                                            ", column " + std::to_string(cells.size() + 1) +
                                            ": a quote opens a cell but the line ends before it "
                                            "closes; expected one row per line");
                    if (close + 1 < line.size() && line[close + 1] == '"') {
                        close += 2; // "" is a quote inside the cell
                        continue;
                    }
                    break;
                }
                cell = trimmed(line.substr(i + 1, close - i - 1), m_sep);
                i = close + 1;
                while (i < line.size() && isSpace(line[i], m_sep))
                    ++i;
                if (i < line.size() && line[i] != m_sep)
                    throw DataFileError(name + ": line " + std::to_string(m_line) + ", column " +
                                        std::to_string(cells.size() + 1) + ": " +
                                        excerpt(line.substr(i)) +
                                        " follows a closing quote; expected a separator");
            } else {
                std::size_t stop = line.find(m_sep, i);
                if (stop == std::string_view::npos)
                    stop = line.size();
                cell = trimmed(line.substr(i, stop - i), m_sep);
                i = stop;
            }
            cells.push_back(cell);
            if (i >= line.size())
                break;
            ++i; // the separator
            if (i == line.size()) {
                cells.emplace_back(); // a trailing separator ends with an empty cell
                break;
            }
        }
        return true;
    }
    return false;
}

std::string CsvScanner::unquoted(std::string_view cell) {
    std::string out;
    out.reserve(cell.size());
    for (std::size_t i = 0; i < cell.size(); ++i) {
        out += cell[i];
        if (cell[i] == '"' && i + 1 < cell.size() && cell[i + 1] == '"')
            ++i;
    }
    return out;
}

char separatorFor(const std::string &path, std::string_view text) {
    const auto dot = path.find_last_of('.');
    std::string ext = dot == std::string::npos ? "" : path.substr(dot);
    for (char &c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".tsv" || ext == ".tab")
        return '\t';
    const std::string_view first = text.substr(0, text.find('\n'));
    if (first.find('\t') != std::string_view::npos && first.find(',') == std::string_view::npos)
        return '\t';
    return ',';
}

} // namespace dimscope::training_log
