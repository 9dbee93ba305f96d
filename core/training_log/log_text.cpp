// SPDX-License-Identifier: MIT
#include "training_log/log_text.h"

#include <algorithm>
#include <cctype>

#include "io/npy.h" // DataFileError

namespace dimscope::training_log {

namespace {

bool isSpace(char c, char sep) { return c == ' ' || (c == '\t' && sep != '\t') || c == '\r'; }

std::string_view trimmed(std::string_view s, char sep) {
    while (!s.empty() && isSpace(s.front(), sep))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back(), sep))
        s.remove_suffix(1);
    return s;
}

} // namespace

std::string readLogText(const std::string &path, std::uint64_t maxBytes, FileRead *read) {
    return readUserFile(path, maxBytes,
                        "a CSV file (a folder is read as the CSV files in it only when given as "
                        "an entry of the log list)",
                        "training logs", read);
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
