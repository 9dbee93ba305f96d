// SPDX-License-Identifier: MIT
#include "curves/tidy_csv.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace dimscope::curves {

namespace {

std::string field(const std::string &value) {
    if (value.find_first_of("\",\r\n") == std::string::npos)
        return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string number(double v) {
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "Inf" : "-Inf";
    // printf's %.17g (as QString::number(v, 'g', 17) in the figure export), by to_chars: the
    // same text, several times faster on 10^6-row exports.
    char buffer[32];
    const auto [end, error] =
        std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 17);
    return error == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

/// The fields of one CSV line (quotes as RFC 4180; a line end inside quotes is not expected in
/// this format's output, whose names are single-line).
std::vector<std::string> fields(const std::string &line, std::size_t lineNo) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    if (quoted)
        throw std::invalid_argument("tidy CSV: line " + std::to_string(lineNo) +
                                    ": a quote is not closed");
    return out;
}

double parseNumber(const std::string &text, std::size_t lineNo) {
    if (text == "NaN")
        return std::nan("");
    if (text == "Inf")
        return HUGE_VAL;
    if (text == "-Inf")
        return -HUGE_VAL;
    // from_chars, not strtod: "0x10" is not a number here either.
    double v = 0;
    const char *last = text.data() + text.size();
    const auto [end, error] = std::from_chars(text.data(), last, v, std::chars_format::general);
    if (text.empty() || end != last || error != std::errc())
        throw std::invalid_argument("tidy CSV: line " + std::to_string(lineNo) + ": '" +
                                    text.substr(0, 40) + "' is not a number");
    return v;
}

} // namespace

std::vector<std::string> tidyColumns(const std::vector<TidySeries> &series) {
    std::vector<std::string> columns = {"plot", "series", "kind", "x", "y"};
    for (const TidySeries &s : series)
        if (!s.yLow.empty()) {
            columns.insert(columns.end(), {"y_low", "y_high"});
            break;
        }
    return columns;
}

std::string tidyCsv(const std::vector<TidySeries> &series) {
    const std::vector<std::string> columns = tidyColumns(series);
    const bool bands = columns.size() > 5;
    std::string text;
    for (std::size_t c = 0; c < columns.size(); ++c)
        text += (c ? "," : "") + columns[c];
    text += "\r\n";
    for (const TidySeries &s : series) {
        const std::size_t n = s.x.size();
        if (s.y.size() != n || (!s.yLow.empty() && (s.yLow.size() != n || s.yHigh.size() != n)))
            throw std::invalid_argument("tidy CSV: series '" + s.series +
                                        "' has arrays of different lengths");
        const std::string prefix =
            field(s.plot) + ',' + field(s.series) + ',' + field(s.kind) + ',';
        for (std::size_t i = 0; i < n; ++i) {
            text += prefix + number(s.x[i]) + ',' + number(s.y[i]);
            if (bands)
                text += s.yLow.empty() ? std::string(",,")
                                       : ',' + number(s.yLow[i]) + ',' + number(s.yHigh[i]);
            text += "\r\n";
        }
    }
    return text;
}

std::vector<TidySeries> parseTidyCsv(const std::string &text) {
    std::vector<TidySeries> out;
    std::size_t start = 0, lineNo = 0, columns = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const std::vector<std::string> f = fields(line, lineNo);
        if (lineNo == 1) {
            const bool plain = f == std::vector<std::string>{"plot", "series", "kind", "x", "y"};
            const bool banded = f == std::vector<std::string>{"plot", "series", "kind",  "x",
                                                              "y",    "y_low",  "y_high"};
            if (!plain && !banded)
                throw std::invalid_argument(
                    "tidy CSV: line 1: expected the header plot,series,kind,x,y[,y_low,y_high]");
            columns = f.size();
            continue;
        }
        if (f.size() != columns)
            throw std::invalid_argument("tidy CSV: line " + std::to_string(lineNo) + ": " +
                                        std::to_string(f.size()) + " fields; expected " +
                                        std::to_string(columns));
        if (out.empty() || out.back().plot != f[0] || out.back().series != f[1] ||
            out.back().kind != f[2])
            out.push_back({f[0], f[1], f[2], {}, {}, {}, {}});
        TidySeries &s = out.back();
        s.x.push_back(parseNumber(f[3], lineNo));
        s.y.push_back(parseNumber(f[4], lineNo));
        if (columns > 5 && !(f[5].empty() && f[6].empty())) {
            s.yLow.push_back(parseNumber(f[5], lineNo));
            s.yHigh.push_back(parseNumber(f[6], lineNo));
        }
    }
    return out;
}

} // namespace dimscope::curves
