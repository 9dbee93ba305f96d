// SPDX-License-Identifier: MIT
#pragma once
// The text layer of the training-log readers: a bounded read of a user's file, its lines and
// comma- or tab-separated cells (RFC 4180 quotes within a line), strict numbers, and short excerpts
// of bad input for messages. Files from users are untrusted: nothing here reads without a bound,
// blocks on a FIFO, or echoes more than a short excerpt.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/user_file.h"

namespace dimscope::training_log {

/// The largest log read: 1 GiB, about 2·10^7 rows of a five-column Lightning log. Parsing keeps
/// two numbers per row, so memory stays well below the file's size.
inline constexpr std::uint64_t kMaxLogBytes = std::uint64_t(1) << 30;

/// The whole file as bytes (io/user_file.h). Throws DataFileError (io/npy.h) naming the file when
/// it is missing, not a regular file (a folder, FIFO or device is refused before anything is read
/// from it), larger than maxBytes, or unreadable. `read` receives the record of the bytes read.
std::string readLogText(const std::string &path, std::uint64_t maxBytes = kMaxLogBytes,
                        FileRead *read = nullptr);

// Shared with every reader of user files (io/user_file.h): short excerpts of bad input and strict
// decimal numbers.
using dimscope::CellNumber;
using dimscope::excerpt;
using dimscope::parseNumber;

/// Splits the lines of a text into cells. Cells are trimmed of spaces; a cell in double quotes
/// loses them and "" inside becomes one quote. A quote that stays open to the end of its line is
/// an error: one row per line.
class CsvScanner {
public:
    CsvScanner(std::string_view text, char separator);

    /// The next line that is not blank: true and its cells, or false at the end. Throws
    /// DataFileError(name + ": line L, column C: …") for a quote left open.
    bool next(std::vector<std::string_view> &cells, const std::string &name);
    /// 1-based number of the line `next` returned last (blank lines are counted).
    std::int64_t line() const { return m_line; }
    /// Bytes consumed so far, for progress.
    std::size_t offset() const { return m_pos; }
    /// A cell with its quotes resolved ("" → "), for header names.
    static std::string unquoted(std::string_view cell);

private:
    std::string_view m_text;
    char m_sep;
    std::size_t m_pos = 0;
    std::int64_t m_line = 0;
};

/// ',' unless the file is .tsv/.tab, or its first line holds tabs but no comma: '\t'.
char separatorFor(const std::string &path, std::string_view text);

} // namespace dimscope::training_log
