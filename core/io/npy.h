// SPDX-License-Identifier: MIT
#pragma once
// NumPy .npy files (format versions 1.0, 2.0, 3.0): a reader for 2-D arrays of float32, float64,
// int32 or int64 in C or Fortran order, and a writer (tests, exports). Files from users are
// untrusted: every malformed case throws DataFileError naming the file, the byte offset and what
// was expected.

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/run_control.h" // FileRead

namespace dimscope {

/// A user file could not be read. what() names the file, the place (byte offset or line/column)
/// and what was expected, in plain words.
class DataFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class NpyType { Float32, Float64, Int32, Int64 };

/// "float32", "float64", "int32", "int64".
const char *npyTypeName(NpyType type);

/// A 2-D array read from a .npy file, always stored row-major (row = point) here whatever the
/// file's order. Float files fill `real`; integer files fill `integer` (exact, no rounding).
struct NpyArray {
    NpyType type = NpyType::Float64;
    std::int64_t rows = 0, cols = 0;
    std::vector<double> real;          ///< rows·cols values, row-major, for float types
    std::vector<std::int64_t> integer; ///< rows·cols values, row-major, for integer types
    bool isInteger() const { return type == NpyType::Int32 || type == NpyType::Int64; }
};

/// Reads a 2-D .npy file. Float data must be finite (NaN/Inf are refused with their row and
/// column). Throws DataFileError on any problem. `maxBytes` caps the data size (0 = no cap).
/// allowVector: also accept a 1-D array of shape (n,), returned as n × 1 (a bias vector as
/// PyTorch's nn.Linear stores it); point files keep refusing it.
/// expected: what the caller wanted, for the message when the file has the wrong number of
/// dimensions (e.g. "the weight of layer 2 to be a 2-D array shaped (out, in)"); the message then
/// also gives the shape found. Empty: the points-file wording "a 2-D array (rows = points, columns
/// = coordinates)".
/// The file is opened as io/user_file.h says (a folder, FIFO or device is refused) and read front
/// to back; `read` receives the record of its bytes (path, size, SHA-256).
NpyArray readNpy(const std::string &path, std::uint64_t maxBytes = 0, bool allowVector = false,
                 const std::string &expected = {}, FileRead *read = nullptr);

/// Where the values of a 2-D .npy file lie and how they are stored: what readNpyHeader learns from
/// the preamble and header, for readers that stream the data instead of holding it
/// (hubness/neighbor_file.h).
struct NpyLayout {
    NpyType type = NpyType::Float64;
    bool swap = false;    ///< the file's byte order differs from the host's
    bool fortran = false; ///< columns first
    std::int64_t rows = 0, cols = 0;
    std::uint64_t dataOffset = 0; ///< byte where the values start
    std::uint64_t dataBytes = 0;  ///< rows · cols · item size; the file ends right after them
    std::uint64_t itemBytes() const {
        return (type == NpyType::Float32 || type == NpyType::Int32) ? 4 : 8;
    }
};

/// Reads and checks the preamble and header of a .npy file of `fileSize` bytes, taking its bytes
/// front to back through `next(buffer, count)` (which throws when the file ends first), and checks
/// the size of the data against the shape: what readNpy refuses before reading any value is
/// refused here with the same message. maxBytes, allowVector and expected as for readNpy.
NpyLayout readNpyHeader(const std::string &path, std::uint64_t fileSize,
                        const std::function<void(void *, std::size_t)> &next,
                        std::uint64_t maxBytes = 0, bool allowVector = false,
                        const std::string &expected = {});

/// Writes a 2-D .npy file (version 1.0, little endian) from row-major values: `real` for float
/// types, `integer` for integer types. fortranOrder stores columns first (for tests of the reader).
/// Atomic: writes a temporary file and renames it. Throws DataFileError on I/O failure.
void writeNpy(const std::string &path, const NpyArray &array, bool fortranOrder = false);

} // namespace dimscope
