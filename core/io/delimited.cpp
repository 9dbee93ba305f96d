// SPDX-License-Identifier: MIT
#include "io/delimited.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "io/user_file.h"

namespace dimscope {

namespace {

std::string trimmed(const std::string &s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
        ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
        --e;
    std::string t = s.substr(b, e - b);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"')
        t = t.substr(1, t.size() - 2);
    return t;
}

std::vector<std::string> splitCells(const std::string &line, char sep) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = line.find(sep, start);
        cells.push_back(trimmed(line.substr(start, end == std::string::npos ? end : end - start)));
        if (end == std::string::npos)
            return cells;
        start = end + 1;
    }
}

enum class Cell { Number, NotNumber, NonFinite };

Cell parseCell(const std::string &cell, double &out) {
    if (cell.empty())
        return Cell::NotNumber;
    char *end = nullptr;
    errno = 0;
    out = std::strtod(cell.c_str(), &end);
    if (!end || *end != '\0')
        return Cell::NotNumber;
    if (!std::isfinite(out))
        return errno == ERANGE ? Cell::NonFinite : Cell::NonFinite;
    return Cell::Number;
}

bool isBlank(const std::string &line) {
    return line.find_first_not_of(" \t\r") == std::string::npos;
}

} // namespace

DelimitedTable parseDelimited(const std::string &text, const std::string &name, char sep) {
    DelimitedTable t;
    std::istringstream in(text);
    std::string line;
    std::int64_t lineNo = 0;
    bool first = true;
    const char *sepName = sep == '\t' ? "tab" : sep == ',' ? "comma" : "separator";
    while (std::getline(in, line)) {
        ++lineNo;
        if (lineNo == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0)
            line.erase(0, 3);
        if (isBlank(line))
            continue;
        const auto cells = splitCells(line, sep);
        if (first) {
            first = false;
            bool anyNumber = false;
            double v = 0;
            for (const auto &c : cells)
                anyNumber = anyNumber || parseCell(c, v) != Cell::NotNumber;
            if (!anyNumber) {
                t.header = cells;
                t.cols = static_cast<std::int64_t>(cells.size());
                continue;
            }
            t.cols = static_cast<std::int64_t>(cells.size());
        }
        if (static_cast<std::int64_t>(cells.size()) != t.cols)
            throw DataFileError(name + ": line " + std::to_string(lineNo) + ": " +
                                std::to_string(cells.size()) + " " + sepName +
                                "-separated cells; expected " + std::to_string(t.cols) +
                                " like the first line");
        for (std::size_t c = 0; c < cells.size(); ++c) {
            double v = 0;
            const Cell kind = parseCell(cells[c], v);
            const std::string where = name + ": line " + std::to_string(lineNo) + ", column " +
                                      std::to_string(c + 1) + ": ";
            if (kind == Cell::NotNumber)
                throw DataFileError(where +
                                    (cells[c].empty() ? std::string("an empty cell")
                                                      : "'" + cells[c] + "' is not a number") +
                                    "; expected a number");
            if (kind == Cell::NonFinite)
                throw DataFileError(where + "'" + cells[c] +
                                    "' is not finite; expected a finite number");
            t.values.push_back(v);
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
        const std::string firstLine = text.substr(0, text.find('\n'));
        if (firstLine.find('\t') != std::string::npos && firstLine.find(',') == std::string::npos)
            sep = '\t';
    }
    return parseDelimited(text, path, sep);
}

} // namespace dimscope
