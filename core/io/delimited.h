// SPDX-License-Identifier: MIT
#pragma once
// Numeric CSV / TSV tables: rows are points, columns coordinates, an optional header line.
// Untrusted input: ragged rows, non-numeric cells (hexadecimal included) and NaN/Inf throw
// DataFileError naming the file, the line and the column, quoting at most a short excerpt.

#include <cstdint>
#include <string>
#include <vector>

#include "common/run_control.h" // FileRead
#include "io/npy.h"             // DataFileError

namespace dimscope {

struct DelimitedTable {
    std::int64_t rows = 0, cols = 0;
    std::vector<double> values;      ///< rows·cols, row-major
    std::vector<std::string> header; ///< column names when the first line is a header, else empty
};

/// Reads a numeric table. The separator is a tab for ".tsv"/".tab" files and a comma otherwise
/// (or a tab when the first line holds tabs but no comma). Blank lines are skipped, "\r\n" line
/// ends and a UTF-8 byte-order mark are accepted, cells may be wrapped in double quotes.
/// The first line is a header when none of its cells is a number. Numbers are decimal
/// (io/user_file.h's parseNumber). The file is read as io/user_file.h says: a folder, FIFO or
/// device is refused, and so is a file over `maxBytes`; `read` receives the record of its bytes.
/// Throws DataFileError.
DelimitedTable readDelimited(const std::string &path, std::uint64_t maxBytes,
                             FileRead *read = nullptr);

/// Same rules on text already in memory (`name` is used in messages).
DelimitedTable parseDelimited(const std::string &text, const std::string &name, char separator);

} // namespace dimscope
