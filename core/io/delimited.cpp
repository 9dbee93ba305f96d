// SPDX-License-Identifier: MIT
#include "io/delimited.h"

#include <cmath>

#include "io/user_file.h"

namespace dimscope {

namespace {

/// Spaces, tabs and a '\r' trimmed, then one pair of surrounding double quotes removed. A view
/// into the text: a 200 MB cell is never copied.
std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
        s = s.substr(1, s.size() - 2);
    return s;
}

void splitCells(std::string_view line, char sep, std::vector<std::string_view> &cells) {
    cells.clear();
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = line.find(sep, start);
        cells.push_back(
            trimmed(line.substr(start, end == std::string_view::npos ? end : end - start)));
        if (end == std::string_view::npos)
            return;
        start = end + 1;
    }
}

bool isBlank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

} // namespace

DelimitedTable parseDelimited(const std::string &text, const std::string &name, char sep) {
    DelimitedTable t;
    std::string_view rest(text);
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") // a UTF-8 byte-order mark, as Excel writes
        rest.remove_prefix(3);
    std::int64_t lineNo = 0;
    bool first = true;
    const char *sepName = sep == '\t' ? "tab" : sep == ',' ? "comma" : "separator";
    std::vector<std::string_view> cells;
    while (!rest.empty()) {
        ++lineNo;
        const std::size_t end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        if (isBlank(line))
            continue;
        splitCells(line, sep, cells);
        if (first) {
            first = false;
            bool anyNumber = false;
            double v = 0;
            for (const auto &c : cells) {
                const CellNumber kind = parseNumber(c, v);
                anyNumber =
                    anyNumber || kind == CellNumber::Number || kind == CellNumber::NotFinite;
            }
            t.cols = static_cast<std::int64_t>(cells.size());
            if (!anyNumber) {
                for (const auto &c : cells)
                    t.header.emplace_back(c.substr(0, 200)); // names, not data: kept short
                continue;
            }
        }
        if (static_cast<std::int64_t>(cells.size()) != t.cols)
            throw DataFileError(name + ": line " + std::to_string(lineNo) + ": " +
                                std::to_string(cells.size()) + " " + sepName +
                                "-separated cells; expected " + std::to_string(t.cols) +
                                " like the first line");
        for (std::size_t c = 0; c < cells.size(); ++c) {
            double v = 0;
            const CellNumber kind = parseNumber(cells[c], v);
            if (kind == CellNumber::Number) {
                t.values.push_back(v);
                continue;
            }
            const std::string where = name + ": line " + std::to_string(lineNo) + ", column " +
                                      std::to_string(c + 1) + ": ";
            if (kind == CellNumber::Empty)
                throw DataFileError(where + "an empty cell; expected a number");
            if (kind == CellNumber::NotFinite)
                throw DataFileError(where + excerpt(cells[c]) +
                                    " is not finite; expected a finite number");
            throw DataFileError(where + excerpt(cells[c]) +
                                " is not a number; expected a decimal number such as -1.5e-3");
        }
        ++t.rows;
    }
    if (t.rows == 0)
        throw DataFileError(name +
                            (lineNo == 0 || t.header.empty()
                                 ? std::string(": the file is empty; expected rows of numbers")
                                 : ": only a header line; expected rows of numbers after it"));
    return t;
}

DelimitedTable readDelimited(const std::string &path, std::uint64_t maxBytes, FileRead *read) {
    const std::string text =
        readUserFile(path, maxBytes, "a CSV or TSV file of numbers", "tables of points", read);
    const auto dot = path.find_last_of('.');
    const std::string ext = dot == std::string::npos ? "" : path.substr(dot);
    char sep = ',';
    if (ext == ".tsv" || ext == ".tab" || ext == ".TSV") {
        sep = '\t';
    } else {
        const std::string_view firstLine = std::string_view(text).substr(0, text.find('\n'));
        if (firstLine.find('\t') != std::string_view::npos &&
            firstLine.find(',') == std::string_view::npos)
            sep = '\t';
    }
    return parseDelimited(text, path, sep);
}

} // namespace dimscope
